package e2e

import (
	"os"
	"strings"
	"testing"
)

// TestDjangoMatchesPostgres runs a Django 3.2 application (testdata/python/django_scenario.py
// and its djangoapp package) against PostgreSQL 15 and through pgwired and requires the same
// output: `migrate` of admin, contenttypes, auth, sessions and the app (serial keys,
// DEFERRABLE foreign keys, varchar_pattern_ops indexes, CHECK (c >= 0) of positive fields,
// ALTER COLUMN TYPE / DROP NOT NULL / DEFAULT, a second migration), ORM lookups, Q/F,
// ordering and slicing, aggregates, related loading, many-to-many, bulk_create,
// get_or_create / update_or_create (SELECT … FOR UPDATE), IntegrityError paths, nested
// atomic blocks, date functions, Case/When, subqueries, raw SQL, then `flush` (TRUNCATE
// of every table), the test runner with keepdb (TestCase, TransactionTestCase) and
// `migrate djangoapp zero` (index introspection, DROP TABLE … CASCADE). Its own
// pgwired: migrate needs a namespace without django_* tables.
//
// USE_TZ=False only. With USE_TZ=True (Django's project default) pgwired describes
// timestamptz columns as timestamp (IRIS keeps the UTC time in a TIMESTAMP), so
// psycopg2 returns naive datetimes where Django expects aware ones: every DateTimeField
// prints differently, and that mode is left out until pgwired records the declared type.
func TestDjangoMatchesPostgres(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	requirePythonModule(t, "psycopg2", "python3-psycopg2")
	requirePythonModule(t, "django", "python3-django")
	pg := startOracle(t)
	const script = "testdata/python/django_scenario.py"
	want := runPython(t, script, pg.freshDB(t), "notz")
	if strings.Contains(want, "exit:") || !strings.HasSuffix(want, "done\n") {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	for _, c := range []struct {
		name string
		env  []string
	}{
		{"session", nil},
		{"transaction_pooling", []string{"POOL_MODE=transaction", "POOL_SIZE=1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env != nil && testing.Short() {
				t.Skip("starts another pgwired")
			}
			got := runPython(t, script, startOwnPgwired(t, c.env...).DSN(), "notz")
			if got != want {
				t.Errorf("Django sees something else through pgwired\n%s", lineDiff(want, got))
			}
		})
	}
}
