package session

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// stepRun is the state of one multi-step plan while it runs.
type stepRun struct {
	plan     *translate.Plan
	params   []any
	formats  []int16
	w        wire.ResultWriter
	count    int64
	ids      []int64
	sentDesc bool
	snap     *catalog.Snapshot // for markCatalogTypes, read before any step runs
	// checkNames are the CHECK constraints added so far, by "schema.table" (lower
	// case); checkTableMade: the statement created catalog.CheckTable.
	checkNames     map[string][]string
	checkTableMade bool
	// sctx, while a StepInsertEach runs, is its statement context, which the steps it
	// runs per row share.
	sctx context.Context
}

// runSteps runs a plan that needs several IRIS calls (RETURNING, IF [NOT] EXISTS,
// multi-row VALUES, ON CONFLICT) as one statement: inside a transaction (its own when
// none is open), so that it is applied entirely or not at all.
func (s *Session) runSteps(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	r := &stepRun{plan: p, params: params, formats: formats, w: w}
	// DDL is not transactional in IRIS; DML steps run as one unit.
	if err := s.asOneStatement(ctx, s.tx == txIdle && p.Kind != translate.KindDDL, func() error {
		if firstQueryStep(p.Steps) != nil {
			r.snap = s.zoneSnapshot(ctx, p.Columns)
		}
		if err := s.runStepList(ctx, r, p.Steps); err != nil {
			return err
		}
		if r.plan.Columns == nil && !r.sentDesc && firstQueryStep(p.Steps) != nil {
			// Every query step was skipped and the text does not give the columns
			// (RETURNING *): IRIS describes them, as PostgreSQL describes the empty result.
			sctx, done := s.statementContext(ctx)
			defer done()
			return s.describeReturning(sctx, r, p.Steps)
		}
		return nil
	}); err != nil {
		return err
	}
	if r.plan.Columns != nil && !r.sentDesc && firstQueryStep(p.Steps) != nil {
		// Every query step was skipped: PostgreSQL still describes the (empty) result.
		if err := w.RowDescription(localFields(r.plan.Columns)); err != nil {
			return err
		}
	}
	return w.CommandComplete(commandTag(p.Tag, r.count))
}

// firstQueryStep returns the first StepQuery of steps, branches included, or nil.
func firstQueryStep(steps []translate.Step) *translate.Step {
	for i := range steps {
		st := &steps[i]
		if st.Kind == translate.StepQuery {
			return st
		}
		if q := firstQueryStep(st.Then); q != nil {
			return q
		}
		if q := firstQueryStep(st.Else); q != nil {
			return q
		}
	}
	return nil
}

func (s *Session) runStepList(ctx context.Context, r *stepRun, steps []translate.Step) error {
	for i := range steps {
		if err := s.runStep(ctx, r, &steps[i]); err != nil {
			return err
		}
	}
	return nil
}

// stepContext is the statement context of one step: its own, or the one of the
// StepInsertEach that runs it.
func (s *Session) stepContext(ctx context.Context, r *stepRun) (context.Context, func()) {
	if r.sctx != nil {
		return r.sctx, func() {}
	}
	return s.statementContext(ctx)
}

func (s *Session) runStep(ctx context.Context, r *stepRun, st *translate.Step) error {
	if st.Kind == translate.StepConstraint {
		return s.runCheckOp(ctx, r, st)
	}
	if st.Kind == translate.StepRenameTable {
		return s.runRenameTable(ctx, st)
	}
	if st.Kind == translate.StepComment {
		return s.runComment(ctx, st)
	}
	if st.Kind == translate.StepNotice {
		return s.notice(r.w, &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: st.Code, Message: st.Message})
	}
	if st.Kind == translate.StepInsertEach {
		return s.runInsertEach(ctx, r, st)
	}
	args, err := irisArgs(st.Params, r.params)
	if err != nil {
		return err
	}
	sql := st.RenderIDs(r.ids)
	sctx, done := s.stepContext(ctx, r)
	defer done()
	switch st.Kind {
	case translate.StepExec:
		n, err := s.conn.Exec(sctx, sql, args)
		if err != nil {
			var se *iris.SQLError
			if st.IgnoreUniqueViolation && errors.As(err, &se) && se.SQLCODE == -119 {
				return nil
			}
			return s.irisError(sctx, err)
		}
		if st.CountRows {
			r.count += n
		}
		if len(st.Then) > 0 {
			// Run only when the statement went through: RETURNING of an INSERT that
			// a uniqueness failure skipped (IgnoreUniqueViolation) reads nothing.
			done()
			return s.runStepList(ctx, r, st.Then)
		}
		return nil
	case translate.StepQuery:
		rows, err := s.conn.Query(sctx, sql, args)
		if err != nil {
			return s.irisError(sctx, err)
		}
		defer rows.Close()
		fields := rowDescription(rows.Columns(), r.plan.Columns, r.formats)
		markCatalogTypes(r.snap, rows.Columns(), r.plan.Columns, fields)
		if !r.sentDesc {
			if err := r.w.RowDescription(fields); err != nil {
				return err
			}
			r.sentDesc = true
		}
		var pending bool
		n, err := s.streamRows(sctx, rows, fields, quotientColumns(rows.Columns(), r.plan.Columns, fields), r.w, 0, &pending)
		if st.CountRows {
			r.count += n
		}
		return err
	case translate.StepCheck:
		rows, err := s.conn.Query(sctx, sql, args)
		if err != nil {
			return s.irisError(sctx, err)
		}
		found := rows.Next()
		err = rows.Err()
		rows.Close()
		if err != nil {
			return s.irisError(sctx, err)
		}
		done()
		if found {
			return s.runStepList(ctx, r, st.Then)
		}
		return s.runStepList(ctx, r, st.Else)
	case translate.StepCollectIDs:
		rows, err := s.conn.Query(sctx, sql, args)
		if err != nil {
			return s.irisError(sctx, err)
		}
		defer rows.Close()
		r.ids = r.ids[:0]
		for rows.Next() {
			id, err := rows.Item(0).Int()
			if err != nil {
				return &wire.Error{Code: "XX000", Message: "IRIS returned a row id that is not an integer: " + err.Error()}
			}
			r.ids = append(r.ids, id)
		}
		if err := rows.Err(); err != nil {
			return s.irisError(sctx, err)
		}
		if st.CountRows {
			r.count += int64(len(r.ids))
		}
		return nil
	}
	return &wire.Error{Code: "XX000", Message: "internal error: unknown step kind " + st.Kind.String()}
}
