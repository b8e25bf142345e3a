package translate

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// existenceCheck builds a StepCheck over IRIS INFORMATION_SCHEMA. Literal names
// (not parameters) keep the check independent of the client's parameters.
// INFORMATION_SCHEMA names have SQLUPPER collation: the comparison is
// case-insensitive, like IRIS identifiers.
func (t *translator) existenceCheck(view string, conds ...string) Step {
	e := t.newEmitter()
	e.w("SELECT TOP 1 1 FROM INFORMATION_SCHEMA." + view + " WHERE ")
	for i := 0; i+1 < len(conds); i += 2 {
		if i > 0 {
			e.w(" AND ")
		}
		e.w(conds[i] + " = ")
		writeStringLit(&e.b, conds[i+1])
	}
	return e.step(StepCheck)
}

func execStep(sql string) Step { return Step{Kind: StepExec, SQL: sql} }

// skipNotice is PostgreSQL's notice for an IF [NOT] EXISTS that had nothing to do.
func skipNotice(code, format string, args ...any) Step {
	return Step{Kind: StepNotice, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (t *translator) dropStmt(s *pg_query.DropStmt) *Plan {
	// DROP TABLE … CASCADE (what Django writes) drops the table when nothing depends
	// on it; where a foreign key of another table references it, IRIS refuses the
	// drop instead of dropping that key too. Other objects' CASCADE → 0A000.
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE && s.RemoveType != pg_query.ObjectType_OBJECT_TABLE {
		t.unsupported(-1, "DROP … CASCADE")
	}
	var tag, view, keyword, noun string
	switch s.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		tag, view, keyword, noun = "DROP TABLE", "TABLES", "TABLE", "table"
	case pg_query.ObjectType_OBJECT_VIEW:
		tag, view, keyword, noun = "DROP VIEW", "VIEWS", "VIEW", "view"
	case pg_query.ObjectType_OBJECT_INDEX:
		tag, view, keyword, noun = "DROP INDEX", "INDEXES", "INDEX", "index"
	case pg_query.ObjectType_OBJECT_SCHEMA:
		tag, view, keyword, noun = "DROP SCHEMA", "SCHEMATA", "SCHEMA", "schema"
	case pg_query.ObjectType_OBJECT_EXTENSION:
		return t.dropExtension(s)
	default:
		t.unsupported(-1, "DROP "+strings.ReplaceAll(strings.TrimPrefix(s.RemoveType.String(), "OBJECT_"), "_", " "))
	}
	plan := &Plan{Kind: KindDDL, Tag: tag}
	for _, obj := range s.Objects {
		schema, name := t.objectName(obj)
		irisSchema := t.irisSchemaOf(schema)
		e := t.newEmitter()
		e.w("DROP " + keyword + " ")
		switch {
		case s.RemoveType == pg_query.ObjectType_OBJECT_TABLE && t.isTempTable(schema, name):
			irisSchema = t.opt.TempSchema
			e.w(irisSchema + ".")
			plan.TempDrops = append(plan.TempDrops, name)
		case schema != "" && s.RemoveType != pg_query.ObjectType_OBJECT_SCHEMA:
			e.schemaName(schema)
			e.wb('.')
		}
		e.ident(name)
		drop := e.b.String()
		if s.RemoveType == pg_query.ObjectType_OBJECT_TABLE && !t.isTempTable(schema, name) || s.RemoveType == pg_query.ObjectType_OBJECT_VIEW {
			plan.Dropped = append(plan.Dropped, CheckTable{Name: name, IRISSchema: irisSchema})
		}
		if !s.MissingOk {
			plan.Steps = append(plan.Steps, execStep(drop))
			continue
		}
		var check Step
		switch s.RemoveType {
		case pg_query.ObjectType_OBJECT_SCHEMA:
			check = t.existenceCheck(view, "SCHEMA_NAME", t.irisSchemaOf(name))
		case pg_query.ObjectType_OBJECT_INDEX:
			check = t.existenceCheck(view, "TABLE_SCHEMA", irisSchema, "INDEX_NAME", name)
		default:
			check = t.existenceCheck(view, "TABLE_SCHEMA", irisSchema, "TABLE_NAME", name)
		}
		check.Then = []Step{execStep(drop)}
		check.Else = []Step{skipNotice("00000", "%s \"%s\" does not exist, skipping", noun, name)}
		plan.Steps = append(plan.Steps, check)
	}
	if len(plan.Steps) == 1 && plan.Steps[0].Kind == StepExec {
		plan.SQL, plan.Steps = plan.Steps[0].SQL, nil
	}
	return plan
}

// objectName splits a DROP object: a List of String names or a bare String (schemas).
func (t *translator) objectName(obj *pg_query.Node) (schema, name string) {
	switch v := obj.Node.(type) {
	case *pg_query.Node_String_:
		return "", v.String_.Sval
	case *pg_query.Node_List:
		items := v.List.Items
		switch len(items) {
		case 1:
			return "", strVal(items[0])
		case 2:
			return strVal(items[0]), strVal(items[1])
		}
	}
	t.unsupported(-1, "database-qualified object names")
	return "", ""
}

func (t *translator) dropExtension(s *pg_query.DropStmt) *Plan {
	for _, obj := range s.Objects {
		if _, name := t.objectName(obj); name != "vector" {
			t.unsupported(-1, "extension "+name)
		}
	}
	// The vector type is built into IRIS; there is nothing to drop.
	return &Plan{Kind: KindDDL, Tag: "DROP EXTENSION"}
}

func (t *translator) createExtension(s *pg_query.CreateExtensionStmt) *Plan {
	if s.Extname != "vector" {
		t.unsupported(-1, "extension "+s.Extname)
	}
	return &Plan{Kind: KindDDL, Tag: "CREATE EXTENSION"}
}

func (t *translator) createView(s *pg_query.ViewStmt) *Plan {
	if s.WithCheckOption != pg_query.ViewCheckOption_NO_CHECK_OPTION {
		t.unsupported(s.View.Location, "WITH CHECK OPTION")
	}
	if len(s.Options) > 0 {
		t.unsupported(s.View.Location, "view options")
	}
	if s.View.Relpersistence == "t" {
		t.unsupported(s.View.Location, "temporary views")
	}
	sel, ok := s.Query.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		t.unsupported(s.View.Location, "this view query")
	}
	e := t.newEmitter()
	e.w("CREATE ")
	if s.Replace {
		e.w("OR REPLACE ")
	}
	e.w("VIEW ")
	e.tableName(s.View)
	if len(s.Aliases) > 0 {
		e.w(" (")
		e.identList(s.Aliases)
		e.wb(')')
	}
	e.w(" AS ")
	e.selectStmt(sel.SelectStmt, true)
	if len(e.params) > 0 {
		e.fail("42P02", -1, "there is no parameter $%d", e.params[0]+1)
	}
	return &Plan{Kind: KindDDL, Tag: "CREATE VIEW", SQL: e.b.String()}
}

func (t *translator) createSchema(s *pg_query.CreateSchemaStmt) *Plan {
	if s.Authrole != nil {
		t.unsupported(-1, "CREATE SCHEMA … AUTHORIZATION")
	}
	if len(s.SchemaElts) > 0 {
		t.unsupported(-1, "schema elements in CREATE SCHEMA")
	}
	e := t.newEmitter()
	e.w("CREATE SCHEMA ")
	e.schemaName(s.Schemaname)
	plan := &Plan{Kind: KindDDL, Tag: "CREATE SCHEMA"}
	if !s.IfNotExists {
		plan.SQL = e.b.String()
		return plan
	}
	check := t.existenceCheck("SCHEMATA", "SCHEMA_NAME", t.irisSchemaOf(s.Schemaname))
	check.Then = []Step{skipNotice("42P06", "schema %q already exists, skipping", s.Schemaname)}
	check.Else = []Step{execStep(e.b.String())}
	plan.Steps = []Step{check}
	return plan
}
