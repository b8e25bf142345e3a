package wire

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Exact message sequences, driven with pgproto3.Frontend.

var (
	int4Col = &pgproto3.RowDescription{Fields: []pgproto3.FieldDescription{{Name: []byte("n"), DataTypeOID: oidInt4}}}
	rfqIdle = &pgproto3.ReadyForQuery{TxStatus: 'I'}
)

func row(vals ...string) *pgproto3.DataRow {
	r := &pgproto3.DataRow{}
	for _, v := range vals {
		r.Values = append(r.Values, []byte(v))
	}
	return r
}

func tag(s string) *pgproto3.CommandComplete { return &pgproto3.CommandComplete{CommandTag: []byte(s)} }

func TestLoginGreeting(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.ParameterStatus = func(*ConnInfo) map[string]string { return map[string]string{"TimeZone": "Europe/Paris"} }
	})
	rc := dialRaw(t, ts.addr)
	key, params := rc.login("alice")
	if key == nil || len(key.SecretKey) != 4 || key.ProcessID == 0 {
		t.Fatalf("BackendKeyData = %+v", key)
	}
	want := map[string]string{
		"application_name": "rawtest", "client_encoding": "UTF8", "server_encoding": "UTF8",
		"DateStyle": "ISO, MDY", "integer_datetimes": "on", "standard_conforming_strings": "on",
		"IntervalStyle": "postgres", "is_superuser": "off", "session_authorization": "alice",
		"server_version": DefaultServerVersion, "TimeZone": "Europe/Paris",
	}
	for k, v := range want {
		if params[k] != v {
			t.Errorf("ParameterStatus %s = %q, want %q", k, params[k], v)
		}
	}
}

func TestSimpleQueryMultipleStatements(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "series 2; insert; begin"})
	rc.expect(int4Col, row("1"), row("2"), tag("SELECT 2"), tag("INSERT 0 1"), tag("BEGIN"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	// An error stops the query; the transaction is now failed.
	rc.send(&pgproto3.Query{String: "fail 22012 division by zero; insert"})
	e := rc.expectError("ERROR", "22012")
	if e.Message != "division by zero" || e.Detail != "detail of 22012" || e.Hint != "hint of 22012" {
		t.Errorf("error fields = %+v", e)
	}
	rc.expect(&pgproto3.ReadyForQuery{TxStatus: 'E'})
	rc.send(&pgproto3.Query{String: "rollback"})
	rc.expect(tag("ROLLBACK"), rfqIdle)
}

func TestEmptyQuery(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: " \n\t"})
	rc.expect(&pgproto3.EmptyQueryResponse{}, rfqIdle)
	rc.send(&pgproto3.Query{String: ";"}) // the session's own empty statement
	rc.expect(&pgproto3.EmptyQueryResponse{}, rfqIdle)
	rc.send(&pgproto3.Parse{Query: "  "}, &pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	rc.expect(&pgproto3.ParseComplete{}, &pgproto3.BindComplete{}, &pgproto3.NoData{}, &pgproto3.EmptyQueryResponse{}, rfqIdle)
}

func TestNoticeAndParameterStatusDuringQuery(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "notice hello; set application_name app2"})
	rc.expect(&pgproto3.NoticeResponse{Code: "00000", Message: "hello"}, tag("DO"),
		&pgproto3.ParameterStatus{Name: "application_name", Value: "app2"}, tag("SET"), rfqIdle)
}

func TestExtendedPipeline(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	// Three statements, named and unnamed, in one round trip.
	rc.send(
		&pgproto3.Parse{Name: "s1", Query: "select $1"},
		&pgproto3.Parse{Query: "series 2"},
		&pgproto3.Describe{ObjectType: 'S', Name: "s1"},
		&pgproto3.Bind{PreparedStatement: "s1", Parameters: [][]byte{[]byte("hi")}},
		&pgproto3.Execute{},
		&pgproto3.Bind{DestinationPortal: "p2", ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P', Name: "p2"},
		&pgproto3.Execute{Portal: "p2"},
		&pgproto3.Parse{Query: "insert"},
		&pgproto3.Bind{},
		&pgproto3.Describe{ObjectType: 'P'},
		&pgproto3.Execute{},
		&pgproto3.Sync{},
	)
	rc.expect(
		&pgproto3.ParseComplete{}, &pgproto3.ParseComplete{},
		&pgproto3.ParameterDescription{ParameterOIDs: []uint32{oidText}},
		&pgproto3.RowDescription{Fields: []pgproto3.FieldDescription{{Name: []byte("?column?"), DataTypeOID: oidText}}},
		&pgproto3.BindComplete{}, row("hi"), tag("SELECT 1"),
		&pgproto3.BindComplete{},
		&pgproto3.RowDescription{Fields: []pgproto3.FieldDescription{{Name: []byte("n"), DataTypeOID: oidInt4, Format: 1}}},
		row("\x00\x00\x00\x01"), row("\x00\x00\x00\x02"), tag("SELECT 2"),
		&pgproto3.ParseComplete{}, &pgproto3.BindComplete{}, &pgproto3.NoData{}, tag("INSERT 0 1"),
		rfqIdle,
	)
	// The named statement outlives the Sync; Close of missing objects succeeds.
	rc.send(
		&pgproto3.Bind{PreparedStatement: "s1", Parameters: [][]byte{[]byte("again")}},
		&pgproto3.Execute{},
		&pgproto3.Close{ObjectType: 'S', Name: "s1"},
		&pgproto3.Close{ObjectType: 'S', Name: "s1"},
		&pgproto3.Close{ObjectType: 'P', Name: "nope"},
		&pgproto3.Sync{},
	)
	rc.expect(&pgproto3.BindComplete{}, row("again"), tag("SELECT 1"),
		&pgproto3.CloseComplete{}, &pgproto3.CloseComplete{}, &pgproto3.CloseComplete{}, rfqIdle)
	ts.be.mu.Lock()
	defer ts.be.mu.Unlock()
	if ts.be.syncs != 2 {
		t.Errorf("SyncHandler called %d times, want 2", ts.be.syncs)
	}
}

func TestDescribeStatementReportsTextFormat(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Parse{Name: "s", Query: "series 1"}, &pgproto3.Parse{Name: "i", Query: "insert"},
		&pgproto3.Describe{ObjectType: 'S', Name: "s"}, &pgproto3.Describe{ObjectType: 'S', Name: "i"}, &pgproto3.Sync{})
	rc.expect(&pgproto3.ParseComplete{}, &pgproto3.ParseComplete{},
		&pgproto3.ParameterDescription{}, int4Col,
		&pgproto3.ParameterDescription{}, &pgproto3.NoData{}, rfqIdle)
}

func TestExecuteRowLimitSuspendsPortal(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "begin"})
	rc.expect(tag("BEGIN"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	rc.send(&pgproto3.Parse{Query: "series 5"}, &pgproto3.Bind{DestinationPortal: "c"},
		&pgproto3.Execute{Portal: "c", MaxRows: 2}, &pgproto3.Execute{Portal: "c", MaxRows: 2}, &pgproto3.Sync{})
	rc.expect(&pgproto3.ParseComplete{}, &pgproto3.BindComplete{},
		row("1"), row("2"), &pgproto3.PortalSuspended{},
		row("3"), row("4"), &pgproto3.PortalSuspended{},
		&pgproto3.ReadyForQuery{TxStatus: 'T'})
	// Inside a transaction the portal survives Sync and resumes.
	rc.send(&pgproto3.Execute{Portal: "c"}, &pgproto3.Sync{})
	rc.expect(row("5"), tag("SELECT 5"), &pgproto3.ReadyForQuery{TxStatus: 'T'})
	// At transaction end portals are destroyed.
	rc.send(&pgproto3.Query{String: "commit"})
	rc.expect(tag("COMMIT"), rfqIdle)
	rc.send(&pgproto3.Execute{Portal: "c"}, &pgproto3.Sync{})
	if e := rc.expectError("ERROR", CodeInvalidCursorName); e.Message != `portal "c" does not exist` {
		t.Errorf("message = %q", e.Message)
	}
	rc.expect(rfqIdle)
}

func TestSkipToSyncAfterError(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(
		&pgproto3.Parse{Query: "insert"},
		&pgproto3.Bind{PreparedStatement: "missing"},
		// All of these must be ignored, including a simple Query.
		&pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Query{String: "insert"}, &pgproto3.Flush{},
		&pgproto3.Sync{},
		&pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{},
	)
	rc.expect(&pgproto3.ParseComplete{})
	if e := rc.expectError("ERROR", CodeInvalidSQLStatementName); e.Message != `prepared statement "missing" does not exist` {
		t.Errorf("message = %q", e.Message)
	}
	rc.expect(rfqIdle, &pgproto3.BindComplete{}, tag("INSERT 0 1"), rfqIdle)

	// An Execute-time error, then recovery on the same connection.
	rc.send(&pgproto3.Parse{Query: "fail 23505 duplicate key"}, &pgproto3.Bind{}, &pgproto3.Execute{},
		&pgproto3.Parse{Query: "insert"}, &pgproto3.Sync{})
	rc.expect(&pgproto3.ParseComplete{}, &pgproto3.BindComplete{})
	rc.expectError("ERROR", "23505")
	rc.expect(rfqIdle)
}

func TestExtendedProtocolErrors(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	cases := []struct {
		msgs []pgproto3.FrontendMessage
		code string
		msg  string
	}{
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "d", Query: "insert"}, &pgproto3.Parse{Name: "d", Query: "insert"}},
			CodeDuplicatePreparedStmt, `prepared statement "d" already exists`},
		{[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "d", Parameters: [][]byte{nil}}},
			CodeProtocolViolation, `bind message supplies 1 parameters, but prepared statement "d" requires 0`},
		{[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "d", ResultFormatCodes: []int16{7}}},
			"22023", "unsupported format code: 7"},
		{[]pgproto3.FrontendMessage{&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "d"}, &pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "d"}},
			CodeDuplicateCursor, `cursor "p" already exists`},
		{[]pgproto3.FrontendMessage{&pgproto3.Describe{ObjectType: 'S', Name: "zz"}},
			CodeInvalidSQLStatementName, `prepared statement "zz" does not exist`},
		{[]pgproto3.FrontendMessage{&pgproto3.Describe{ObjectType: 'P', Name: "zz"}},
			CodeInvalidCursorName, `portal "zz" does not exist`},
		{[]pgproto3.FrontendMessage{&pgproto3.Bind{}},
			CodeInvalidSQLStatementName, "unnamed prepared statement does not exist"},
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Query: "bogus"}},
			"42601", `syntax error at or near "bogus"`},
	}
	for _, tc := range cases {
		rc.send(append(tc.msgs, &pgproto3.Sync{})...)
		for range len(tc.msgs) - 1 {
			switch m := rc.receive().(type) {
			case *pgproto3.ParseComplete, *pgproto3.BindComplete:
			default:
				t.Fatalf("%s: unexpected %s", tc.code, describe(m))
			}
		}
		if e := rc.expectError("ERROR", tc.code); e.Message != tc.msg {
			t.Errorf("%s: message %q, want %q", tc.code, e.Message, tc.msg)
		}
		rc.expect(rfqIdle)
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "bogus"})
	m := rc.receive()
	e, ok := m.(*pgproto3.ErrorResponse)
	if !ok || e.Code != "42601" || e.Position != 1 {
		t.Fatalf("got %s position %v", describe(m), e)
	}
	rc.expect(rfqIdle)
}

func TestFunctionCallRefused(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.FunctionCall{Function: 1})
	rc.expectError("ERROR", CodeFeatureNotSupported)
	rc.expect(rfqIdle)
}

func TestCopyRaw(t *testing.T) {
	ts := startServer(t, nil)
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "copy out 2"})
	rc.expect(&pgproto3.CopyOutResponse{ColumnFormatCodes: []uint16{0}},
		&pgproto3.CopyData{Data: []byte("1\tline\n")}, &pgproto3.CopyData{Data: []byte("2\tline\n")},
		&pgproto3.CopyDone{}, tag("COPY 2"), rfqIdle)

	rc.send(&pgproto3.Query{String: "copy in"})
	rc.expect(&pgproto3.CopyInResponse{ColumnFormatCodes: []uint16{}})
	rc.send(&pgproto3.CopyData{Data: []byte("a\nb")}, &pgproto3.Flush{}, &pgproto3.CopyData{Data: []byte("\n")}, &pgproto3.CopyDone{})
	rc.expect(tag("COPY 2"), rfqIdle)

	// CopyFail aborts with 57014; trailing copy messages are dropped.
	rc.send(&pgproto3.Query{String: "copy in"})
	rc.expect(&pgproto3.CopyInResponse{ColumnFormatCodes: []uint16{}})
	rc.send(&pgproto3.CopyData{Data: []byte("x\n")}, &pgproto3.CopyFail{Message: "client gave up"})
	if e := rc.expectError("ERROR", CodeQueryCanceled); e.Message != "COPY from stdin failed: client gave up" {
		t.Errorf("message = %q", e.Message)
	}
	rc.expect(rfqIdle)
	rc.send(&pgproto3.CopyData{Data: []byte("late\n")}, &pgproto3.CopyDone{}, &pgproto3.Query{String: "insert"})
	rc.expect(tag("INSERT 0 1"), rfqIdle)

	// An unexpected message during COPY IN is a protocol violation.
	rc.send(&pgproto3.Query{String: "copy in"})
	rc.expect(&pgproto3.CopyInResponse{ColumnFormatCodes: []uint16{}})
	rc.send(&pgproto3.Query{String: "insert"})
	rc.expectError("ERROR", CodeProtocolViolation)
	rc.expect(rfqIdle)

	ts.be.mu.Lock()
	defer ts.be.mu.Unlock()
	if len(ts.be.copied) != 1 || ts.be.copied[0] != "a\nb\n" {
		t.Errorf("copied = %q", ts.be.copied)
	}
}

func TestSessionPanicIsConfined(t *testing.T) {
	ts := startServer(t, nil)
	other := dialRaw(t, ts.addr)
	other.login("bob")
	rc := dialRaw(t, ts.addr)
	rc.login("alice")
	rc.send(&pgproto3.Query{String: "panic"})
	rc.expectError("FATAL", CodeInternalError)
	rc.expectClosed()
	waitFor(t, func() bool { return len(ts.be.closedUsers()) == 1 })
	other.send(&pgproto3.Query{String: "insert"})
	other.expect(tag("INSERT 0 1"), rfqIdle)
}

func TestFatalSessionErrorClosesConnection(t *testing.T) {
	ts := startServer(t, nil)
	for _, extended := range []bool{false, true} {
		rc := dialRaw(t, ts.addr)
		rc.login("alice")
		if extended {
			rc.send(&pgproto3.Parse{Query: "fatal 57P02 crash shutdown"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
			rc.expect(&pgproto3.ParseComplete{}, &pgproto3.BindComplete{})
		} else {
			rc.send(&pgproto3.Query{String: "insert; fatal 57P02 crash shutdown"})
			rc.expect(tag("INSERT 0 1"))
		}
		if e := rc.expectError("FATAL", "57P02"); e.Message != "crash shutdown" {
			t.Errorf("message = %q", e.Message)
		}
		rc.expectClosed()
	}
}
