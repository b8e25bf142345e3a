package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// lockShare is PostgreSQL's ShareLock (LockStmt.Mode, storage/lockdefs.h): it and the
// modes above it keep others from writing.
const lockShare = 5

// lockTable plans LOCK TABLE. IRIS's LOCK holds a table lock until UNLOCK or the end of
// the process; an UNLOCK without IMMEDIATE inside a transaction lets go when the
// transaction ends (IRIS SQL reference, LOCK and UNLOCK). So each table is locked and at
// once unlocked, deferred: held until COMMIT or ROLLBACK, as PostgreSQL holds it. Modes
// that keep others from writing (SHARE and stronger) become IRIS's EXCLUSIVE, which blocks
// other processes' INSERT, UPDATE, DELETE and locks (two SHARE locks in PostgreSQL do not
// conflict; here they wait for each other); weaker modes become SHARE, which keeps others
// from DDL. Neither blocks readers: ACCESS EXCLUSIVE does not keep others from reading.
// NOWAIT becomes WAIT 0. The session refuses LOCK outside a transaction block (25P01).
func (t *translator) lockTable(s *pg_query.LockStmt) *Plan {
	mode := "SHARE"
	if s.Mode >= lockShare {
		mode = "EXCLUSIVE"
	}
	p := &Plan{Kind: KindLockTable, Tag: "LOCK TABLE"}
	for _, r := range s.Relations {
		rv, ok := r.Node.(*pg_query.Node_RangeVar)
		if !ok {
			t.unsupported(-1, "LOCK of this object")
		}
		e := t.newEmitter()
		e.w("LOCK TABLE ")
		e.tableName(rv.RangeVar)
		e.w(" IN " + mode + " MODE")
		if s.Nowait {
			e.w(" WAIT 0")
		}
		p.Steps = append(p.Steps, e.step(StepExec))
		u := t.newEmitter()
		u.w("UNLOCK TABLE ")
		u.tableName(rv.RangeVar)
		u.w(" IN " + mode + " MODE")
		p.Steps = append(p.Steps, u.step(StepExec))
	}
	return p
}
