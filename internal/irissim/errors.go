package irissim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// sqlError is an IRIS SQL error: a negative SQLCODE, the %msg detail, and the
// phase IRIS names in its "Location" line.
type sqlError struct {
	Code     int
	Msg      string
	Location string
	Raw      bool // Native API error: Text is Msg alone (an ObjectScript error)
}

func newSQLError(code int, msg string) *sqlError {
	return &sqlError{Code: code, Msg: msg}
}

func sqlErrorf(code int, format string, args ...any) *sqlError {
	return &sqlError{Code: code, Msg: fmt.Sprintf(format, args...)}
}

func (e *sqlError) Error() string { return e.Text() }

// Text renders the message the way IRIS answers OE:
// [SQLCODE: <-30>:<Table or view not found>]\r\n[Location: <Prepare>]\r\n[%msg: < Table 'SQLUSER.X' not found>]
func (e *sqlError) Text() string {
	if e.Raw {
		return e.Msg
	}
	loc := e.Location
	if loc == "" {
		loc = "Prepare"
	}
	var b strings.Builder
	b.WriteString("[SQLCODE: <")
	b.WriteString(strconv.Itoa(e.Code))
	b.WriteString(">:<")
	b.WriteString(sqlcodeText(e.Code))
	b.WriteString(">]\r\n[Location: <")
	b.WriteString(loc)
	b.WriteString(">]\r\n[%msg: < ")
	b.WriteString(e.Msg)
	b.WriteString(">]")
	return b.String()
}

// asSQLError converts any error into an sqlError; unknown errors become -400.
func asSQLError(err error) *sqlError {
	var se *sqlError
	if errors.As(err, &se) {
		return se
	}
	return newSQLError(-400, "Unexpected error occurred: "+err.Error())
}

// sqlcodeText is IRIS's short description of an SQLCODE (first bracket of the message).
func sqlcodeText(code int) string {
	switch code {
	case -1:
		return "Invalid SQL statement"
	case -2:
		return "Exponent digits missing after 'E'"
	case -3:
		return "Closing quote (\") missing"
	case -9:
		return "Incompatible SELECT lists used in UNION"
	case -12:
		return "A term expected, beginning with either of:  identifier, constant, aggregate, $$, (, :, +, -, %ALPHAUP, %EXACT, %MVR %SQLSTRING, %SQLUPPER, %STRING, %UPPER, or NOT"
	case -25:
		return "Input encountered after end of query"
	case -29:
		return "Field not found in the applicable tables"
	case -30:
		return "Table or view not found"
	case -37:
		return "SQL Scalar/Aggregate/Unary function not supported for Stream fields"
	case -104:
		return "Field validation failed in INSERT, or value failed to convert in DisplayToLogical or OdbcToLogical"
	case -105:
		return "Field validation failed in UPDATE"
	case -107:
		return "Cannot UPDATE RowID or RowID based on fields"
	case -108:
		return "Required field missing; INSERT or UPDATE not allowed"
	case -111:
		return "Cannot INSERT into a 'Default Only' RowID or RowID based on field"
	case -114:
		return "One or more matching rows is locked by another user"
	case -116:
		return "Cardinality mismatch between the SELECT-list and INTO-list"
	case -119:
		return "UNIQUE or PRIMARY KEY Constraint failed uniqueness check upon INSERT"
	case -120:
		return "UNIQUE or PRIMARY KEY Constraint failed uniqueness check upon UPDATE"
	case -121:
		return "FOREIGN KEY Constraint failed referential check upon INSERT of row in referencing table"
	case -122:
		return "FOREIGN KEY Constraint failed referential check upon UPDATE of row in referencing table"
	case -124:
		return "FOREIGN KEY Constraint failed referential check upon DELETE of row in referenced table"
	case -125:
		return "UNIQUE or PRIMARY KEY Constraint failed uniqueness check upon creation of the constraint"
	case -146:
		return "Unable to convert date input to a valid logical date value"
	case -147:
		return "Unable to convert time input to a valid logical time value"
	case -201:
		return "Table or view name not unique"
	case -257:
		return "Vector length mismatch"
	case -258:
		return "Vector function argument is not a numeric vector"
	case -301:
		return "Savepoint name missing or invalid"
	case -307:
		return "Primary key already defined for this table"
	case -308:
		return "Identity column already defined for this table"
	case -311:
		return "Constraint or Key name not unique"
	case -315:
		return "Constraint or Key not found"
	case -324:
		return "Index with this name already defined for this table"
	case -333:
		return "No such index defined"
	case -350:
		return "An unexpected error occurred executing SqlProcedure or SqlComputeCode"
	case -359:
		return "User defined SQL Function not found"
	case -375:
		return "Cannot ROLLBACK to unestablished savepoint"
	case -377:
		return "Field appears more than once in assignment list of insert or update statement"
	case -386:
		return "TOP and LIMIT/FETCH clauses cannot both be specified"
	case -400:
		return "Fatal error occurred"
	case -417:
		return "Security error"
	case -473:
		return "Schema not empty"
	case -476:
		return "Schema already exists"
	case -478:
		return "Schema not found"
	default:
		return "SQL error"
	}
}
