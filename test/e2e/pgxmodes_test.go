package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgxModes are pgx's query execution modes by name: the extended protocol with and
// without cached statements, and the simple protocol (pgx interpolates parameters).
var pgxModes = map[string]pgx.QueryExecMode{
	"cache_statement": pgx.QueryExecModeCacheStatement,
	"cache_describe":  pgx.QueryExecModeCacheDescribe,
	"describe_exec":   pgx.QueryExecModeDescribeExec,
	"exec":            pgx.QueryExecModeExec,
	"simple_protocol": pgx.QueryExecModeSimpleProtocol,
}

// comparePgxModes runs scenario through pgx in each named mode, once against a fresh
// PostgreSQL 15 database and once against pgwired, and fails the subtest when the
// observations differ; check, when set, also looks at pgwired's.
func comparePgxModes(t *testing.T, pg *postgres, pw *pgwired, modes []string, what string,
	scenario func(ctx context.Context, conn *pgx.Conn, mode string) []string, check func(t *testing.T, got string)) {
	for _, name := range modes {
		mode, ok := pgxModes[name]
		if !ok {
			t.Fatalf("no pgx mode %q", name)
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			run := func(dsn string) string {
				cfg, err := pgx.ParseConfig(dsn)
				if err != nil {
					t.Fatal(err)
				}
				cfg.DefaultQueryExecMode = mode
				conn, err := pgx.ConnectConfig(ctx, cfg)
				if err != nil {
					t.Fatalf("connect %s: %v", dsn, err)
				}
				defer conn.Close(ctx)
				return strings.Join(scenario(ctx, conn, name), "\n")
			}
			want := run(pg.freshDB(t))
			got := run(pw.DSN())
			if got != want {
				t.Errorf("pgx (%s) sees other %s through pgwired\n%s", name, what, lineDiff(want, got))
			}
			if check != nil {
				check(t, got)
			}
		})
	}
}

// fourPgxModes are the modes most tests compare in.
var fourPgxModes = []string{"cache_statement", "describe_exec", "exec", "simple_protocol"}

// pgxSteps records what a pgx scenario observes, one line per step, so the same
// scenario's lines from PostgreSQL and pgwired can be compared.
type pgxSteps struct {
	ctx   context.Context
	conn  *pgx.Conn
	lines []string
}

func (s *pgxSteps) rec(format string, args ...any) {
	s.lines = append(s.lines, fmt.Sprintf(format, args...))
}

// exec runs sql and records its command tag or SQLSTATE.
func (s *pgxSteps) exec(sql string, args ...any) {
	tag, err := s.conn.Exec(s.ctx, sql, args...)
	if err != nil {
		s.rec("exec %q: error %s", sql, sqlState(err))
		return
	}
	s.rec("exec %q: %s", sql, tag.String())
}
