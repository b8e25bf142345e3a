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
// Both with USE_TZ=False and with USE_TZ=True (Django's project default: aware
// datetimes, timestamptz columns, AT TIME ZONE 'UTC' in date lookups).
func TestDjangoMatchesPostgres(t *testing.T) {
	if _, err := os.Stat(python); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	requirePythonModule(t, "psycopg2", "python3-psycopg2")
	requirePythonModule(t, "django", "python3-django")
	pg := startOracle(t)
	const script = "testdata/python/django_scenario.py"
	for _, mode := range []string{"notz", "tz"} {
		want := runPython(t, script, pg.freshDB(t), mode)
		if strings.Contains(want, "exit:") || !strings.HasSuffix(want, "done\n") {
			t.Fatalf("scenario (%s) fails against PostgreSQL itself:\n%s", mode, want)
		}
		for _, c := range []struct {
			name string
			env  []string
		}{
			{"session", nil},
			{"transaction_pooling", []string{"POOL_MODE=transaction", "POOL_SIZE=1"}},
		} {
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				if c.env != nil && testing.Short() {
					t.Skip("starts another pgwired")
				}
				got := runPython(t, script, startOwnPgwired(t, c.env...).DSN(), mode)
				if got != want {
					t.Errorf("Django sees something else through pgwired\n%s", lineDiff(want, got))
				}
			})
		}
	}
}
