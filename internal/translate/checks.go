package translate

import (
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// CHECK constraints. IRIS has none (iris-sql.md), so pgwired keeps their definitions
// in a table of its own and checks the rows a statement writes in the statement's
// transaction (session/checks.go). The translator, which does no I/O, gives the
// session what it needs: for CREATE TABLE and ALTER TABLE … ADD CONSTRAINT the
// definition with its IRIS condition (StepConstraint), for INSERT, UPDATE and COPY the
// table written (Plan.Write) and, for UPDATE, the query of the rows' new values.

// CheckTable is the table a CHECK constraint belongs to, or that a statement writes.
type CheckTable struct {
	Name       string // PostgreSQL name, as messages name the relation
	IRISSchema string // the IRIS schema (Options.Schema for an unqualified name)
	SQL        string // the table as written in IRIS SQL
	Ref        TableRef
}

// CheckDef is one CHECK constraint to add.
type CheckDef struct {
	// Name is the constraint's name; "" gives it PostgreSQL's default: NameBase_check,
	// NameBase_check1, … (NameBase is table_column when the expression names one
	// column, else the table).
	Name, NameBase string
	// Def is what pg_get_constraintdef shows: "CHECK (expr)" (pg_query's deparse).
	Def string
	// Cond is the expression as an IRIS condition over the table's bare column names.
	Cond string
	// Places are the catalog places of Cond (ALTER TABLE: column types are the
	// catalog's); resolve with ResolveCond.
	Places CatalogPlaces
	// NotValid: existing rows are not checked (ADD … NOT VALID).
	NotValid bool
}

// EnumError is PostgreSQL's error for a literal of an enum column in the condition that
// is not a label, or pgwired's refusal of an order comparison of enum values: the
// condition is kept as IRIS SQL, in which the positions of the labels would not follow
// labels added later.
func (d *CheckDef) EnumError(cat Catalog) *Error {
	if e := enumLiteralError(d.Cond, d.Places.EnumLiterals, cat); e != nil {
		return e
	}
	for _, r := range d.Places.EnumRanks {
		if r.Column != nil && (columnEnum(*r.Column, cat) != nil || isUserTyped(*r.Column, cat)) || r.Type != nil {
			return &Error{SQLState: stateUnsupported, Message: unsupportedMessage("order comparisons of enum values in CHECK constraints")}
		}
	}
	for _, a := range d.Places.EnumAggs {
		if columnEnum(a.Column, cat) != nil || isUserTyped(a.Column, cat) {
			return &Error{SQLState: stateUnsupported, Message: unsupportedMessage("min/max of enum values in CHECK constraints")}
		}
	}
	return nil
}

// isUserTyped: CREATE TABLE declares the column of a type that is not built in.
func isUserTyped(c CatalogColumn, cat Catalog) bool {
	oid, ok := cat.ColumnType(c)
	return ok && oid == oidUserType
}

// ResolveCond is Cond written for what the catalog says of the table's columns.
func (d *CheckDef) ResolveCond(cat Catalog) string {
	edits := catalogEdits(d.Cond, &d.Places, cat)
	if len(edits) == 0 {
		return d.Cond
	}
	sql, _ := applyEdits(d.Cond, edits)
	return sql
}

// CheckOp (StepConstraint) adds a CHECK constraint to pgwired's definitions (Add), or
// drops the constraint Drop: from the definitions when it is a CHECK, else by running
// the step's SQL.
type CheckOp struct {
	Table CheckTable
	Add   *CheckDef
	// Created: the table was created by this statement (no rows to validate, and
	// definitions left by an earlier table of that name are dropped first).
	Created bool
	Drop    string
	// DropColumn: the column was dropped (the step after the IRIS ALTER), and so are the
	// CHECK constraints that name it, as in PostgreSQL. RenameColumn: the step's SQL
	// renames that column to NewName, and the CHECK constraints that name it name the new
	// one (RenameCheckColumn), as in PostgreSQL.
	DropColumn, RenameColumn, NewName string
}

// CheckColumns are the columns a stored CHECK definition ("CHECK (expr)") names.
func CheckColumns(def string) ([]string, error) {
	tree, err := pg_query.Parse("ALTER TABLE t ADD " + def)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, st := range tree.Stmts {
		walk(st.ProtoReflect(), func(m protoreflect.Message) bool {
			if con, ok := m.Interface().(*pg_query.Constraint); ok && con.RawExpr != nil {
				walkColumnRefs(con.RawExpr, func(name string) { out = append(out, name) })
				return false
			}
			return true
		})
	}
	return out, nil
}

// RenameCheckColumn is a stored CHECK definition of table rel (def, "CHECK (expr)")
// after its column from is renamed to: PostgreSQL's constraint then names the new column,
// so this is the definition written anew (deparsed as pg_get_constraintdef shows it)
// with its IRIS condition, translated as ALTER TABLE … ADD CONSTRAINT translates it
// (resolve it with ResolveCond). nil when def does not name from. Name and NameBase are
// left empty: the constraint keeps its name.
func RenameCheckColumn(def string, rel TableRef, from, to string, opt Options) (out *CheckDef, err error) {
	tree, perr := pg_query.Parse("ALTER TABLE t ADD " + def)
	if perr != nil {
		return nil, perr
	}
	var con *pg_query.Constraint
	for _, st := range tree.Stmts {
		walk(st.ProtoReflect(), func(m protoreflect.Message) bool {
			if c, ok := m.Interface().(*pg_query.Constraint); ok && c.RawExpr != nil {
				con = c
				return false
			}
			return true
		})
	}
	if con == nil {
		return nil, &Error{SQLState: "XX000", Message: "stored CHECK definition without an expression: " + def}
	}
	renamed := false
	walk(con.RawExpr.ProtoReflect(), func(m protoreflect.Message) bool {
		if ref, ok := m.Interface().(*pg_query.ColumnRef); ok && len(ref.Fields) > 0 {
			// IRIS names are one column whatever their case.
			if s := ref.Fields[len(ref.Fields)-1].GetString_(); s != nil && strings.EqualFold(s.Sval, from) {
				s.Sval, renamed = to, true
			}
		}
		return true
	})
	if !renamed {
		return nil, nil
	}
	t := &translator{opt: opt.normalized()}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			out, err = nil, b.err
		}
	}()
	con.Conname = ""
	return t.checkDef(&pg_query.RangeVar{Schemaname: rel.Schema, Relname: rel.Name, Inh: true, Relpersistence: "p", Location: -1}, con, nil), nil
}

// WriteMode says which rows of a write the session checks.
type WriteMode uint8

const (
	WriteInsert WriteMode = iota + 1 // rows added: those with a RowID above the largest before
	WriteUpdate                      // rows changed: their new values, Write.NewRows, before the UPDATE
	WriteUpsert                      // ON CONFLICT DO UPDATE: the whole table after the statement
)

// WriteTarget is the table an INSERT, UPDATE or COPY writes, for its CHECK constraints.
type WriteTarget struct {
	Table CheckTable
	Mode  WriteMode
	// NewRows (WriteUpdate) are two pieces of one SELECT of the rows' new values:
	// "SELECT e1 AS c1, …" and " FROM t WHERE w"; the session writes the table's other
	// columns between them, so that a CHECK condition can be tested over it.
	NewRows []Step
	set     map[string]bool
}

// SetColumns are the columns an UPDATE sets (lower case): the first piece of NewRows
// names them after AS.
func (w *WriteTarget) SetColumns() map[string]bool {
	return w.set
}

// QuoteIdent writes a name as the emitter writes identifiers.
func QuoteIdent(name string) string {
	var b strings.Builder
	writeIdent(&b, name)
	return b.String()
}

// checkTable is rel as a CheckTable.
func (e *emitter) checkTable(rel *pg_query.RangeVar) CheckTable {
	ct := CheckTable{Name: rel.Relname, IRISSchema: e.irisSchemaOf(rel.Schemaname), Ref: tableRef(rel)}
	if e.isTempTable(rel.Schemaname, rel.Relname) {
		ct.IRISSchema = e.opt.TempSchema
	}
	n := e.newEmitter()
	n.tableName(rel)
	ct.SQL = n.b.String()
	return ct
}

// checkDef translates a CHECK constraint of table rel. types gives the PostgreSQL
// types of the columns when the statement declares them (CREATE TABLE), else nil.
func (t *translator) checkDef(rel *pg_query.RangeVar, con *pg_query.Constraint, types map[string]uint32) *CheckDef {
	if rel.Relpersistence == "t" || t.isTempTable(rel.Schemaname, rel.Relname) {
		t.unsupported(con.Location, "CHECK constraints on temporary tables")
	}
	if con.IsNoInherit {
		t.unsupported(con.Location, "CHECK … NO INHERIT")
	}
	if containsSubquery(con.RawExpr) {
		t.fail("0A000", nodeLocation(con.RawExpr), "cannot use subquery in check constraint")
	}
	cols := map[string]bool{}
	var names []string
	walkColumnRefs(con.RawExpr, func(name string) {
		if !cols[name] {
			cols[name] = true
			names = append(names, name)
		}
		if types != nil {
			if _, ok := types[name]; !ok {
				t.fail("42703", con.Location, "column %q does not exist", name)
			}
		}
	})
	e := t.newEmitter()
	restore := e.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: rel}}})
	e.pred(con.RawExpr)
	restore()
	if len(e.params) > 0 || len(e.splices) > 0 {
		t.fail(stateUndefinedParam, con.Location, "there is no parameter $1")
	}
	def := &CheckDef{Name: con.Conname, NameBase: rel.Relname, Cond: e.b.String(), Places: e.places, NotValid: con.SkipValidation}
	if len(names) == 1 {
		def.NameBase = rel.Relname + "_" + names[0]
	}
	if types != nil {
		if err := def.EnumError(declaredTypes(types)); err != nil {
			t.fail(err.SQLState, con.Location, "%s", err.Message)
		}
		def.Cond, def.Places = def.ResolveCond(declaredTypes(types)), CatalogPlaces{}
	}
	text, err := deparseExpr(con.RawExpr)
	if err != nil {
		t.unsupported(con.Location, "this CHECK expression")
	}
	def.Def = "CHECK (" + text + ")"
	if def.NotValid {
		def.Def += " NOT VALID"
	}
	return def
}

// deparseExpr writes an expression back as PostgreSQL text.
func deparseExpr(expr *pg_query.Node) (string, error) {
	sel := &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: expr, Location: -1}}}},
		Op:         pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
	}
	out, err := pg_query.Deparse(&pg_query.ParseResult{Version: parserVersion(), Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}}}})
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(out, "SELECT "), nil
}

// parserVersion is the parse tree version Deparse requires: that of the parser.
var parserVersion = sync.OnceValue(func() int32 {
	tree, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})

// walkColumnRefs calls f with the column name of each column reference in n.
func walkColumnRefs(n *pg_query.Node, f func(string)) {
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if ref, ok := m.Interface().(*pg_query.ColumnRef); ok && len(ref.Fields) > 0 {
			f(strVal(ref.Fields[len(ref.Fields)-1]))
		}
		return true
	})
}

// declaredTypes is a Catalog of the columns a CREATE TABLE declares.
type declaredTypes map[string]uint32

func (d declaredTypes) ColumnType(c CatalogColumn) (uint32, bool) {
	oid, ok := d[c.Column]
	return oid, ok && c.Column != ""
}

func (d declaredTypes) ColumnNames(TableRef) []string { return nil }

func (d declaredTypes) ColumnTable(CatalogColumn) (int, bool) { return 0, false }

func (d declaredTypes) ColumnScale(CatalogColumn) int { return 0 }

func (d declaredTypes) PrimaryKey(TableRef) []string { return nil }

func (d declaredTypes) Enum(uint32, TableRef) *EnumType { return nil }

// columnTypes are the PostgreSQL types of a CREATE TABLE's columns.
func (e *emitter) columnTypes(elts []*pg_query.Node) map[string]uint32 {
	out := map[string]uint32{}
	for _, el := range elts {
		c, ok := el.Node.(*pg_query.Node_ColumnDef)
		if !ok || c.ColumnDef.TypeName == nil {
			continue
		}
		name := strings.ToLower(lastName(c.ColumnDef.TypeName.Names))
		if _, user := e.userType(c.ColumnDef.TypeName); user {
			out[c.ColumnDef.Colname] = oidUserType
			continue
		}
		switch serialTypes[name] {
		case "INTEGER":
			out[c.ColumnDef.Colname] = oidInt4
		case "BIGINT":
			out[c.ColumnDef.Colname] = oidInt8
		case "SMALLINT":
			out[c.ColumnDef.Colname] = oidInt2
		default:
			out[c.ColumnDef.Colname] = e.mapType(c.ColumnDef.TypeName).oid
		}
	}
	return out
}

// tableCheckSteps are the StepConstraint steps adding the CHECK constraints of a
// CREATE TABLE (column and table constraints, in PostgreSQL's order: as written).
func (e *emitter) tableCheckSteps(rel *pg_query.RangeVar, elts []*pg_query.Node) []Step {
	var steps []Step
	var types map[string]uint32
	add := func(con *pg_query.Constraint) {
		if types == nil {
			types = e.columnTypes(elts)
		}
		steps = append(steps, Step{Kind: StepConstraint, Check: &CheckOp{Table: e.checkTable(rel), Add: e.checkDef(rel, con, types), Created: true}})
	}
	for _, el := range elts {
		switch v := el.Node.(type) {
		case *pg_query.Node_ColumnDef:
			for _, cn := range v.ColumnDef.Constraints {
				if con := cn.Node.(*pg_query.Node_Constraint).Constraint; con.Contype == pg_query.ConstrType_CONSTR_CHECK {
					add(con)
				}
			}
		case *pg_query.Node_Constraint:
			if v.Constraint.Contype == pg_query.ConstrType_CONSTR_CHECK {
				add(v.Constraint)
			}
		}
	}
	return steps
}

// updateNewRows writes the SELECT of the new values of the rows an UPDATE changes
// (WriteTarget.NewRows).
func (t *translator) updateNewRows(s *pg_query.UpdateStmt) []Step {
	rel := s.Relation
	head := t.newEmitter()
	restore := head.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: rel}}})
	head.w("SELECT ")
	for i, tn := range s.TargetList {
		rt := tn.Node.(*pg_query.Node_ResTarget).ResTarget
		if i > 0 {
			head.w(", ")
		}
		val := setValue(rt)
		at := head.b.Len()
		head.value(val)
		head.noteLiteralOf(CatalogColumn{Column: rt.Name, Tables: []TableRef{tableRef(rel)}}, val, at)
		head.w(" AS ")
		head.ident(rt.Name)
	}
	restore()
	tail := t.newEmitter()
	defer tail.pushScope([]*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: rel}}})()
	tail.w(" FROM ")
	tail.tableName(rel)
	tail.alias(rel.Alias, rel.Location)
	if s.WhereClause != nil {
		tail.w(" WHERE ")
		tail.pred(s.WhereClause)
	}
	return []Step{head.step(StepQuery), tail.step(StepQuery)}
}

// setValue is the value a SET item assigns (one column of SET (a, b) = (x, y)).
func setValue(rt *pg_query.ResTarget) *pg_query.Node {
	if m, ok := rt.Val.Node.(*pg_query.Node_MultiAssignRef); ok {
		if row, isRow := m.MultiAssignRef.Source.Node.(*pg_query.Node_RowExpr); isRow &&
			m.MultiAssignRef.Colno >= 1 && int(m.MultiAssignRef.Colno) <= len(row.RowExpr.Args) {
			return row.RowExpr.Args[m.MultiAssignRef.Colno-1]
		}
	}
	return rt.Val
}
