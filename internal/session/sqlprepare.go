package session

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// SQL-level PREPARE / EXECUTE / DEALLOCATE. A statement prepared with PREPARE is what a
// Parse makes (preparePlan: prepared on IRIS, its parameter and column types described),
// kept by name for the session; EXECUTE binds its constant arguments as a client binds
// text parameters and runs it as a portal. PostgreSQL keeps these names and those of
// Parse messages in one namespace; pgwired keeps them apart (wire holds the protocol's).

func prepareMissing(name string) error {
	return &wire.Error{Code: "26000", Message: `prepared statement "` + name + `" does not exist`}
}

// prepareSQL runs PREPARE name [(types)] AS statement.
func (s *Session) prepareSQL(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	pc := p.Prepared
	if _, ok := s.sqlStatements[pc.Name]; ok {
		return &wire.Error{Code: "42P05", Message: `prepared statement "` + pc.Name + `" already exists`}
	}
	// -1: an error's position is found by SimpleQuery in the PREPARE text.
	ps, err := s.preparePlan(ctx, pc.Query, -1, pc.ParamOIDs)
	if err != nil {
		return err
	}
	if s.sqlStatements == nil {
		s.sqlStatements = map[string]*preparedStatement{}
	}
	s.sqlStatements[pc.Name] = ps
	return w.CommandComplete("PREPARE")
}

// executeSQL runs EXECUTE name [(arguments)]: the statement's rows, or its command tag.
func (s *Session) executeSQL(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	pc := p.Prepared
	ps := s.sqlStatements[pc.Name]
	if ps == nil {
		return prepareMissing(pc.Name)
	}
	if len(pc.Args) != len(ps.oids) {
		return &wire.Error{Code: "42601", Message: `wrong number of parameters for prepared statement "` + pc.Name + `"`,
			Detail: "Expected " + strconv.Itoa(len(ps.oids)) + " parameters but got " + strconv.Itoa(len(pc.Args)) + "."}
	}
	portal, err := ps.Bind(ctx, pc.Args, nil, nil)
	if err != nil {
		return err
	}
	defer portal.Close()
	if cols := portal.Columns(); cols != nil {
		if err := w.RowDescription(cols); err != nil {
			return err
		}
	}
	_, err = portal.Execute(ctx, describedWriter{w}, 0)
	return err
}

// describedWriter passes a portal's results on without the RowDescription that
// statements pgwired answers itself write: EXECUTE has already sent the statement's.
type describedWriter struct{ wire.ResultWriter }

func (describedWriter) RowDescription([]pgproto3.FieldDescription) error { return nil }

// deallocateSQL runs DEALLOCATE name | ALL. A name it does not know may be a statement
// of the extended protocol (some drivers drop those with DEALLOCATE): it succeeds, and
// wire keeps that statement.
func (s *Session) deallocateSQL(p *translate.Plan, w wire.ResultWriter) error {
	if p.Name == "" {
		s.sqlStatements = nil
	} else {
		delete(s.sqlStatements, p.Name)
	}
	return w.CommandComplete(p.Tag)
}

// executeTarget is the statement an EXECUTE runs, for Describe of a Parse of it.
func (s *Session) executeTarget(p *translate.Plan) *preparedStatement {
	if p.Kind != translate.KindExecute {
		return nil
	}
	return s.sqlStatements[p.Prepared.Name]
}
