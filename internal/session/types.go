package session

import "github.com/pgwired/pgwired/internal/translate"

// PostgreSQL type OIDs pgwired reports. They are the fixed OIDs of PostgreSQL's built-in types,
// which every client library knows without asking the catalog.
const (
	oidBool      uint32 = 16
	oidBytea     uint32 = 17
	oidInt8      uint32 = 20
	oidInt2      uint32 = 21
	oidInt4      uint32 = 23
	oidText      uint32 = 25
	oidOID       uint32 = 26
	oidFloat4    uint32 = 700
	oidFloat8    uint32 = 701
	oidUnknown   uint32 = 705
	oidBpchar    uint32 = 1042
	oidVarchar   uint32 = 1043
	oidDate      uint32 = 1082
	oidTime      uint32 = 1083
	oidTimestamp uint32 = 1114
	// oidTimestamptz values are converted to UTC: IRIS timestamps carry no zone.
	oidTimestamptz uint32 = 1184
	// oidTimetz is current_time's type; IRIS's time of day is written as UTC (+00).
	oidTimetz   uint32 = 1266
	oidNumeric  uint32 = 1700
	oidUUID     uint32 = 2950
	oidInterval uint32 = 1186
	// json and jsonb columns are IRIS VARCHARs marked by pgwired (catalog.JSONMarker).
	oidJSON  uint32 = 114
	oidJSONB uint32 = 3802
	// oidFirstUser is where user objects' OIDs start: a result column of a type at or
	// above it is of one of pgwired's enum types (catalog.EnumType), sent as its label.
	oidFirstUser uint32 = 16384
)

// ODBC SQL type codes IRIS reports in column metadata (iris-protocol.md §9).
const (
	odbcBit            = -7
	odbcTinyInt        = -6
	odbcBigInt         = -5
	odbcLongVarBinary  = -4
	odbcVarBinary      = -3
	odbcBinary         = -2
	odbcLongVarChar    = -1
	odbcChar           = 1
	odbcNumeric        = 2
	odbcDecimal        = 3
	odbcInteger        = 4
	odbcSmallInt       = 5
	odbcFloat          = 6
	odbcReal           = 7
	odbcDouble         = 8
	odbcDate           = 9
	odbcTime           = 10
	odbcTimestamp      = 11
	odbcVarChar        = 12
	odbcTypeDate       = 91
	odbcTypeTime       = 92
	odbcTypeTimestamp  = 93
	odbcWChar          = -8
	odbcWVarChar       = -9
	odbcWLongVarChar   = -10
	odbcGUID           = -11
	odbcRowID          = -12
	odbcDateHorolog    = 1091
	odbcTimeHorolog    = 1092
	odbcTimestampPosix = 1093
)

// pgType is how one IRIS column is presented to PostgreSQL clients.
type pgType struct {
	OID    uint32
	Size   int16 // pg_type.typlen: fixed width, or -1 for variable
	Typmod int32 // -1 when the type has no modifier
}

// maxVarcharTypmod bounds the declared length pgwired passes on: IRIS reports huge or
// meaningless precisions for some expressions, and PostgreSQL's own limit is 10485760.
const maxVarcharTypmod = 10485760

// The IRIS type the translator gives a numeric column declared without precision.
const (
	bareNumericPrecision = 36
	bareNumericScale     = 17
)

// pgTypeForODBC maps an IRIS column (ODBC type, precision, scale) to a PostgreSQL type.
// The table is iris-protocol.md §9; anything unknown (VECTOR, user types) becomes text.
func pgTypeForODBC(odbc, precision, scale int) pgType {
	switch odbc {
	case odbcBit:
		return pgType{oidBool, 1, -1}
	case odbcTinyInt, odbcSmallInt:
		return pgType{oidInt2, 2, -1}
	case odbcInteger:
		return pgType{oidInt4, 4, -1}
	case odbcBigInt:
		return pgType{oidInt8, 8, -1}
	case odbcNumeric, odbcDecimal:
		tm := int32(-1)
		// NUMERIC(36,17) is what the translator makes of a bare PostgreSQL numeric
		// (IRIS's bare NUMERIC has scale 0): report it without a typmod, as PostgreSQL does.
		if precision == bareNumericPrecision && scale == bareNumericScale {
			return pgType{oidNumeric, -1, -1}
		}
		if precision > 0 && precision <= 1000 && scale >= 0 && scale <= precision {
			tm = int32(precision<<16|scale) + 4
		}
		return pgType{oidNumeric, -1, tm}
	case odbcFloat, odbcDouble:
		return pgType{oidFloat8, 8, -1}
	case odbcReal:
		return pgType{oidFloat4, 4, -1}
	case odbcChar:
		return pgType{oidBpchar, -1, varcharTypmod(precision)}
	case odbcVarChar, odbcWChar, odbcWVarChar:
		if precision >= translate.LongStringLen {
			return pgType{oidText, -1, -1} // as the catalog reads it back
		}
		return pgType{oidVarchar, -1, varcharTypmod(precision)}
	case odbcLongVarChar, odbcWLongVarChar:
		return pgType{oidText, -1, -1}
	case odbcBinary, odbcVarBinary, odbcLongVarBinary:
		return pgType{oidBytea, -1, -1}
	case odbcDate, odbcTypeDate, odbcDateHorolog:
		return pgType{oidDate, 4, -1}
	case odbcTime, odbcTypeTime, odbcTimeHorolog:
		return pgType{oidTime, 8, -1}
	case odbcTimestamp, odbcTypeTimestamp, odbcTimestampPosix:
		return pgType{oidTimestamp, 8, -1}
	case odbcGUID:
		return pgType{oidUUID, 16, -1}
	case odbcRowID:
		return pgType{oidInt8, 8, -1}
	default:
		return pgType{oidText, -1, -1}
	}
}

func varcharTypmod(precision int) int32 {
	if precision <= 0 || precision > maxVarcharTypmod {
		return -1
	}
	return int32(precision) + 4
}

// typeSize returns pg_type.typlen for a PostgreSQL OID that a client declared.
func typeSize(oid uint32) int16 {
	switch oid {
	case oidBool:
		return 1
	case oidInt2:
		return 2
	case oidInt4, oidFloat4, oidDate, oidOID:
		return 4
	case oidInt8, oidFloat8, oidTime, oidTimestamp, oidTimestamptz:
		return 8
	case oidTimetz:
		return 12
	case oidUUID:
		return 16
	}
	return -1
}

// aggregateType applies PostgreSQL's result type of sum, avg, min and max to the type IRIS
// reports for the call (the argument's, or IRIS's own choice).
func aggregateType(rule translate.ArgType, t pgType) pgType {
	switch rule {
	case translate.ArgSum:
		switch t.OID {
		case oidInt2, oidInt4:
			return pgType{oidInt8, 8, -1}
		case oidInt8:
			return pgType{oidNumeric, -1, -1}
		}
	case translate.ArgAvg:
		switch t.OID {
		case oidInt2, oidInt4, oidInt8:
			return pgType{oidNumeric, -1, -1}
		case oidFloat4:
			return pgType{oidFloat8, 8, -1}
		}
	case translate.ArgMinMax:
		if t.OID == oidVarchar {
			return pgType{oidText, -1, -1}
		}
	}
	return t
}
