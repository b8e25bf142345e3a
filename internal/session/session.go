package session

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// txState is PostgreSQL's transaction state as ReadyForQuery reports it.
type txState byte

const (
	txIdle   txState = 'I'
	txActive txState = 'T'
	txFailed txState = 'E'
)

// Session is one client's session. wire calls it from one goroutine; only cancelRunning
// comes from elsewhere (a CancelRequest on another connection), hence runMu.
type Session struct {
	m    *Manager
	key  wire.BackendKey
	user string
	cred iris.Credentials
	conn *iris.Conn
	tx   txState
	// txPending is the START TRANSACTION of a client's BEGIN not sent to IRIS yet: the
	// block's first IRIS statement sends it (ensureConn), so a block that has not used
	// IRIS holds no IRIS transaction (sequences use the connection meanwhile).
	txPending string
	// txReadOnly: the open transaction block is READ ONLY (BEGIN READ ONLY, SET
	// TRANSACTION READ ONLY), where PostgreSQL refuses nextval and setval.
	txReadOnly bool
	// noZoneSnapshot: the catalog could not be read for markCatalogTypes; the session
	// does not try again before every query.
	noZoneSnapshot bool
	gucs           *gucState
	// implicitTx: the open transaction is the implicit one of an extended-protocol
	// pipeline (ExecuteAhead), ended at Sync (or by the end of a Query message).
	implicitTx bool
	// moreBeforeSync: wire said more statements may follow before Sync (ExecuteAhead).
	moreBeforeSync bool
	// savepoints is the stack of open savepoints in the current transaction; IRIS aborts the
	// whole transaction on ROLLBACK TO an unknown name, so pgwired checks names itself.
	savepoints []string
	// mathFuncs are the domain-restricted functions of the statement running
	// (Plan.MathFuncs): they decide the SQLSTATE of IRIS's <ILLEGAL VALUE>.
	mathFuncs translate.MathFuncs
	// running is the statement running and its parameters: a constraint error's DETAIL
	// shows the key values it gives (keydetail.go).
	running struct {
		original string
		params   []any
	}
	// txDDL: the open transaction ran DDL through pgwired (COMMENT, CHECK constraints:
	// rows of pgwired's tables), which catalog snapshots read since may show; a rollback
	// drops them.
	txDDL bool
	// dirtyIsolation records that SET TRANSACTION changed IRIS's per-process isolation, so
	// the connection is discarded rather than reused by another client.
	dirtyIsolation bool

	// irisVersion is IRIS's version text from the login, for version() when the session
	// holds no IRIS connection (transaction pooling between transactions).
	irisVersion string

	cachedUser            string // $USERNAME, asked once
	localAddr, remoteAddr net.Addr

	runMu     sync.Mutex
	runCancel context.CancelCauseFunc

	// cursors are the open DECLAREd cursors (cursor.go); held is the result still open on
	// the IRIS connection, of a cursor or a suspended portal (held.go).
	cursors map[string]*sqlCursor
	// temp holds the session's temporary tables (temptables.go); nil until it makes one.
	temp *tempTables
	// workSeq numbers the work tables of WITH RECURSIVE statements (recursive.go).
	workSeq int
	// sqlStatements are the statements prepared with SQL-level PREPARE (sqlprepare.go).
	sqlStatements map[string]*preparedStatement
	held          *heldRows
	// seq is the session's sequence state (sequences.go); nil until it uses one.
	seq *seqState

	rowBuf []byte   // reused for encoding one row
	rowVal [][]byte // reused DataRow value slices
}

func newSession(m *Manager, ci *wire.ConnInfo, conn *iris.Conn, cred iris.Credentials) *Session {
	initial := map[string]string{
		"application_name":      ci.Parameters["application_name"],
		"session_authorization": ci.User(),
		"server_version":        m.ServerVersion(ci.Identity.Extra),
	}
	if m.cfg.StatementTimeout > 0 {
		// Formatted as SHOW prints it in PostgreSQL ("500ms", "30s"), not as bare milliseconds.
		initial["statement_timeout"] = formatMillis(m.cfg.StatementTimeout.Milliseconds())
	}
	s := &Session{m: m, key: ci.Key, user: ci.User(), cred: cred, conn: conn, tx: txIdle, gucs: newGUCState(initial),
		localAddr: ci.LocalAddr, remoteAddr: ci.RemoteAddr}
	if conn != nil {
		s.irisVersion = conn.ServerInfo().Version
	}
	return s
}

// TxStatus is wire.Session.TxStatus.
func (s *Session) TxStatus() byte { return byte(s.tx) }

// Close is wire.Session.Close: roll back whatever is open and give the IRIS connection
// back to the pool only when it is known to be clean.
func (s *Session) Close(ctx context.Context) error {
	s.m.forget(s)
	s.closeAllCursors()
	if s.conn == nil && s.temp.anyTables() {
		_ = s.ensureConn(ctx) // the temporary tables are dropped on an IRIS connection
	}
	if s.conn == nil {
		return nil
	}
	conn := s.conn
	s.conn = nil
	if s.tx != txIdle {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := conn.Rollback(rctx)
		cancel()
		if err != nil {
			s.m.cfg.Pool.Discard(conn)
			return nil
		}
	}
	if err := s.dropTempTables(ctx, conn); err != nil {
		s.m.cfg.Logger.Warn("temporary tables of the session left in IRIS", "schema", s.temp.schema, "error", err)
	}
	if s.dirtyIsolation || conn.Broken() {
		s.m.cfg.Pool.Discard(conn)
		return nil
	}
	s.m.cfg.Pool.Release(conn)
	return nil
}

// Idle is wire.Idler: the client has its answer and nothing more of it is pending. Under
// transaction pooling the IRIS connection goes back to the pool between transactions
// (portals are gone by then: wire drops them when a transaction ends); the next statement
// takes one again (ensureConn). A session that changed IRIS's per-process isolation level
// (SET TRANSACTION / SET SESSION CHARACTERISTICS) keeps its connection, as in session
// pooling: handing the setting to other clients, or dropping it, would both be wrong.
func (s *Session) Idle() {
	if !s.m.cfg.TransactionPooling || s.tx != txIdle || s.conn == nil || s.dirtyIsolation {
		return
	}
	conn := s.conn
	s.conn = nil
	if conn.Broken() {
		s.m.cfg.Pool.Discard(conn)
		return
	}
	s.m.cfg.Pool.Release(conn)
}

// errCanceledByUser and errStatementTimeout are the causes a running statement's context
// carries, so that the client learns which of the two stopped it.
var (
	errCanceledByUser   = errors.New("canceling statement due to user request")
	errStatementTimeout = errors.New("canceling statement due to statement timeout")
)

// statementContext derives the context one statement runs under: cancellable by a
// CancelRequest and bounded by statement_timeout.
func (s *Session) statementContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	s.runMu.Lock()
	s.runCancel = cancel
	s.runMu.Unlock()
	var timer *time.Timer
	if d := s.statementTimeout(); d > 0 {
		timer = time.AfterFunc(d, func() { cancel(errStatementTimeout) })
	}
	return ctx, func() {
		if timer != nil {
			timer.Stop()
		}
		s.runMu.Lock()
		s.runCancel = nil
		s.runMu.Unlock()
		cancel(nil)
	}
}

func (s *Session) cancelRunning() {
	s.runMu.Lock()
	if s.runCancel != nil {
		s.runCancel(errCanceledByUser)
	}
	s.runMu.Unlock()
}

func (s *Session) statementTimeout() time.Duration {
	v, _ := s.gucs.get("statement_timeout")
	d, err := parseDurationGUC(v)
	if err != nil {
		return 0
	}
	return d
}

// ensureConn gives the session a live IRIS connection: under transaction pooling the
// first statement after an idle spell takes one from the pool, and a broken one (after a
// cancel, a timeout or an IRIS restart) is replaced by a fresh one for the same login. A
// transaction that was open on a broken connection is gone with it (IRIS rolls back when
// the connection drops), so inside a transaction block that is an error, never a silent
// switch to a connection without the transaction. A transaction block whose IRIS
// transaction has not started yet (txPending) starts it now.
func (s *Session) ensureConn(ctx context.Context) error {
	if err := s.connect(ctx); err != nil {
		return err
	}
	if s.txPending != "" {
		sql := s.txPending
		s.txPending = ""
		if _, err := s.conn.Exec(ctx, sql, nil); err != nil {
			return s.irisError(ctx, err)
		}
	}
	return nil
}

// connect is ensureConn without starting a pending transaction.
func (s *Session) connect(ctx context.Context) error {
	if s.held != nil {
		if err := s.keepHeldRows(ctx); err != nil {
			return err
		}
	}
	if s.conn != nil && !s.conn.Broken() {
		return nil
	}
	if s.conn != nil {
		s.m.cfg.Pool.Discard(s.conn)
		s.conn = nil
		if s.tx != txIdle && s.txPending == "" {
			s.tx = txFailed
			return &wire.Error{Code: "08006", Message: "lost the connection to IRIS; the transaction was rolled back"}
		}
	}
	conn, err := s.m.cfg.Pool.Acquire(ctx, s.cred)
	if err != nil {
		werr := backendError(err)
		werr.(*wire.Error).Severity = wire.SeverityError
		return werr
	}
	s.conn = conn
	return nil
}

// SimpleQuery is wire.Session.SimpleQuery. Several statements in one message run in an
// implicit transaction, as in PostgreSQL: all or nothing; BEGIN inside turns it into a
// transaction block, COMMIT or ROLLBACK inside end it (with a warning) and the statements
// after them start a new one. A Query inside an extended-protocol pipeline joins the
// pipeline's implicit transaction, which ends with the Query.
func (s *Session) SimpleQuery(ctx context.Context, sql string, w wire.ResultWriter) error {
	plans, err := s.translate(sql)
	if err != nil {
		err = s.fail(translateError(err))
		_ = s.endImplicit(ctx)
		return err
	}
	for i, p := range plans {
		// The last statement alone needs no transaction of its own: autocommit is the same.
		s.moreBeforeSync = i < len(plans)-1
		if err := s.beginImplicitIfAhead(ctx, p.Kind); err != nil {
			_ = s.endImplicit(ctx)
			return err
		}
		if err := s.runPlan(ctx, s.withColumnTypes(ctx, p), nil, nil, w); err != nil {
			err = locateUndefined(s.fail(err), sql, p.Original)
			_ = s.endImplicit(ctx) // rolls back
			return err
		}
	}
	if err := s.endImplicit(ctx); err != nil {
		return s.fail(err)
	}
	return nil
}

// fail records that a statement failed: inside a transaction block the transaction is now
// aborted (PostgreSQL's E state) until ROLLBACK.
func (s *Session) fail(err error) error {
	if s.tx == txActive {
		s.tx = txFailed
	}
	return toWireError(err)
}

// abortedError is what PostgreSQL answers in a failed transaction block.
var abortedError = &wire.Error{Code: "25P02", Message: "current transaction is aborted, commands ignored until end of transaction block"}

// rowDescription builds the RowDescription fields for IRIS columns, naming them as the
// plan says PostgreSQL would, else by IRIS's label folded to lower case.
func rowDescription(cols []iris.Column, names []translate.Column, formats []int16) []pgproto3.FieldDescription {
	all := cols
	if hidden := translate.HiddenColumns(names); hidden > 0 && hidden < len(cols) {
		cols = cols[:len(cols)-hidden] // the operands of quotients, not sent
	}
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, c := range cols {
		t := pgTypeForODBC(c.ODBCType, c.Precision, c.Scale)
		name := lowerASCII(c.Label)
		if name == "" {
			name = lowerASCII(c.Name)
		}
		if i < len(names) && names[i].Name != "" {
			name = names[i].Name
		}
		if i < len(names) && names[i].TypeOID != 0 && names[i].TypeOID != t.OID {
			t = pgType{OID: names[i].TypeOID, Size: typeSize(names[i].TypeOID), Typmod: -1}
		} else if i < len(names) && names[i].TypeOID == 0 {
			t = aggregateType(names[i].FromArg, t)
		}
		if i < len(names) && names[i].Quotient != nil {
			if _, ok := exactQuotient(all, names[i].Quotient); ok {
				t = pgType{oidNumeric, -1, -1}
			}
		}
		if i < len(names) && (names[i].Interval || names[i].Age != nil) {
			t = pgType{oidInterval, 16, -1}
		}
		if i < len(names) && names[i].ArrayAgg != nil {
			switch a := names[i].ArrayAgg; {
			case a.String:
				t = pgType{oidText, -1, -1}
			case a.Within != nil:
				t, _ = withinType(all, a) // 0: refused (unsupportedArrays)
			default:
				t = pgType{arrayAggType(all, a), -1, -1} // 0: refused (unsupportedArrays)
			}
		}
		fields[i] = pgproto3.FieldDescription{
			Name:         []byte(name),
			DataTypeOID:  t.OID,
			DataTypeSize: t.Size,
			TypeModifier: t.Typmod,
			Format:       formatFor(formats, i),
		}
	}
	return fields
}

// formatFor applies the Bind message's result-format rule: none = all text, one = all
// columns, else one per column.
func formatFor(formats []int16, i int) int16 {
	switch len(formats) {
	case 0:
		return 0
	case 1:
		return formats[0]
	}
	if i < len(formats) {
		return formats[i]
	}
	return 0
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
