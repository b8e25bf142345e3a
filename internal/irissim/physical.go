package irissim

import (
	"strings"
)

// Physical layout. A table is a plain SQLite table whose columns carry only
// type, NOT NULL, DEFAULT and collation. Every IRIS constraint is a separately
// named SQLite object (unique index or trigger), so ALTER TABLE can add and
// drop constraints without rebuilding the table, and every violation raises
// the SQLCODE IRIS would.

func unquoted(phys string) string { return strings.ReplaceAll(phys[1:len(phys)-1], `""`, `"`) }

func objName(kind, phys, name string) string {
	return quoteIdent("%" + kind + ":" + unquoted(phys) + ":" + upperIdent(name))
}

// createTableSQL renders the SQLite CREATE TABLE for t (columns only).
func createTableSQL(t *table, phys string) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(phys)
	b.WriteString(" (")
	for k, c := range t.Columns {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(columnSQL(c, true))
	}
	b.WriteByte(')')
	return b.String()
}

// columnSQL renders one column; inline=false is the ALTER TABLE ADD form,
// where SQLite refuses NOT NULL without a default (triggers enforce it then).
func columnSQL(c *column, inline bool) string {
	var b strings.Builder
	b.WriteString(quoteIdent(c.Name))
	b.WriteByte(' ')
	if c.Identity {
		// The IDENTITY field is the RowID in IRIS: make it SQLite's rowid alias.
		b.WriteString("INTEGER PRIMARY KEY AUTOINCREMENT")
		return b.String()
	}
	b.WriteString(c.Type.physicalDecl())
	if c.NotNull && inline && !c.AutoIncrement {
		b.WriteString(" NOT NULL")
	}
	if c.Default != nil {
		b.WriteString(" DEFAULT (")
		b.WriteString(defaultSQL(*c.Default))
		b.WriteByte(')')
	}
	if c.Type.isStringish() {
		if c.Exact {
			b.WriteString(" COLLATE BINARY")
		} else {
			b.WriteString(" COLLATE SQLUPPER")
		}
	}
	return b.String()
}

// defaultSQL maps the few DEFAULT forms IRIS DDL uses to SQLite expressions.
func defaultSQL(text string) string {
	switch upperIdent(strings.TrimSpace(text)) {
	case "CURRENT_TIMESTAMP", "GETDATE()", "NOW()", "CURRENT_TIMESTAMP()", "SYSDATE":
		return "iris_now()"
	case "CURRENT_DATE", "CURDATE()":
		return "iris_curdate()"
	case "CURRENT_TIME", "CURTIME()":
		return "iris_curtime()"
	}
	return text
}

// constraintSQL renders the objects that enforce k on table t.
func constraintSQL(t *table, k *constraint, cat *catalog) ([]string, *sqlError) {
	phys := t.phys()
	cols := quoteList(k.Columns)
	switch k.Type {
	case "PRIMARY KEY", "UNIQUE":
		if id := t.identity(); id != nil && len(k.Columns) == 1 && strings.EqualFold(k.Columns[0], id.Name) {
			return nil, nil // the rowid is unique already
		}
		stmts := []string{"CREATE UNIQUE INDEX " + objName("k", phys, k.Name) + " ON " + phys + " (" + cols + ")"}
		if k.Type == "PRIMARY KEY" {
			for _, name := range k.Columns {
				if c := t.col(name); c != nil && !c.NotNull && !c.Identity && !c.AutoIncrement {
					stmts = append(stmts, notNullTriggers(t, c, k.Name)...)
				}
			}
		}
		return stmts, nil
	case "FOREIGN KEY":
		parent := cat.lookup(k.RefSchema, k.RefTable)
		if parent == nil && strings.EqualFold(k.RefTable, t.Name) && strings.EqualFold(k.RefSchema, t.Schema) {
			parent = t // self reference
		}
		if parent == nil {
			return nil, sqlErrorf(-30, "Table '%s.%s' not found", upperIdent(k.RefSchema), upperIdent(k.RefTable))
		}
		return fkTriggers(t, parent, k), nil
	}
	return nil, nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// fkTriggers enforce a FOREIGN KEY: the child may only reference existing
// parent rows (-121 insert, -122 update) and a referenced parent row may not
// be deleted or re-keyed (-124 / -123) unless ON DELETE / ON UPDATE CASCADE or
// SET NULL say what happens to its children.
func fkTriggers(child, parent *table, k *constraint) []string {
	cphys, pphys := child.phys(), parent.phys()
	var match, notNull, oldMatch []string
	for i, c := range k.Columns {
		pc := k.RefColumns[i]
		match = append(match, "p."+quoteIdent(pc)+" = NEW."+quoteIdent(c))
		notNull = append(notNull, "NEW."+quoteIdent(c)+" IS NOT NULL")
		oldMatch = append(oldMatch, "ch."+quoteIdent(c)+" = OLD."+quoteIdent(pc))
	}
	missing := strings.Join(notNull, " AND ") + " AND NOT EXISTS (SELECT 1 FROM " + pphys + " AS p WHERE " + strings.Join(match, " AND ") + ")"
	referenced := "EXISTS (SELECT 1 FROM " + cphys + " AS ch WHERE " + strings.Join(oldMatch, " AND ") + ")"
	field := child.Schema + "." + child.Name
	// IRIS's generated filer code words -121/-122 so (the same %msg for both).
	fields := "Field '"
	if len(k.Columns) > 1 {
		fields = "Fields '"
	}
	childMsg := "Table '" + field + "', Foreign Key Constraint '" + k.Name + "' (" + fields + strings.Join(k.Columns, "','") + "') failed referential integrity check"
	stmts := []string{
		"CREATE TRIGGER " + objName("fki", cphys, k.Name) + " BEFORE INSERT ON " + cphys + " WHEN " + missing +
			" BEGIN " + raiseNeg(-121, childMsg) + "; END",
		"CREATE TRIGGER " + objName("fku", cphys, k.Name) + " BEFORE UPDATE OF " + quoteList(k.Columns) + " ON " + cphys + " WHEN " + missing +
			" BEGIN " + raiseNeg(-122, childMsg) + "; END",
	}
	var childCols, newKey, changed []string
	for i, c := range k.Columns {
		childCols = append(childCols, quoteIdent(c)+" = NULL")
		newKey = append(newKey, quoteIdent(c)+" = NEW."+quoteIdent(k.RefColumns[i]))
		changed = append(changed, "OLD."+quoteIdent(k.RefColumns[i])+" IS NOT NEW."+quoteIdent(k.RefColumns[i]))
	}
	where := strings.ReplaceAll(strings.Join(oldMatch, " AND "), "ch.", "")
	switch k.OnUpdate {
	case "CASCADE", "SET NULL":
		// ON UPDATE CASCADE / SET NULL: a re-keyed parent row carries its children
		// along, or lets go of them.
		set := newKey
		if k.OnUpdate == "SET NULL" {
			set = childCols
		}
		stmts = append(stmts, "CREATE TRIGGER "+objName("fkpu", cphys, k.Name)+" AFTER UPDATE OF "+quoteList(k.RefColumns)+" ON "+pphys+
			" WHEN "+strings.Join(changed, " OR ")+" BEGIN UPDATE "+cphys+" SET "+strings.Join(set, ", ")+" WHERE "+where+"; END")
	default:
		stmts = append(stmts, "CREATE TRIGGER "+objName("fkpu", cphys, k.Name)+" BEFORE UPDATE OF "+quoteList(k.RefColumns)+" ON "+pphys+" WHEN "+referenced+
			" BEGIN "+raiseNeg(-123, "FOREIGN KEY constraint '"+k.Name+"' on table '"+field+"' failed referential check upon UPDATE of referenced row")+"; END")
	}
	switch k.OnDelete {
	case "CASCADE":
		stmts = append(stmts, "CREATE TRIGGER "+objName("fkpd", cphys, k.Name)+" AFTER DELETE ON "+pphys+
			" BEGIN DELETE FROM "+cphys+" WHERE "+where+"; END")
	case "SET NULL":
		stmts = append(stmts, "CREATE TRIGGER "+objName("fkpd", cphys, k.Name)+" AFTER DELETE ON "+pphys+
			" BEGIN UPDATE "+cphys+" SET "+strings.Join(childCols, ", ")+" WHERE "+where+"; END")
	default:
		stmts = append(stmts, "CREATE TRIGGER "+objName("fkpd", cphys, k.Name)+" BEFORE DELETE ON "+pphys+" WHEN "+referenced+
			" BEGIN "+raiseNeg(-124, "At least 1 Row exists in table '"+field+"' which references this row via FOREIGN KEY '"+k.Name+"'")+"; END")
	}
	return stmts
}

// raiseNeg renders RAISE(ABORT) with an SQLCODE for mapSQLiteError.
func raiseNeg(code int, msg string) string {
	return "SELECT RAISE(ABORT, " + quoteString("IRISERR|-"+itoa(-code)+"|"+msg) + ")"
}

// notNullTriggers enforce NOT NULL where SQLite cannot declare it (columns
// added by ALTER TABLE, primary-key columns).
func notNullTriggers(t *table, c *column, tag string) []string {
	phys := t.phys()
	cond := " WHEN NEW." + quoteIdent(c.Name) + " IS NULL BEGIN " +
		raiseNeg(-108, "'"+c.Name+"' in table '"+t.Schema+"."+t.Name+"' is a required field") + "; END"
	return []string{
		"CREATE TRIGGER " + objName("nni", phys, c.Name+":"+tag) + " BEFORE INSERT ON " + phys + cond,
		"CREATE TRIGGER " + objName("nnu", phys, c.Name+":"+tag) + " BEFORE UPDATE OF " + quoteIdent(c.Name) + " ON " + phys + cond,
	}
}

// autoIncrementSQL gives an AUTO_INCREMENT column its counter (a row of
// "%sim_counter") and a trigger that assigns the next value when an INSERT
// supplies NULL or 0. Explicit values are kept and do not move the counter,
// as IRIS documents for AUTO_INCREMENT.
func autoIncrementSQL(t *table, c *column) []string {
	phys := t.phys()
	col := quoteIdent(c.Name)
	key := quoteString(counterKey(t, c))
	return []string{
		`INSERT OR REPLACE INTO "%sim_counter"(name, value) VALUES (` + key + `, 0)`,
		"CREATE TRIGGER " + objName("ai", phys, c.Name) + " AFTER INSERT ON " + phys +
			" WHEN NEW." + col + " IS NULL OR NEW." + col + " = 0 BEGIN" +
			` UPDATE "%sim_counter" SET value = value + 1 WHERE name = ` + key + ";" +
			" UPDATE " + phys + " SET " + col + ` = (SELECT value FROM "%sim_counter" WHERE name = ` + key + ")" +
			" WHERE rowid = NEW.rowid; END",
	}
}

func counterKey(t *table, c *column) string {
	return upperIdent(t.Schema + "." + t.Name + "." + c.Name)
}

// indexSQL renders a CREATE INDEX; HNSW indexes have no SQLite counterpart.
func indexSQL(t *table, ix *index) string {
	if ix.Kind == "HNSW" {
		return ""
	}
	u := ""
	if ix.Unique {
		u = "UNIQUE "
	}
	return "CREATE " + u + "INDEX " + objName("ix", t.phys(), ix.Name) + " ON " + t.phys() + " (" + quoteList(ix.Columns) + ")"
}

// dropParentTriggers removes the triggers a child's foreign keys put on their parents.
func dropParentTriggers(t *table) []string {
	var out []string
	for _, k := range t.Constraints {
		if k.Type == "FOREIGN KEY" {
			out = append(out, "DROP TRIGGER IF EXISTS "+objName("fkpu", t.phys(), k.Name),
				"DROP TRIGGER IF EXISTS "+objName("fkpd", t.phys(), k.Name))
		}
	}
	return out
}

// dropConstraintSQL removes every object enforcing k.
func dropConstraintSQL(t *table, k *constraint) []string {
	phys := t.phys()
	switch k.Type {
	case "FOREIGN KEY":
		return []string{
			"DROP TRIGGER IF EXISTS " + objName("fki", phys, k.Name),
			"DROP TRIGGER IF EXISTS " + objName("fku", phys, k.Name),
			"DROP TRIGGER IF EXISTS " + objName("fkpu", phys, k.Name),
			"DROP TRIGGER IF EXISTS " + objName("fkpd", phys, k.Name),
		}
	}
	out := []string{"DROP INDEX IF EXISTS " + objName("k", phys, k.Name)}
	for _, name := range k.Columns {
		out = append(out, "DROP TRIGGER IF EXISTS "+objName("nni", phys, name+":"+k.Name),
			"DROP TRIGGER IF EXISTS "+objName("nnu", phys, name+":"+k.Name))
	}
	return out
}
