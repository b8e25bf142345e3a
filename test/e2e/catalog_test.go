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
// Not compared, because IRIS has no such object (see internal/catalog/doc.go): \d and \ds
// (PostgreSQL lists the sequence behind an identity column), \l (the other databases of a
// PostgreSQL cluster), \du without a pattern (PostgreSQL's bootstrap superuser), \dT and
// \dx (pgwired shows the pgvector type and extension that IRIS's VECTOR provides).

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

func catalogSchema(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/catalog/schema.sql")
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
		{"du", `\du "_SYSTEM"`, false},
		{"missing", `\d nosuchtable`, false},
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
