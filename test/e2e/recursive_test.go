package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// WITH RECURSIVE and generate_series through pgx: parameters in the extended protocol
// (Parse/Describe/Bind/Execute, pgx's cached and described modes, binary results),
// inside a transaction and after ROLLBACK, errors, and a runaway recursion stopped by
// statement_timeout; pgwired must show what PostgreSQL shows. pgwired's work tables
// must be gone afterwards, also after the failed and the cancelled statement.
func TestRecursivePgxMatchesPostgres(t *testing.T) {
	compareRecursivePgx(t, startOracle(t), sharedPgwired(t))
}

func TestRecursivePgxMatchesPostgresTransactionPooling(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	compareRecursivePgx(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"))
}

func compareRecursivePgx(t *testing.T, pg *postgres, pw *pgwired) {
	modes := map[string]pgx.QueryExecMode{
		"cache_statement": pgx.QueryExecModeCacheStatement,
		"describe_exec":   pgx.QueryExecModeDescribeExec,
		"exec":            pgx.QueryExecModeExec,
		"simple_protocol": pgx.QueryExecModeSimpleProtocol,
	}
	for name, mode := range modes {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			run := func(dsn string, pgwired bool) []string {
				cfg, err := pgx.ParseConfig(dsn)
				if err != nil {
					t.Fatal(err)
				}
				cfg.DefaultQueryExecMode = mode
				conn, err := pgx.ConnectConfig(ctx, cfg)
				if err != nil {
					t.Fatalf("connect %s: %v", dsn, err)
				}
				defer conn.Close(ctx)
				out := recursiveScenario(ctx, conn, "e2e_rec_"+name, mode == pgx.QueryExecModeSimpleProtocol)
				if pgwired {
					// DDL reloads pgwired's catalog, which then lists every table of the session.
					_, _ = conn.Exec(ctx, "CREATE TABLE e2e_rec_probe_"+name+" (a int)")
					_, _ = conn.Exec(ctx, "DROP TABLE e2e_rec_probe_"+name)
					var left int
					if err := conn.QueryRow(ctx, "SELECT count(*) FROM information_schema.tables WHERE table_name ILIKE 'pgwrec%'").Scan(&left); err != nil || left != 0 {
						t.Errorf("work tables left in IRIS: %d (%v)", left, err)
					}
				}
				return out
			}
			want := run(pg.freshDB(t), false)
			got := run(pw.DSN(), true)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("pgx (%s) sees something else through pgwired\n%s", name, lineDiff(strings.Join(want, "\n"), strings.Join(got, "\n")))
			}
		})
	}
}

func recursiveScenario(ctx context.Context, conn *pgx.Conn, table string, simple bool) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	exec := func(sql string, args ...any) {
		tag, err := conn.Exec(ctx, sql, args...)
		add("exec %s -> %s %s", strings.Fields(sql)[0], tag, sqlState(err))
	}
	query := func(label, sql string, args ...any) {
		rows, err := conn.Query(ctx, sql, args...)
		if err != nil {
			add("%s: error %s", label, sqlState(err))
			return
		}
		var names []string
		for _, f := range rows.FieldDescriptions() {
			names = append(names, fmt.Sprintf("%s:%d", f.Name, f.DataTypeOID))
		}
		add("%s: columns %s", label, strings.Join(names, ","))
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				add("  values error %v", err)
				continue
			}
			add("  %v", vals)
		}
		rows.Close()
		add("  -> %s %s", rows.CommandTag(), sqlState(rows.Err()))
	}
	exec("DROP TABLE IF EXISTS " + table)
	exec("CREATE TABLE " + table + " (id int PRIMARY KEY, parent_id int, name varchar(20))")
	exec("INSERT INTO " + table + " VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a11')")

	query("count", "WITH RECURSIVE t(n) AS (SELECT $1::int UNION ALL SELECT n + 1 FROM t WHERE n < $2) SELECT sum(n), count(*) FROM t", 3, 7)
	tree := "WITH RECURSIVE sub AS (SELECT id, name, 1 AS depth, CAST(name AS text) AS path FROM " + table + " WHERE id = $1" +
		" UNION ALL SELECT c.id, c.name, s.depth + 1, s.path || '/' || c.name FROM " + table + " c JOIN sub s ON c.parent_id = s.id WHERE s.depth < $2)" +
		" SELECT id, name, depth, path FROM sub ORDER BY path"
	query("tree", tree, 1, 10)
	query("tree from a, 2 levels", tree, 2, 2)
	query("tree from nothing", tree, 99, 10)
	query("series", "SELECT n, n * 2 AS twice FROM generate_series(1, 4) AS g(n) WHERE n > $1 ORDER BY n", 1)
	query("gap filling", "SELECT g.n, t.name FROM generate_series(1, 6) AS g(n) LEFT JOIN "+table+" t ON t.id = g.n ORDER BY g.n")
	query("dates", "SELECT d::date FROM generate_series('2024-01-01'::date, '2024-03-01', interval '1 month') d")
	query("error in the outer query", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT nope FROM t")
	// ORDER BY: PostgreSQL reads the whole recursion before the first row, as pgwired does.
	query("error while iterating", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE 1 / (n - 3) <> 7) SELECT n FROM t ORDER BY n")

	exec("BEGIN")
	exec("INSERT INTO "+table+" VALUES ($1, $2, $3)", 6, 5, "a111")
	query("in a transaction", tree, 4, 10)
	exec("ROLLBACK")
	query("after rollback", tree, 4, 10)

	exec("SET statement_timeout = '300ms'")
	query("runaway recursion", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t")
	exec("SET statement_timeout = 0")
	if !simple { // pgx's simple protocol writes LIMIT '2', which pgwired refuses in any query
		query("limit", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 9) SELECT n FROM t ORDER BY n DESC LIMIT $1", 2)
	}
	query("after the timeout", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n")
	exec("DROP TABLE " + table)
	return out
}

// A client that goes away in the middle of a runaway recursion (pgx closes the socket
// when its context ends) leaves no work table behind. pgwired notices the client only
// when the statement ends (here by statement_timeout), as PostgreSQL does without
// client_connection_check_interval.
func TestRecursiveClientGoneLeavesNothing(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	other := connect(t, ctx, p)
	workTables := func() []string {
		// DDL reloads pgwired's catalog, which lists every table in IRIS.
		mustExec(t, ctx, other, "CREATE TABLE e2e_rec_gone_probe (a int)")
		mustExec(t, ctx, other, "DROP TABLE e2e_rec_gone_probe")
		rows, err := other.Query(ctx, "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_name ILIKE 'pgwrec%'")
		if err != nil {
			t.Fatal(err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	initial := workTables()
	if len(initial) > 0 {
		t.Logf("work tables of other sessions: %v", initial)
	}
	before := len(initial)

	conn, err := pgx.Connect(ctx, p.URL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "SET statement_timeout = '4s'"); err != nil {
		t.Fatal(err)
	}
	gone := make(chan error, 1)
	go func() {
		qctx, qcancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer qcancel()
		_, err := conn.Exec(qctx, "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t")
		conn.Close(ctx)
		gone <- err
	}()
	seen := false
	for !seen {
		select {
		case err := <-gone:
			t.Fatalf("the client went away (%v) before its work table was seen", err)
		default:
		}
		seen = len(workTables()) > before
		time.Sleep(50 * time.Millisecond)
	}
	if err := <-gone; err == nil {
		t.Fatal("the runaway recursion ended")
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		left := workTables()
		if len(left) <= before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("work tables left in IRIS after the client went away: %v", left)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
