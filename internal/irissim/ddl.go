package irissim

import (
	"context"
	"strings"
)

// ddl dispatches CREATE / DROP / ALTER / TRUNCATE.
func (s *session) ddl(ctx context.Context, cat *catalog, toks []token) (*result, *sqlError) {
	var err *sqlError
	switch {
	case toks[0].is("CREATE"):
		err = s.create(ctx, cat, toks)
	case toks[0].is("DROP"):
		err = s.drop(ctx, cat, toks)
	case toks[0].is("ALTER"):
		err = s.alter(ctx, cat, toks)
	case toks[0].is("TRUNCATE"):
		err = s.truncate(ctx, cat, toks)
	}
	if err != nil {
		s.cat = nil // the snapshot may hold the failed change: reload it
		return nil, err
	}
	return &result{}, nil
}

// atomically runs a DDL change inside a savepoint so that a failure leaves
// neither half-built SQLite objects nor metadata behind.
func (s *session) atomically(ctx context.Context, cat *catalog, fn func() *sqlError) *sqlError {
	if _, err := s.conn.ExecContext(ctx, `SAVEPOINT "%ddl"`); err != nil {
		return mapSQLiteError(err, opDDL, cat)
	}
	err := fn()
	if err == nil {
		if rerr := refreshInfoSchema(ctx, s.conn); rerr != nil {
			err = mapSQLiteError(rerr, opDDL, cat)
		}
	}
	if err != nil {
		s.conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK TO "%ddl"`)
		s.conn.ExecContext(context.WithoutCancel(ctx), `RELEASE "%ddl"`)
		return err
	}
	if _, err := s.conn.ExecContext(ctx, `RELEASE "%ddl"`); err != nil {
		return mapSQLiteError(err, opDDL, cat)
	}
	s.ddlDone()
	return nil
}

func (s *session) run(ctx context.Context, cat *catalog, stmts ...string) *sqlError {
	for _, q := range stmts {
		if q == "" {
			continue
		}
		if _, err := s.conn.ExecContext(ctx, q); err != nil {
			e := mapSQLiteError(err, opDDL, cat)
			if e.Code == -119 {
				e.Code = -125
			}
			return e
		}
	}
	return nil
}

func (s *session) create(ctx context.Context, cat *catalog, toks []token) *sqlError {
	i := 1
	unique := false
	switch {
	case toks[i].is("GLOBAL") && toks[i+1].is("TEMPORARY"):
		i += 2
	case toks[i].is("UNIQUE"):
		unique = true
		i++
	case toks[i].is("BITMAP") || toks[i].is("BITSLICE"):
		i++
	case toks[i].is("OR") && toks[i+1].is("REPLACE") && toks[i+2].is("VIEW"):
		i += 2
	}
	switch {
	case toks[i].is("TABLE") && !unique:
		return s.createTable(ctx, cat, toks, i+1)
	case toks[i].is("INDEX"):
		return s.createIndex(ctx, cat, toks, i+1, unique)
	case toks[i].is("VIEW") && !unique:
		return s.createView(ctx, cat, toks, i+1, toks[1].is("OR"))
	case toks[i].is("SCHEMA") && !unique:
		return s.createSchema(ctx, cat, toks, i+1)
	}
	return errSyntax("CREATE " + toks[i].text + " is not supported")
}

// qualifiedName reads name or schema.name for DDL (default schema SQLUser).
func qualifiedName(cat *catalog, toks []token, i int) (schema, name string, next int, err *sqlError) {
	if !toks[i].isName() {
		return "", "", i, errSyntax("Name expected, found " + toks[i].text)
	}
	schema, name = defaultSchema, identName(toks[i])
	i++
	if toks[i].op(".") && toks[i+1].isName() {
		schema, name = identName(toks[i-1]), identName(toks[i+1])
		i += 2
	}
	if s, ok := cat.schemas[upperIdent(schema)]; ok {
		schema = s // keep the case the schema was created with
	}
	if strings.EqualFold(schema, "INFORMATION_SCHEMA") {
		return "", "", i, sqlErrorf(-312, "Schema name '%s' is reserved", schema)
	}
	if len(name) > 128 {
		return "", "", i, errSyntax("Identifier longer than 128 characters")
	}
	if name != "" && isDigit(name[0]) {
		return "", "", i, sqlErrorf(-400, "ERROR #5053: Class name '%s' is invalid", name)
	}
	return schema, name, i, nil
}

func (s *session) createTable(ctx context.Context, cat *catalog, toks []token, i int) *sqlError {
	ifNotExists := false
	if toks[i].is("IF") && toks[i+1].is("NOT") && toks[i+2].is("EXISTS") {
		ifNotExists = true
		i += 3
	}
	schema, name, i, err := qualifiedName(cat, toks, i)
	if err != nil {
		return err
	}
	if cat.lookup(schema, name) != nil {
		if ifNotExists {
			return nil
		}
		return sqlErrorf(-201, "Table '%s.%s' already exists", schema, name)
	}
	if toks[i].is("AS") {
		return errSyntax("CREATE TABLE ... AS SELECT is not supported by the simulator")
	}
	if !toks[i].op("(") {
		return errSyntax("'(' expected after table name")
	}
	m := matchParenIn(toks, i)
	if m < 0 {
		return errSyntax("')' expected after table definition")
	}
	if toks[m+1].kind != tkEOF {
		return errSyntax("Unexpected " + toks[m+1].text + " after table definition")
	}
	t := &table{Schema: schema, Name: name}
	for _, rg := range splitTopLevel(toks, i+1, m) {
		if rg[0] == rg[1] {
			return errSyntax("Empty table element")
		}
		if err := parseTableElement(cat, t, toks, rg[0], rg[1]); err != nil {
			return err
		}
	}
	if len(t.Columns) == 0 {
		return errSyntax("A table needs at least one field")
	}
	return s.atomically(ctx, cat, func() *sqlError {
		stmts := []string{createTableSQL(t, t.phys())}
		more, err := tableObjectsSQL(t, cat)
		if err != nil {
			return err
		}
		if err := s.run(ctx, cat, append(stmts, more...)...); err != nil {
			return err
		}
		return s.saveMeta(ctx, cat, t)
	})
}

// tableObjectsSQL renders constraints and triggers of a new table.
func tableObjectsSQL(t *table, cat *catalog) ([]string, *sqlError) {
	var stmts []string
	for _, k := range t.Constraints {
		more, err := constraintSQL(t, k, cat)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, more...)
	}
	for _, c := range t.Columns {
		if c.AutoIncrement {
			stmts = append(stmts, autoIncrementSQL(t, c)...)
			if c.NotNull {
				stmts = append(stmts, notNullTriggers(t, c, "AI")[1])
			}
		}
	}
	return stmts, nil
}

func (s *session) saveMeta(ctx context.Context, cat *catalog, t *table) *sqlError {
	if err := saveTable(ctx, s.conn, t); err != nil {
		return mapSQLiteError(err, opDDL, cat)
	}
	return nil
}

// parseTableElement reads one column definition or table constraint.
func parseTableElement(cat *catalog, t *table, toks []token, a, b int) *sqlError {
	cname := ""
	i := a
	if toks[i].is("CONSTRAINT") {
		if !toks[i+1].isName() {
			return errSyntax("Constraint name expected")
		}
		cname = identName(toks[i+1])
		i += 2
	}
	switch {
	case toks[i].is("PRIMARY") || toks[i].is("UNIQUE") || toks[i].is("FOREIGN"):
		k, next, err := parseConstraint(cat, t, toks, i, b, cname)
		if err != nil {
			return err
		}
		if next != b {
			return errSyntax("Unexpected " + toks[next].text + " in constraint")
		}
		return addConstraint(t, k)
	case toks[i].is("CHECK"):
		return errSyntax("CHECK constraints are not supported by IRIS SQL")
	case cname != "":
		return errSyntax("PRIMARY KEY, UNIQUE or FOREIGN KEY expected after CONSTRAINT name")
	}
	return parseColumn(cat, t, toks, a, b)
}

// parseColumn reads "name type [constraints]".
func parseColumn(cat *catalog, t *table, toks []token, i, b int) *sqlError {
	if !toks[i].isName() {
		return errSyntax("Field name expected, found " + toks[i].text)
	}
	c := &column{Name: identName(toks[i])}
	if t.col(c.Name) != nil {
		return sqlErrorf(-306, "Column with this name already exists: %s", c.Name)
	}
	i++
	switch {
	case toks[i].is("IDENTITY"):
		c.Type = typeByName["BIGINT"]
	case toks[i].is("SERIAL"):
		c.Type, c.AutoIncrement = typeByName["BIGINT"], true
		i++
	default:
		typ, next, err := parseType(toks, i)
		if err != nil {
			return err
		}
		c.Type, i = typ, next
	}
	t.Columns = append(t.Columns, c)
	for i < b {
		tk := toks[i]
		cname := ""
		if tk.is("CONSTRAINT") && toks[i+1].isName() {
			cname = identName(toks[i+1])
			i += 2
			tk = toks[i]
		}
		switch {
		case tk.is("NOT") && toks[i+1].is("NULL"):
			c.NotNull = true
			i += 2
		case tk.is("NULL"):
			i++
		case tk.is("IDENTITY"):
			if c.Type.Kind != kInt {
				return errSyntax("IDENTITY field must be an integer type")
			}
			if t.identity() != nil {
				return sqlErrorf(-308, "Table '%s' has more than one IDENTITY field", t.Name)
			}
			c.Identity = true
			i++
		case tk.is("AUTO_INCREMENT"):
			if c.Type.Kind != kInt {
				return errSyntax("AUTO_INCREMENT field must be an integer type")
			}
			c.AutoIncrement = true
			i++
		case tk.is("UNIQUE"):
			if err := addConstraint(t, &constraint{Name: cname, Type: "UNIQUE", Columns: []string{c.Name}}); err != nil {
				return err
			}
			i++
		case tk.is("PRIMARY") && toks[i+1].is("KEY"):
			if err := addConstraint(t, &constraint{Name: cname, Type: "PRIMARY KEY", Columns: []string{c.Name}}); err != nil {
				return err
			}
			i += 2
		case tk.is("REFERENCES"):
			k := &constraint{Name: cname, Type: "FOREIGN KEY", Columns: []string{c.Name}}
			next, err := parseReferences(cat, t, toks, i, b, k)
			if err != nil {
				return err
			}
			if err := addConstraint(t, k); err != nil {
				return err
			}
			i = next
		case tk.is("DEFAULT"):
			end := i + 1
			for end < b && !columnConstraintStart(toks[end]) {
				end++
			}
			if end == i+1 {
				return errSyntax("Value expected after DEFAULT")
			}
			text := tokensText(toks[i+1 : end])
			if err := checkDefault(toks[i+1 : end]); err != nil {
				return err
			}
			c.Default = &text
			i = end
		case tk.is("COLLATE"):
			switch {
			case toks[i+1].is("%EXACT") || toks[i+1].is("EXACT") || toks[i+1].is("%SQLSTRING"):
				c.Exact = true
			case toks[i+1].is("%SQLUPPER") || toks[i+1].is("SQLUPPER"):
			default:
				return errSyntax("Unsupported collation " + toks[i+1].text)
			}
			i += 2
			if toks[i].op("(") {
				i = matchParenIn(toks, i) + 1
			}
		case tk.is("%DESCRIPTION"):
			if toks[i+1].kind != tkString {
				return errSyntax("String expected after %DESCRIPTION")
			}
			d := stringValue(toks[i+1])
			c.Description = &d
			i += 2
		case tk.is("CHECK"):
			return errSyntax("CHECK constraints are not supported by IRIS SQL")
		default:
			return errSyntax("Unexpected " + tk.text + " in definition of field " + c.Name)
		}
	}
	return nil
}

func columnConstraintStart(t token) bool {
	switch t.up {
	case "NOT", "NULL", "UNIQUE", "PRIMARY", "REFERENCES", "CONSTRAINT", "COLLATE", "IDENTITY",
		"AUTO_INCREMENT", "%DESCRIPTION", "CHECK", "DEFAULT":
		return t.kind == tkIdent
	}
	return false
}

// checkDefault accepts literals, NULL and the date/time/user functions IRIS
// allows as column defaults.
func checkDefault(toks []token) *sqlError {
	if len(toks) == 2 && toks[0].op("-") && toks[1].kind == tkNumber {
		return nil
	}
	if len(toks) == 1 {
		switch t := toks[0]; {
		case t.kind == tkString || t.kind == tkNumber || t.is("NULL"),
			t.is("CURRENT_TIMESTAMP") || t.is("CURRENT_DATE") || t.is("CURRENT_TIME") || t.is("SYSDATE"):
			return nil
		}
	}
	if len(toks) == 3 && toks[1].op("(") && toks[2].op(")") {
		switch toks[0].up {
		case "GETDATE", "NOW", "CURRENT_TIMESTAMP", "CURDATE", "CURTIME":
			return nil
		}
	}
	return errSyntax("Unsupported DEFAULT value " + tokensText(toks))
}

func tokensText(toks []token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 && !t.op("(") && !t.op(")") && !toks[k-1].op("(") && !toks[k-1].op("-") {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}
