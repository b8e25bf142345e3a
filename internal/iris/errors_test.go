package iris

import (
	"errors"
	"io"
	"testing"
)

func TestParseSQLErrorTexts(t *testing.T) {
	cases := []struct {
		code                 int
		text                 string
		sqlcode              int
		message, loc, detail string
	}{
		{-30, "[SQLCODE: <-30>:<Table or view not found>]\r\n[Location: <Prepare>]\r\n[%msg: < Table 'SQLUSER.X' not found>]",
			-30, "Table or view not found", "Prepare", "Table 'SQLUSER.X' not found"},
		{-400, "[SQLCODE: <-400>:<Fatal error occurred>]\r\n[Location: <ServerLoop - Query Open()>]\r\n[%msg: <Unexpected error occurred: <LIST>...>]",
			-400, "Fatal error occurred", "ServerLoop - Query Open()", "Unexpected error occurred: <LIST>..."},
		{-1, "[SQLCODE: <-1>:<Invalid SQL statement>]\r\n[Location: <Prepare>]\r\n[%msg: < IDENTIFIER expected, : found ^UPDATE :%qpar>]",
			-1, "Invalid SQL statement", "Prepare", "IDENTIFIER expected, : found ^UPDATE :%qpar"},
		{-29, "[SQLCODE: <-29>:<Field not found in the applicable tables>] ...",
			-29, "Field not found in the applicable tables", "", ""},
		{30, "[SQLCODE: <-30>:<Table or view not found>]", -30, "Table or view not found", "", ""}, // abs() header, §10.1
		{-99, "something unexpected", -99, "something unexpected", "", ""},
	}
	for _, c := range cases {
		e := parseSQLError(c.code, c.text)
		if e.SQLCODE != c.sqlcode || e.Message != c.message || e.Location != c.loc || e.Detail != c.detail || e.Raw != c.text {
			t.Errorf("parse(%d, %q) = %+v", c.code, c.text, e)
		}
	}
	e := parseSQLError(-30, cases[0].text)
	if got := e.Error(); got != "IRIS SQLCODE -30: Table or view not found: Table 'SQLUSER.X' not found" {
		t.Errorf("Error() = %q", got)
	}
}

func TestBadConnErrorWrapsBoth(t *testing.T) {
	err := error(&badConnError{op: "read", cause: io.ErrUnexpectedEOF})
	if !errors.Is(err, ErrBadConn) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("%v does not match both", err)
	}
}
