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

// pgxPercentileScenario reads ordered-set aggregates through pgx: float8 and numeric
// results in binary (extended-protocol modes) or text (simple protocol), arrays of
// fractions, a fraction given as a parameter, and the errors of a fraction out of range.
func pgxPercentileScenario(ctx context.Context, conn *pgx.Conn, table string) []string {
	steps := &pgxSteps{ctx: ctx, conn: conn}
	rec, exec := steps.rec, steps.exec
	exec("DROP TABLE IF EXISTS " + table)
	exec("CREATE TABLE " + table + " (id integer PRIMARY KEY, grp integer NOT NULL, n integer, p numeric(10,2), f double precision, d date, s varchar(20))")
	exec("INSERT INTO " + table + ` VALUES
		(1, 1, 10, 1.50, 0.1, '2024-01-02', 'pear'),
		(2, 1, 20, 2.25, 0.2, '2024-02-03', 'apple'),
		(3, 1, NULL, NULL, NULL, NULL, NULL),
		(4, 1, 25, 10.00, -3.5, '1999-12-31', 'pear'),
		(5, 2, 30, 0.05, 1e10, '2000-01-01', 'Fig'),
		(6, 3, NULL, NULL, NULL, NULL, NULL)`)

	rows, err := conn.Query(ctx, "SELECT grp, percentile_cont(0.5) WITHIN GROUP (ORDER BY n), percentile_cont(0.25) WITHIN GROUP (ORDER BY f DESC), "+
		"percentile_disc(0.5) WITHIN GROUP (ORDER BY p), percentile_disc(0.5) WITHIN GROUP (ORDER BY d), mode() WITHIN GROUP (ORDER BY s), "+
		"percentile_cont(ARRAY[0, 0.5, NULL, 1]) WITHIN GROUP (ORDER BY p), percentile_disc(ARRAY[0.9, 0.1]) WITHIN GROUP (ORDER BY p) "+
		"FROM "+table+" GROUP BY grp ORDER BY grp")
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
			var medN, quartF *float64
			var discP pgtype.Numeric
			var discD *time.Time
			var modeS *string
			var conts []*float64
			var discs []pgtype.Numeric
			if err := rows.Scan(&grp, &medN, &quartF, &discP, &discD, &modeS, &conts, &discs); err != nil {
				rec("scan: %v", err)
				break
			}
			p, _ := discP.Value()
			var ds []string
			for _, d := range discs {
				v, _ := d.Value()
				ds = append(ds, fmt.Sprint(v))
			}
			rec("group %d: cont=%s %s disc=%v %s mode=%s conts=%s discs=%v", grp, derefs([]*float64{medN}), derefs([]*float64{quartF}),
				p, derefs([]*time.Time{discD}), derefs([]*string{modeS}), derefs(conts), ds)
		}
		rec("rows: %v", rows.Err())
	}

	for _, frac := range []float64{0.5, 0.9, 1.5} {
		var v *float64
		err := conn.QueryRow(ctx, "SELECT percentile_cont($1) WITHIN GROUP (ORDER BY f) FILTER (WHERE grp = 1) FROM "+table, frac).Scan(&v)
		rec("parameter %v: %s %s", frac, derefs([]*float64{v}), sqlState(err))
	}
	var none *float64
	err = conn.QueryRow(ctx, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM "+table+" WHERE id > $1::int", 100).Scan(&none)
	rec("no rows: %s %s", derefs([]*float64{none}), sqlState(err))
	err = conn.QueryRow(ctx, "SELECT percentile_disc(-0.5) WITHIN GROUP (ORDER BY s) FROM "+table+" WHERE id > $1::int", 100).Scan(&none)
	rec("out of range: %s", sqlState(err))
	exec("DROP TABLE " + table)
	return steps.lines
}

// TestPgxPercentilesMatchPostgres reads percentile_cont, percentile_disc and mode
// through pgx in every query execution mode, against PostgreSQL 15 and against pgwired,
// and requires the same observations.
func TestPgxPercentilesMatchPostgres(t *testing.T) {
	comparePgxModes(t, startOracle(t), sharedPgwired(t), fourPgxModes, "percentiles",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return pgxPercentileScenario(ctx, conn, "e2e_pgx_pct_"+mode)
		},
		func(t *testing.T, got string) {
			if !strings.Contains(got, "types 23 701 701 1700 1082 1043 1022 1231") || !strings.Contains(got, "parameter 1.5: [NULL] 22003") {
				t.Errorf("unexpected observations\n%s", got)
			}
		})
}
