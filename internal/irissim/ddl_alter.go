package irissim

import (
	"context"
	"slices"
	"strings"
)

func (s *session) drop(ctx context.Context, cat *catalog, toks []token) *sqlError {
	switch {
	case toks[1].is("TABLE"), toks[1].is("VIEW"):
		if toks[2].is("IF") {
			return errSyntax("DROP " + toks[1].up + " IF EXISTS is not supported")
		}
		schema, name, i, err := qualifiedName(cat, toks, 2)
		if err != nil {
			return err
		}
		if toks[i].is("CASCADE") || toks[i].is("RESTRICT") {
			return errSyntax(toks[i].up + " is not supported in DROP " + toks[1].up)
		}
		if toks[i].kind != tkEOF {
			return errSyntax("Unexpected " + toks[i].text)
		}
		t := cat.lookup(schema, name)
		wantView := toks[1].is("VIEW")
		if t == nil || t.View != wantView {
			what := "Table"
			if wantView {
				what = "View"
			}
			return sqlErrorf(-30, "%s '%s.%s' not found", what, upperIdent(schema), upperIdent(name))
		}
		if ref := referencingTable(cat, t); ref != "" {
			return sqlErrorf(-320, "Cannot DROP table '%s.%s': it is referenced by a FOREIGN KEY of table '%s'", t.Schema, t.Name, ref)
		}
		return s.atomically(ctx, cat, func() *sqlError {
			stmts := dropParentTriggers(t)
			if t.View {
				stmts = append(stmts, "DROP VIEW "+t.phys())
			} else {
				stmts = append(stmts, "DROP TABLE "+t.phys())
			}
			views := compilingViews(ctx, s, cat, t, nil)
			if err := s.run(ctx, cat, stmts...); err != nil {
				return err
			}
			if after := compilingViews(ctx, s, cat, t, views); len(after) < len(views) {
				v := firstMissing(views, after)
				what := "table"
				if t.View {
					what = "view"
				}
				return sqlErrorf(-321, "Cannot DROP %s '%s.%s': view '%s.%s' references it", what, t.Schema, t.Name, v.Schema, v.Name)
			}
			if err := deleteTable(ctx, s.conn, t); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			if _, err := s.conn.ExecContext(ctx, `DELETE FROM "%sim_counter" WHERE name LIKE ? ESCAPE '\'`,
				likePrefix(upperIdent(t.Schema+"."+t.Name+"."))); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			return nil
		})
	case toks[1].is("INDEX"):
		return s.dropIndex(ctx, cat, toks)
	case toks[1].is("SCHEMA"):
		if !toks[2].isName() || toks[3].kind != tkEOF {
			return errSyntax("Schema name expected")
		}
		name := identName(toks[2])
		if !cat.hasSchema(name) {
			return sqlErrorf(-478, "Schema '%s' not found", name)
		}
		for _, t := range cat.tables {
			if strings.EqualFold(t.Schema, name) {
				return sqlErrorf(-473, "Schema '%s' is not empty", name)
			}
		}
		return s.atomically(ctx, cat, func() *sqlError {
			if _, err := s.conn.ExecContext(ctx, `DELETE FROM "%sim_schema" WHERE schema_name = ?`, name); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			return nil
		})
	}
	return errSyntax("DROP " + toks[1].text + " is not supported")
}

// referencingTable names another table whose FOREIGN KEY references t.
func referencingTable(cat *catalog, t *table) string {
	for _, o := range cat.tables {
		if o == t {
			continue
		}
		for _, k := range o.Constraints {
			if k.Type == "FOREIGN KEY" && strings.EqualFold(k.RefSchema, t.Schema) && strings.EqualFold(k.RefTable, t.Name) {
				return o.Schema + "." + o.Name
			}
		}
	}
	return ""
}

// compilingViews are the views (other than dropped; among of, when given) that SQLite
// can read. IRIS refuses to drop a table or view that a view references unless CASCADE
// is given (SQLCODE -321, RSQL_droptable / RSQL_dropview); SQLite would leave the view
// broken, so a view that compiled before the drop and not after depends on it.
func compilingViews(ctx context.Context, s *session, cat *catalog, dropped *table, of []*table) []*table {
	var out []*table
	for _, v := range cat.tables {
		if !v.View || v == dropped || of != nil && !slices.Contains(of, v) {
			continue
		}
		rows, err := s.conn.QueryContext(ctx, "SELECT * FROM "+v.phys()+" LIMIT 0")
		if err != nil {
			continue
		}
		rows.Close()
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *table) int { return strings.Compare(a.Schema+"."+a.Name, b.Schema+"."+b.Name) })
	return out
}

func firstMissing(all, some []*table) *table {
	for _, v := range all {
		if !slices.Contains(some, v) {
			return v
		}
	}
	return nil
}

// dropIndex handles DROP INDEX name [ON [TABLE] t] and DROP INDEX t.name.
func (s *session) dropIndex(ctx context.Context, cat *catalog, toks []token) *sqlError {
	i := 2
	if !toks[i].isName() {
		return errSyntax("Index name expected")
	}
	var t *table
	name := identName(toks[i])
	i++
	switch {
	case toks[i].op("."):
		// table.index or schema.table.index
		parts := []string{name}
		for toks[i].op(".") && toks[i+1].isName() {
			parts = append(parts, identName(toks[i+1]))
			i += 2
		}
		name = parts[len(parts)-1]
		if len(parts) == 2 && cat.lookup("", parts[0]) == nil && cat.hasSchema(parts[0]) {
			// schema.index: search that schema's tables below.
			for _, cand := range cat.tables {
				if strings.EqualFold(cand.Schema, parts[0]) && cand.indexNamed(name) != nil {
					t = cand
				}
			}
			if t == nil {
				return sqlErrorf(-333, "Index '%s' not found", name)
			}
			break
		}
		schema := ""
		if len(parts) == 3 {
			schema = parts[0]
		}
		t = cat.lookup(schema, parts[len(parts)-2])
		if t == nil {
			return sqlErrorf(-30, "Table '%s' not found", upperIdent(strings.Join(parts[:len(parts)-1], ".")))
		}
	case toks[i].is("ON"):
		i++
		if toks[i].is("TABLE") {
			i++
		}
		var err *sqlError
		t, i, err = targetTable(cat, toks, i)
		if err != nil {
			return err
		}
	}
	if toks[i].kind != tkEOF {
		return errSyntax("Unexpected " + toks[i].text)
	}
	var found *index
	for _, cand := range cat.tables {
		if t != nil && cand != t {
			continue
		}
		for _, ix := range cand.Indexes {
			if strings.EqualFold(ix.Name, name) {
				if found != nil {
					return errSyntax("Index name '" + name + "' is ambiguous; qualify it with its table")
				}
				found, t = ix, cand
			}
		}
	}
	if found == nil {
		return sqlErrorf(-333, "Index '%s' not found", name)
	}
	return s.atomically(ctx, cat, func() *sqlError {
		if found.Kind != "HNSW" {
			if err := s.run(ctx, cat, "DROP INDEX "+objName("ix", t.phys(), found.Name)); err != nil {
				return err
			}
		}
		kept := t.Indexes[:0]
		for _, ix := range t.Indexes {
			if ix != found {
				kept = append(kept, ix)
			}
		}
		t.Indexes = kept
		return s.saveMeta(ctx, cat, t)
	})
}

// alter handles ALTER TABLE t ADD [COLUMN] def | ADD [CONSTRAINT n] ... |
// DROP [COLUMN] c | DROP CONSTRAINT n | ALTER [COLUMN] f … | RENAME t2.
func (s *session) alter(ctx context.Context, cat *catalog, toks []token) *sqlError {
	if !toks[1].is("TABLE") {
		return errSyntax("ALTER " + toks[1].text + " is not supported")
	}
	t, i, err := targetTable(cat, toks, 2)
	if err != nil {
		return err
	}
	if t.View {
		return errSyntax("ALTER TABLE on a view")
	}
	end := len(toks) - 1
	switch {
	case toks[i].is("RENAME"):
		// RENAME table (IRIS ALTER TABLE synopsis).
		schema, name, next, err := qualifiedName(cat, toks, i+1)
		if err != nil {
			return err
		}
		if toks[next].kind != tkEOF {
			return errSyntax("Unexpected " + toks[next].text)
		}
		return s.renameTable(ctx, cat, t, schema, name)
	case toks[i].is("ADD"):
		i++
		if toks[i].is("CONSTRAINT") || toks[i].is("PRIMARY") || toks[i].is("UNIQUE") || toks[i].is("FOREIGN") {
			return s.addConstraint(ctx, cat, t, toks, i, end)
		}
		if toks[i].is("CHECK") {
			return errSyntax("CHECK constraints are not supported by IRIS SQL")
		}
		if toks[i].is("COLUMN") {
			i++
		}
		return s.addColumn(ctx, cat, t, toks, i, end)
	case toks[i].is("DROP"):
		i++
		if toks[i].is("CONSTRAINT") {
			if !toks[i+1].isName() || toks[i+2].kind != tkEOF {
				return errSyntax("Constraint name expected")
			}
			return s.dropConstraint(ctx, cat, t, identName(toks[i+1]))
		}
		if toks[i].is("COLUMN") {
			i++
		}
		if !toks[i].isName() || toks[i+1].kind != tkEOF {
			return errSyntax("Field name expected")
		}
		return s.dropColumn(ctx, cat, t, identName(toks[i]))
	case toks[i].is("ALTER"):
		// ALTER [COLUMN] field RENAME newfieldname | DEFAULT value | DROP DEFAULT | NULL
		// | NOT NULL | datatype (IRIS ALTER TABLE synopsis); COLLATE is not simulated.
		i++
		if toks[i].is("COLUMN") {
			i++
		}
		if !toks[i].isName() {
			return errSyntax("Field name expected")
		}
		field := identName(toks[i])
		switch {
		case toks[i+1].is("RENAME") && toks[i+2].isName() && toks[i+3].kind == tkEOF:
			return s.renameColumn(ctx, cat, t, field, identName(toks[i+2]))
		case toks[i+1].is("DEFAULT") && toks[i+2].kind != tkEOF:
			end := len(toks) - 1 // the EOF token
			if err := checkDefault(toks[i+2 : end]); err != nil {
				return err
			}
			text := tokensText(toks[i+2 : end])
			return s.alterColumn(ctx, cat, t, field, func(c *column) *sqlError { c.Default = &text; return nil })
		case toks[i+1].is("DROP") && toks[i+2].is("DEFAULT") && toks[i+3].kind == tkEOF:
			return s.alterColumn(ctx, cat, t, field, func(c *column) *sqlError { c.Default = nil; return nil })
		case toks[i+1].is("NULL") && toks[i+2].kind == tkEOF:
			return s.alterColumn(ctx, cat, t, field, func(c *column) *sqlError { c.NotNull = false; return nil })
		case toks[i+1].is("NOT") && toks[i+2].is("NULL") && toks[i+3].kind == tkEOF:
			return s.alterColumn(ctx, cat, t, field, func(c *column) *sqlError { c.NotNull = true; return nil })
		case toks[i+1].kind == tkIdent && !toks[i+1].is("RENAME") && !toks[i+1].is("DEFAULT") && !toks[i+1].is("DROP") && !toks[i+1].is("COLLATE") && !toks[i+1].is("NOT") && !toks[i+1].is("NULL"):
			typ, next, err := parseType(toks, i+1)
			if err != nil {
				return err
			}
			if toks[next].kind != tkEOF {
				return errSyntax("Unexpected " + toks[next].text)
			}
			return s.alterColumn(ctx, cat, t, field, func(c *column) *sqlError { return changeType(c, typ) })
		}
		return errSyntax("ALTER COLUMN " + toks[i].text + " " + toks[i+1].text + " is not supported")
	}
	return errSyntax("ALTER TABLE " + toks[i].text + " is not supported")
}

func (s *session) addColumn(ctx context.Context, cat *catalog, t *table, toks []token, i, end int) *sqlError {
	probe := &table{Schema: t.Schema, Name: t.Name, Columns: append([]*column(nil), t.Columns...), Constraints: append([]*constraint(nil), t.Constraints...)}
	if err := parseColumn(cat, probe, toks, i, end); err != nil {
		return err
	}
	c := probe.Columns[len(probe.Columns)-1]
	if c.Identity {
		return errSyntax("Cannot add an IDENTITY field to an existing table")
	}
	newKeys := probe.Constraints[len(t.Constraints):]
	return s.atomically(ctx, cat, func() *sqlError {
		stmts := []string{"ALTER TABLE " + t.phys() + " ADD COLUMN " + columnSQL(c, false)}
		if c.NotNull {
			if c.Default == nil {
				var n int
				if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM "+t.phys()).Scan(&n); err == nil && n > 0 {
					return sqlErrorf(-108, "Cannot add required field '%s' without a default to a table with rows", c.Name)
				}
			}
			stmts = append(stmts, notNullTriggers(probe, c, "NN")...)
		}
		if c.AutoIncrement {
			stmts = append(stmts, autoIncrementSQL(probe, c)...)
		}
		for _, k := range newKeys {
			more, err := constraintSQL(probe, k, cat)
			if err != nil {
				return err
			}
			stmts = append(stmts, more...)
		}
		if err := s.run(ctx, cat, stmts...); err != nil {
			return err
		}
		t.Columns, t.Constraints = probe.Columns, probe.Constraints
		return s.saveMeta(ctx, cat, t)
	})
}

func (s *session) dropColumn(ctx context.Context, cat *catalog, t *table, name string) *sqlError {
	c := t.col(name)
	if c == nil {
		return sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(name), t.Name)
	}
	if c.Identity {
		return errSyntax("Cannot drop the IDENTITY field")
	}
	for _, k := range t.Constraints {
		for _, kc := range k.Columns {
			if strings.EqualFold(kc, c.Name) {
				return sqlErrorf(-400, "Field '%s' is used by constraint '%s'; drop the constraint first", c.Name, k.Name)
			}
		}
	}
	return s.atomically(ctx, cat, func() *sqlError {
		var stmts []string
		kept := t.Indexes[:0]
		for _, ix := range t.Indexes {
			uses := false
			for _, ic := range ix.Columns {
				uses = uses || strings.EqualFold(ic, c.Name)
			}
			if !uses {
				kept = append(kept, ix)
			} else if ix.Kind != "HNSW" {
				stmts = append(stmts, "DROP INDEX "+objName("ix", t.phys(), ix.Name))
			}
		}
		t.Indexes = kept
		for _, tag := range []string{"NN", "AI"} {
			stmts = append(stmts, "DROP TRIGGER IF EXISTS "+objName("nni", t.phys(), c.Name+":"+tag),
				"DROP TRIGGER IF EXISTS "+objName("nnu", t.phys(), c.Name+":"+tag))
		}
		stmts = append(stmts, "DROP TRIGGER IF EXISTS "+objName("ai", t.phys(), c.Name),
			"ALTER TABLE "+t.phys()+" DROP COLUMN "+quoteIdent(c.Name))
		if err := s.run(ctx, cat, stmts...); err != nil {
			return err
		}
		cols := t.Columns[:0]
		for _, x := range t.Columns {
			if x != c {
				cols = append(cols, x)
			}
		}
		t.Columns = cols
		return s.saveMeta(ctx, cat, t)
	})
}

// renameColumn renames a field. The SQLite objects that enforce constraints on it
// (unique indexes, NOT NULL and foreign-key triggers, here and in referencing tables)
// are named after or written with the field's name, so they are dropped, the column is
// renamed, and they are built again from the renamed metadata; an AUTO_INCREMENT
// counter keeps its value.
func (s *session) renameColumn(ctx context.Context, cat *catalog, t *table, oldName, newName string) *sqlError {
	c := t.col(oldName)
	if c == nil {
		return sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(oldName), t.Name)
	}
	if o := t.col(newName); o != nil && o != c {
		return sqlErrorf(-306, "Column with this name already exists: %s", newName)
	}
	uses := func(cols []string) bool {
		for _, x := range cols {
			if strings.EqualFold(x, c.Name) {
				return true
			}
		}
		return false
	}
	var affected []heldConstraint
	for _, o := range cat.tables {
		for _, k := range o.Constraints {
			if (o == t && uses(k.Columns)) || (k.Type == "FOREIGN KEY" && strings.EqualFold(k.RefSchema, t.Schema) && strings.EqualFold(k.RefTable, t.Name) && uses(k.RefColumns)) {
				affected = append(affected, heldConstraint{o, k})
			}
		}
	}
	phys := t.phys()
	var nnTrigger bool
	s.conn.QueryRowContext(ctx, "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'trigger' AND name = ?", unquoted(objName("nni", phys, c.Name+":NN"))).Scan(&nnTrigger)
	return s.atomically(ctx, cat, func() *sqlError {
		drops := dropHeldSQL(affected)
		drops = append(drops,
			"DROP TRIGGER IF EXISTS "+objName("nni", phys, c.Name+":NN"),
			"DROP TRIGGER IF EXISTS "+objName("nnu", phys, c.Name+":NN"),
			"DROP TRIGGER IF EXISTS "+objName("ai", phys, c.Name),
			"ALTER TABLE "+phys+" RENAME COLUMN "+quoteIdent(c.Name)+" TO "+quoteIdent(newName))
		if err := s.run(ctx, cat, drops...); err != nil {
			return err
		}
		oldKey := counterKey(t, c)
		rename := func(cols []string) {
			for i, x := range cols {
				if strings.EqualFold(x, c.Name) {
					cols[i] = newName
				}
			}
		}
		for _, a := range affected {
			if a.t == t {
				rename(a.k.Columns)
			}
			if a.k.Type == "FOREIGN KEY" && strings.EqualFold(a.k.RefSchema, t.Schema) && strings.EqualFold(a.k.RefTable, t.Name) {
				rename(a.k.RefColumns)
			}
		}
		for _, ix := range t.Indexes {
			rename(ix.Columns)
		}
		c.Name = newName
		var builds []string
		if nnTrigger {
			builds = append(builds, notNullTriggers(t, c, "NN")...)
		}
		if c.AutoIncrement {
			if _, err := s.conn.ExecContext(ctx, `UPDATE "%sim_counter" SET name = ? WHERE name = ?`, counterKey(t, c), oldKey); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			builds = append(builds, autoIncrementSQL(t, c)[1:]...) // the trigger, not a fresh counter
		}
		more, err := heldSQL(affected, cat)
		if err != nil {
			return err
		}
		if err := s.run(ctx, cat, append(builds, more...)...); err != nil {
			return err
		}
		return s.saveHeldMeta(ctx, cat, t, affected)
	})
}

// renameTable renames a table. The SQLite objects that enforce its constraints, indexes
// and counters are named after the table (and other tables' foreign-key triggers are
// written with its name), so they are dropped, the table is renamed, and they are built
// again from the renamed metadata; AUTO_INCREMENT counters keep their values and other
// tables' foreign keys follow the table. Moving the table to another schema and renaming
// a table a view reads are refused: IRIS's behaviour there is not established.
func (s *session) renameTable(ctx context.Context, cat *catalog, t *table, schema, name string) *sqlError {
	if !strings.EqualFold(schema, t.Schema) {
		return errSyntax("RENAME cannot move table '" + t.Schema + "." + t.Name + "' to schema '" + schema + "'")
	}
	if cat.lookup(schema, name) != nil {
		return sqlErrorf(-201, "Table '%s.%s' already exists", schema, name)
	}
	var affected []heldConstraint
	for _, o := range cat.tables {
		for _, k := range o.Constraints {
			if o == t || k.Type == "FOREIGN KEY" && strings.EqualFold(k.RefSchema, t.Schema) && strings.EqualFold(k.RefTable, t.Name) {
				affected = append(affected, heldConstraint{o, k})
			}
		}
	}
	oldPhys, oldName := t.phys(), t.Name
	triggers := map[string]bool{}
	if rows, err := s.conn.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", unquoted(oldPhys)); err == nil {
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				triggers[n] = true
			}
		}
		rows.Close()
	}
	views := compilingViews(ctx, s, cat, nil, nil)
	// Views must not follow the rename silently (SQLite would rewrite them): a view that
	// no longer compiles reads the table.
	if _, err := s.conn.ExecContext(ctx, "PRAGMA legacy_alter_table = ON"); err != nil {
		return mapSQLiteError(err, opDDL, cat)
	}
	defer s.conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA legacy_alter_table = OFF")
	return s.atomically(ctx, cat, func() *sqlError {
		drops := dropHeldSQL(affected)
		for _, ix := range t.Indexes {
			if ix.Kind != "HNSW" {
				drops = append(drops, "DROP INDEX "+objName("ix", oldPhys, ix.Name))
			}
		}
		nn := map[*column]bool{}
		for _, c := range t.Columns {
			nn[c] = triggers[unquoted(objName("nni", oldPhys, c.Name+":NN"))]
			for _, tag := range []string{"NN", "AI"} {
				drops = append(drops, "DROP TRIGGER IF EXISTS "+objName("nni", oldPhys, c.Name+":"+tag),
					"DROP TRIGGER IF EXISTS "+objName("nnu", oldPhys, c.Name+":"+tag))
			}
			drops = append(drops, "DROP TRIGGER IF EXISTS "+objName("ai", oldPhys, c.Name))
		}
		drops = append(drops, "ALTER TABLE "+oldPhys+" RENAME TO "+physName(schema, name))
		if err := s.run(ctx, cat, drops...); err != nil {
			return err
		}
		if after := compilingViews(ctx, s, cat, nil, views); len(after) < len(views) {
			v := firstMissing(views, after)
			return sqlErrorf(-400, "Cannot RENAME table '%s.%s': view '%s.%s' references it", t.Schema, oldName, v.Schema, v.Name)
		}
		if err := deleteTable(ctx, s.conn, t); err != nil {
			return mapSQLiteError(err, opDDL, cat)
		}
		var oldKeys []string
		for _, c := range t.Columns {
			oldKeys = append(oldKeys, counterKey(t, c))
		}
		delete(cat.tables, tableKey(t.Schema, t.Name))
		t.Name = name
		cat.tables[tableKey(t.Schema, t.Name)] = t
		for _, a := range affected {
			if a.k.Type == "FOREIGN KEY" && strings.EqualFold(a.k.RefSchema, t.Schema) && strings.EqualFold(a.k.RefTable, oldName) {
				a.k.RefTable = name
			}
		}
		var builds []string
		for i, c := range t.Columns {
			if nn[c] {
				builds = append(builds, notNullTriggers(t, c, "NN")...)
			}
			if !c.AutoIncrement {
				continue
			}
			if _, err := s.conn.ExecContext(ctx, `UPDATE "%sim_counter" SET name = ? WHERE name = ?`, counterKey(t, c), oldKeys[i]); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			builds = append(builds, autoIncrementSQL(t, c)[1:]...) // the trigger, not a fresh counter
			if c.NotNull {
				builds = append(builds, notNullTriggers(t, c, "AI")[1])
			}
		}
		for _, ix := range t.Indexes {
			builds = append(builds, indexSQL(t, ix))
		}
		more, err := heldSQL(affected, cat)
		if err != nil {
			return err
		}
		if err := s.run(ctx, cat, append(builds, more...)...); err != nil {
			return err
		}
		return s.saveHeldMeta(ctx, cat, t, affected)
	})
}

func (s *session) addConstraint(ctx context.Context, cat *catalog, t *table, toks []token, i, end int) *sqlError {
	name := ""
	if toks[i].is("CONSTRAINT") {
		if !toks[i+1].isName() {
			return errSyntax("Constraint name expected")
		}
		name = identName(toks[i+1])
		i += 2
	}
	if toks[i].is("CHECK") {
		return errSyntax("CHECK constraints are not supported by IRIS SQL")
	}
	k, next, err := parseConstraint(cat, t, toks, i, end, name)
	if err != nil {
		return err
	}
	if next != end {
		return errSyntax("Unexpected " + toks[next].text + " in constraint")
	}
	if err := addConstraint(t, k); err != nil {
		return err
	}
	return s.atomically(ctx, cat, func() *sqlError {
		if k.Type == "FOREIGN KEY" {
			if n := s.orphans(ctx, cat, t, k); n > 0 {
				return sqlErrorf(-127, "FOREIGN KEY constraint '%s' failed referential check for %d existing row(s)", k.Name, n)
			}
		}
		stmts, err := constraintSQL(t, k, cat)
		if err != nil {
			return err
		}
		if err := s.run(ctx, cat, stmts...); err != nil {
			return err
		}
		return s.saveMeta(ctx, cat, t)
	})
}

// orphans counts existing child rows that violate a new FOREIGN KEY.
func (s *session) orphans(ctx context.Context, cat *catalog, t *table, k *constraint) int {
	parent := cat.lookup(k.RefSchema, k.RefTable)
	if parent == nil {
		parent = t
	}
	var nn, match []string
	for i, c := range k.Columns {
		nn = append(nn, "c."+quoteIdent(c)+" IS NOT NULL")
		match = append(match, "p."+quoteIdent(k.RefColumns[i])+" = c."+quoteIdent(c))
	}
	q := "SELECT count(*) FROM " + t.phys() + " AS c WHERE " + strings.Join(nn, " AND ") +
		" AND NOT EXISTS (SELECT 1 FROM " + parent.phys() + " AS p WHERE " + strings.Join(match, " AND ") + ")"
	var n int
	if err := s.conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0
	}
	return n
}

func (s *session) dropConstraint(ctx context.Context, cat *catalog, t *table, name string) *sqlError {
	k := t.constraintNamed(name)
	if k == nil {
		return sqlErrorf(-315, "Constraint '%s' not found in table '%s.%s'", name, t.Schema, t.Name)
	}
	if k.Type != "FOREIGN KEY" {
		if ref := referencingKey(cat, t, k); ref != "" {
			return sqlErrorf(-400, "Constraint '%s' is referenced by FOREIGN KEY '%s'", k.Name, ref)
		}
	}
	return s.atomically(ctx, cat, func() *sqlError {
		if err := s.run(ctx, cat, dropConstraintSQL(t, k)...); err != nil {
			return err
		}
		kept := t.Constraints[:0]
		for _, x := range t.Constraints {
			if x != k {
				kept = append(kept, x)
			}
		}
		t.Constraints = kept
		return s.saveMeta(ctx, cat, t)
	})
}

func referencingKey(cat *catalog, t *table, k *constraint) string {
	for _, o := range cat.tables {
		for _, fk := range o.Constraints {
			if fk.Type == "FOREIGN KEY" && strings.EqualFold(fk.RefSchema, t.Schema) &&
				strings.EqualFold(fk.RefTable, t.Name) && strings.EqualFold(fk.RefName, k.Name) {
				return fk.Name
			}
		}
	}
	return ""
}

// truncate empties a table and resets its counters (IRIS semantics).
func (s *session) truncate(ctx context.Context, cat *catalog, toks []token) *sqlError {
	i := 1
	if toks[i].is("TABLE") {
		i++
	}
	t, i, err := targetTable(cat, toks, i)
	if err != nil {
		return err
	}
	if toks[i].kind != tkEOF {
		return errSyntax("Unexpected " + toks[i].text)
	}
	if _, err := s.conn.ExecContext(ctx, "DELETE FROM "+t.phys()); err != nil {
		return mapSQLiteError(err, opDelete, cat)
	}
	if t.identity() != nil {
		// sqlite_sequence exists once any AUTOINCREMENT table was created.
		if _, err := s.conn.ExecContext(ctx, "DELETE FROM sqlite_sequence WHERE name = ?", unquoted(t.phys())); err != nil {
			return mapSQLiteError(err, opDelete, cat)
		}
	}
	for _, c := range t.Columns {
		if c.AutoIncrement {
			if _, err := s.conn.ExecContext(ctx, `UPDATE "%sim_counter" SET value = 0 WHERE name = ?`, counterKey(t, c)); err != nil {
				return mapSQLiteError(err, opDelete, cat)
			}
		}
	}
	return nil
}

// likePrefix escapes s for LIKE (escape '\') and appends '%'.
func likePrefix(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// heldConstraint is a constraint and the table that holds it: what a rename drops and
// builds again.
type heldConstraint struct {
	t *table
	k *constraint
}

// dropHeldSQL drops the SQLite objects that enforce held.
func dropHeldSQL(held []heldConstraint) []string {
	var drops []string
	for _, h := range held {
		drops = append(drops, dropConstraintSQL(h.t, h.k)...)
	}
	return drops
}

// heldSQL builds the SQLite objects that enforce held, from their metadata as it is now.
func heldSQL(held []heldConstraint, cat *catalog) ([]string, *sqlError) {
	var builds []string
	for _, h := range held {
		more, err := constraintSQL(h.t, h.k, cat)
		if err != nil {
			return nil, err
		}
		builds = append(builds, more...)
	}
	return builds, nil
}

// saveHeldMeta saves the metadata of t and of each table holding one of held, once each.
func (s *session) saveHeldMeta(ctx context.Context, cat *catalog, t *table, held []heldConstraint) *sqlError {
	saved := map[*table]bool{t: true}
	if err := s.saveMeta(ctx, cat, t); err != nil {
		return err
	}
	for _, h := range held {
		if !saved[h.t] {
			saved[h.t] = true
			if err := s.saveMeta(ctx, cat, h.t); err != nil {
				return err
			}
		}
	}
	return nil
}
