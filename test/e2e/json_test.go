package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// pgxJSONScenario reads json and jsonb columns and ->/->> results through pgx: pgx asks
// for binary jsonb in the extended-protocol modes (a version byte before the text) and
// decodes both into Go values.
func pgxJSONScenario(ctx context.Context, conn *pgx.Conn, table string) []string {
	var out []string
	rec := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, sql := range []string{
		"DROP TABLE IF EXISTS " + table,
		"CREATE TABLE " + table + " (id integer PRIMARY KEY, j json, b jsonb)",
		"INSERT INTO " + table + ` VALUES (1, '{"a": [1, 2], "s": "x"}', '{"k": {"n": 1.50}, "k": {"n": 2}, "list": ["p", null]}'), (2, NULL, '[]')`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			rec("exec %q: %s", sql, sqlState(err))
		}
	}
	rows, err := conn.Query(ctx, "SELECT id, j, b, j->'a', j->>'s', b->'k', b->'k'->>'n', b #> '{list,1}', b->'list'->>1 FROM "+table+" WHERE id > $1 ORDER BY id", 0)
	if err != nil {
		rec("query: %s", sqlState(err))
		return out
	}
	var oids []string
	for _, f := range rows.FieldDescriptions() {
		oids = append(oids, fmt.Sprint(f.DataTypeOID))
	}
	rec("types %s", strings.Join(oids, " "))
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			rec("values: %v", err)
			break
		}
		rec("row %v", vals)
	}
	rec("rows: %v", rows.Err())
	if _, err := conn.Exec(ctx, "DROP TABLE "+table); err != nil {
		rec("drop: %s", sqlState(err))
	}
	return out
}

// TestPgxJSONMatchesPostgres: json and jsonb values, and -> / ->> results, as pgx sees
// them in every query execution mode, against PostgreSQL 15 and against pgwired.
func TestPgxJSONMatchesPostgres(t *testing.T) {
	comparePgxModes(t, startOracle(t), sharedPgwired(t), fourPgxModes, "JSON values",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return pgxJSONScenario(ctx, conn, "e2e_pgx_json_"+mode)
		},
		func(t *testing.T, got string) {
			if !strings.Contains(got, "types 23 114 3802 114 25 3802 25 3802 25") {
				t.Errorf("unexpected types\n%s", got)
			}
		})
}
