package translate

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// Error is a translation failure reported to the client as an ErrorResponse.
type Error struct {
	SQLState string // e.g. 42601 syntax error, 0A000 feature not supported
	Message  string
	Position int // 1-based character offset into the query text, 0 when unknown
	Detail   string
	Hint     string
}

func (e *Error) Error() string { return e.Message }

// Well-known SQLSTATEs used by the translator.
const (
	stateSyntax         = "42601"
	stateUnsupported    = "0A000"
	stateInvalidText    = "22P02"
	stateUndefinedParam = "42P02"
	stateNegativeLimit  = "2201W"
	stateNegativeOffset = "2201X"
)

// syntaxError converts a pg_query parse failure into PostgreSQL's own report.
func syntaxError(err error) *Error {
	out := &Error{SQLState: stateSyntax, Message: err.Error()}
	var perr *parser.Error
	if errors.As(err, &perr) {
		out.Position = perr.Cursorpos
	}
	return out
}

// bailout carries an *Error up through the recursive emitter; it is recovered at
// the statement boundary (translateStmt). Panicking keeps every emit function free
// of error plumbing; nothing else ever panics with this type.
type bailout struct{ err *Error }

// fail aborts the current statement with SQLSTATE state.
func (t *translator) fail(state string, loc int32, format string, args ...any) {
	panic(bailout{&Error{SQLState: state, Message: fmt.Sprintf(format, args...), Position: t.position(loc)}})
}

// unsupported aborts with 0A000 naming the construct.
func (t *translator) unsupported(loc int32, construct string) {
	t.fail(stateUnsupported, loc, "%s", unsupportedMessage(construct))
}

func unsupportedMessage(construct string) string {
	return construct + " is not supported by pgwired/IRIS"
}

// position converts a parser byte location into PostgreSQL's 1-based character offset.
func (t *translator) position(loc int32) int {
	if loc < 0 || int(loc) > len(t.src) {
		return 0
	}
	return utf8.RuneCountInString(t.src[:loc]) + 1
}
