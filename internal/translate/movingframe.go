package translate

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// A moving frame (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW, … AND 1 FOLLOWING), as in a
// moving average, is not the default frame, and IRIS's frame clauses are not established
// (iris-sql.md). Its rows are the current row and fixed offsets before and after it in
// the window's order, which LAG and LEAD reach: sum(x) is the sum of LAG(COALESCE(x, 0),
// k, 0) over the offsets (NULL when no value in the frame is non-NULL, as SUM skips
// NULLs), count(x) the sum of LAG(CASE WHEN x IS NOT NULL THEN 1 ELSE 0 END, k, 0), and
// count(*) the sum of LAG(1, k, 0): a row beyond the partition gives the default 0, as
// it is not in PostgreSQL's frame. avg(x) is sum over count; as a whole select-list item
// the session divides the two (quotient.go), as PostgreSQL's numeric avg does. min, max
// and the other functions over such frames stay 0A000 (IRIS's LEAST/GREATEST over NULLs
// is not established).

// maxFrameRows bounds the rows of an emulated frame (each is a LAG or LEAD call).
const maxFrameRows = 101

// PostgreSQL's frame bits for ROWS and offset bounds (parsenodes.h).
const (
	frameRows                 = 0x00004
	frameStartCurrentRow      = 0x00200
	frameStartOffsetPreceding = 0x00800
	frameEndOffsetPreceding   = 0x01000
	frameStartOffsetFollowing = 0x02000
	frameEndOffsetFollowing   = 0x04000
)

// movingFrame writes name(f) over w's moving ROWS frame and reports whether it could.
func (e *emitter) movingFrame(name string, f *pg_query.FuncCall, w *pg_query.WindowDef) bool {
	opts := w.FrameOptions
	if opts&frameRows == 0 || opts&frameExclusions != 0 || f.AggDistinct {
		return false
	}
	switch name {
	case "sum", "count", "avg":
	default:
		return false
	}
	from, ok := e.frameBound(opts, w.StartOffset, frameStartCurrentRow, frameStartOffsetPreceding, frameStartOffsetFollowing, "starting")
	if !ok {
		return false
	}
	to, ok := e.frameBound(opts, w.EndOffset, frameEndCurrentRow, frameEndOffsetPreceding, frameEndOffsetFollowing, "ending")
	if !ok || to-from+1 > maxFrameRows {
		return false
	}
	if from > to { // 2 FOLLOWING AND 1 FOLLOWING: no rows
		if name == "count" {
			e.wb('0')
		} else { // NULL of x's type, which the aggregate's result type follows
			e.w("CASE WHEN 1 = 0 THEN ")
			e.value(f.Args[0])
			e.w(" END")
		}
		return true
	}
	plain := &pg_query.WindowDef{PartitionClause: w.PartitionClause, OrderClause: w.OrderClause, Location: w.Location}
	terms := func(value func()) {
		e.wb('(')
		for k := from; k <= to; k++ {
			if k > from {
				e.w(" + ")
			}
			if k == 0 {
				value()
				continue
			}
			if k < 0 {
				e.w("LAG(")
			} else {
				e.w("LEAD(")
			}
			value()
			e.w(", " + strconv.Itoa(abs(k)) + ", 0)")
			e.overClause(plain, true)
		}
		e.wb(')')
	}
	nonNull := func() {
		if f.AggStar {
			e.wb('1')
			return
		}
		e.w("CASE WHEN ")
		e.operand(f.Args[0])
		e.w(" IS NOT NULL THEN 1 ELSE 0 END")
	}
	sum := func() {
		e.w("COALESCE(")
		e.value(f.Args[0])
		e.w(", 0)")
	}
	if name == "count" {
		terms(nonNull)
		return true
	}
	e.w("CASE WHEN ")
	terms(nonNull)
	e.w(" = 0 THEN NULL ELSE ")
	terms(sum)
	if name == "avg" {
		e.w(" / ")
		terms(nonNull)
	}
	e.w(" END")
	return true
}

// frameBound is a frame bound as an offset from the current row (negative: preceding),
// from the bits that say CURRENT ROW, n PRECEDING or n FOLLOWING and the offset n, an
// integer literal. Unbounded ends are not moving frames.
func (e *emitter) frameBound(opts int32, offset *pg_query.Node, current, preceding, following int32, which string) (int, bool) {
	switch {
	case opts&current != 0:
		return 0, true
	case opts&(preceding|following) == 0 || offset == nil:
		return 0, false
	}
	c, ok := offset.Node.(*pg_query.Node_AConst)
	if !ok {
		return 0, false
	}
	iv, ok := c.AConst.Val.(*pg_query.A_Const_Ival)
	if !ok {
		return 0, false
	}
	e.readConst(c.AConst)
	n := int(iv.Ival.Ival)
	if n < 0 {
		e.fail("22013", -1, "frame %s offset must not be negative", which)
	}
	if opts&preceding != 0 {
		return -n, true
	}
	return n, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
