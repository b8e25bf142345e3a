package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// catalogPair is the catalog schema in the oracle and through a pgwired of its own.
func catalogPair(t *testing.T) (oracleDSN string, pw *pgwired) {
	t.Helper()
	pg := startOracle(t)
	schema := catalogSchema(t)
	return catalogOracleDSN(t, pg, schema), startCatalogPgwired(t, schema)
}

// pgxCatalogScenario records what pgx learns from the catalogs: LoadType and LoadTypes
// (a WITH RECURSIVE query over pg_type, pg_class, pg_attribute and pg_range), and
// parameterised catalog queries in the extended protocol with binary results.
func pgxCatalogScenario(ctx context.Context, t *testing.T, conn *pgx.Conn) []string {
	var out []string
	rec := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	typ, err := conn.LoadType(ctx, "customers")
	if err != nil {
		rec("LoadType customers: %v", err)
	} else {
		var fields []string
		for _, f := range typ.Codec.(*pgtype.CompositeCodec).Fields {
			fields = append(fields, fmt.Sprintf("%s:%d", f.Name, f.Type.OID))
		}
		rec("LoadType customers: %s", strings.Join(fields, " "))
	}
	types, err := conn.LoadTypes(ctx, []string{"order_items", "_int4"})
	if err != nil {
		rec("LoadTypes: %v", err)
	}
	for _, ty := range types {
		if ty.OID < 16384 {
			rec("LoadTypes: %s %d", ty.Name, ty.OID)
		} else {
			rec("LoadTypes: %s (user type)", ty.Name)
		}
	}
	var oid uint32
	if err := conn.QueryRow(ctx, "select $1::text::regclass::oid", "orders").Scan(&oid); err != nil {
		rec("regclass: %v", err)
	}
	rows, err := conn.Query(ctx, `select a.attname, a.atttypid, a.attnotnull, pg_catalog.format_type(a.atttypid, a.atttypmod)
		from pg_catalog.pg_attribute a where a.attrelid = $1 and a.attnum > 0 order by a.attnum`, oid)
	if err != nil {
		rec("attributes: %v", err)
		return out
	}
	for rows.Next() {
		var name, typ string
		var typid uint32
		var notNull bool
		if err := rows.Scan(&name, &typid, &notNull, &typ); err != nil {
			rec("scan: %v", err)
			break
		}
		rec("column %s %d %v %s", name, typid, notNull, typ)
	}
	if err := rows.Err(); err != nil {
		rec("rows: %v", err)
	}
	var names []string
	if err := conn.QueryRow(ctx, `select array_agg(c.relname order by c.relname) from pg_catalog.pg_class c
		join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = any($1) and c.relkind = 'r'`,
		[]string{"public", "sales"}).Scan(&names); err != nil {
		rec("array: %v", err)
	}
	rec("tables %v", names)
	return out
}

func TestCatalogPgxMatchesPostgres(t *testing.T) {
	oracle, pw := catalogPair(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	run := func(dsn string) []string {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		return pgxCatalogScenario(ctx, t, conn)
	}
	want := run(oracle)
	got := run(pw.URL())
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pgx learns something else from pgwired's catalog\n%s", lineDiff(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
}

// TestCatalogPsycopgTypeInfo runs psycopg 3's TypeInfo and CompositeInfo lookups.
func TestCatalogPsycopgTypeInfo(t *testing.T) {
	requirePythonModule(t, "psycopg", "python3-psycopg")
	oracle, pw := catalogPair(t)
	const script = `
import sys, psycopg
from psycopg.types import TypeInfo
from psycopg.types.composite import CompositeInfo
with psycopg.connect(sys.argv[1]) as conn:
    for name in ["int4", "text", "numeric", "character varying", "nosuchtype"]:
        ti = TypeInfo.fetch(conn, name)
        print(name, None if ti is None else (ti.name, ti.oid, ti.array_oid, ti.regtype, ti.delimiter))
    ci = CompositeInfo.fetch(conn, "customers")
    print("composite", ci.name, ci.field_names, ci.field_types, ci.python_type)
`
	run := func(dsn string) string {
		out, err := exec.Command("/usr/bin/python3", "-c", script, dsn).CombinedOutput()
		if err != nil {
			return string(out) + "\nexit: " + err.Error()
		}
		return string(out)
	}
	want := run(oracle)
	if strings.Contains(want, "exit:") {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	if got := run(pw.DSN()); got != want {
		t.Errorf("psycopg TypeInfo differs\n%s", lineDiff(want, got))
	}
}

// TestCatalogJDBCMetadata compares pgjdbc's DatabaseMetaData answers.
func TestCatalogJDBCMetadata(t *testing.T) {
	if _, err := os.Stat(jdbcJar); err != nil {
		t.Skipf("pgjdbc not installed (apt-get install libpostgresql-jdbc-java): %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("no java on PATH")
	}
	oracle, pw := catalogPair(t)
	run := func(url, user, password string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "java", "-cp", jdbcJar, "testdata/java/CatalogMetadata.java", url, user, password).CombinedOutput()
		if err != nil {
			return string(out) + "\nexit: " + err.Error()
		}
		return string(out)
	}
	db := oracle[strings.Index(oracle, "dbname=")+len("dbname=") : strings.Index(oracle, " sslmode")]
	var port int
	fmt.Sscanf(oracle[strings.Index(oracle, "port=")+5:], "%d", &port)
	want := run(fmt.Sprintf("jdbc:postgresql://127.0.0.1:%d/%s?sslmode=disable", port, db), "_SYSTEM", "")
	if strings.Contains(want, "exit:") {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	got := run(fmt.Sprintf("jdbc:postgresql://127.0.0.1:%d/USER?sslmode=require", pw.Port), "_SYSTEM", "SYS")
	if got != want {
		t.Errorf("pgjdbc DatabaseMetaData differs\n%s", lineDiff(want, got))
	}
}

// TestCatalogSQLAlchemyInspector compares SQLAlchemy's reflection (Debian
// python3-sqlalchemy, psycopg2 dialect). get_table_names has no ORDER BY in SQLAlchemy's
// query, so PostgreSQL returns creation order and pgwired name order: the list is sorted.
func TestCatalogSQLAlchemyInspector(t *testing.T) {
	requirePythonModule(t, "sqlalchemy", "python3-sqlalchemy")
	requirePythonModule(t, "psycopg2", "python3-psycopg2")
	oracle, pw := catalogPair(t)
	const script = `
import sys
from sqlalchemy import create_engine, inspect
insp = inspect(create_engine(sys.argv[1]))
print("tables", sorted(insp.get_table_names()))
print("views", insp.get_view_names())
print("schemas", insp.get_schema_names())
for t in ["customers", "orders", "order_items"]:
    for c in insp.get_columns(t):
        print("column", t, c["name"], c["type"], c["nullable"], c["default"], c.get("autoincrement"), c.get("identity"))
    print("pk", t, insp.get_pk_constraint(t))
    print("fk", t, insp.get_foreign_keys(t))
    print("indexes", t, sorted(insp.get_indexes(t), key=lambda i: i["name"]))
    print("unique", t, insp.get_unique_constraints(t))
print("region", insp.get_columns("region", schema="sales"), insp.get_pk_constraint("region", schema="sales"))
for t in ["customers", "orders", "order_items"]:
    print("check", t, insp.get_check_constraints(t), "comment", insp.get_table_comment(t))
print("sequences", sorted(insp.get_sequence_names()), "has", insp.has_table("orders"), insp.has_table("nope"),
      insp.has_table("region", schema="sales"), "viewdef", insp.get_view_definition("big_orders") is not None)
from sqlalchemy import MetaData, Table, select
eng = create_engine(sys.argv[1])
md = MetaData()
items = Table("order_items", md, autoload_with=eng)
region = Table("region", md, schema="sales", autoload_with=eng)
big = Table("big_orders", md, autoload_with=eng)
print("reflected", sorted(md.tables), [(c.name, str(c.type), c.primary_key, [str(f.column) for f in c.foreign_keys]) for c in items.columns])
with eng.connect() as conn:
    print("select", [list(conn.execute(select(t)).fetchall()) for t in (items, region, big)])
everything = MetaData()
everything.reflect(bind=eng, views=True)
print("reflect all", [(t.name, [str(c.type) for c in t.columns]) for t in everything.sorted_tables])
`
	run := func(url string) string {
		out, err := exec.Command("/usr/bin/python3", "-c", script, url).CombinedOutput()
		if err != nil {
			return string(out) + "\nexit: " + err.Error()
		}
		return string(out)
	}
	db := oracle[strings.Index(oracle, "dbname=")+len("dbname=") : strings.Index(oracle, " sslmode")]
	var port int
	fmt.Sscanf(oracle[strings.Index(oracle, "port=")+5:], "%d", &port)
	want := run(fmt.Sprintf("postgresql+psycopg2://_SYSTEM@127.0.0.1:%d/%s?sslmode=disable", port, db))
	if strings.Contains(want, "exit:") {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	if got := run(fmt.Sprintf("postgresql+psycopg2://_SYSTEM:SYS@127.0.0.1:%d/USER?sslmode=require", pw.Port)); got != want {
		t.Errorf("SQLAlchemy reflection differs\n%s", lineDiff(want, got))
	}
}
