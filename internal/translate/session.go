package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Transaction control and session commands.

func (t *translator) transaction(s *pg_query.TransactionStmt) *Plan {
	if s.Chain {
		t.unsupported(s.Location, "AND CHAIN")
	}
	switch s.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		tag := "BEGIN"
		if s.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START {
			tag = "START TRANSACTION"
		}
		tx := t.txOptions(s.Options, s.Location)
		return &Plan{Kind: KindBegin, Tag: tag, Tx: tx, SQL: "START TRANSACTION " + irisTxModes(tx)}
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		return &Plan{Kind: KindCommit, Tag: "COMMIT", SQL: "COMMIT"}
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return &Plan{Kind: KindRollback, Tag: "ROLLBACK", SQL: "ROLLBACK"}
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		e := t.newEmitter()
		e.w("SAVEPOINT ")
		e.ident(s.SavepointName)
		return &Plan{Kind: KindSavepoint, Tag: "SAVEPOINT", Savepoint: s.SavepointName, SQL: e.b.String()}
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		// IRIS has no RELEASE; the session emulates it ($TLEVEL stays raised until COMMIT).
		return &Plan{Kind: KindRelease, Tag: "RELEASE", Savepoint: s.SavepointName}
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		e := t.newEmitter()
		e.w("ROLLBACK TO SAVEPOINT ")
		e.ident(s.SavepointName)
		return &Plan{Kind: KindRollbackTo, Tag: "ROLLBACK", Savepoint: s.SavepointName, SQL: e.b.String()}
	}
	t.unsupported(s.Location, "two-phase commit")
	return nil
}

// txOptions reads BEGIN / SET TRANSACTION characteristics. IRIS offers READ
// UNCOMMITTED, READ COMMITTED and READ VERIFIED: PostgreSQL's READ UNCOMMITTED
// behaves as READ COMMITTED, so both map there; REPEATABLE READ and SERIALIZABLE
// have no IRIS equivalent and are refused rather than silently weakened.
func (t *translator) txOptions(opts []*pg_query.Node, loc int32) *TxOptions {
	tx := &TxOptions{}
	for _, o := range opts {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		switch d.Defname {
		case "transaction_isolation":
			level, _ := t.stringConst(d.Arg)
			switch level {
			case "read committed", "read uncommitted":
				tx.Isolation = level
			default:
				t.unsupported(d.Location, "isolation level "+strings.ToUpper(level))
			}
		case "transaction_read_only":
			if t.constBool(d.Arg) {
				tx.ReadOnly = true
			} else {
				tx.ReadWrite = true
			}
		case "transaction_deferrable":
			// Only meaningful for SERIALIZABLE READ ONLY, which is refused anyway.
			tx.Deferrable = t.constBool(d.Arg)
		default:
			t.unsupported(loc, "transaction option "+d.Defname)
		}
	}
	return tx
}

// irisTxModes renders transaction modes. READ COMMITTED is always explicit:
// IRIS defaults to READ UNCOMMITTED, PostgreSQL to READ COMMITTED.
func irisTxModes(tx *TxOptions) string {
	s := "ISOLATION LEVEL READ COMMITTED"
	if tx.ReadOnly {
		s += ", READ ONLY"
	}
	if tx.ReadWrite {
		s += ", READ WRITE"
	}
	return s
}

func (t *translator) constBool(n *pg_query.Node) bool {
	if n == nil {
		return false
	}
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		t.readConst(c.AConst)
		switch v := c.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			return v.Ival.Ival != 0
		case *pg_query.A_Const_Boolval:
			return v.Boolval.Boolval
		}
	}
	return false
}

func (t *translator) setStmt(s *pg_query.VariableSetStmt) *Plan {
	switch s.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		values := make([]string, 0, len(s.Args))
		for _, a := range s.Args {
			values = append(values, t.setValue(a))
		}
		return &Plan{Kind: KindSet, Tag: "SET", Set: &SetCommand{Name: strings.ToLower(s.Name), Values: values, Local: s.IsLocal}}
	case pg_query.VariableSetKind_VAR_SET_DEFAULT:
		return &Plan{Kind: KindSet, Tag: "SET", Set: &SetCommand{Name: strings.ToLower(s.Name), Default: true, Local: s.IsLocal}}
	case pg_query.VariableSetKind_VAR_RESET:
		return &Plan{Kind: KindReset, Tag: "RESET", Set: &SetCommand{Name: strings.ToLower(s.Name)}}
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		return &Plan{Kind: KindReset, Tag: "RESET", Set: &SetCommand{All: true}}
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		switch s.Name {
		case "TRANSACTION", "SESSION CHARACTERISTICS":
			// Forwarded: IRIS SET TRANSACTION sets the modes for the process, which
			// is the SESSION CHARACTERISTICS meaning; for SET TRANSACTION (this
			// transaction only) the session restores the default after it ends.
			tx := t.txOptions(s.Args, -1)
			return &Plan{Kind: KindSetTransaction, Tag: "SET", Tx: tx, SQL: "SET TRANSACTION " + irisTxModes(tx)}
		}
		t.unsupported(-1, "SET "+s.Name)
	}
	t.unsupported(-1, "SET … FROM CURRENT")
	return nil
}

func (t *translator) setValue(n *pg_query.Node) string {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		t.readConst(v.AConst)
		switch c := v.AConst.Val.(type) {
		case *pg_query.A_Const_Sval:
			return c.Sval.Sval
		case *pg_query.A_Const_Ival:
			return strconv.Itoa(int(c.Ival.Ival))
		case *pg_query.A_Const_Fval:
			return c.Fval.Fval
		case *pg_query.A_Const_Boolval:
			if c.Boolval.Boolval {
				return "on"
			}
			return "off"
		}
	}
	t.unsupported(nodeLocation(n), "this SET value")
	return ""
}

// showNames maps SHOW's multi-word forms to GUC names.
var showNames = map[string]string{
	"timezone": "timezone", "transaction_isolation": "transaction_isolation",
	"session_authorization": "session_authorization",
}

func (t *translator) showStmt(s *pg_query.VariableShowStmt) *Plan {
	name := strings.ToLower(s.Name)
	if name == "all" {
		return &Plan{Kind: KindShow, Tag: "SHOW", Set: &SetCommand{All: true},
			Columns: []Column{{Name: "name", TypeOID: oidText}, {Name: "setting", TypeOID: oidText}, {Name: "description", TypeOID: oidText}}}
	}
	if mapped, ok := showNames[name]; ok {
		name = mapped
	}
	return &Plan{Kind: KindShow, Tag: "SHOW", Set: &SetCommand{Name: name}, Columns: []Column{{Name: name, TypeOID: oidText}}}
}

func discardPlan(s *pg_query.DiscardStmt) *Plan {
	mode := map[pg_query.DiscardMode]string{
		pg_query.DiscardMode_DISCARD_ALL: "all", pg_query.DiscardMode_DISCARD_PLANS: "plans",
		pg_query.DiscardMode_DISCARD_SEQUENCES: "sequences", pg_query.DiscardMode_DISCARD_TEMP: "temp",
	}[s.Target]
	return &Plan{Kind: KindDiscard, Tag: "DISCARD " + strings.ToUpper(mode), Name: mode}
}

func deallocatePlan(s *pg_query.DeallocateStmt) *Plan {
	if s.Isall {
		return &Plan{Kind: KindDeallocate, Tag: "DEALLOCATE ALL"}
	}
	return &Plan{Kind: KindDeallocate, Tag: "DEALLOCATE", Name: s.Name}
}
