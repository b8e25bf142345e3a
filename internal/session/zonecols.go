package session

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// zoneSnapshot is the catalog snapshot markCatalogTypes reads, taken before a query opens
// its result on the IRIS connection (reading the catalog then would disturb it): the one
// loaded since the namespace's last DDL, however old (no IRIS call), else a fresh one.
// nil when the catalog cannot be read.
func (s *Session) zoneSnapshot(ctx context.Context, planCols []translate.Column) *catalog.Snapshot {
	if !mayReadColumns(planCols) {
		return nil // SELECT 1, count(*): nothing to look up
	}
	if user, err := s.irisUser(); err == nil {
		if snap, ok := s.m.catalogCache().Current(user, s.cred.Namespace); ok {
			return snap
		}
	}
	if s.noZoneSnapshot {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		// Not allowed to read INFORMATION_SCHEMA, say: the columns stay timestamp, and
		// later queries do not pay for another attempt. A cancel is not such a failure.
		s.noZoneSnapshot = ctx.Err() == nil
		return nil
	}
	return snap
}

// markCatalogTypes describes result columns that are table columns with the type the
// catalog knows and IRIS does not report: timestamptz columns (IRIS keeps them as
// TIMESTAMP, their UTC time), char(n) columns (IRIS's CHAR is a VARCHAR), real columns
// (IRIS's REAL is a DOUBLE), json/jsonb columns and enum columns (VARCHARs), all known by
// pgwired's %DESCRIPTION markers (catalog.*Marker).
// Other expressions of such a column (ts + interval, c || 'x') keep IRIS's type, as
// they do in PostgreSQL for char(n) and, a known difference, not for timestamptz.
func markCatalogTypes(snap *catalog.Snapshot, cols []iris.Column, planCols []translate.Column, fields []pgproto3.FieldDescription) {
	if snap == nil {
		return
	}
	for i := range fields {
		switch fields[i].DataTypeOID {
		case oidTimestamp, oidVarchar, oidText, oidFloat8, oidTimestampArray, oidVarcharArray, oidFloat8Array:
		default:
			continue
		}
		var oid uint32
		var typmod int32
		if i < len(planCols) && planCols[i].Source != nil {
			// What the translator knows: the column itself, also under an alias, or
			// min/max/date_trunc of it.
			oid, _ = snapshotCatalog{snap: snap}.ColumnType(*planCols[i].Source)
			typmod = fields[i].TypeModifier
		} else if c := &cols[i]; c.Table != "" && c.Name != "" && !c.Expression {
			// SELECT *: what IRIS reports of the column.
			if _, tc := snap.SourceColumn(c.Schema, c.Table, c.Name); tc != nil {
				oid, typmod = tc.TypeOID, tc.Typmod
			}
		}
		switch {
		case fields[i].DataTypeOID == oidTimestamp && (oid == oidTimestamptz || oid == oidDate):
			// A date column reported as TIMESTAMP is date_trunc of it, which PostgreSQL
			// computes on the date as a timestamptz.
			fields[i].DataTypeOID, fields[i].DataTypeSize, fields[i].TypeModifier = oidTimestamptz, 8, -1
		case fields[i].DataTypeOID == oidVarchar && oid == oidBpchar:
			fields[i].DataTypeOID, fields[i].TypeModifier = oidBpchar, typmod
		case fields[i].DataTypeOID == oidFloat8 && oid == oidFloat4:
			fields[i].DataTypeOID, fields[i].DataTypeSize = oidFloat4, 4
		case fields[i].DataTypeOID == oidText && (oid == oidJSON || oid == oidJSONB):
			fields[i].DataTypeOID = oid
		case (fields[i].DataTypeOID == oidText || fields[i].DataTypeOID == oidVarchar) && snap.EnumByOID(oid) != nil:
			// An enum column (or min/max of one, written as a CASE over its labels).
			fields[i].DataTypeOID, fields[i].DataTypeSize, fields[i].TypeModifier = oid, 4, -1
		// array_agg of such a column (the element type follows; array.go)
		case fields[i].DataTypeOID == oidTimestampArray && oid == oidTimestamptz:
			fields[i].DataTypeOID = oidTimestamptzArray
		case fields[i].DataTypeOID == oidVarcharArray && oid == oidBpchar:
			fields[i].DataTypeOID = oidBpcharArray
		case fields[i].DataTypeOID == oidFloat8Array && oid == oidFloat4:
			fields[i].DataTypeOID = oidFloat4Array
		}
	}
}

// mayReadColumns: a result with these columns may show a table's column as it is (or
// through min/max/date_trunc); unknown columns (SELECT *) may.
func mayReadColumns(cols []translate.Column) bool {
	if cols == nil {
		return true
	}
	for _, c := range cols {
		if c.Source != nil {
			return true
		}
	}
	return false
}
