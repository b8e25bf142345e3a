package iris

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

var bg = context.Background()

func collect(t *testing.T, rows *Rows) [][]any {
	t.Helper()
	var out [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatalf("Values: %v", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("rows.Err: %v", err)
	}
	rows.Close()
	return out
}

func rowsOf(vals ...[]any) []byte {
	return list(func(w *ListWriter) {
		for _, row := range vals {
			for _, v := range row {
				if err := appendParam(w, v); err != nil {
					panic(err)
				}
			}
		}
	})
}

func TestFetchBatches(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}, testCol{"name", ODBCVarChar}))
		s.reply(0, rowsOf([]any{1, "a"}, []any{2, "b"}))
		s.expectExact(unhex(t, "00 00 00 00 03 00 00 00 00 00 00 00 46 44")) // FD: count 3, statement 0
		s.reply(0, rowsOf([]any{3, "c"}, []any{4, "d"}))
		h, _ := s.expect(OpFetchData)
		if h.Count != 4 || h.StatementID != 0 || h.Length != 0 {
			t.Errorf("second FD %s", h)
		}
		s.reply(100, rowsOf([]any{5, ""}))
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT id, name FROM t", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, rows)
	want := [][]any{{int64(1), "a"}, {int64(2), "b"}, {int64(3), "c"}, {int64(4), "d"}, {int64(5), ""}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i][0] != want[i][0] || got[i][1] != want[i][1] {
			t.Fatalf("row %d = %v want %v", i, got[i], want[i])
		}
	}
}

func TestEmptyFetchReplyEndsResult(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}))
		s.reply(0, rowsOf([]any{1}))
		s.expect(OpFetchData)
		s.reply(0, nil) // empty payload: done whatever the code (§4.5)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}))
		s.reply(100, nil)
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, _ := c.Query(bg, "SELECT id FROM t", nil)
	if n := len(collect(t, rows)); n != 1 {
		t.Fatalf("%d rows", n)
	}
	rows, err := c.Query(bg, "SELECT id FROM t", nil)
	if err != nil || len(collect(t, rows)) != 0 {
		t.Fatalf("second query: %v", err)
	}
}

// Fast select: rows are one sub-list item; columns pick items by slot (§4.4).
func TestFastSelectRows(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, list(func(w *ListWriter) {
			w.Int(1) // featureOption: fast select
			w.Int(3) // maxRowItemCount
			w.Int(3)
			writeColumn(w, testCol{"a", ODBCInteger}, 2)
			writeColumn(w, testCol{"b", ODBCVarChar}, 3)
			writeColumn(w, testCol{"c", ODBCDouble}, 1)
			w.Int(0)
			w.Int(1)
		}))
		s.reply(100, list(func(w *ListWriter) {
			m := w.BeginList() // slots: c, a, b
			w.Double(2.5)
			w.Int(10)
			w.String("x")
			w.EndList(m)
			w.Null() // zero-length row: all NULL
			m = w.BeginList()
			w.Double(-1)
			w.Int(11) // b missing: NULL
			w.EndList(m)
		}))
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT a, b, c FROM t", nil)
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, rows)
	if len(got) != 3 {
		t.Fatalf("rows %v", got)
	}
	if got[0][0] != int64(10) || got[0][1] != "x" || got[0][2] != 2.5 {
		t.Errorf("row 0 = %v", got[0])
	}
	if got[1][0] != nil || got[1][1] != nil || got[1][2] != nil {
		t.Errorf("row 1 = %v", got[1])
	}
	if got[2][0] != int64(11) || got[2][1] != nil || got[2][2] != -1.0 {
		t.Errorf("row 2 = %v", got[2])
	}
}

func TestSQLErrorThroughOE(t *testing.T) {
	const text = "[SQLCODE: <-30>:<Table or view not found>]\r\n[Location: <Prepare>]\r\n[%msg: < Table 'SQLUSER.X' not found>]"
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(-30, nil)
		s.expectExact(unhex(t, "03 00 00 00 03 00 00 00 00 00 00 00 4F 45 03 05 E2")) // OE −30, statement 0
		s.reply(0, list(func(w *ListWriter) { w.String(text) }))
		s.expect(OpDirectQuery) // the connection is still in step
		s.reply(0, metaReply(true, testCol{"one", ODBCInteger}))
		s.reply(100, rowsOf([]any{1}))
		s.expectClose()
	})
	c := connectTest(t, f)
	_, err := c.Query(bg, "SELECT * FROM x", nil)
	var se *SQLError
	if !errors.As(err, &se) || se.SQLCODE != -30 || se.Message != "Table or view not found" || se.Detail != "Table 'SQLUSER.X' not found" {
		t.Fatalf("err = %#v", err)
	}
	if c.Broken() || errors.Is(err, ErrBadConn) {
		t.Fatal("an SQL error must not break the connection")
	}
	if err := c.Ping(bg); err != nil {
		t.Fatal(err)
	}
}

func TestErrorInFetch(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}))
		s.reply(0, rowsOf([]any{1}))
		s.expect(OpFetchData)
		s.reply(-400, nil)
		_, p := s.expect(OpGetError)
		if !bytes.Equal(p, unhex(t, "04 05 70 FE")) {
			t.Errorf("OE payload % X", p)
		}
		s.reply(0, list(func(w *ListWriter) { w.String("[SQLCODE: <-400>:<Fatal error occurred>]") }))
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, _ := c.Query(bg, "SELECT id FROM t", nil)
	n := 0
	for rows.Next() {
		n++
	}
	var se *SQLError
	if n != 1 || !errors.As(rows.Err(), &se) || se.SQLCODE != -400 {
		t.Fatalf("n=%d err=%v", n, rows.Err())
	}
	rows.Close()
}

func TestValueDecoding(t *testing.T) {
	cols := []testCol{
		{"bit", ODBCBit}, {"num", ODBCNumeric}, {"dbl", ODBCDouble}, {"d1", 9}, {"d2", ODBCDateHorolog},
		{"t1", 10}, {"t2", ODBCTimeHorolog}, {"ts1", 11}, {"ts2", ODBCTimePosix}, {"ts3", ODBCTimePosix},
		{"bin", ODBCVarBinary}, {"w", -9}, {"nul", ODBCVarChar}, {"empty", ODBCVarChar}, {"big", ODBCBigInt},
	}
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, cols...))
		s.reply(100, list(func(w *ListWriter) {
			w.Int(1)
			w.Decimal("-12345.6700")
			w.Double(0.1)
			w.String("2024-05-17")
			w.Int(66977)
			w.String("10:20:30.5")
			w.Decimal("37230.25")
			w.String("2025-09-16 10:20:30.123456789")
			w.Int(1154679522636970432)
			w.Int(-6947328004811081856)
			w.Bytes([]byte{0, 1, 0xFF})
			w.String("тест")
			w.Null()
			w.Empty()
			w.Int(-1 << 40)
		}))
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT * FROM t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Columns()[3].ODBCType != ODBCDate || rows.Columns()[5].ODBCType != ODBCTime || rows.Columns()[7].ODBCType != ODBCTimestamp {
		t.Error("ODBC 9/10/11 not remapped to 91/92/93")
	}
	got := collect(t, rows)[0]
	want := []any{
		true, Decimal("-12345.6700"), 0.1, Date{2024, 5, 17}, Date{2024, 5, 17},
		NewTimeOfDay(10, 20, 30, 500000), NewTimeOfDay(10, 20, 30, 250000),
		time.Date(2025, 9, 16, 10, 20, 30, 123456000, time.UTC),
		time.Date(2025, 9, 16, 10, 20, 30, 123456000, time.UTC),
		time.Date(1025, 9, 16, 10, 20, 30, 0, time.UTC),
		[]byte{0, 1, 0xFF}, "тест", nil, "", int64(-1 << 40),
	}
	for i := range want {
		switch w := want[i].(type) {
		case []byte:
			if g, ok := got[i].([]byte); !ok || !bytes.Equal(g, w) {
				t.Errorf("%s = %#v want %#v", cols[i].name, got[i], w)
			}
		case time.Time:
			if g, ok := got[i].(time.Time); !ok || !g.Equal(w) || g.Location() != time.UTC {
				t.Errorf("%s = %v want %v", cols[i].name, got[i], w)
			}
		default:
			if got[i] != want[i] {
				t.Errorf("%s = %#v want %#v", cols[i].name, got[i], want[i])
			}
		}
	}
}

func TestStreamsReadLazilyWithJS(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"clob", ODBCLongVarChar}, testCol{"blob", ODBCLongVarBinary}, testCol{"gone", ODBCWLongVarChar}))
		s.reply(100, list(func(w *ListWriter) {
			w.String("1@%Stream.GlobalCharacter")
			w.String("2@%Stream.GlobalBinary")
			w.String("3@%Stream.GlobalCharacter")
		}))
		for i, body := range [][]byte{[]byte("h\xE9llo"), {0, 1, 2}} {
			h, p := s.expect(OpReadStream)
			if h.StatementID != uint32(1+i) {
				t.Errorf("JS statement id %d, want a new one", h.StatementID)
			}
			want := list(func(w *ListWriter) {
				w.String([]string{"1@%Stream.GlobalCharacter", "2@%Stream.GlobalBinary"}[i])
				w.Int(-1)
			})
			if !bytes.Equal(p, want) {
				t.Errorf("JS payload % X want % X", p, want)
			}
			s.reply(0, body) // raw bytes, not $LIST
		}
		s.expect(OpReadStream)
		s.reply(CodeStreamNotFound, nil)
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT clob, blob, gone FROM t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if h, _ := rows.Item(0).Text(); h != "1@%Stream.GlobalCharacter" {
		t.Fatalf("Item is the handle, got %q", h)
	}
	vals, err := rows.Values()
	if err != nil {
		t.Fatal(err)
	}
	if vals[0] != "héllo" || !bytes.Equal(vals[1].([]byte), []byte{0, 1, 2}) || vals[2] != nil {
		t.Fatalf("values %#v", vals)
	}
	rows.Close()
}

func TestCloseDrainsOpenCursor(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}))
		s.reply(0, rowsOf([]any{1}, []any{2}))
		s.expect(OpFetchData)
		s.reply(0, rowsOf([]any{3}))
		s.expect(OpFetchData)
		s.reply(100, rowsOf([]any{4}))
		s.expect(OpDirectQuery) // in step after Close
		s.reply(0, metaReply(true, testCol{"one", ODBCInteger}))
		s.reply(100, rowsOf([]any{1}))
		s.expectClose()
	})
	c := connectTest(t, f)
	rows, _ := c.Query(bg, "SELECT id FROM t", nil)
	rows.Next()
	rows.Close()
	if c.Broken() {
		t.Fatal("broken after drain")
	}
	if err := c.Ping(bg); err != nil {
		t.Fatal(err)
	}
}

func TestCloseAbandonsHugeResult(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(true, testCol{"id", ODBCInteger}))
		s.reply(0, rowsOf([]any{1}))
		for {
			h, _, err := ReadMessage(s.conn, nil)
			if err != nil || h.Code != OpFetchData {
				return
			}
			s.last = h
			s.reply(0, rowsOf([]any{2}))
		}
	})
	c := connectTest(t, f)
	rows, _ := c.Query(bg, "SELECT id FROM t", nil)
	rows.Close()
	if !c.Broken() {
		t.Fatal("connection should be dropped rather than drained forever")
	}
}

func TestBusyConnRejectsSecondQuery(t *testing.T) {
	f := startFake(t, serveSelectOne(nil))
	c := connectTest(t, f)
	rows, err := c.Query(bg, "SELECT 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(bg, "SELECT 1", nil); err == nil || c.Broken() {
		t.Fatalf("second query while Rows open: %v", err)
	}
	rows.Close()
	if err := c.Ping(bg); err != nil {
		t.Fatal(err)
	}
}

func TestParameterCountMismatch(t *testing.T) {
	f := startFake(t, serveSelectOne(nil))
	c := connectTest(t, f)
	if _, err := c.Query(bg, "SELECT ?, ?", []any{1}); err == nil || c.Broken() {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Query(bg, "SELECT ?", []any{struct{}{}}); err == nil || c.Broken() {
		t.Fatalf("unsupported type: %v", err)
	}
	if err := c.Ping(bg); err != nil { // counts must not have skipped
		t.Fatal(err)
	}
}
