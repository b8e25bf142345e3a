package translate

import pg_query "github.com/pganalyze/pg_query_go/v6"

// Named windows (WINDOW w AS (…), OVER w, OVER (w ORDER BY …)) are written out in place:
// IRIS's OVER takes the specification itself. The merge follows PostgreSQL's rules for a
// window that refers to another (its PARTITION BY, its ORDER BY unless the referring one
// has its own, never its frame clause), with PostgreSQL's errors.

const stateWindowing = "42P20"

// withWindows makes list the WINDOW clause in scope and returns what restores the outer one.
func (e *emitter) withWindows(list []*pg_query.Node) func() {
	outer := e.windows
	e.windows = list
	return func() { e.windows = outer }
}

// resolveWindow returns w with a named window it refers to written in.
func (e *emitter) resolveWindow(w *pg_query.WindowDef) *pg_query.WindowDef {
	return e.resolveWindowDepth(w, 0)
}

func (e *emitter) resolveWindowDepth(w *pg_query.WindowDef, depth int) *pg_query.WindowDef {
	if w.Refname == "" && (w.Name == "" || depth > 0) {
		return w // a specification of its own (or a WINDOW clause entry, named)
	}
	name := w.Refname
	if name == "" {
		name = w.Name // OVER w
	}
	ref := e.namedWindow(name, w.Location)
	if depth > len(e.windows) {
		e.fail(stateWindowing, w.Location, "window %q refers to itself", name)
	}
	ref = e.resolveWindowDepth(ref, depth+1)
	if w.Refname == "" {
		return ref // OVER w: the window as defined
	}
	switch {
	case len(w.PartitionClause) > 0:
		e.fail(stateWindowing, w.Location, "cannot override PARTITION BY clause of window %q", name)
	case len(w.OrderClause) > 0 && len(ref.OrderClause) > 0:
		e.fail(stateWindowing, w.Location, "cannot override ORDER BY clause of window %q", name)
	case ref.FrameOptions&frameOptionNonDefault != 0:
		e.fail(stateWindowing, w.Location, "cannot copy window %q because it has a frame clause", name)
	}
	out := &pg_query.WindowDef{
		PartitionClause: ref.PartitionClause, OrderClause: w.OrderClause,
		FrameOptions: w.FrameOptions, StartOffset: w.StartOffset, EndOffset: w.EndOffset, Location: w.Location,
	}
	if len(w.OrderClause) == 0 {
		out.OrderClause = ref.OrderClause
	}
	return out
}

// namedWindow finds the window called name in the WINDOW clause in scope.
func (e *emitter) namedWindow(name string, loc int32) *pg_query.WindowDef {
	for _, n := range e.windows {
		if d := n.GetWindowDef(); d != nil && d.Name == name {
			return d
		}
	}
	e.fail("42704", loc, "window %q does not exist", name)
	return nil
}

// PostgreSQL's frame option bits (parsenodes.h), beyond frameOptionNonDefault.
const (
	frameRange                   = 0x00002
	frameGroups                  = 0x00008
	frameStartUnboundedPreceding = 0x00020
	frameEndUnboundedFollowing   = 0x00100
	frameEndCurrentRow           = 0x00400
	frameOffsets                 = 0x00800 | 0x01000 | 0x02000 | 0x04000
	frameExclusions              = 0x08000 | 0x10000 | 0x20000
)

// frameIgnored are the window functions whose result does not depend on the frame.
var frameIgnored = map[string]bool{
	"row_number": true, "rank": true, "dense_rank": true, "percent_rank": true, "cume_dist": true,
	"ntile": true, "lag": true, "lead": true,
}

// defaultFrameEquivalent rewrites w, which has a frame clause, into a window without one
// (IRIS's frames are not established; its default is the standard's) that gives
// function name the same result, when there is one:
//
//   - a function that ignores frames (rank, lag, …): the frame is dropped;
//
//   - the default frame written out (RANGE or GROUPS from UNBOUNDED PRECEDING to CURRENT
//     ROW): dropped;
//
//   - the whole partition (UNBOUNDED PRECEDING to UNBOUNDED FOLLOWING): an aggregate over
//     it is the aggregate over the partition without ORDER BY; first_value is the default
//     frame's; last_value is first_value over the reversed order (last is true). Among
//     rows that tie on the ORDER BY keys PostgreSQL's choice of the last one is
//     unspecified, as IRIS's of the first.
//
//   - ROWS from UNBOUNDED PRECEDING to CURRENT ROW (a running total) is the default frame
//     when no two rows of a partition tie on the ORDER BY keys (unique is then true: the
//     caller has the catalog check that).
//
// same is false when no such window exists (offsets, exclusions).
func defaultFrameEquivalent(name string, w *pg_query.WindowDef) (plain *pg_query.WindowDef, last, same, unique bool) {
	opts := w.FrameOptions
	withoutFrame := func(order []*pg_query.Node) *pg_query.WindowDef {
		return &pg_query.WindowDef{PartitionClause: w.PartitionClause, OrderClause: order, FrameOptions: 0x00422, Location: w.Location}
	}
	switch {
	case opts&frameExclusions != 0:
		return nil, false, false, false
	case frameIgnored[name]:
		return withoutFrame(w.OrderClause), false, true, false
	case opts&frameOffsets != 0:
		return nil, false, false, false
	case opts&frameStartUnboundedPreceding != 0 && opts&frameEndCurrentRow != 0:
		if opts&(frameRange|frameGroups) != 0 {
			return withoutFrame(w.OrderClause), false, true, false
		}
		// ROWS: the default frame's peers are the current row alone when the keys are unique.
		return withoutFrame(w.OrderClause), false, len(w.OrderClause) > 0, true
	case opts&frameStartUnboundedPreceding == 0 || opts&frameEndUnboundedFollowing == 0:
		return nil, false, false, false
	}
	// The whole partition.
	if _, agg := aggregates[name]; agg {
		return withoutFrame(nil), false, true, false
	}
	switch name {
	case "first_value":
		return withoutFrame(w.OrderClause), false, true, false
	case "last_value":
		if len(w.OrderClause) == 0 {
			return withoutFrame(nil), false, true, false // every row is a peer: any row
		}
		reversed, ok := reverseOrder(w.OrderClause)
		return withoutFrame(reversed), true, ok, false
	}
	return nil, false, false, false
}

// noteUniqueOrder records that the window w's PARTITION BY and ORDER BY keys must be
// unique for the rewritten frame to be exact: plain columns of the query's one table,
// which WithCatalog checks hold its primary key (CatalogPlaces.UniqueOrders). False
// when that cannot be established from the text (a join, an expression key).
func (e *emitter) noteUniqueOrder(w *pg_query.WindowDef) bool {
	if len(e.scopes) == 0 || len(e.scopes[len(e.scopes)-1]) != 1 || e.scopes[len(e.scopes)-1][0].opaque {
		return false
	}
	var keys []CatalogColumn
	for _, n := range append(append([]*pg_query.Node(nil), w.PartitionClause...), w.OrderClause...) {
		if sb := n.GetSortBy(); sb != nil {
			n = sb.Node
		}
		c := n.GetColumnRef()
		if c == nil || !isPlainColumn(n) {
			continue // other keys only split ties further
		}
		col, ok := e.catalogColumn(c)
		if !ok {
			return false
		}
		keys = append(keys, col)
	}
	if len(keys) == 0 {
		return false
	}
	if !e.scratching {
		e.places.UniqueOrders = append(e.places.UniqueOrders, keys)
	}
	return true
}

// reverseOrder is the ORDER BY list that sorts the other way, NULLs included; false for
// ORDER BY … USING.
func reverseOrder(order []*pg_query.Node) ([]*pg_query.Node, bool) {
	out := make([]*pg_query.Node, len(order))
	for i, n := range order {
		sb := n.GetSortBy()
		if sb == nil || sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			return nil, false
		}
		dir := pg_query.SortByDir_SORTBY_DESC
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC {
			dir = pg_query.SortByDir_SORTBY_ASC
		}
		nulls := sb.SortbyNulls // the default follows the direction, so it reverses too
		switch nulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nulls = pg_query.SortByNulls_SORTBY_NULLS_LAST
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nulls = pg_query.SortByNulls_SORTBY_NULLS_FIRST
		}
		out[i] = &pg_query.Node{Node: &pg_query.Node_SortBy{SortBy: &pg_query.SortBy{
			Node: sb.Node, SortbyDir: dir, SortbyNulls: nulls, Location: sb.Location}}}
	}
	return out, true
}
