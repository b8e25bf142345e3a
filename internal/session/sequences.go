package session

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Sequences. IRIS has no SQL sequences, so pgwired keeps them in a table of its own in
// the namespace, seqTable, one row per sequence, created on first need. The state is
// in IRIS, so every session and every pgwired instance on the namespace shares it.
//
// nextval and setval are never undone by the caller's ROLLBACK, as in PostgreSQL: they
// run in a short IRIS transaction of their own, which takes the sequence's row lock
// (a no-op UPDATE), reads the row, computes and writes it back. Where no IRIS
// transaction is open on the session's connection (outside a transaction block, or in a
// block before its first statement that used IRIS: BEGIN starts IRIS's transaction
// lazily) that runs on the session's connection before the statement; otherwise the
// client's transaction holds that connection, so it runs on a second connection from
// the pool (same IRIS login), which waits for a free slot like any other up to
// POOL_ACQUIRE_TIMEOUT (53300 then): a session that holds its connection needs two
// slots for that moment. A sequence created, altered or dropped in the open
// transaction block is the exception: PostgreSQL undoes its changes with the
// transaction, and pgwired advances it on the session's connection inside it.
// CREATE/ALTER/DROP SEQUENCE run in the client's transaction like other DDL.

// seqTable is the IRIS table holding every sequence (its schema is hidden from the
// catalog, see catalog.systemSchema).
const seqTable = "pgwired_meta.sequences"

const seqColumns = "data_type, last_value, is_called, increment_by, min_value, max_value, start_value, cache_size, is_cycle"

const seqCreateTable = "CREATE TABLE " + seqTable + " (seq_schema VARCHAR(128) COLLATE %EXACT NOT NULL, " +
	"seq_name VARCHAR(128) COLLATE %EXACT NOT NULL, data_type VARCHAR(8) NOT NULL, last_value BIGINT NOT NULL, " +
	"is_called INTEGER NOT NULL, increment_by BIGINT NOT NULL, min_value BIGINT NOT NULL, max_value BIGINT NOT NULL, " +
	"start_value BIGINT NOT NULL, cache_size BIGINT NOT NULL, is_cycle INTEGER NOT NULL, PRIMARY KEY (seq_schema, seq_name))"

// seqState is what a session knows of sequences: currval and lastval (PostgreSQL keeps
// them per session), and the sequences its open transaction block changed by DDL.
type seqState struct {
	values  map[translate.TableRef]int64
	last    translate.TableRef
	hasLast bool
	touched map[translate.TableRef]bool
}

// seqKey is the sequence a name means: unqualified names are in public.
func seqKey(r translate.TableRef) translate.TableRef {
	if r.Schema == "" {
		r.Schema = "public"
	}
	return r
}

func seqMissing(r translate.TableRef) error {
	return &wire.Error{Code: "42P01", Message: `relation "` + qualifiedName(r) + `" does not exist`}
}

// qualifiedName is the name as the client wrote it (without the implied public).
func qualifiedName(r translate.TableRef) string {
	if r.Schema == "" {
		return r.Name
	}
	return r.Schema + "." + r.Name
}

// isMissingTable: IRIS's "table not found" (SQLCODE -30), i.e. no sequence was ever made.
func isMissingTable(err error) bool {
	var se *iris.SQLError
	return errors.As(err, &se) && se.SQLCODE == -30
}

// seqRow reads a sequence's row on conn; found is false when there is none.
func seqRow(ctx context.Context, conn *iris.Conn, k translate.TableRef) (d seqDef, found bool, err error) {
	rows, err := conn.Query(ctx, "SELECT "+seqColumns+" FROM "+seqTable+" WHERE seq_schema = ? AND seq_name = ?", []any{k.Schema, k.Name})
	if err != nil {
		if isMissingTable(err) {
			return d, false, nil
		}
		return d, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return d, false, rows.Err()
	}
	v, err := rows.Values()
	if err != nil {
		return d, false, err
	}
	n := func(i int) int64 { x, _ := toInt64(v[i]); return x }
	typ, _ := v[0].(string)
	d = seqDef{Type: typ, Last: n(1), Called: n(2) != 0, Inc: n(3), Min: n(4), Max: n(5), Start: n(6), Cache: n(7), Cycle: n(8) != 0}
	return d, true, rows.Err()
}

func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	case []byte:
		n, err := strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
		return n, err == nil
	}
	return 0, false
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// lockSeqRow takes the sequence row's lock for the rest of the transaction: found is
// false when there is no such sequence.
func lockSeqRow(ctx context.Context, conn *iris.Conn, k translate.TableRef) (bool, error) {
	n, err := conn.Exec(ctx, "UPDATE "+seqTable+" SET is_called = is_called WHERE seq_schema = ? AND seq_name = ?", []any{k.Schema, k.Name})
	if err != nil {
		if isMissingTable(err) {
			return false, nil
		}
		return false, err
	}
	return n > 0, nil
}

func writeSeqRow(ctx context.Context, conn *iris.Conn, k translate.TableRef, d seqDef) error {
	_, err := conn.Exec(ctx, "UPDATE "+seqTable+" SET data_type = ?, last_value = ?, is_called = ?, increment_by = ?, min_value = ?, "+
		"max_value = ?, start_value = ?, cache_size = ?, is_cycle = ? WHERE seq_schema = ? AND seq_name = ?",
		[]any{d.Type, d.Last, boolInt(d.Called), d.Inc, d.Min, d.Max, d.Start, d.Cache, boolInt(d.Cycle), k.Schema, k.Name})
	return err
}

// updateSeq locks sequence k, lets change modify its definition and writes it back, in
// the transaction open on conn.
func updateSeq(ctx context.Context, conn *iris.Conn, name, k translate.TableRef, change func(*seqDef) error) error {
	found, err := lockSeqRow(ctx, conn, k)
	if err != nil {
		return err
	}
	if !found {
		return seqMissing(name)
	}
	d, found, err := seqRow(ctx, conn, k)
	if err != nil {
		return err
	}
	if !found {
		return seqMissing(name)
	}
	if err := change(&d); err != nil {
		return err
	}
	return writeSeqRow(ctx, conn, k, d)
}

func (s *Session) seqs() *seqState {
	if s.seq == nil {
		s.seq = &seqState{values: map[translate.TableRef]int64{}, touched: map[translate.TableRef]bool{}}
	}
	return s.seq
}

// seqTransaction runs fn in an IRIS transaction of its own that commits at once (see
// the comment at the top), or inside the client's when its block changed sequence k.
func (s *Session) seqTransaction(ctx context.Context, k translate.TableRef, fn func(context.Context, *iris.Conn) error) error {
	sctx, done := s.statementContext(ctx)
	defer done()
	if s.tx != txIdle && s.seq != nil && s.seq.touched[k] {
		if err := s.ensureConn(ctx); err != nil {
			return err
		}
		return s.seqIRISError(sctx, fn(sctx, s.conn))
	}
	conn := s.conn
	if s.tx == txIdle || s.txPending != "" {
		// No IRIS transaction is open on the session's connection.
		if err := s.connect(ctx); err != nil {
			return err
		}
		conn = s.conn
	} else {
		c, err := s.m.cfg.Pool.Acquire(sctx, s.cred)
		if err != nil {
			werr := backendError(err).(*wire.Error)
			werr.Severity = wire.SeverityError
			return werr
		}
		conn = c
		defer func() {
			if conn.Broken() {
				s.m.cfg.Pool.Discard(conn)
			} else {
				s.m.cfg.Pool.Release(conn)
			}
		}()
	}
	if _, err := conn.Exec(sctx, "START TRANSACTION ISOLATION LEVEL READ COMMITTED", nil); err != nil {
		return s.seqIRISError(sctx, err)
	}
	if err := fn(sctx, conn); err != nil {
		if rerr := conn.Rollback(context.WithoutCancel(sctx)); rerr != nil {
			conn.Close()
		}
		return s.seqIRISError(sctx, err)
	}
	if err := conn.Commit(sctx); err != nil {
		return s.seqIRISError(sctx, err)
	}
	return nil
}

// seqIRISError maps an IRIS failure of a sequence operation; pgwired's own errors pass.
func (s *Session) seqIRISError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var we *wire.Error
	if errors.As(err, &we) {
		return we
	}
	return s.irisError(ctx, err)
}

// readOnlyError is PostgreSQL's answer to nextval or setval in a read-only transaction.
func (s *Session) readOnlyError(fn string) error {
	if s.readOnly() {
		return &wire.Error{Code: "25006", Message: "cannot execute " + fn + "() in a read-only transaction"}
	}
	return nil
}

// readOnly: the open transaction block is READ ONLY, or default_transaction_read_only
// makes every transaction so.
func (s *Session) readOnly() bool {
	if s.tx != txIdle && s.txReadOnly {
		return true
	}
	v, _ := s.gucs.get("default_transaction_read_only")
	ro, _ := parseBool(v)
	return ro
}

// nextvals takes n values of sequence name in one transaction.
func (s *Session) nextvals(ctx context.Context, name translate.TableRef, n int) ([]int64, error) {
	if err := s.readOnlyError("nextval"); err != nil {
		return nil, err
	}
	k := seqKey(name)
	vals := make([]int64, 0, n)
	err := s.seqTransaction(ctx, k, func(ctx context.Context, conn *iris.Conn) error {
		vals = vals[:0]
		return updateSeq(ctx, conn, name, k, func(d *seqDef) error {
			for range n {
				v, err := d.next(k.Name)
				if err != nil {
					return err
				}
				vals = append(vals, v)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	st := s.seqs()
	st.values[k] = vals[len(vals)-1]
	st.last, st.hasLast = k, true
	s.invalidateCatalog() // pg_sequences.last_value
	return vals, nil
}

func (s *Session) setval(ctx context.Context, name translate.TableRef, v int64, called bool) error {
	if err := s.readOnlyError("setval"); err != nil {
		return err
	}
	k := seqKey(name)
	err := s.seqTransaction(ctx, k, func(ctx context.Context, conn *iris.Conn) error {
		return updateSeq(ctx, conn, name, k, func(d *seqDef) error { return d.setval(k.Name, v, called) })
	})
	if err != nil {
		return err
	}
	if called {
		s.seqs().values[k] = v
	}
	s.invalidateCatalog() // pg_sequences.last_value
	return nil
}

// currval is PostgreSQL's currval: the session's last nextval of the sequence, which
// must exist.
func (s *Session) currval(ctx context.Context, name translate.TableRef) (int64, error) {
	k := seqKey(name)
	if v, ok := s.seqs().values[k]; ok {
		return v, nil
	}
	if err := s.connect(ctx); err != nil {
		return 0, err
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	if _, found, err := seqRow(sctx, s.conn, k); err != nil {
		return 0, s.irisError(sctx, err)
	} else if !found {
		return 0, seqMissing(name)
	}
	return 0, &wire.Error{Code: "55000", Message: `currval of sequence "` + k.Name + `" is not yet defined in this session`}
}

func (s *Session) lastval() (int64, error) {
	st := s.seqs()
	if !st.hasLast {
		return 0, &wire.Error{Code: "55000", Message: "lastval is not yet defined in this session"}
	}
	return st.values[st.last], nil
}

// forgetSequences is DISCARD SEQUENCES (and ALL): currval and lastval become undefined.
func (s *Session) forgetSequences() {
	if s.seq != nil {
		s.seq.values = map[translate.TableRef]int64{}
		s.seq.hasLast = false
	}
}

// seqTransactionEnded forgets which sequences the ended transaction block changed; a
// rolled-back block takes its sequences' session values with it.
func (s *Session) seqTransactionEnded(committed bool) {
	if s.seq == nil || len(s.seq.touched) == 0 {
		return
	}
	for k := range s.seq.touched {
		if !committed {
			delete(s.seq.values, k)
			if s.seq.last == k {
				s.seq.hasLast = false
			}
		}
	}
	s.seq.touched = map[translate.TableRef]bool{}
}

// runSequence runs CREATE, ALTER or DROP SEQUENCE on the session's connection, in the
// client's transaction (autocommit outside a block).
func (s *Session) runSequence(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	cmd := p.Sequence
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	// Several names (DROP) change together or not at all, as in PostgreSQL.
	own := s.tx == txIdle && len(cmd.Names) > 1
	if own {
		if _, err := s.conn.Exec(sctx, "START TRANSACTION ISOLATION LEVEL READ COMMITTED", nil); err != nil {
			return s.irisError(sctx, err)
		}
	}
	var notices []*pgproto3.NoticeResponse
	changed, err := s.sequenceDDL(sctx, cmd, &notices)
	if own {
		if err != nil {
			_ = s.conn.Rollback(context.WithoutCancel(sctx))
		} else if cerr := s.conn.Commit(sctx); cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return s.seqIRISError(sctx, err)
	}
	for _, n := range notices {
		if err := s.notice(w, n); err != nil {
			return err
		}
	}
	st := s.seqs()
	for _, k := range changed {
		if cmd.Op != translate.SeqAlter {
			// A sequence made or dropped now is a new one for currval.
			delete(st.values, k)
			if st.last == k {
				st.hasLast = false
			}
		}
		if s.tx != txIdle {
			st.touched[k] = true
		}
	}
	s.invalidateCatalog()
	return w.CommandComplete(p.Tag)
}

// sequenceDDL runs the command and returns the sequences it changed (IF [NOT] EXISTS
// skips some).
func (s *Session) sequenceDDL(ctx context.Context, cmd *translate.SequenceCommand, notices *[]*pgproto3.NoticeResponse) (changed []translate.TableRef, err error) {
	skip := func(msg string) {
		*notices = append(*notices, &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "42P07", Message: msg})
	}
	conn := s.conn
	for _, name := range cmd.Names {
		k := seqKey(name)
		switch cmd.Op {
		case translate.SeqCreate:
			d, err := newSeqDef(cmd.Options)
			if err != nil {
				return nil, err
			}
			if k.Schema != "public" {
				if ok, err := s.schemaExists(ctx, k.Schema); err != nil {
					return nil, err
				} else if !ok {
					return nil, &wire.Error{Code: "3F000", Message: `schema "` + k.Schema + `" does not exist`}
				}
			}
			exists, err := s.relationExists(ctx, k)
			if err != nil {
				return nil, err
			}
			if !exists {
				_, exists, err = seqRow(ctx, conn, k)
				if err != nil {
					return nil, err
				}
			}
			if exists {
				if cmd.IfNotExists {
					skip(`relation "` + k.Name + `" already exists, skipping`)
					continue
				}
				return nil, &wire.Error{Code: "42P07", Message: `relation "` + k.Name + `" already exists`}
			}
			if err := insertSeqRow(ctx, conn, k, d); err != nil {
				return nil, err
			}
		case translate.SeqAlter:
			err := updateSeq(ctx, conn, name, k, func(d *seqDef) error { return d.apply(cmd.Options, false) })
			var we *wire.Error
			if cmd.IfExists && errors.As(err, &we) && we.Code == "42P01" {
				*notices = append(*notices, &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "00000",
					Message: `relation "` + qualifiedName(name) + `" does not exist, skipping`})
				continue
			}
			if err != nil {
				return nil, err
			}
		case translate.SeqDrop:
			n, err := conn.Exec(ctx, "DELETE FROM "+seqTable+" WHERE seq_schema = ? AND seq_name = ?", []any{k.Schema, k.Name})
			if err != nil && !isMissingTable(err) {
				return nil, err
			}
			if n == 0 {
				if cmd.IfExists {
					*notices = append(*notices, &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "00000",
						Message: `sequence "` + qualifiedName(name) + `" does not exist, skipping`})
					continue
				}
				return nil, &wire.Error{Code: "42P01", Message: `sequence "` + qualifiedName(name) + `" does not exist`}
			}
		}
		changed = append(changed, k)
	}
	return changed, nil
}

// insertSeqRow adds a sequence, creating pgwired's table on first need.
func insertSeqRow(ctx context.Context, conn *iris.Conn, k translate.TableRef, d seqDef) error {
	insert := func() error {
		_, err := conn.Exec(ctx, "INSERT INTO "+seqTable+" (seq_schema, seq_name, "+seqColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			[]any{k.Schema, k.Name, d.Type, d.Last, boolInt(d.Called), d.Inc, d.Min, d.Max, d.Start, d.Cache, boolInt(d.Cycle)})
		return err
	}
	err := insert()
	if isMissingTable(err) {
		// Another session may create it at the same moment (-201: it exists now).
		var se *iris.SQLError
		if _, cerr := conn.Exec(ctx, seqCreateTable, nil); cerr != nil && !(errors.As(cerr, &se) && se.SQLCODE == -201) {
			return cerr
		}
		err = insert()
	}
	var se *iris.SQLError
	if errors.As(err, &se) && se.SQLCODE == -119 {
		return &wire.Error{Code: "42P07", Message: `relation "` + k.Name + `" already exists`}
	}
	return err
}

// relationExists: a table or view of that name is in the schema (relations share one
// namespace in PostgreSQL).
func (s *Session) relationExists(ctx context.Context, k translate.TableRef) (bool, error) {
	schema := k.Schema
	if schema == "public" {
		schema = s.m.cfg.Translator.Options().Schema
	}
	rows, err := s.conn.Query(ctx, "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", []any{schema, k.Name})
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := rows.Next()
	return found, rows.Err()
}

// schemaExists: IRIS knows the schema (a PostgreSQL name; IRIS compares names without
// case).
func (s *Session) schemaExists(ctx context.Context, schema string) (bool, error) {
	rows, err := s.conn.Query(ctx, "SELECT 1 FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?", []any{schema})
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := rows.Next()
	return found, rows.Err()
}

// seqArg reads a sequence name argument of a sequence function called in a local query.
func seqArg(a translate.LocalArg, params []any) (translate.TableRef, bool, error) {
	text, null := argValue(a, params)
	if null {
		return translate.TableRef{}, true, nil
	}
	ref, err := translate.ParseSequenceName(text)
	if err != nil {
		return translate.TableRef{}, false, translateError(err)
	}
	return ref, false, nil
}

// evalSeqFunc computes nextval/currval/setval/lastval for a local query.
func (s *Session) evalSeqFunc(ctx context.Context, it translate.LocalItem, params []any) (string, bool, error) {
	if it.Func == "lastval" {
		v, err := s.lastval()
		return i64(v), false, err
	}
	name, null, err := seqArg(it.Args[0], params)
	if err != nil || null {
		return "", null, err
	}
	switch it.Func {
	case "nextval":
		vals, err := s.nextvals(ctx, name, 1)
		if err != nil {
			return "", false, err
		}
		return i64(vals[0]), false, nil
	case "currval":
		v, err := s.currval(ctx, name)
		return i64(v), false, err
	}
	// setval(name, value [, is_called])
	text, null := argValue(it.Args[1], params)
	if null {
		return "", true, nil
	}
	v, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return "", false, &wire.Error{Code: "22P02", Message: `invalid input syntax for type bigint: "` + text + `"`}
	}
	called := true
	if len(it.Args) > 2 {
		b, null := argValue(it.Args[2], params)
		if null {
			return "", true, nil
		}
		called, _ = parseBool(b)
	}
	if err := s.setval(ctx, name, v, called); err != nil {
		return "", false, err
	}
	return i64(v), false, nil
}

// seqCallValues computes the sequence calls of a statement (an INSERT … VALUES, its
// rows as steps) before it runs, in PostgreSQL's order: row by row, left to right. All
// values one sequence needs are taken in one transaction.
func (s *Session) seqCallValues(ctx context.Context, calls [][]translate.SeqCall) ([][]int64, error) {
	need := map[translate.TableRef]int{}
	var order []translate.SeqCall // the first nextval of each sequence
	for _, row := range calls {
		for _, c := range row {
			if c.Func == "nextval" {
				k := seqKey(c.Seq)
				if need[k] == 0 {
					order = append(order, c)
				}
				need[k]++
			}
		}
	}
	taken := map[translate.TableRef][]int64{}
	for _, c := range order {
		k := seqKey(c.Seq)
		vals, err := s.nextvals(ctx, c.Seq, need[k])
		if err != nil {
			return nil, err
		}
		taken[k] = vals
	}
	st := s.seqs()
	// Replay in order, so currval and lastval see the values as PostgreSQL's would.
	out := make([][]int64, len(calls))
	for i, row := range calls {
		out[i] = make([]int64, len(row))
		for j, c := range row {
			k := seqKey(c.Seq)
			switch c.Func {
			case "nextval":
				v := taken[k][0]
				taken[k] = taken[k][1:]
				st.values[k], st.last, st.hasLast = v, k, true
				out[i][j] = v
			case "currval":
				v, err := s.currval(ctx, c.Seq)
				if err != nil {
					return nil, err
				}
				out[i][j] = v
			case "lastval":
				v, err := s.lastval()
				if err != nil {
					return nil, err
				}
				out[i][j] = v
			}
		}
	}
	return out, nil
}

// withSeqValues returns the plan with its sequence calls replaced by their values.
func (s *Session) withSeqValues(ctx context.Context, p *translate.Plan) (*translate.Plan, error) {
	calls := [][]translate.SeqCall{p.SeqCalls}
	for _, st := range p.Steps {
		calls = append(calls, st.SeqCalls)
	}
	vals, err := s.seqCallValues(ctx, calls)
	if err != nil {
		return nil, err
	}
	render := func(sql string, calls []translate.SeqCall, vals []int64) string {
		i := 0
		out, _ := translate.RenderSeqCalls(sql, calls, func(translate.SeqCall) (int64, error) { i++; return vals[i-1], nil })
		return out
	}
	q := *p
	q.SQL, q.SeqCalls = render(p.SQL, p.SeqCalls, vals[0]), nil
	if len(p.Steps) > 0 {
		q.Steps = make([]translate.Step, len(p.Steps))
		for i, st := range p.Steps {
			st.SQL, st.SeqCalls = render(st.SQL, st.SeqCalls, vals[i+1]), nil
			q.Steps[i] = st
		}
	}
	return &q, nil
}

// hasSeqCalls: the plan (or a step) calls sequence functions.
func hasSeqCalls(p *translate.Plan) bool {
	if len(p.SeqCalls) > 0 {
		return true
	}
	for _, st := range p.Steps {
		if len(st.SeqCalls) > 0 {
			return true
		}
	}
	return false
}

// runSetvalQuery runs SELECT setval('s', <aggregate>) FROM …: the query gives the value
// (one row), then setval takes it; NULL leaves the sequence alone, as setval is strict.
func (s *Session) runSetvalQuery(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	sql, args, err := s.prepareCall(ctx, p, params)
	if err != nil {
		return err
	}
	sctx, done := s.statementContext(ctx)
	rows, err := s.conn.Query(sctx, sql, args)
	if err != nil {
		err = s.irisError(sctx, err)
		done()
		return err
	}
	var vals [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			rows.Close()
			done()
			return &wire.Error{Code: "XX000", Message: err.Error()}
		}
		vals = append(vals, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		err = s.irisError(sctx, err)
		done()
		return err
	}
	done()
	fields := localFields(p.Columns)
	for i := range fields {
		fields[i].Format = formatFor(formats, i)
	}
	if err := w.RowDescription(fields); err != nil {
		return err
	}
	for _, v := range vals {
		var cell []byte
		if len(v) > 0 && v[0] != nil {
			n, ok := toInt64(v[0])
			if !ok {
				return &wire.Error{Code: "22P02", Message: fmt.Sprintf("invalid input syntax for type bigint: \"%v\"", v[0])}
			}
			if err := s.setval(ctx, p.Setval.Seq, n, p.Setval.IsCalled); err != nil {
				return err
			}
			if cell, err = encodeLocal(i64(n), oidInt8, fields[0].Format); err != nil {
				return &wire.Error{Code: "XX000", Message: err.Error()}
			}
		}
		if err := w.DataRow([][]byte{cell}); err != nil {
			return err
		}
	}
	return w.CommandComplete("SELECT " + strconv.Itoa(len(vals)))
}
