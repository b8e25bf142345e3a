package session

import (
	"context"
	"strings"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/wire"
)

// constraintError rewrites IRIS's constraint failures into PostgreSQL's messages and
// error fields (SchemaName, TableName, ConstraintName, ColumnName), which ORMs read:
// Django and SQLAlchemy show them, pgx has PgError.ConstraintName. IRIS's %msg names the
// table, the constraint (as IRIS calls it) or the column; the catalog snapshot gives the
// names PostgreSQL would show. IRIS does not report the key values: PostgreSQL's DETAIL
// ("Key (id)=(1) already exists.") is given where the statement's text has them
// (keydetail.go). nil when the %msg does not name what is needed or the catalog does not
// know it.
func (s *Session) constraintError(ctx context.Context, code int, detail string) *wire.Error {
	f, ok := parseConstraintFailure(code, detail)
	if !ok || ctx.Err() != nil {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil
	}
	e, key := f.pgError(snap)
	if e != nil && key.table != nil {
		e.Detail = s.keyDetail(ctx, key)
	}
	return e
}

// constraintFailure is what an IRIS constraint %msg names.
type constraintFailure struct {
	code                  int
	schema, table         string // IRIS names of the table the %msg names
	constraint, column    string // IRIS names
	referencedRowsMessage bool   // -123/-124: the table is the referencing one
	existingRows          bool   // -108 of SET NOT NULL: rows already hold NULL
}

// parseConstraintFailure reads the %msg texts IRIS's generated filer code writes:
//
//	-119/-120  Table 'SQLUser.t', Constraint 'TPKEY1' (Field 'id') failed unique check
//	-121/-122  Table 'SQLUser.c', Foreign Key Constraint 'CFKEY2' (Field 'pid') failed referential integrity check
//	-108       'name' in table 'SQLUser.t' is a required field
//
// and the simulator's texts for a referenced row (-123, -124), whose IRIS wording is not
// established:
//
//	-123  FOREIGN KEY constraint 'CFKEY2' on table 'SQLUser.c' failed referential check upon UPDATE of referenced row
//	-124  At least 1 Row exists in table 'SQLUser.c' which references this row via FOREIGN KEY 'CFKEY2'
func parseConstraintFailure(code int, msg string) (f constraintFailure, ok bool) {
	f.code = code
	msg = strings.TrimSpace(msg)
	var table string
	switch code {
	case -119, -120, -121, -122:
		rest, found := strings.CutPrefix(msg, "Table '")
		if !found {
			return f, false
		}
		var kind string
		table, rest, found = strings.Cut(rest, "', ")
		if !found {
			return f, false
		}
		if code <= -121 {
			kind = "Foreign Key Constraint '"
		} else {
			kind = "Constraint '"
		}
		if rest, found = strings.CutPrefix(rest, kind); !found {
			return f, false
		}
		if f.constraint, _, found = strings.Cut(rest, "'"); !found {
			return f, false
		}
	case -108:
		rest, found := strings.CutPrefix(msg, "'")
		if !found {
			return f, false
		}
		if f.column, rest, found = strings.Cut(rest, "' in table '"); !found {
			return f, false
		}
		if before, _, rows := strings.Cut(rest, "' is a required field: "); rows {
			// ALTER COLUMN … SET NOT NULL: "… is a required field: 3 rows have no value".
			rest, f.existingRows = before+"' is a required field", true
		}
		if table, found = strings.CutSuffix(rest, "' is a required field"); !found {
			return f, false
		}
	case -123:
		rest, found := strings.CutPrefix(msg, "FOREIGN KEY constraint '")
		if !found {
			return f, false
		}
		if f.constraint, rest, found = strings.Cut(rest, "' on table '"); !found {
			return f, false
		}
		if table, _, found = strings.Cut(rest, "'"); !found {
			return f, false
		}
		f.referencedRowsMessage = true
	case -124:
		rest, found := strings.CutPrefix(msg, "At least 1 Row exists in table '")
		if !found {
			return f, false
		}
		if table, rest, found = strings.Cut(rest, "' which references this row via FOREIGN KEY '"); !found {
			return f, false
		}
		if f.constraint, found = strings.CutSuffix(rest, "'"); !found {
			return f, false
		}
		f.referencedRowsMessage = true
	default:
		return f, false
	}
	var found bool
	if f.schema, f.table, found = strings.Cut(table, "."); !found || f.schema == "" || f.table == "" {
		return f, false
	}
	return f, true
}

// pgError is PostgreSQL's error for f, or nil when the catalog does not know its
// objects, with the key whose values its DETAIL shows (for not-null, the whole row).
func (f constraintFailure) pgError(snap *catalog.Snapshot) (*wire.Error, failedKey) {
	t := irisTable(snap, f.schema, f.table)
	if t == nil {
		return nil, failedKey{}
	}
	e := &wire.Error{SchemaName: t.Schema.Name, TableName: t.Name}
	if f.code == -108 {
		for _, c := range t.Columns {
			if strings.EqualFold(c.IRISName, f.column) {
				e.Code, e.ColumnName = "23502", c.Name
				e.Message = `null value in column "` + c.Name + `" of relation "` + t.Name + `" violates not-null constraint`
				if f.existingRows {
					e.Message = `column "` + c.Name + `" of relation "` + t.Name + `" contains null values`
					return e, failedKey{}
				}
				return e, failedKey{kind: keyNotNull, table: t}
			}
		}
		return nil, failedKey{}
	}
	var k *catalog.Constraint
	for _, c := range t.Constraints {
		if strings.EqualFold(c.IRISName, f.constraint) {
			k = c
		}
	}
	switch f.code {
	case -119, -120:
		var name string
		var cols []int16
		if k != nil && k.Type != 'f' {
			name, cols = k.Name, k.Columns
		} else {
			for _, ix := range t.Indexes {
				if ix.Unique && strings.EqualFold(ix.Name, f.constraint) {
					name, cols = ix.Name, ix.Columns
				}
			}
		}
		if name == "" {
			return nil, failedKey{}
		}
		e.Code, e.ConstraintName = "23505", name
		e.Message = `duplicate key value violates unique constraint "` + name + `"`
		return e, failedKey{kind: keyDuplicate, table: t, columns: cols}
	}
	if k == nil || k.Type != 'f' {
		return nil, failedKey{}
	}
	e.Code, e.ConstraintName = "23503", k.Name
	if !f.referencedRowsMessage {
		e.Message = `insert or update on table "` + t.Name + `" violates foreign key constraint "` + k.Name + `"`
		return e, failedKey{kind: keyNotPresent, table: t, columns: k.Columns, other: k.RefTable}
	}
	if k.RefTable == nil {
		return nil, failedKey{}
	}
	e.Message = `update or delete on table "` + k.RefTable.Name + `" violates foreign key constraint "` + k.Name + `" on table "` + t.Name + `"`
	return e, failedKey{kind: keyReferenced, table: k.RefTable, columns: k.RefColumns, other: t}
}

// irisTable finds a table by the schema and table names IRIS uses.
func irisTable(snap *catalog.Snapshot, schema, table string) *catalog.Table {
	for _, t := range snap.Tables {
		if strings.EqualFold(t.Schema.IRISName, schema) && strings.EqualFold(t.IRISName, table) {
			return t
		}
	}
	return nil
}

// dependentObjects is PostgreSQL's error text for a DROP that IRIS refuses because other
// objects depend on the table or view (-321 for a view that references it, -320 in the
// simulator for a foreign key): "cannot drop table t because other objects depend on
// it", the object named as PostgreSQL names it when IRIS's %msg names it ("Cannot DROP
// table 'SQLUser.t': …") and the catalog knows it; the DETAIL lists the dependents the
// catalog knows (foreign keys, then views, then views on those), and the HINT is
// PostgreSQL's.
func (s *Session) dependentObjects(ctx context.Context, detail string) (message, dependents, hint string) {
	const generic = "cannot drop the object because other objects depend on it"
	hint = "Use DROP ... CASCADE to drop the dependent objects too."
	rest, found := cutAfterFold(detail, "DROP ")
	if !found {
		return generic, "", hint
	}
	kind, rest, found := strings.Cut(rest, " '")
	kind = strings.ToLower(kind)
	if !found || (kind != "table" && kind != "view") {
		return generic, "", hint
	}
	name, _, found := strings.Cut(rest, "'")
	schema, table, ok := strings.Cut(name, ".")
	if !found || !ok || ctx.Err() != nil {
		return generic, "", hint
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return generic, "", hint
	}
	t := irisTable(snap, schema, table)
	if t == nil {
		return generic, "", hint
	}
	return "cannot drop " + kind + " " + t.Name + " because other objects depend on it", dependentsDetail(snap, t), hint
}

// dependentsDetail lists, one per line as PostgreSQL does, the foreign keys of other
// tables that reference t, then the views that read t, then the views that read those.
func dependentsDetail(snap *catalog.Snapshot, t *catalog.Table) string {
	var lines []string
	for _, other := range snap.Tables {
		for _, k := range other.Constraints {
			if k.Type == 'f' && k.RefTable == t && other != t {
				lines = append(lines, "constraint "+k.Name+" on table "+other.Name+" depends on table "+t.Name)
			}
		}
	}
	seen := map[*catalog.Table]bool{t: true}
	for queue := []*catalog.Table{t}; len(queue) > 0; queue = queue[1:] {
		on := queue[0]
		what := "table"
		if on.View {
			what = "view"
		}
		for _, v := range snap.Tables {
			if !v.View || seen[v] {
				continue
			}
			if _, _, _, reads := findIdentifier(v.ViewDef, on.IRISName); reads {
				seen[v] = true
				lines = append(lines, "view "+v.Name+" depends on "+what+" "+on.Name)
				queue = append(queue, v)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// cutAfterFold is strings.Cut(s, sep)'s after part, matching sep in any case.
func cutAfterFold(s, sep string) (string, bool) {
	k := strings.Index(strings.ToUpper(s), strings.ToUpper(sep))
	if k < 0 {
		return "", false
	}
	return s[k+len(sep):], true
}
