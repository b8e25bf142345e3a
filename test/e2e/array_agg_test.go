package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgxArrayScenario reads array_agg results as Go slices through pgx: binary arrays in the
// extended-protocol modes (pgx asks for binary results of the types it knows), text
// arrays in simple-protocol mode. It records the type OIDs and the decoded values. Rows
// with NULLs are inserted last in their group: pgwired puts NULL elements last (the order
// of array_agg without ORDER BY is unspecified).
func pgxArrayScenario(ctx context.Context, conn *pgx.Conn, table string) []string {
	steps := &pgxSteps{ctx: ctx, conn: conn}
	rec, exec := steps.rec, steps.exec
	exec("DROP TABLE IF EXISTS " + table)
	exec("CREATE TABLE " + table + " (id integer PRIMARY KEY, grp integer NOT NULL, n integer, s text, p numeric(10,2), b boolean, d date, ts timestamp, big bigint)")
	exec("INSERT INTO " + table + ` VALUES
		(1, 1, 10, 'plain', 1.5, true, '2024-01-02', '2024-01-02 03:04:05', 9000000000),
		(2, 1, 20, 'say "hi", {ok}', 2, false, '2024-02-03', '2024-02-03 10:00:00.25', -1),
		(3, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
		(4, 2, 30, '', 0.05, true, '1999-12-31', '1999-12-31 23:59:59', 0),
		(5, 2, 30, 'NULL', 0.05, true, '1999-12-31', '1999-12-31 23:59:59', 0),
		(6, 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`)

	rows, err := conn.Query(ctx, "SELECT grp, array_agg(n), array_agg(s), array_agg(p), array_agg(b), array_agg(d), array_agg(ts), array_agg(big) FROM "+table+" GROUP BY grp ORDER BY grp")
	if err != nil {
		rec("query: error %s", sqlState(err))
	} else {
		var oids []string
		for _, f := range rows.FieldDescriptions() {
			oids = append(oids, fmt.Sprint(f.DataTypeOID))
		}
		rec("types %s", strings.Join(oids, " "))
		for rows.Next() {
			var grp int32
			var ns []*int32
			var ss []*string
			var ps []pgtype.Numeric
			var bs []*bool
			var ds, tss []*time.Time
			var bigs []*int64
			if err := rows.Scan(&grp, &ns, &ss, &ps, &bs, &ds, &tss, &bigs); err != nil {
				rec("scan: %v", err)
				break
			}
			var nums []string
			for _, p := range ps {
				v, _ := p.Value()
				nums = append(nums, fmt.Sprint(v))
			}
			rec("group %d: n=%s s=%s p=%v b=%s d=%s ts=%s big=%s", grp, derefs(ns), derefs(ss), nums, derefs(bs), derefs(ds), derefs(tss), derefs(bigs))
		}
		rec("rows: %v", rows.Err())
	}

	var distinct, filtered []int32
	err = conn.QueryRow(ctx, "SELECT array_agg(DISTINCT n), array_agg(n) FILTER (WHERE n > $1::int) FROM "+table+" WHERE n IS NOT NULL", 15).Scan(&distinct, &filtered)
	rec("distinct %v filtered %v %s", distinct, filtered, sqlState(err))

	var none []string
	err = conn.QueryRow(ctx, "SELECT array_agg(s) FROM "+table+" WHERE id > $1::int", 100).Scan(&none)
	rec("no rows: nil=%v %s", none == nil, sqlState(err))

	// With ORDER BY, NULL elements keep their sorted place and every type sorts by value.
	rows, err = conn.Query(ctx, "SELECT grp, array_agg(n ORDER BY n DESC), array_agg(s ORDER BY id DESC), array_agg(p ORDER BY p NULLS FIRST, id), "+
		"array_agg(ts ORDER BY ts), array_agg(DISTINCT big ORDER BY big), string_agg(s, '; ' ORDER BY d DESC, id) FROM "+table+" WHERE grp < $1::int GROUP BY grp ORDER BY grp", 3)
	if err != nil {
		rec("ordered: error %s", sqlState(err))
	} else {
		for rows.Next() {
			var grp int32
			var ns []*int32
			var ss []*string
			var ps []pgtype.Numeric
			var tss []*time.Time
			var bigs []*int64
			var joined *string
			if err := rows.Scan(&grp, &ns, &ss, &ps, &tss, &bigs, &joined); err != nil {
				rec("ordered scan: %v", err)
				break
			}
			var nums []string
			for _, p := range ps {
				v, _ := p.Value()
				nums = append(nums, fmt.Sprint(v))
			}
			rec("ordered group %d: n=%s s=%s p=%v ts=%s big=%s joined=%s", grp, derefs(ns), derefs(ss), nums, derefs(tss), derefs(bigs), derefs([]*string{joined}))
		}
		rec("ordered rows: %v", rows.Err())
	}
	exec("DROP TABLE " + table)
	return steps.lines
}

// derefs shows a slice of pointers with nil as NULL.
func derefs[T any](xs []*T) string {
	if xs == nil {
		return "nil"
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		if x == nil {
			parts[i] = "NULL"
		} else if t, ok := any(*x).(time.Time); ok {
			parts[i] = t.Format("2006-01-02 15:04:05.999999")
		} else {
			parts[i] = fmt.Sprintf("%q", fmt.Sprint(*x))
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// TestPgxArrayAggMatchesPostgres reads array_agg results through pgx in every query
// execution mode, against PostgreSQL 15 and against pgwired, and requires the same
// observations.
func TestPgxArrayAggMatchesPostgres(t *testing.T) {
	comparePgxModes(t, startOracle(t), sharedPgwired(t), fourPgxModes, "arrays",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return pgxArrayScenario(ctx, conn, "e2e_pgx_arr_"+mode)
		},
		func(t *testing.T, got string) {
			if !strings.Contains(got, "types 23 1007 1009 1231 1000 1182 1115 1016") || !strings.Contains(got, `group 1: n=["10" "20" NULL]`) {
				t.Errorf("unexpected observations\n%s", got)
			}
		})
}

// TestPgxArrayAggBeyondJSONLimit: pgwired's array_agg is IRIS's JSON_ARRAYAGG, whose
// default result is VARCHAR(8192), brackets, quotes and commas included; pgwired casts it
// to IRIS's longest string, as the JSON_ARRAYAGG page says to for larger arrays, so a
// group past 8192 characters comes back whole, in binary and text results alike, and so
// does an ordered string_agg of it.
func TestPgxArrayAggBeyondJSONLimit(t *testing.T) {
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		cfg, err := pgx.ParseConfig(pw.DSN())
		if err != nil {
			t.Fatal(err)
		}
		cfg.DefaultQueryExecMode = mode
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		table := fmt.Sprintf("e2e_arr_long_%d", mode)
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id integer PRIMARY KEY, grp integer NOT NULL, s varchar(100))"); err != nil {
			t.Fatal(err)
		}
		// Group 1: 81 values of 98 characters, a JSON array of 1 + 81×100 + 80 + 1 = 8182
		// characters. Group 2: 100 of them, 10101 characters.
		value := strings.Repeat("x", 97)
		id := 0
		for grp, n := range map[int]int{1: 81, 2: 100} {
			for i := 0; i < n; i++ {
				id++
				if _, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3)", id, grp, value+fmt.Sprint(i%10)); err != nil {
					t.Fatal(err)
				}
			}
		}
		var got []string
		if err := conn.QueryRow(ctx, "SELECT array_agg(s) FROM "+table+" WHERE grp = 1").Scan(&got); err != nil {
			t.Fatalf("mode %v: the group that fits: %v", mode, err)
		}
		if len(got) != 81 || got[80] != value+"0" {
			t.Errorf("mode %v: the group that fits came back with %d values", mode, len(got))
		}
		counts := map[int32]int{}
		rows, err := conn.Query(ctx, "SELECT grp, array_agg(s) FROM "+table+" GROUP BY grp ORDER BY grp")
		if err == nil {
			for rows.Next() {
				var grp int32
				if err := rows.Scan(&grp, &got); err == nil {
					counts[grp] = len(got)
				}
			}
			err = rows.Err()
			rows.Close()
		}
		if err != nil || counts[1] != 81 || counts[2] != 100 {
			t.Errorf("mode %v: groups of 8182 and 10101 characters: %v values, %v", mode, counts, err)
		}
		var joined string
		if err := conn.QueryRow(ctx, "SELECT string_agg(s, ',' ORDER BY id DESC) FROM "+table+" WHERE grp = 2").Scan(&joined); err != nil || len(joined) != 100*98+99 {
			t.Errorf("mode %v: ordered string_agg of 100 values: %d characters, %v", mode, len(joined), err)
		}
		// The session goes on.
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != 181 {
			t.Errorf("mode %v: after the error: %d, %v", mode, n, err)
		}
		if _, err := conn.Exec(ctx, "DROP TABLE "+table); err != nil {
			t.Fatal(err)
		}
	}
}
