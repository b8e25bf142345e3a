package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestSequencesAcrossSessions runs one two-session story against PostgreSQL and through
// pgwired (session and transaction pooling): currval and lastval are per session,
// nextval is shared, and a value taken in a transaction that rolls back is not given
// again, also while the other session's transaction is open.
func TestSequencesAcrossSessions(t *testing.T) {
	pg := startOracle(t)
	want := sequenceStory(t, pg.freshDB(t))
	for _, pw := range []*pgwired{sharedPgwired(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=3")} {
		if got := sequenceStory(t, pw.DSN()); got != want {
			t.Errorf("pgwired differs from PostgreSQL 15\n%s", lineDiff(want, got))
		}
	}
}

func sequenceStory(t *testing.T, dsn string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out strings.Builder
	connect := func() *pgx.Conn {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	query := func(who string, c *pgx.Conn, sql string, args ...any) {
		rows, err := c.Query(ctx, sql, args...)
		if err == nil {
			var vals []string
			for rows.Next() {
				v, _ := rows.Values()
				vals = append(vals, fmt.Sprint(v))
			}
			rows.Close()
			err = rows.Err()
			if err == nil {
				fmt.Fprintf(&out, "%s %s: %s %s\n", who, sql, strings.Join(vals, " "), rows.CommandTag())
				return
			}
		}
		fmt.Fprintf(&out, "%s %s: %s\n", who, sql, sqlState(err))
	}
	a, b := connect(), connect()
	defer a.Close(ctx)
	defer b.Close(ctx)
	query("a", a, "DROP SEQUENCE IF EXISTS e2e_seq_s")
	query("a", a, "DROP TABLE IF EXISTS e2e_seq_rows")
	query("a", a, "CREATE SEQUENCE e2e_seq_s START 100 INCREMENT 10")
	query("a", a, "CREATE TABLE e2e_seq_rows (id bigint PRIMARY KEY, who text)")
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("b", b, "SELECT currval('e2e_seq_s')")
	query("b", b, "SELECT nextval($1)", "e2e_seq_s")
	query("a", a, "SELECT currval('e2e_seq_s'), lastval()")
	// The simulator lets one connection write at a time (IRIS locks rows): a session
	// whose transaction has written would hold up the other's nextval here, so the
	// transactions write one after the other.
	query("a", a, "BEGIN")
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("a", a, "SELECT count(*) FROM e2e_seq_rows")
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("b", b, "BEGIN")
	query("b", b, "SELECT nextval('e2e_seq_s')")
	query("b", b, "INSERT INTO e2e_seq_rows VALUES (nextval('e2e_seq_s'), $1)", "b")
	query("b", b, "COMMIT")
	query("a", a, "SELECT currval('e2e_seq_s')")
	query("a", a, "ROLLBACK")
	query("a", a, "SELECT nextval('e2e_seq_s'), currval('e2e_seq_s')")
	query("a", a, "BEGIN")
	query("a", a, "INSERT INTO e2e_seq_rows VALUES (nextval('e2e_seq_s'), $1)", "a")
	query("a", a, "ROLLBACK")
	query("b", b, "SELECT setval('e2e_seq_s', $1::bigint, false)", int64(1000))
	query("a", a, "SELECT nextval('e2e_seq_s'), lastval()")
	query("b", b, "SELECT currval('e2e_seq_s'), lastval()")
	query("b", b, "SELECT setval($1, $2)", "e2e_seq_s", int64(5000))
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("a", a, "SELECT id, who FROM e2e_seq_rows ORDER BY id")
	query("b", b, "SELECT setval('e2e_seq_s', max(id)) FROM e2e_seq_rows WHERE who = $1", "b")
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("b", b, "DROP SEQUENCE e2e_seq_s")
	query("a", a, "SELECT nextval('e2e_seq_s')")
	query("a", a, "DROP TABLE e2e_seq_rows")
	return out.String()
}

// TestSequenceValuesAreUnique: clients taking values at once, in autocommit and in
// transactions that commit or roll back, never get the same value (session and
// transaction pooling). A client whose IRIS transaction is open takes values on a second
// pooled connection: POOL_SIZE must leave one per such client.
func TestSequenceValuesAreUnique(t *testing.T) {
	for _, pw := range []*pgwired{sharedPgwired(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=8")} {
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		setup, err := pgx.Connect(ctx, pw.DSN())
		if err != nil {
			t.Fatal(err)
		}
		for _, sql := range []string{"DROP SEQUENCE IF EXISTS e2e_seq_u", "CREATE SEQUENCE e2e_seq_u"} {
			if _, err := setup.Exec(ctx, sql); err != nil {
				t.Fatal(sql, err)
			}
		}
		const clients, rounds = 4, 15
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		errs := make(chan error, clients)
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := pgx.Connect(ctx, pw.DSN())
				if err != nil {
					errs <- err
					return
				}
				defer c.Close(ctx)
				take := func(sql string) error {
					var v int64
					if err := c.QueryRow(ctx, sql).Scan(&v); err != nil {
						return err
					}
					mu.Lock()
					seen[v]++
					mu.Unlock()
					return nil
				}
				for r := range rounds {
					var err error
					switch (i + r) % 3 {
					case 0:
						err = take("SELECT nextval('e2e_seq_u')")
					default:
						if _, err = c.Exec(ctx, "BEGIN"); err == nil {
							// A statement on IRIS opens IRIS's transaction on the session's connection.
							if _, err = c.Exec(ctx, "SELECT 1 + 0 AS one"); err == nil {
								err = take("SELECT nextval('e2e_seq_u')")
							}
							end := "COMMIT"
							if r%2 == 0 {
								end = "ROLLBACK"
							}
							if _, e := c.Exec(ctx, end); err == nil {
								err = e
							}
						}
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for v, n := range seen {
			if n > 1 {
				t.Errorf("value %d given %d times", v, n)
			}
		}
		var last int64
		if err := setup.QueryRow(ctx, "SELECT nextval('e2e_seq_u')").Scan(&last); err != nil {
			t.Fatal(err)
		}
		if want := int64(clients*rounds) + 1; last != want {
			t.Errorf("next value after %d calls: %d, want %d", clients*rounds, last, want)
		}
		setup.Exec(ctx, "DROP SEQUENCE e2e_seq_u")
		setup.Close(ctx)
		cancel()
	}
}

// TestPsqlListsSequences: psql's \ds lists the sequences as PostgreSQL lists them (the
// owner, the IRIS user, left out).
func TestPsqlListsSequences(t *testing.T) {
	requirePsql(t)
	script := "DROP SEQUENCE IF EXISTS e2e_seq_ds1, e2e_seq_ds2;\nCREATE SEQUENCE e2e_seq_ds2;\nCREATE SEQUENCE e2e_seq_ds1;\n" +
		"\\pset format unaligned\n\\ds e2e_seq_ds*\nDROP SEQUENCE e2e_seq_ds1, e2e_seq_ds2;\n"
	withoutOwner := func(out string) string {
		var b strings.Builder
		for _, line := range strings.Split(out, "\n") {
			if i := strings.LastIndexByte(line, '|'); i >= 0 {
				line = line[:i]
			}
			b.WriteString(line + "\n")
		}
		return b.String()
	}
	want := withoutOwner(runPsql(t, startOracle(t).freshDB(t), script))
	got := withoutOwner(runPsql(t, sharedPgwired(t).DSN(), script))
	if got != want {
		t.Errorf("\\ds differs from PostgreSQL 15\n%s", lineDiff(want, got))
	}
	if !strings.Contains(got, "public|e2e_seq_ds1|sequence") {
		t.Errorf("\\ds does not list e2e_seq_ds1:\n%s", got)
	}
}
