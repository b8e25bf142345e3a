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
