package catalog

import "fmt"

// Error is a PostgreSQL error raised while evaluating a catalog query.
type Error struct {
	Code    string // SQLSTATE
	Message string
}

func (e *Error) Error() string { return e.Message }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrMixed is returned for queries that join catalog relations with user tables:
// those live in IRIS, the catalogs in pgwired, and nothing can join across the two.
func errMixed(name string) *Error {
	return errorf("0A000", "relation %q is not a catalog relation: pgwired cannot join pg_catalog or information_schema with IRIS tables in one query", name)
}
