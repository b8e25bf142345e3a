package translate

// Test harness shared by the simulator tests: an IRIS simulator with the fixture
// loaded, and runPlan, which runs a Plan the way internal/session does.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
)

const simFixtureFile = "testdata/simulator_fixture.sql"

// simDB is a simulator and a connection to it.
type simDB struct {
	srv  *irissim.Server
	conn *iris.Conn
}

// newSim starts an empty simulator and connects to it.
func newSim(t testing.TB) *simDB {
	t.Helper()
	srv, err := irissim.New(irissim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	conn, err := simConnect(addr.String())
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	return &simDB{srv: srv, conn: conn}
}

func simConnect(addr string) (*iris.Conn, error) {
	return iris.Connect(context.Background(), iris.Options{
		Addr: addr, Namespace: "USER", Username: "_SYSTEM", Password: "SYS",
	})
}

// startSim starts a simulator with the whole fixture loaded.
func startSim(t testing.TB) *simDB {
	t.Helper()
	db := newSim(t)
	fixture, err := os.ReadFile(simFixtureFile)
	if err != nil {
		db.close()
		t.Fatal(err)
	}
	if err := runPG(db.conn, string(fixture)); err != nil {
		db.close()
		t.Fatalf("%s: %v", simFixtureFile, err)
	}
	return db
}

func (db *simDB) close() {
	db.conn.Close()
	db.srv.Close()
}

// runPG translates PostgreSQL statements and runs every plan on c.
func runPG(c *iris.Conn, pg string) error {
	plans, err := Translate(pg, DefaultOptions())
	if err != nil {
		return err
	}
	for _, p := range plans {
		if _, err := runPlan(context.Background(), c, p, nil); err != nil {
			return fmt.Errorf("%s: %w", p.Original, err)
		}
	}
	return nil
}

// simResult is what running a plan produced: rows as text ("NULL" for NULL)
// and the row count the command tag would report.
type simResult struct {
	rows  [][]string
	count int64
}

// runPlan runs a plan the way internal/session does: the SQL directly (integer
// splices filled from args), or the steps in order with their branches and the
// collected RowIDs. It opens no transaction; callers decide.
func runPlan(ctx context.Context, c *iris.Conn, p *Plan, args []any) (simResult, error) {
	var res simResult
	p = seqValuesForTest(p)
	if len(p.Steps) > 0 {
		var ids []int64
		err := runSteps(ctx, c, p.Steps, args, &ids, &res)
		return res, err
	}
	if p.SQL == "" && len(p.IntSplices) == 0 {
		return res, nil
	}
	sql, err := p.RenderIntSplices(func(i int) (int64, error) {
		if n, ok := args[i].(int); ok {
			return int64(n), nil
		}
		return 0, fmt.Errorf("integer splice: parameter $%d is %T", i+1, args[i])
	})
	if err != nil {
		return res, err
	}
	if p.Kind == KindQuery {
		res.rows, err = queryRows(ctx, c, sql, pick(args, p.Params))
		res.count = int64(len(res.rows))
		return res, err
	}
	res.count, err = c.Exec(ctx, sql, pick(args, p.Params))
	return res, err
}

func runSteps(ctx context.Context, c *iris.Conn, steps []Step, args []any, ids *[]int64, res *simResult) error {
	for i := range steps {
		st := &steps[i]
		sql, stArgs := st.RenderIDs(*ids), pick(args, st.Params)
		switch st.Kind {
		case StepNotice, StepComment:
			// A comment is the session's write to pgwired's own table (session/comments.go).
		case StepConstraint:
			// The session tests the condition with a query like this one: IRIS must accept it.
			if st.Check.Add != nil {
				q := "SELECT TOP 1 1 FROM " + st.Check.Table.SQL + " WHERE NOT (" + st.Check.Add.Cond + ")"
				if _, err := queryRows(ctx, c, q, nil); err != nil {
					return fmt.Errorf("%s: %w", q, err)
				}
			} else if sql != "" && (st.Check.Drop != "" || st.Check.RenameColumn != "") {
				if _, err := c.Exec(ctx, sql, stArgs); err != nil {
					return fmt.Errorf("%s: %w", sql, err)
				}
			}
		case StepRenameTable:
			if _, err := c.Exec(ctx, sql, stArgs); err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
		case StepExec:
			n, err := c.Exec(ctx, sql, stArgs)
			var se *iris.SQLError
			if err != nil && st.IgnoreUniqueViolation && errors.As(err, &se) && se.SQLCODE == -119 {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
			if st.CountRows {
				res.count += n
			}
		case StepQuery:
			rows, err := queryRows(ctx, c, sql, stArgs)
			if err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
			res.rows = append(res.rows, rows...)
		case StepCheck:
			rows, err := queryRows(ctx, c, sql, stArgs)
			if err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
			branch := st.Else
			if len(rows) > 0 {
				branch = st.Then
			}
			if err := runSteps(ctx, c, branch, args, ids, res); err != nil {
				return err
			}
		case StepCollectIDs:
			rows, err := queryRows(ctx, c, sql, stArgs)
			if err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
			*ids = (*ids)[:0]
			for _, r := range rows {
				var id int64
				if _, err := fmt.Sscan(r[0], &id); err != nil {
					return fmt.Errorf("%s: row id %q: %w", sql, r[0], err)
				}
				*ids = append(*ids, id)
			}
			if st.CountRows {
				res.count += int64(len(rows))
			}
		case StepInsertEach:
			if err := runInsertEach(ctx, c, st, stArgs, args, ids, res); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown step kind %v", st.Kind)
		}
	}
	return nil
}

// runInsertEach runs a StepInsertEach as the session does: the query's rows first,
// then per row the INSERT (the values as IRIS returned them) and the steps of Then.
func runInsertEach(ctx context.Context, c *iris.Conn, st *Step, stArgs, args []any, ids *[]int64, res *simResult) error {
	rows, err := c.Query(ctx, st.SQL, stArgs)
	if err != nil {
		return fmt.Errorf("%s: %w", st.SQL, err)
	}
	width := len(rows.Columns())
	var vals [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			rows.Close()
			return err
		}
		vals = append(vals, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", st.SQL, err)
	}
	var names []string
	if st.Insert.Columns == 0 {
		// The session takes them from the catalog.
		tbl, err := c.Prepare(ctx, "SELECT * FROM "+strings.TrimPrefix(st.Insert.Head, "INSERT INTO "))
		if err != nil {
			return err
		}
		for _, col := range tbl.Columns() {
			names = append(names, col.Name)
		}
		tbl.Close()
	}
	insert, err := st.Insert.SQL(width, names)
	if err != nil {
		return err
	}
	for _, v := range vals {
		n, err := c.Exec(ctx, insert, v)
		if err != nil {
			return fmt.Errorf("%s: %w", insert, err)
		}
		res.count += n
		if err := runSteps(ctx, c, st.Then, args, ids, res); err != nil {
			return err
		}
	}
	return nil
}

// pick orders the PostgreSQL arguments as a statement's "?" markers use them.
func pick(args []any, params []int) []any {
	if len(params) == 0 {
		return nil
	}
	out := make([]any, len(params))
	for i, p := range params {
		out[i] = args[p]
	}
	return out
}

func queryRows(ctx context.Context, c *iris.Conn, sql string, args []any) ([][]string, error) {
	rows, err := c.Query(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				row[i] = "NULL"
			case time.Time:
				row[i] = v.Format("2006-01-02 15:04:05.999999999")
			default:
				row[i] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// irisStatements lists every IRIS statement of a plan: its SQL (integer splices
// filled with 2), each step's SQL (RowIDs 1 and 2 spliced in) and the COPY
// statement (for COPY … FROM without a column list, the metadata query whose
// columns make the INSERT).
func irisStatements(p *Plan) []string {
	var out []string
	p = seqValuesForTest(p)
	if p.SQL != "" || len(p.IntSplices) > 0 {
		sql, _ := p.RenderIntSplices(func(int) (int64, error) { return 2, nil })
		out = append(out, sql)
	}
	var walk func([]Step)
	walk = func(steps []Step) {
		for i := range steps {
			if steps[i].Kind != StepNotice {
				out = append(out, steps[i].RenderIDs([]int64{1, 2}))
			}
			if r := steps[i].Insert; r != nil && r.Columns > 0 {
				sql, _ := r.SQL(r.Columns, nil)
				out = append(out, sql)
			}
			walk(steps[i].Then)
			walk(steps[i].Else)
		}
	}
	walk(p.Steps)
	if c := p.Copy; c != nil {
		switch {
		case c.From && c.InsertSQL == "":
			// The session's query for the target's columns (see prepareCase).
			out = append(out, "SELECT * FROM "+c.Table)
		case c.From:
			out = append(out, c.InsertSQL)
		default:
			out = append(out, c.SelectSQL)
		}
	}
	return out
}

// seqValuesForTest fills the sequence calls of an INSERT (which the session takes from
// its sequences) with 7, 8, 9 …, as the session fills them.
func seqValuesForTest(p *Plan) *Plan {
	if len(p.SeqCalls) == 0 && !nestedSeqCalls(p.Steps) {
		return p
	}
	n := int64(6)
	next := func(SeqCall) (int64, error) { n++; return n, nil }
	q := *p
	q.SQL, _ = RenderSeqCalls(p.SQL, p.SeqCalls, next)
	q.SeqCalls = nil
	q.Steps = make([]Step, len(p.Steps))
	for i, st := range p.Steps {
		st.SQL, _ = RenderSeqCalls(st.SQL, st.SeqCalls, next)
		st.SeqCalls = nil
		q.Steps[i] = st
	}
	return &q
}
