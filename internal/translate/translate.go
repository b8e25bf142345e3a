package translate

import (
	"strings"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Translate parses one client message with the PostgreSQL parser and returns
// one Plan per statement. Empty text (or only comments/semicolons) gives one
// KindEmpty plan.
//
// Errors are *Error. A syntax error (42601) rejects the whole message, as
// PostgreSQL does, and no plan is returned. When a later statement cannot be
// translated (0A000 and others), the plans of the statements before it are
// returned together with the error: PostgreSQL would have run those first.
func Translate(sql string, opt Options) ([]*Plan, error) {
	opt = opt.normalized()
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, syntaxError(err)
	}
	if len(tree.Stmts) == 0 {
		return []*Plan{{Kind: KindEmpty}}, nil
	}
	plans := make([]*Plan, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		p, err := translateStmt(sql, raw, opt)
		if err != nil {
			return plans, err
		}
		plans = append(plans, p)
	}
	return plans, nil
}

// statementText cuts one statement out of the message.
func statementText(sql string, raw *pg_query.RawStmt) string {
	start, end := statementBounds(sql, raw)
	return strings.TrimSpace(sql[start:end])
}

func statementBounds(sql string, raw *pg_query.RawStmt) (start, end int) {
	start = int(raw.StmtLocation)
	end = len(sql)
	if raw.StmtLen > 0 && start+int(raw.StmtLen) <= len(sql) {
		end = start + int(raw.StmtLen)
	}
	if start > end {
		start = end
	}
	return start, end
}

func translateStmt(sql string, raw *pg_query.RawStmt, opt Options) (*Plan, error) {
	t := &translator{opt: opt, src: sql, maybeCatalog: mayReferenceCatalog(sql)}
	return t.run(raw)
}

func (t *translator) run(raw *pg_query.RawStmt) (plan *Plan, err error) {
	sql := t.src
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			plan, err = nil, b.err
		}
	}()
	plan = t.statement(raw.Stmt)
	plan.Original = statementText(sql, raw)
	for _, q := range []*Plan{plan, plan.Prepared.GetQuery()} {
		if c := q.GetColumnList(); c != nil {
			// From the message's offsets to the statement's (statementText trims it).
			start, end := statementBounds(sql, raw)
			lead := len(sql[start:end]) - len(strings.TrimLeftFunc(sql[start:end], unicode.IsSpace))
			c.At -= start + lead
		}
	}
	plan.MathFuncs = t.mathFuncs
	if len(t.typeRefs) > 0 {
		plan.TypeRefs = t.typeRefs
	}
	if plan.Prepared != nil && plan.Prepared.Query != nil {
		// Errors of the prepared statement point into the PREPARE, as in PostgreSQL.
		plan.Prepared.Query.Original = plan.Original
		plan.Prepared.Query.MathFuncs = t.mathFuncs
	}
	if plan.NumParams < t.maxParam {
		plan.NumParams = t.maxParam
	}
	if len(t.paramTypes) > 0 {
		plan.ParamTypes = make([]uint32, plan.NumParams)
		for i, oid := range t.paramTypes {
			if i < len(plan.ParamTypes) {
				plan.ParamTypes[i] = oid
			}
		}
	}
	return plan, nil
}

func (t *translator) statement(n *pg_query.Node) *Plan {
	switch v := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if v.SelectStmt.IntoClause != nil {
			return t.selectInto(v.SelectStmt)
		}
		return t.selectPlan(n, v.SelectStmt, true)
	case *pg_query.Node_InsertStmt:
		t.rejectCatalogWrite(n)
		return t.insertStmt(v.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		t.rejectCatalogWrite(n)
		return t.updateStmt(v.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		t.rejectCatalogWrite(n)
		return t.deleteStmt(v.DeleteStmt)
	case *pg_query.Node_TransactionStmt:
		return t.transaction(v.TransactionStmt)
	case *pg_query.Node_VariableSetStmt:
		return t.setStmt(v.VariableSetStmt)
	case *pg_query.Node_VariableShowStmt:
		return t.showStmt(v.VariableShowStmt)
	case *pg_query.Node_DiscardStmt:
		return discardPlan(v.DiscardStmt)
	case *pg_query.Node_DeallocateStmt:
		return deallocatePlan(v.DeallocateStmt)
	case *pg_query.Node_ListenStmt:
		return &Plan{Kind: KindListen, Tag: "LISTEN", Name: v.ListenStmt.Conditionname}
	case *pg_query.Node_UnlistenStmt:
		return &Plan{Kind: KindUnlisten, Tag: "UNLISTEN", Name: v.UnlistenStmt.Conditionname}
	case *pg_query.Node_NotifyStmt:
		t.unsupported(-1, "NOTIFY")
	case *pg_query.Node_LockStmt:
		return t.lockTable(v.LockStmt)
	case *pg_query.Node_CreateStmt:
		return t.createTable(v.CreateStmt)
	case *pg_query.Node_IndexStmt:
		return t.createIndex(v.IndexStmt)
	case *pg_query.Node_DropStmt:
		switch v.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_SEQUENCE:
			return t.dropSequence(v.DropStmt)
		case pg_query.ObjectType_OBJECT_TYPE:
			return t.dropType(v.DropStmt)
		}
		return t.dropStmt(v.DropStmt)
	case *pg_query.Node_CreateSeqStmt:
		return t.createSequence(v.CreateSeqStmt)
	case *pg_query.Node_AlterSeqStmt:
		return t.alterSequence(v.AlterSeqStmt)
	case *pg_query.Node_CreateEnumStmt:
		return t.createEnum(v.CreateEnumStmt)
	case *pg_query.Node_AlterEnumStmt:
		return t.alterEnum(v.AlterEnumStmt)
	case *pg_query.Node_ViewStmt:
		return t.createView(v.ViewStmt)
	case *pg_query.Node_CreateSchemaStmt:
		return t.createSchema(v.CreateSchemaStmt)
	case *pg_query.Node_AlterTableStmt:
		return t.alterTable(v.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		return t.rename(v.RenameStmt)
	case *pg_query.Node_CommentStmt:
		return t.comment(v.CommentStmt)
	case *pg_query.Node_TruncateStmt:
		return t.truncate(v.TruncateStmt)
	case *pg_query.Node_CreateExtensionStmt:
		return t.createExtension(v.CreateExtensionStmt)
	case *pg_query.Node_CopyStmt:
		return t.copyStmt(v.CopyStmt)
	case *pg_query.Node_VacuumStmt:
		// Maintenance without effect on results (pgbench runs it); IRIS manages
		// its own storage statistics.
		tag := "VACUUM"
		if !v.VacuumStmt.IsVacuumcmd {
			tag = "ANALYZE"
		}
		return &Plan{Kind: KindDDL, Tag: tag}
	case *pg_query.Node_ConstraintsSetStmt:
		// Django's check_constraints (loaddata, TestCase) brackets its checks with
		// SET CONSTRAINTS ALL IMMEDIATE … ALL DEFERRED. IRIS checks every key at each
		// statement, which is IMMEDIATE; DEFERRED is accepted like a foreign key's
		// INITIALLY DEFERRED (docs/compatibility.md). Named constraints → 0A000.
		if len(v.ConstraintsSetStmt.Constraints) > 0 {
			t.unsupported(-1, "SET CONSTRAINTS of named constraints")
		}
		return &Plan{Kind: KindSetConstraints, Tag: "SET CONSTRAINTS"}
	case *pg_query.Node_ExplainStmt:
		t.unsupported(-1, "EXPLAIN")
	case *pg_query.Node_DeclareCursorStmt:
		return t.declareCursor(v.DeclareCursorStmt)
	case *pg_query.Node_FetchStmt:
		return t.fetch(v.FetchStmt)
	case *pg_query.Node_CreateTableAsStmt:
		return t.createTableAs(v.CreateTableAsStmt)
	case *pg_query.Node_PrepareStmt:
		return t.prepareStmt(v.PrepareStmt)
	case *pg_query.Node_ExecuteStmt:
		return t.executeStmt(v.ExecuteStmt)
	case *pg_query.Node_ClosePortalStmt:
		return &Plan{Kind: KindCloseCursor, Tag: "CLOSE CURSOR", Cursor: &CursorCommand{Name: v.ClosePortalStmt.Portalname, All: v.ClosePortalStmt.Portalname == ""}}
	}
	t.unsupported(-1, statementName(n))
	return nil
}

// statementOverrides name statements whose AST type does not read as SQL.
var statementOverrides = map[string]string{
	"Rename": "RENAME", "CreateSeq": "CREATE SEQUENCE", "AlterSeq": "ALTER SEQUENCE", "Do": "DO blocks",
	"CreateTrig": "CREATE TRIGGER", "Createdb": "CREATE DATABASE",
	"CreateEnum":    "CREATE TYPE … AS ENUM",
	"CompositeType": "CREATE TYPE", "CheckPoint": "CHECKPOINT", "Merge": "MERGE",
}

// statementName turns an AST type (CreateFunctionStmt) into SQL words (CREATE FUNCTION).
func statementName(n *pg_query.Node) string {
	base := strings.TrimSuffix(nodeTypeName(n), "Stmt")
	if name, ok := statementOverrides[base]; ok {
		return name
	}
	return camelWords(base)
}

// camelWords turns "AlterColumnType" into "ALTER COLUMN TYPE".
func camelWords(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// selectPlan translates a query. exact: numeric quotients in its select list are computed
// by the session (quotient.go); not for a query whose rows IRIS itself consumes.
func (t *translator) selectPlan(n *pg_query.Node, s *pg_query.SelectStmt, exact bool) *Plan {
	if t.maybeCatalog && referencesCatalog(n) {
		return &Plan{Kind: KindCatalog, Tag: "SELECT", Stmt: n}
	}
	if q := localQuery(s); q != nil {
		return &Plan{Kind: KindLocalQuery, Tag: "SELECT", Local: q, Columns: localColumns(q), NumParams: localMaxParam(q), ParamTypes: localParamTypes(q)}
	}
	if t.maybeCatalog && settingExpression(n) {
		return &Plan{Kind: KindCatalog, Tag: "SELECT", Stmt: n}
	}
	if len(s.LockingClause) > 0 {
		return t.selectForUpdate(s)
	}
	if s.WithClause != nil && s.WithClause.Recursive && t.withq == nil {
		return t.recursiveSelect(s)
	}
	if p := t.setvalQuery(s); p != nil {
		return p
	}
	e := t.newEmitter()
	e.exactQuotients = exact && s.Op == pg_query.SetOperation_SETOP_NONE
	cols := e.selectStmt(s, false)
	plan := &Plan{Kind: KindQuery, Tag: "SELECT", Columns: cols, IntSplices: e.splices}
	e.setSQL(plan)
	if s.Op != pg_query.SetOperation_SETOP_NONE {
		// SELECT $1 UNION SELECT 2: PostgreSQL types $1 from the other branch.
		plan.ParamColumns = nil
	}
	return plan
}

func (t *translator) rejectCatalogWrite(n *pg_query.Node) {
	if t.maybeCatalog && referencesCatalog(n) {
		t.unsupported(-1, "statements that combine system catalogs with data changes")
	}
}
