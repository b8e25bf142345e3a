package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// pgxEnumScenario uses an enum type through pgx: LoadType reads the type from pg_type
// (typtype e) and registers it, parameters and results go in the mode's formats (binary
// results asked for explicitly too), labels that are not labels fail, and order follows
// the labels.
func pgxEnumScenario(ctx context.Context, conn *pgx.Conn, prefix string) []string {
	var out []string
	rec := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	typ, table := prefix+"_mood", prefix+"_t"
	for _, sql := range []string{
		"DROP TABLE IF EXISTS " + table, "DROP TYPE IF EXISTS " + typ,
		"CREATE TYPE " + typ + " AS ENUM ('sad', 'ok', 'happy')",
		"CREATE TABLE " + table + " (id integer PRIMARY KEY, m " + typ + ")",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			rec("exec %q: %s", sql, sqlState(err))
		}
	}
	dt, err := conn.LoadType(ctx, typ)
	if err != nil {
		rec("load type: %v", err)
		return out
	}
	conn.TypeMap().RegisterType(dt)
	var oid uint32
	if err := conn.QueryRow(ctx, "SELECT oid FROM pg_type WHERE typname = $1", typ).Scan(&oid); err != nil {
		rec("oid: %v", err)
	}
	rec("loaded type is pg_type's: %t", dt.OID == oid)
	for i, m := range []any{"happy", "sad", nil, "ok", "nope"} {
		_, err := conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2)", i+1, m)
		rec("insert %v: %s", m, sqlState(err))
	}
	var n int
	err = conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE m = $1", "angry").Scan(&n)
	rec("where angry: %s", sqlState(err))
	for _, formats := range []pgx.QueryResultFormats{nil, {pgx.TextFormatCode, pgx.BinaryFormatCode}} {
		rows, err := conn.Query(ctx, "SELECT id, m FROM "+table+" WHERE m > $1 OR m IS NULL ORDER BY m DESC, id", formats, "sad")
		if err != nil {
			rec("query: %s", sqlState(err))
			continue
		}
		for rows.Next() {
			var id int
			var m *string
			if err := rows.Scan(&id, &m); err != nil {
				rec("scan: %v", err)
				break
			}
			label := "NULL"
			if m != nil {
				label = *m
			}
			rec("row %d %s (column type is the enum: %t)", id, label, rows.FieldDescriptions()[1].DataTypeOID == oid)
		}
		rec("rows: %v", rows.Err())
	}
	for _, sql := range []string{"DROP TABLE " + table, "DROP TYPE " + typ} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			rec("exec %q: %s", sql, sqlState(err))
		}
	}
	return out
}

// TestPgxEnumMatchesPostgres: an enum type as pgx sees it in every query execution mode,
// against PostgreSQL 15 and against pgwired.
func TestPgxEnumMatchesPostgres(t *testing.T) {
	pg, pw := startOracle(t), sharedPgwired(t)
	comparePgxModes(t, pg, pw, fourPgxModes, "enum values",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return pgxEnumScenario(ctx, conn, "e2e_pgx_enum_"+mode)
		},
		func(t *testing.T, got string) {
			if !strings.Contains(got, "row 1 happy (column type is the enum: true)") || !strings.Contains(got, "insert nope: 22P02") {
				t.Errorf("unexpected result\n%s", got)
			}
		})
}
