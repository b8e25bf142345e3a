package wire

import (
	"context"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Session is one authenticated client session. The session layer implements
// it; wire calls it from the connection's single goroutine, so an
// implementation needs no locking for calls made through this interface.
//
// Byte slices handed to a Session (Bind parameters, COPY data) point into
// wire's read buffer and are valid only for the duration of the call; copy
// them to keep them.
type Session interface {
	// SimpleQuery runs the text of a Query message, which may hold several
	// statements, writing every result through w. It stops at the first
	// failing statement and returns its error; wire reports it and sends
	// ReadyForQuery. Query text that is empty or only whitespace never
	// reaches the session: wire answers it with EmptyQueryResponse.
	SimpleQuery(ctx context.Context, sql string, w ResultWriter) error

	// Prepare handles a Parse message. paramOIDs are the types the client
	// declared (0 = unspecified); the statement reports the resolved ones.
	Prepare(ctx context.Context, name, sql string, paramOIDs []uint32) (PreparedStatement, error)

	// TxStatus is the transaction status reported in ReadyForQuery:
	// 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
	TxStatus() byte

	// Close ends the session: roll back any open transaction and release
	// resources. It is called exactly once, also when the client vanished.
	Close(ctx context.Context) error
}

// Idler is implemented by a Session that wants to know when its client is idle: every
// request has been answered with ReadyForQuery and nothing more has arrived. wire calls
// Idle right before it waits for the client's next message. A transaction-pooling
// session gives its backend connection back there.
type Idler interface {
	Idle()
}

// ParameterReporter is implemented by a Session whose reported run-time parameters can
// change without a statement of their own: at the end of a transaction, SET LOCAL values
// revert and a rolled-back SET is undone. wire asks right before each ReadyForQuery and
// sends a ParameterStatus for each pair returned, as PostgreSQL does; nil when nothing
// changed (the common case, without allocating).
type ParameterReporter interface {
	PendingParameterStatus() [][2]string
}

// PreparedStatement is the result of a Parse message.
type PreparedStatement interface {
	// ParamOIDs are the parameter types, sent in ParameterDescription.
	ParamOIDs() []uint32
	// Columns describes the result rows; nil means the statement returns no
	// rows (NoData). Format codes are ignored: Describe of a statement
	// always reports text (0), as PostgreSQL does.
	Columns() []pgproto3.FieldDescription
	// Bind creates a portal. params[i] == nil is SQL NULL. paramFormats and
	// resultFormats are exactly as sent (0, 1 or n entries); wire has
	// already checked that len(params) matches ParamOIDs.
	Bind(ctx context.Context, params [][]byte, paramFormats []int16, resultFormats []int16) (Portal, error)
	// Close releases the statement (Close message, replacement of the
	// unnamed statement, or end of session).
	Close() error
}

// Portal is a bound statement ready to execute.
type Portal interface {
	// Columns describes the rows with the result formats applied; nil = NoData.
	Columns() []pgproto3.FieldDescription
	// Execute writes at most maxRows DataRows (0 = no limit) through w.
	// It returns suspended=true when rows remain (wire sends PortalSuspended
	// and a later Execute resumes), otherwise it has written CommandComplete
	// or EmptyQuery. RowDescription written during Execute is dropped: in
	// the extended protocol the client learns the columns through Describe.
	Execute(ctx context.Context, w ResultWriter, maxRows int) (suspended bool, err error)
	// Close releases the portal.
	Close() error
}

// CursorDescriber is implemented by sessions that keep SQL-level cursors (DECLARE): in
// PostgreSQL such a cursor is a portal too, and Describe of that portal names its columns
// (psycopg 3's server-side cursors ask that way).
type CursorDescriber interface {
	DescribeCursor(name string) ([]pgproto3.FieldDescription, bool)
}

// ResultWriter sends results to the client. Messages are buffered and
// flushed when the buffer grows large and at the end of each client
// request, so a large result is streamed, never held in memory. An error
// returned by a ResultWriter method means the client is gone; return it (or
// wrap it) and wire closes the connection.
type ResultWriter interface {
	RowDescription(fields []pgproto3.FieldDescription) error
	// DataRow sends one row; values[i] == nil is SQL NULL. values is not
	// retained.
	DataRow(values [][]byte) error
	// CommandComplete ends one statement's result, e.g. "SELECT 3", "INSERT 0 1".
	CommandComplete(tag string) error
	// EmptyQuery answers a statement that was empty (e.g. only ";" or a comment).
	EmptyQuery() error
	Notice(n *pgproto3.NoticeResponse) error
	// ParameterStatus reports a changed run-time parameter (after SET
	// application_name, SET TimeZone, ...), as PostgreSQL does for GUC_REPORT
	// settings.
	ParameterStatus(name, value string) error

	// CopyIn sends CopyInResponse (format 0 text, 1 binary) and returns a
	// reader over the client's CopyData payloads. The reader returns io.EOF
	// after CopyDone and an *Error (57014) after CopyFail. The session then
	// writes CommandComplete ("COPY n") or returns an error.
	CopyIn(format int8, columnFormats []int16) (CopyReader, error)
	// CopyOut sends CopyOutResponse and returns a writer whose every Write
	// becomes one CopyData message; Done sends CopyDone. The session then
	// writes CommandComplete.
	CopyOut(format int8, columnFormats []int16) (CopyWriter, error)
}

// CopyReader streams COPY FROM STDIN data. Read returns the concatenated
// CopyData payloads; message boundaries are not preserved (PostgreSQL does
// not require them to align with rows).
type CopyReader interface {
	io.Reader
}

// CopyWriter streams COPY TO STDOUT data.
type CopyWriter interface {
	// Write sends p as one CopyData message (one row, by convention).
	io.Writer
	// Done sends CopyDone.
	Done() error
}
