package iris

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadConn marks errors after which the connection must not be used again:
// I/O failures, protocol violations, context cancellation mid-call. Test with
// errors.Is; Conn.Broken reports the same state.
var ErrBadConn = errors.New("iris: connection is broken")

// ErrProtocol marks replies that do not follow iris-protocol.md. It always comes
// with ErrBadConn, since the conversation is out of step.
var ErrProtocol = errors.New("iris: protocol violation")

// badConnError wraps the cause of a broken connection so that both
// errors.Is(err, ErrBadConn) and errors.Is(err, cause) hold.
type badConnError struct {
	op    string
	cause error
}

func (e *badConnError) Error() string {
	return "iris: " + e.op + ": " + e.cause.Error() + " (connection closed)"
}
func (e *badConnError) Unwrap() []error { return []error{ErrBadConn, e.cause} }

// SQLError is a server-side SQL error: the negative SQLCODE from the reply header
// plus the text fetched with OE (§5), e.g.
//
//	[SQLCODE: <-30>:<Table or view not found>]\r\n[Location: <Prepare>]\r\n[%msg: < Table 'SQLUSER.X' not found>]
//
// Unparseable text is kept in Raw and Message.
type SQLError struct {
	SQLCODE  int
	Message  string // "Table or view not found"
	Detail   string // the %msg part: "Table 'SQLUSER.X' not found"
	Location string // "Prepare"
	Raw      string // the full OE text
}

func (e *SQLError) Error() string {
	var b strings.Builder
	b.WriteString("IRIS SQLCODE ")
	b.WriteString(strconv.Itoa(e.SQLCODE))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// LoginError is the 417 reply to CN (§2.2): wrong credentials, unknown namespace,
// no privilege. Message is the server's reason.
type LoginError struct {
	Message string
}

func (e *LoginError) Error() string { return "iris: login failed: " + e.Message }

// ServerError is a non-SQL failure code (Native API calls, HS) with the text OE returned.
type ServerError struct {
	Code    int
	Message string
}

func (e *ServerError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("iris: server returned code %d", e.Code)
	}
	return fmt.Sprintf("iris: server returned code %d: %s", e.Code, e.Message)
}

// parseSQLError builds an SQLError from a header code and the OE text. The header
// code wins; the code inside the text is used when the header's sign was dropped
// (§10.1: S2 compares abs(code)) or the header carried none.
func parseSQLError(code int, text string) *SQLError {
	e := &SQLError{SQLCODE: code, Raw: text}
	codeText, rest, ok := field(text, "[SQLCODE: <")
	if ok {
		if n, err := strconv.Atoi(strings.TrimSpace(codeText)); err == nil && (code == 0 || n == -code || n == code) {
			e.SQLCODE = n
		}
		if msg, _, ok := field(rest, ":<"); ok && strings.HasPrefix(rest, ":<") {
			e.Message = strings.TrimSpace(msg)
		}
	}
	if loc, _, ok := field(text, "[Location: <"); ok {
		e.Location = strings.TrimSpace(loc)
	}
	if i := strings.Index(text, "[%msg: <"); i >= 0 {
		// %msg may itself contain '>' and ']' (e.g. "<LIST>"), so it runs to the last ">]".
		body := text[i+len("[%msg: <"):]
		if j := strings.LastIndex(body, ">]"); j >= 0 {
			body = body[:j]
		}
		e.Detail = strings.TrimSpace(body)
	}
	if e.Message == "" && e.Detail == "" {
		e.Message = strings.TrimSpace(text)
	}
	return e
}

// field returns the text between prefix and the next '>' and what follows that '>'.
func field(s, prefix string) (val, rest string, ok bool) {
	i := strings.Index(s, prefix)
	if i < 0 {
		return "", "", false
	}
	s = s[i+len(prefix):]
	j := strings.IndexByte(s, '>')
	if j < 0 {
		return "", "", false
	}
	return s[:j], s[j+1:], true
}
