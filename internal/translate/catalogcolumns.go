package translate

// The places of a statement whose IRIS form depends on column types, which only the
// catalog knows: the session fills them in (Plan.WithCatalog). The translator
// finds which columns of which FROM-clause tables they depend on.

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// scopeRel is a relation of a FROM clause: a table with its alias, or a derived
// table or WITH query whose columns' types the catalog does not give (opaque).
type scopeRel struct {
	table   TableRef
	alias   string
	opaque  bool
	intCols []string // columns known to be integers: of a generate_series, of a recursive WITH query
	// derived: the columns of an opaque derived table or WITH query that show a table's
	// column as it is; nil when none is known.
	derived *derivedCols
}

// derivedCols maps the output names of a derived table or WITH query to the table
// columns they show (a column of its FROM, also under an alias, or min/max of one: of
// its type); nil for other outputs. star: it selects * of these tables, which then have
// the names not listed.
type derivedCols struct {
	cols map[string]*CatalogColumn
	star []TableRef
}

// lookup is the table column output name shows; known is false when the name is not
// an output the query is known to have.
func (d *derivedCols) lookup(name string) (c *CatalogColumn, known bool) {
	if c, ok := d.cols[name]; ok {
		return c, true
	}
	if len(d.star) > 0 {
		return &CatalogColumn{Column: name, Tables: d.star}, true
	}
	return nil, false
}

// derivedColumns are the derived columns of query sel (the first leg of a set
// operation, whose columns name and type the result) renamed by colnames (an alias's
// column list); nil when none is known.
func (e *emitter) derivedColumns(sel *pg_query.SelectStmt, colnames []*pg_query.Node) *derivedCols {
	for sel != nil && sel.Op != pg_query.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil || sel.WithClause != nil || len(sel.ValuesLists) > 0 || len(sel.FromClause) == 0 {
		return nil // a WITH of its own: its names are not tables; VALUES: no table columns
	}
	d := &derivedCols{cols: map[string]*CatalogColumn{}}
	restore := e.pushScope(sel.FromClause)
	defer restore()
	for i, t := range sel.TargetList {
		rt := t.Node.(*pg_query.Node_ResTarget).ResTarget
		if isStar(rt.Val) {
			if len(colnames) > 0 || len(sel.TargetList) > 1 {
				return nil // the star's columns and positions are the catalog's
			}
			for _, r := range e.scopes[len(e.scopes)-1] {
				if r.opaque {
					return nil
				}
				d.star = append(d.star, r.table)
			}
			continue
		}
		name := outputName(rt)
		if i < len(colnames) {
			name = strVal(colnames[i])
		}
		d.cols[name] = e.typedSource(rt.Val)
	}
	return d
}

// typedSource is the table column n is of the type of: the column itself, or min/max
// of it; nil otherwise.
func (e *emitter) typedSource(n *pg_query.Node) *CatalogColumn {
	if f, ok := n.Node.(*pg_query.Node_FuncCall); ok {
		if name := lastName(f.FuncCall.Funcname); name != "min" && name != "max" {
			return nil
		}
	}
	return e.resultSource(n)
}

// pushScope makes the relations of from the innermost scope; the function it returns
// pops it.
func (e *emitter) pushScope(from []*pg_query.Node) func() {
	var rels []scopeRel
	var add func(n *pg_query.Node)
	add = func(n *pg_query.Node) {
		switch v := n.Node.(type) {
		case *pg_query.Node_RangeVar:
			rv := v.RangeVar
			r := scopeRel{table: TableRef{Schema: rv.Schemaname, Name: rv.Relname}}
			if rv.Alias != nil {
				r.alias = rv.Alias.Aliasname
			}
			r.opaque = rv.Catalogname != "" || rv.Schemaname == "" && e.ctes[rv.Relname]
			if r.opaque {
				r.intCols = e.withIntColumns(rv)
				if rv.Catalogname == "" {
					r.derived = e.cteCols[rv.Relname]
				}
			}
			rels = append(rels, r)
		case *pg_query.Node_JoinExpr:
			add(v.JoinExpr.Larg)
			add(v.JoinExpr.Rarg)
		case *pg_query.Node_RangeFunction:
			r := scopeRel{opaque: true}
			if v.RangeFunction.Alias != nil {
				r.alias = v.RangeFunction.Alias.Aliasname
			} else if fromFuncName(v.RangeFunction) == "unnest" {
				r.alias = "unnest" // the relation's name without an alias
			}
			if c := e.seriesIntColumn(v.RangeFunction); c != "" {
				r.intCols = []string{c}
			}
			rels = append(rels, r)
		case *pg_query.Node_RangeSubselect:
			r := scopeRel{opaque: true}
			var colnames []*pg_query.Node
			if a := v.RangeSubselect.Alias; a != nil {
				r.alias, colnames = a.Aliasname, a.Colnames
			}
			if sel, ok := v.RangeSubselect.Subquery.Node.(*pg_query.Node_SelectStmt); ok && !v.RangeSubselect.Lateral {
				r.derived = e.derivedColumns(sel.SelectStmt, colnames)
			}
			rels = append(rels, r)
		default:
			rels = append(rels, scopeRel{opaque: true})
		}
	}
	for _, n := range from {
		add(n)
	}
	e.scopes = append(e.scopes, rels)
	return func() { e.scopes = e.scopes[:len(e.scopes)-1] }
}

func (e *emitter) noteCTE(name string) {
	if e.ctes == nil {
		e.ctes = map[string]bool{}
	}
	e.ctes[name] = true
}

// noteDivision records the "/" about to be written after a's left operand when
// whether PostgreSQL divides to an integer depends on column types (Plan.Divisions).
func (e *emitter) noteDivision(a *pg_query.A_Expr) {
	if e.scratching {
		return
	}
	cols, ok := e.intDeps(a.Lexpr, nil)
	if !ok {
		return
	}
	if cols, ok = e.intDeps(a.Rexpr, cols); !ok || len(cols) == 0 {
		return
	}
	e.places.Divisions = append(e.places.Divisions, Division{At: e.b.Len() + 1, Columns: cols})
}

// noteDateArith records "L op R", just written from offset at with op at offset opAt,
// when the types of its columns decide whether PostgreSQL computes it on dates
// (Plan.DateAriths): a column and an integer (by its text, or a parameter), or two
// columns.
func (e *emitter) noteDateArith(a *pg_query.A_Expr, at, opAt int) {
	if e.scratching {
		return
	}
	l, okL := e.dateOperand(a.Lexpr)
	r, okR := e.dateOperand(a.Rexpr)
	if okL && okR && (l != nil || r != nil) {
		e.places.DateAriths = append(e.places.DateAriths, DateArith{At: at, Op: opAt, End: e.b.Len(), Left: l, Right: r})
	}
}

// dateOperand: n is a column found in the FROM clause (returned), or an integer by its
// text or a parameter (nil); ok false for anything else.
func (e *emitter) dateOperand(n *pg_query.Node) (*CatalogColumn, bool) {
	if isIntExpr(n) {
		return nil, true
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ParamRef:
		return nil, true
	case *pg_query.Node_ColumnRef:
		if !isPlainColumn(n) {
			return nil, false
		}
		c, ok := e.catalogColumn(v.ColumnRef)
		return &c, ok
	case *pg_query.Node_FuncCall:
		// A function whose value is one of its column's values has the column's type:
		// max(d) - min(d) and d - lag(d) OVER (…) are date arithmetic too.
		if col := sameTypeArg(v.FuncCall); col != nil {
			return e.dateOperand(col)
		}
	}
	return nil, false
}

// sameTypeArg is the column argument of a call whose result is one of that column's
// values (min, max; lag, lead, first_value, last_value without a default), nil otherwise.
func sameTypeArg(f *pg_query.FuncCall) *pg_query.Node {
	if len(f.Args) == 0 || f.AggStar || f.AggFilter != nil || len(f.Funcname) > 1 && strVal(f.Funcname[0]) != "pg_catalog" {
		return nil
	}
	if _, col := f.Args[0].Node.(*pg_query.Node_ColumnRef); !col || !isPlainColumn(f.Args[0]) {
		return nil
	}
	switch strings.ToLower(lastName(f.Funcname)) {
	case "min", "max":
		if len(f.Args) == 1 {
			return f.Args[0]
		}
	case "lag", "lead":
		if f.Over != nil && len(f.Args) <= 2 {
			return f.Args[0]
		}
	case "first_value", "last_value":
		if f.Over != nil && len(f.Args) == 1 {
			return f.Args[0]
		}
	}
	return nil
}

// intDeps says when PostgreSQL types n as an integer: always (no columns added), when
// the columns it appends are integer columns, or not known (ok false).
func (e *emitter) intDeps(n *pg_query.Node, cols []CatalogColumn) ([]CatalogColumn, bool) {
	if isIntExpr(n) {
		return cols, true
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		c, ok := e.catalogColumn(v.ColumnRef)
		if !ok {
			return nil, false
		}
		return append(cols, c), true
	case *pg_query.Node_FuncCall:
		// sum, min and max of integers are integers (sum(int4) is int8), as is abs.
		f := v.FuncCall
		switch lastName(f.Funcname) {
		case "sum", "min", "max", "abs":
			if len(f.Args) == 1 && !f.AggStar && (len(f.Funcname) == 1 || strVal(f.Funcname[0]) == "pg_catalog") {
				return e.intDeps(f.Args[0], cols)
			}
		}
	case *pg_query.Node_AExpr:
		a := v.AExpr
		if a.Kind != pg_query.A_Expr_Kind_AEXPR_OP {
			return nil, false
		}
		switch opName(a) {
		case "+", "-", "*", "%", "/":
			if a.Lexpr == nil {
				return e.intDeps(a.Rexpr, cols)
			}
			cols, ok := e.intDeps(a.Lexpr, cols)
			if !ok {
				return nil, false
			}
			return e.intDeps(a.Rexpr, cols)
		}
	}
	return nil, false
}

// catalogColumn finds the tables a column reference can belong to, as PostgreSQL
// resolves it: a qualified one by its table's alias or name in the nearest scope that
// has it, an unqualified one in the innermost FROM clause.
func (e *emitter) catalogColumn(c *pg_query.ColumnRef) (CatalogColumn, bool) {
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		s, ok := f.Node.(*pg_query.Node_String_)
		if !ok {
			return CatalogColumn{}, false
		}
		names[i] = s.String_.Sval
	}
	if len(e.scopes) == 0 {
		return CatalogColumn{}, false
	}
	col := CatalogColumn{Column: names[len(names)-1]}
	switch len(names) {
	case 1:
		var derived *CatalogColumn
		scope := e.scopes[len(e.scopes)-1]
		for _, r := range scope {
			switch {
			case r.derived != nil && len(r.derived.star) > 0 && len(scope) > 1:
				return CatalogColumn{}, false // whether its tables have the name is the catalog's
			case r.derived != nil:
				c, known := r.derived.lookup(col.Column)
				if known && (c == nil || derived != nil) {
					return CatalogColumn{}, false // not a column, or ambiguous
				}
				if known {
					derived = c
				}
			case r.opaque:
				return CatalogColumn{}, false
			default:
				col.Tables = append(col.Tables, r.table)
			}
		}
		if derived != nil {
			// A table in scope with that name too makes it ambiguous (42702 in both).
			return *derived, true
		}
	case 2, 3:
		for s := len(e.scopes) - 1; s >= 0 && col.Tables == nil; s-- {
			for _, r := range e.scopes[s] {
				var match bool
				if len(names) == 2 {
					match = r.alias == names[0] || r.alias == "" && r.table.Name == names[0]
				} else {
					match = r.alias == "" && r.table.Schema == names[0] && r.table.Name == names[1]
				}
				if !match {
					continue
				}
				if r.opaque && r.derived != nil && len(names) == 2 {
					if c, _ := r.derived.lookup(col.Column); c != nil {
						return *c, true
					}
					return CatalogColumn{}, false
				}
				if r.opaque {
					return CatalogColumn{}, false
				}
				col.Tables = []TableRef{r.table}
				break
			}
		}
	}
	return col, len(col.Tables) > 0
}

func tableRef(rv *pg_query.RangeVar) TableRef {
	return TableRef{Schema: rv.Schemaname, Name: rv.Relname}
}

// noteColumnLiteral records value, written from offset at, when it is a string
// literal that PostgreSQL reads as a value of the column col (Plan.ColumnLiterals).
func (e *emitter) noteColumnLiteral(col, value *pg_query.Node, at int) {
	_, param := value.Node.(*pg_query.Node_ParamRef)
	if !isPlainColumn(col) || !isStringLiteral(value) && !param {
		return
	}
	if c, ok := e.catalogColumn(col.Node.(*pg_query.Node_ColumnRef).ColumnRef); ok {
		e.noteLiteralOf(c, value, at)
	}
}

// Only a literal PostgreSQL could read as a boolean, as a time stamp IRIS would not
// read as it is, or as bytea other than its characters (bytea.go) is recorded: the others need no catalog lookup (and a column of
// another type leaves the literal as it is anyway).
func (e *emitter) noteLiteralOf(c CatalogColumn, value *pg_query.Node, at int) {
	if p, ok := value.Node.(*pg_query.Node_ParamRef); ok && !e.scratching && p.ParamRef.Number > 0 {
		// Of an enum column, its value must be a label (the session checks it).
		e.places.EnumParamRefs = append(e.places.EnumParamRefs, EnumParamRef{Param: int(p.ParamRef.Number) - 1, Column: c})
		return
	}
	lit, ok := stringConstNode(value)
	if e.scratching || !ok {
		return
	}
	// Any literal: the column may be of an enum type, whose labels only the catalog knows.
	e.places.EnumLiterals = append(e.places.EnumLiterals, ColumnLiteral{At: at, End: e.b.Len(), Column: c})
	if !e.constHas(lit, isBoolText) && !e.constHas(lit, needsODBCTimestamp) && !e.constHas(lit, needsByteaDecoding) {
		return
	}
	e.places.ColumnLiterals = append(e.places.ColumnLiterals, ColumnLiteral{At: at, End: e.b.Len(), Column: c})
}

// needsODBCTimestamp: v is an ISO time stamp that IRIS would not read as it is ('T'
// separator, no seconds, a zone). With a zone the column's type decides the form
// (zonedTimestamp): the catalog knows timestamptz columns by pgwired's marker.
func needsODBCTimestamp(v string) bool {
	m := isoTimestampLit.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	if m[5] != "" {
		return true // a zone: the column's type decides (zonedTimestamp)
	}
	_, changed := isoTimestamp(v, true)
	return changed
}

// zonedTimestamp is the ODBC form of a time stamp literal v given to a column of type
// oid: for timestamptz the instant in UTC, as pgwired keeps them; for timestamp the
// zone dropped, as PostgreSQL drops it.
func zonedTimestamp(v string, oid uint32) string {
	norm, _ := isoTimestamp(v, oid != oidTimestamptz)
	return norm
}

func isBoolText(v string) bool {
	_, ok := parseBool(v)
	return ok
}

func isStringLiteral(n *pg_query.Node) bool {
	_, ok := stringConstNode(n)
	return ok
}

// noteNumericText records n, written at at..end with its column at colAt..colEnd, when
// it is a plain column made text (NumericText).
func (e *emitter) noteNumericText(n *pg_query.Node, at, end, colAt, colEnd int) {
	if e.scratching || !isPlainColumn(n) {
		return
	}
	if c, ok := e.catalogColumn(n.Node.(*pg_query.Node_ColumnRef).ColumnRef); ok {
		e.places.NumericTexts = append(e.places.NumericTexts, NumericText{At: at, End: end, ColAt: colAt, ColEnd: colEnd, Column: c})
	}
}
