package irissim

import (
	"context"
	"database/sql"
	"maps"
	"strconv"
	"strings"
)

// batchStmts keeps what a DU with several parameter sets can share between its sets:
// SQLite's compiled statements, and an INSERT's translation (the same IRIS text on the
// same catalog and transaction level translates to the same SQLite text; the values
// are only bound). Preparing and translating again for every set took half the time of
// a COPY load. Each set is still lexed, counted, locked and run like a single DU; a
// translation is reused only for the same text, catalog and transaction level, where
// translating again gives the same result. The session keeps the cache between
// batches (a COPY sends one DU per thousand rows), bounded by maxKeptStatements and
// dropped when the catalog changes; the statements close with the session's SQLite
// connection.
type batchStmts struct {
	cat     *catalog // the catalog the statements were compiled against
	stmts   map[string]*sql.Stmt
	inserts map[insertKey]*insertPlan
	args    []any // a multi-row INSERT's values, reused
}

type insertKey struct {
	text   string // the IRIS statement
	tlevel int    // $TLEVEL as the translation saw it
}

// insertPlan is a translated INSERT and the parameter types it inferred.
type insertPlan struct {
	q      string
	ptypes map[int]irisType
	tmpl   *rowTemplate   // nil: the sets run one INSERT each
	multi  map[int]string // SQLite text inserting n rows at once, by n
}

// rowTemplate is the shape of a translated INSERT … VALUES whose every value is one
// parameter: head (up to "VALUES ") and one iris_in call per column. From it the
// batch builds the same INSERT for many rows.
type rowTemplate struct {
	head     string
	slots    []valueSlot
	maxParam int // the highest parameter number the slots use
}

// valueSlot is one column's value: the parameter number, the text the translation
// wrote around it, and the quoted column spec.
type valueSlot struct {
	param     int
	pre, post string
	spec      string
}

// newValueSlot splits a value's translated text at its parameter; param 0 (or a text
// without it) marks a value that is not a bare parameter.
func newValueSlot(param int, text, spec string) valueSlot {
	marker := "?" + strconv.Itoa(param)
	i := strings.Index(text, marker)
	if param == 0 || i < 0 || strings.Contains(text[i+len(marker):], "?") {
		return valueSlot{}
	}
	return valueSlot{param: param, pre: text[:i], post: text[i+len(marker):], spec: spec}
}

// rowsSQL writes the INSERT for rows rows. Numbered, row r uses parameters
// r*nParams+1 … (r+1)*nParams, and one row gives the single-row text. Otherwise every
// value is an anonymous ? (SQLite binds numbered ones through a linear name lookup,
// quadratic in a long statement) and insertRows lays the values out in that order.
func (t *rowTemplate) rowsSQL(rows, nParams int, numbered bool) string {
	var b strings.Builder
	b.WriteString(t.head)
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for k, sl := range t.slots {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString("iris_in(")
			b.WriteString(sl.pre)
			b.WriteByte('?')
			if numbered {
				b.WriteString(strconv.Itoa(r*nParams + sl.param))
			}
			b.WriteString(sl.post)
			b.WriteString(", ")
			b.WriteString(sl.spec)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// maxRowsPerInsert bounds a multi-row INSERT: SQLite takes at most 32766 parameters.
const maxRowsPerInsert = 256

// translatedInsert returns the INSERT translation remembered for text, or nil.
func (b *batchStmts) translatedInsert(cat *catalog, text string, tlevel int) *insertPlan {
	if b == nil || b.cat != cat {
		return nil
	}
	return b.inserts[insertKey{text, tlevel}]
}

// rememberInsert keeps an INSERT's translation for the DU's later sets.
func (b *batchStmts) rememberInsert(cat *catalog, text string, tlevel int, q string, ptypes map[int]irisType, tmpl *rowTemplate) {
	if b == nil {
		return
	}
	b.sync(cat)
	if b.inserts == nil {
		b.inserts = map[insertKey]*insertPlan{}
	}
	if tmpl != nil {
		for _, sl := range tmpl.slots {
			if sl.param == 0 {
				tmpl = nil // a value that is not a bare parameter
				break
			}
			tmpl.maxParam = max(tmpl.maxParam, sl.param)
		}
		// Only a template that reproduces the single-row text exactly (no upsert
		// clause, nothing else added) may stand for it.
		if tmpl != nil && tmpl.rowsSQL(1, tmpl.maxParam, true) != q {
			tmpl = nil
		}
	}
	b.inserts[insertKey{text, tlevel}] = &insertPlan{q: q, ptypes: maps.Clone(ptypes), tmpl: tmpl}
}

// sync forgets everything compiled against another catalog (DDL between sets, or a
// reload): the next set compiles afresh, as a single DU would.
func (b *batchStmts) sync(cat *catalog) {
	if b.cat != cat {
		b.close()
		b.cat = cat
	}
}

// exec runs SQLite text q with args on conn, preparing q on first use.
func (b *batchStmts) exec(ctx context.Context, conn *sql.Conn, cat *catalog, q string, args []any) (sql.Result, error) {
	b.sync(cat)
	st := b.stmts[q]
	if st == nil {
		var err error
		if st, err = conn.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		if b.stmts == nil {
			b.stmts = map[string]*sql.Stmt{}
		}
		b.stmts[q] = st
	}
	return st.ExecContext(ctx, args...)
}

// maxKeptStatements bounds what a session keeps between DU batches; past it, the
// cache starts over.
const maxKeptStatements = 32

// trim empties the cache when it grew past maxKeptStatements.
func (b *batchStmts) trim() {
	if len(b.stmts)+len(b.inserts) > maxKeptStatements {
		b.close()
	}
}

func (b *batchStmts) close() {
	for _, st := range b.stmts {
		st.Close()
	}
	clear(b.stmts)
	clear(b.inserts)
}

// insertRows runs the next sets of a DU batch whose first set was an INSERT … VALUES of
// bare parameters as one multi-row INSERT of up to maxRowsPerInsert rows, inside an open
// transaction. It returns how many sets it took (0: not applicable) and whether they
// were all inserted. On any failure the savepoint undoes the whole statement, and the
// caller runs those sets one by one, so that the failing set reports IRIS's error and
// the sets before it stay applied, exactly as without this shortcut.
func (s *session) insertRows(ctx context.Context, text string, sets [][]any) (int, bool) {
	if s.batch == nil || !s.inTx || s.dryRun || len(sets) == 0 || len(sets[0]) == 0 {
		return 0, false
	}
	if s.openTx(ctx) != nil {
		return 0, false // the single DU waits for the lock and reports it
	}
	cat, err := s.catalog(ctx)
	if err != nil {
		return 0, false
	}
	p := s.batch.translatedInsert(cat, text, s.tlevel())
	if p == nil || p.tmpl == nil {
		return 0, false
	}
	nParams := len(sets[0])
	if p.tmpl.maxParam > nParams {
		return 0, false // the set is short; the single DU reports it
	}
	rows := min(len(sets), maxRowsPerInsert, 32766/nParams)
	if rows < 2 {
		return 0, false
	}
	q := p.multi[rows]
	if q == "" {
		q = p.tmpl.rowsSQL(rows, nParams, false)
		if p.multi == nil {
			p.multi = map[int]string{}
		}
		p.multi[rows] = q
	}
	args := s.batch.args[:0]
	for _, set := range sets[:rows] {
		for _, sl := range p.tmpl.slots {
			args = append(args, set[sl.param-1])
		}
	}
	s.batch.args = args
	if _, err := s.conn.ExecContext(ctx, `SAVEPOINT "%batch"`); err != nil {
		return rows, false
	}
	res, err := s.batch.exec(ctx, s.conn, cat, q, args)
	clear(args)
	if err == nil {
		if n, _ := res.RowsAffected(); n == int64(rows) {
			_, err = s.conn.ExecContext(ctx, `RELEASE "%batch"`)
			return rows, err == nil
		}
	}
	s.conn.ExecContext(ctx, `ROLLBACK TO "%batch"`)
	s.conn.ExecContext(ctx, `RELEASE "%batch"`)
	return rows, false
}
