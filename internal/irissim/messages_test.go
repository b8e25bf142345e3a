package irissim

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

func TestQueryRoundTrip(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	rows, err := c.Query(ctx, "SELECT 1 AS one, 'x' AS s, 1.5 AS d, NULL AS n, '' AS e", nil)
	if err != nil {
		t.Fatal(err)
	}
	cols := rows.Columns()
	if len(cols) != 5 || cols[0].Name != "one" || cols[0].ODBCType != iris.ODBCInteger || cols[2].ODBCType != iris.ODBCNumeric || cols[1].ODBCType != iris.ODBCVarChar {
		t.Fatalf("columns = %+v", cols)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if it := rows.Item(3); !it.IsNull() {
		t.Fatalf("NULL item = %+v", it)
	}
	if it := rows.Item(4); it.IsNull() || string(it.Data) != "\x00" {
		t.Fatalf("'' item = %+v", it)
	}
	v, _ := rows.Values()
	if v[0] != int64(1) || v[1] != "x" || v[4] != "" {
		t.Fatalf("values = %#v", v)
	}
	rows.Close()

	if _, err := c.Exec(ctx, "CREATE TABLE People (ID BIGINT IDENTITY, Name VARCHAR(20) NOT NULL, Born DATE, Score NUMERIC(8,2), Ratio DOUBLE, Active BIT)", nil); err != nil {
		t.Fatal(err)
	}
	n, err := c.Exec(ctx, "INSERT INTO People (Name, Born, Score, Ratio, Active) VALUES (?, ?, ?, ?, ?)",
		[]any{"Alice", "1990-05-01", iris.Decimal("12.5"), 0.25, true})
	if err != nil || n != 1 {
		t.Fatalf("insert: %d %v", n, err)
	}
	id, err := c.LastIdentity(ctx)
	if err != nil || id != int64(1) {
		t.Fatalf("last identity = %v %v", id, err)
	}
	rows, err = c.Query(ctx, "SELECT ID, Name, Born, Score, Ratio, Active FROM people WHERE name = ?", []any{"alice"})
	if err != nil {
		t.Fatal(err)
	}
	cols = rows.Columns()
	want := []struct {
		name string
		typ  int
	}{{"ID", iris.ODBCBigInt}, {"Name", iris.ODBCVarChar}, {"Born", iris.ODBCDate}, {"Score", iris.ODBCNumeric}, {"Ratio", iris.ODBCDouble}, {"Active", iris.ODBCBit}}
	for i, w := range want {
		if cols[i].Name != w.name || cols[i].ODBCType != w.typ || cols[i].Table != "People" || cols[i].Schema != "SQLUser" {
			t.Fatalf("column %d = %+v, want %v", i, cols[i], w)
		}
	}
	if cols[1].Precision != 20 || cols[1].Nullable != 0 || cols[3].Precision != 8 || cols[3].Scale != 2 || !cols[0].Identity {
		t.Fatalf("column details = %+v", cols)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if it := rows.Item(3); it.Type != iris.TypePosDecimal {
		t.Fatalf("NUMERIC sent as type %d", it.Type)
	}
	// A canonical number, as IRIS keeps NUMERIC values: no trailing zeros (pgwired pads
	// to the column's scale).
	if s, _ := rows.Item(3).DecimalString(); s != "12.5" {
		t.Fatalf("NUMERIC = %q", s)
	}
	if it := rows.Item(4); it.Type != iris.TypeDouble || len(it.Data) != 8 {
		t.Fatalf("DOUBLE sent as %+v", it)
	}
	if s, _ := rows.Item(2).Text(); s != "1990-05-01" {
		t.Fatalf("DATE = %q", s)
	}
	rows.Close()
}

func TestSQLErrorsOverTheWire(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	_, err := c.Query(ctx, "SELECT * FROM X", nil)
	se := sqlCode(t, err)
	if se.SQLCODE != -30 || se.Raw != "[SQLCODE: <-30>:<Table or view not found>]\r\n[Location: <Prepare>]\r\n[%msg: < Table 'SQLUSER.X' not found>]" {
		t.Fatalf("error = %+v", se)
	}
	if _, err := c.Exec(ctx, "CREATE TABLE U (k VARCHAR(5) UNIQUE NOT NULL, v VARCHAR(3))", nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code int
		sql  string
	}{
		{-1, "SELEC 1"},
		{-25, "SELECT 1;"},
		{-1, "SELECT 1::int"},
		{-1, "INSERT INTO U (k) VALUES ('a') RETURNING k"},
		{-1, "INSERT INTO U (k) VALUES ('a'), ('b')"},
		{-108, "INSERT INTO U (v) VALUES ('a')"},
		{-104, "INSERT INTO U (k, v) VALUES ('a', 'long')"},
		{-1, "RELEASE SAVEPOINT s"},
	} {
		_, err := c.Exec(ctx, tc.sql, nil)
		if se := sqlCode(t, err); se.SQLCODE != tc.code {
			t.Fatalf("%s: SQLCODE %d (%s), want %d", tc.sql, se.SQLCODE, se.Raw, tc.code)
		}
	}
	if _, err := c.Exec(ctx, "INSERT INTO U (k) VALUES ('a')", nil); err != nil {
		t.Fatal(err)
	}
	_, err = c.Exec(ctx, "INSERT INTO U (k) VALUES ('A')", nil)
	if se := sqlCode(t, err); se.SQLCODE != -119 {
		t.Fatalf("unique: %+v", se)
	}
	// The connection is still usable after errors.
	if got := rowsOf(t, c, "SELECT COUNT(*) FROM U"); got[0][0] != int64(1) {
		t.Fatalf("count = %v", got)
	}
}

func TestFetchBatches(t *testing.T) {
	_, addr := startServer(t, Config{FetchBatchRows: 3})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE TABLE N (i INTEGER)", nil); err != nil {
		t.Fatal(err)
	}
	sets := make([][]any, 10)
	for i := range sets {
		sets[i] = []any{i}
	}
	counts, err := c.ExecBatch(ctx, "INSERT INTO N (i) VALUES (?)", sets)
	if err != nil || len(counts) != 10 || counts[9] != 1 {
		t.Fatalf("batch: %v %v", counts, err)
	}
	got := rowsOf(t, c, "SELECT i FROM N ORDER BY i")
	if len(got) != 10 || got[9][0] != int64(9) {
		t.Fatalf("rows = %v", got)
	}
	got = rowsOf(t, c, "SELECT i FROM N ORDER BY i DESC LIMIT 4 OFFSET 2")
	if len(got) != 4 || got[0][0] != int64(7) {
		t.Fatalf("limit/offset rows = %v", got)
	}
	n, err := c.Exec(ctx, "UPDATE N SET i = i + 100 WHERE i >= ?", []any{5})
	if err != nil || n != 5 {
		t.Fatalf("update = %d %v", n, err)
	}
}

func TestPreparedStatements(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE TABLE P (a INTEGER, b VARCHAR(10))", nil); err != nil {
		t.Fatal(err)
	}
	ins, err := c.Prepare(ctx, "INSERT INTO P (a, b) VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if n, err := ins.Exec(ctx, []any{i, "v"}); err != nil || n != 1 {
			t.Fatalf("PU: %d %v", n, err)
		}
	}
	sel, err := c.Prepare(ctx, "SELECT a, b, COUNT(*) AS n FROM P WHERE a >= ? GROUP BY a, b ORDER BY a")
	if err != nil {
		t.Fatal(err)
	}
	cols := sel.Columns()
	if len(cols) != 3 || cols[0].ODBCType != iris.ODBCInteger || cols[2].ODBCType != iris.ODBCBigInt || sel.NumParams() != 1 {
		t.Fatalf("PP columns = %+v", cols)
	}
	rows, err := sel.Query(ctx, []any{1})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for rows.Next() {
		v, _ := rows.Value(0)
		got = append(got, v.(int64))
	}
	rows.Close()
	if len(got) != 2 || got[0] != 1 {
		t.Fatalf("PQ rows = %v", got)
	}
}

// TestUnknownPreparedStatement sends PQ/PU for an id the server never saw.
func TestUnknownPreparedStatement(t *testing.T) {
	_, addr := startServer(t, Config{})
	nc := rawLogin(t, addr)
	for _, op := range [][2]byte{iris.OpPreparedQuery, iris.OpPreparedUpdate} {
		var mb iris.MessageBuffer
		mb.Start(iris.Header{Count: 7, StatementID: 99, Code: op})
		if op == iris.OpPreparedUpdate {
			mb.Int(-1)
			mb.Int(0)
		}
		mb.Int(1)
		mb.Int(0)
		if op == iris.OpPreparedQuery {
			mb.Int(0)
			mb.Int(0)
		}
		if err := mb.Send(nc); err != nil {
			t.Fatal(err)
		}
		h, _, err := iris.ReadMessage(nc, nil)
		if err != nil || h.ReturnCode() != iris.CodeStmtNotFound || h.Count != 7 || h.StatementID != 99 {
			t.Fatalf("reply %v %v", h, err)
		}
	}
	// FD with no open cursor: 100, empty.
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: 8, Code: iris.OpFetchData})
	mb.Send(nc)
	h, payload, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 100 || len(payload) != 0 {
		t.Fatalf("FD reply %v % x %v", h, payload, err)
	}
}

// rawDQ sends a DQ without parameters and returns the metadata reply header.
func rawDQ(t *testing.T, nc net.Conn, count uint32, sql string, timeout, maxRows int64) iris.Header {
	t.Helper()
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: count, StatementID: count, Code: iris.OpDirectQuery})
	mb.Int(1)
	mb.String(sql)
	mb.Int(0)       // paramInfo: none
	mb.Int(1)       // one parameter set
	mb.Int(0)       // no parameters
	mb.Int(timeout) // seconds
	mb.Int(maxRows)
	if err := mb.Send(nc); err != nil {
		t.Fatal(err)
	}
	h, _, err := iris.ReadMessage(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.Count != count || h.StatementID != count {
		t.Fatalf("reply header %v does not echo count/statement", h)
	}
	return h
}

func TestQueryTimeoutAndMaxRows(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	c.Exec(ctx, "CREATE TABLE Ten (d INTEGER)", nil)
	for i := 0; i < 10; i++ {
		c.Exec(ctx, "INSERT INTO Ten (d) VALUES (?)", []any{i})
	}
	nc := rawLogin(t, addr)
	start := time.Now()
	h := rawDQ(t, nc, 2, "SELECT COUNT(*) FROM Ten a, Ten b, Ten c, Ten d, Ten e, Ten f, Ten g, Ten h, Ten i", 1, 0)
	if h.ReturnCode() != -400 || time.Since(start) > 5*time.Second {
		t.Fatalf("timeout reply %v after %v", h, time.Since(start))
	}
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: 3, Code: iris.OpGetError})
	mb.Int(-400)
	mb.Send(nc)
	_, payload, _ := iris.ReadMessage(nc, nil)
	r := iris.NewListReader(payload)
	it, _ := r.Next()
	if txt, _ := it.Text(); !strings.Contains(txt, "timeout") {
		t.Fatalf("OE text = %q", txt)
	}
	// maxRows caps the result: two rows, code 100.
	if h := rawDQ(t, nc, 4, "SELECT d FROM Ten ORDER BY d", 0, 2); h.ReturnCode() != 0 {
		t.Fatalf("metadata code %d", h.ReturnCode())
	}
	h, payload, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 100 || string(payload) != "\x02\x04\x03\x04\x01" {
		t.Fatalf("data %v % x %v", h, payload, err)
	}
	// JS for an unknown stream handle: 403.
	mb.Start(iris.Header{Count: 5, StatementID: 5, Code: iris.OpReadStream})
	mb.String("999@%Stream.GlobalCharacter")
	mb.Int(-1)
	mb.Send(nc)
	if h, _, _ := iris.ReadMessage(nc, nil); h.ReturnCode() != iris.CodeStreamNotFound {
		t.Fatalf("JS unknown = %v", h)
	}
}

func TestPrepareDescribesParameters(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	c.Exec(ctx, "CREATE TABLE PT (a INTEGER, d DATE)", nil)
	st, err := c.Prepare(ctx, "INSERT INTO PT (a, d) VALUES (?, ?)")
	if err != nil {
		t.Fatal(err)
	}
	p := st.Params()
	if len(p) != 2 || p[0].ODBCType != iris.ODBCInteger || p[1].ODBCType != iris.ODBCDate {
		t.Fatalf("params = %+v", p)
	}
	if _, err := c.Prepare(ctx, "INSERT INTO Missing (a) VALUES (?)"); sqlCode(t, err).SQLCODE != -30 {
		t.Fatalf("PP of a missing table: %v", err)
	}
}

// TestSelectOneBytes checks the exact reply bytes of §4.4 for SELECT 1 AS one
// on a connection without fast select.
func TestSelectOneBytes(t *testing.T) {
	_, addr := startServer(t, Config{})
	nc := rawLogin(t, addr)
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: 5, StatementID: 3, Code: iris.OpDirectQuery})
	mb.Int(1)
	mb.String("SELECT 1 AS one")
	mb.Int(0)
	mb.Int(1)
	mb.Int(0)
	mb.Int(0)
	mb.Int(0)
	mb.Send(nc)
	h, meta, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 0 || h.Count != 5 || h.StatementID != 3 {
		t.Fatalf("metadata %v %v", h, err)
	}
	want := "\x03\x04\x01" + // 1 column
		"\x05\x01one" + "\x03\x04\x04" + "\x03\x04\x0a" + "\x02\x04" + "\x03\x04\x02" + // name, INTEGER, precision 10, scale 0, nullable unknown
		"\x05\x01one" + "\x02\x01\x02\x01\x02\x01" + // label; table, schema, catalog empty
		"\x0e\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00" + // flags: readOnly, expression
		"\x02\x04" + "\x03\x04\x01" // 0 parameters, addToCache
	if string(meta) != want {
		t.Fatalf("metadata\n got % x\nwant % x", meta, want)
	}
	h, data, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 100 || h.Count != 5 || h.StatementID != 3 || string(data) != "\x03\x04\x01" {
		t.Fatalf("data %v % x %v", h, data, err)
	}
}

func TestStreamStoreKeepsPreviousResultOnly(t *testing.T) {
	var s streamStore
	s.newResult(0)
	h0 := s.put(0, []byte("a"))
	s.newResult(1)
	h1 := s.put(1, []byte("b"))
	if _, ok := s.get(h0); !ok {
		t.Fatal("previous result's stream dropped too early")
	}
	s.newResult(1) // the same statement run again
	if _, ok := s.get(h0); ok {
		t.Fatal("stream of an older result kept")
	}
	if _, ok := s.get(h1); ok {
		t.Fatal("stream of an earlier run of the same statement kept")
	}
}

func rawDU(t *testing.T, nc net.Conn, count uint32, sql string) iris.Header {
	t.Helper()
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: count, StatementID: count, Code: iris.OpDirectUpdate})
	mb.Int(1)
	mb.String(sql)
	mb.Int(0)  // paramInfo
	mb.Int(-1) // autoGeneratedKeyColumn
	mb.Int(0)  // timeout
	mb.Int(1)
	mb.Int(0)
	mb.Send(nc)
	h, _, err := iris.ReadMessage(nc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestGeneratedKeys(t *testing.T) {
	_, addr := startServer(t, Config{})
	nc := rawLogin(t, addr)
	if h := rawDU(t, nc, 2, "CREATE TABLE G (ID BIGINT IDENTITY, v VARCHAR(3))"); h.ReturnCode() != 0 {
		t.Fatalf("create: %v", h)
	}
	rawDU(t, nc, 3, "INSERT INTO G (v) VALUES ('a')")
	rawDU(t, nc, 4, "INSERT INTO G (v) VALUES ('b')")
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: 5, StatementID: 4, Code: iris.OpGeneratedKeys})
	mb.Send(nc)
	h, payload, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 100 || h.StatementID != 4 {
		t.Fatalf("GG %v %v", h, err)
	}
	r := iris.NewListReader(payload)
	var items []iris.Item
	for r.More() {
		it, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	// count, 10 column items, then the key.
	if len(items) != 12 {
		t.Fatalf("GG items = %d", len(items))
	}
	if n, _ := items[0].Int(); n != 1 {
		t.Fatalf("GG column count %d", n)
	}
	if typ, _ := items[2].Int(); typ != iris.ODBCBigInt {
		t.Fatalf("GG key type %d", typ)
	}
	if v, _ := items[11].Int(); v != 2 {
		t.Fatalf("GG key = %d", v)
	}
}

func TestTypedValuesOverTheWire(t *testing.T) {
	_, addr := startServer(t, Config{})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	if _, err := c.Exec(ctx, "CREATE TABLE V (b VARBINARY(8), g UNIQUEIDENTIFIER, ts TIMESTAMP, px POSIXTIME, tm TIME, big BIGINT, tiny TINYINT, lb LONGVARBINARY)", nil); err != nil {
		t.Fatal(err)
	}
	raw := []byte{0xde, 0xad, 0x00, 0xef}
	_, err := c.Exec(ctx, "INSERT INTO V (b, g, ts, px, tm, big, tiny, lb) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		[]any{raw, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "2025-09-16 10:20:30.123456", "2025-09-16 10:20:30.123456", "23:59:58", int64(1) << 40, -5, []byte{1, 2, 0xff}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := c.Query(ctx, "SELECT b, g, ts, px, tm, big, tiny, lb FROM V", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := rows.Columns()
	wantTypes := []int{iris.ODBCVarBinary, iris.ODBCGUID, iris.ODBCTimestamp, iris.ODBCTimePosix, iris.ODBCTime, iris.ODBCBigInt, iris.ODBCTinyInt, iris.ODBCLongVarBinary}
	for i, w := range wantTypes {
		if cols[i].ODBCType != w {
			t.Fatalf("column %s type %d, want %d", cols[i].Name, cols[i].ODBCType, w)
		}
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if b := rows.Item(0).Bytes(); string(b) != string(raw) {
		t.Fatalf("VARBINARY = % x", b)
	}
	if px, _ := rows.Item(3).Int(); px != 1154679522636970432 {
		t.Fatalf("POSIXTIME wire value = %d", px) // iris-protocol.md §9 worked example
	}
	v, err := rows.Values()
	if err != nil {
		t.Fatal(err)
	}
	if v[1] != "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" || v[5] != int64(1)<<40 || v[6] != int64(-5) {
		t.Fatalf("values = %#v", v)
	}
	if ts, ok := v[2].(time.Time); !ok || ts.Format("2006-01-02 15:04:05.000000") != "2025-09-16 10:20:30.123456" {
		t.Fatalf("TIMESTAMP = %#v", v[2])
	}
	if lb, ok := v[7].([]byte); !ok || string(lb) != "\x01\x02\xff" {
		t.Fatalf("LONGVARBINARY = %#v", v[7])
	}
}
