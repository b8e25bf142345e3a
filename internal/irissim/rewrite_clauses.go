package irissim

import (
	"strconv"
	"strings"
)

// top handles SELECT [DISTINCT] TOP n; the limit is emitted at the end of the level.
func (r *rewriter) top(i int) (int, *sqlError) {
	lv := r.cur()
	i++ // TOP
	var n string
	switch t := r.toks[i]; {
	case t.kind == tkNumber:
		n = t.text
		i++
	case t.op("(") && r.toks[i+1].kind == tkNumber && r.toks[i+2].op(")"):
		n = r.toks[i+1].text
		i += 3
	case t.is("ALL"):
		i++
	case t.kind == tkParam:
		// Documented IRIS form: SELECT TOP ? … (iris-sql.md A.1).
		r.params = max(r.params, t.num)
		if r.env.ptypes != nil {
			r.env.ptypes[t.num] = typeByName["INTEGER"]
		}
		n = "?" + strconv.Itoa(t.num)
		i++
	default:
		return i, errSyntax("Number expected after TOP")
	}
	if strings.ContainsAny(n, ".eE") {
		return i, errSyntax("TOP needs an integer")
	}
	if lv.limitStyle&6 != 0 {
		return i, newSQLError(-386, "TOP cannot be combined with LIMIT or FETCH")
	}
	lv.limitStyle |= 1
	lv.top = n
	return i, nil
}

// limitClause records LIMIT n [OFFSET m], OFFSET m [ROW|ROWS] and
// FETCH {FIRST|NEXT} n {ROW|ROWS} ONLY for the current level.
func (r *rewriter) limitClause(i int) (int, *sqlError) {
	lv := r.cur()
	t := r.toks[i]
	count := func(j int) (string, int, *sqlError) {
		c := r.toks[j]
		switch c.kind {
		case tkNumber:
			if strings.ContainsAny(c.text, ".eE") {
				return "", j, errSyntax("Integer expected after " + t.up)
			}
			return c.text, j + 1, nil
		case tkParam:
			r.params = max(r.params, c.num)
			return "?" + strconv.Itoa(c.num), j + 1, nil
		}
		return "", j, errSyntax("Number expected after " + t.up)
	}
	if (t.up == "LIMIT" || t.up == "FETCH") && len(r.levels) > 1 && lv.sawOrder {
		return i, errSyntax(t.up + " following ORDER BY is not supported in a subquery; use TOP")
	}
	var err *sqlError
	switch t.up {
	case "LIMIT":
		if lv.limitStyle&5 != 0 {
			return i, newSQLError(-386, "LIMIT cannot be combined with TOP or FETCH")
		}
		if r.toks[i+1].is("ALL") {
			return i, errSyntax("LIMIT ALL is not supported")
		}
		lv.limitStyle |= 2
		lv.limit, i, err = count(i + 1)
		if err != nil {
			return i, err
		}
		if r.toks[i].is("OFFSET") {
			lv.offset, i, err = count(i + 1)
		}
		return i, err
	case "OFFSET":
		lv.offset, i, err = count(i + 1)
		if err != nil {
			return i, err
		}
		if r.toks[i].is("ROW") || r.toks[i].is("ROWS") {
			i++
		}
		return i, nil
	}
	// FETCH
	if lv.limitStyle&3 != 0 {
		return i, newSQLError(-386, "FETCH cannot be combined with TOP or LIMIT")
	}
	lv.limitStyle |= 4
	i++
	if r.toks[i].is("FIRST") || r.toks[i].is("NEXT") {
		i++
	}
	lv.limit, i, err = count(i)
	if err != nil {
		return i, err
	}
	if r.toks[i].is("ROW") || r.toks[i].is("ROWS") {
		i++
	}
	if r.toks[i].is("ONLY") {
		i++
	}
	return i, nil
}

func (r *rewriter) flushLimit(lv *level) {
	n := lv.limit
	if lv.top != "" {
		n = lv.top
	}
	if n == "" && lv.offset == "" {
		return
	}
	if n == "" {
		n = "-1"
	}
	clause := "LIMIT " + n
	if lv.offset != "" {
		clause += " OFFSET " + lv.offset
	}
	lv.top, lv.limit, lv.offset = "", "", ""
	if lv.setOp && !lv.sawOrder && lv.legIsSelect {
		r.wrapLeg(lv, clause)
		return
	}
	r.emit(clause)
}

// wrapLeg limits only the current SELECT leg of a set operation:
// leg → SELECT * FROM ( leg LIMIT ... ).
func (r *rewriter) wrapLeg(lv *level, clause string) {
	s := r.out.String()
	r.out.Reset()
	r.out.WriteString(s[:lv.legStart])
	r.out.WriteString("SELECT * FROM ( ")
	r.out.WriteString(s[lv.legStart:])
	r.out.WriteString(clause)
	r.out.WriteString(" ) ")
}

// isPredicate allows only IS [NOT] NULL and IS [NOT] JSON; SQLite would take
// "x IS y" for any y, and IS DISTINCT FROM is PostgreSQL.
func (r *rewriter) isPredicate(i int) (int, *sqlError) {
	j := i + 1
	r.emit("IS")
	if r.toks[j].is("NOT") {
		r.emit("NOT")
		j++
	}
	switch {
	case r.toks[j].is("NULL"):
		r.emit("NULL")
		return j + 1, nil
	case r.toks[j].is("DISTINCT"):
		return i, errSyntax("IS DISTINCT FROM is not IRIS SQL")
	}
	return i, errSyntax("NULL expected after IS")
}

// withClause emits WITH name [(cols)] AS ( query ) [, ...] leaving the
// column lists untouched (they are not function calls).
func (r *rewriter) withClause(i int) (int, *sqlError) {
	r.emit("WITH")
	i++
	for {
		if !r.toks[i].isName() {
			return i, errSyntax("CTE name expected")
		}
		cte := i
		r.emit(quoteIdent(identName(r.toks[i])))
		i++
		if r.toks[i].op("(") {
			m := r.matchParen(i)
			if m < 0 {
				return i, errSyntax("')' expected")
			}
			r.out.WriteString("( ")
			for k := i + 1; k < m; k++ {
				if r.toks[k].isName() {
					r.emit(quoteIdent(identName(r.toks[k])))
				} else if r.toks[k].op(",") {
					r.emit(",")
				} else {
					return i, errSyntax("Column name expected in WITH list")
				}
			}
			r.emit(")")
			i = m + 1
		}
		if !r.toks[i].is("AS") || !r.toks[i+1].op("(") {
			return i, errSyntax("AS ( expected in WITH clause")
		}
		m := r.matchParen(i + 1)
		if m < 0 {
			return i, errSyntax("')' expected")
		}
		r.emit("AS (")
		r.levels = append(r.levels, level{})
		if err := r.expr(i+2, m); err != nil {
			return i, err
		}
		r.flushLimit(r.cur())
		r.levels = r.levels[:len(r.levels)-1]
		r.emit(")")
		if !r.toks[cte+1].op("(") {
			r.addDerived(identName(r.toks[cte]), i+1, m)
		}
		i = m + 1
		if !r.toks[i].op(",") {
			return i, nil
		}
		r.emit(",")
		i++
	}
}

// castWrap gives the function that wraps a SQLite CAST so that it converts
// as IRIS does: VARCHAR(n) truncates to n characters, NUMERIC(p,s) rounds
// to s places, DATE keeps the date part, TIME(p) the time of day with p fraction
// digits (TIME: none).
func (r *rewriter) castWrap(open int) (prefix, suffix string) {
	m := r.matchParen(open)
	if m < 0 {
		return "", ""
	}
	if k := r.depthZeroKeyword(open+1, m, "AS"); k >= 0 {
		typ, _, err := parseType(r.toks, k+1)
		if err != nil {
			return "", ""
		}
		switch typ.Kind {
		case kString:
			return "substr(", ", 1, " + itoa(typ.MaxLen) + ")"
		case kNumeric:
			return "round(", ", " + itoa(typ.Scale) + ")"
		case kDate:
			return "iris_cast_date(", ")" // the ODBC form only; a time stamp keeps its date
		case kTime:
			return "iris_cast_time(", ", " + itoa(typ.FracDigits) + ")" // a time stamp keeps its time of day
		case kTimestamp:
			return "iris_cast_timestamp(", ")" // the ODBC form only, as IRIS reads it
		}
	}
	return "", ""
}

// binaryCast finds the closing ')' (m) and the AS (k) of the CAST whose '(' is at open
// when its type is binary; m is 0 otherwise.
func (r *rewriter) binaryCast(open int) (m, k int) {
	m = r.matchParen(open)
	if m < 0 {
		return 0, 0
	}
	k = r.depthZeroKeyword(open+1, m, "AS")
	if k < 0 {
		return 0, 0
	}
	typ, j, err := parseType(r.toks, k+1)
	if err != nil || j != m || typ.Kind != kBinary && typ.Kind != kLongBin {
		return 0, 0
	}
	return m, k
}

// castBinary rewrites CAST(x AS VARBINARY(n)) (CAST at i, AS at k, ')' at m). IRIS
// strings are characters and VARBINARY keeps them as its bytes (character n is byte n),
// where SQLite's CAST AS BLOB would take their UTF-8. iris_cast_binary also gets
// CAST(x AS BLOB): SQLite hands a function text only up to a NUL character, and x may be
// CHAR(0) || …; a parameter is evaluated once (binary parameters arrive as bytes).
func (r *rewriter) castBinary(i, k, m int) (int, *sqlError) {
	r.emit("iris_cast_binary")
	r.out.WriteString("( ")
	r.levels = append(r.levels, level{})
	defer func() { r.levels = r.levels[:len(r.levels)-1] }()
	if err := r.expr(i+2, k); err != nil {
		return i, err
	}
	twice := true
	for _, t := range r.toks[i+2 : k] {
		if t.kind == tkParam {
			twice = false
		}
	}
	if twice {
		r.emit(", CAST(")
		if err := r.expr(i+2, k); err != nil {
			return i, err
		}
		r.emit(" AS BLOB)")
	}
	r.emit(")")
	return m + 1, nil
}

// castType rewrites the target type of CAST(x AS type) into SQLite's.
func (r *rewriter) castType(i int) (int, *sqlError) {
	typ, j, err := parseType(r.toks, i+1)
	if err != nil {
		return i, err
	}
	if !r.toks[j].op(")") {
		return i, errSyntax("')' expected after CAST type")
	}
	var st string
	switch typ.Kind {
	case kInt, kBit:
		st = "INTEGER"
	case kNumeric:
		st = "NUMERIC"
	case kDouble:
		st = "REAL"
	case kBinary, kLongBin:
		st = "BLOB"
	default:
		st = "TEXT"
	}
	r.emit("AS " + st)
	return j, nil
}

// startsWith rewrites "x %STARTSWITH p" as a LIKE prefix test.
func (r *rewriter) startsWith(i, end int) (int, *sqlError) {
	j := r.operandEnd(i+1, end)
	if j == i+1 {
		return i, errSyntax("Operand expected after %STARTSWITH")
	}
	r.emit("LIKE iris_prefix_pattern(")
	if err := r.expr(i+1, j); err != nil {
		return i, err
	}
	r.emit(`) ESCAPE '\'`)
	return j, nil
}

// pattern rewrites "x %PATTERN p" as a match of x against the regular expression
// that the ObjectScript pattern p stands for (SQLite's REGEXP calls regexp(re, x)).
func (r *rewriter) pattern(i, end int) (int, *sqlError) {
	j := r.operandEnd(i+1, end)
	if j == i+1 {
		return i, errSyntax("Pattern expected after %PATTERN")
	}
	r.emit("REGEXP iris_pattern_regex(")
	if err := r.expr(i+1, j); err != nil {
		return i, err
	}
	r.emit(")")
	return j, nil
}

// matches rewrites "x %MATCHES p [ESCAPE c]" as a match of x against the regular
// expression the glob p stands for.
func (r *rewriter) matches(i, end int) (int, *sqlError) {
	j := r.operandEnd(i+1, end)
	if j == i+1 {
		return i, errSyntax("Pattern expected after %MATCHES")
	}
	r.emit("REGEXP iris_matches_regex(")
	if err := r.expr(i+1, j); err != nil {
		return i, err
	}
	if r.toks[j].is("ESCAPE") {
		k := r.operandEnd(j+1, end)
		if k == j+1 {
			return i, errSyntax("Escape character expected after ESCAPE")
		}
		r.emit(",")
		if err := r.expr(j+1, k); err != nil {
			return i, err
		}
		j = k
	}
	r.emit(")")
	return j, nil
}

// operandEnd finds where the right operand of a predicate ends.
func (r *rewriter) operandEnd(i, end int) int {
	depth := 0
	for j := i; j < end; j++ {
		t := r.toks[j]
		switch {
		case t.op("("):
			depth++
		case t.op(")"):
			if depth == 0 {
				return j
			}
			depth--
		case depth == 0 && (t.op(",") || t.kind == tkEOF):
			return j
		case depth == 0 && t.kind == tkIdent && sqlKeywords[t.up] && t.up != "CASE" && t.up != "CAST" && t.up != "NULL":
			return j
		}
	}
	return end
}

func (r *rewriter) specialVar(name string) (string, *sqlError) {
	e := r.env
	switch name {
	case "$USERNAME":
		return quoteString(e.user), nil
	case "$NAMESPACE":
		return quoteString(e.namespace), nil
	case "$ZVERSION", "$ZV":
		return quoteString(e.version), nil
	case "$JOB", "$J":
		return quoteString(e.job), nil
	case "$TLEVEL":
		return strconv.Itoa(e.tlevel), nil
	case "$HOROLOG", "$H":
		return quoteString(horolog(false)), nil
	case "$ZTIMESTAMP", "$ZTS":
		return quoteString(horolog(true)), nil
	case "$ZTIMEZONE", "$ZTZ":
		return strconv.Itoa(timezoneMinutes()), nil
	case "$ZPI":
		return "3.141592653589793", nil
	}
	return "", errSyntax("Unknown special variable " + name)
}
