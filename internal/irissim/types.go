package irissim

import (
	"math/big"
	"strconv"
	"strings"
)

// valueKind groups IRIS column types by how values are validated and sent.
type valueKind uint8

const (
	kString valueKind = iota + 1
	kInt
	kBit
	kNumeric
	kDouble
	kDate
	kTime
	kTimestamp
	kPosix
	kBinary
	kLongChar
	kLongBin
	kGUID
	kVector
)

// ODBC type codes reported in column metadata (iris-protocol.md §9).
const (
	odbcChar          = 1
	odbcNumeric       = 2
	odbcInteger       = 4
	odbcSmallInt      = 5
	odbcDouble        = 8
	odbcDate          = 9
	odbcTime          = 10
	odbcTimestamp     = 11
	odbcVarchar       = 12
	odbcLongVarchar   = -1
	odbcVarBinary     = -3
	odbcLongVarBinary = -4
	odbcBigInt        = -5
	odbcTinyInt       = -6
	odbcBit           = -7
	odbcGUID          = -11
	odbcPosixTime     = 1093
)

// irisType is a column type as IRIS DDL defines it.
type irisType struct {
	Name      string // canonical DDL name: VARCHAR, INTEGER, NUMERIC, ...
	Kind      valueKind
	ODBC      int
	MaxLen    int // strings and binaries: MAXLEN in characters / bytes
	Precision int
	Scale     int
	VecElem   string // VECTOR element type
	VecLen    int
	Min, Max  int64 // integer range
	// MinUnits, with HasMin, is a NUMERIC's MINVAL in units of its scale (0.01 for
	// NUMERIC(p,2)): what %Library.Numeric(MINVAL=…) declares.
	MinUnits int64 `json:",omitempty"`
	HasMin   bool  `json:",omitempty"`
	// FracDigits is the p of TIME(p) in a CAST: the fraction digits the value keeps.
	FracDigits int
}

const (
	longMaxLen       = 2147483647
	odbcVarcharMax   = 4096 // what xDBC reports for unbounded strings (ODBCVarcharMaxlen)
	defaultNumericP  = 15   // NUMERIC without (p,s): ±999999999999999, scale 0
	maxNumericDigits = 36
)

func intType(name string, odbc, prec int, lo, hi int64) irisType {
	return irisType{Name: name, Kind: kInt, ODBC: odbc, Precision: prec, Min: lo, Max: hi}
}

// typeByName maps every accepted DDL type name to its base type. Length and
// precision arguments are applied by parseType. BOOLEAN, TEXT-as-string,
// SERIAL-as-PG and other non-IRIS names are deliberately absent.
var typeByName = map[string]irisType{
	"VARCHAR":          {Name: "VARCHAR", Kind: kString, ODBC: odbcVarchar, MaxLen: 1},
	"CHAR":             {Name: "VARCHAR", Kind: kString, ODBC: odbcVarchar, MaxLen: 1},
	"CHARACTER":        {Name: "VARCHAR", Kind: kString, ODBC: odbcVarchar, MaxLen: 1},
	"NVARCHAR":         {Name: "VARCHAR", Kind: kString, ODBC: odbcVarchar, MaxLen: 1},
	"NCHAR":            {Name: "VARCHAR", Kind: kString, ODBC: odbcVarchar, MaxLen: 1},
	"VARBINARY":        {Name: "VARBINARY", Kind: kBinary, ODBC: odbcVarBinary, MaxLen: 1},
	"BINARY":           {Name: "VARBINARY", Kind: kBinary, ODBC: odbcVarBinary, MaxLen: 1},
	"INT":              intType("INTEGER", odbcInteger, 10, -2147483648, 2147483647),
	"INTEGER":          intType("INTEGER", odbcInteger, 10, -2147483648, 2147483647),
	"SMALLINT":         intType("SMALLINT", odbcSmallInt, 5, -32768, 32767),
	"TINYINT":          intType("TINYINT", odbcTinyInt, 3, -128, 127),
	"BIGINT":           intType("BIGINT", odbcBigInt, 19, -1<<63, 1<<63-1),
	"BIT":              {Name: "BIT", Kind: kBit, ODBC: odbcBit, Precision: 1},
	"NUMERIC":          {Name: "NUMERIC", Kind: kNumeric, ODBC: odbcNumeric, Precision: defaultNumericP},
	"DECIMAL":          {Name: "NUMERIC", Kind: kNumeric, ODBC: odbcNumeric, Precision: defaultNumericP},
	"DOUBLE":           {Name: "DOUBLE", Kind: kDouble, ODBC: odbcDouble, Precision: 15},
	"FLOAT":            {Name: "DOUBLE", Kind: kDouble, ODBC: odbcDouble, Precision: 15},
	"REAL":             {Name: "DOUBLE", Kind: kDouble, ODBC: odbcDouble, Precision: 15},
	"DATE":             {Name: "DATE", Kind: kDate, ODBC: odbcDate, Precision: 10},
	"TIME":             {Name: "TIME", Kind: kTime, ODBC: odbcTime, Precision: 8},
	"TIMESTAMP":        {Name: "TIMESTAMP", Kind: kTimestamp, ODBC: odbcTimestamp, Precision: 19},
	"DATETIME":         {Name: "TIMESTAMP", Kind: kTimestamp, ODBC: odbcTimestamp, Precision: 19},
	"POSIXTIME":        {Name: "POSIXTIME", Kind: kPosix, ODBC: odbcPosixTime, Precision: 26},
	"LONGVARCHAR":      {Name: "LONGVARCHAR", Kind: kLongChar, ODBC: odbcLongVarchar, MaxLen: longMaxLen, Precision: longMaxLen},
	"TEXT":             {Name: "LONGVARCHAR", Kind: kLongChar, ODBC: odbcLongVarchar, MaxLen: longMaxLen, Precision: longMaxLen},
	"CLOB":             {Name: "LONGVARCHAR", Kind: kLongChar, ODBC: odbcLongVarchar, MaxLen: longMaxLen, Precision: longMaxLen},
	"LONGVARBINARY":    {Name: "LONGVARBINARY", Kind: kLongBin, ODBC: odbcLongVarBinary, MaxLen: longMaxLen, Precision: longMaxLen},
	"BLOB":             {Name: "LONGVARBINARY", Kind: kLongBin, ODBC: odbcLongVarBinary, MaxLen: longMaxLen, Precision: longMaxLen},
	"IMAGE":            {Name: "LONGVARBINARY", Kind: kLongBin, ODBC: odbcLongVarBinary, MaxLen: longMaxLen, Precision: longMaxLen},
	"UNIQUEIDENTIFIER": {Name: "UNIQUEIDENTIFIER", Kind: kGUID, ODBC: odbcGUID, Precision: 36},
	"VECTOR":           {Name: "VECTOR", Kind: kVector, ODBC: odbcVarchar, VecElem: "DOUBLE"},
}

// parseType reads a DDL type starting at toks[i] and returns the index after it.
func parseType(toks []token, i int) (irisType, int, *sqlError) {
	t := toks[i]
	if t.kind != tkIdent {
		return irisType{}, i, errSyntax("Data type expected, found " + t.text)
	}
	name := t.up
	if name == "%NUMERIC" || name == "%LIBRARY" && toks[i+1].op(".") && toks[i+2].is("NUMERIC") {
		return parseNumericClass(toks, i)
	}
	if strings.HasPrefix(name, "%") {
		return parseIntClass(toks, i)
	}
	i++
	// Multi-word spellings.
	switch {
	case name == "DOUBLE" && toks[i].is("PRECISION"):
		i++
	case (name == "CHARACTER" || name == "CHAR") && toks[i].is("VARYING"):
		i++
	case name == "LONG" && (toks[i].is("VARCHAR") || toks[i].is("VARBINARY")):
		name = "LONG" + toks[i].up
		i++
	}
	base, ok := typeByName[name]
	if !ok {
		return irisType{}, i, errSyntax("Unknown data type " + t.text)
	}
	if !toks[i].op("(") {
		// Bare VECTOR is %Library.Vector(DATATYPE="DOUBLE") with no fixed length.
		return base, i, nil
	}
	args, next, err := typeArgs(toks, i)
	if err != nil {
		return irisType{}, i, err
	}
	i = next
	switch base.Kind {
	case kString, kBinary:
		if len(args) < 1 || len(args) > 2 {
			return irisType{}, i, errSyntax("Invalid length for " + name)
		}
		if args[0] == "MAX" {
			// VARCHAR(MAX) is a stream in IRIS.
			if base.Kind == kString {
				return typeByName["LONGVARCHAR"], i, nil
			}
			return typeByName["LONGVARBINARY"], i, nil
		}
		n, perr := strconv.Atoi(args[0])
		if perr != nil || n < 1 {
			return irisType{}, i, errSyntax("Invalid length for " + name)
		}
		base.MaxLen = n
	case kInt:
		if len(args) != 1 { // INT(n): n ignored
			return irisType{}, i, errSyntax("Invalid arguments for " + name)
		}
	case kNumeric:
		p, perr := strconv.Atoi(args[0])
		if perr != nil || p < 1 || p > maxNumericDigits || len(args) > 2 {
			return irisType{}, i, errSyntax("Invalid precision for " + name)
		}
		base.Precision, base.Scale = p, 0
		if len(args) == 2 {
			s, serr := strconv.Atoi(args[1])
			if serr != nil || s < 0 || s > p {
				return irisType{}, i, errSyntax("Invalid scale for " + name)
			}
			base.Scale = s
		}
	case kTime, kTimestamp, kPosix:
		p, perr := strconv.Atoi(args[0])
		if len(args) != 1 || perr != nil || p < 0 || p > 9 { // TIME(p): fractional precision
			return irisType{}, i, errSyntax("Invalid precision for " + name)
		}
		base.FracDigits = p
	case kVector:
		if len(args) != 2 {
			return irisType{}, i, errSyntax("VECTOR needs (type, length)")
		}
		elem := args[0]
		switch elem {
		case "DOUBLE", "DECIMAL", "FLOAT", "INT", "INTEGER":
		default:
			return irisType{}, i, errSyntax("Invalid VECTOR element type " + elem)
		}
		if elem == "INT" {
			elem = "INTEGER"
		}
		n, perr := strconv.Atoi(args[1])
		if perr != nil || n < 1 {
			return irisType{}, i, errSyntax("Invalid VECTOR length")
		}
		base.VecElem, base.VecLen = elem, n
	default:
		return irisType{}, i, errSyntax("Data type " + name + " takes no arguments")
	}
	return base, i, nil
}

// intClasses are the integer data type classes a column may name instead of a DDL type
// (RSQL_datatype: "%String(MAXLEN=30)"), by short name, with their DDL type.
var intClasses = map[string]string{"%INTEGER": "INTEGER", "%SMALLINT": "SMALLINT", "%BIGINT": "BIGINT", "%TINYINT": "TINYINT"}

// parseIntClass reads %Library.Integer or %Integer (and SmallInt, BigInt, TinyInt) with
// optional (MINVAL=n, MAXVAL=n): the values the field accepts, checked like the DDL
// type's range. Other data type classes are not simulated.
func parseIntClass(toks []token, i int) (irisType, int, *sqlError) {
	name := toks[i].up
	i++
	if name == "%LIBRARY" && toks[i].op(".") && toks[i+1].kind == tkIdent {
		name = "%" + toks[i+1].up
		i += 2
	}
	ddl, ok := intClasses[name]
	if !ok {
		return irisType{}, i, errSyntax("Data type class " + name + " is not supported by the simulator")
	}
	base := typeByName[ddl]
	if !toks[i].op("(") {
		return base, i, nil
	}
	i++
	for {
		param := toks[i].up
		if toks[i].kind != tkIdent || (param != "MINVAL" && param != "MAXVAL") || !toks[i+1].op("=") {
			return irisType{}, i, errSyntax("MINVAL=n or MAXVAL=n expected in " + name + "(…)")
		}
		i += 2
		sign := ""
		if toks[i].op("-") {
			sign = "-"
			i++
		}
		n, err := strconv.ParseInt(sign+toks[i].text, 10, 64)
		if toks[i].kind != tkNumber || err != nil {
			return irisType{}, i, errSyntax("Integer expected for " + param)
		}
		if param == "MINVAL" {
			base.Min = n
		} else {
			base.Max = n
		}
		i++
		if toks[i].op(")") {
			return base, i + 1, nil
		}
		if !toks[i].op(",") {
			return irisType{}, i, errSyntax("')' expected in data type")
		}
		i++
	}
}

// parseNumericClass reads %Library.Numeric(MAXVAL=m, MINVAL=n, SCALE=s), what IRIS's DDL
// type NUMERIC(p,s) stands for (RSQL_datatype): the precision is that of MAXVAL with s
// fraction digits; a MINVAL above -MAXVAL bounds the values the field accepts. Other
// parameters are not simulated.
func parseNumericClass(toks []token, i int) (irisType, int, *sqlError) {
	if toks[i].up == "%LIBRARY" {
		i += 2
	}
	i++
	if !toks[i].op("(") {
		return irisType{}, i, errSyntax("%Library.Numeric needs (MAXVAL=…, MINVAL=…, SCALE=…) in the simulator")
	}
	i++
	vals := map[string]string{}
	for {
		param := toks[i].up
		if toks[i].kind != tkIdent || (param != "MINVAL" && param != "MAXVAL" && param != "SCALE") || !toks[i+1].op("=") {
			return irisType{}, i, errSyntax("MINVAL, MAXVAL or SCALE expected in %Library.Numeric(…)")
		}
		i += 2
		sign := ""
		if toks[i].op("-") {
			sign = "-"
			i++
		}
		if toks[i].kind != tkNumber {
			return irisType{}, i, errSyntax("Number expected for " + param)
		}
		vals[param] = sign + toks[i].text
		i++
		if toks[i].op(")") {
			i++
			break
		}
		if !toks[i].op(",") {
			return irisType{}, i, errSyntax("')' expected in data type")
		}
		i++
	}
	scale, err := strconv.Atoi(vals["SCALE"])
	maxv, ok := new(big.Rat).SetString(vals["MAXVAL"])
	if err != nil || !ok || scale < 0 || scale > maxNumericDigits || maxv.Sign() <= 0 {
		return irisType{}, i, errSyntax("%Library.Numeric needs a positive MAXVAL and a SCALE")
	}
	t := typeByName["NUMERIC"]
	t.Scale = scale
	// The digits of MAXVAL's integer part, and the fraction's.
	t.Precision = scale
	if whole := new(big.Int).Quo(maxv.Num(), maxv.Denom()); whole.Sign() > 0 {
		t.Precision += len(whole.String())
	}
	if t.Precision > maxNumericDigits {
		return irisType{}, i, errSyntax("%Library.Numeric MAXVAL too large")
	}
	if m, ok := vals["MINVAL"]; ok {
		minv, ok := new(big.Rat).SetString(m)
		if !ok {
			return irisType{}, i, errSyntax("Number expected for MINVAL")
		}
		units := new(big.Rat).Mul(minv, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
		if !units.IsInt() || !units.Num().IsInt64() {
			return irisType{}, i, errSyntax("MINVAL has more fraction digits than SCALE")
		}
		if neg := new(big.Rat).Neg(maxv); minv.Cmp(neg) > 0 {
			t.MinUnits, t.HasMin = units.Num().Int64(), true
		}
	}
	return t, i, nil
}

// typeArgs reads "( a [, b] )" of identifiers or unsigned numbers.
func typeArgs(toks []token, i int) ([]string, int, *sqlError) {
	var args []string
	i++ // (
	for {
		t := toks[i]
		if t.kind != tkNumber && t.kind != tkIdent {
			return nil, i, errSyntax("Invalid data type argument " + t.text)
		}
		if t.kind == tkIdent {
			args = append(args, t.up)
		} else {
			args = append(args, t.text)
		}
		i++
		if toks[i].op(")") {
			return args, i + 1, nil
		}
		if !toks[i].op(",") {
			return nil, i, errSyntax("')' expected in data type")
		}
		i++
	}
}

// DDL renders the type as IRIS shows it (INFORMATION_SCHEMA, metadata).
func (t irisType) DDL() string {
	switch t.Kind {
	case kString, kBinary:
		return t.Name + "(" + strconv.Itoa(t.MaxLen) + ")"
	case kNumeric:
		return "NUMERIC(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
	case kVector:
		if t.VecLen == 0 {
			return "VECTOR(" + t.VecElem + ")"
		}
		return "VECTOR(" + t.VecElem + "," + strconv.Itoa(t.VecLen) + ")"
	}
	return t.Name
}

// physicalDecl is the SQLite column type. Names are chosen for SQLite's
// affinity rules and so that the driver never turns values into time.Time
// (it does so for the exact decltypes DATE/TIME/TIMESTAMP).
func (t irisType) physicalDecl() string {
	switch t.Kind {
	case kString:
		return "VARCHAR(" + strconv.Itoa(t.MaxLen) + ")"
	case kInt:
		return t.Name
	case kBit:
		return "BIT"
	case kNumeric:
		return "NUMERIC(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
	case kDouble:
		return "DOUBLE"
	case kDate:
		return "ODBCDATE"
	case kTime:
		return "ODBCTIME"
	case kTimestamp:
		return "ODBCTIMESTAMP"
	case kPosix:
		return "POSIXTIME"
	case kBinary:
		return "VARBINARY(" + strconv.Itoa(t.MaxLen) + ")"
	case kLongChar:
		return "LONGVARCHAR"
	case kLongBin:
		return "LONGVARBINARY"
	case kGUID:
		return "UNIQUEIDENTIFIER"
	case kVector:
		return "VECTORCHAR_" + t.VecElem + "(" + strconv.Itoa(t.VecLen) + ")"
	}
	return ""
}

// typeFromDecl recovers the IRIS type of a result column from SQLite's
// declared type (used for view columns and aliased table columns).
func typeFromDecl(decl string) (irisType, bool) {
	name, args, _ := strings.Cut(decl, "(")
	args = strings.TrimSuffix(args, ")")
	a, b, _ := strings.Cut(args, ",")
	n1, _ := strconv.Atoi(strings.TrimSpace(a))
	n2, _ := strconv.Atoi(strings.TrimSpace(b))
	switch name {
	case "VARCHAR":
		t := typeByName["VARCHAR"]
		t.MaxLen = n1
		return t, true
	case "VARBINARY":
		t := typeByName["VARBINARY"]
		t.MaxLen = n1
		return t, true
	case "NUMERIC":
		t := typeByName["NUMERIC"]
		t.Precision, t.Scale = n1, n2
		return t, true
	case "ODBCDATE":
		return typeByName["DATE"], true
	case "ODBCTIME":
		return typeByName["TIME"], true
	case "ODBCTIMESTAMP":
		return typeByName["TIMESTAMP"], true
	case "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BIT", "DOUBLE", "POSIXTIME",
		"LONGVARCHAR", "LONGVARBINARY", "UNIQUEIDENTIFIER":
		return typeByName[name], true
	}
	if elem, ok := strings.CutPrefix(name, "VECTORCHAR_"); ok {
		t := typeByName["VECTOR"]
		t.VecElem, t.VecLen = elem, n1
		return t, true
	}
	return irisType{}, false
}

// metaPrecision is the precision column of result metadata.
func (t irisType) metaPrecision() int {
	switch t.Kind {
	case kString, kBinary:
		return t.MaxLen
	case kVector:
		return odbcVarcharMax
	}
	return t.Precision
}

// dataTypeName is INFORMATION_SCHEMA.COLUMNS.DATA_TYPE (ODBC type name, lower case).
func (t irisType) dataTypeName() string {
	switch t.Kind {
	case kString:
		return "varchar"
	case kBinary:
		return "varbinary"
	case kLongChar:
		return "longvarchar"
	case kLongBin:
		return "longvarbinary"
	case kGUID:
		return "uniqueidentifier"
	case kPosix:
		return "posixtime"
	}
	return strings.ToLower(t.Name)
}

func (t irisType) isStringish() bool {
	return t.Kind == kString || t.Kind == kLongChar || t.Kind == kGUID || t.Kind == kVector
}
