package wire

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Severities used in ErrorResponse. FATAL closes the connection.
const (
	SeverityError = "ERROR"
	SeverityFatal = "FATAL"
)

// SQLSTATE codes wire itself produces.
const (
	CodeProtocolViolation       = "08P01"
	CodeFeatureNotSupported     = "0A000"
	CodeInvalidAuthorization    = "28000"
	CodeInvalidPassword         = "28P01"
	CodeTooManyConnections      = "53300"
	CodeProgramLimitExceeded    = "54000"
	CodeInvalidSQLStatementName = "26000"
	CodeInvalidCursorName       = "34000"
	CodeDuplicatePreparedStmt   = "42P05"
	CodeDuplicateCursor         = "42P03"
	CodeQueryCanceled           = "57014"
	CodeAdminShutdown           = "57P01"
	CodeInternalError           = "XX000"
)

// Error is an error the client sees as an ErrorResponse. Sessions return it
// (or any error with a SQLState() string method) to choose the SQLSTATE.
type Error struct {
	Severity       string // SeverityError when empty
	Code           string // SQLSTATE; XX000 when empty
	Message        string
	Detail         string
	Hint           string
	Position       int32 // 1-based character position in the query text; 0 = none
	Where          string
	SchemaName     string
	TableName      string
	ColumnName     string
	DataTypeName   string
	ConstraintName string
}

// Errorf returns an ERROR-severity *Error with the given SQLSTATE.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fatalf returns a FATAL-severity *Error: wire sends it and closes the connection.
func Fatalf(code, format string, args ...any) *Error {
	return &Error{Severity: SeverityFatal, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string {
	return e.severity() + ": " + e.Message + " (SQLSTATE " + e.SQLState() + ")"
}

// SQLState returns the SQLSTATE code.
func (e *Error) SQLState() string {
	if e.Code == "" {
		return CodeInternalError
	}
	return e.Code
}

func (e *Error) severity() string {
	if e.Severity == "" {
		return SeverityError
	}
	return e.Severity
}

func (e *Error) fatal() bool { return e.Severity == SeverityFatal || e.Severity == "PANIC" }

func (e *Error) response() pgproto3.ErrorResponse {
	sev := e.severity()
	return pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                e.SQLState(),
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            e.Position,
		Where:               e.Where,
		SchemaName:          e.SchemaName,
		TableName:           e.TableName,
		ColumnName:          e.ColumnName,
		DataTypeName:        e.DataTypeName,
		ConstraintName:      e.ConstraintName,
	}
}

// toWireError turns any error from a session into the *Error the client
// sees: an *Error as is, an error with SQLState() under that code with its
// text as message, anything else as XX000.
func toWireError(err error) *Error {
	var we *Error
	if errors.As(err, &we) {
		return we
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		return &Error{Code: coded.SQLState(), Message: err.Error()}
	}
	return &Error{Code: CodeInternalError, Message: err.Error()}
}

// clientGoneError marks a failed read or write on the client connection:
// nothing more can be sent, the connection is torn down.
type clientGoneError struct{ err error }

func (e *clientGoneError) Error() string { return "client connection: " + e.err.Error() }
func (e *clientGoneError) Unwrap() error { return e.err }

func isClientGone(err error) bool {
	var cg *clientGoneError
	return errors.As(err, &cg)
}
