package translate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/pgwired/pgwired/internal/iris"
)

// simSandbox executes, one after the other on one simulator, the cases that
// change the schema or the transaction state. Before each case it empties the
// namespace and loads the fixture tables the case names (leaving out those the
// case creates itself); each case runs on a connection of its own, rolled back
// and closed afterwards. No state carries over.
type simSandbox struct {
	db      *simDB // the server and the connection that resets the namespace
	fixture []fixtureStmt
}

// fixtureStmt is one statement of the fixture file and the object it builds.
type fixtureStmt struct {
	pg     string // PostgreSQL text
	schema string // lower-case schema of the table, or the schema CREATE SCHEMA creates
	table  string // lower-case table it creates or fills; "" for CREATE SCHEMA
}

func newSandbox(t *testing.T) *simSandbox {
	t.Helper()
	text, err := os.ReadFile(simFixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	stmts, err := pg_query.SplitWithParser(string(text), true)
	if err != nil {
		t.Fatalf("%s: %v", simFixtureFile, err)
	}
	sb := &simSandbox{db: newSim(t)}
	for _, pg := range stmts {
		tree, err := pg_query.Parse(pg)
		if err != nil || len(tree.Stmts) != 1 {
			t.Fatalf("%s: %q: %v", simFixtureFile, pg, err)
		}
		fs := fixtureStmt{pg: pg}
		switch n := tree.Stmts[0].Stmt.Node.(type) {
		case *pg_query.Node_CreateSchemaStmt:
			fs.schema = strings.ToLower(n.CreateSchemaStmt.Schemaname)
		case *pg_query.Node_CreateStmt:
			fs.schema, fs.table = relationKey(n.CreateStmt.Relation)
		case *pg_query.Node_InsertStmt:
			fs.schema, fs.table = relationKey(n.InsertStmt.Relation)
		default:
			t.Fatalf("%s: %q: only CREATE SCHEMA, CREATE TABLE and INSERT are expected", simFixtureFile, pg)
		}
		sb.fixture = append(sb.fixture, fs)
	}
	return sb
}

func (sb *simSandbox) close() { sb.db.close() }

// relationKey is the lower-case (schema, table) of a relation, "public" as "".
func relationKey(rv *pg_query.RangeVar) (schema, table string) {
	schema = strings.ToLower(rv.Schemaname)
	if schema == "public" {
		schema = ""
	}
	return schema, strings.ToLower(rv.Relname)
}

var wordPattern = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// run executes a case's plans after its simSandboxSetup. Plans with parameters
// are prepared, not executed (the cases give no values).
func (sb *simSandbox) run(t *testing.T, input string, plans []*Plan) error {
	t.Helper()
	sb.reset(t)
	conn, err := simConnect(sb.db.srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Explicitly, so the next reset never waits for a rollback on close.
		conn.Exec(context.Background(), "ROLLBACK", nil)
		conn.Close()
	}()
	setup := simSandboxSetup[input]
	if err := sb.loadFixtureFor(conn, input+" "+setup, createdRelations(input)); err != nil {
		t.Fatalf("sandbox fixture for %q: %v", input, err)
	}
	if setup != "" {
		if err := runPG(conn, setup); err != nil {
			t.Fatalf("sandbox setup %q: %v", setup, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, p := range plans {
		if p.NumParams > 0 {
			for _, s := range irisStatements(p) {
				if _, err := conn.Prepare(ctx, s); err != nil {
					return fmt.Errorf("%s: %w", s, err)
				}
			}
			continue
		}
		if _, err := runPlan(ctx, conn, p, nil); err != nil {
			return fmt.Errorf("%s: %w", p.Original, err)
		}
	}
	return nil
}

// loadFixtureFor loads the fixture statements for every table whose name occurs
// as a word in text (a superset of what the case uses), except created ones.
func (sb *simSandbox) loadFixtureFor(c *iris.Conn, text string, created map[[2]string]bool) error {
	words := map[string]bool{}
	for _, w := range wordPattern.FindAllString(text, -1) {
		words[strings.ToLower(w)] = true
	}
	for _, fs := range sb.fixture {
		if fs.schema != "" && !words[fs.schema] {
			continue
		}
		if fs.table != "" && (!words[fs.table] || created[[2]string{fs.schema, fs.table}]) {
			continue
		}
		if err := runPG(c, fs.pg); err != nil {
			return err
		}
	}
	return nil
}

// createdRelations lists the tables and views a case creates.
func createdRelations(input string) map[[2]string]bool {
	out := map[[2]string]bool{}
	tree, err := pg_query.Parse(input)
	if err != nil {
		return out
	}
	for _, raw := range tree.Stmts {
		switch n := raw.Stmt.Node.(type) {
		case *pg_query.Node_CreateStmt:
			s, t := relationKey(n.CreateStmt.Relation)
			out[[2]string{s, t}] = true
		case *pg_query.Node_ViewStmt:
			s, t := relationKey(n.ViewStmt.View)
			out[[2]string{s, t}] = true
		}
	}
	return out
}

// reset drops every view, table and schema of the namespace.
func (sb *simSandbox) reset(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	c := sb.db.conn
	list := func(q string) [][]string {
		rows, err := queryRows(ctx, c, q, nil)
		if err != nil {
			t.Fatalf("sandbox reset: %s: %v", q, err)
		}
		return rows
	}
	drop := func(sql string) error { _, err := c.Exec(ctx, sql, nil); return err }
	for _, v := range list("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'VIEW'") {
		if err := drop("DROP VIEW " + irisQuote(v[0]) + "." + irisQuote(v[1])); err != nil {
			t.Fatalf("sandbox reset: %v", err)
		}
	}
	// A table still referenced by a foreign key (-320) is dropped in a later round.
	for {
		tables := list("SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")
		if len(tables) == 0 {
			break
		}
		dropped := 0
		for _, tb := range tables {
			err := drop("DROP TABLE " + irisQuote(tb[0]) + "." + irisQuote(tb[1]))
			var se *iris.SQLError
			switch {
			case err == nil:
				dropped++
			case !errors.As(err, &se) || se.SQLCODE != -320:
				t.Fatalf("sandbox reset: %v", err)
			}
		}
		if dropped == 0 {
			t.Fatalf("sandbox reset: cannot drop %v", tables)
		}
	}
	for _, s := range list("SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA") {
		if strings.EqualFold(s[0], "SQLUser") || strings.EqualFold(s[0], "INFORMATION_SCHEMA") {
			continue
		}
		if err := drop("DROP SCHEMA " + irisQuote(s[0])); err != nil {
			t.Fatalf("sandbox reset: %v", err)
		}
	}
}

func irisQuote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }
