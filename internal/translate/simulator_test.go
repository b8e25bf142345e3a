package translate

// The tests in this file prove that the IRIS SQL of testdata/cases.txt runs:
// every statement a case emits is compiled (PP, prepare without running) by the
// IRIS simulator against a fixture schema that the translator itself builds from
// testdata/simulator_fixture.sql. Cases that change the schema or the transaction
// state are executed instead, in a sandbox (simulator_sandbox_test.go).

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/pgwired/pgwired/internal/iris"
)

// simException is a case whose IRIS SQL is known not to run on the simulator:
// the test requires exactly this SQLCODE, so a fix (or a new failure) shows up.
type simException struct {
	sqlcode int
	why     string
}

// simExceptions is the allow-list, keyed by case input. Keep it short: every
// entry needs a reason that does not amount to "the translator emits bad SQL".
var simExceptions = map[string]simException{
	// The input is wrong in PostgreSQL as well (no FROM entry for a or b); the case
	// only pins down that column-to-column comparisons get no %EXACT.
	"SELECT a FROM t WHERE a.name = b.name": {-29, "references tables that are not in FROM (an error in PostgreSQL too)"},
	// The session replaces PG_TYPEOF(id) by the column's type name from the catalog;
	// unreplaced, IRIS refuses it (which is what makes a missed replacement visible).
	"SELECT pg_typeof(id) FROM t":                          {-359, "pg_typeof of a column is resolved by the session from the catalog"},
	"SELECT pg_typeof(min(a)), pg_typeof(max(t.b)) FROM t": {-359, "pg_typeof of min/max of a column is resolved by the session from the catalog"},
	// The locking UPDATE of SELECT * … FOR UPDATE names its column from the catalog
	// (LockColumn); unresolved, IRIS refuses the placeholder.
	"SELECT * FROM t FOR UPDATE":                                                       {-107, "the session names the locking UPDATE's column from the catalog"},
	"SELECT * FROM t WHERE id = 1 FOR UPDATE":                                          {-107, "the session names the locking UPDATE's column from the catalog"},
	"SELECT t.*, u.name FROM t JOIN u ON u.tid = t.id WHERE t.id = $1 FOR UPDATE OF t": {-107, "the session names the locking UPDATE's column from the catalog"},
}

// simSandboxSetup is PostgreSQL run in a case's sandbox before the case, for
// cases that need a state the shared fixture cannot have.
var simSandboxSetup = map[string]string{
	// The fixture's b is an integer column; this case inserts a string into it.
	"INSERT INTO t (a, b) VALUES (1, 'x')": "DROP TABLE t; CREATE TABLE t (id int, a int, b text)",
	// A VALUES list without a column list must match every column of the table.
	"INSERT INTO t VALUES (1, 'x')": "DROP TABLE t; CREATE TABLE t (id int, name text)",
	// ROLLBACK TO needs the savepoint it names.
	"ROLLBACK TO SAVEPOINT sp1": "BEGIN; SAVEPOINT sp1",
	"ROLLBACK TO sp1":           "BEGIN; SAVEPOINT sp1",
	// DROP needs the object, ADD needs its absence (for IF [NOT] EXISTS: so that
	// the branch that changes the schema runs, not the one that only notices).
	"DROP INDEX idx":                                "CREATE INDEX idx ON t (a)",
	"DROP INDEX IF EXISTS idx":                      "CREATE INDEX idx ON t (a)",
	"DROP VIEW IF EXISTS v":                         "DROP TABLE v; CREATE VIEW v AS SELECT id FROM t",
	"DROP SCHEMA IF EXISTS s":                       "CREATE SCHEMA s",
	`DROP TABLE IF EXISTS "Mixed"."T"`:              `CREATE SCHEMA "Mixed"; CREATE TABLE "Mixed"."T" (a int)`,
	"ALTER TABLE t ADD COLUMN IF NOT EXISTS c int":  "ALTER TABLE t DROP COLUMN c",
	"DROP INDEX s.idx":                              "CREATE SCHEMA s; CREATE TABLE s.x (a int); CREATE INDEX idx ON s.x (a)",
	"DROP VIEW v":                                   "DROP TABLE v; CREATE VIEW v AS SELECT id FROM t",
	"DROP SCHEMA s":                                 "CREATE SCHEMA s",
	"ALTER TABLE t ADD COLUMN c text":               "ALTER TABLE t DROP COLUMN c",
	"ALTER TABLE t ADD c int DEFAULT 0":             "ALTER TABLE t DROP COLUMN c",
	"ALTER TABLE t ADD PRIMARY KEY (a)":             "DROP TABLE t; CREATE TABLE t (a int)",
	"ALTER TABLE t DROP CONSTRAINT u1":              "ALTER TABLE t ADD CONSTRAINT u1 UNIQUE (code)",
	"ALTER TABLE t ADD COLUMN c int, DROP COLUMN d": "ALTER TABLE t DROP COLUMN c",
	"ALTER TABLE IF EXISTS t ADD COLUMN c int":      "ALTER TABLE t DROP COLUMN c",
	// Django's migrations of contenttypes and auth.
	`ALTER TABLE "django_content_type" DROP COLUMN "name" CASCADE`:        "CREATE TABLE django_content_type (id serial PRIMARY KEY, name varchar(100) NOT NULL, app_label varchar(100))",
	`ALTER TABLE "django_content_type" ALTER COLUMN "name" DROP NOT NULL`: "CREATE TABLE django_content_type (id serial PRIMARY KEY, name varchar(100) NOT NULL, app_label varchar(100))",
	`ALTER TABLE "auth_user" ALTER COLUMN "email" TYPE varchar(254)`:      "CREATE TABLE auth_user (id serial PRIMARY KEY, email varchar(75) NOT NULL)",
	`ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_2f476e4b_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED`: "CREATE TABLE django_content_type (id serial PRIMARY KEY); CREATE TABLE auth_permission (id serial PRIMARY KEY, content_type_id integer NOT NULL)",
	"ALTER TABLE t ALTER COLUMN a TYPE numeric(12, 2), ALTER COLUMN b TYPE varchar(10)":                                                                                                                          "DROP TABLE t; CREATE TABLE t (a numeric(10,2), b varchar(5))",
	"ALTER TABLE t ALTER COLUMN a SET NOT NULL": "UPDATE t SET a = 0 WHERE a IS NULL",
	// The fixture's rows have values of a that p does not hold.
	"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id)": "UPDATE t SET a = NULL",
	// pgbench -i adds the primary keys before the foreign keys.
	"alter table pgbench_tellers add constraint pgbench_tellers_bid_fkey foreign key (bid) references pgbench_branches": "ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid)",
}

// needsSandbox: the case changes the schema or the transaction state, which PP
// would not check (the simulator compiles only queries and DML) and which must
// not leak into the shared fixture. Such cases are executed in the sandbox.
func needsSandbox(input string, plans []*Plan) bool {
	if _, ok := simSandboxSetup[input]; ok {
		return true
	}
	for _, p := range plans {
		switch p.Kind {
		case KindQuery, KindDML, KindCopy:
		default:
			if len(irisStatements(p)) > 0 {
				return true
			}
		}
	}
	return false
}

// TestCasesRunOnSimulator: each case of cases.txt that produces IRIS SQL runs on
// the simulator, or fails there exactly as its simExceptions entry says.
func TestCasesRunOnSimulator(t *testing.T) {
	ctx := context.Background()
	shared := startSim(t)
	defer shared.close()
	sandbox := newSandbox(t)
	defer sandbox.close()

	var nCases, nPrepared, nExecuted, nSandboxes int
	seen := map[string]bool{}
	for _, c := range readCases(t) {
		plans, _ := Translate(c.input, DefaultOptions()) // plans before a translation error still run
		var stmts []string
		for _, p := range plans {
			stmts = append(stmts, irisStatements(p)...)
		}
		if len(stmts) == 0 {
			continue
		}
		nCases++
		seen[c.input] = true
		var err error
		if needsSandbox(c.input, plans) {
			nSandboxes++
			err = sandbox.run(t, c.input, plans)
		} else {
			var n int
			n, err = prepareCase(ctx, shared.conn, plans)
			nPrepared += n
			if err == nil && parameterless(plans) {
				nExecuted++
				err = executeRolledBack(ctx, shared.conn, plans)
			}
		}
		checkSimOutcome(t, c, err)
	}
	for input := range simExceptions {
		if !seen[input] {
			t.Errorf("simExceptions entry %q matches no case with IRIS SQL", input)
		}
	}
	for input := range simSandboxSetup {
		if !seen[input] {
			t.Errorf("simSandboxSetup entry %q matches no case with IRIS SQL", input)
		}
	}
	t.Logf("%d cases with IRIS SQL: %d statements prepared, %d parameterless cases also executed, %d cases executed in sandboxes, %d allowed failures",
		nCases, nPrepared, nExecuted, nSandboxes, len(simExceptions))
}

// prepareCase prepares every IRIS statement of the plans. A COPY … FROM without
// a column list inserts into every column, as internal/session does: the column
// names come from the metadata of "SELECT * FROM table".
func prepareCase(ctx context.Context, c *iris.Conn, plans []*Plan) (int, error) {
	n := 0
	for _, p := range plans {
		for _, sql := range irisStatements(p) {
			st, err := c.Prepare(ctx, sql)
			if err != nil {
				return n, fmt.Errorf("%s: %w", sql, err)
			}
			n++
			if p.Copy == nil || !p.Copy.From || p.Copy.InsertSQL != "" {
				continue
			}
			names := make([]string, len(st.Columns()))
			for i, col := range st.Columns() {
				names[i] = col.Name
			}
			insert := p.Copy.InsertFor(names)
			if _, err := c.Prepare(ctx, insert); err != nil {
				return n, fmt.Errorf("%s: %w", insert, err)
			}
			n++
		}
	}
	return n, nil
}

func parameterless(plans []*Plan) bool {
	for _, p := range plans {
		if p.NumParams > 0 {
			return false
		}
	}
	return true
}

// executeRolledBack runs the plans on the fixture rows inside a transaction
// that it rolls back, so that run-time errors (conversions, functions, vectors)
// show up too and the fixture stays as loaded.
func executeRolledBack(ctx context.Context, c *iris.Conn, plans []*Plan) error {
	if _, err := c.Exec(ctx, "START TRANSACTION", nil); err != nil {
		return err
	}
	var err error
	for _, p := range plans {
		if p.Kind == KindCopy {
			continue // prepared above; the rows would come from the client
		}
		if _, err = runPlan(ctx, c, p, nil); err != nil {
			err = fmt.Errorf("%s: %w", p.Original, err)
			break
		}
	}
	if _, rbErr := c.Exec(ctx, "ROLLBACK", nil); rbErr != nil && err == nil {
		err = fmt.Errorf("ROLLBACK: %w", rbErr)
	}
	return err
}

func checkSimOutcome(t *testing.T, c tcase, err error) {
	t.Helper()
	exc, allowed := simExceptions[c.input]
	var se *iris.SQLError
	switch {
	case err == nil && allowed:
		t.Errorf("%s:%d: %s\nnow runs on the simulator: remove its simExceptions entry (%s)", casesFile, c.line, c.input, exc.why)
	case err == nil:
	case allowed && errors.As(err, &se) && se.SQLCODE == exc.sqlcode:
	case allowed:
		t.Errorf("%s:%d: %s\nwant SQLCODE %d (%s), got %v", casesFile, c.line, c.input, exc.sqlcode, exc.why, err)
	default:
		t.Errorf("%s:%d: %s\n%v", casesFile, c.line, c.input, err)
	}
}
