package e2e

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgxScenario is a client program written against pgx; it records what a user of pgx
// observes (values, tags, SQLSTATEs) so the same program can run against PostgreSQL and
// pgwired and be compared.
//
// In simple-protocol mode pgx interpolates arguments into the SQL text as untyped
// literals ('f', '1990-03-04 00:00:00Z'); PostgreSQL types them from the target column,
// which pgwired cannot do without the catalog layer (a documented gap), so that mode
// passes dates as date strings and leaves booleans to parameters of other modes.
func pgxScenario(ctx context.Context, conn *pgx.Conn, table string, simple bool) []string {
	steps := &pgxSteps{ctx: ctx, conn: conn}
	rec, exec := steps.rec, steps.exec
	exec("DROP TABLE IF EXISTS " + table)
	exec("CREATE TABLE " + table + " (id integer PRIMARY KEY, name varchar(40) NOT NULL, score numeric(10,2), born date, seen timestamp, ok boolean, ratio double precision)")
	var born, seen, yes, no any = time.Date(1990, 3, 4, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 17, 13, 45, 10, 123456000, time.UTC), true, false
	if simple {
		born, seen, yes, no = "1990-03-04", "2024-05-17 13:45:10.123456", 1, 0
		exec("INSERT INTO "+table+" (id, name, score, born, seen, ok, ratio) VALUES ($1, $2, $3, $4, $5, $6::int::boolean, $7)",
			1, "Ann", "12.50", born, seen, yes, 0.25)
		exec("INSERT INTO "+table+" (id, name, score, born, seen, ok, ratio) VALUES ($1, $2, $3, $4, $5, $6::int::boolean, $7)",
			2, "Ben", nil, nil, nil, no, -1.5)
	} else {
		exec("INSERT INTO "+table+" (id, name, score, born, seen, ok, ratio) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			1, "Ann", "12.50", born, seen, yes, 0.25)
		exec("INSERT INTO "+table+" (id, name, score, born, seen, ok, ratio) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			2, "Ben", nil, nil, nil, no, -1.5)
	}
	exec("INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 3, "Cy")
	exec("INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 1, "dup")
	exec("UPDATE "+table+" SET score = score + $1 WHERE id = $2", "1.25", 1)
	exec("DELETE FROM "+table+" WHERE id = $1", 99)

	// string_agg with a parameter separator (NULL: none) and FILTER; lengths, since the
	// order of the values is unspecified.
	var aggLen, aggNone *int32
	var aggOne *string
	err := conn.QueryRow(ctx, "SELECT length(string_agg(name, $1)), length(string_agg(name, $2)), string_agg(name, $1) FILTER (WHERE id = $3::int) FROM "+table,
		" | ", nil, 2).Scan(&aggLen, &aggNone, &aggOne)
	rec("string_agg: %s %s %s %s", deref(aggLen), deref(aggNone), deref(aggOne), sqlState(err))

	rows, err := conn.Query(ctx, "SELECT id, name, score::text, born, seen, ok, ratio FROM "+table+" WHERE id >= $1 ORDER BY id", 1)
	if err != nil {
		rec("query: error %s", sqlState(err))
	} else {
		for rows.Next() {
			var id int32
			var name string
			var score *string
			var born, seen *time.Time
			var ok *bool
			var ratio *float64
			if err := rows.Scan(&id, &name, &score, &born, &seen, &ok, &ratio); err != nil {
				rec("scan: %v", err)
				break
			}
			rec("row %d %s %s %s %s %s %s", id, name, deref(score), deref(born), deref(seen), deref(ok), deref(ratio))
		}
		rec("rows err=%v tag=%s", rows.Err(), rows.CommandTag().String())
	}
	var count int64
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE name <> $1", "Ann").Scan(&count); err != nil {
		rec("count: error %s", sqlState(err))
	} else {
		rec("count %d", count)
	}
	var missing string
	err = conn.QueryRow(ctx, "SELECT name FROM "+table+" WHERE id = $1", 42).Scan(&missing)
	rec("no rows: %v", errors.Is(err, pgx.ErrNoRows))

	// Transactions.
	tx, err := conn.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, "INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 10, "tx")
		rec("tx insert: %v", err)
		_, err = tx.Exec(ctx, "INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 10, "tx again")
		rec("tx dup: %s", sqlState(err))
		_, err = tx.Exec(ctx, "SELECT 1")
		rec("tx after error: %s", sqlState(err))
		rec("rollback: %v", tx.Rollback(ctx))
	}
	tx, err = conn.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, "INSERT INTO "+table+" (id, name) VALUES ($1, $2)", 11, "kept")
		rec("tx2 insert: %v", err)
		rec("commit: %v", tx.Commit(ctx))
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&count); err == nil {
		rec("count after tx %d", count)
	}

	// Errors.
	_, err = conn.Exec(ctx, "SELECT * FROM no_such_table_e2e")
	rec("missing table: %s", sqlState(err))
	_, err = conn.Exec(ctx, "SELECT nope FROM "+table)
	rec("missing column: %s", sqlState(err))
	_, err = conn.Exec(ctx, "INSERT INTO "+table+" (id) VALUES (50)")
	rec("not null: %s", sqlState(err))

	// Batch (pipelined in the extended protocol).
	b := &pgx.Batch{}
	for i := 20; i < 25; i++ {
		b.Queue("INSERT INTO "+table+" (id, name) VALUES ($1, $2)", i, fmt.Sprintf("b%d", i))
	}
	b.Queue("SELECT count(*) FROM " + table)
	br := conn.SendBatch(ctx, b)
	for i := 0; i < 5; i++ {
		tag, err := br.Exec()
		rec("batch exec %d: %s %v", i, tag.String(), err)
	}
	if err := br.QueryRow().Scan(&count); err != nil {
		rec("batch count: %v", err)
	} else {
		rec("batch count %d", count)
	}
	rec("batch close: %v", br.Close())

	// The statements of one batch (one Sync) are one implicit transaction: a failure rolls
	// back those before it; BEGIN inside makes it a transaction block; COMMIT and ROLLBACK
	// inside end it with a warning. Each batch is checked by the rows that remain.
	batches := [][]string{
		{"INSERT INTO " + table + " (id, name) VALUES (30, 'p30')", "INSERT INTO " + table + " (id, name) VALUES (31, 'p31')",
			"INSERT INTO " + table + " (id, name) VALUES (30, 'dup')", "INSERT INTO " + table + " (id, name) VALUES (32, 'p32')"},
		{"INSERT INTO " + table + " (id, name) VALUES (33, 'p33')", "SELECT 1/0"},
		{"INSERT INTO " + table + " (id, name) VALUES (34, 'p34')", "COMMIT", "INSERT INTO " + table + " (id, name) VALUES (34, 'dup')"},
		{"INSERT INTO " + table + " (id, name) VALUES (35, 'p35')", "ROLLBACK", "INSERT INTO " + table + " (id, name) VALUES (36, 'p36')"},
		{"BEGIN", "INSERT INTO " + table + " (id, name) VALUES (37, 'p37')", "COMMIT", "INSERT INTO " + table + " (id, name) VALUES (38, 'p38')"},
		{"INSERT INTO " + table + " (id, name) VALUES (39, 'p39')", "SAVEPOINT s1", "INSERT INTO " + table + " (id, name) VALUES (40, 'p40')"},
		{"INSERT INTO " + table + " (id, name) VALUES (41, 'p41')", "INSERT INTO " + table + " (id, name) VALUES (42, 'p42')"},
		{"BEGIN ISOLATION LEVEL READ COMMITTED", "INSERT INTO " + table + " (id, name) VALUES (43, 'p43')", "COMMIT"},
		{"INSERT INTO " + table + " (id, name) VALUES (44, 'p44')", "BEGIN ISOLATION LEVEL READ UNCOMMITTED", "INSERT INTO " + table + " (id, name) VALUES (45, 'p45')"},
	}
	for bi, stmts := range batches {
		b := &pgx.Batch{}
		for _, q := range stmts {
			b.Queue(q)
		}
		br := conn.SendBatch(ctx, b)
		for i := range stmts {
			tag, err := br.Exec()
			rec("pipeline %d stmt %d: %s %s", bi, i, tag.String(), sqlState(err))
		}
		rec("pipeline %d close: %s", bi, sqlState(br.Close()))
	}
	rows, err = conn.Query(ctx, "SELECT id FROM "+table+" WHERE id BETWEEN 30 AND 49 ORDER BY id")
	if err != nil {
		rec("pipeline rows: %s", sqlState(err))
	} else {
		var ids []int32
		for rows.Next() {
			var id int32
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rec("pipeline rows %v %s", ids, sqlState(rows.Err()))
	}
	if conn.PgConn().TxStatus() != 'I' {
		rec("pipeline left the transaction status %c", conn.PgConn().TxStatus())
	}

	// COPY FROM STDIN.
	n, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "name"}, pgx.CopyFromRows([][]any{{100, "c100"}, {101, "c101"}, {102, "c102"}}))
	rec("copy: %d %v", n, err)
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE id >= 100").Scan(&count); err == nil {
		rec("copied %d", count)
	}
	exec("DROP TABLE " + table)
	steps.lines = append(steps.lines, pgxTypesScenario(ctx, conn, table+"_types")...)
	return steps.lines
}

// pgxTypesScenario round-trips every type pgwired maps through pgx's binary formats
// (parameters, QueryRow Scan into Go types, rows.Values, CopyFrom) and NULLs; in simple
// protocol mode through the literals pgx writes and the text forms it reads.
func pgxTypesScenario(ctx context.Context, conn *pgx.Conn, table string) []string {
	var out []string
	rec := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	cols := []string{"id", "s", "b", "n", "f8", "ok", "t", "v", "d", "tm", "ts", "by", "u"}
	if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+table); err != nil {
		rec("drop: %s", sqlState(err))
	}
	_, err := conn.Exec(ctx, "CREATE TABLE "+table+" (id integer PRIMARY KEY, s smallint, b bigint, n numeric(12,3), f8 double precision,"+
		" ok boolean, t text, v varchar(10), d date, tm time, ts timestamp, by bytea, u uuid)")
	rec("types create: %s", sqlState(err))
	row := []any{1, int16(-3), int64(-1) << 40, pgtype.Numeric{Int: big.NewInt(-123456), Exp: -3, Valid: true}, -0.5, true, "tëxt", "vc",
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), pgtype.Time{Microseconds: 3723000001, Valid: true},
		time.Date(2024, 5, 17, 13, 45, 10, 123456000, time.UTC), []byte{0, 1, 255},
		[16]byte{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78}}
	_, err = conn.Exec(ctx, "INSERT INTO "+table+" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", row...)
	rec("types insert: %s", sqlState(err))
	_, err = conn.Exec(ctx, "INSERT INTO "+table+" (id) VALUES ($1)", 2)
	rec("types insert nulls: %s", sqlState(err))
	n, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows([][]any{
		append([]any{3}, row[1:]...),
		{4, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil},
	}))
	rec("types copy: %d %s", n, sqlState(err))
	rows, err := conn.Query(ctx, "SELECT * FROM "+table+" ORDER BY id")
	if err != nil {
		rec("types query: %s", sqlState(err))
	} else {
		for rows.Next() {
			v, err := rows.Values()
			rec("types row %#v %s", v, sqlState(err))
		}
		rec("types rows: %s", sqlState(rows.Err()))
	}
	var (
		id int
		sm int16
		bi int64
		nu pgtype.Numeric
		f8 float64
		ok bool
		tx string
		vc string
		d  time.Time
		tm pgtype.Time
		ts time.Time
		by []byte
		u  pgtype.UUID
	)
	err = conn.QueryRow(ctx, "SELECT * FROM "+table+" WHERE id = $1", 1).Scan(&id, &sm, &bi, &nu, &f8, &ok, &tx, &vc, &d, &tm, &ts, &by, &u)
	rec("types scan: %s %v %v %v %v %v %v %q %q %v %v %v %v %v", sqlState(err), id, sm, bi, nu.Int, nu.Exp, f8, tx, vc, d, tm.Microseconds, ts, by, u)
	var sp *int16
	var up *pgtype.UUID
	err = conn.QueryRow(ctx, "SELECT s, u FROM "+table+" WHERE id = $1", 2).Scan(&sp, &up)
	rec("types scan nulls: %s %v %v", sqlState(err), sp, up)
	err = conn.QueryRow(ctx, "SELECT s FROM "+table+" WHERE id = $1", 2).Scan(&sm)
	rec("types scan null into int16: %v", err != nil)
	var count int64
	err = conn.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE u = $1", row[12]).Scan(&count)
	rec("types uuid parameter: %s %d", sqlState(err), count)
	var now, cast time.Time
	err = conn.QueryRow(ctx, "SELECT now(), $1::timestamptz", time.Date(2024, 5, 17, 13, 45, 10, 0, time.FixedZone("", 7200))).Scan(&now, &cast)
	rec("types timestamptz: %s %v %v", sqlState(err), time.Since(now).Abs() < 5*time.Minute, cast.UTC())
	_, err = conn.Exec(ctx, "DROP TABLE "+table)
	rec("types drop: %s", sqlState(err))
	return out
}

func deref[T any](p *T) string {
	if p == nil {
		return "NULL"
	}
	if t, ok := any(*p).(time.Time); ok {
		return t.UTC().Format("2006-01-02 15:04:05.999999")
	}
	return fmt.Sprint(*p)
}

func sqlState(err error) string {
	if err == nil {
		return "ok"
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return "error: " + err.Error()
}

// TestPgxMatchesPostgres runs the pgx scenario in every query execution mode against
// PostgreSQL 15 and against pgwired, and requires identical observations.
func TestPgxMatchesPostgres(t *testing.T) {
	comparePgx(t, startOracle(t), sharedPgwired(t))
}

// TestPgxMatchesPostgresTransactionPooling repeats it with POOL_MODE=transaction and one
// pooled IRIS connection, which every transaction takes and gives back: statements pgx
// prepared once must keep working on whatever connection comes next.
func TestPgxMatchesPostgresTransactionPooling(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	comparePgx(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"))
}

func comparePgx(t *testing.T, pg *postgres, pw *pgwired) {
	comparePgxModes(t, pg, pw, append([]string{"cache_describe"}, fourPgxModes...), "rows",
		func(ctx context.Context, conn *pgx.Conn, mode string) []string {
			return pgxScenario(ctx, conn, "e2e_pgx_"+mode, mode == "simple_protocol")
		}, nil)
}
