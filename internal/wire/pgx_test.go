package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

var execModes = []string{"cache_statement", "cache_describe", "describe_exec", "exec", "simple_protocol"}

func connectPgx(t *testing.T, ctx context.Context, connString string, tlsConfig *tls.Config) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		t.Fatal(err)
	}
	if tlsConfig != nil {
		cfg.TLSConfig = tlsConfig
		cfg.Fallbacks = nil
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func TestPgxQueryExecModes(t *testing.T) {
	ts := startServer(t, nil)
	for _, mode := range execModes {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn := connectPgx(t, ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=disable&default_query_exec_mode=%s", ts.addr, mode), nil)

			var n int64
			if err := conn.QueryRow(ctx, "select 42").Scan(&n); err != nil || n != 42 {
				t.Fatalf("select 42 = %d, %v", n, err)
			}
			var s string
			if err := conn.QueryRow(ctx, "select $1", "it's").Scan(&s); err != nil || s != "it's" {
				t.Fatalf("select $1 = %q, %v", s, err)
			}

			// A value far larger than the pooled buffers, both ways.
			big := strings.Repeat("abcdefghij", 100_000)
			if err := conn.QueryRow(ctx, "select $1", big).Scan(&s); err != nil || s != big {
				t.Fatalf("select $1 with 1 MB: %d bytes back, %v", len(s), err)
			}

			// 20000 rows cross the flush threshold many times.
			rows, err := conn.Query(ctx, "series 20000")
			if err != nil {
				t.Fatal(err)
			}
			var count, sum int64
			for rows.Next() {
				var v int32
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				count++
				sum += int64(v)
			}
			if err := rows.Err(); err != nil || count != 20000 || sum != 20000*20001/2 {
				t.Fatalf("series: %d rows, sum %d, err %v", count, sum, err)
			}
			if tag := rows.CommandTag(); tag.String() != "SELECT 20000" {
				t.Errorf("tag %q", tag)
			}

			tag, err := conn.Exec(ctx, "insert")
			if err != nil || tag.String() != "INSERT 0 1" || tag.RowsAffected() != 1 {
				t.Fatalf("insert: %q, %v", tag, err)
			}

			_, err = conn.Exec(ctx, "fail 23505 duplicate key value violates unique constraint")
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) {
				t.Fatalf("fail: %v, want *pgconn.PgError", err)
			}
			if pgErr.Code != "23505" || pgErr.Severity != "ERROR" || pgErr.Message != "duplicate key value violates unique constraint" ||
				pgErr.Detail != "detail of 23505" || pgErr.Hint != "hint of 23505" {
				t.Errorf("PgError = %+v", pgErr)
			}
			// The connection recovers (skip-to-Sync, ReadyForQuery).
			if err := conn.QueryRow(ctx, "select 7").Scan(&n); err != nil || n != 7 {
				t.Fatalf("after error: %d, %v", n, err)
			}

			tx, err := conn.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st := conn.PgConn().TxStatus(); st != 'T' {
				t.Errorf("TxStatus in transaction = %q", st)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if st := conn.PgConn().TxStatus(); st != 'I' {
				t.Errorf("TxStatus after commit = %q", st)
			}
		})
	}
}

func TestPgxBatchPipeline(t *testing.T) {
	ts := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, mode := range execModes {
		conn := connectPgx(t, ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=disable&default_query_exec_mode=%s", ts.addr, mode), nil)
		b := &pgx.Batch{}
		b.Queue("select 1")
		b.Queue("series 3")
		b.Queue("select $1", "x")
		br := conn.SendBatch(ctx, b)
		var one int64
		if err := br.QueryRow().Scan(&one); err != nil || one != 1 {
			t.Fatalf("%s: batch 1: %d %v", mode, one, err)
		}
		rows, err := br.Query()
		if err != nil {
			t.Fatal(err)
		}
		vals, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil || len(vals) != 3 || vals[2] != 3 {
			t.Fatalf("%s: batch 2: %v %v", mode, vals, err)
		}
		var x string
		if err := br.QueryRow().Scan(&x); err != nil || x != "x" {
			t.Fatalf("%s: batch 3: %q %v", mode, x, err)
		}
		if err := br.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPgxTLS(t *testing.T) {
	cert := newTestCert(t)
	ts := startServer(t, func(c *Config) {
		c.TLSConfig = func() *tls.Config { return cert.tls }
		c.TLSRequired = true
	})
	for _, negotiation := range []string{"postgres", "direct"} {
		t.Run(negotiation, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn := connectPgx(t, ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=verify-full&sslnegotiation=%s", ts.addr, negotiation),
				&tls.Config{RootCAs: cert.pool, ServerName: "localhost", NextProtos: []string{"postgresql"}})
			var n int64
			if err := conn.QueryRow(ctx, "select 5").Scan(&n); err != nil || n != 5 {
				t.Fatalf("select 5 = %d, %v", n, err)
			}
			info := ts.be.lastInfo()
			if info.TLS == nil || !info.TLS.HandshakeComplete || info.TLS.NegotiatedProtocol != "postgresql" {
				t.Fatalf("server-side TLS state = %+v", info.TLS)
			}
		})
	}
	t.Run("plaintext refused", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := pgx.Connect(ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=disable", ts.addr))
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != CodeInvalidAuthorization || pgErr.Severity != "FATAL" {
			t.Fatalf("err = %v, want FATAL 28000", err)
		}
	})
}

func TestPgxWrongPassword(t *testing.T) {
	ts := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, fmt.Sprintf("postgres://alice:nope@%s/db?sslmode=disable", ts.addr))
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != CodeInvalidPassword {
		t.Fatalf("err = %v, want 28P01", err)
	}
}

func TestPgxCopy(t *testing.T) {
	ts := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn := connectPgx(t, ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=disable", ts.addr), nil)
	pc := conn.PgConn()

	// 100 KiB crosses several CopyData messages and read buffers.
	data := strings.Repeat("0123456789abcdef\n", 6000)
	tag, err := pc.CopyFrom(ctx, strings.NewReader(data), "copy in")
	if err != nil || tag.String() != "COPY 6000" {
		t.Fatalf("CopyFrom: %q, %v", tag, err)
	}
	ts.be.mu.Lock()
	got := ts.be.copied[0]
	ts.be.mu.Unlock()
	if got != data {
		t.Fatalf("server received %d bytes, want %d identical", len(got), len(data))
	}

	var out bytes.Buffer
	tag, err = pc.CopyTo(ctx, &out, "copy out 3")
	if err != nil || tag.String() != "COPY 3" || out.String() != "1\tline\n2\tline\n3\tline\n" {
		t.Fatalf("CopyTo: %q, %q, %v", tag, out.String(), err)
	}

	_, err = pc.CopyFrom(ctx, failingReader{}, "copy in")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != CodeQueryCanceled || !strings.Contains(pgErr.Message, "reader broke") {
		t.Fatalf("CopyFrom with failing reader: %v, want 57014", err)
	}
	var n int64
	if err := conn.QueryRow(ctx, "select 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("after CopyFail: %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("reader broke") }

func TestPgxCancelRequest(t *testing.T) {
	ts := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn := connectPgx(t, ctx, fmt.Sprintf("postgres://alice:secret@%s/db?sslmode=disable", ts.addr), nil)
	done := make(chan error, 1)
	go func() {
		_, err := conn.Exec(ctx, "sleep")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("sleep returned early: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	if err := conn.PgConn().CancelRequest(ctx); err != nil {
		t.Fatal(err)
	}
	err := <-done
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != CodeQueryCanceled {
		t.Fatalf("sleep: %v, want 57014", err)
	}
	key := <-ts.be.cancels
	if key.ProcessID != conn.PgConn().PID() {
		t.Errorf("cancel pid %d, want %d", key.ProcessID, conn.PgConn().PID())
	}
}
