package translate

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// PreparedCommand describes SQL-level PREPARE and EXECUTE. The session keeps the
// statements, as it keeps SQL-level cursors.
type PreparedCommand struct {
	Name string // the statement, folded as PostgreSQL folds it
	// PREPARE: the plan of the statement and the parameter types the PREPARE names
	// (0 where the name has no fixed OID, or past the list: IRIS describes those).
	Query     *Plan
	ParamOIDs []uint32
	// EXECUTE: the arguments as the text a client would bind; nil is NULL.
	Args [][]byte
}

func (t *translator) prepareStmt(p *pg_query.PrepareStmt) *Plan {
	// The statement's $n belong to it, not to the PREPARE, which a Bind gives none.
	outerMax, outerTypes := t.maxParam, t.paramTypes
	t.maxParam, t.paramTypes = 0, nil
	q := t.statement(p.Query)
	if q.NumParams < t.maxParam {
		q.NumParams = t.maxParam
	}
	oids := make([]uint32, max(len(p.Argtypes), q.NumParams))
	for i, at := range p.Argtypes {
		if tn, ok := at.Node.(*pg_query.Node_TypeName); ok {
			oids[i] = castOID(tn.TypeName)
		}
	}
	for i, oid := range t.paramTypes {
		if i < len(oids) && oids[i] == 0 {
			oids[i] = oid
		}
	}
	t.maxParam, t.paramTypes = outerMax, outerTypes
	switch q.Kind {
	case KindQuery, KindDML, KindCatalog, KindLocalQuery, KindRecursive:
	default: // SELECT … INTO, for one
		t.unsupported(-1, "PREPARE of this statement")
	}
	return &Plan{Kind: KindPrepare, Tag: "PREPARE", Prepared: &PreparedCommand{Name: p.Name, Query: q, ParamOIDs: oids}}
}

func (t *translator) executeStmt(x *pg_query.ExecuteStmt) *Plan {
	args := make([][]byte, len(x.Params))
	for i, a := range x.Params {
		if pr, ok := a.Node.(*pg_query.Node_ParamRef); ok {
			// PostgreSQL does not pass a Bind's parameters on to EXECUTE either.
			t.fail("42P02", pr.ParamRef.Location, "there is no parameter $%d", pr.ParamRef.Number)
		}
		v, ok := t.executeArg(a)
		if !ok {
			t.unsupported(nodeLocation(a), "EXECUTE with an argument that is not a constant")
		}
		args[i] = v
	}
	return &Plan{Kind: KindExecute, Prepared: &PreparedCommand{Name: x.Name, Args: args}}
}

// executeArg is the text of a constant argument of EXECUTE (a literal, a negative
// number, a literal with a cast), nil for NULL.
func (t *translator) executeArg(n *pg_query.Node) ([]byte, bool) {
	if tc, ok := n.Node.(*pg_query.Node_TypeCast); ok {
		n = tc.TypeCast.Arg
	}
	c, ok := n.Node.(*pg_query.Node_AConst)
	if !ok {
		return nil, false
	}
	t.readConst(c.AConst)
	if c.AConst.Isnull {
		return nil, true
	}
	switch v := c.AConst.Val.(type) {
	case *pg_query.A_Const_Ival:
		return strconv.AppendInt(nil, int64(v.Ival.Ival), 10), true
	case *pg_query.A_Const_Fval:
		return []byte(v.Fval.Fval), true
	case *pg_query.A_Const_Sval:
		return []byte(v.Sval.Sval), true
	case *pg_query.A_Const_Boolval:
		return strconv.AppendBool(nil, v.Boolval.Boolval), true
	case *pg_query.A_Const_Bsval:
		return nil, false
	}
	return nil, false
}
