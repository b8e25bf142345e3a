package session

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// runRecursive runs SELECT with WITH RECURSIVE (translate.Recursive): for each
// recursive query, a work table in the session's schema typed by the non-recursive
// term as described on IRIS, filled by the non-recursive term and then by the
// recursive term, one iteration per IRIS call, until an iteration adds no row; then
// the outer query over the work tables. The work tables are dropped at the end, also
// on error and cancel; what cannot be dropped then is dropped when the session ends.
// Inside a transaction block everything runs in the client's transaction.
func (s *Session) runRecursive(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	r := p.Recursive
	// As PostgreSQL plans the whole statement first, every piece is prepared (IRIS
	// statements cached per connection) before anything runs: errors in any of them come
	// before the RowDescription, errors while iterating after it.
	d, err := s.describeRecursive(ctx, p)
	if err != nil {
		return err
	}
	fields := rowDescription(d.result.Columns(), p.Columns, formats)
	markCatalogTypes(s.zoneSnapshot(ctx, p.Columns), d.result.Columns(), p.Columns, fields)
	if err := w.RowDescription(fields); err != nil {
		return err
	}
	schema := s.sessionSchema()
	sctx, done := s.statementContext(ctx)
	defer done()
	tables := make([]string, 0, len(r.Queries))
	defer func() { s.dropWorkTables(ctx, tables) }()
	for i, q := range r.Queries {
		s.workSeq++
		name := "pgwrec" + strconv.Itoa(s.workSeq)
		var ddl strings.Builder
		ddl.WriteString("CREATE TABLE " + strings.ToLower(schema) + "." + name + " (")
		anchor := rowDescription(d.anchors[i].Columns(), q.Anchor.Columns, nil)
		if s.hasEnumColumn(ctx, d.anchors[i].Columns(), q.Anchor.Columns, anchor) {
			// The work table's column would be text: its order and type the labels'.
			return &wire.Error{Code: "0A000", Message: "enum values in WITH RECURSIVE are not supported by pgwired/IRIS"}
		}
		for j, f := range anchor {
			typ := pgTypeName(f.DataTypeOID, f.TypeModifier)
			if j < len(q.PlainNumeric) && q.PlainNumeric[j] {
				typ = "numeric"
			}
			ddl.WriteString(pgQuote(q.Columns[j]) + " " + typ + ", ")
		}
		ddl.WriteString(translate.IterColumn + " integer)")
		plans, err := translate.Translate(ddl.String(), s.m.cfg.Translator.Options())
		if err != nil {
			return translateError(err)
		}
		if plans[0].SQL == "" {
			return &wire.Error{Code: "XX000", Message: "internal error: no IRIS statement for a work table"}
		}
		if _, err := s.conn.Exec(sctx, plans[0].SQL, nil); err != nil {
			return s.irisError(sctx, err)
		}
		tables = append(tables, schema+"."+strings.ToUpper(name))
		var added int64 = 1
		for iter := int64(0); added > 0; iter++ {
			piece := q.Init
			if iter > 0 {
				piece = q.Step
			}
			sql, args, err := s.renderPiece(r, s.withColumnTypes(ctx, piece), tables, params, iter)
			if err != nil {
				return err
			}
			if added, err = s.conn.Exec(sctx, sql, args); err != nil {
				return s.irisError(sctx, err)
			}
		}
	}
	outer := s.withColumnTypes(ctx, r.Outer)
	sql, args, err := s.renderPiece(r, outer, tables, params, 0)
	if err != nil {
		return err
	}
	rows, err := s.conn.Query(sctx, sql, args)
	if err != nil {
		return s.irisError(sctx, err)
	}
	defer rows.Close()
	var pending bool
	n, err := s.streamRows(sctx, rows, fields, quotientColumns(rows.Columns(), outer.Columns, fields), w, 0, &pending)
	if err != nil {
		return err
	}
	return w.CommandComplete("SELECT " + strconv.FormatInt(n, 10))
}

// recursiveDescription is a WITH RECURSIVE statement prepared on IRIS without work
// tables: result is the outer query over the non-recursive terms (PostgreSQL types the
// columns by them), anchors the non-recursive terms (the work tables' columns), steps
// the recursive terms over them (their parameters).
type recursiveDescription struct {
	result         *iris.Stmt
	anchors, steps []*iris.Stmt
}

func (s *Session) describeRecursive(ctx context.Context, p *translate.Plan) (*recursiveDescription, error) {
	if err := s.ensureConn(ctx); err != nil {
		return nil, err
	}
	prepare := func(piece *translate.Plan) (*iris.Stmt, error) {
		sql, err := s.withColumnTypes(ctx, piece).RenderIntSplices(func(int) (int64, error) { return 0, nil })
		if err != nil {
			return nil, translateError(err)
		}
		return s.irisStatement(ctx, sql)
	}
	d := &recursiveDescription{}
	var err error
	if d.result, err = prepare(p); err != nil {
		return nil, err
	}
	for _, q := range p.Recursive.Queries {
		a, err := prepare(q.Anchor)
		if err != nil {
			return nil, err
		}
		st, err := prepare(q.StepParams)
		if err != nil {
			return nil, err
		}
		d.anchors, d.steps = append(d.anchors, a), append(d.steps, st)
	}
	return d, nil
}

// renderPiece is the IRIS text and arguments of one statement of a WITH RECURSIVE
// plan, at iteration iter.
func (s *Session) renderPiece(r *translate.Recursive, p *translate.Plan, tables []string, params []any, iter int64) (string, []any, error) {
	args, err := irisArgs(p.Params, params)
	if err != nil {
		return "", nil, err
	}
	sql, err := p.RenderIntSplices(func(i int) (int64, error) {
		switch i {
		case translate.IterParam:
			return iter, nil
		case translate.PrevParam:
			return iter - 1, nil
		}
		return spliceValue(params, i)
	})
	if err != nil {
		return "", nil, translateError(err)
	}
	return r.Render(sql, tables), args, nil
}

// sessionSchema is the IRIS schema of the session's own tables (temporary and work
// tables).
func (s *Session) sessionSchema() string {
	if s.temp == nil {
		s.temp = newTempTables()
	}
	return s.temp.schema
}

// dropWorkTables drops the work tables of a statement, on a fresh connection when the
// statement's was broken (a cancel); those that cannot be dropped now are dropped with
// the session's temporary tables.
func (s *Session) dropWorkTables(ctx context.Context, tables []string) {
	ctx = context.WithoutCancel(ctx)
	for _, t := range tables {
		if s.conn == nil || s.conn.Broken() {
			if s.tx != txIdle || s.ensureConn(ctx) != nil {
				s.temp.left = append(s.temp.left, t)
				continue
			}
		}
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := s.conn.Exec(dctx, "DROP TABLE "+t, nil)
		cancel()
		if err != nil {
			s.temp.left = append(s.temp.left, t)
		}
	}
}

// describeRecursive describes a prepared WITH RECURSIVE statement without running
// it: its columns, and its parameters from all its pieces.
func (ps *preparedStatement) describeRecursive(ctx context.Context) error {
	s, p := ps.s, ps.plan
	if s.tx == txFailed {
		return abortedError
	}
	d, err := s.describeRecursive(ctx, p)
	if err != nil {
		return err
	}
	ps.describeParams(d.result)
	ps.columns = rowDescription(d.result.Columns(), p.Columns, nil)
	markCatalogTypes(s.zoneSnapshot(ctx, p.Columns), d.result.Columns(), p.Columns, ps.columns)
	for _, sp := range p.IntSplices {
		if sp.Param >= 0 && sp.Param < len(ps.oids) && ps.oids[sp.Param] == 0 {
			ps.oids[sp.Param] = oidInt8 // PostgreSQL's type for a LIMIT/OFFSET parameter
		}
	}
	for i, q := range p.Recursive.Queries {
		params := d.steps[i].Params()
		for marker, idx := range q.StepParams.Params {
			if idx < len(ps.oids) && ps.oids[idx] == 0 && marker < len(params) {
				ps.oids[idx] = pgTypeForODBC(params[marker].ODBCType, params[marker].Precision, params[marker].Scale).OID
			}
		}
	}
	return nil
}
