package session

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// locateUndefined gives an undefined-table (42P01) or undefined-column (42703) error from
// IRIS PostgreSQL's message and error position, which drivers show (psql's "LINE 1: ...
// ^", psycopg's diag.statement_position, pgconn.PgError.Position). IRIS names the object
// in upper case ("Table 'SQLUSER.NOSUCH' not found", "Field 'NOCOL' not found in the
// applicable tables"); PostgreSQL names it as the statement wrote it, folded as
// identifiers are, and points at its first mention. sql is the client's query text and
// stmt the statement's text within it (Plan.Original). An error whose name cannot be
// found in the statement is returned unchanged. A table that already exists (42P07) gets
// PostgreSQL's message the same way. Only the error path runs this.
func locateUndefined(err error, sql, stmt string) error {
	return locateUndefinedAt(err, stmt, stmtOffset(sql, stmt))
}

// stmtOffset is the character offset of stmt in the client's text sql, -1 if absent.
func stmtOffset(sql, stmt string) int {
	k := strings.Index(sql, stmt)
	if k <= 0 {
		return k
	}
	return utf8.RuneCountInString(sql[:k])
}

// locateUndefinedAt is locateUndefined for a statement that starts at character offset
// base of the client's text (-1: unknown, the error is returned unchanged).
func locateUndefinedAt(err error, stmt string, base int) error {
	if as, ok := err.(atStatement); ok {
		out := *as.err
		if base >= 0 {
			out.Position = int32(base + as.at)
		}
		return &out
	}
	we, ok := err.(*wire.Error)
	if !ok || we.Position != 0 || (we.Code != "42P01" && we.Code != "42703" && we.Code != "42P07" && we.Code != "42702") {
		return err
	}
	if we.Code == "42702" {
		return locateAmbiguous(we, stmt, base)
	}
	name, ok := undefinedName(we)
	if !ok {
		return err
	}
	if base < 0 || stmt == "" {
		return err
	}
	at, qual, written, found := findIdentifier(stmt, name)
	if !found {
		return err
	}
	out := *we
	// PostgreSQL's message names the object; it has no DETAIL for these errors, and
	// psql prints one (IRIS's SQLCODE text) as lines PostgreSQL never shows.
	out.Detail = ""
	if we.Code == "42P07" {
		// CREATE of a table that exists: PostgreSQL names it without schema or position.
		out.Message = `relation "` + written + `" already exists`
		return &out
	}
	target := translate.StatementErrorTarget(stmt)
	switch {
	case target.Kind == translate.TargetDrop && we.Code == "42P01":
		// PostgreSQL: `table "t" does not exist`, `view "v" …`, without a position.
		if qual != "" {
			written = qual + "." + written
		}
		out.Message = target.Object + ` "` + written + `" does not exist`
		return &out
	case (target.Kind == translate.TargetLock || target.Kind == translate.TargetAlterTable || target.Kind == translate.TargetRenameColumn) && we.Code == "42P01":
		if qual != "" {
			written = qual + "." + written
		}
		out.Message = `relation "` + written + `" does not exist` // without a position
		return &out
	case target.Kind == translate.TargetRenameColumn && we.Code == "42703":
		out.Message = `column "` + written + `" does not exist`
		return &out
	case target.Kind == translate.TargetAlterTable && we.Code == "42703":
		out.Message = `column "` + written + `" of relation "` + target.Table + `" does not exist`
		return &out
	case target.Kind == translate.TargetCreateIndex && we.Code == "42703":
		out.Message = `column "` + written + `" does not exist`
		return &out
	}
	out.Position = int32(base + utf8.RuneCountInString(stmt[:at]) + 1)
	if we.Code == "42703" && (target.Kind == translate.TargetInsert || target.Kind == translate.TargetUpdate) && qual == "" && slices.Contains(target.InsertColumns, written) {
		out.Message = `column "` + written + `" of relation "` + target.Table + `" does not exist`
		return &out
	}
	if we.Code == "42P01" {
		if qual != "" {
			written = qual + "." + written
		}
		out.Message = `relation "` + written + `" does not exist`
	} else if qual != "" {
		out.Message = "column " + qual + "." + written + " does not exist"
	} else {
		out.Message = `column "` + written + `" does not exist`
	}
	return &out
}

// undefinedName reads the object's name (without schema or table) from IRIS's text.
func undefinedName(we *wire.Error) (string, bool) {
	prefixes, suffix := []string{"Field '"}, "' not found"
	switch we.Code {
	case "42P01":
		prefixes = []string{"Table '", "View '"}
	case "42P07":
		prefixes, suffix = []string{"Table or view '", "Table '", "View '"}, "' already exists"
	case "42702":
		suffix = "' is ambiguous"
	}
	var rest string
	ok := false
	for _, prefix := range prefixes {
		if _, rest, ok = strings.Cut(we.Message, prefix); ok {
			break
		}
	}
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, suffix)
	if !ok {
		return "", false
	}
	// The simulator passes SQLite's hint about double quotes through; IRIS does not.
	name, _, _ = strings.Cut(name, " - ")
	name = strings.Trim(name, `"`)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name, name != ""
}

// findIdentifier finds the first identifier in stmt (outside string literals and
// comments) that is name, compared case-insensitively as IRIS compares names. It returns the byte offset of the
// reference (of its qualifier when it has one), the qualifier as PostgreSQL shows it,
// and the identifier as PostgreSQL shows it (folded to lower case unless quoted).
func findIdentifier(stmt, name string) (at int, qual, written string, found bool) {
	prevStart, prevText, prevEnd := -1, "", -1 // the identifier before a '.'
	for i := 0; i < len(stmt); {
		c := stmt[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(stmt) {
				if stmt[j] == '\'' {
					if j+1 < len(stmt) && stmt[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j + 1
			prevStart = -1
		case c == '-' && i+1 < len(stmt) && stmt[i+1] == '-':
			for i < len(stmt) && stmt[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(stmt) && stmt[i+1] == '*':
			end := strings.Index(stmt[i+2:], "*/")
			if end < 0 {
				return 0, "", "", false
			}
			i += end + 4
		case c == '"' || isIdentStart(c):
			start := i
			var text string
			if c == '"' {
				end := strings.IndexByte(stmt[i+1:], '"')
				if end < 0 {
					return 0, "", "", false
				}
				text = stmt[i+1 : i+1+end]
				i += end + 2
			} else {
				for i < len(stmt) && isIdentChar(stmt[i]) {
					i++
				}
				text = strings.ToLower(stmt[start:i])
			}
			// IRIS matches names without regard to case, quoted or not.
			if strings.EqualFold(text, name) {
				if prevStart >= 0 && prevEnd == start-1 && stmt[prevEnd] == '.' {
					return prevStart, prevText, text, true
				}
				return start, "", text, true
			}
			prevStart, prevText, prevEnd = start, text, i
		case c == '.':
			if prevEnd != i {
				prevStart = -1
			}
			i++
		default:
			prevStart = -1
			i++
		}
	}
	return 0, "", "", false
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

// atStatement is an error whose position the session knows within the statement that
// failed (1-based, in characters) but not yet within the client's text, which may hold
// several statements: locateUndefinedAt moves it there.
type atStatement struct {
	err *wire.Error
	at  int
}

func (a atStatement) Error() string { return a.err.Error() }

// Unwrap gives the error without a position to whatever does not place it.
func (a atStatement) Unwrap() error { return a.err }

// cardinalityError is PostgreSQL's error for an INSERT of more values than the table has
// columns, which IRIS reports as -116 ("INSERT has 5 values for 4 fields"), pointing at
// the first value too many; nil for other -116 texts.
func (s *Session) cardinalityError(detail string) error {
	_, rest, ok := strings.Cut(detail, "INSERT has ")
	if !ok {
		return nil
	}
	var values, fields int
	if _, err := fmt.Sscanf(rest, "%d values for %d fields", &values, &fields); err != nil || values <= fields {
		return nil
	}
	return s.atInsertValue(&wire.Error{Code: "42601", Message: "INSERT has more expressions than target columns"}, fields)
}

// atInsertValue places e at the running INSERT's i-th value (0-based) of its first
// VALUES row or its query, when the text shows it.
func (s *Session) atInsertValue(e *wire.Error, i int) error {
	stmt := s.running.original
	t := translate.StatementErrorTarget(stmt)
	if i >= 0 && i < len(t.InsertValues) && t.InsertValues[i] >= 0 && t.InsertValues[i] <= len(stmt) {
		return atStatement{e, utf8.RuneCountInString(stmt[:t.InsertValues[i]]) + 1}
	}
	return e
}

// duplicateColumnError is PostgreSQL's 42701 for IRIS's -306 ("Column with this name
// already exists: c"): a CREATE TABLE naming a column twice, or an ALTER TABLE adding or
// renaming to a name the table has; nil for other -306 texts.
func (s *Session) duplicateColumnError(detail string) error {
	_, name, ok := strings.Cut(detail, "Column with this name already exists: ")
	if !ok {
		return nil
	}
	name = strings.ToLower(strings.TrimSpace(name))
	switch t := translate.StatementErrorTarget(s.running.original); t.Kind {
	case translate.TargetCreateTable:
		return &wire.Error{Code: "42701", Message: `column "` + name + `" specified more than once`}
	case translate.TargetAlterTable, translate.TargetRenameColumn:
		return &wire.Error{Code: "42701", Message: `column "` + name + `" of relation "` + t.Table + `" already exists`}
	}
	return nil
}

// undefinedConstraintError is PostgreSQL's 42704 for IRIS's -315 ("Constraint 'c' not
// found in table 'SQLUser.t'"), as ALTER TABLE … DROP CONSTRAINT reports it; nil for
// other texts.
func undefinedConstraintError(detail string) error {
	_, rest, ok := strings.Cut(detail, "Constraint '")
	if !ok {
		return nil
	}
	name, rest, ok := strings.Cut(rest, "' not found in table '")
	if !ok {
		return nil
	}
	table, _, ok := strings.Cut(rest, "'")
	if i := strings.LastIndexByte(table, '.'); i >= 0 {
		table = table[i+1:]
	}
	if !ok || name == "" || table == "" {
		return nil
	}
	return &wire.Error{Code: "42704", Message: `constraint "` + strings.ToLower(name) + `" of relation "` + strings.ToLower(table) + `" does not exist`}
}

// withCatalogError is the error WithCatalog found in p (Plan.CatalogError). A column that
// may not be read in a grouped query (42803) is placed at its first mention, as
// PostgreSQL points at it, an ambiguous one (42702) at its mention in RETURNING: the
// plan, shared by texts that differ only in literals, carries no position.
func withCatalogError(p *translate.Plan) error {
	e := translateError(p.CatalogError)
	we, ok := e.(*wire.Error)
	if ok && we.Code == "42702" {
		// An ambiguous RETURNING column of UPDATE … FROM or DELETE … USING: placed where
		// RETURNING names it.
		_, rest, _ := strings.Cut(we.Message, `column reference "`)
		name, _, _ := strings.Cut(rest, `"`)
		if at := translate.ReturningColumnAt(p.Original, name); at >= 0 && at <= len(p.Original) {
			return atStatement{we, utf8.RuneCountInString(p.Original[:at]) + 1}
		}
		return we
	}
	if !ok || we.Code != "42803" {
		return e
	}
	_, rest, _ := strings.Cut(we.Message, `column "`)
	name, _, _ := strings.Cut(rest, `"`)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if at, _, _, found := findIdentifier(p.Original, name); found {
		return atStatement{we, utf8.RuneCountInString(p.Original[:at]) + 1}
	}
	return we
}

// locateAmbiguous gives IRIS's ambiguous-column error (SQLCODE -27, "Field 'OWNER' is
// ambiguous among the applicable tables") PostgreSQL's message and position: the first
// unqualified mention of the column, as the statement wrote it.
func locateAmbiguous(we *wire.Error, stmt string, base int) error {
	name, ok := undefinedName(we)
	if !ok || base < 0 || stmt == "" {
		return we
	}
	for from := 0; from < len(stmt); {
		at, qual, written, found := findIdentifier(stmt[from:], name)
		if !found {
			return we
		}
		if qual != "" {
			from += at + len(qual) + 1 + len(written)
			continue
		}
		out := *we
		out.Detail = ""
		out.Message = `column reference "` + written + `" is ambiguous`
		out.Position = int32(base + utf8.RuneCountInString(stmt[:from+at]) + 1)
		return &out
	}
	return we
}
