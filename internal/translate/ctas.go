package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// CreateTableAs describes CREATE TABLE … AS query and SELECT … INTO. IRIS's own
// CREATE TABLE … AS SELECT types the columns its way; PostgreSQL gives the new table
// the names and types of the query's result columns. So the session describes the
// query (Query.SQL, prepared on IRIS), creates the table with those columns, and fills
// it with the plan's SQL, INSERT INTO the table SELECT ….
type CreateTableAs struct {
	Schema, Name string   // the new table as PostgreSQL names it (Schema "" = the default)
	Columns      []string // names given with the table (CREATE TABLE t (a, b) AS …)
	Query        *Plan
	WithData     bool // false: WITH NO DATA
	IfNotExists  bool
	Temp         bool // CREATE TEMP TABLE … AS: Plan.SQL is right only once the table is a temporary table of the session
}

func (t *translator) createTableAs(s *pg_query.CreateTableAsStmt) *Plan {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		t.unsupported(-1, "materialized views")
	}
	sel, ok := s.Query.Node.(*pg_query.Node_SelectStmt)
	if !ok {
		t.unsupported(-1, "CREATE TABLE … AS "+statementName(s.Query))
	}
	return t.tableFromQuery(s.Into, sel.SelectStmt, s.IfNotExists)
}

// selectInto is SELECT … INTO t FROM …, which PostgreSQL runs as CREATE TABLE t AS.
func (t *translator) selectInto(s *pg_query.SelectStmt) *Plan {
	into := s.IntoClause
	s.IntoClause = nil // the query without it; the tree is given back as it came
	defer func() { s.IntoClause = into }()
	return t.tableFromQuery(into, s, false)
}

func (t *translator) tableFromQuery(into *pg_query.IntoClause, s *pg_query.SelectStmt, ifNotExists bool) *Plan {
	rel := into.Rel
	temp := rel.Relpersistence == "t"
	switch {
	case temp && rel.Schemaname != "" && rel.Schemaname != "pg_temp":
		t.fail("42P16", rel.Location, "cannot create temporary relation in non-temporary schema")
	case rel.Relpersistence == "u":
		t.unsupported(rel.Location, "unlogged tables")
	case rel.Catalogname != "":
		t.unsupported(rel.Location, "a database-qualified name ("+rel.Catalogname+"."+rel.Relname+")")
	case into.OnCommit != pg_query.OnCommitAction_ONCOMMIT_NOOP && into.OnCommit != pg_query.OnCommitAction_ON_COMMIT_ACTION_UNDEFINED:
		t.unsupported(rel.Location, "ON COMMIT")
	case into.TableSpaceName != "":
		t.unsupported(rel.Location, "tablespaces")
	}
	n := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: s}}
	q := t.selectPlan(n, s, false)
	if q.Kind != KindQuery || len(q.Steps) > 0 || q.SQL == "" || q.Setval != nil {
		t.unsupported(rel.Location, "CREATE TABLE … AS for this query (only a query IRIS answers in one statement)")
	}
	cmd := &CreateTableAs{Schema: rel.Schemaname, Name: rel.Relname, Query: q, WithData: !into.SkipData, IfNotExists: ifNotExists, Temp: temp}
	for _, c := range into.ColNames {
		cmd.Columns = append(cmd.Columns, strVal(c))
	}
	e := t.newEmitter()
	e.w("INSERT INTO ")
	e.tableName(rel)
	e.wb(' ')
	insert := q.edited([]edit{{0, 0, e.b.String()}})
	insert.Kind, insert.Columns, insert.ParamColumns = KindCreateTableAs, nil, nil
	insert.CreateTableAs = cmd
	return insert
}
