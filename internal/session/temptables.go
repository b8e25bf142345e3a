package session

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Temporary tables (CREATE TEMP TABLE). IRIS's global temporary tables keep their
// definition for every process and their rows per IRIS process, which pooled
// connections do not map to a client session. So a session's temporary tables are
// ordinary IRIS tables in a schema of its own (PGWTEMP + random hex), which its
// statements name: the session translates them with translate.Options.TempSchema and
// TempTables (bypassing the shared translation cache while it has any), and drops the
// tables when it ends or on DISCARD ALL / DISCARD TEMP, as PostgreSQL does.
type tempTables struct {
	schema string
	names  map[string]bool
	// left are work tables of WITH RECURSIVE (recursive.go) a failed statement could
	// not drop, as IRIS names them ("schema.table").
	left []string
}

func newTempTables() *tempTables {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &tempTables{schema: "PGWTEMP" + strings.ToUpper(hex.EncodeToString(b[:])), names: map[string]bool{}}
}

// anyTables: the session has tables of its own in IRIS to drop at its end.
func (t *tempTables) anyTables() bool { return t != nil && (len(t.names) > 0 || len(t.left) > 0) }

// translate is the session's translation of sql: the shared cache, or, while the
// session has temporary tables, a translation that names them.
func (s *Session) translate(sql string) ([]*translate.Plan, error) {
	if s.temp == nil || len(s.temp.names) == 0 {
		return s.m.cfg.Translator.Translate(sql)
	}
	return translate.Translate(sql, s.tempOptions())
}

func (s *Session) tempOptions() translate.Options {
	opt := s.m.cfg.Translator.Options()
	opt.TempSchema, opt.TempTables = s.temp.schema, s.temp.names
	return opt
}

// createTempTable runs CREATE TEMP TABLE. The shared translation (the session had no
// temporary tables) only names the table: it is translated again with the session's
// schema.
func (s *Session) createTempTable(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	if s.temp == nil {
		s.temp = newTempTables()
	}
	if p.SQL == "" && len(p.Steps) == 0 {
		plans, err := translate.Translate(p.Original, s.tempOptions())
		if err != nil {
			return translateError(err)
		}
		if p = plans[0]; p.SQL == "" && len(p.Steps) == 0 {
			return &wire.Error{Code: "XX000", Message: "CREATE TEMP TABLE translated without its schema"}
		}
		if len(p.TypeRefs) > 0 {
			if err := s.checkTypeRefs(ctx, p.TypeRefs); err != nil {
				return err
			}
		}
	}
	var err error
	if len(p.Steps) > 0 {
		err = s.runSteps(ctx, p, nil, nil, w)
	} else {
		err = s.runExec(ctx, p, nil, w)
	}
	if err != nil {
		return err
	}
	s.temp.names[p.TempTable] = true
	return nil
}

// forgetDroppedTemp takes the temporary tables a DROP TABLE dropped off the list.
func (s *Session) forgetDroppedTemp(p *translate.Plan) {
	if s.temp != nil {
		for _, name := range p.TempDrops {
			delete(s.temp.names, name)
		}
	}
}

// dropTempTables drops the session's temporary tables on conn.
func (s *Session) dropTempTables(ctx context.Context, conn *iris.Conn) error {
	if s.temp == nil {
		return nil
	}
	for name := range s.temp.names {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := conn.Exec(dctx, "DROP TABLE "+s.temp.schema+"."+translate.IRISIdent(name), nil)
		cancel()
		if err != nil {
			return err
		}
		delete(s.temp.names, name)
	}
	for len(s.temp.left) > 0 {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := conn.Exec(dctx, "DROP TABLE "+s.temp.left[0], nil)
		cancel()
		var se *iris.SQLError
		if err != nil && !(errors.As(err, &se) && se.SQLCODE == -30) { // -30: already gone
			return err
		}
		s.temp.left = s.temp.left[1:]
	}
	s.m.catalogCache().Invalidate(s.cred.Namespace)
	return nil
}
