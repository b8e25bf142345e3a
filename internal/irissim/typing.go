package irissim

import (
	"context"
	"strconv"
	"strings"
)

// selectItem is what the select list says about one result column.
type selectItem struct {
	typ       *irisType // nil: unknown
	name      string    // the alias or the column name; "" for an unnamed expression
	column    *column   // the stored column a plain column reference names, if found
	named     bool      // has an alias or is a plain column reference
	aggregate bool
	rowID     bool // a bare %ID: IRIS names it ID
}

// selectItems describes the top-level select items, so that PP (no rows yet)
// and DQ describe expressions alike. The result is nil when the list cannot
// be aligned with the result columns (a '*').
func selectItems(toks []token, tables []*table) []selectItem {
	start := -1
	depth := 0
	for i, t := range toks {
		switch {
		case t.op("("):
			depth++
		case t.op(")"):
			depth--
		case depth == 0 && t.is("SELECT"):
			start = i + 1
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return nil
	}
	if toks[start].is("DISTINCT") || toks[start].is("ALL") {
		start++
	}
	if toks[start].is("TOP") {
		start++
		if toks[start].op("(") {
			start += 3
		} else {
			start++
		}
	}
	end := start
	depth = 0
	for ; toks[end].kind != tkEOF; end++ {
		t := toks[end]
		if t.op("(") {
			depth++
		} else if t.op(")") {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 && (t.is("FROM") || t.is("UNION") || t.is("ORDER") || t.is("EXCEPT") ||
			t.is("INTERSECT") || t.is("LIMIT") || t.is("WHERE") || t.is("GROUP") || t.is("HAVING")) {
			break
		}
	}
	ranges := splitTopLevel(toks, start, end)
	out := make([]selectItem, len(ranges))
	for k, rg := range ranges {
		item := toks[rg[0]:rg[1]]
		for _, t := range item {
			if t.op("*") && len(item) <= 3 {
				return nil
			}
		}
		bare := stripAlias(item)
		out[k].named = len(bare) < len(item) || isNameChain(bare)
		switch {
		case len(bare) < len(item):
			out[k].name = identName(item[len(item)-1])
		case isNameChain(bare):
			out[k].name = identName(bare[len(bare)-1])
		}
		out[k].rowID = len(bare) == len(item) && bare[len(bare)-1].is("%ID")
		if len(bare) > 1 && bare[1].op("(") {
			switch bare[0].up {
			case "COUNT", "SUM", "AVG", "MIN", "MAX", "LIST", "XMLAGG", "JSON_ARRAYAGG", "STDDEV", "STDDEV_SAMP", "STDDEV_POP",
				"VARIANCE", "VAR_SAMP", "VAR_POP":
				out[k].aggregate = true
			}
		}
		if typ, ok := exprType(bare); ok {
			out[k].typ = &typ
		} else if typ, ok := aggregateType(bare, tables); ok {
			out[k].typ = &typ
		} else if typ, ok := unionType(bare, tables); ok {
			out[k].typ = &typ
		} else if typ, ok := scalarSubqueryType(bare, tables); ok {
			out[k].typ = &typ
		} else if typ, ok := arithmeticType(bare, tables); ok {
			out[k].typ = &typ
		} else if c := derivedColumn(tables, bare); c != nil {
			out[k].typ = &c.Type
		} else if isNameChain(bare) {
			out[k].column = storedColumn(tables, bare)
		}
	}
	return out
}

func isNameChain(item []token) bool {
	if len(item) == 0 || len(item)%2 == 0 {
		return false
	}
	for k, t := range item {
		if k%2 == 0 && !t.isName() || k%2 == 1 && !t.op(".") {
			return false
		}
	}
	return true
}

func stripAlias(item []token) []token {
	n := len(item)
	if n >= 3 && item[n-2].is("AS") {
		return item[:n-2]
	}
	if n >= 2 && item[n-1].isName() && !sqlKeywords[item[n-1].up] && !item[n-2].op(".") {
		return item[:n-1]
	}
	return item
}

func varcharType(n int) irisType {
	t := typeByName["VARCHAR"]
	t.MaxLen = n
	return t
}

// exprType infers the type of a select-list expression from its shape.
func exprType(item []token) (irisType, bool) {
	if len(item) == 0 {
		return irisType{}, false
	}
	// A concatenation is VARCHAR, unless it is inside a CAST that is the whole item.
	wholeCast := len(item) > 3 && item[0].is("CAST") && item[1].op("(") && matchingParen(item, 1) == len(item)-1
	for _, t := range item {
		if t.op("||") && !wholeCast {
			return varcharType(odbcVarcharMax), true
		}
	}
	first := item[0]
	if len(item) == 1 {
		switch first.kind {
		case tkNumber:
			if strings.ContainsAny(first.text, ".eE") {
				t := typeByName["NUMERIC"]
				text := first.text
				if strings.ContainsAny(text, "eE") {
					// 1e-5 is the number .00001: its scale is that of its decimal form
					// (a scale of 0 would show it as 0).
					if f, err := strconv.ParseFloat(text, 64); err == nil {
						text = strconv.FormatFloat(f, 'f', -1, 64)
					}
				}
				if dot := strings.IndexByte(text, '.'); dot >= 0 {
					t.Scale = min(len(text)-dot-1, 17)
					t.Precision = max(len(text)-1, t.Scale+1)
				}
				return t, true
			}
			if len(first.text) > 9 {
				return typeByName["BIGINT"], true
			}
			return typeByName["INTEGER"], true
		case tkString:
			return varcharType(max(1, len(first.text)-2)), true
		case tkVar:
			if first.up == "$TLEVEL" || first.up == "$ZTIMEZONE" || first.up == "$ZTZ" {
				return typeByName["INTEGER"], true
			}
			return varcharType(odbcVarcharMax), true
		case tkIdent:
			switch first.up {
			case "%ID":
				return typeByName["BIGINT"], true
			case "CURRENT_TIMESTAMP":
				return typeByName["TIMESTAMP"], true
			case "CURRENT_DATE":
				return typeByName["DATE"], true
			case "CURRENT_TIME":
				return typeByName["TIME"], true
			case "USER", "CURRENT_USER", "SESSION_USER":
				return varcharType(128), true
			}
		}
		return irisType{}, false
	}
	if first.kind != tkIdent || !item[1].op("(") {
		return irisType{}, false
	}
	switch first.up {
	case "CAST":
		depth := 0
		for i := 1; i < len(item); i++ {
			switch {
			case item[i].op("("):
				depth++
			case item[i].op(")"):
				depth--
			case depth == 1 && item[i].is("AS"):
				typ, _, err := parseType(append(item[i+1:len(item):len(item)], token{kind: tkEOF}), 0)
				return typ, err == nil
			}
		}
	case "COUNT":
		return typeByName["BIGINT"], true
	case "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "INSTR", "ASCII":
		return typeByName["INTEGER"], true
	case "UPPER", "LOWER", "UCASE", "LCASE", "SUBSTRING", "SUBSTR", "TRIM", "LTRIM", "RTRIM", "REPLACE",
		"CONCAT", "LEFT", "RIGHT", "LIST", "XMLAGG", "REVERSE", "REPEAT", "REPLICATE", "$TRANSLATE", "%SQLUPPER", "CHAR", "TO_VECTOR":
		return varcharType(odbcVarcharMax), true
	case "JSON_ARRAYAGG":
		return varcharType(jsonArrayAggMaxLen), true // RSQL_jsonarrayagg: VARCHAR(8192) by default
	case "VECTOR_COSINE", "VECTOR_DOT_PRODUCT", "POWER", "SQRT", "EXP", "LOG", "LOG10", "PI",
		"SIN", "COS", "TAN", "ASIN", "ACOS", "ATAN":
		return typeByName["DOUBLE"], true
	case "GETDATE", "NOW", "CURRENT_TIMESTAMP", "DATEADD":
		return typeByName["TIMESTAMP"], true
	case "DATEDIFF", "DATEPART":
		return typeByName["INTEGER"], true
	case "LPAD", "RPAD":
		return varcharType(odbcVarcharMax), true
	case "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP", "RAND", "COT", "DEGREES", "RADIANS":
		return typeByName["DOUBLE"], true
	case "CURDATE":
		return typeByName["DATE"], true
	case "CURTIME":
		return typeByName["TIME"], true
	case "LAST_IDENTITY":
		return typeByName["BIGINT"], true
	}
	return irisType{}, false
}

// applyStaticTypes types expression columns from the select list and names
// unaliased expressions the way IRIS does: Expression_n / Aggregate_n.
func applyStaticTypes(cols []resultCol, toks []token, tables []*table) {
	items := selectItems(toks, tables)
	if items == nil {
		// SELECT * over a derived table whose column SQLite cannot type (a
		// set operation with a NULL leg): the derived table knows it.
		for i := range cols {
			if c := derivedColumn(tables, []token{{kind: tkIdent, text: cols[i].name}}); !cols[i].typed && c != nil {
				cols[i].typ, cols[i].typed, cols[i].nullable = c.Type, true, 2
			}
		}
	}
	if len(items) != len(cols) {
		return
	}
	for i := range cols {
		it := items[i]
		if !cols[i].typed && it.typ != nil {
			cols[i].typ, cols[i].typed, cols[i].nullable = *it.typ, true, 2
		}
		if it.rowID {
			cols[i].name = "ID"
		}
		if !it.named && cols[i].table == "" {
			prefix := "Expression_"
			if it.aggregate {
				prefix = "Aggregate_"
			}
			cols[i].name = prefix + itoa(i+1)
		}
	}
}

// describe returns the result columns of a query without running it (PP).
func (s *session) describe(ctx context.Context, text string) ([]resultCol, []irisType, *sqlError) {
	toks, lerr := lex(text, s.toks)
	if lerr != nil {
		return nil, nil, lerr
	}
	clear(s.paramTypes)
	s.toks, s.lastSQL = toks, text
	cat, err := s.catalog(ctx)
	if err != nil {
		return nil, nil, asSQLError(err)
	}
	rw := newRewriter(toks, s.env(cat))
	if serr := rw.query(0, len(toks)-1); serr != nil {
		return nil, nil, serr
	}
	n := maxParam(toks)
	args := make([]any, n)
	rows, qerr := s.conn.QueryContext(ctx, "SELECT * FROM ("+rw.out.String()+") LIMIT 0", args...)
	if qerr != nil {
		return nil, nil, mapSQLiteError(qerr, opSelect, cat)
	}
	cols, derr := describeColumns(rows, rw.tables)
	rows.Close()
	if derr != nil {
		return nil, nil, mapSQLiteError(derr, opSelect, cat)
	}
	applyStaticTypes(cols, toks, rw.tables)
	for i := range cols {
		if !cols[i].typed {
			cols[i].typ, cols[i].typed, cols[i].nullable = varcharType(odbcVarcharMax), true, 2
		}
	}
	return cols, s.paramTypeList(n), nil
}

// prepareStatement validates a non-query at prepare time and types its
// parameters. DML is compiled (EXPLAIN) but not run, so unknown tables and
// fields fail at PP as in IRIS; other statements are checked lexically.
func (s *session) prepareStatement(ctx context.Context, text string) ([]irisType, *sqlError) {
	toks, lerr := lex(text, s.toks)
	if lerr != nil {
		return nil, lerr
	}
	s.toks = toks
	n := maxParam(toks)
	switch first := toks[0]; first.up {
	case "INSERT", "UPDATE", "DELETE":
		s.dryRun = true
		res, err := s.execute(ctx, text, make([]any, n))
		s.dryRun = false
		if err != nil {
			return nil, err
		}
		return res.params, nil
	case "CREATE", "DROP", "ALTER", "TRUNCATE", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "SET":
	case "BEGIN":
		return nil, errSyntax("BEGIN is not an IRIS SQL command; use START TRANSACTION")
	case "RELEASE":
		return nil, errSyntax("RELEASE SAVEPOINT is not an IRIS SQL command")
	default:
		return nil, errSyntax("Invalid SQL statement beginning with " + first.text)
	}
	return s.paramTypeList(n), nil
}

// arithmeticType types "a + 1", "price * qty", "total / 2" from the operand
// columns and CASTs: integers stay INTEGER (BIGINT if one is), NUMERIC keeps its
// scale (+, -: the largest; *: the sum), and '/' or a DOUBLE gives DOUBLE. Anything
// else (functions, strings, unknown names) is not typed here.
func arithmeticType(item []token, tables []*table) (irisType, bool) {
	var sawOperand, sawOp, divides, double, bigint, numeric bool
	scale, sumScale, product := 0, 0, 0
	operand := func(typ irisType) bool {
		sawOperand = true
		switch typ.Kind {
		case kInt, kBit:
			bigint = bigint || typ.ODBC == odbcBigInt
		case kNumeric:
			numeric, scale = true, max(scale, typ.Scale)
			sumScale += typ.Scale
		case kDouble:
			double = true
		default:
			return false
		}
		return true
	}
	for k := 0; k < len(item); k++ {
		t := item[k]
		switch {
		case t.is("CAST") && k+1 < len(item) && item[k+1].op("("):
			end := matchParenIn(item, k+1)
			if end < 0 {
				return irisType{}, false
			}
			typ, ok := exprType(item[k : end+1])
			if !ok || !operand(typ) {
				return irisType{}, false
			}
			k = end
		case t.isName() && k+1 < len(item) && item[k+1].op("(") && !t.is("CAST"):
			// A function call (MAX(x), LAG(x) OVER (…)) is an operand of its own type.
			end := matchParenIn(item, k+1)
			if end < 0 {
				return irisType{}, false
			}
			if end+2 < len(item) && item[end+1].is("OVER") && item[end+2].op("(") {
				if end = matchParenIn(item, end+2); end < 0 {
					return irisType{}, false
				}
			}
			call := item[k : end+1]
			typ, ok := exprType(call)
			if !ok {
				typ, ok = aggregateType(call, tables)
			}
			if !ok || !operand(typ) {
				return irisType{}, false
			}
			k = end
		case t.op("(") || t.op(")"):
		case t.op("+") || t.op("-"):
			sawOp = true
		case t.op("*"):
			sawOp, product = true, product+1
		case t.op("/"):
			sawOp, divides = true, true
		case t.op("\\") || t.op("#"):
			sawOp = true
		case t.kind == tkNumber:
			sawOperand = true
			if strings.ContainsAny(t.text, "eE") {
				double = true
			} else if dot := strings.IndexByte(t.text, '.'); dot >= 0 {
				numeric, scale = true, max(scale, len(t.text)-dot-1)
				sumScale += len(t.text) - dot - 1
			}
		case t.isName():
			if k+2 < len(item) && item[k+1].op(".") { // qualifier
				k += 2
				t = item[k]
			}
			c := findColumn(tables, identName(t))
			if c == nil || !operand(c.Type) {
				return irisType{}, false
			}
		default:
			return irisType{}, false
		}
	}
	if !sawOperand || !sawOp {
		return irisType{}, false
	}
	switch {
	case double || divides:
		return typeByName["DOUBLE"], true
	case numeric:
		t := typeByName["NUMERIC"]
		if product > 0 {
			scale = sumScale // a product's scale is the sum of its factors' scales
		}
		t.Scale = min(scale, 17)
		t.Precision = maxNumericDigits
		return t, true
	case bigint:
		return typeByName["BIGINT"], true
	}
	return typeByName["INTEGER"], true
}

func findColumn(tables []*table, name string) *column {
	for _, t := range tables {
		if c := t.col(name); c != nil {
			return c
		}
	}
	return nil
}

// aggregateType types SUM, MIN, MAX and the value window functions from their
// argument, as IRIS documents (RSQL_sum, RSQL_max): SUM of TINYINT/SMALLINT/
// INTEGER is INTEGER, of BIGINT BIGINT, of DOUBLE DOUBLE, of any other number
// NUMERIC with precision 18 and the argument's scale; MIN, MAX, LAG, LEAD,
// FIRST_VALUE and LAST_VALUE return the argument's type, and so do the
// scalars ABS (RSQL_abs), NULLIF (its first argument, RSQL_nullif) and CEILING/FLOOR
// (scale 0). An
// OVER (…) clause after the call does not change the type.
func aggregateType(item []token, tables []*table) (irisType, bool) {
	if len(item) < 4 || item[0].kind != tkIdent || !item[1].op("(") {
		return irisType{}, false
	}
	depth, end := 0, -1
	for i := 1; i < len(item) && end < 0; i++ {
		switch {
		case item[i].op("("):
			depth++
		case item[i].op(")"):
			if depth--; depth == 0 {
				end = i
			}
		}
	}
	if end < 0 || end+1 < len(item) && !item[end+1].is("OVER") {
		return irisType{}, false
	}
	arg := item[2:end]
	if len(arg) > 0 && (arg[0].is("DISTINCT") || arg[0].is("ALL")) {
		arg = arg[1:]
	}
	if split := splitTopLevel(arg, 0, len(arg)); len(split) > 1 {
		arg = arg[split[0][0]:split[0][1]] // LAG(x, 1, d): the value is x
	}
	var typ irisType
	switch {
	case len(arg) == 0:
		return irisType{}, false
	case isNameChain(arg):
		c := findColumn(tables, identName(arg[len(arg)-1]))
		if c == nil {
			return irisType{}, false
		}
		typ = c.Type
	default:
		t, ok := arithmeticType(arg, tables)
		if !ok {
			if t, ok = unionType(arg, tables); !ok {
				return irisType{}, false
			}
		}
		typ = t
	}
	switch item[0].up {
	case "MIN", "MAX", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "ABS", "NULLIF":
		return typ, true
	case "CEILING", "FLOOR":
		// RSQL_ceiling / RSQL_floor: the argument's type, with a scale of 0.
		if typ.Kind == kNumeric {
			typ.Scale = 0
		}
		return typ, true
	case "SUM":
		switch typ.Kind {
		case kInt:
			if typ.ODBC == odbcBigInt {
				return typeByName["BIGINT"], true
			}
			return typeByName["INTEGER"], true
		case kDouble:
			return typeByName["DOUBLE"], true
		case kNumeric:
			t := typeByName["NUMERIC"]
			t.Precision, t.Scale = 18, typ.Scale
			return t, true
		}
	}
	return irisType{}, false
}

// derivedTable records the result columns of "( SELECT … ) [AS] alias" in a
// FROM list, so that the outer query reports the types IRIS carries through a
// derived table (a SUM of a NUMERIC(10,2) stays NUMERIC(18,2) outside).
func (r *rewriter) derivedTable(open, close int) {
	j := close + 1
	if r.toks[j].is("AS") {
		j++
	}
	if t := r.toks[j]; t.kind == tkQIdent || t.kind == tkIdent && !sqlKeywords[t.up] {
		r.addDerived(identName(t), open, close)
	}
}

// addDerived adds a pseudo-table named name whose columns are the typed,
// named items of the query between toks[open] = '(' and toks[close] = ')'.
func (r *rewriter) addDerived(name string, open, close int) {
	body := append(append([]token(nil), r.toks[open+1:close]...), token{kind: tkEOF})
	d := &table{Name: name, derived: true}
	for _, it := range selectItems(body, r.tables) {
		typ := it.typ
		if typ == nil && it.column != nil {
			typ = &it.column.Type
		}
		if typ != nil && it.name != "" {
			d.Columns = append(d.Columns, &column{Name: it.name, Type: *typ})
		}
	}
	if len(d.Columns) > 0 {
		r.tables = append(r.tables, d)
	}
}

// derivedColumn finds the derived-table column a name chain (col or
// alias.col) refers to: by its alias when qualified, else (or when a WITH
// query is read under another alias) the innermost derived table that has
// the name. Base-table columns are typed from SQLite's declared types instead
// (describeColumns).
func derivedColumn(tables []*table, chain []token) *column {
	if !isNameChain(chain) {
		return nil
	}
	name := identName(chain[len(chain)-1])
	qual := ""
	if len(chain) >= 3 {
		qual = identName(chain[len(chain)-3])
	}
	var fallback *column
	for k := len(tables) - 1; k >= 0; k-- {
		t := tables[k]
		if !t.derived && !t.View { // a view's computed columns are typed in its metadata
			continue
		}
		c := t.col(name)
		if c != nil && (qual == "" || strings.EqualFold(t.Name, qual)) {
			return c
		}
		if fallback == nil {
			fallback = c // a WITH query read under another alias
		}
	}
	return fallback
}

// storedColumn finds the table column a name chain refers to: in the table
// the qualifier names, else the first table that has the name.
func storedColumn(tables []*table, chain []token) *column {
	name := identName(chain[len(chain)-1])
	var first *column
	for _, t := range tables {
		if t.derived {
			continue
		}
		c := t.col(name)
		if c != nil && len(chain) >= 3 && strings.EqualFold(t.Name, identName(chain[len(chain)-3])) {
			return c
		}
		if first == nil {
			first = c
		}
	}
	return first
}

// unionType types COALESCE/IFNULL/NVL/GREATEST/LEAST calls and CASE expressions by
// their value arguments, as IRIS does statically: "the data type with the highest data
// type precedence" (RSQL_datatype_precedence, RSQL_greatest, RSQL_coalesce): an integer
// and a fractional number give NUMERIC, DOUBLE beats NUMERIC, a string makes it VARCHAR;
// COALESCE counts a literal as VARCHAR (but numeric-then-literal keeps the numeric type).
// Typing them from the first row's value instead (an integral 100.00 read as INTEGER)
// fails the later rows. Not modelled: the -378 IRIS raises for COALESCE of unlike
// non-numeric types (a DATE and a string literal).
func unionType(item []token, tables []*table) (irisType, bool) {
	n := len(item)
	if n < 4 {
		return irisType{}, false
	}
	var values [][]token
	switch {
	case item[0].kind == tkIdent && item[1].op("(") && item[n-1].op(")"):
		switch item[0].up {
		case "COALESCE", "IFNULL", "NVL", "ISNULL", "GREATEST", "LEAST":
		default:
			return irisType{}, false
		}
		depth := 0
		for k := 1; k < n-1; k++ { // the call's ')' must be the last token
			if item[k].op("(") {
				depth++
			} else if item[k].op(")") {
				if depth--; depth == 0 {
					return irisType{}, false
				}
			}
		}
		for _, rg := range splitTopLevel(item, 2, n-1) {
			values = append(values, item[rg[0]:rg[1]])
		}
	case item[0].is("CASE") && item[n-1].is("END"):
		depth, start := 0, -1
		for k := 1; k < n; k++ {
			t := item[k]
			switch {
			case t.op("("):
				depth++
			case t.op(")"):
				depth--
			case depth == 0 && (t.is("CASE")):
				return irisType{}, false // nested CASE: not typed here
			case depth == 0 && (t.is("WHEN") || t.is("ELSE") || t.is("END")):
				if start >= 0 {
					values = append(values, item[start:k])
					start = -1
				}
				if t.is("ELSE") {
					start = k + 1
				}
			case depth == 0 && t.is("THEN"):
				start = k + 1
			}
		}
	default:
		return irisType{}, false
	}
	coalesce := item[0].kind == tkIdent && item[0].up != "GREATEST" && item[0].up != "LEAST" && !item[0].is("CASE")
	if coalesce {
		// RSQL_coalesce: a literal counts as VARCHAR; of two expressions, a numeric one
		// followed by a literal keeps its own type, a literal first makes it VARCHAR.
		switch {
		case len(values) == 2 && isLiteralValue(values[0]):
			return varcharType(odbcVarcharMax), true
		case len(values) == 2 && isLiteralValue(values[1]):
			values = values[:1]
		default:
			for _, v := range values {
				if isLiteralValue(v) {
					return varcharType(odbcVarcharMax), true
				}
			}
		}
	}
	var out irisType
	seen := false
	for _, v := range values {
		for len(v) >= 3 && v[0].op("(") && v[len(v)-1].op(")") {
			v = v[1 : len(v)-1]
		}
		if len(v) == 1 && v[0].is("NULL") {
			continue
		}
		var t irisType
		var ok bool
		if isNameChain(v) {
			if c := findColumn(tables, identName(v[len(v)-1])); c != nil {
				t, ok = c.Type, true
			}
		}
		if !ok {
			if t, ok = exprType(v); !ok { // also CURRENT_DATE and other bare keywords
				if t, ok = aggregateType(v, tables); !ok {
					if t, ok = unionType(v, tables); !ok {
						t, ok = arithmeticType(v, tables)
					}
				}
			}
		}
		if !ok {
			return irisType{}, false
		}
		if !seen {
			out, seen = t, true
			continue
		}
		if out, ok = higherPrecedence(out, t); !ok {
			return irisType{}, false
		}
	}
	return out, seen
}

// isLiteralValue: a number or string literal (not NULL), possibly signed.
func isLiteralValue(v []token) bool {
	if len(v) == 2 && (v[0].op("-") || v[0].op("+")) {
		v = v[1:]
	}
	return len(v) == 1 && (v[0].kind == tkNumber || v[0].kind == tkString)
}

// higherPrecedence combines two value types the way IRIS picks a result type for
// COALESCE, GREATEST and CASE; false when they do not combine (a date and a number).
func higherPrecedence(a, b irisType) (irisType, bool) {
	numeric := func(t irisType) bool {
		return t.Kind == kInt || t.Kind == kBit || t.Kind == kNumeric || t.Kind == kDouble
	}
	stringy := func(t irisType) bool { return t.Kind == kString || t.Kind == kLongChar }
	switch {
	case stringy(a) || stringy(b):
		if !(stringy(a) || numeric(a)) || !(stringy(b) || numeric(b)) {
			return irisType{}, false
		}
		return varcharType(odbcVarcharMax), true
	case numeric(a) && numeric(b):
		switch {
		case a.Kind == kDouble || b.Kind == kDouble:
			return typeByName["DOUBLE"], true
		case a.Kind == kNumeric || b.Kind == kNumeric:
			t := typeByName["NUMERIC"]
			t.Precision = maxNumericDigits
			for _, x := range []irisType{a, b} {
				if x.Kind == kNumeric {
					t.Scale = max(t.Scale, x.Scale)
				}
			}
			return t, true
		case a.ODBC == odbcBigInt || b.ODBC == odbcBigInt:
			return typeByName["BIGINT"], true
		case a.Kind == kBit && b.Kind == kBit:
			return a, true
		}
		return typeByName["INTEGER"], true
	case a.Kind == b.Kind:
		return a, true
	}
	return irisType{}, false
}

// scalarSubqueryType types "(SELECT x FROM …)" as its single select item x, as IRIS
// types a scalar subquery statically (not from the first row, where a whole-number
// first value of a NUMERIC column would type it INTEGER and fail the next row).
func scalarSubqueryType(item []token, tables []*table) (irisType, bool) {
	n := len(item)
	if n < 4 || !item[0].op("(") || !item[1].is("SELECT") || !item[n-1].op(")") {
		return irisType{}, false
	}
	depth, end := 0, -1
	for k := 1; k < n-1 && end < 0; k++ {
		switch {
		case item[k].op("("):
			depth++
		case item[k].op(")"):
			if depth--; depth < 0 {
				return irisType{}, false // the first ')' closes before the end
			}
		case depth == 0 && item[k].is("FROM"):
			end = k
		}
	}
	if end < 0 {
		end = n - 1
	}
	v := item[2:end]
	if len(v) > 0 && (v[0].is("DISTINCT") || v[0].is("ALL")) {
		v = v[1:]
	}
	if len(v) > 0 && v[0].is("TOP") && len(v) > 2 {
		v = v[2:]
	}
	if len(splitTopLevel(v, 0, len(v))) != 1 {
		return irisType{}, false
	}
	v = stripAlias(v)
	if isNameChain(v) {
		if c := findColumn(tables, identName(v[len(v)-1])); c != nil {
			return c.Type, true
		}
		return irisType{}, false
	}
	if t, ok := exprType(v); ok {
		return t, true
	}
	if t, ok := aggregateType(v, tables); ok {
		return t, true
	}
	if t, ok := unionType(v, tables); ok {
		return t, true
	}
	return arithmeticType(v, tables)
}

// matchingParen is the index of the ')' that closes item[open], -1 if none.
func matchingParen(item []token, open int) int {
	depth := 0
	for i := open; i < len(item); i++ {
		switch {
		case item[i].op("("):
			depth++
		case item[i].op(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
