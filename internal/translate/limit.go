package translate

import (
	"math"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// limitPlan is how LIMIT/OFFSET end up in IRIS SQL.
type limitPlan struct {
	topConst  string // "TOP n"
	topParam  *pg_query.ParamRef
	count     *pg_query.Node // trailing LIMIT value (const or param to splice)
	offset    *pg_query.Node // trailing OFFSET value (const or param to splice)
	hasLimit  bool
	hasOffset bool
}

func (e *emitter) planLimit(s *pg_query.SelectStmt, nested bool) limitPlan {
	var lp limitPlan
	if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		e.unsupported(-1, "FETCH … WITH TIES")
	}
	count := e.limitValue(s.LimitCount, "LIMIT", stateNegativeLimit)
	offset := e.limitValue(s.LimitOffset, "OFFSET", stateNegativeOffset)
	if offset != nil {
		if c, ok := offset.Node.(*pg_query.Node_AConst); ok && e.constInt(c.AConst) == 0 {
			offset = nil
		}
	}
	if nested {
		if offset != nil {
			e.unsupported(nodeLocation(offset), "OFFSET in a subquery")
		}
		if count != nil {
			lp.setTop(e.translator, count)
		}
		return lp
	}
	if count != nil && offset == nil {
		if _, isParam := count.Node.(*pg_query.Node_ParamRef); isParam {
			// IRIS documents TOP ? but not LIMIT ?.
			lp.setTop(e.translator, count)
			return lp
		}
	}
	lp.count, lp.offset = count, offset
	lp.hasLimit, lp.hasOffset = count != nil, offset != nil
	return lp
}

func (lp *limitPlan) setTop(t *translator, n *pg_query.Node) {
	if p, ok := n.Node.(*pg_query.Node_ParamRef); ok {
		lp.topParam = p.ParamRef
		return
	}
	lp.topConst = t.constText(n)
}

// limitValue validates a LIMIT/OFFSET expression: an integer constant or a
// parameter; NULL and ALL mean no limit (nil).
func (e *emitter) limitValue(n *pg_query.Node, clause, negState string) *pg_query.Node {
	if n == nil {
		return nil
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		if v.AConst.Isnull {
			return nil
		}
		e.readConst(v.AConst)
		switch val := v.AConst.Val.(type) {
		case *pg_query.A_Const_Ival:
			if val.Ival.Ival < 0 {
				e.fail(negState, -1, "%s must not be negative", clause) // PostgreSQL: at run time, no position
			}
			return n
		case *pg_query.A_Const_Fval:
			f, err := strconv.ParseFloat(val.Fval.Fval, 64)
			if err != nil || math.Abs(f) >= 1<<62 {
				e.unsupported(v.AConst.Location, clause+" beyond the bigint range")
			}
			if f < 0 {
				e.fail(negState, -1, "%s must not be negative", clause) // PostgreSQL: at run time, no position
			}
			return n
		case *pg_query.A_Const_Sval:
			// LIMIT '2' (pgx's simple protocol writes parameters so): PostgreSQL reads
			// the literal as a bigint.
			k, err := strconv.ParseInt(strings.TrimSpace(val.Sval.Sval), 10, 64)
			if err != nil {
				e.fail(stateInvalidText, v.AConst.Location, "invalid input syntax for type bigint: %q", val.Sval.Sval)
			}
			if k < 0 {
				e.fail(negState, -1, "%s must not be negative", clause)
			}
			return n
		}
	case *pg_query.Node_ParamRef:
		return n
	}
	e.unsupported(nodeLocation(n), clause+" with an expression")
	return nil
}

func (t *translator) constInt(c *pg_query.A_Const) int {
	t.readConst(c)
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return int(v.Ival.Ival)
	case *pg_query.A_Const_Sval:
		if k, err := strconv.Atoi(strings.TrimSpace(v.Sval.Sval)); err == nil {
			return k
		}
	}
	return -1
}

func (t *translator) constText(n *pg_query.Node) string {
	c := n.Node.(*pg_query.Node_AConst).AConst
	t.readConst(c)
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return itoa(int(v.Ival.Ival))
	case *pg_query.A_Const_Fval:
		// PostgreSQL casts LIMIT/OFFSET to bigint, rounding half away from zero;
		// limitValue has checked the range.
		f, _ := strconv.ParseFloat(v.Fval.Fval, 64)
		return strconv.FormatInt(int64(math.Round(f)), 10)
	case *pg_query.A_Const_Sval:
		k, _ := strconv.ParseInt(strings.TrimSpace(v.Sval.Sval), 10, 64)
		return strconv.FormatInt(k, 10)
	}
	return "0"
}

func (lp *limitPlan) writeTop(e *emitter) {
	switch {
	case lp.topParam != nil:
		e.w("TOP ")
		e.param(lp.topParam)
		e.wb(' ')
	case lp.topConst != "":
		e.w("TOP " + lp.topConst + " ")
	}
}

func (lp *limitPlan) writeTrailing(e *emitter) {
	if lp.hasLimit {
		e.w(" LIMIT ")
		e.limitOperand(lp.count, false)
	}
	if lp.hasOffset {
		e.w(" OFFSET ")
		e.limitOperand(lp.offset, true)
	}
}

// limitOperand writes a constant, or marks a parameter for splicing: IRIS is not
// documented to accept "?" in LIMIT/OFFSET.
func (e *emitter) limitOperand(n *pg_query.Node, offset bool) {
	if p, ok := n.Node.(*pg_query.Node_ParamRef); ok {
		e.spliceInt(p.ParamRef, offset)
		return
	}
	e.w(e.constText(n))
}
