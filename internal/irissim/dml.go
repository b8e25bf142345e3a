package irissim

import (
	"context"
	"database/sql"
	"maps"
	"strings"
)

// targetTable reads "name" or "schema.name" at toks[i] and looks it up.
func targetTable(cat *catalog, toks []token, i int) (*table, int, *sqlError) {
	if !toks[i].isName() {
		return nil, i, errSyntax("Table name expected, found " + toks[i].text)
	}
	schema, name := "", identName(toks[i])
	i++
	if toks[i].op(".") && toks[i+1].isName() {
		schema, name = name, identName(toks[i+1])
		i += 2
	}
	t := cat.lookup(schema, name)
	if t == nil {
		if schema == "" {
			schema = defaultSchema
		}
		return nil, i, sqlErrorf(-30, "Table '%s.%s' not found", upperIdent(schema), upperIdent(name))
	}
	return t, i, nil
}

// splitTopLevel splits toks[a:b] at depth-0 commas into [start,end) ranges.
func splitTopLevel(toks []token, a, b int) [][2]int {
	var out [][2]int
	depth, start := 0, a
	for k := a; k < b; k++ {
		switch {
		case toks[k].op("("):
			depth++
		case toks[k].op(")"):
			depth--
		case depth == 0 && toks[k].op(","):
			out = append(out, [2]int{start, k})
			start = k + 1
		}
	}
	return append(out, [2]int{start, b})
}

func (s *session) insert(ctx context.Context, cat *catalog, toks []token, args []any) (*result, *sqlError) {
	i := 1
	upsert := false
	if toks[i].is("OR") {
		if !toks[i+1].is("UPDATE") {
			return nil, errSyntax("INSERT OR " + toks[i+1].text + " is not IRIS SQL")
		}
		upsert = true
		i += 2
	}
	if toks[i].is("INTO") {
		i++
	}
	if p := s.batch.translatedInsert(cat, s.lastSQL, s.tlevel()); p != nil {
		maps.Copy(s.paramTypes, p.ptypes)
		return s.execDML(ctx, cat, p.q, args, opInsert)
	}
	t, i, err := targetTable(cat, toks, i)
	if err != nil {
		return nil, err
	}
	if t.View {
		return nil, sqlErrorf(-35, "INSERT not allowed on view '%s.%s'", t.Schema, t.Name)
	}
	var cols []*column
	var exprs [][2]int
	if toks[i].op("(") && !toks[i+1].is("SELECT") && !toks[i+1].is("WITH") {
		m := matchParenIn(toks, i)
		if m < 0 {
			return nil, errSyntax("')' expected after column list")
		}
		for _, rg := range splitTopLevel(toks, i+1, m) {
			if rg[1] != rg[0]+1 || !toks[rg[0]].isName() {
				return nil, errSyntax("Column name expected in INSERT column list")
			}
			c := t.col(identName(toks[rg[0]]))
			if c == nil {
				return nil, sqlErrorf(-29, "Field '%s' not found in the applicable tables", upperIdent(identName(toks[rg[0]])))
			}
			cols = append(cols, c)
		}
		i = m + 1
	}
	rw := newRewriter(toks, s.env(cat))
	var src string
	switch {
	case toks[i].is("VALUES"):
		if !toks[i+1].op("(") {
			return nil, errSyntax("'(' expected after VALUES")
		}
		m := matchParenIn(toks, i+1)
		if m < 0 {
			return nil, errSyntax("')' expected after VALUES list")
		}
		if toks[m+1].op(",") {
			return nil, errSyntax("Multi-row VALUES is not supported; use one INSERT per row or INSERT ... SELECT")
		}
		if toks[m+1].kind != tkEOF {
			return nil, errSyntax("Unexpected " + toks[m+1].text + " after VALUES list")
		}
		exprs = splitTopLevel(toks, i+2, m)
		if cols == nil {
			cols = insertableColumns(t)
		}
	case toks[i].is("SET"):
		if cols != nil {
			return nil, errSyntax("INSERT ... SET cannot have a column list")
		}
		var serr *sqlError
		cols, exprs, i, serr = setList(t, toks, i+1, false)
		if serr != nil {
			return nil, serr
		}
		if toks[i].kind != tkEOF {
			return nil, errSyntax("Unexpected " + toks[i].text)
		}
	case toks[i].is("DEFAULT") && toks[i+1].is("VALUES"):
		if toks[i+2].kind != tkEOF {
			return nil, errSyntax("Unexpected " + toks[i+2].text)
		}
		src = "DEFAULT VALUES"
	case toks[i].is("SELECT") || toks[i].is("WITH") || toks[i].op("("):
		if cols == nil {
			cols = insertableColumns(t)
		}
		if err := rw.query(i, len(toks)-1); err != nil {
			return nil, err
		}
		src = rw.out.String()
		rw.out.Reset()
	default:
		return nil, errSyntax("VALUES, SET or SELECT expected after INSERT target")
	}
	if err := checkInsertColumns(t, cols); err != nil {
		return nil, err
	}
	if exprs != nil && len(exprs) != len(cols) {
		return nil, sqlErrorf(-116, "INSERT has %d values for %d fields", len(exprs), len(cols))
	}

	var b strings.Builder
	var tmpl *rowTemplate // VALUES: the row's shape, for a DU batch to insert many rows at once
	if src != "" && src != "DEFAULT VALUES" {
		b.WriteString(`WITH "%src"(`)
		for k := range cols {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteIdent("%c" + itoa(k)))
		}
		b.WriteString(") AS (")
		b.WriteString(src)
		b.WriteString(") ")
	}
	b.WriteString("INSERT INTO ")
	b.WriteString(t.phys())
	if src == "DEFAULT VALUES" {
		b.WriteString(" DEFAULT VALUES")
	} else {
		b.WriteString(" (")
		for k, c := range cols {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteIdent(c.Name))
		}
		b.WriteString(") ")
		if src != "" {
			b.WriteString("SELECT ")
		} else {
			b.WriteString("VALUES ")
			tmpl = &rowTemplate{head: b.String()}
			b.WriteByte('(')
		}
		for k, c := range cols {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString("iris_in(")
			param := 0
			if src == "" && exprs[k][1] == exprs[k][0]+1 && toks[exprs[k][0]].kind == tkParam {
				param = toks[exprs[k][0]].num
				s.paramTypes[param] = c.Type
			}
			if src != "" {
				b.WriteString(quoteIdent("%c" + itoa(k)))
			} else {
				rw.out.Reset()
				if err := rw.sub(exprs[k][0], exprs[k][1]); err != nil {
					return nil, err
				}
				if exprs[k][0] == exprs[k][1] {
					return nil, errSyntax("Value expected in VALUES list")
				}
				b.WriteString(rw.out.String())
			}
			spec := quoteString(encodeSpec(c.Type, false, t.Schema+"."+t.Name+"."+c.Name))
			b.WriteString(", ")
			b.WriteString(spec)
			b.WriteByte(')')
			if tmpl != nil {
				tmpl.slots = append(tmpl.slots, newValueSlot(param, rw.out.String(), spec))
			}
		}
		if src != "" {
			b.WriteString(` FROM "%src" WHERE 1`)
		} else {
			b.WriteByte(')')
		}
	}
	if upsert {
		b.WriteString(" ON CONFLICT DO UPDATE SET ")
		for k, c := range cols {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteIdent(c.Name) + " = excluded." + quoteIdent(c.Name))
		}
	}
	q := b.String()
	s.batch.rememberInsert(cat, s.lastSQL, s.tlevel(), q, s.paramTypes, tmpl)
	return s.execDML(ctx, cat, q, args, opInsert)
}

// insertableColumns is the implicit INSERT column list: all but the IDENTITY.
func insertableColumns(t *table) []*column {
	var cols []*column
	for _, c := range t.Columns {
		if !c.Identity {
			cols = append(cols, c)
		}
	}
	return cols
}

func checkInsertColumns(t *table, cols []*column) *sqlError {
	for k, c := range cols {
		if c.Identity {
			return sqlErrorf(-111, "Cannot INSERT a value into IDENTITY field '%s' of table '%s.%s'", c.Name, t.Schema, t.Name)
		}
		for _, d := range cols[:k] {
			if d == c {
				return sqlErrorf(-377, "Field '%s' appears more than once in the INSERT list", c.Name)
			}
		}
	}
	return nil
}

// setList parses "c = expr, ..." up to FROM/WHERE/end at depth 0.
func setList(t *table, toks []token, i int, update bool) ([]*column, [][2]int, int, *sqlError) {
	var cols []*column
	var exprs [][2]int
	for {
		j := i
		if toks[j].isName() && toks[j+1].op(".") && toks[j+2].isName() {
			j += 2 // alias.column
		}
		if !toks[j].isName() || !toks[j+1].op("=") {
			return nil, nil, i, errSyntax("column = value expected in SET list")
		}
		name := identName(toks[j])
		if strings.EqualFold(name, "%ID") {
			return nil, nil, i, newSQLError(-107, "Cannot UPDATE the RowID")
		}
		c := t.col(name)
		if c == nil {
			return nil, nil, i, sqlErrorf(-29, "Field '%s' not found in the applicable tables", upperIdent(name))
		}
		if update && c.Identity {
			return nil, nil, i, sqlErrorf(-107, "Cannot UPDATE IDENTITY field '%s'", c.Name)
		}
		if update && c.AutoIncrement {
			return nil, nil, i, sqlErrorf(-105, "Cannot UPDATE AUTO_INCREMENT field '%s'", c.Name)
		}
		for _, d := range cols {
			if d == c {
				return nil, nil, i, sqlErrorf(-377, "Field '%s' appears more than once in the SET list", c.Name)
			}
		}
		start := j + 2
		end := start
		depth := 0
		for ; toks[end].kind != tkEOF; end++ {
			tk := toks[end]
			if tk.op("(") {
				depth++
			} else if tk.op(")") {
				depth--
			} else if depth == 0 && (tk.op(",") || tk.is("WHERE") || tk.is("FROM")) {
				break
			}
		}
		if end == start {
			return nil, nil, i, errSyntax("Value expected after '='")
		}
		cols = append(cols, c)
		exprs = append(exprs, [2]int{start, end})
		i = end
		if !toks[i].op(",") {
			return cols, exprs, i, nil
		}
		i++
	}
}

func (s *session) update(ctx context.Context, cat *catalog, toks []token, args []any) (*result, *sqlError) {
	t, i, err := targetTable(cat, toks, 1)
	if err != nil {
		return nil, err
	}
	if t.View {
		return nil, sqlErrorf(-35, "UPDATE not allowed on view '%s.%s'", t.Schema, t.Name)
	}
	var b strings.Builder
	b.WriteString("UPDATE ")
	b.WriteString(t.phys())
	alias := ""
	if toks[i].is("AS") {
		i++
	}
	if toks[i].isName() && !toks[i].is("SET") {
		alias = identName(toks[i])
		i++
	} else if !strings.EqualFold(t.Schema, defaultSchema) {
		alias = t.Name
	}
	if alias != "" {
		b.WriteString(" AS " + quoteIdent(alias))
	}
	if !toks[i].is("SET") {
		return nil, errSyntax("SET expected in UPDATE")
	}
	cols, exprs, next, serr := setList(t, toks, i+1, true)
	if serr != nil {
		return nil, serr
	}
	rw := newRewriter(toks, s.env(cat))
	rw.tables = append(rw.tables, t)
	b.WriteString(" SET ")
	for k, c := range cols {
		if k > 0 {
			b.WriteString(", ")
		}
		if exprs[k][1] == exprs[k][0]+1 && toks[exprs[k][0]].kind == tkParam {
			s.paramTypes[toks[exprs[k][0]].num] = c.Type
		}
		rw.out.Reset()
		if err := rw.sub(exprs[k][0], exprs[k][1]); err != nil {
			return nil, err
		}
		b.WriteString(quoteIdent(c.Name) + " = iris_in(" + rw.out.String() + ", ")
		b.WriteString(quoteString(encodeSpec(c.Type, true, t.Schema+"."+t.Name+"."+c.Name)) + ")")
	}
	rw.out.Reset()
	if err := rw.query(next, len(toks)-1); err != nil {
		return nil, err
	}
	b.WriteByte(' ')
	b.WriteString(rw.out.String())
	return s.execDML(ctx, cat, b.String(), args, opUpdate)
}

func (s *session) delete(ctx context.Context, cat *catalog, toks []token, args []any) (*result, *sqlError) {
	i := 1
	if toks[i].is("FROM") {
		i++
	}
	t, i, err := targetTable(cat, toks, i)
	if err != nil {
		return nil, err
	}
	if t.View {
		return nil, sqlErrorf(-35, "DELETE not allowed on view '%s.%s'", t.Schema, t.Name)
	}
	var b strings.Builder
	b.WriteString("DELETE FROM ")
	b.WriteString(t.phys())
	if toks[i].is("AS") {
		i++
	}
	if toks[i].isName() && !toks[i].is("WHERE") {
		b.WriteString(" AS " + quoteIdent(identName(toks[i])))
		i++
	} else if !strings.EqualFold(t.Schema, defaultSchema) {
		b.WriteString(" AS " + quoteIdent(t.Name))
	}
	rw := newRewriter(toks, s.env(cat))
	// The target's columns type the WHERE clause's parameters, as in UPDATE.
	rw.tables = append(rw.tables, t)
	if err := rw.query(i, len(toks)-1); err != nil {
		return nil, err
	}
	b.WriteByte(' ')
	b.WriteString(rw.out.String())
	return s.execDML(ctx, cat, b.String(), args, opDelete)
}

func (s *session) execDML(ctx context.Context, cat *catalog, q string, args []any, op sqlOp) (*result, *sqlError) {
	if s.dryRun {
		// EXPLAIN compiles the statement (names, columns, functions) without running it.
		rows, err := s.conn.QueryContext(ctx, "EXPLAIN "+q, args...)
		if err != nil {
			return nil, mapSQLiteError(err, op, cat)
		}
		rows.Close()
		return &result{}, nil
	}
	if !s.autoCommit && !s.inTx {
		if err := s.begin(ctx); err != nil {
			return nil, err
		}
		if err := s.openTx(ctx); err != nil {
			return nil, err
		}
	}
	var res sql.Result
	var err error
	if s.batch != nil {
		res, err = s.batch.exec(ctx, s.conn, cat, q, args)
	} else {
		res, err = s.conn.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return nil, mapSQLiteError(err, op, cat)
	}
	n, _ := res.RowsAffected()
	return &result{affected: n}, nil
}

func matchParenIn(toks []token, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch {
		case toks[j].op("("):
			depth++
		case toks[j].op(")"):
			depth--
			if depth == 0 {
				return j
			}
		case toks[j].kind == tkEOF:
			return -1
		}
	}
	return -1
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
