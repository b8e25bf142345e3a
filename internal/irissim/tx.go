package irissim

import (
	"context"
	"strings"
)

// transaction handles START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT,
// ROLLBACK TO SAVEPOINT and SET TRANSACTION with IRIS semantics.
func (s *session) transaction(ctx context.Context, toks []token) (*result, *sqlError) {
	var err *sqlError
	switch first := toks[0]; {
	case first.is("START"):
		if !toks[1].is("TRANSACTION") {
			return nil, errSyntax("TRANSACTION expected after START")
		}
		if err = checkTxModes(toks, 2); err == nil {
			err = s.begin(ctx)
		}
	case first.is("COMMIT"):
		if !endsAfterWork(toks, 1) {
			return nil, errSyntax("Unexpected " + toks[1].text + " after COMMIT")
		}
		err = s.commit(ctx)
	case first.is("ROLLBACK"):
		if toks[1].is("TO") {
			if !toks[2].is("SAVEPOINT") {
				return nil, errSyntax("ROLLBACK TO requires the word SAVEPOINT")
			}
			if !toks[3].isName() || toks[4].kind != tkEOF {
				return nil, newSQLError(-301, "Savepoint name missing or invalid")
			}
			err = s.rollbackTo(ctx, identName(toks[3]))
			break
		}
		if !endsAfterWork(toks, 1) {
			return nil, errSyntax("Unexpected " + toks[1].text + " after ROLLBACK")
		}
		err = s.rollbackAll(ctx)
	case first.is("SAVEPOINT"):
		if !toks[1].isName() || toks[2].kind != tkEOF || sqlKeywords[toks[1].up] {
			return nil, newSQLError(-301, "Savepoint name missing or invalid")
		}
		err = s.savepoint(ctx, identName(toks[1]))
	case first.is("SET"):
		if !toks[1].is("TRANSACTION") {
			return nil, errSyntax("SET " + toks[1].text + " is not supported")
		}
		if err = checkTxModes(toks, 2); err == nil {
			for k := 2; toks[k].kind != tkEOF; k++ {
				if toks[k].is("%COMMITMODE") {
					s.autoCommit = !toks[k+1].is("EXPLICIT")
				}
			}
		}
	case first.is("RELEASE"):
		return nil, errSyntax("RELEASE SAVEPOINT is not an IRIS SQL command")
	}
	if err != nil {
		return nil, err
	}
	return &result{}, nil
}

func endsAfterWork(toks []token, i int) bool {
	if toks[i].is("WORK") {
		i++
	}
	return toks[i].kind == tkEOF
}

// checkTxModes accepts the transaction modes IRIS knows: isolation levels
// READ UNCOMMITTED / READ COMMITTED / READ VERIFIED, READ ONLY / READ WRITE,
// %COMMITMODE IMPLICIT / EXPLICIT / NONE. The simulator always isolates as
// SQLite does (snapshot reads); see doc.go.
func checkTxModes(toks []token, i int) *sqlError {
	for toks[i].kind != tkEOF {
		switch {
		case toks[i].is("ISOLATION") && toks[i+1].is("LEVEL"):
			i += 2
			if !toks[i].is("READ") {
				return errSyntax("Isolation level " + toks[i].text + " is not supported by IRIS")
			}
			switch toks[i+1].up {
			case "UNCOMMITTED", "COMMITTED", "VERIFIED":
			default:
				return errSyntax("Isolation level READ " + toks[i+1].text + " is not supported by IRIS")
			}
			i += 2
		case toks[i].is("READ") && (toks[i+1].is("ONLY") || toks[i+1].is("WRITE")):
			i += 2
		case toks[i].is("%COMMITMODE"):
			switch toks[i+1].up {
			case "IMPLICIT", "EXPLICIT", "NONE":
			default:
				return errSyntax("Invalid %COMMITMODE " + toks[i+1].text)
			}
			i += 2
		case toks[i].op(","):
			i++
		default:
			return errSyntax("Unexpected " + toks[i].text + " in transaction mode")
		}
	}
	return nil
}

// begin opens a transaction; START inside a transaction is a silent no-op. Like IRIS's
// START TRANSACTION it takes no lock: the SQLite transaction, and with it the namespace's
// writer lock, starts at the transaction's first write (openTx). Reads before it see
// what is committed, as READ COMMITTED does. (Taking the writer lock at START would make
// a client's second connection wait for the first one's transaction, which IRIS's row
// locks do not: pgwired advances sequences on one while a transaction is open on the other.)
func (s *session) begin(ctx context.Context) *sqlError {
	if s.inTx {
		return nil
	}
	s.inTx, s.txOpen, s.txDDL, s.savepoints = true, false, false, s.savepoints[:0]
	return nil
}

// openTx starts the SQLite transaction of an IRIS transaction before its first write.
// The writer lock is held until COMMIT or ROLLBACK, as BEGIN IMMEDIATE holds SQLite's.
func (s *session) openTx(ctx context.Context) *sqlError {
	if !s.inTx || s.txOpen {
		return nil
	}
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		s.inTx = false
		s.unlockWriteIdle()
		s.inTx = true
		return mapSQLiteError(err, opSelect, nil)
	}
	s.txOpen = true
	return nil
}

// commit ends the transaction; COMMIT without one is a no-op (SQLCODE 0).
func (s *session) commit(ctx context.Context) *sqlError {
	if !s.inTx {
		return nil
	}
	if !s.txOpen {
		s.endTx(true)
		return nil
	}
	if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
		e := mapSQLiteError(err, opSelect, nil)
		e.Code = -400
		return e
	}
	s.endTx(true)
	return nil
}

// rollbackAll rolls back everything; ROLLBACK without a transaction is a no-op.
func (s *session) rollbackAll(ctx context.Context) *sqlError {
	if !s.inTx {
		return nil
	}
	if !s.txOpen {
		s.endTx(false)
		return nil
	}
	_, err := s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
	s.endTx(false)
	if err != nil && !strings.Contains(err.Error(), "no transaction is active") {
		return mapSQLiteError(err, opSelect, nil)
	}
	return nil
}

func (s *session) endTx(committed bool) {
	if s.txDDL {
		s.ns.gen.Add(1)
		s.cat = nil
	}
	s.inTx, s.txOpen, s.txDDL, s.savepoints = false, false, false, s.savepoints[:0]
	s.unlockWriteIdle()
}

// savepoint marks a savepoint; outside a transaction it starts one, as IRIS does.
func (s *session) savepoint(ctx context.Context, name string) *sqlError {
	if strings.HasPrefix(upperIdent(name), "SYS") {
		return newSQLError(-302, "Savepoint name cannot begin with 'SYS'")
	}
	if len(s.savepoints) >= 255 {
		return newSQLError(-400, "<TRANSACTION LEVEL> too many savepoints")
	}
	if err := s.begin(ctx); err != nil {
		return err
	}
	if err := s.openTx(ctx); err != nil {
		return err
	}
	if _, err := s.conn.ExecContext(ctx, "SAVEPOINT "+quoteIdent("sp:"+upperIdent(name))); err != nil {
		return mapSQLiteError(err, opSelect, nil)
	}
	s.savepoints = append(s.savepoints, upperIdent(name))
	return nil
}

// rollbackTo undoes work after a savepoint and removes it (and later ones).
// An unknown savepoint rolls back the whole transaction and fails with -375.
func (s *session) rollbackTo(ctx context.Context, name string) *sqlError {
	up := upperIdent(name)
	idx := -1
	for k := len(s.savepoints) - 1; k >= 0; k-- {
		if s.savepoints[k] == up {
			idx = k
			break
		}
	}
	if idx < 0 {
		s.rollbackAll(ctx)
		return sqlErrorf(-375, "Cannot ROLLBACK to unestablished savepoint '%s'", name)
	}
	sp := quoteIdent("sp:" + up)
	if _, err := s.conn.ExecContext(ctx, "ROLLBACK TO "+sp); err != nil {
		return mapSQLiteError(err, opSelect, nil)
	}
	if _, err := s.conn.ExecContext(ctx, "RELEASE "+sp); err != nil {
		return mapSQLiteError(err, opSelect, nil)
	}
	s.savepoints = s.savepoints[:idx]
	if s.txDDL {
		s.cat = nil // the catalog may have lost DDL done after the savepoint
	}
	return nil
}
