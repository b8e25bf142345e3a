package session

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// copyWriter is a ResultWriter that feeds COPY FROM STDIN from in and records tags.
type copyWriter struct {
	in   io.Reader
	tags []string
}

func (*copyWriter) RowDescription([]pgproto3.FieldDescription) error { return nil }
func (*copyWriter) DataRow([][]byte) error                           { return nil }
func (w *copyWriter) CommandComplete(tag string) error               { w.tags = append(w.tags, tag); return nil }
func (*copyWriter) EmptyQuery() error                                { return nil }
func (*copyWriter) Notice(*pgproto3.NoticeResponse) error            { return nil }
func (*copyWriter) ParameterStatus(string, string) error             { return nil }
func (w *copyWriter) CopyIn(int8, []int16) (wire.CopyReader, error) {
	if w.in == nil {
		return nil, errors.New("no COPY data in this test")
	}
	return w.in, nil
}
func (*copyWriter) CopyOut(int8, []int16) (wire.CopyWriter, error) {
	return nil, errors.New("no COPY TO in this test")
}

// copySession starts an in-process simulator and returns a session on it and a direct
// IRIS connection to check what arrived.
func copySession(t *testing.T) (*Session, *iris.Conn) {
	t.Helper()
	sim, err := irissim.New(irissim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go sim.Serve(l)
	dial := func(ctx context.Context, c iris.Credentials) (*iris.Conn, error) {
		return iris.Connect(ctx, iris.Options{Addr: l.Addr().String(), Namespace: c.Namespace, Username: c.Username, Password: c.Password})
	}
	pool, err := iris.NewPool(iris.PoolConfig{Size: 2, AcquireTimeout: 5 * time.Second, Dial: dial})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	m := NewManager(Config{Pool: pool, Translator: translate.NewCache(128, translate.DefaultOptions()), Namespace: "USER", ServerVersion: "16.0"})
	ctx := context.Background()
	extra, err := m.VerifyPassword(ctx, "_SYSTEM", "SYS", "USER")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := m.NewSession(ctx, &wire.ConnInfo{Parameters: map[string]string{"user": "_SYSTEM", "database": "USER"},
		Identity: wire.Identity{User: "_SYSTEM", Extra: extra}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close(context.Background()) })
	direct, err := dial(ctx, iris.Credentials{Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { direct.Close() })
	s := ws.(*Session)
	run(t, s, "CREATE TABLE copy_t (id integer, name varchar(12), amount numeric(10,2), ts timestamp)")
	return s, direct
}

// run executes statements that must succeed and returns their tags.
func run(t *testing.T, s *Session, sql string) []string {
	t.Helper()
	w := &copyWriter{}
	if err := s.SimpleQuery(context.Background(), sql, w); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return w.tags
}

// copyIn runs COPY … FROM STDIN with data and returns the tag or the error.
func copyIn(s *Session, sql string, data []byte) (string, error) {
	w := &copyWriter{in: bytes.NewReader(data)}
	err := s.SimpleQuery(context.Background(), sql, w)
	if len(w.tags) == 0 {
		return "", err
	}
	return w.tags[len(w.tags)-1], err
}

// textRowsData is n rows in COPY text format; row i (1-based, = its line) is
// "i, name-i, i.ii, a timestamp", with NULLs, an empty string and escapes mixed in.
func textRowsData(n int, edit func(line int, fields []string) []string) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		f := []string{fmt.Sprint(i), fmt.Sprintf("name-%d", i%10000), fmt.Sprintf("%d.%02d", i, i%100),
			fmt.Sprintf("2024-01-%02d %02d:%02d:%02d", 1+i%28, i%24, i%60, (i*7)%60)}
		switch i % 9 {
		case 4:
			f[1], f[2] = `\N`, `\N`
		case 5:
			f[1] = ""
		case 6:
			f[1] = `a\tb\\c`
		}
		if edit != nil {
			f = edit(i, f)
		}
		b.WriteString(strings.Join(f, "\t"))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func scalar(t *testing.T, c *iris.Conn, q string) any {
	t.Helper()
	rows, err := c.Query(context.Background(), q, nil)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s: no row (%v)", q, rows.Err())
	}
	v, err := rows.Value(0)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// every counts the lines 1..n whose number is r modulo 9 (textRowsData's NULL and
// empty-string rows).
func every(n, r int) int {
	k := 0
	for i := 1; i <= n; i++ {
		if i%9 == r {
			k++
		}
	}
	return k
}

func count(t *testing.T, c *iris.Conn) int64 {
	t.Helper()
	return scalar(t, c, "SELECT COUNT(*) FROM SQLUser.copy_t").(int64)
}

// TestCopyFromTextLoadsEveryRow: several batches (and a short last one) arrive whole,
// with the tag PostgreSQL gives and the values as sent.
func TestCopyFromTextLoadsEveryRow(t *testing.T) {
	s, direct := copySession(t)
	const n = 2*copyBatchRows + 345
	tag, err := copyIn(s, "COPY copy_t FROM STDIN", textRowsData(n, nil))
	if err != nil || tag != fmt.Sprintf("COPY %d", n) {
		t.Fatalf("tag %q, err %v", tag, err)
	}
	if got := count(t, direct); got != n {
		t.Fatalf("%d rows, want %d", got, n)
	}
	if got := fmt.Sprint(scalar(t, direct, "SELECT SUM(id) FROM SQLUser.copy_t")); got != fmt.Sprint(n*(n+1)/2) {
		t.Fatalf("sum of ids %s", got)
	}
	for _, c := range []struct{ q, want string }{
		{"SELECT name FROM SQLUser.copy_t WHERE id = 2001", "name-2001"},
		{"SELECT amount FROM SQLUser.copy_t WHERE id = 2001", "2001.01"},
		{"SELECT ts FROM SQLUser.copy_t WHERE id = 2001", "2024-01-14 09:21:27"},
		{"SELECT COUNT(*) FROM SQLUser.copy_t WHERE name IS NULL AND amount IS NULL", fmt.Sprint(every(n, 4))},
		{"SELECT COUNT(*) FROM SQLUser.copy_t WHERE name = ''", fmt.Sprint(every(n, 5))},
		{"SELECT name FROM SQLUser.copy_t WHERE id = 2004", "a\tb\\c"},
	} {
		if got := fmt.Sprint(scalar(t, direct, c.q)); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestCopyFromBinary: pgx's CopyFrom format (binary, no trailer) over several batches.
func TestCopyFromBinary(t *testing.T) {
	s, direct := copySession(t)
	m := pgtype.NewMap()
	var b []byte
	b = append(b, binaryCopySignature...)
	b = binary.BigEndian.AppendUint32(b, 0)
	b = binary.BigEndian.AppendUint32(b, 0)
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	const n = copyBatchRows + 500
	for i := 1; i <= n; i++ {
		b = binary.BigEndian.AppendUint16(b, 4)
		vals := []struct {
			oid uint32
			v   any
		}{{pgtype.Int4OID, int32(i)}, {pgtype.TextOID, fmt.Sprintf("bin-%d", i)},
			{pgtype.NumericOID, pgtype.Numeric{Int: big.NewInt(int64(i)*100 + 25), Exp: -2, Valid: true}},
			{pgtype.TimestampOID, base.Add(time.Duration(i) * time.Second)}}
		for _, v := range vals {
			if i == 7 && v.oid == pgtype.TextOID {
				b = binary.BigEndian.AppendUint32(b, 0xFFFFFFFF) // NULL
				continue
			}
			enc, err := m.Encode(v.oid, pgtype.BinaryFormatCode, v.v, nil)
			if err != nil {
				t.Fatal(err)
			}
			b = binary.BigEndian.AppendUint32(b, uint32(len(enc)))
			b = append(b, enc...)
		}
	}
	tag, err := copyIn(s, "COPY copy_t (id, name, amount, ts) FROM STDIN (FORMAT binary)", b)
	if err != nil || tag != fmt.Sprintf("COPY %d", n) {
		t.Fatalf("tag %q, err %v", tag, err)
	}
	if got := count(t, direct); got != n {
		t.Fatalf("%d rows, want %d", got, n)
	}
	for _, c := range []struct{ q, want string }{
		{"SELECT name FROM SQLUser.copy_t WHERE id = 1400", "bin-1400"},
		{"SELECT amount FROM SQLUser.copy_t WHERE id = 1400", "1400.25"},
		{"SELECT ts FROM SQLUser.copy_t WHERE id = 1400", "2024-03-01 12:23:20"},
		{"SELECT COUNT(*) FROM SQLUser.copy_t WHERE name IS NULL", "1"},
	} {
		if got := fmt.Sprint(scalar(t, direct, c.q)); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestCopyFromBadRowFailsWhole: a row that IRIS or the parser refuses, in a later
// batch, fails the COPY with PostgreSQL's SQLSTATE and the row's line, and leaves no
// row behind; the session is usable afterwards.
func TestCopyFromBadRowFailsWhole(t *testing.T) {
	s, direct := copySession(t)
	const n = 2*copyBatchRows + 345
	for _, c := range []struct {
		name  string
		line  int
		edit  func(f []string) []string
		state string
		where string // PostgreSQL's CONTEXT after "COPY copy_t, line n"
	}{
		// The SQLSTATE is the one the same row gets from INSERT (checked below).
		{"value too long for IRIS", 1800, func(f []string) []string { f[1] = "much-too-long-name"; return f }, "", `, column name: "much-too-long-name"`},
		{"not a number", 2300, func(f []string) []string { f[2] = "abc"; return f }, "22P02", `, column amount: "abc"`},
		{"missing column", 1200, func(f []string) []string { return f[:3] }, "22P04", ": \"1200\tname-1200\t1200.00\""},
		{"extra column", 2, func(f []string) []string { return append(f, "x") }, "22P04", ": \"2\tname-2\t2.02\t2024-01-03 02:02:14\tx\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := textRowsData(n, func(line int, f []string) []string {
				if line == c.line {
					return c.edit(f)
				}
				return f
			})
			tag, err := copyIn(s, "COPY copy_t FROM STDIN", data)
			var we *wire.Error
			if !errors.As(err, &we) || tag != "" {
				t.Fatalf("tag %q, err %v", tag, err)
			}
			state := c.state
			if state == "" {
				ierr := s.SimpleQuery(context.Background(), "INSERT INTO copy_t (id, name) VALUES (1, 'much-too-long-name')", &copyWriter{})
				var ie *wire.Error
				if !errors.As(ierr, &ie) {
					t.Fatalf("INSERT of the bad value: %v", ierr)
				}
				state = ie.Code
			}
			if we.Code != state || we.Where != fmt.Sprintf("COPY copy_t, line %d", c.line)+c.where {
				t.Fatalf("got %s %q (%s), want %s at line %d", we.Code, we.Message, we.Where, state, c.line)
			}
			if got := count(t, direct); got != 0 {
				t.Fatalf("a failed COPY left %d rows", got)
			}
			if tags := run(t, s, "SELECT 1"); len(tags) != 1 {
				t.Fatalf("session after the failed COPY: %v", tags)
			}
		})
	}
}

// TestCopyFromFirstBadRowWins: IRIS refuses a row of the first batch while a later
// batch has a row the parser refuses; as in PostgreSQL, the earlier row is reported.
func TestCopyFromFirstBadRowWins(t *testing.T) {
	s, direct := copySession(t)
	data := textRowsData(copyBatchRows+500, func(line int, f []string) []string {
		switch line {
		case 900:
			f[1] = "much-too-long-name"
		case copyBatchRows + 400:
			f[2] = "abc"
		}
		return f
	})
	_, err := copyIn(s, "COPY copy_t FROM STDIN", data)
	var we *wire.Error
	if !errors.As(err, &we) || !strings.HasPrefix(we.Where, "COPY copy_t, line 900,") || we.Code == "22P04" {
		t.Fatalf("want the error of line 900, got %v (%+v)", err, we)
	}
	if got := count(t, direct); got != 0 {
		t.Fatalf("a failed COPY left %d rows", got)
	}
}

// TestCopyFromFollowsTransaction: inside BEGIN the rows are the transaction's: rolled
// back with it, kept with COMMIT; a failed COPY aborts the transaction block.
func TestCopyFromFollowsTransaction(t *testing.T) {
	s, direct := copySession(t)
	const n = copyBatchRows + 10
	run(t, s, "BEGIN")
	if tag, err := copyIn(s, "COPY copy_t FROM STDIN", textRowsData(n, nil)); err != nil || tag != fmt.Sprintf("COPY %d", n) {
		t.Fatalf("tag %q, err %v", tag, err)
	}
	run(t, s, "ROLLBACK")
	if got := count(t, direct); got != 0 {
		t.Fatalf("%d rows after ROLLBACK", got)
	}

	run(t, s, "BEGIN")
	run(t, s, "INSERT INTO copy_t (id) VALUES (0)")
	if _, err := copyIn(s, "COPY copy_t FROM STDIN", textRowsData(n, nil)); err != nil {
		t.Fatal(err)
	}
	run(t, s, "COMMIT")
	if got := count(t, direct); got != n+1 {
		t.Fatalf("%d rows after COMMIT, want %d", got, n+1)
	}

	run(t, s, "BEGIN")
	bad := textRowsData(n, func(line int, f []string) []string {
		if line == n {
			f[1] = "much-too-long-name"
		}
		return f
	})
	if _, err := copyIn(s, "COPY copy_t FROM STDIN", bad); err == nil {
		t.Fatal("bad row accepted")
	}
	w := &copyWriter{}
	var we *wire.Error
	if err := s.SimpleQuery(context.Background(), "SELECT 1", w); !errors.As(err, &we) || we.Code != "25P02" {
		t.Fatalf("statement after a failed COPY in a transaction: %v", err)
	}
	run(t, s, "ROLLBACK")
	if got := count(t, direct); got != n+1 {
		t.Fatalf("%d rows after the failed COPY, want %d", got, n+1)
	}
}

// TestZonelessTimestampShortcut: the COPY shortcut for timestamps without a zone gives
// what normalizeTimestamp gives, and leaves everything with a zone to it.
func TestZonelessTimestampShortcut(t *testing.T) {
	for _, c := range []struct {
		v        string
		zoneless bool
	}{
		{"2024-01-02 01:01:07", true},
		{"2024-01-02T01:01:07", true},
		{"2024-01-02 01:01:07.123456", true},
		{"2024-02-30 25:61:61.5", true}, // not a time, but nothing for normalizeTimestamp to parse either
		{"2024-01-02 01:01:07Z", false},
		{"2024-01-02T01:01:07+02:00", false},
		{"2024-01-02 01:01:07.5-07", false},
		{"2024-01-02 01:01:07.", false},
		{"2024-01-02", false},
		{"2024-1-02 01:01:07", false},
		{"2024-01-02  01:01:07", false},
	} {
		if got := isZonelessTimestamp(c.v); got != c.zoneless {
			t.Errorf("isZonelessTimestamp(%q) = %v", c.v, got)
			continue
		}
		if c.zoneless {
			if got, want := strings.Replace(c.v, "T", " ", 1), normalizeTimestamp(c.v); got != want {
				t.Errorf("%q: shortcut %q, normalizeTimestamp %q", c.v, got, want)
			}
		}
	}
}
