package session

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// maxCachedStatements bounds the IRIS prepared statements kept per IRIS connection.
// Drivers re-Parse the same unnamed statement text again and again (pgx, psycopg), and a
// cached IRIS statement turns each of those Parses into no round trip at all.
const maxCachedStatements = 64

// stmtCache holds the statements prepared on one IRIS connection. It is attached to the
// connection (iris.Conn.SetAttached), not to a session: under transaction pooling the
// connection, and what IRIS has prepared on it, passes from client to client. Only the
// connection's current holder touches it.
type stmtCache struct {
	stmts map[string]*iris.Stmt
	order []string
}

func stmtCacheOf(conn *iris.Conn) *stmtCache {
	if c, ok := conn.Attached().(*stmtCache); ok {
		return c
	}
	c := &stmtCache{stmts: map[string]*iris.Stmt{}}
	conn.SetAttached(c)
	return c
}

// irisStatement returns a prepared IRIS statement for sql on the current connection.
func (s *Session) irisStatement(ctx context.Context, sql string) (*iris.Stmt, error) {
	if err := s.ensureConn(ctx); err != nil {
		return nil, err
	}
	c := stmtCacheOf(s.conn)
	if st, ok := c.stmts[sql]; ok {
		return st, nil
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	st, err := s.conn.Prepare(sctx, sql)
	if err != nil {
		return nil, s.irisError(sctx, err)
	}
	if len(c.order) >= maxCachedStatements {
		old := c.order[0]
		c.order = c.order[1:]
		if o := c.stmts[old]; o != nil {
			o.Close()
		}
		delete(c.stmts, old)
	}
	c.stmts[sql] = st
	c.order = append(c.order, sql)
	return st, nil
}

// preparedStatement is wire.PreparedStatement.
type preparedStatement struct {
	s       *Session
	plan    *translate.Plan
	stmt    *iris.Stmt // nil for statements pgwired answers itself
	conn    *iris.Conn // the connection stmt was prepared on
	oids    []uint32
	columns []pgproto3.FieldDescription
	origAt  int // character offset of plan.Original in the client's text, for error positions
}

// Prepare is wire.Session.Prepare. Row-returning and DML statements are prepared on IRIS
// (PP) so that Describe reports IRIS's real parameter and column types without running
// anything.
func (s *Session) Prepare(ctx context.Context, name, sql string, paramOIDs []uint32) (wire.PreparedStatement, error) {
	plans, err := s.translate(sql)
	if err != nil {
		return nil, translateError(err)
	}
	if len(plans) > 1 {
		return nil, &wire.Error{Code: "42601", Message: "cannot insert multiple commands into a prepared statement"}
	}
	return s.preparePlan(ctx, plans[0], stmtOffset(sql, plans[0].Original), paramOIDs)
}

// preparePlan prepares a translated statement, for a Parse or an SQL-level PREPARE.
// origAt is the character offset of p.Original in the client's text (-1: unknown).
func (s *Session) preparePlan(ctx context.Context, p *translate.Plan, origAt int, paramOIDs []uint32) (*preparedStatement, error) {
	s.running.original, s.running.params = p.Original, nil // for errors' DETAIL and HINT
	p = s.withColumnTypes(ctx, p)
	if p.CatalogError != nil {
		return nil, locateUndefinedAt(withCatalogError(p), p.Original, origAt)
	}
	ps := &preparedStatement{s: s, plan: p, origAt: origAt}
	n := p.NumParams
	if len(paramOIDs) > n {
		n = len(paramOIDs)
	}
	ps.oids = make([]uint32, n)
	copy(ps.oids, paramOIDs)
	for i, oid := range p.ParamTypes {
		if ps.oids[i] == 0 {
			ps.oids[i] = oid
		}
	}
	// SELECT $1 has the parameter's type in PostgreSQL; IRIS would call it VARCHAR.
	p = p.WithParamTypes(ps.oids)
	ps.plan = p

	if (len(p.IntSplices) > 0 || len(p.SeqCalls) > 0) && len(p.Steps) == 0 && p.SQL != "" && p.Kind != translate.KindRecursive {
		// LIMIT $1 / OFFSET $2 are spliced into the text at Execute (IRIS takes no marker
		// there), and so are the values of sequence calls, so the IRIS statement differs per
		// execution: Describe prepares one with zeros spliced in for the columns, and
		// Execute renders and runs the real one.
		if s.tx == txFailed {
			return nil, abortedError
		}
		zero := func(int) (int64, error) { return 0, nil }
		sql, err := p.RenderIntSplices(zero)
		if err != nil {
			return nil, translateError(err)
		}
		if len(p.SeqCalls) > 0 {
			sql, _ = translate.RenderSeqCalls(sql, p.SeqCalls, func(translate.SeqCall) (int64, error) { return 0, nil })
		}
		st, err := s.irisStatement(ctx, sql)
		if err != nil {
			return nil, locateUndefinedAt(s.fail(err), p.Original, ps.origAt)
		}
		ps.describeParams(st)
		for _, sp := range p.IntSplices {
			if sp.Param < len(ps.oids) && ps.oids[sp.Param] == 0 {
				ps.oids[sp.Param] = oidInt8 // PostgreSQL's type for a LIMIT/OFFSET parameter
			}
		}
		ps.columns = rowDescription(st.Columns(), p.Columns, nil)
		markCatalogTypes(s.zoneSnapshot(ctx, p.Columns), st.Columns(), p.Columns, ps.columns)
	} else if (p.Kind == translate.KindQuery || p.Kind == translate.KindDML) && len(p.Steps) == 0 && p.SQL != "" && p.Setval == nil {
		if s.tx == txFailed {
			return nil, abortedError
		}
		st, err := s.irisStatement(ctx, p.SQL)
		if err != nil {
			return nil, locateUndefinedAt(s.fail(err), p.Original, ps.origAt)
		}
		ps.stmt, ps.conn = st, s.conn
		ps.describeParams(st)
		if p.Kind == translate.KindQuery {
			ps.columns = rowDescription(st.Columns(), p.Columns, nil)
			snap := s.zoneSnapshot(ctx, p.Columns)
			markCatalogTypes(snap, st.Columns(), p.Columns, ps.columns)
			describeSources(snap, st.Columns(), ps.columns)
			if err := unsupportedArrays(st.Columns(), p.Columns, ps.columns); err != nil {
				return nil, s.fail(err)
			}
		}
	} else if p.Kind == translate.KindRecursive {
		if err := ps.describeRecursive(ctx); err != nil {
			return nil, locateUndefinedAt(s.fail(err), p.Original, ps.origAt)
		}
	} else if p.Kind == translate.KindCatalog {
		if s.tx == txFailed {
			return nil, abortedError
		}
		var err error
		if ps.columns, ps.oids, err = s.describeCatalog(ctx, p, ps.oids); err != nil {
			return nil, s.fail(err)
		}
	} else if q := firstQueryStep(p.Steps); q != nil {
		// RETURNING and the like run as steps at Execute; Describe must already name the
		// rows they return, or the driver gets DataRows after NoData. Preparing the query
		// step on IRIS (with no ids spliced in) gives the columns without running anything.
		if s.tx == txFailed {
			return nil, abortedError
		}
		st, err := s.irisStatement(ctx, q.RenderIDs(nil))
		if err != nil {
			return nil, s.fail(err)
		}
		ps.columns = rowDescription(st.Columns(), p.Columns, nil)
		markCatalogTypes(s.zoneSnapshot(ctx, p.Columns), st.Columns(), p.Columns, ps.columns)
		if err := ps.describeInsertEach(ctx, p.Steps); err != nil {
			return nil, s.fail(err)
		}
	} else if c := s.fetchTarget(p); c != nil {
		ps.columns = c.fields
	} else if st := s.executeTarget(p); st != nil {
		ps.columns = st.columns
	} else {
		ps.columns = localColumns(p)
	}
	for i, o := range ps.oids {
		if o == 0 {
			ps.oids[i] = oidText // unknown: the client sends text, IRIS converts
		}
	}
	return ps, nil
}

// describeParams takes the types of parameters the client left unspecified from IRIS's
// description of st's markers.
func (ps *preparedStatement) describeParams(st *iris.Stmt) {
	ps.typeParams(ps.plan.Params, st.Params())
}

// typeParams takes the types of parameters still unknown from IRIS's description of the
// markers of a statement; mapping gives each marker's parameter (-1: none).
func (ps *preparedStatement) typeParams(mapping []int, params []iris.Param) {
	for marker, idx := range mapping {
		if idx >= 0 && idx < len(ps.oids) && ps.oids[idx] == 0 && marker < len(params) {
			ps.oids[idx] = pgTypeForODBC(params[marker].ODBCType, params[marker].Precision, params[marker].Scale).OID
		}
	}
}

// localColumns describes the rows of statements answered without IRIS.
func localColumns(p *translate.Plan) []pgproto3.FieldDescription {
	switch p.Kind {
	case translate.KindShow:
		if p.Set != nil && p.Set.All {
			return []pgproto3.FieldDescription{textField("name"), textField("setting"), textField("description")}
		}
		if p.Set != nil {
			return []pgproto3.FieldDescription{textField(displayName(p.Set.Name))}
		}
	case translate.KindLocalQuery:
		if p.Local == nil {
			return nil
		}
		cols := make([]translate.Column, len(p.Local.Items))
		for i, it := range p.Local.Items {
			cols[i] = it.Column
		}
		return localFields(cols)
	}
	if p.Setval != nil {
		return localFields(p.Columns)
	}
	return nil
}

func (ps *preparedStatement) ParamOIDs() []uint32                  { return ps.oids }
func (ps *preparedStatement) Columns() []pgproto3.FieldDescription { return ps.columns }

// Close keeps the IRIS statement: it stays in its connection's cache for the next Parse.
func (ps *preparedStatement) Close() error { return nil }

func (ps *preparedStatement) Bind(ctx context.Context, params [][]byte, paramFormats, resultFormats []int16) (wire.Portal, error) {
	decode := decodeParams
	if ps.plan.Kind == translate.KindCatalog {
		decode = decodeCatalogParams
	}
	vals, err := decode(params, paramFormats, ps.oids)
	if err != nil {
		return nil, err
	}
	// The statement's description already says text for every column: a Bind that asks
	// for text (the common case) shares it instead of copying it per execution.
	cols := ps.columns
	if ps.columns != nil && !allText(resultFormats) {
		cols = make([]pgproto3.FieldDescription, len(ps.columns))
		copy(cols, ps.columns)
		for i := range cols {
			cols[i].Format = formatFor(resultFormats, i)
		}
	}
	return &portal{ps: ps, params: vals, formats: resultFormats, columns: cols}, nil
}

func allText(formats []int16) bool {
	for _, f := range formats {
		if f != 0 {
			return false
		}
	}
	return true
}

// portal is wire.Portal. A portal executed with a row limit holds the rest of its result
// between Execute messages (PortalSuspended; held.go).
type portal struct {
	ps      *preparedStatement
	params  []any
	formats []int16
	columns []pgproto3.FieldDescription

	heldRows
	started bool // its query ran; the rows left, if any, are held
	sent    int64
}

func (p *portal) Columns() []pgproto3.FieldDescription { return p.columns }

func (p *portal) Close() error {
	p.ps.s.dropHeld(&p.heldRows, false)
	return nil
}

func (p *portal) Execute(ctx context.Context, w wire.ResultWriter, maxRows int) (bool, error) {
	s := p.ps.s
	plan := p.ps.plan
	if s.tx == txFailed && !allowedWhenFailed(plan.Kind) {
		return false, abortedError
	}
	if err := s.writeInReadOnly(plan); err != nil {
		return false, s.fail(err)
	}
	s.mathFuncs = plan.MathFuncs
	s.running.original, s.running.params = plan.Original, p.params
	if err := s.beginImplicitIfAhead(ctx, plan.Kind); err != nil {
		return false, err
	}
	checked := false
	if plan.Write != nil && p.ps.stmt != nil {
		// A table with CHECK constraints: its rows are tested around the statement
		// (runChecked), which the prepared IRIS statement alone does not do.
		checks, err := s.tableChecks(ctx, plan.Write.Table)
		if err != nil {
			return false, s.fail(err)
		}
		checked = len(checks) > 0
	}
	if p.ps.stmt == nil || checked {
		if err := s.runPlan(ctx, plan, p.params, p.formats, w); err != nil {
			return false, locateUndefinedAt(s.fail(err), plan.Original, p.ps.origAt)
		}
		return false, nil
	}
	if err := checkEnumParams(plan.EnumParams, p.params); err != nil {
		return false, s.fail(err)
	}
	args, err := irisArgs(plan.Params, p.params)
	if err != nil {
		return false, err
	}
	if !p.started {
		if s.txPending != "" {
			// The block's first statement on IRIS: its transaction starts now.
			if err := s.ensureConn(ctx); err != nil {
				return false, s.fail(err)
			}
		}
		if err := p.ps.reprepareIfConnReplaced(ctx); err != nil {
			return false, s.fail(err)
		}
	}
	coerceToParamTypes(args, p.ps.stmt.Params())
	if plan.Kind == translate.KindDML {
		sctx, done := s.statementContext(ctx)
		defer done()
		n, err := p.ps.stmt.Exec(sctx, args)
		if err != nil {
			return false, locateUndefinedAt(s.fail(s.irisError(sctx, err)), plan.Original, p.ps.origAt)
		}
		return false, w.CommandComplete(commandTag(plan.Tag, n))
	}
	return p.executeQuery(ctx, w, args, maxRows)
}

// reprepareIfConnReplaced finds the statement again on the session's current IRIS
// connection when the one it was prepared on is broken or was replaced, or the statement
// was evicted from that connection's cache: a cancel or a statement timeout breaks the IRIS
// connection and ensureConn takes a new one, and under transaction pooling each
// transaction may run on another connection. PostgreSQL keeps prepared statements across
// both, and drivers that cache them (pgx's default mode) never Parse them again, so
// failing here would fail those statements for good.
func (ps *preparedStatement) reprepareIfConnReplaced(ctx context.Context) error {
	s := ps.s
	if ps.conn == s.conn && s.conn != nil && !ps.stmt.Closed() {
		return nil
	}
	st, err := s.irisStatement(ctx, ps.plan.SQL)
	if err != nil {
		return err
	}
	if len(st.Columns()) != len(ps.stmt.Columns()) || len(st.Params()) != len(ps.stmt.Params()) {
		return &wire.Error{Code: "0A000", Message: "cached plan must not change result type"}
	}
	ps.stmt, ps.conn = st, s.conn
	return nil
}

func (p *portal) executeQuery(ctx context.Context, w wire.ResultWriter, args []any, maxRows int) (bool, error) {
	s := p.ps.s
	rctx, done := s.statementContext(ctx)
	defer done()
	if !p.started {
		p.started = true
		if maxRows == 0 {
			// The common case: the whole result in this Execute, under the statement's context.
			rows, err := p.ps.stmt.Query(rctx, args)
			if err != nil {
				return false, s.fail(s.irisError(rctx, err))
			}
			var pending bool
			n, err := s.streamRows(rctx, rows, p.columns, quotientColumns(p.ps.stmt.Columns(), p.ps.plan.Columns, p.columns), w, 0, &pending)
			rows.Close()
			if err != nil {
				return false, s.fail(err)
			}
			return false, w.CommandComplete("SELECT " + strconv.FormatInt(n, 10))
		}
		// The rest of the result outlives this Execute, so its context must too.
		rows, cancel, err := s.startHeld(ctx, rctx, func(qctx context.Context) (*iris.Rows, error) {
			return p.ps.stmt.Query(qctx, args)
		})
		if err != nil {
			return false, s.fail(err)
		}
		p.what, p.fields = "portal", p.columns
		p.quotients = quotientColumns(p.ps.stmt.Columns(), p.ps.plan.Columns, p.columns)
		s.holdRows(&p.heldRows, rows, cancel)
	}
	if p.rows != nil {
		stop := context.AfterFunc(rctx, p.cancel) // a cancel or timeout stops the read
		defer stop()
	}
	n, err := s.sendHeld(rctx, &p.heldRows, w, int64(maxRows), false)
	p.sent += n
	if err != nil {
		p.Close()
		return false, s.fail(err)
	}
	if p.more() {
		return true, nil
	}
	return false, w.CommandComplete("SELECT " + strconv.FormatInt(p.sent, 10))
}
