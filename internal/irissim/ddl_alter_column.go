package irissim

import (
	"context"
	"strconv"
	"strings"
)

// alterColumn applies an ALTER COLUMN field DEFAULT | DROP DEFAULT | NULL | NOT NULL |
// datatype action. The SQLite table keeps the column's type, NOT NULL and DEFAULT in
// its CREATE TABLE text, which SQLite cannot alter; none of these changes touches the
// stored records, so the text is rewritten in sqlite_master (SQLite documents this for
// removing NOT NULL, for defaults, and for changes that leave the file format alone). A
// NOT NULL added later is enforced by triggers, as for ALTER TABLE ADD COLUMN.
func (s *session) alterColumn(ctx context.Context, cat *catalog, t *table, name string, change func(*column) *sqlError) *sqlError {
	old := t.col(name)
	if old == nil {
		return sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(name), t.Name)
	}
	if old.Identity || old.AutoIncrement {
		return errSyntax("ALTER COLUMN of the IDENTITY or AUTO_INCREMENT field '" + old.Name + "' is not supported")
	}
	c := *old
	if err := change(&c); err != nil {
		return err
	}
	sameDefault := (c.Default == nil) == (old.Default == nil) && (c.Default == nil || *c.Default == *old.Default)
	if !c.NotNull && c.Type == old.Type && sameDefault { // the action was NULL
		if k := t.primaryKey(); k != nil {
			for _, n := range k.Columns {
				if strings.EqualFold(n, c.Name) {
					return sqlErrorf(-400, "Field '%s' is part of the primary key and cannot allow NULL", c.Name)
				}
			}
		}
	}
	phys := t.phys()
	return s.atomically(ctx, cat, func() *sqlError {
		if c.NotNull && !old.NotNull {
			var n int
			if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM "+phys+" WHERE "+quoteIdent(c.Name)+" IS NULL").Scan(&n); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			if n > 0 {
				return sqlErrorf(-108, "'%s' in table '%s.%s' is a required field: %d rows have no value", c.Name, t.Schema, t.Name, n)
			}
		}
		if c.Type != old.Type {
			if err := s.checkFits(ctx, cat, t, &c); err != nil {
				return err
			}
		}
		var text string
		if err := s.conn.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", unquoted(phys)).Scan(&text); err != nil {
			return mapSQLiteError(err, opDDL, cat)
		}
		// The column is written as CREATE TABLE (inline) or ADD COLUMN wrote it.
		was, now := columnSQL(old, true), columnSQL(&c, true)
		if strings.Count(text, was) != 1 {
			was, now = columnSQL(old, false), columnSQL(&c, false)
		}
		if strings.Count(text, was) != 1 {
			return errSyntax("ALTER COLUMN " + c.Name + ": the simulator cannot find the column's definition")
		}
		var stmts []string
		if old.Default != nil && (c.Default == nil || *c.Default != *old.Default) {
			// Rows stored before the column was added (ALTER TABLE ADD COLUMN) do not
			// hold it: SQLite reads the default from this text. Store it in them first.
			stmts = append(stmts, "UPDATE "+phys+" SET "+quoteIdent(c.Name)+" = "+quoteIdent(c.Name))
		}
		if was != now {
			var version int
			if err := s.conn.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
				return mapSQLiteError(err, opDDL, cat)
			}
			stmts = append(stmts, "PRAGMA writable_schema = ON",
				"UPDATE sqlite_master SET sql = "+quoteString(strings.Replace(text, was, now, 1))+" WHERE type = 'table' AND name = "+quoteString(unquoted(phys)),
				"PRAGMA writable_schema = OFF",
				"PRAGMA schema_version = "+itoa(version+1))
		}
		stmts = append(stmts, "DROP TRIGGER IF EXISTS "+objName("nni", phys, c.Name+":NN"),
			"DROP TRIGGER IF EXISTS "+objName("nnu", phys, c.Name+":NN"))
		if c.NotNull && !strings.Contains(now, " NOT NULL") {
			stmts = append(stmts, notNullTriggers(t, &c, "NN")...)
		}
		if err := s.run(ctx, cat, stmts...); err != nil {
			return err
		}
		for i, x := range t.Columns {
			if x == old {
				t.Columns[i] = &c
			}
		}
		return s.saveMeta(ctx, cat, t)
	})
}

// changeType allows the type changes that keep every stored value readable as it
// is: a string or binary of another length, an integer of another width, a NUMERIC
// of another precision with the same scale. IRIS's rules for other conversions are
// not established, so the simulator refuses them.
func changeType(c *column, to irisType) *sqlError {
	from := c.Type
	ok := from.Kind == to.Kind
	switch from.Kind {
	case kNumeric:
		ok = ok && from.Scale == to.Scale
	case kString, kBinary, kInt:
	default:
		ok = ok && from == to
	}
	if !ok {
		return errSyntax("ALTER COLUMN " + c.Name + " from " + from.DDL() + " to " + to.DDL() + " is not supported by the simulator")
	}
	c.Type = to
	return nil
}

// checkFits refuses a narrower type when a stored value does not fit it (the
// strict reading; what IRIS does then is not established).
func (s *session) checkFits(ctx context.Context, cat *catalog, t *table, c *column) *sqlError {
	col := quoteIdent(c.Name)
	var q string
	switch c.Type.Kind {
	case kString:
		q = "SELECT count(*) FROM " + t.phys() + " WHERE length(" + col + ") > " + itoa(c.Type.MaxLen)
	case kBinary:
		q = "SELECT count(*) FROM " + t.phys() + " WHERE length(CAST(" + col + " AS BLOB)) > " + itoa(c.Type.MaxLen)
	case kInt:
		q = "SELECT count(*) FROM " + t.phys() + " WHERE " + col + " < " + strconv.FormatInt(c.Type.Min, 10) + " OR " + col + " > " + strconv.FormatInt(c.Type.Max, 10)
	case kNumeric:
		q = "SELECT count(*) FROM " + t.phys() + " WHERE abs(" + col + ") >= 1e" + itoa(c.Type.Precision-c.Type.Scale)
	default:
		return nil
	}
	var n int
	if err := s.conn.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return mapSQLiteError(err, opDDL, cat)
	}
	if n > 0 {
		return sqlErrorf(-104, "Field '%s.%s.%s' (value of %d rows) failed validation for %s", t.Schema, t.Name, c.Name, n, c.Type.DDL())
	}
	return nil
}
