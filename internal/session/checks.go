package session

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// CHECK constraints (translate/checks.go): IRIS has none, so pgwired keeps them in
// catalog.CheckSchema.CheckTable and tests the rows a statement writes inside the
// statement's transaction, with one IRIS query per statement:
//   - UPDATE: before it runs, the new values of the rows it changes (Write.NewRows, a
//     SELECT with the same WHERE) are tested;
//   - INSERT and COPY: after they ran, the rows whose RowID is above the largest one
//     before (IRIS gives new rows increasing RowIDs);
//   - INSERT … ON CONFLICT DO UPDATE: after it ran, the whole table.
//
// A row fails when a condition is false (NULL passes, as in PostgreSQL). The failure is
// PostgreSQL's 23514; a statement of its own (autocommit) is rolled back, and in a
// transaction block the transaction fails as with any error.

const checkTableSQL = catalog.CheckSchema + "." + catalog.CheckTable

// tableChecks are the CHECK constraints of the table a statement writes, and the guards
// of its enum columns (enums.go); nil for a table without any (a map lookup on the
// snapshot).
func (s *Session) tableChecks(ctx context.Context, t translate.CheckTable) ([]*catalog.Constraint, error) {
	if user, err := s.irisUser(); err == nil {
		if snap, ok := s.m.catalogCache().Fresh(user, s.cred.Namespace); ok {
			return writeChecks(snap, t), nil // the common case: no context, no load
		}
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	return writeChecks(snap, t), nil
}

func writeChecks(snap *catalog.Snapshot, t translate.CheckTable) []*catalog.Constraint {
	checks := snap.Checks(t.IRISSchema, t.Name)
	if len(snap.Enums) == 0 {
		return checks
	}
	if tab := snap.IRISTable(t.IRISSchema, t.Name); tab != nil {
		// PostgreSQL reads a value as a label before it tests CHECK constraints.
		checks = append(enumGuards(tab), checks...)
	}
	return checks
}

// violationQuery is SELECT TOP 1 of which check (1-based, in name order) the first row
// of from, within where, fails, and of that row's columns (for the DETAIL).
func violationQuery(checks []*catalog.Constraint, from, where, order string) string {
	var b strings.Builder
	b.WriteString("SELECT TOP 1 CASE")
	for i, k := range checks {
		b.WriteString(" WHEN NOT (" + k.CheckCond + ") THEN " + strconv.Itoa(i+1))
	}
	b.WriteString(" END")
	for _, c := range checks[0].Table.Columns {
		b.WriteString(", ")
		b.WriteString(translate.QuoteIdent(c.IRISName))
	}
	b.WriteString(" FROM " + from + " WHERE ")
	if where != "" {
		b.WriteString(where + " AND ")
	}
	b.WriteByte('(')
	for i, k := range checks {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("NOT (" + k.CheckCond + ")")
	}
	b.WriteByte(')')
	b.WriteString(order)
	return b.String()
}

// firstViolation runs a violationQuery and returns PostgreSQL's error for the check
// that failed, nil when none did.
func (s *Session) firstViolation(ctx context.Context, table string, checks []*catalog.Constraint, sql string, args []any) error {
	sctx, done := s.statementContext(ctx)
	defer done()
	rows, err := s.conn.Query(sctx, sql, args)
	if err != nil {
		return s.irisError(sctx, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return s.irisError(sctx, err)
		}
		return nil
	}
	i, err := rows.Item(0).Int()
	if err != nil || i < 1 || int(i) > len(checks) {
		return &wire.Error{Code: "XX000", Message: "internal error: unexpected CHECK verification result"}
	}
	k := checks[i-1]
	if k.Type == 'e' {
		return enumViolation(rows, k)
	}
	return &wire.Error{Code: "23514", Message: "new row for relation \"" + table + "\" violates check constraint \"" + k.Name + "\"",
		Detail: failingRow(rows, k.Table.Columns), SchemaName: k.Table.Schema.Name, TableName: k.Table.Name, ConstraintName: k.Name}
}

// failingRow is PostgreSQL's DETAIL "Failing row contains (…)": the row's values as
// text (each cut to 64 bytes), null for NULL; "" when a value cannot be shown.
func failingRow(rows *iris.Rows, cols []*catalog.TableColumn) string {
	var b strings.Builder
	b.WriteString("Failing row contains (")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if rows.Item(i + 1).IsNull() {
			b.WriteString("null")
			continue
		}
		f := pgproto3.FieldDescription{DataTypeOID: c.TypeOID, TypeModifier: c.Typmod}
		v, err := appendValue(nil, rows, i+1, &f)
		if err != nil {
			return ""
		}
		if len(v) > 64 {
			v = v[:64]
			for len(v) > 0 && !utf8.Valid(v) {
				v = v[:len(v)-1]
			}
		}
		b.Write(v)
	}
	b.WriteString(").")
	return b.String()
}

// runChecked runs an INSERT or UPDATE whose table has CHECK constraints.
func (s *Session) runChecked(ctx context.Context, p *translate.Plan, checks []*catalog.Constraint, params []any, formats []int16, w wire.ResultWriter) error {
	tw := &tagWriter{ResultWriter: w}
	if err := s.asOneStatement(ctx, s.tx == txIdle, func() error {
		return s.checkedWrite(ctx, p, checks, params, formats, tw)
	}); err != nil {
		return err
	}
	return w.CommandComplete(tw.tag)
}

func (s *Session) checkedWrite(ctx context.Context, p *translate.Plan, checks []*catalog.Constraint, params []any, formats []int16, w wire.ResultWriter) error {
	t := p.Write.Table
	run := func() error {
		if len(p.Steps) > 0 {
			return s.runSteps(ctx, p, params, formats, w)
		}
		return s.runExec(ctx, p, params, w)
	}
	switch p.Write.Mode {
	case translate.WriteUpdate:
		sql, args, err := s.newRowsQuery(ctx, p, checks, params)
		if err != nil {
			return err
		}
		if err := s.firstViolation(ctx, t.Name, checks, sql, args); err != nil {
			return err
		}
		return run()
	case translate.WriteUpsert:
		if err := run(); err != nil {
			return err
		}
		return s.firstViolation(ctx, t.Name, checks, violationQuery(checks, t.SQL, "", ""), nil)
	}
	return s.insertChecked(ctx, t, checks, run)
}

// insertChecked runs insert, which adds rows to t, and tests the rows it added.
func (s *Session) insertChecked(ctx context.Context, t translate.CheckTable, checks []*catalog.Constraint, insert func() error) error {
	last, err := s.lastRowID(ctx, t)
	if err != nil {
		return err
	}
	if err := insert(); err != nil {
		return err
	}
	where, args := "", []any(nil)
	if last != nil {
		where, args = "%ID > ?", []any{*last}
	}
	return s.firstViolation(ctx, t.Name, checks, violationQuery(checks, t.SQL, where, " ORDER BY %ID"), args)
}

// lastRowID is the largest RowID of t, nil when t is empty.
func (s *Session) lastRowID(ctx context.Context, t translate.CheckTable) (*int64, error) {
	sctx, done := s.statementContext(ctx)
	defer done()
	rows, err := s.conn.Query(sctx, "SELECT MAX(%ID) FROM "+t.SQL, nil)
	if err != nil {
		return nil, s.irisError(sctx, err)
	}
	defer rows.Close()
	if !rows.Next() || rows.Item(0).IsNull() {
		if err := rows.Err(); err != nil {
			return nil, s.irisError(sctx, err)
		}
		return nil, nil
	}
	id, err := rows.Item(0).Int()
	if err != nil {
		return nil, &wire.Error{Code: "XX000", Message: "IRIS returned a row id that is not an integer: " + err.Error()}
	}
	return &id, nil
}

// newRowsQuery is the violation query over the new values of the rows an UPDATE
// changes: Write.NewRows with the table's columns the UPDATE does not set.
func (s *Session) newRowsQuery(ctx context.Context, p *translate.Plan, checks []*catalog.Constraint, params []any) (string, []any, error) {
	rows := p.Write.NewRows
	if len(rows) != 2 {
		return "", nil, &wire.Error{Code: "XX000", Message: "internal error: UPDATE without its new-rows query"}
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	b.WriteString(rows[0].SQL)
	if t := snap.IRISTable(p.Write.Table.IRISSchema, p.Write.Table.Name); t != nil {
		set := p.Write.SetColumns()
		for _, c := range t.Columns {
			if !set[strings.ToLower(c.IRISName)] {
				b.WriteString(", ")
				b.WriteString(translate.QuoteIdent(c.IRISName))
			}
		}
	}
	b.WriteString(rows[1].SQL)
	args, err := irisArgs(append(append([]int(nil), rows[0].Params...), rows[1].Params...), params)
	if err != nil {
		return "", nil, err
	}
	return violationQuery(checks, "("+b.String()+") AS pgw_new", "", ""), args, nil
}

// tagWriter keeps the command tag, which the caller sends once the rows are checked.
type tagWriter struct {
	wire.ResultWriter
	tag string
}

func (t *tagWriter) CommandComplete(tag string) error {
	t.tag = tag
	return nil
}

// runCheckOp adds or drops a CHECK constraint (StepConstraint).
func (s *Session) runCheckOp(ctx context.Context, r *stepRun, st *translate.Step) error {
	op := st.Check
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return err
	}
	var existing []*catalog.Constraint
	if !op.Created {
		existing = snap.Checks(op.Table.IRISSchema, op.Table.Name)
	}
	if op.RenameColumn != "" {
		return s.renameCheckColumn(ctx, st, snap, existing)
	}
	if col := op.DropColumn; col != "" {
		if err := s.forgetColumnComment(ctx, snap, op.Table, col); err != nil {
			return err
		}
		for _, k := range existing {
			names, err := translate.CheckColumns(k.CheckDef)
			if err != nil || !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, col) }) {
				continue
			}
			// PostgreSQL drops the CHECK constraints of a dropped column with it.
			if err := s.execCheckTable(ctx, "DELETE FROM "+checkTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
				op.Table.IRISSchema, op.Table.Name, k.Name); err != nil {
				return err
			}
		}
		return nil
	}
	if op.Add == nil {
		for _, k := range existing {
			if k.Name == op.Drop {
				return s.execCheckTable(ctx, "DELETE FROM "+checkTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
					op.Table.IRISSchema, op.Table.Name, k.Name)
			}
		}
		if st.SQL == "" {
			return &wire.Error{Code: "42704", Message: "constraint \"" + op.Drop + "\" of relation \"" + op.Table.Name + "\" does not exist"}
		}
		return s.execStepSQL(ctx, st.SQL)
	}
	def := op.Add
	taken := map[string]bool{}
	for _, k := range existing {
		taken[k.Name] = true
	}
	key := strings.ToLower(op.Table.IRISSchema + "." + op.Table.Name)
	for _, n := range r.checkNames[key] {
		taken[n] = true
	}
	name := def.Name
	if name == "" {
		name = def.NameBase + "_check"
		for i := 1; taken[name]; i++ {
			name = def.NameBase + "_check" + strconv.Itoa(i)
		}
	} else if taken[name] {
		return &wire.Error{Code: "42710", Message: "constraint \"" + name + "\" for relation \"" + op.Table.Name + "\" already exists"}
	}
	cond := def.Cond
	if !op.Created {
		cat := snapshotCatalog{snap: snap}
		if e := def.EnumError(cat); e != nil {
			return &wire.Error{Code: e.SQLState, Message: e.Message}
		}
		cond = def.ResolveCond(cat)
	}
	// Existing rows must pass (none for a new table, where this still makes IRIS
	// compile the condition before the table is used).
	if !def.NotValid {
		sctx, done := s.statementContext(ctx)
		rows, err := s.conn.Query(sctx, "SELECT TOP 1 1 FROM "+op.Table.SQL+" WHERE NOT ("+cond+")", nil)
		if err != nil {
			err = s.irisError(sctx, err)
			done()
			return s.undoCreate(ctx, op, err)
		}
		found := rows.Next()
		rows.Close()
		done()
		if found {
			e := &wire.Error{Code: "23514", Message: "check constraint \"" + name + "\" of relation \"" + op.Table.Name + "\" is violated by some row",
				TableName: op.Table.Name, ConstraintName: name}
			if t := snap.IRISTable(op.Table.IRISSchema, op.Table.Name); t != nil {
				e.SchemaName = t.Schema.Name
			}
			return e
		}
	}
	if !snap.HasCheckTable && !r.checkTableMade {
		err := s.execStepSQL(ctx, "CREATE TABLE "+checkTableSQL+" (TABLE_SCHEMA VARCHAR(128) NOT NULL, TABLE_NAME VARCHAR(128) NOT NULL, "+
			"CONSTRAINT_NAME VARCHAR(128) NOT NULL, DEFINITION VARCHAR(32000) NOT NULL, CONDITION VARCHAR(32000) NOT NULL, VALIDATED INTEGER NOT NULL, "+
			"PRIMARY KEY (TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME))")
		var we *wire.Error
		if err != nil && !(errors.As(err, &we) && we.Code == "42P07") {
			return s.undoCreate(ctx, op, err)
		}
		r.checkTableMade = true
	} else if op.Created && len(r.checkNames[key]) == 0 {
		// Definitions left by an earlier table of that name dropped outside pgwired.
		if err := s.execCheckTable(ctx, "DELETE FROM "+checkTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", op.Table.IRISSchema, op.Table.Name); err != nil {
			return s.undoCreate(ctx, op, err)
		}
	}
	validated := int64(1)
	if def.NotValid {
		validated = 0
	}
	if err := s.execCheckTable(ctx, "INSERT INTO "+checkTableSQL+" (TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DEFINITION, CONDITION, VALIDATED) VALUES (?, ?, ?, ?, ?, ?)",
		op.Table.IRISSchema, op.Table.Name, name, def.Def, cond, validated); err != nil {
		return s.undoCreate(ctx, op, err)
	}
	if r.checkNames == nil {
		r.checkNames = map[string][]string{}
	}
	r.checkNames[key] = append(r.checkNames[key], name)
	return nil
}

// undoCreate drops the table a CREATE TABLE made when one of its CHECK constraints
// cannot be kept: PostgreSQL creates the table with all its constraints or not at all.
func (s *Session) undoCreate(ctx context.Context, op *translate.CheckOp, err error) error {
	if op.Created {
		_ = s.execStepSQL(ctx, "DROP TABLE "+op.Table.SQL)
	}
	return err
}

// forgetChecks drops the CHECK constraints (and rename records and comments) of tables
// and views a DROP dropped; snap is the catalog before the drop.
func (s *Session) forgetChecks(ctx context.Context, snap *catalog.Snapshot, tables []translate.CheckTable) error {
	if err := s.forgetRenames(ctx, snap, tables); err != nil {
		return err
	}
	if err := s.forgetComments(ctx, snap, tables); err != nil || !snap.HasCheckTable {
		return err
	}
	for _, t := range tables {
		if len(snap.Checks(t.IRISSchema, t.Name)) == 0 {
			continue
		}
		if err := s.execCheckTable(ctx, "DELETE FROM "+checkTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", t.IRISSchema, t.Name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) execCheckTable(ctx context.Context, sql string, args ...any) error {
	sctx, done := s.statementContext(ctx)
	defer done()
	if _, err := s.conn.Exec(sctx, sql, args); err != nil {
		return s.irisError(sctx, err)
	}
	return nil
}

func (s *Session) execStepSQL(ctx context.Context, sql string) error {
	return s.execCheckTable(ctx, sql)
}
