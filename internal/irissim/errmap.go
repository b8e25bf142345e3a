package irissim

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// sqlOp is the kind of statement an error came from: the same SQLite
// failure maps to different SQLCODEs on INSERT, UPDATE and DELETE.
type sqlOp int

const (
	opSelect sqlOp = iota
	opInsert
	opUpdate
	opDelete
	opDDL
)

// mapSQLiteError turns SQLite's error text into the SQLCODE IRIS would report.
func mapSQLiteError(err error, op sqlOp, cat *catalog) *sqlError {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return newSQLError(-400, "<INTERRUPT> statement cancelled or timed out")
	}
	msg := err.Error()
	if k := strings.Index(msg, "IRISERR|"); k >= 0 {
		parts := strings.SplitN(msg[k:], "|", 3)
		if len(parts) == 3 {
			var code int
			fmt.Sscanf(parts[1], "%d", &code)
			text := parts[2]
			if j := strings.Index(text, " (SQLITE_"); j >= 0 {
				text = text[:j]
			}
			return newSQLError(code, trimResultCode(strings.TrimSuffix(text, ")")))
		}
	}
	after := func(prefix string) (string, bool) {
		k := strings.Index(msg, prefix)
		if k < 0 {
			return "", false
		}
		rest := msg[k+len(prefix):]
		return strings.TrimSpace(cleanSQLiteMsg(rest)), true
	}
	if name, ok := after("no such table: "); ok {
		if !strings.Contains(name, ".") {
			name = defaultSchema + "." + name
		}
		return sqlErrorf(-30, "Table '%s' not found", upperIdent(name))
	}
	if name, ok := after("unknown database "); ok {
		return sqlErrorf(-30, "Table '%s' not found", upperIdent(name))
	}
	if name, ok := after("no such column: "); ok {
		return sqlErrorf(-29, "Field '%s' not found in the applicable tables", upperIdent(name))
	}
	if name, ok := after("ambiguous column name: "); ok {
		return sqlErrorf(-27, "Field '%s' is ambiguous among the applicable tables", upperIdent(name))
	}
	if name, ok := after("no such function: "); ok {
		return sqlErrorf(-359, "User defined SQL Function '%s' does not exist", upperIdent(name))
	}
	if cols, ok := after("UNIQUE constraint failed: "); ok {
		code := -119
		if op == opUpdate {
			code = -120
		}
		return newSQLError(code, uniqueFailure(cat, cols))
	}
	if col, ok := after("NOT NULL constraint failed: "); ok {
		table := firstPart(col)
		if t := physTable(cat, table); t != nil {
			table = t.Schema + "." + t.Name
		}
		return sqlErrorf(-108, "'%s' in table '%s' is a required field", lastPart(col), table)
	}
	if _, ok := after("FOREIGN KEY constraint failed"); ok {
		switch op {
		case opUpdate:
			return newSQLError(-122, "FOREIGN KEY constraint failed referential check upon UPDATE")
		case opDelete:
			return newSQLError(-124, "At least one row exists in a table with a FOREIGN KEY constraint that references this row")
		}
		return newSQLError(-121, "FOREIGN KEY constraint failed referential check upon INSERT")
	}
	if strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY") {
		return newSQLError(-114, "Unable to acquire lock within the lock timeout")
	}
	if strings.Contains(msg, "do not have the same number of result columns") {
		return newSQLError(-9, "Incompatible SELECT lists used in UNION")
	}
	if strings.Contains(msg, "misuse of aggregate") {
		return newSQLError(-19, "An aggregate function cannot be used in a WHERE or GROUP BY clause")
	}
	if strings.Contains(msg, "interrupted") {
		return newSQLError(-400, "<INTERRUPT> statement interrupted")
	}
	if strings.Contains(msg, "syntax error") || strings.Contains(msg, "wrong number of arguments") ||
		strings.Contains(msg, "near \"") || strings.Contains(msg, "values for") {
		return newSQLError(-1, cleanSQLiteMsg(msg))
	}
	return newSQLError(-400, "Unexpected error occurred: "+cleanSQLiteMsg(msg))
}

// cleanSQLiteMsg drops the driver's decorations: "SQL logic error: " and
// the trailing result code "(1)" / "(SQLITE_...)".
func cleanSQLiteMsg(msg string) string {
	if j := strings.Index(msg, " (SQLITE_"); j >= 0 {
		msg = msg[:j]
	}
	if j := strings.LastIndex(msg, " ("); j >= 0 && strings.HasSuffix(msg, ")") &&
		strings.Trim(msg[j+2:len(msg)-1], "0123456789") == "" {
		msg = msg[:j]
	}
	return strings.TrimPrefix(msg, "SQL logic error: ")
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func firstPart(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[:i]
	}
	return s
}

// trimResultCode drops the " (1" that remains of the SQLite result code the driver
// appends to a user function's error ("… (1)" once the closing parenthesis is gone).
func trimResultCode(text string) string {
	j := strings.LastIndex(text, " (")
	if j < 0 || j+2 == len(text) || strings.Trim(text[j+2:], "0123456789") != "" {
		return text
	}
	return text[:j]
}

// uniqueFailure is IRIS's %msg for a failed uniqueness check, as the filer code IRIS
// generates for a table writes it: "Table 'SQLUser.t', Constraint 'TPKEY1' (Field 'id')
// failed unique check", "(Fields 'a','b')" for several. cols is SQLite's "t.a, t.b".
func uniqueFailure(cat *catalog, cols string) string {
	var table string
	var names []string
	for _, c := range strings.Split(cols, ", ") {
		table = firstPart(c)
		names = append(names, lastPart(c))
	}
	t := physTable(cat, table)
	if t == nil {
		return "Table '" + table + "' failed unique check"
	}
	name := ""
	for _, k := range t.Constraints {
		if (k.Type == "PRIMARY KEY" || k.Type == "UNIQUE") && sameNames(k.Columns, names) {
			name = k.Name
			break
		}
	}
	if name == "" {
		for _, ix := range t.Indexes {
			if ix.Unique && sameNames(ix.Columns, names) {
				name = ix.Name
				break
			}
		}
	}
	fields := "Field"
	if len(names) > 1 {
		fields = "Fields"
	}
	return "Table '" + t.Schema + "." + t.Name + "', Constraint '" + name + "' (" + fields + " '" + strings.Join(names, "','") + "') failed unique check"
}

// physTable finds the table whose SQLite name is phys (unquoted).
func physTable(cat *catalog, phys string) *table {
	if cat == nil {
		return nil
	}
	for _, t := range cat.tables {
		if strings.EqualFold(unquoted(t.phys()), phys) {
			return t
		}
	}
	return nil
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
