package wire

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// staticSession answers every statement with one preallocated row, so
// that allocations measured around it are wire's own.
type staticSession struct{ stmt staticStatement }

type staticStatement struct{ portal staticPortal }

type staticPortal struct {
	row  [][]byte
	rows int
}

var staticParams = []uint32{oidText}

var staticCols = []pgproto3.FieldDescription{{Name: []byte("v"), DataTypeOID: oidText, DataTypeSize: -1}}

func (s *staticSession) SimpleQuery(_ context.Context, _ string, w ResultWriter) error {
	if err := w.RowDescription(staticCols); err != nil {
		return err
	}
	return s.stmt.portal.write(w)
}
func (s *staticSession) Prepare(context.Context, string, string, []uint32) (PreparedStatement, error) {
	return &s.stmt, nil
}
func (s *staticSession) TxStatus() byte              { return 'I' }
func (s *staticSession) Close(context.Context) error { return nil }

func (st *staticStatement) ParamOIDs() []uint32                  { return staticParams }
func (st *staticStatement) Columns() []pgproto3.FieldDescription { return staticCols }
func (st *staticStatement) Close() error                         { return nil }
func (st *staticStatement) Bind(context.Context, [][]byte, []int16, []int16) (Portal, error) {
	return &st.portal, nil
}

func (p *staticPortal) Columns() []pgproto3.FieldDescription { return staticCols }
func (p *staticPortal) Close() error                         { return nil }
func (p *staticPortal) Execute(_ context.Context, w ResultWriter, _ int) (bool, error) {
	return false, p.write(w)
}
func (p *staticPortal) write(w ResultWriter) error {
	for range p.rows {
		if err := w.DataRow(p.row); err != nil {
			return err
		}
	}
	return w.CommandComplete("SELECT 1")
}

// staticConn logs a raw client into a server backed by staticSession
// with one prepared statement "p", and returns the encoded requests for a
// prepared execution (Bind, Execute, Sync — what pgbench -M prepared
// sends) and a simple Query.
func staticConn(tb testing.TB, rows int) (c net.Conn, prepared, simple []byte) {
	sess := &staticSession{stmt: staticStatement{portal: staticPortal{row: [][]byte{[]byte("value")}, rows: rows}}}
	ts := startServer(tb, func(c *Config) {
		c.NewSession = func(context.Context, *ConnInfo) (Session, error) { return sess, nil }
	})
	rc := dialRaw(tb, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Parse{Name: "p", Query: "q"}, &pgproto3.Sync{})
	rc.expect(&pgproto3.ParseComplete{}, rfqIdle)
	_ = rc.conn.SetDeadline(time.Time{})

	prepared, _ = (&pgproto3.Bind{PreparedStatement: "p", Parameters: [][]byte{[]byte("1")}}).Encode(prepared)
	prepared, _ = (&pgproto3.Execute{}).Encode(prepared)
	prepared, _ = (&pgproto3.Sync{}).Encode(prepared)
	simple, _ = (&pgproto3.Query{String: "select v from t where k = 1"}).Encode(nil)
	return rc.conn, prepared, simple
}

// TestHotPathAllocations counts allocations per round trip, client side
// included: a prepared execution makes none, a simple Query only the
// string holding its text.
func TestHotPathAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	conn, prepared, simple := staticConn(t, 1)
	buf := make([]byte, 4096)
	in := bufio.NewReaderSize(conn, 64<<10)
	for _, tc := range []struct {
		name    string
		request []byte
		allocs  float64
	}{{"prepared", prepared, 0}, {"simple", simple, 1}} {
		roundTrip := func() {
			if _, err := conn.Write(tc.request); err != nil {
				t.Fatal(err)
			}
			readUntilReady(t, in, buf)
		}
		roundTrip()
		if allocs := testing.AllocsPerRun(500, roundTrip); allocs > tc.allocs+0.1 {
			t.Errorf("%s: %.2f allocations per round trip, want %v", tc.name, allocs, tc.allocs)
		}
	}
}

// Benchmarks of wire alone (loopback, client in the same process).
func BenchmarkPreparedRoundTrip(b *testing.B) { benchRoundTrip(b, 1, true) }
func BenchmarkSimpleRoundTrip(b *testing.B)   { benchRoundTrip(b, 1, false) }
func BenchmarkStream10kRows(b *testing.B)     { benchRoundTrip(b, 10_000, true) }

func benchRoundTrip(b *testing.B, rows int, usePrepared bool) {
	conn, prepared, simple := staticConn(b, rows)
	request := simple
	if usePrepared {
		request = prepared
	}
	buf := make([]byte, 4096)
	in := bufio.NewReaderSize(conn, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := conn.Write(request); err != nil {
			b.Fatal(err)
		}
		readUntilReady(b, in, buf)
	}
}

// readUntilReady reads whole frames into buf until ReadyForQuery.
func readUntilReady(t testing.TB, c io.Reader, buf []byte) {
	for {
		if _, err := io.ReadFull(c, buf[:5]); err != nil {
			t.Fatal(err)
		}
		n := int(binary.BigEndian.Uint32(buf[1:5])) - 4
		typ := buf[0]
		if _, err := io.ReadFull(c, buf[:n]); err != nil {
			t.Fatal(err)
		}
		switch typ {
		case 'Z':
			return
		case 'E':
			t.Fatalf("error response: %q", buf[:n])
		}
	}
}
