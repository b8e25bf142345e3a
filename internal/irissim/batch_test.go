package irissim

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

// batchSets builds n parameter sets (id, name, amount, ts); bad(i) may replace set i.
func batchSets(n int, bad func(i int, set []any) []any) [][]any {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	sets := make([][]any, n)
	for i := range sets {
		set := []any{int64(i + 1), fmt.Sprintf("n%d", i%1000), iris.Decimal(fmt.Sprintf("%d.%02d", i, i%100)), base.Add(time.Duration(i) * time.Minute)}
		if i%7 == 3 {
			set[1], set[2] = nil, nil // NULLs in the middle of a multi-row INSERT
		}
		if i%11 == 5 {
			set[1] = "" // the empty string, distinct from NULL
		}
		if bad != nil {
			set = bad(i, set)
		}
		sets[i] = set
	}
	return sets
}

const batchDDL = "(id INTEGER UNIQUE, name VARCHAR(5), amount NUMERIC(8,2), ts TIMESTAMP)"

// load runs sets into table tb inside a transaction, as one DU batch or one DU per set,
// and returns the rows the transaction holds then (read inside it, so after an error
// they are what it had applied), the count it committed after that, and the error.
func load(t *testing.T, c *iris.Conn, tb, insert string, sets [][]any, batch bool) ([][]any, int64, error) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.Exec(ctx, "START TRANSACTION", nil); err != nil {
		t.Fatal(err)
	}
	insert = strings.ReplaceAll(insert, "$T", tb)
	var loadErr error
	if batch {
		var counts []int64
		counts, loadErr = c.ExecBatch(ctx, insert, sets)
		if loadErr == nil {
			if len(counts) != len(sets) {
				t.Fatalf("%d counts for %d sets", len(counts), len(sets))
			}
			for i, n := range counts {
				if n != 1 {
					t.Fatalf("set %d: rows affected %d, want 1", i+1, n)
				}
			}
		}
	} else {
		for _, set := range sets {
			if _, loadErr = c.Exec(ctx, insert, set); loadErr != nil {
				break
			}
		}
	}
	rows := rowsOf(t, c, "SELECT id, name, amount, ts, name IS NULL FROM "+tb+" ORDER BY id")
	// The transaction goes on after the error, as it does after a single DU.
	if err := c.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return rows, rowsOf(t, c, "SELECT COUNT(*) FROM "+tb)[0][0].(int64), loadErr
}

// TestBatchInsertMatchesOneByOne: a DU with many parameter sets (multi-row INSERTs in
// the simulator) leaves exactly the rows, values and errors that one DU per set does.
func TestBatchInsertMatchesOneByOne(t *testing.T) {
	_, addr := startServer(t, Config{})
	ctx := context.Background()
	setup := dial(t, addr, "_SYSTEM", "SYS")
	reset := func() {
		for _, tb := range []string{"BA", "BB"} {
			setup.Exec(ctx, "DROP TABLE "+tb, nil)
			if _, err := setup.Exec(ctx, "CREATE TABLE "+tb+" "+batchDDL, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	const n = 1234 // several multi-row statements and a short last one
	for _, tc := range []struct {
		name   string
		insert string
		bad    func(i int, set []any) []any
		rows   int // rows applied when the error comes
	}{
		{"all good", "INSERT INTO $T (id, name, amount, ts) VALUES (?, ?, ?, ?)", nil, n},
		{"columns in another order", "INSERT INTO $T (ts, amount, name, id) VALUES (?, ?, ?, ?)", nil, n},
		{"an expression is not a bare parameter", "INSERT INTO $T (id, name, amount, ts) VALUES (?, UPPER(?), ?, ?)", nil, n},
		{"value too long in a later statement", "INSERT INTO $T (id, name, amount, ts) VALUES (?, ?, ?, ?)",
			func(i int, set []any) []any {
				if i == 700 {
					set[1] = "toolong"
				}
				return set
			}, 700},
		{"duplicate key", "INSERT INTO $T (id, name, amount, ts) VALUES (?, ?, ?, ?)",
			func(i int, set []any) []any {
				if i == 1000 {
					set[0] = int64(17)
				}
				return set
			}, 1000},
		{"not a number", "INSERT INTO $T (id, name, amount, ts) VALUES (?, ?, ?, ?)",
			func(i int, set []any) []any {
				if i == 2 {
					set[2] = "abc"
				}
				return set
			}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reset()
			sets := batchSets(n, tc.bad)
			if strings.Contains(tc.insert, "(ts, amount, name, id)") {
				for _, s := range sets {
					s[0], s[1], s[2], s[3] = s[3], s[2], s[1], s[0]
				}
			}
			a, ac, batchErr := load(t, setup, "BA", tc.insert, sets, true)
			b, bc, singleErr := load(t, setup, "BB", tc.insert, sets, false)
			if (batchErr == nil) != (singleErr == nil) {
				t.Fatalf("batch error %v, one by one %v", batchErr, singleErr)
			}
			if batchErr != nil {
				be, se := sqlCode(t, batchErr), sqlCode(t, singleErr)
				if be.SQLCODE != se.SQLCODE || strings.ReplaceAll(be.Message, "BA", "BB") != se.Message {
					t.Fatalf("batch error %d %q, one by one %d %q", be.SQLCODE, be.Message, se.SQLCODE, se.Message)
				}
			}
			if len(a) != tc.rows || !reflect.DeepEqual(a, b) {
				t.Fatalf("batch left %d rows, one by one %d (want %d); first rows %v / %v", len(a), len(b), tc.rows, head(a), head(b))
			}
			if ac != int64(tc.rows) || bc != ac {
				t.Fatalf("committed %d (batch) and %d (one by one) rows, want %d", ac, bc, tc.rows)
			}
		})
	}
}

// TestBatchInsertAutoCommit: outside a transaction every set commits on its own, so a
// failing set keeps the ones before it.
func TestBatchInsertAutoCommit(t *testing.T) {
	_, addr := startServer(t, Config{})
	ctx := context.Background()
	c := dial(t, addr, "_SYSTEM", "SYS")
	if _, err := c.Exec(ctx, "CREATE TABLE BC "+batchDDL, nil); err != nil {
		t.Fatal(err)
	}
	sets := batchSets(600, func(i int, set []any) []any {
		if i == 450 {
			set[1] = "toolong"
		}
		return set
	})
	_, err := c.ExecBatch(ctx, "INSERT INTO BC (id, name, amount, ts) VALUES (?, ?, ?, ?)", sets)
	if se := sqlCode(t, err); se.SQLCODE != -104 {
		t.Fatalf("want -104 for a value too long, got %+v", se)
	}
	if got := rowsOf(t, c, "SELECT COUNT(*) FROM BC"); got[0][0] != int64(450) {
		t.Fatalf("rows = %v, want 450", got[0][0])
	}
}

func head(rows [][]any) [][]any {
	return rows[:min(len(rows), 3)]
}

// TestPlainTimestampShortcut: a timestamp the shortcut passes through unchanged is one
// the full check accepts and returns unchanged; near misses take the full path.
func TestPlainTimestampShortcut(t *testing.T) {
	inputs := []string{"2024-01-28 23:59:59", "0000-01-01 00:00:00", "9999-12-28 12:30:45.123456789",
		"2024-02-28 00:00:00.5", "2024-02-29 00:00:00", "2023-02-29 00:00:00", "2024-13-01 00:00:00",
		"2024-00-10 00:00:00", "2024-01-00 00:00:00", "2024-01-10 24:00:00", "2024-01-10 23:60:00",
		"2024-01-10 23:00:60", "2024-01-10 10:00:00.", "2024-01-10 10:00:00.1234567890",
		"2024-01-10T10:00:00", "2024-01-10 10:00:00Z", "2024-1-10 10:00:00", "2024-01-10"}
	for y := 1998; y <= 2001; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d += 3 {
				inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%d", y, m, d, (y+d)%25, (m*7)%61, d*2, d))
			}
		}
	}
	fast := 0
	for _, s := range inputs {
		if !plainTimestamp(s) {
			continue
		}
		fast++
		if got, ok := parseTimestamp(s); !ok || got != s {
			t.Errorf("%q: shortcut keeps it, full check gives %q, %v", s, got, ok)
		}
	}
	if fast < 100 {
		t.Fatalf("only %d inputs took the shortcut", fast)
	}
	for _, s := range []string{"2024-02-29 00:00:00", "2024-13-01 00:00:00", "2024-01-10 24:00:00", "2024-01-10 10:00:00."} {
		if plainTimestamp(s) {
			t.Errorf("%q took the shortcut", s)
		}
	}
}
