package iris

import (
	"context"
	"errors"
	"testing"
	"time"
)

// §2.1 and §2.4 byte for byte, then §4.4 "SELECT ?" with 42 (count 2, statement 0).
func TestLoginAndSelectParamGolden(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.expectExact(unhex(t, "02 00 00 00 00 00 00 00 00 00 00 00 48 53 45 00"))
		s.reply(0, handshakeReply())
		s.expectExact(unhex(t, `45 00 00 00 01 00 00 00 00 00 00 00 43 4E
			06 01 55 53 45 52  09 01 5D 7C BE FE 40 3F DF  05 01 9E FF DE  06 01 6A 64 6F 65
			0C 01 67 6F 2D 6D 61 63 68 69 6E 65  0F 01 6C 69 62 69 72 69 73 6E 61 74 69 76 65
			02 01  04 01 67 6F  02 01  03 04 01  02 04  03 04 25`))
		s.reply(0, loginReply(37))
		s.expectExact(unhex(t, `2D 00 00 00 02 00 00 00 00 00 00 00 44 51
			03 04 01  14 01 53 45 4C 45 43 54 20 20 3A 25 71 70 61 72 28 31 29 20
			03 04 01  03 04 63  03 04 04  03 04 01  03 04 01  03 04 2A  02 04  02 04`))
		s.reply(0, metaReply(true, testCol{"Expression_1", ODBCInteger}))
		s.reply(100, list(func(w *ListWriter) { w.Int(42) }))
		s.expectClose()
	})
	c := connectTest(t, f)
	info := c.ServerInfo()
	if info.JobID != "4242" || info.Features != 37 || info.ProtocolVersion != 69 || !info.Unicode ||
		info.Locale != "UNICODE" || info.Namespace != "USER" || info.User != "_SYSTEM" || info.InstallDir != "/usr/irissys" {
		t.Errorf("ServerInfo = %+v", info)
	}
	rows, err := c.Query(context.Background(), "SELECT ?", []any{42})
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for rows.Next() {
		v, err := rows.Value(0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(got) != 1 || got[0] != int64(42) {
		t.Fatalf("rows = %v", got)
	}
	if cols := rows.Columns(); len(cols) != 1 || cols[0].Name != "Expression_1" || cols[0].ODBCType != ODBCInteger {
		t.Fatalf("columns = %+v", cols)
	}
}

// The §4.4 "SELECT 1 AS one" reply, verbatim, at count 5 / statement 3.
func TestSelectOneAsOneReplyGolden(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		for i := 0; i < 3; i++ { // counts 2..4, statements 0..2
			s.expect(OpDirectQuery)
			s.reply(0, metaReply(true))
			s.reply(100, nil)
		}
		h, _ := s.expect(OpDirectQuery)
		if h.Count != 5 || h.StatementID != 3 {
			t.Errorf("fourth DQ: %s", h)
		}
		raw := unhex(t, `32 00 00 00 05 00 00 00 03 00 00 00 00 00
			02 04  03 04 01  05 01 6F 6E 65  03 04 04  03 04 0A  02 04  03 04 01
			05 01 6F 6E 65  02 01 02 01 02 01  0E 01 00 00 00 00 00 00 00 00 00 00 00 00  02 04  02 04
			03 00 00 00 05 00 00 00 03 00 00 00 64 00  03 04 01`)
		if _, err := s.conn.Write(raw); err != nil {
			t.Error(err)
		}
		s.expectClose()
	})
	c := connectTest(t, f)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		rows, err := c.Query(ctx, "SELECT 1 WHERE 1=0", nil)
		if err != nil {
			t.Fatal(err)
		}
		if rows.Next() {
			t.Fatal("unexpected row")
		}
		rows.Close()
	}
	rows, err := c.Query(ctx, "SELECT 1 AS one", nil)
	if err != nil {
		t.Fatal(err)
	}
	col := rows.Columns()[0]
	if col.Name != "one" || col.Label != "one" || col.ODBCType != ODBCInteger || col.Precision != 10 || col.Nullable != 1 {
		t.Errorf("column = %+v", col)
	}
	if !rows.Next() {
		t.Fatalf("no row: %v", rows.Err())
	}
	if v, err := rows.Value(0); err != nil || v != int64(1) {
		t.Fatalf("value = %v, %v", v, err)
	}
	if rows.Next() {
		t.Fatal("second row")
	}
	rows.Close()
}

func TestLogin417(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.expect(OpHandshake)
		s.reply(0, handshakeReply())
		s.expect(OpConnect)
		s.reply(CodeLoginFailed, list(func(w *ListWriter) { w.String("Access Denied") }))
	})
	_, err := Connect(context.Background(), testOptions(f.addr()))
	var le *LoginError
	if !errors.As(err, &le) || le.Message != "Access Denied" {
		t.Fatalf("err = %v", err)
	}
}

func TestConnectRequiresFields(t *testing.T) {
	if _, err := Connect(context.Background(), Options{Addr: "127.0.0.1:1"}); err == nil {
		t.Fatal("want error")
	}
}

// A context cancelled while the server is silent closes the connection.
func TestContextCancelClosesConn(t *testing.T) {
	release := make(chan struct{})
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		<-release // never answer
	})
	defer close(release)
	c := connectTest(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Query(ctx, "SELECT 1", nil)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrBadConn) {
		t.Fatalf("err = %v", err)
	}
	if !c.Broken() {
		t.Fatal("connection not marked broken")
	}
	if _, err := c.Query(context.Background(), "SELECT 1", nil); !errors.Is(err, ErrBadConn) {
		t.Fatalf("reuse after cancel: %v", err)
	}
}

func TestDeadlineClosesConn(t *testing.T) {
	release := make(chan struct{})
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		<-release
	})
	defer close(release)
	c := connectTest(t, f)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Query(ctx, "SELECT 1", nil)
	if !errors.Is(err, context.DeadlineExceeded) || !c.Broken() {
		t.Fatalf("err = %v broken=%v", err, c.Broken())
	}
}

func TestAlreadyCancelledContextKeepsConn(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expectClose()
	})
	c := connectTest(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Query(ctx, "SELECT 1", nil); !errors.Is(err, context.Canceled) || c.Broken() {
		t.Fatalf("err = %v broken = %v", err, c.Broken())
	}
}

func TestReplyCountMismatchBreaksConn(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.last.Count += 7
		s.reply(0, metaReply(true))
	})
	c := connectTest(t, f)
	_, err := c.Query(context.Background(), "SELECT 1", nil)
	if !errors.Is(err, ErrProtocol) || !errors.Is(err, ErrBadConn) || !c.Broken() {
		t.Fatalf("err = %v", err)
	}
}

func TestMalformedMetadataBreaksConn(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.login(37)
		s.expect(OpDirectQuery)
		s.reply(0, list(func(w *ListWriter) {
			w.Int(0)
			w.Int(5) // five columns announced, one sent
			writeColumn(w, testCol{"a", ODBCInteger}, 0)
		}))
	})
	c := connectTest(t, f)
	_, err := c.Query(bg, "SELECT 1", nil)
	if !errors.Is(err, ErrProtocol) || !errors.Is(err, ErrBadConn) || !c.Broken() {
		t.Fatalf("err = %v", err)
	}
}

// A server that grants no fast option sends no statement feature item (§10.4).
func TestNoFastSelectGranted(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.expect(OpHandshake)
		s.reply(0, append(handshakeReply(), 0x03, 0x04, 0x01)) // unknown trailing item: ignored (§10.8)
		s.expect(OpConnect)
		s.reply(0, list(func(w *ListWriter) { // only five items: no feature mask
			w.String("IRIS 2020.1")
			w.Int(1)
			w.Int(0)
			w.Int(1)
			w.String("77")
		}))
		s.expect(OpDirectQuery)
		s.reply(0, metaReply(false, testCol{"имя", ODBCVarChar}))
		s.reply(100, rowsOf([]any{"значение"}))
		s.expectClose()
	})
	c := connectTest(t, f)
	if info := c.ServerInfo(); info.Features != 0 || info.JobID != "77" || info.Version != "IRIS 2020.1" || info.IsolationLevel != 1 {
		t.Fatalf("info %+v", info)
	}
	rows, err := c.Query(bg, "SELECT name FROM t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows.Columns()[0].Name != "имя" {
		t.Fatalf("column %q", rows.Columns()[0].Name)
	}
	if got := collect(t, rows); len(got) != 1 || got[0][0] != "значение" {
		t.Fatalf("rows %v", got)
	}
}

func TestHandshakeRefused(t *testing.T) {
	f := startFake(t, func(s *serverConn) {
		s.expect(OpHandshake)
		s.reply(-1, nil)
	})
	_, err := Connect(bg, testOptions(f.addr()))
	var se *ServerError
	if !errors.As(err, &se) || se.Code != -1 || !errors.Is(err, ErrBadConn) {
		t.Fatalf("err = %v", err)
	}
}
