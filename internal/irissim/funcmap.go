package irissim

import (
	"strconv"
	"time"
)

// sqlFunc says how an IRIS SQL function call is emitted for SQLite.
type sqlFunc struct {
	name   string // SQLite function name
	noArgs bool   // the call must have an empty argument list
	expr   string // replaces the whole call (LAST_IDENTITY)
	// keywordArg (1-based) is an argument IRIS writes as a bare keyword
	// (TO_VECTOR(x, DOUBLE), DATEADD(day, ...)); it is passed as a string.
	keywordArg int
}

// sqlFunctions are the IRIS functions the simulator implements. Anything else
// is SQLCODE -359, as IRIS answers for an unknown function.
var sqlFunctions = map[string]sqlFunc{
	// Aggregates.
	"COUNT":         {name: "count"},
	"ROW_NUMBER":    {name: "row_number"},
	"LAG":           {name: "lag"},
	"LEAD":          {name: "lead"},
	"NTILE":         {name: "ntile"},
	"FIRST_VALUE":   {name: "first_value"},
	"LAST_VALUE":    {name: "last_value"},
	"RANK":          {name: "rank"},
	"DENSE_RANK":    {name: "dense_rank"},
	"SUM":           {name: "sum"},
	"AVG":           {name: "avg"},
	"MIN":           {name: "min"},
	"MAX":           {name: "max"},
	"LIST":          {name: "iris_list"},          // RSQL_LIST: one argument, also with DISTINCT
	"XMLAGG":        {name: "iris_xmlagg"},        // RSQL_xmlagg
	"JSON_ARRAYAGG": {name: "iris_json_arrayagg"}, // RSQL_jsonarrayagg: a JSON array of the non-NULL values, also with DISTINCT
	"STDDEV":        {name: "iris_stddev_samp"},
	"STDDEV_SAMP":   {name: "iris_stddev_samp"},
	"STDDEV_POP":    {name: "iris_stddev_pop"},
	"VARIANCE":      {name: "iris_var_samp"},
	"VAR_SAMP":      {name: "iris_var_samp"},
	"VAR_POP":       {name: "iris_var_pop"},

	// Strings.
	"UPPER":            {name: "iris_upper"},
	"UCASE":            {name: "iris_upper"},
	"LOWER":            {name: "iris_lower"},
	"LCASE":            {name: "iris_lower"},
	"SUBSTRING":        {name: "substr"},
	"SUBSTR":           {name: "substr"},
	"CHAR_LENGTH":      {name: "length"},
	"CHARACTER_LENGTH": {name: "length"},
	"LENGTH":           {name: "iris_length"}, // ignores trailing blanks
	"TRIM":             {name: "trim"},
	"LTRIM":            {name: "ltrim"},
	"RTRIM":            {name: "rtrim"},
	"REPLACE":          {name: "replace"},
	"INSTR":            {name: "instr"},
	"CONCAT":           {name: "concat"},
	"LEFT":             {name: "iris_left"},
	"RIGHT":            {name: "iris_right"},
	"LPAD":             {name: "iris_lpad"},
	"RPAD":             {name: "iris_rpad"},
	"ASCII":            {name: "iris_ascii"}, // RSQL_ascii: NULL for an empty string
	"CHAR":             {name: "iris_char"},  // RSQL_char: NULL outside 0–65535
	"%SQLUPPER":        {name: "iris_sqlupper"},
	"$PIECE":           {name: "iris_piece"}, // RSQL_d_piece
	"REVERSE":          {name: "iris_reverse"},
	"REPEAT":           {name: "iris_repeat"},
	"REPLICATE":        {name: "iris_repeat"},    // REPEAT's T-SQL name
	"$TRANSLATE":       {name: "iris_translate"}, // RSQL_d_translate
	"$JUSTIFY":         {name: "iris_justify"},   // RSQL_d_justify

	// NULL handling.
	"COALESCE": {name: "coalesce"},
	"NULLIF":   {name: "nullif"},
	"IFNULL":   {name: "ifnull"},
	"NVL":      {name: "ifnull"},
	"ISNULL":   {name: "ifnull"},

	// Numbers. GREATEST/LEAST are SQLite's multi-argument scalar max/min.
	"ABS":      {name: "abs"},
	"ROUND":    {name: "iris_round"},
	"FLOOR":    {name: "floor"},
	"CEILING":  {name: "ceiling"},
	"TRUNCATE": {name: "iris_truncate"},
	"MOD":      {name: "iris_mod"},   // a zero divisor is -400 <DIVIDE>
	"POWER":    {name: "iris_power"}, // arguments out of the domain are -400
	"SQRT":     {name: "iris_sqrt"},
	"EXP":      {name: "exp"},
	"LOG":      {name: "iris_log"}, // IRIS LOG is the natural logarithm
	"LOG10":    {name: "iris_log10"},
	"SIGN":     {name: "sign"},
	"PI":       {name: "pi", noArgs: true},
	"SIN":      {name: "sin"},
	"COS":      {name: "cos"},
	"TAN":      {name: "tan"},
	"COT":      {name: "iris_cot"},
	"ASIN":     {name: "asin"},
	"ACOS":     {name: "acos"},
	"ATAN":     {name: "atan"},
	"DEGREES":  {name: "degrees"},
	"RADIANS":  {name: "radians"},
	"RAND":     {name: "iris_rand"},
	"GREATEST": {name: "max"},
	"LEAST":    {name: "min"},

	// Dates and times (local time, ODBC text).
	"GETDATE":  {name: "iris_now", noArgs: true},
	"NOW":      {name: "iris_now", noArgs: true},
	"CURDATE":  {name: "iris_curdate", noArgs: true},
	"CURTIME":  {name: "iris_curtime", noArgs: true},
	"DATEADD":  {name: "iris_dateadd", keywordArg: 1},
	"DATEDIFF": {name: "iris_datediff", keywordArg: 1},
	"DATEPART": {name: "iris_datepart", keywordArg: 1},

	// Identity and vectors.
	"LAST_IDENTITY":      {expr: "NULLIF(last_insert_rowid(), 0)", noArgs: true},
	"TO_VECTOR":          {name: "to_vector", keywordArg: 2},
	"VECTOR_COSINE":      {name: "vector_cosine"},
	"VECTOR_DOT_PRODUCT": {name: "vector_dot_product"},
}

// windowFunctions are the window functions the simulator runs (SQLite has the same
// semantics). IRIS documents window functions (ROW_NUMBER, RANK, LAG, LEAD, NTILE,
// FIRST_VALUE, …) in its SQL reference since 2021.1; the shared notes mark them "not
// established", so only this common set is accepted until a real IRIS confirms more.
var windowFunctions = map[string]bool{
	"ROW_NUMBER": true, "RANK": true, "DENSE_RANK": true, "LAG": true, "LEAD": true, "NTILE": true,
	"FIRST_VALUE": true, "LAST_VALUE": true, "COUNT": true, "SUM": true,
	"AVG": true, "MIN": true, "MAX": true,
}

// function rewrites name( args ) starting at toks[i].
func (r *rewriter) function(i int) (int, *sqlError) {
	t := r.toks[i]
	m := r.matchParen(i + 1)
	if m < 0 {
		return i, errSyntax("')' expected after arguments of " + t.text)
	}
	if r.toks[m+1].is("OVER") && !windowFunctions[t.up] {
		return i, errSyntax("Window functions (" + t.up + " ... OVER) are not supported")
	}
	// IRIS aggregates take no ORDER BY among their arguments (LIST, %DLIST, XMLAGG,
	// JSON_ARRAYAGG: none in their synopses; the %DLIST page:
	// "the values ... cannot be explicitly ordered"); SQLite would sort them.
	if r.depthZeroKeyword(i+2, m, "ORDER") >= 0 {
		return i, errSyntax("ORDER BY is not allowed in the arguments of " + t.up)
	}
	switch t.up {
	case "%EXACT", "%SQLSTRING":
		return r.exact(i, m)
	case "TRIM":
		if k := r.depthZeroKeyword(i+2, m, "FROM"); k >= 0 {
			return r.trimFrom(i, k, m)
		}
	case "JSON_ARRAY":
		return r.jsonArray(i, m)
	case "JSON_ARRAYAGG":
		if !r.castToString(i, m) {
			// The default return type, VARCHAR(8192): a longer array is cut (RSQL_jsonarrayagg,
			// Maximum JSON Array Size); inside CAST(… AS VARCHAR(n)) the cast's length rules.
			r.out.WriteString("substr(")
			next, err := r.plainCall(sqlFunctions[t.up], i, m)
			r.out.WriteString(", 1, " + strconv.Itoa(jsonArrayAggMaxLen) + ")")
			return next, err
		}
	case "TRUNCATE":
		// RSQL_truncate: "TRUNCATE can only be used as an ODBC scalar function
		// (with the curly brace syntax)".
		if i < 2 || !r.toks[i-1].is("FN") || !r.toks[i-2].op("{") {
			return i, errSyntax("TRUNCATE() must be written {fn TRUNCATE(x, n)}")
		}
	}
	f, ok := sqlFunctions[t.up]
	if !ok {
		return i, sqlErrorf(-359, "User defined SQL Function '%s.%s' does not exist", upperIdent(defaultSchema), t.up)
	}
	if f.keywordArg > 0 {
		return r.keywordCall(f, i, m)
	}
	if f.noArgs && m != i+2 {
		return i, errSyntax(t.up + "() takes no arguments")
	}
	if f.expr != "" {
		r.emit(f.expr)
		return m + 1, nil
	}
	return r.plainCall(f, i, m)
}

// castToString: the call at i (closing at m) is the whole operand of CAST(… AS
// VARCHAR(n)) or another string type.
func (r *rewriter) castToString(i, m int) bool {
	if i < 2 || !r.toks[i-1].op("(") || !r.toks[i-2].is("CAST") || !r.toks[m+1].is("AS") {
		return false
	}
	typ, _, err := parseType(r.toks, m+2)
	return err == nil && (typ.Kind == kString || typ.Kind == kLongChar)
}

// plainCall writes name(args) for the call at i whose ')' is at m.
func (r *rewriter) plainCall(f sqlFunc, i, m int) (int, *sqlError) {
	r.out.WriteString(f.name)
	r.emit("(")
	r.levels = append(r.levels, level{})
	if err := r.expr(i+2, m); err != nil {
		return i, err
	}
	r.levels = r.levels[:len(r.levels)-1]
	r.emit(")")
	return m + 1, nil
}

// jsonArray rewrites JSON_ARRAY(x, … [NULL ON NULL | ABSENT ON NULL]) (RSQL_jsonarray)
// as iris_json_array(x, …) or, for ABSENT ON NULL, iris_json_array_absent(x, …).
func (r *rewriter) jsonArray(i, m int) (int, *sqlError) {
	end, name := m, "iris_json_array"
	if m-3 > i+1 && r.toks[m-2].is("ON") && r.toks[m-1].is("NULL") {
		switch {
		case r.toks[m-3].is("NULL"):
		case r.toks[m-3].is("ABSENT"):
			name = "iris_json_array_absent"
		default:
			return i, errSyntax("NULL ON NULL or ABSENT ON NULL expected in JSON_ARRAY")
		}
		end = m - 3
	}
	if end == i+2 {
		return i, errSyntax("JSON_ARRAY() needs at least one value")
	}
	r.out.WriteString(name)
	r.emit("(")
	r.levels = append(r.levels, level{})
	if err := r.expr(i+2, end); err != nil {
		return i, err
	}
	r.levels = r.levels[:len(r.levels)-1]
	r.emit(")")
	return m + 1, nil
}

// exact rewrites %EXACT(x) to x with binary collation; "%EXACT(x) [NOT] LIKE p"
// becomes a case-sensitive LIKE, because SQLite's LIKE ignores collations.
func (r *rewriter) exact(i, m int) (int, *sqlError) {
	j := m + 1
	not := false
	if r.toks[j].is("NOT") && r.toks[j+1].is("LIKE") {
		not = true
		j++
	}
	if r.toks[j].is("LIKE") {
		pEnd := r.operandEnd(j+1, len(r.toks))
		if pEnd == j+1 {
			return i, errSyntax("Pattern expected after LIKE")
		}
		if not {
			r.emit("NOT")
		}
		r.emit("iris_like_exact(")
		if err := r.sub(i+2, m); err != nil {
			return i, err
		}
		r.emit(",")
		if err := r.sub(j+1, pEnd); err != nil {
			return i, err
		}
		next := pEnd
		if r.toks[pEnd].is("ESCAPE") {
			eEnd := r.operandEnd(pEnd+1, len(r.toks))
			r.emit(",")
			if err := r.sub(pEnd+1, eEnd); err != nil {
				return i, err
			}
			next = eEnd
		}
		r.emit(")")
		return next, nil
	}
	r.emit("(")
	if err := r.sub(i+2, m); err != nil {
		return i, err
	}
	r.emit("COLLATE BINARY )")
	return m + 1, nil
}

// sub rewrites a balanced sub-range in its own parenthesis level.
func (r *rewriter) sub(a, b int) *sqlError {
	r.levels = append(r.levels, level{})
	err := r.expr(a, b)
	r.levels = r.levels[:len(r.levels)-1]
	return err
}

// keywordCall emits a call whose f.keywordArg-th argument, when a bare
// identifier (DOUBLE, day), becomes a string literal.
func (r *rewriter) keywordCall(f sqlFunc, i, m int) (int, *sqlError) {
	r.out.WriteString(f.name)
	r.emit("(")
	for k, rg := range splitTopLevel(r.toks, i+2, m) {
		if k > 0 {
			r.emit(",")
		}
		if rg[0] == rg[1] {
			return i, errSyntax("Argument expected in " + r.toks[i].up)
		}
		if k+1 == f.keywordArg && rg[1] == rg[0]+1 && r.toks[rg[0]].kind == tkIdent {
			r.emit(quoteString(r.toks[rg[0]].up))
		} else if err := r.sub(rg[0], rg[1]); err != nil {
			return i, err
		}
	}
	r.emit(")")
	return m + 1, nil
}

// depthZeroKeyword finds keyword kw among toks[a:b] outside parentheses.
func (r *rewriter) depthZeroKeyword(a, b int, kw string) int {
	depth := 0
	for k := a; k < b; k++ {
		switch {
		case r.toks[k].op("("):
			depth++
		case r.toks[k].op(")"):
			depth--
		case depth == 0 && r.toks[k].is(kw):
			return k
		}
	}
	return -1
}

// trimFrom rewrites TRIM([LEADING|TRAILING|BOTH] [chars] FROM s).
func (r *rewriter) trimFrom(i, from, m int) (int, *sqlError) {
	a := i + 2
	fn := "trim"
	switch {
	case r.toks[a].is("LEADING"):
		fn, a = "ltrim", a+1
	case r.toks[a].is("TRAILING"):
		fn, a = "rtrim", a+1
	case r.toks[a].is("BOTH"):
		a++
	}
	if from+1 >= m {
		return i, errSyntax("String expected after FROM in TRIM")
	}
	r.out.WriteString(fn)
	r.emit("(")
	if err := r.sub(from+1, m); err != nil {
		return i, err
	}
	if a < from {
		r.emit(",")
		if err := r.sub(a, from); err != nil {
			return i, err
		}
	}
	r.emit(")")
	return m + 1, nil
}

// horolog renders $HOROLOG (local) or $ZTIMESTAMP (UTC, with milliseconds).
func horolog(utc bool) string {
	now := time.Now()
	if utc {
		now = now.UTC()
	}
	y, mo, d := now.Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	days := int(day.Sub(time.Date(1840, 12, 31, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	secs := now.Hour()*3600 + now.Minute()*60 + now.Second()
	s := strconv.Itoa(days) + "," + strconv.Itoa(secs)
	if utc {
		s += "." + strconv.Itoa(now.Nanosecond()/1e6 + 1000)[1:]
	}
	return s
}

// timezoneMinutes is $ZTIMEZONE: minutes west of Greenwich.
func timezoneMinutes() int {
	_, off := time.Now().Zone()
	return -off / 60
}
