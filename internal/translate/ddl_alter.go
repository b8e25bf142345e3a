package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// alterTable runs each subcommand as its own ALTER TABLE step.
func (t *translator) alterTable(s *pg_query.AlterTableStmt) *Plan {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		t.unsupported(s.Relation.Location, "ALTER of this object type")
	}
	plan := &Plan{Kind: KindDDL, Tag: "ALTER TABLE"}
	schema := t.irisSchemaOf(s.Relation.Schemaname)
	for _, c := range s.Cmds {
		cmd := c.Node.(*pg_query.Node_AlterTableCmd).AlterTableCmd
		e := t.newEmitter()
		e.w("ALTER TABLE ")
		e.tableName(s.Relation)
		var check *Step
		var op *CheckOp      // a CHECK constraint added, or a constraint that may be one dropped
		var colChecks []Step // the CHECK constraints of a column added
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			col := cmd.Def.Node.(*pg_query.Node_ColumnDef).ColumnDef
			e.w(" ADD COLUMN ")
			e.checksAllowed = true
			for _, cn := range col.Constraints {
				if con := cn.Node.(*pg_query.Node_Constraint).Constraint; con.Contype == pg_query.ConstrType_CONSTR_CHECK {
					colChecks = append(colChecks, Step{Kind: StepConstraint, Check: &CheckOp{Table: e.checkTable(s.Relation), Add: t.checkDef(s.Relation, con, nil)}})
				}
			}
			if e.columnDef(col) {
				e.unsupported(col.Location, "adding a serial/identity column")
			}
			if cmd.MissingOk {
				st := t.existenceCheck("COLUMNS", "TABLE_SCHEMA", schema, "TABLE_NAME", s.Relation.Relname, "COLUMN_NAME", col.Colname)
				check = &st
			}
		case pg_query.AlterTableType_AT_DropColumn:
			// CASCADE (Django writes it on every column it drops) becomes a plain DROP
			// COLUMN: where no other object depends on the column the result is the
			// same, and where one does IRIS refuses the drop instead of dropping it too.
			e.w(" DROP COLUMN ")
			e.ident(cmd.Name)
			colChecks = []Step{{Kind: StepConstraint, Check: &CheckOp{Table: e.checkTable(s.Relation), DropColumn: cmd.Name}}}
			if cmd.MissingOk {
				st := t.existenceCheck("COLUMNS", "TABLE_SCHEMA", schema, "TABLE_NAME", s.Relation.Relname, "COLUMN_NAME", cmd.Name)
				check = &st
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			con := cmd.Def.Node.(*pg_query.Node_Constraint).Constraint
			if con.Contype == pg_query.ConstrType_CONSTR_CHECK {
				op = &CheckOp{Table: e.checkTable(s.Relation), Add: t.checkDef(s.Relation, con, nil)}
				break
			}
			e.w(" ADD ")
			e.tableConstraint(con)
		case pg_query.AlterTableType_AT_AlterColumnType:
			// ALTER [COLUMN] field datatype (the IRIS ALTER TABLE synopsis). The
			// column keeps its collation; a USING expression or COLLATE → 0A000.
			def := cmd.Def.Node.(*pg_query.Node_ColumnDef).ColumnDef
			if def.RawDefault != nil {
				e.unsupported(def.Location, "ALTER COLUMN TYPE … USING")
			}
			if def.CollClause != nil {
				e.unsupported(def.Location, "COLLATE in ALTER COLUMN TYPE")
			}
			if _, user := t.userType(def.TypeName); user {
				// Existing values would have to be checked against the labels.
				e.unsupported(def.Location, "ALTER COLUMN TYPE to an enum type")
			}
			if _, serial := serialTypes[strings.ToLower(lastName(def.TypeName.Names))]; serial {
				e.unsupported(def.Location, "ALTER COLUMN TYPE to a serial type")
			}
			if typ := e.mapType(def.TypeName); typ.oid == oidTimestamp || typ.oid == oidTimestamptz {
				// Both are IRIS TIMESTAMPs, told apart by a description ALTER COLUMN
				// cannot change.
				e.unsupported(def.Location, "ALTER COLUMN TYPE to timestamp or timestamptz")
			}
			e.w(" ALTER COLUMN ")
			e.ident(cmd.Name)
			e.wb(' ')
			e.w(e.mapType(def.TypeName).sql)
		case pg_query.AlterTableType_AT_ColumnDefault:
			// Django adds a column with a default and then drops it (the default
			// only fills the existing rows), and sets one for a while when a column
			// becomes NOT NULL.
			e.w(" ALTER COLUMN ")
			e.ident(cmd.Name)
			if cmd.Def == nil {
				e.w(" DROP DEFAULT")
			} else {
				e.w(" DEFAULT ")
				e.defaultValue(cmd.Def, s.Relation.Location)
			}
		case pg_query.AlterTableType_AT_DropNotNull:
			e.w(" ALTER COLUMN ")
			e.ident(cmd.Name)
			e.w(" NULL")
		case pg_query.AlterTableType_AT_SetNotNull:
			e.w(" ALTER COLUMN ")
			e.ident(cmd.Name)
			e.w(" NOT NULL")
		case pg_query.AlterTableType_AT_DropConstraint:
			if cmd.MissingOk {
				e.unsupported(s.Relation.Location, "DROP CONSTRAINT IF EXISTS")
			}
			e.w(" DROP CONSTRAINT ")
			e.ident(cmd.Name)
			op = &CheckOp{Table: e.checkTable(s.Relation), Drop: cmd.Name}
		default:
			e.unsupported(s.Relation.Location, "ALTER TABLE "+camelWords(strings.TrimPrefix(cmd.Subtype.String(), "AT_")))
		}
		sql := e.b.String()
		switch {
		case op != nil:
			st := Step{Kind: StepConstraint, Check: op}
			if op.Add == nil {
				st.SQL = sql
			}
			plan.Steps = append(plan.Steps, st)
		case check == nil:
			plan.Steps = append(plan.Steps, execStep(sql))
			plan.Steps = append(plan.Steps, colChecks...)
		case cmd.Subtype == pg_query.AlterTableType_AT_AddColumn:
			col := cmd.Def.Node.(*pg_query.Node_ColumnDef).ColumnDef.Colname
			check.Then = []Step{skipNotice("42701", "column %q of relation %q already exists, skipping", col, s.Relation.Relname)}
			check.Else = append([]Step{execStep(sql)}, colChecks...)
			plan.Steps = append(plan.Steps, *check)
		default:
			check.Then = append([]Step{execStep(sql)}, colChecks...)
			if cmd.Subtype == pg_query.AlterTableType_AT_DropColumn {
				check.Else = []Step{skipNotice("00000", "column %q of relation %q does not exist, skipping", cmd.Name, s.Relation.Relname)}
			}
			plan.Steps = append(plan.Steps, *check)
		}
	}
	if s.MissingOk {
		guard := t.existenceCheck("TABLES", "TABLE_SCHEMA", schema, "TABLE_NAME", s.Relation.Relname)
		guard.Then = plan.Steps
		guard.Else = []Step{skipNotice("00000", "relation %q does not exist, skipping", s.Relation.Relname)}
		plan.Steps = []Step{guard}
	}
	if len(plan.Steps) == 1 && plan.Steps[0].Kind == StepExec {
		plan.SQL, plan.Steps = plan.Steps[0].SQL, nil
	}
	return plan
}

// rename: ALTER TABLE t RENAME TO u → ALTER TABLE t RENAME u, and ALTER TABLE t RENAME
// [COLUMN] a TO b → ALTER TABLE t ALTER COLUMN a RENAME b (the IRIS ALTER TABLE
// synopsis), each a step that also brings what pgwired keeps of the table along; IF
// EXISTS looks the table up first. No IRIS statement was found for other renames
// (views, indexes, constraints, sequences, schemas): 0A000.
func (t *translator) rename(s *pg_query.RenameStmt) *Plan {
	var st Step
	switch {
	case s.RenameType == pg_query.ObjectType_OBJECT_TABLE:
		st = t.renameTable(s)
	case s.RenameType == pg_query.ObjectType_OBJECT_COLUMN && s.RelationType == pg_query.ObjectType_OBJECT_TABLE:
		st = t.renameColumn(s)
	default:
		t.unsupported(-1, renameConstruct(s))
	}
	plan := &Plan{Kind: KindDDL, Tag: "ALTER TABLE", Steps: []Step{st}}
	if s.MissingOk {
		guard := t.existenceCheck("TABLES", "TABLE_SCHEMA", t.irisSchemaOf(s.Relation.Schemaname), "TABLE_NAME", s.Relation.Relname)
		guard.Then = plan.Steps
		guard.Else = []Step{skipNotice("00000", "relation %q does not exist, skipping", s.Relation.Relname)}
		plan.Steps = []Step{guard}
	}
	return plan
}

// renameConstruct names a refused rename as PostgreSQL's statement spells it.
func renameConstruct(s *pg_query.RenameStmt) string {
	object := func(o pg_query.ObjectType) string {
		if o == pg_query.ObjectType_OBJECT_MATVIEW {
			return "MATERIALIZED VIEW"
		}
		return strings.ReplaceAll(strings.TrimPrefix(o.String(), "OBJECT_"), "_", " ")
	}
	switch s.RenameType {
	case pg_query.ObjectType_OBJECT_COLUMN:
		return "ALTER " + object(s.RelationType) + " … RENAME COLUMN"
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		return "ALTER TABLE … RENAME CONSTRAINT"
	}
	return "ALTER " + object(s.RenameType) + " … RENAME"
}

// renameTable: the new name stays in the table's schema (PostgreSQL's grammar allows no
// schema there), so it is written with the old name's qualification. The session
// refuses the rename of a view or of a table a view reads (IRIS's behaviour there is
// not established) and moves the table's CHECK constraints to the new name.
func (t *translator) renameTable(s *pg_query.RenameStmt) Step {
	rel := s.Relation
	if rel.Schemaname == "pg_temp" || t.isTempTable(rel.Schemaname, rel.Relname) {
		t.unsupported(rel.Location, "ALTER TABLE … RENAME of a temporary table")
	}
	e := t.newEmitter()
	e.w("ALTER TABLE ")
	e.tableName(rel)
	e.w(" RENAME ")
	e.tableName(&pg_query.RangeVar{Schemaname: rel.Schemaname, Relname: s.Newname, Location: -1})
	return Step{Kind: StepRenameTable, SQL: e.b.String(), Rename: &TableRename{Table: e.checkTable(rel), NewName: s.Newname}}
}

// renameColumn: the session rewrites the CHECK constraints that name the column, as
// PostgreSQL does, then runs the step's SQL.
func (t *translator) renameColumn(s *pg_query.RenameStmt) Step {
	e := t.newEmitter()
	e.w("ALTER TABLE ")
	e.tableName(s.Relation)
	e.w(" ALTER COLUMN ")
	e.ident(s.Subname)
	e.w(" RENAME ")
	e.ident(s.Newname)
	op := &CheckOp{Table: e.checkTable(s.Relation), RenameColumn: s.Subname, NewName: s.Newname}
	return Step{Kind: StepConstraint, SQL: e.b.String(), Check: op}
}

// truncate: PostgreSQL's default CONTINUE IDENTITY keeps sequences, and
// TRUNCATE is transactional in PostgreSQL. IRIS TRUNCATE TABLE resets
// AUTO_INCREMENT counters and never runs in an automatic transaction, so only
// RESTART IDENTITY maps to it; the default is a DELETE (counters kept, undoable).
func (t *translator) truncate(s *pg_query.TruncateStmt) *Plan {
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		t.unsupported(-1, "TRUNCATE … CASCADE")
	}
	plan := &Plan{Kind: KindDDL, Tag: "TRUNCATE TABLE"}
	if !s.RestartSeqs {
		// DELETEs: the session runs several in one transaction, all or nothing.
		plan.Kind = KindDML
	}
	for _, r := range s.Relations {
		e := t.newEmitter()
		if s.RestartSeqs {
			e.w("TRUNCATE TABLE ")
		} else {
			e.w("DELETE FROM ")
		}
		rv := r.Node.(*pg_query.Node_RangeVar).RangeVar
		e.tableName(rv)
		plan.Steps = append(plan.Steps, execStep(e.b.String()))
		plan.Truncated = append(plan.Truncated, tableRef(rv))
	}
	if len(plan.Steps) == 1 {
		plan.SQL, plan.Steps = plan.Steps[0].SQL, nil
	}
	return plan
}
