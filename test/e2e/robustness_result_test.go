package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestVanishedClientMidResult kills a client while pgwired is streaming it a result of
// several MB (far more than the socket buffers hold), after it has read only a little.
// With POOL_SIZE=1 the next client necessarily gets the same IRIS connection: it must get
// it within a bounded time, with no rows of the abandoned cursor mixed into its own
// results, and, when the killed client was in a transaction, without its uncommitted
// write and with the write lock free.
func TestVanishedClientMidResult(t *testing.T) {
	for _, inTx := range []bool{false, true} {
		name := "autocommit"
		if inTx {
			name = "in_transaction"
		}
		t.Run(name, func(t *testing.T) {
			p := startOwnPgwired(t, "POOL_SIZE=1", "POOL_ACQUIRE_TIMEOUT=20s")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			setup := connect(t, ctx, p)
			mustExec(t, ctx, setup, "CREATE TABLE e2e_midres (k integer PRIMARY KEY, pad varchar(200))")
			var b strings.Builder
			pad := strings.Repeat("x", 150)
			for i := range 2000 {
				fmt.Fprintf(&b, "%d\t%s\n", i, pad)
			}
			if _, err := setup.PgConn().CopyFrom(ctx, strings.NewReader(b.String()), "COPY e2e_midres FROM STDIN"); err != nil {
				t.Fatal(err)
			}
			setup.Close(ctx)

			// 250,000 rows of about 165 bytes: about 40 MB, more than the loopback socket
			// buffers can take (tcp_rmem allows up to 32 MB).
			const perKey = 125
			const bigQuery = "SELECT a.k, b.k, a.pad FROM e2e_midres a CROSS JOIN e2e_midres b WHERE b.k < 125 ORDER BY a.k, b.k"
			const bigRows = 2000 * perKey
			var raw *rawSession
			if inTx {
				raw = hijackAfter(t, ctx, p, "BEGIN", "INSERT INTO e2e_midres VALUES (-1, 'uncommitted')")
			} else {
				raw = hijack(t, ctx, p)
			}
			raw.fe.Send(&pgproto3.Query{String: bigQuery})
			if err := raw.fe.Flush(); err != nil {
				t.Fatal(err)
			}
			raw.conn.SetReadDeadline(time.Now().Add(20 * time.Second))
			rows := 0
			for rows < 100 {
				m, err := raw.fe.Receive()
				if err != nil {
					t.Fatalf("after %d rows: %v", rows, err)
				}
				switch m := m.(type) {
				case *pgproto3.DataRow:
					rows++
				case *pgproto3.RowDescription:
				default:
					t.Fatalf("got %T %+v while reading the result", m, m)
				}
			}
			time.Sleep(500 * time.Millisecond) // pgwired is now blocked writing to the full socket
			resetConnection(raw.conn)
			// pgwired notices on its next write: it was still sending the result.
			waitLog(t, p, "client connection lost", 10*time.Second)
			for _, line := range strings.Split(p.Log(), "\n") {
				if strings.Contains(line, "client connection lost") && !strings.Contains(line, "write") {
					t.Fatalf("the session ended otherwise than while writing the result: %s", line)
				}
			}

			// The next client, on the only IRIS connection: a connection left mid-fetch or
			// in the transaction would make this hang, fail, or answer with stale rows.
			wctx, wcancel := context.WithTimeout(ctx, 25*time.Second)
			defer wcancel()
			other, err := pgx.Connect(wctx, p.URL())
			if err != nil {
				t.Fatalf("next client cannot log in (IRIS connection not given back?): %v", err)
			}
			defer other.Close(ctx)
			if st := other.PgConn().TxStatus(); st != 'I' {
				t.Fatalf("next client starts in tx status %c, want I", st)
			}
			var ks []int
			krows, err := other.Query(wctx, "SELECT k FROM e2e_midres WHERE k < 5 ORDER BY k")
			if err != nil {
				t.Fatal(err)
			}
			for krows.Next() {
				var k int
				if err := krows.Scan(&k); err != nil {
					t.Fatal(err)
				}
				ks = append(ks, k)
			}
			if err := krows.Err(); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ks) != "[0 1 2 3 4]" {
				t.Fatalf("next client's query returned k = %v, want [0 1 2 3 4]", ks)
			}
			// The same big result, read to the end, is complete and in order.
			big, err := other.Query(wctx, bigQuery)
			if err != nil {
				t.Fatal(err)
			}
			n, ordered := 0, true
			for big.Next() {
				var a, bk int
				var s string
				if err := big.Scan(&a, &bk, &s); err != nil {
					t.Fatal(err)
				}
				if a != n/perKey || bk != n%perKey || s != pad {
					ordered = false
				}
				n++
			}
			if err := big.Err(); err != nil {
				t.Fatal(err)
			}
			if n != bigRows || !ordered {
				t.Fatalf("big result: %d rows (want %d), in order and intact: %v", n, bigRows, ordered)
			}
			if inTx {
				if c := queryInt(t, wctx, other, "SELECT count(*) FROM e2e_midres WHERE k = -1"); c != 0 {
					t.Fatal("the killed client's uncommitted INSERT is visible")
				}
				// The write lock is free: this would wait 10 s and fail with 55P03 otherwise.
				start := time.Now()
				mustExec(t, wctx, other, "INSERT INTO e2e_midres VALUES (-1, 'next client')")
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("INSERT took %v: a lock outlived the killed transaction", d)
				}
			}
			if st := other.PgConn().TxStatus(); st != 'I' {
				t.Fatalf("tx status %c at the end, want I", st)
			}
		})
	}
}
