package translate

import (
	"context"
	"strings"
	"testing"
)

// simRun is a case of cases.txt executed with arguments on the fixture rows of
// testdata/simulator_fixture.sql (t: ids 1 Alice, 2 alice, 3 Bob, 4 carol; items:
// 1 x-axis [1,0,0], 2 y-axis [0,1,0], 3 diagonal [1,1,0]; w: y 2 and 4).
type simRun struct {
	input string
	args  []any
	// rows: cells joined by '|', rows by ';', in order; with idsOnly only the first
	// column (t.id for SELECT * FROM t).
	rows    string
	idsOnly bool
	count   int64 // the command tag's count
}

var simRuns = []simRun{
	// LIMIT/OFFSET: TOP ?, integer splices, FETCH.
	{input: "SELECT * FROM t LIMIT $1", args: []any{3}, rows: "1;2;3", idsOnly: true, count: 3},
	{input: "SELECT * FROM t LIMIT $1 OFFSET $2", args: []any{2, 1}, rows: "2;3", idsOnly: true, count: 2},
	{input: "SELECT * FROM t OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY", rows: "3;4", idsOnly: true, count: 2},
	// String comparisons are exact as in PostgreSQL; ILIKE ignores case.
	{input: "SELECT * FROM t WHERE name = 'Alice'", rows: "1", idsOnly: true, count: 1},
	{input: "SELECT * FROM t WHERE name LIKE 'A%'", rows: "1", idsOnly: true, count: 1},
	{input: "SELECT * FROM t WHERE name ILIKE 'a%'", rows: "1;2", idsOnly: true, count: 2},
	{input: "SELECT DISTINCT name FROM t ORDER BY name", rows: "Alice;Bob;alice;carol", count: 4},
	{input: "SELECT a FROM t ORDER BY name", rows: "1;3;2;NULL", count: 4},
	{input: "SELECT id FROM t ORDER BY id DESC NULLS LAST, name NULLS FIRST", rows: "4;3;2;1", count: 4},
	// Booleans are BIT 0/1 with SQL's NULL logic.
	{input: "SELECT * FROM t WHERE active", rows: "1;4", idsOnly: true, count: 2},
	{input: "SELECT * FROM t WHERE active IS NOT TRUE", rows: "2;3", idsOnly: true, count: 2},
	{input: "SELECT * FROM t WHERE active IS UNKNOWN", rows: "3", idsOnly: true, count: 1},
	{input: "SELECT * FROM t WHERE coalesce(active, false)", rows: "1;4", idsOnly: true, count: 2},
	{input: "SELECT * FROM t WHERE active = true AND deleted = false", rows: "1", idsOnly: true, count: 1},
	{input: "SELECT CASE WHEN active THEN 'y' ELSE 'n' END FROM t", rows: "y;n;n;y", count: 4},
	{input: "INSERT INTO t (a) VALUES (true), (false)", count: 2},
	// Subqueries and set operations the simulator had to learn.
	{input: "SELECT * FROM t WHERE id > ANY (SELECT y FROM w)", rows: "3;4", idsOnly: true, count: 2},
	{input: "SELECT t.* FROM t", rows: "1;2;3;4", idsOnly: true, count: 4},
	// Functions rewritten into IRIS forms (row 4 has NULLs in a and d).
	{input: "SELECT extract(year from d), extract(month from d), extract(day from d) FROM t", rows: "2024|1|15;2024|2|1;2024|3|10;NULL|NULL|NULL", count: 4},
	{input: "SELECT extract(dow from d), extract(epoch from d) FROM t", rows: "1|1705314600;4|1706745600;0|1710057600;NULL|NULL", count: 4},
	{input: "SELECT date_trunc('day', d), date_trunc('month', d), date_trunc('year', d) FROM t", rows: "2024-01-15 00:00:00|2024-01-01 00:00:00|2024-01-01 00:00:00;" +
		"2024-02-01 00:00:00|2024-02-01 00:00:00|2024-01-01 00:00:00;2024-03-10 00:00:00|2024-03-01 00:00:00|2024-01-01 00:00:00;NULL|NULL|NULL", count: 4},
	{input: "SELECT length(name), char_length(name), character_length(name) FROM t", rows: "5|5|5;5|5|5;3|3|3;5|5|5", count: 4},
	{input: "SELECT position('a' in name), strpos(name, 'b') FROM t", rows: "0|0;1|0;0|3;2|0", count: 4},
	{input: "SELECT lpad(name, 5, '*'), rpad(name, 5) FROM t", rows: "Alice|Alice;alice|alice;**Bob|Bob  ;carol|carol", count: 4},
	{input: "SELECT string_agg(name, ',') FROM t", rows: "Alice,alice,Bob,carol", count: 1},
	// pgvector: nearest first.
	{input: "SELECT id FROM items ORDER BY embedding <=> $1 LIMIT 5", args: []any{"[1,0.1,0]"}, rows: "1;3;2", count: 3},
	{input: "SELECT id FROM items ORDER BY embedding <#> '[1,2,3]' LIMIT 3", rows: "3;2;1", count: 3},
	// RETURNING emulation: RowIDs collected, LAST_IDENTITY() after an INSERT.
	{input: "INSERT INTO t (a) VALUES ($1) RETURNING id", args: []any{7}, rows: "5", count: 1},
	{input: "UPDATE t SET a = $1 WHERE id = $2 RETURNING a, b", args: []any{9, 2}, rows: "9|20", count: 1},
	{input: "DELETE FROM t WHERE id = $1 RETURNING *", args: []any{3}, rows: "3", idsOnly: true, count: 1},
	{input: "UPDATE t SET a = 1 RETURNING *", rows: "1;2;3;4", idsOnly: true, count: 4},
	// ON CONFLICT: the update branch, the insert branch, and unique violations ignored.
	{input: "INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v RETURNING id, v", args: []any{1, "new"}, rows: "1|new", count: 1},
	{input: "INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v RETURNING id, v", args: []any{10, "ten"}, rows: "10|ten", count: 1},
	{input: "INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id", args: []any{1, "x"}, count: 0},
	{input: "INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id", args: []any{11, "x"}, rows: "11", count: 1},
	{input: "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b') ON CONFLICT (id) DO NOTHING", count: 0},
	{input: "INSERT INTO t (id, v) VALUES (1, 'a') ON CONFLICT DO NOTHING", count: 0},
	{input: "INSERT INTO public.t (id, v) VALUES ($1, $2) ON CONFLICT DO NOTHING", args: []any{12, "x"}, count: 1},
}

// TestCaseResultsOnSimulator runs a representative subset of cases.txt on the
// simulator and checks the rows and counts. Each run is rolled back, so every
// case sees the fixture rows as loaded.
func TestCaseResultsOnSimulator(t *testing.T) {
	reviewed := map[string]bool{}
	for _, c := range readCases(t) {
		reviewed[c.input] = true
	}
	db := startSim(t)
	defer db.close()
	ctx := context.Background()
	for _, r := range simRuns {
		if !reviewed[r.input] {
			t.Errorf("%q is not a case of %s", r.input, casesFile)
			continue
		}
		plans, err := Translate(r.input, DefaultOptions())
		if err != nil || len(plans) != 1 {
			t.Errorf("%s: %d plans, %v", r.input, len(plans), err)
			continue
		}
		if _, err := db.conn.Exec(ctx, "START TRANSACTION", nil); err != nil {
			t.Fatal(err)
		}
		res, err := runPlan(ctx, db.conn, plans[0], r.args)
		if _, rbErr := db.conn.Exec(ctx, "ROLLBACK", nil); rbErr != nil {
			t.Fatal(rbErr)
		}
		if err != nil {
			t.Errorf("%s %v: %v", r.input, r.args, err)
			continue
		}
		if got := renderRows(res.rows, r.idsOnly); got != r.rows || res.count != r.count {
			t.Errorf("%s %v:\n got rows %q count %d\nwant rows %q count %d", r.input, r.args, got, res.count, r.rows, r.count)
		}
	}
}

func renderRows(rows [][]string, idsOnly bool) string {
	parts := make([]string, len(rows))
	for i, row := range rows {
		if idsOnly {
			row = row[:1]
		}
		parts[i] = strings.Join(row, "|")
	}
	return strings.Join(parts, ";")
}
