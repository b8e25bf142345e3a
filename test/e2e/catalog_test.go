package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The catalog tests create the same schema in PostgreSQL 15 and, through pgwired, in IRIS,
// and compare what clients read back from pg_catalog and information_schema.
//
// Normalisation, documented once here:
//   - owners: the oracle's objects are created by a role named "_SYSTEM", the IRIS user of
//     the simulator, so owner columns match without rewriting (and keep psql's alignment);
//   - sizes: IRIS does not report storage sizes, pgwired says 0; the \dt+ and \di+
//     comparisons run in unaligned mode and replace every "<n> bytes|kB|MB" with SIZE;
//   - OIDs never appear in the compared output.
//
// Not compared, because the two servers really differ (see internal/catalog/doc.go): \l
// (the other databases of a PostgreSQL cluster), \du without a pattern (PostgreSQL's
// bootstrap superuser), \dT and \dx (pgwired shows the pgvector type and extension that
// IRIS's VECTOR provides), and a view's definition (IRIS keeps the translated SQL).

var catalogRoleOnce sync.Once

// catalogOracleDSN returns a fresh oracle database owned by the role "_SYSTEM", with the
// catalog schema created by that role.
func catalogOracleDSN(t *testing.T, pg *postgres, schema string) string {
	t.Helper()
	admin := fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable", pg.Port)
	catalogRoleOnce.Do(func() {
		runPsql(t, admin, `CREATE ROLE "_SYSTEM" LOGIN;`)
	})
	name := pg.freshDBName(t)
	if out := runPsql(t, admin, `ALTER DATABASE `+name+` OWNER TO "_SYSTEM";`); !strings.Contains(out, "ALTER DATABASE") {
		t.Fatalf("alter database: %s", out)
	}
	dsn := fmt.Sprintf("host=127.0.0.1 port=%d user=_SYSTEM dbname=%s sslmode=disable", pg.Port, name)
	if out := runPsql(t, dsn, schema, "-v", "ON_ERROR_STOP=1", "-q"); out != "" {
		t.Fatalf("schema on PostgreSQL: %s", out)
	}
	return dsn
}

func catalogSchema(t *testing.T) string { return catalogFile(t, "schema.sql") }

func catalogFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/catalog/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// startCatalogPgwired starts a pgwired of its own (an empty simulator: \dt must not see
// other tests' tables) and creates the schema through it.
func startCatalogPgwired(t *testing.T, schema string) *pgwired {
	t.Helper()
	pw := startPgwired(t)
	t.Cleanup(pw.Stop)
	if out := runPsql(t, pw.DSN(), schema, "-v", "ON_ERROR_STOP=1", "-q"); out != "" {
		t.Fatalf("schema through pgwired: %s", out)
	}
	return pw
}

var sizeRE = regexp.MustCompile(`\b[0-9]+ (bytes|kB|MB|GB)\b`)

func TestCatalogPsqlMatchesPostgres(t *testing.T) {
	requirePsql(t)
	pg := startOracle(t)
	schema := catalogSchema(t)
	oracle := catalogOracleDSN(t, pg, schema)
	pw := startCatalogPgwired(t, schema)

	cases := []struct {
		name, script string
		sizes        bool // unaligned, sizes normalised
	}{
		{"dt", `\dt`, false},
		{"dt_pattern", `\dt sales.*`, false},
		{"dt_plus", "\\pset format unaligned\n\\dt+", true},
		{"d_customers", `\d customers`, false},
		{"d_orders", `\d orders`, false},
		{"d_order_items", `\d order_items`, false},
		{"d_region", `\d sales.region`, false},
		{"d_view", `\d big_orders`, false},
		{"d_index", `\d order_items_product_idx`, false},
		{"d_pkey", `\d customers_pkey`, false},
		{"d_plus", `\d+ orders`, false},
		{"x_d", "\\x\n\\d customers", false},
		{"dn", `\dn`, false},
		{"dn_plus", `\dn+`, false},
		{"di", `\di`, false},
		{"di_plus", "\\pset format unaligned\n\\di+", true},
		{"dv", `\dv`, false},
		{"d_all", `\d`, false},
		{"ds", `\ds`, false},
		{"d_sequence", `\d customers_id_seq`, false},
		{"du", `\du "_SYSTEM"`, false},
		{"missing", `\d nosuchtable`, false},
		{"dd", `\dd`, false},
		{"df_plus", `\df+ nosuchfunction`, false},
		{"empty_lists", "\\drds\n\\dRs\n\\des\n\\dew\n\\deu\n\\dl\n\\ddp\n\\dO\n\\dfn\n\\dft\n\\dX", false},
		{"bi_queries", catalogFile(t, "bi_queries.sql"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := runPsql(t, oracle, c.script)
			got := runPsql(t, pw.DSN(), c.script)
			if c.sizes {
				want = sizeRE.ReplaceAllString(want, "SIZE")
				got = sizeRE.ReplaceAllString(got, "SIZE")
			}
			if got != want {
				t.Errorf("psql %q differs from PostgreSQL 15\n%s", c.script, lineDiff(want, got))
			}
		})
	}
	// A view's definition is the SQL IRIS stored (pgwired's translation), not PostgreSQL's
	// deparsed form, so only its presence is checked.
	got := runPsql(t, pw.DSN(), `\d+ big_orders`)
	if !strings.Contains(got, "View definition:\nSELECT order_id, amount FROM orders WHERE amount > 100") {
		t.Errorf("\\d+ big_orders shows no view definition:\n%s", got)
	}
	got = runPsql(t, pw.DSN(), `\sv big_orders`)
	if got != "CREATE OR REPLACE VIEW public.big_orders AS\nSELECT order_id, amount FROM orders WHERE amount > 100\n" {
		t.Errorf("\\sv big_orders: %q", got)
	}
}

// TestCatalogTabCompletion drives an interactive psql through a pseudo-terminal and checks
// that its table-name completion query (psql 15's own) completes through pgwired.
func TestCatalogTabCompletion(t *testing.T) {
	requirePsql(t)
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 for the pseudo-terminal")
	}
	pw := startCatalogPgwired(t, catalogSchema(t))
	const driver = `
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], ["psql", "-X", "-d", sys.argv[2]])
def drain(wait):
    out = b""
    end = time.time() + wait
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out
drain(1.5)
os.write(fd, b"SELECT * FROM order_i\t")
out = drain(1.5)
os.write(fd, b"\x03\\q\n")
drain(0.5)
sys.stdout.write(out.decode(errors="replace"))
`
	out, err := exec.Command("/usr/bin/python3", "-c", driver, psqlPath, pw.DSN()).CombinedOutput()
	if err != nil {
		t.Fatalf("pty driver: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "order_items") {
		t.Errorf("psql did not complete order_i to order_items through pgwired; terminal showed %s\npgwired log:\n%s", strconv.Quote(string(out)), pw.Log())
	}
}

// TestCatalogFollowsDDLAndRefusesMixing: DDL through pgwired shows in the catalogs at once
// (the snapshot is invalidated), a query joining a catalog with an IRIS table is refused
// with 0A000, an unknown function gives 42883, and \l lists the namespace.
func TestCatalogFollowsDDLAndRefusesMixing(t *testing.T) {
	requirePsql(t)
	pw := startCatalogPgwired(t, catalogSchema(t))
	script := "\\set VERBOSITY sqlstate\n" +
		"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public';\n" +
		"CREATE TABLE later (x integer);\n" +
		"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public';\n" +
		"DROP TABLE later;\n" +
		"SELECT relname FROM pg_catalog.pg_class WHERE relname = 'later';\n" +
		"SELECT c.relname FROM pg_catalog.pg_class c JOIN orders o ON true;\n" +
		"SELECT pg_catalog.pg_no_such_function(1);\n" +
		"\\pset format unaligned\n\\l\n"
	got := runPsql(t, pw.DSN(), script)
	want := []string{" count \n-------\n     3\n(1 row)", " count \n-------\n     4\n(1 row)", "(0 rows)", "ERROR:  0A000", "ERROR:  42883", "USER|_SYSTEM|UTF8|C|C|"}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

// TestCatalogPgbenchStartup runs pgbench 15 through pgwired on tables made for it: before
// its run pgbench asks the catalogs whether pgbench_accounts is partitioned.
func TestCatalogPgbenchStartup(t *testing.T) {
	requirePsql(t)
	pgbench := strings.TrimSuffix(psqlPath, "psql") + "pgbench"
	if _, err := os.Stat(pgbench); err != nil {
		t.Skipf("no pgbench: %v", err)
	}
	schema := `CREATE TABLE pgbench_branches (bid integer PRIMARY KEY, bbalance integer, filler char(88));
CREATE TABLE pgbench_tellers (tid integer PRIMARY KEY, bid integer, tbalance integer, filler char(84));
CREATE TABLE pgbench_accounts (aid integer PRIMARY KEY, bid integer, abalance integer, filler char(84));
CREATE TABLE pgbench_history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22));
INSERT INTO pgbench_branches VALUES (1, 0, '');
INSERT INTO pgbench_tellers VALUES (1, 1, 0, '');
INSERT INTO pgbench_accounts VALUES (1, 1, 0, '');
`
	pw := startCatalogPgwired(t, schema)
	cmd := exec.Command(pgbench, "-n", "-S", "-t", "3", pw.DSN())
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "actually processed: 3/3") || !strings.Contains(string(out), "number of failed transactions: 0") {
		t.Fatalf("pgbench: %v\n%s\npgwired log:\n%s", err, out, pw.Log())
	}
}
