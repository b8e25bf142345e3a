package session

import (
	"context"
	"strings"
	"time"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// ExecuteAhead is wire.Pipeliner: more Executes may follow before Sync, so the one about
// to run opens the implicit transaction they share, all or nothing, as PostgreSQL runs the
// statements between two Syncs (beginImplicitIfAhead, once the statement is known).
func (s *Session) ExecuteAhead() { s.moreBeforeSync = true }

// beginImplicitIfAhead opens the implicit transaction of a pipeline (ExecuteAhead) or of
// a multi-statement Query (ahead = more statements follow). Transaction control runs
// as it is: BEGIN opens its own block (with its options), and COMMIT, ROLLBACK and the
// savepoint commands answer outside a block exactly as they would inside an implicit one.
func (s *Session) beginImplicitIfAhead(ctx context.Context, kind translate.Kind) error {
	ahead := s.moreBeforeSync
	s.moreBeforeSync = false
	if !ahead || s.tx != txIdle || isTransactionControl(kind) {
		return nil
	}
	if err := s.begin(ctx, nil); err != nil {
		return s.fail(err)
	}
	s.implicitTx = true
	return nil
}

func isTransactionControl(k translate.Kind) bool {
	switch k {
	case translate.KindBegin, translate.KindCommit, translate.KindRollback,
		translate.KindSavepoint, translate.KindRollbackTo, translate.KindRelease:
		return true
	}
	return false
}

// Sync is wire.SyncHandler: it commits the pipeline's implicit transaction, or rolls it
// back after an error.
func (s *Session) Sync(ctx context.Context) error {
	return s.endImplicit(ctx)
}

func (s *Session) endImplicit(ctx context.Context) error {
	s.moreBeforeSync = false
	if !s.implicitTx {
		return nil
	}
	s.implicitTx = false
	switch s.tx {
	case txActive:
		return s.commit(ctx)
	case txFailed:
		return s.rollback(ctx)
	}
	return nil
}

// leaveImplicit lets COMMIT or ROLLBACK end an implicit transaction as they end a block,
// after PostgreSQL's warning that no transaction block is in progress.
func (s *Session) leaveImplicit(w wire.ResultWriter) error {
	if !s.implicitTx {
		return nil
	}
	s.implicitTx = false
	return s.notice(w, warning("25P01", "there is no transaction in progress"))
}

// runTxControl answers BEGIN, COMMIT and ROLLBACK with PostgreSQL's tags and warnings.
// Inside a pipeline's implicit transaction BEGIN makes it an explicit transaction block,
// and COMMIT or ROLLBACK end it with PostgreSQL's "no transaction in progress" warning.
func (s *Session) runTxControl(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	switch p.Kind {
	case translate.KindBegin:
		tag := p.Tag
		if tag == "" {
			tag = "BEGIN"
		}
		if s.implicitTx {
			if p.Tx != nil && p.Tx.Isolation != "" && !strings.EqualFold(p.Tx.Isolation, "read committed") {
				// The transaction has run statements already, as in PostgreSQL.
				return &wire.Error{Code: "25001", Message: "SET TRANSACTION ISOLATION LEVEL must be called before any query"}
			}
			s.implicitTx = false
			return w.CommandComplete(tag)
		}
		if s.tx != txIdle {
			if err := s.notice(w, warning("25001", "there is already a transaction in progress")); err != nil {
				return err
			}
			return w.CommandComplete(tag)
		}
		if err := s.begin(ctx, p); err != nil {
			return err
		}
		return w.CommandComplete(tag)
	case translate.KindCommit:
		if err := s.leaveImplicit(w); err != nil {
			return err
		}
		switch s.tx {
		case txIdle:
			if err := s.notice(w, warning("25P01", "there is no transaction in progress")); err != nil {
				return err
			}
			return w.CommandComplete("COMMIT")
		case txFailed:
			if err := s.rollback(ctx); err != nil {
				return err
			}
			return w.CommandComplete("ROLLBACK")
		}
		if err := s.commit(ctx); err != nil {
			return err
		}
		return w.CommandComplete("COMMIT")
	case translate.KindRollback:
		if err := s.leaveImplicit(w); err != nil {
			return err
		}
		if s.tx == txIdle {
			if err := s.notice(w, warning("25P01", "there is no transaction in progress")); err != nil {
				return err
			}
			return w.CommandComplete("ROLLBACK")
		}
		if err := s.rollback(ctx); err != nil {
			return err
		}
		return w.CommandComplete("ROLLBACK")
	}
	return nil
}

// begin opens an IRIS transaction (START TRANSACTION through DU; iris-protocol.md §6).
// p carries the translated statement with isolation options; nil means a plain one.
func (s *Session) begin(ctx context.Context, p *translate.Plan) error {
	sql := "START TRANSACTION"
	if p != nil && p.SQL != "" {
		sql = p.SQL
	}
	if p != nil {
		// A client's BEGIN: IRIS's transaction starts with the block's first statement
		// that uses IRIS (ensureConn). Transactions pgwired opens itself start now.
		s.txPending = sql
	} else if err := s.execInternal(ctx, sql); err != nil {
		return err
	}
	s.txReadOnly = p != nil && p.Tx != nil && p.Tx.ReadOnly
	if p != nil && p.Tx != nil && p.Tx.Isolation != "" && !strings.EqualFold(p.Tx.Isolation, "read committed") {
		// IRIS keeps the level for the process: this connection must not serve others.
		s.dirtyIsolation = true
	}
	s.tx = txActive
	s.savepoints = s.savepoints[:0]
	return nil
}

// commit ends the transaction with TC. A failed commit leaves nothing open: IRIS rolled
// back, and so does pgwired's view.
func (s *Session) commit(ctx context.Context) (err error) {
	defer func() { s.endTransaction(err == nil) }()
	if s.txPending != "" {
		return nil // nothing ran on IRIS
	}
	if s.conn == nil || s.conn.Broken() {
		s.cursorsAtRollback()
		return &wire.Error{Code: "08006", Message: "lost the connection to IRIS; the transaction was rolled back"}
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	if err := s.cursorsAtCommit(sctx); err != nil {
		// A WITH HOLD cursor could not be kept: the transaction fails, as in PostgreSQL.
		s.cursorsAtRollback()
		_ = s.conn.Rollback(sctx)
		return err
	}
	if err := s.conn.Commit(sctx); err != nil {
		return s.irisError(sctx, err)
	}
	return nil
}

// rollback ends the transaction with TR. On a lost connection there is nothing to roll
// back: IRIS already did.
func (s *Session) rollback(ctx context.Context) error {
	defer s.endTransaction(false)
	s.cursorsAtRollback()
	if s.txPending != "" {
		return nil // nothing ran on IRIS
	}
	if s.conn == nil || s.conn.Broken() {
		return nil
	}
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.conn.Rollback(rctx); err != nil {
		return s.irisError(rctx, err)
	}
	return nil
}

// rollbackQuietly undoes an implicit transaction after an error that is reported anyway.
func (s *Session) rollbackQuietly(ctx context.Context) {
	_ = s.rollback(ctx)
}

func (s *Session) endTransaction(committed bool) {
	if s.txDDL && !committed {
		s.invalidateCatalog()
	}
	s.txDDL = false
	s.tx = txIdle
	s.txPending = ""
	s.txReadOnly = false
	s.implicitTx = false
	s.savepoints = s.savepoints[:0]
	s.gucs.endTransaction(committed)
	s.seqTransactionEnded(committed)
}

// PendingParameterStatus is wire.ParameterReporter: the reported parameters that changed
// when a transaction ended (SET LOCAL reverted, SET rolled back).
func (s *Session) PendingParameterStatus() [][2]string {
	p := s.gucs.pending
	if p != nil {
		s.gucs.pending = nil
	}
	return p
}

func (s *Session) savepoint(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	if s.tx == txIdle || s.implicitTx {
		return &wire.Error{Code: "25P01", Message: "SAVEPOINT can only be used in transaction blocks"}
	}
	if err := s.execInternal(ctx, p.SQL); err != nil {
		return err
	}
	s.savepoints = append(s.savepoints, strings.ToLower(p.Savepoint))
	return w.CommandComplete("SAVEPOINT")
}

// findSavepoint returns the index of the newest savepoint with this name, or -1.
func (s *Session) findSavepoint(name string) int {
	name = strings.ToLower(name)
	for i := len(s.savepoints) - 1; i >= 0; i-- {
		if s.savepoints[i] == name {
			return i
		}
	}
	return -1
}

// rollbackTo checks the name before IRIS sees it: IRIS answers an unknown savepoint by
// rolling back the whole transaction (SQLCODE -375), PostgreSQL by an error that only
// aborts the transaction block, which ROLLBACK TO a valid savepoint can still repair.
func (s *Session) rollbackTo(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	if s.tx == txIdle || s.implicitTx {
		return &wire.Error{Code: "25P01", Message: "ROLLBACK TO SAVEPOINT can only be used in transaction blocks"}
	}
	i := s.findSavepoint(p.Savepoint)
	if i < 0 {
		return &wire.Error{Code: "3B001", Message: `savepoint "` + strings.ToLower(p.Savepoint) + `" does not exist`}
	}
	if err := s.execInternal(ctx, p.SQL); err != nil {
		return err
	}
	if s.txDDL {
		s.invalidateCatalog() // snapshots may show what was rolled back
	}
	s.savepoints = s.savepoints[:i+1]
	s.tx = txActive
	return w.CommandComplete("ROLLBACK")
}

// release forgets the savepoint and those after it. IRIS has no RELEASE SAVEPOINT; its
// savepoints simply stay until COMMIT, which commits them all, so nothing is sent.
func (s *Session) release(p *translate.Plan, w wire.ResultWriter) error {
	if s.tx == txIdle || s.implicitTx {
		return &wire.Error{Code: "25P01", Message: "RELEASE SAVEPOINT can only be used in transaction blocks"}
	}
	i := s.findSavepoint(p.Savepoint)
	if i < 0 {
		return &wire.Error{Code: "3B001", Message: `savepoint "` + strings.ToLower(p.Savepoint) + `" does not exist`}
	}
	s.savepoints = s.savepoints[:i]
	return w.CommandComplete("RELEASE")
}

// execInternal runs one IRIS statement whose result the client does not see.
func (s *Session) execInternal(ctx context.Context, sql string) error {
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	if _, err := s.conn.Exec(sctx, sql, nil); err != nil {
		return s.irisError(sctx, err)
	}
	return nil
}

// writeInReadOnly is PostgreSQL's 25006 for a statement that writes, in a READ ONLY
// transaction; nil otherwise. IRIS's own handling of READ ONLY is not relied on.
func (s *Session) writeInReadOnly(p *translate.Plan) error {
	verb := ""
	switch p.Kind {
	case translate.KindDML, translate.KindDDL, translate.KindCreateTableAs, translate.KindEnum:
		verb = p.Tag
		if verb == "TRUNCATE" {
			verb = "TRUNCATE TABLE"
		}
		if p.Kind == translate.KindCreateTableAs {
			verb = "CREATE TABLE AS"
		}
	case translate.KindCopy:
		if p.Copy != nil && p.Copy.From {
			verb = "COPY FROM"
		}
	}
	if verb == "" || !s.readOnly() { // the plan first: queries pay nothing
		return nil
	}
	return &wire.Error{Code: "25006", Message: "cannot execute " + verb + " in a read-only transaction"}
}

// asOneStatement runs fn as one statement: inside the open transaction, or (own) in one
// opened for it, committed after it and rolled back when it fails.
func (s *Session) asOneStatement(ctx context.Context, own bool, fn func() error) error {
	if own {
		if err := s.begin(ctx, nil); err != nil {
			return err
		}
	}
	if err := fn(); err != nil {
		if own {
			s.rollbackQuietly(ctx)
		}
		return err
	}
	if own {
		return s.commit(ctx)
	}
	return nil
}
