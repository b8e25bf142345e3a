package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestDescribeTypesMatchPostgres prepares statements the way pgx's default mode does
// (Parse + Describe, parameter types left to the server) and compares the parameter and
// result types pgwired describes with PostgreSQL's. pgx picks its encoders from these
// OIDs: a parameter described as varchar cannot be given a Go int, a result described as
// varchar cannot be scanned into an int.
func TestDescribeTypesMatchPostgres(t *testing.T) {
	pg := startOracle(t)
	pw := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	statements := []string{
		"SELECT 41 + 1",
		"SELECT 2 * 3, 7, 1.5 + 1",
		"SELECT $1::int",
		"SELECT $1::int + 1",
		"SELECT k, v FROM e2e_describe WHERE k = $1",
		"UPDATE e2e_describe SET v = $1 WHERE k = $2",
		"DELETE FROM e2e_describe WHERE k = $1",
		"INSERT INTO e2e_describe (k, v) VALUES ($1, $2)",
		"SELECT count(*) FROM e2e_describe WHERE k > $1",
	}
	describe := func(dsn string) []string {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		mustExec(t, ctx, conn, "DROP TABLE IF EXISTS e2e_describe")
		mustExec(t, ctx, conn, "CREATE TABLE e2e_describe (k integer PRIMARY KEY, v varchar(20))")
		var out []string
		for _, sql := range statements {
			sd, err := conn.Prepare(ctx, "", sql)
			if err != nil {
				out = append(out, fmt.Sprintf("%s: %s", sql, sqlState(err)))
				continue
			}
			var cols []string
			for _, f := range sd.Fields {
				cols = append(cols, fmt.Sprint(f.DataTypeOID))
			}
			out = append(out, fmt.Sprintf("%s: params %v columns [%s]", sql, sd.ParamOIDs, strings.Join(cols, " ")))
		}
		return out
	}
	want := strings.Join(describe(pg.freshDB(t)), "\n")
	got := strings.Join(describe(pw.DSN()), "\n")
	if got != want {
		t.Errorf("Describe differs from PostgreSQL 15 (23 int4, 1043 varchar, 1700 numeric, 20 int8)\n%s", lineDiff(want, got))
	}
}
