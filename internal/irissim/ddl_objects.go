package irissim

import (
	"context"
	"strings"
)

func (s *session) createIndex(ctx context.Context, cat *catalog, toks []token, i int, unique bool) *sqlError {
	if !toks[i].isName() {
		return errSyntax("Index name expected")
	}
	ix := &index{Name: identName(toks[i]), Unique: unique}
	i++
	if !toks[i].is("ON") {
		return errSyntax("ON expected in CREATE INDEX")
	}
	i++
	if toks[i].is("TABLE") {
		i++
	}
	t, next, err := targetTable(cat, toks, i)
	if err != nil {
		return err
	}
	cols, next, err := nameList(toks, next)
	if err != nil {
		return err
	}
	for _, c := range cols {
		if t.col(c) == nil {
			return sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(c), t.Name)
		}
	}
	ix.Columns = canonicalNames(t, cols)
	i = next
	if toks[i].is("AS") {
		if !toks[i+1].is("HNSW") {
			return errSyntax("Unsupported index type " + toks[i+1].text)
		}
		ix.Kind = "HNSW"
		i += 2
		if toks[i].op("(") {
			m := matchParenIn(toks, i)
			if m < 0 {
				return errSyntax("')' expected")
			}
			ix.Params = tokensText(toks[i+1 : m])
			i = m + 1
		}
		if len(ix.Columns) != 1 || t.col(ix.Columns[0]).Type.Kind != kVector {
			return errSyntax("An HNSW index needs exactly one VECTOR field")
		}
	}
	if toks[i].kind != tkEOF {
		return errSyntax("Unexpected " + toks[i].text + " after CREATE INDEX")
	}
	for _, x := range t.Indexes {
		if strings.EqualFold(x.Name, ix.Name) {
			return sqlErrorf(-324, "Index '%s' already defined for table '%s.%s'", ix.Name, t.Schema, t.Name)
		}
	}
	return s.atomically(ctx, cat, func() *sqlError {
		if err := s.run(ctx, cat, indexSQL(t, ix)); err != nil {
			return err
		}
		t.Indexes = append(t.Indexes, ix)
		return s.saveMeta(ctx, cat, t)
	})
}

func (s *session) createView(ctx context.Context, cat *catalog, toks []token, i int, replace bool) *sqlError {
	schema, name, i, err := qualifiedName(cat, toks, i)
	if err != nil {
		return err
	}
	var colNames []string
	if toks[i].op("(") {
		colNames, i, err = nameList(toks, i)
		if err != nil {
			return err
		}
	}
	if !toks[i].is("AS") {
		return errSyntax("AS expected in CREATE VIEW")
	}
	i++
	existing := cat.lookup(schema, name)
	if existing != nil && !(replace && existing.View) {
		return sqlErrorf(-201, "Table or view '%s.%s' already exists", schema, name)
	}
	rw := newRewriter(toks, s.env(cat))
	if err := rw.query(i, len(toks)-1); err != nil {
		return err
	}
	def := strings.TrimSpace(s.sourceText(toks, i))
	v := &table{Schema: schema, Name: name, View: true, ViewDef: def}
	return s.atomically(ctx, cat, func() *sqlError {
		phys := v.phys()
		var stmts []string
		if existing != nil {
			stmts = append(stmts, "DROP VIEW "+phys)
		}
		create := "CREATE VIEW " + phys
		if colNames != nil {
			create += " (" + quoteList(colNames) + ")"
		}
		stmts = append(stmts, create+" AS "+rw.out.String())
		if err := s.run(ctx, cat, stmts...); err != nil {
			return err
		}
		rows, qerr := s.conn.QueryContext(ctx, "SELECT * FROM "+phys+" LIMIT 0")
		if qerr != nil {
			return mapSQLiteError(qerr, opDDL, cat)
		}
		cols, derr := describeColumns(rows, rw.tables)
		rows.Close()
		if derr != nil {
			return mapSQLiteError(derr, opDDL, cat)
		}
		// Computed columns get their static type (SUM of a NUMERIC is NUMERIC), as a
		// query's do; only the types are taken, the names stay the view's.
		typed := append([]resultCol(nil), cols...)
		applyStaticTypes(typed, toks[i:], rw.tables)
		for k := range cols {
			if !cols[k].typed && typed[k].typed {
				cols[k].typ, cols[k].typed = typed[k].typ, true
			}
		}
		for _, c := range cols {
			typ := c.typ
			if !c.typed {
				typ = typeByName["VARCHAR"]
				typ.MaxLen = odbcVarcharMax
			}
			v.Columns = append(v.Columns, &column{Name: c.name, Type: typ, NotNull: c.nullable == 0})
		}
		return s.saveMeta(ctx, cat, v)
	})
}

// sourceText recovers the original SQL from token i on (for VIEW_DEFINITION).
func (s *session) sourceText(toks []token, i int) string {
	return s.lastSQL[toks[i].pos:]
}

func (s *session) createSchema(ctx context.Context, cat *catalog, toks []token, i int) *sqlError {
	if !toks[i].isName() || toks[i+1].kind != tkEOF {
		return errSyntax("Schema name expected")
	}
	name := identName(toks[i])
	if cat.hasSchema(name) {
		return sqlErrorf(-476, "Schema '%s' already exists", name)
	}
	return s.atomically(ctx, cat, func() *sqlError {
		if _, err := s.conn.ExecContext(ctx, `INSERT INTO "%sim_schema"(schema_name) VALUES (?)`, name); err != nil {
			return mapSQLiteError(err, opDDL, cat)
		}
		return nil
	})
}
