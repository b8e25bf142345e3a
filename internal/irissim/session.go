package irissim

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

// namespace is one IRIS namespace: one SQLite database file.
type namespace struct {
	name string
	db   *sql.DB
	gen  atomic.Uint64 // bumped after DDL becomes visible; sessions reload their catalog

	writers writeQueue // fair queue of writers in front of SQLite's single write lock
}

func openNamespace(dir, name string) (*namespace, error) {
	registerSQLite()
	path := filepath.Join(dir, strings.ToUpper(strings.TrimPrefix(name, "%"))+".db")
	if strings.HasPrefix(name, "%") {
		path = filepath.Join(dir, "_"+strings.ToUpper(name[1:])+".db")
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout("+strconv.Itoa(int(lockTimeout.Milliseconds()))+")") // IRIS LockTimeout default
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "case_sensitive_like(0)")
	// A self-referencing ON DELETE CASCADE deletes a whole subtree, as IRIS's
	// referential actions do: the cascading trigger must fire for the rows it deletes.
	q.Add("_pragma", "recursive_triggers(1)")
	q.Set("_dqs", "0") // "x" is always an identifier, never a string
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// Connections are not reused across IRIS sessions: per-connection state
	// (last_insert_rowid, savepoints) must not leak from one login to the next.
	db.SetMaxIdleConns(0)
	ctx := context.Background()
	for _, stmt := range metaDDL {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("irissim: namespace %s: %w", name, err)
		}
	}
	if err := createInfoSchema(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("irissim: namespace %s: INFORMATION_SCHEMA: %w", name, err)
	}
	return &namespace{name: name, db: db}, nil
}

func (ns *namespace) close() error { return ns.db.Close() }

// session is the SQL side of one IRIS connection. It owns one SQLite
// connection, so transactions are per IRIS connection as in IRIS.
type session struct {
	ns      *namespace
	conn    *sql.Conn
	user    string
	job     string
	version string

	cat    *catalog
	catGen uint64

	inTx       bool
	txOpen     bool // the SQLite transaction of inTx has begun (at its first write)
	writing    bool // holds ns.writers (a write statement runs or a transaction is open)
	txDDL      bool // DDL ran in the open transaction: others must reload on commit
	savepoints []string

	toks       []token
	lastSQL    string           // text of the statement being executed
	paramTypes map[int]irisType // inferred parameter types of the current statement
	dryRun     bool             // compile DML without running it (PP)
	autoCommit bool             // false: DML opens a transaction that COMMIT ends
	batch      *batchStmts      // kept, while a DU with several parameter sets runs
	kept       *batchStmts      // statements and translations kept for DU batches
}

func newSession(ctx context.Context, ns *namespace, user, job, version string) (*session, error) {
	conn, err := ns.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &session{ns: ns, conn: conn, user: user, job: job, version: version, catGen: ^uint64(0),
		paramTypes: map[int]irisType{}, autoCommit: true}, nil
}

// close rolls back whatever the connection left open and releases it.
func (s *session) close() error {
	if s.inTx {
		s.rollbackAll(context.Background())
	}
	s.unlockWriteIdle()
	return s.conn.Close()
}

func (s *session) catalog(ctx context.Context) (*catalog, error) {
	gen := s.ns.gen.Load()
	if s.cat != nil && gen == s.catGen {
		return s.cat, nil
	}
	cat, err := loadCatalog(ctx, s.conn)
	if err != nil {
		return nil, err
	}
	s.cat, s.catGen = cat, gen
	return cat, nil
}

// ddlDone makes a DDL change visible to other sessions' catalogs (now, or at
// COMMIT when inside a transaction).
func (s *session) ddlDone() {
	s.cat = nil
	if s.inTx {
		s.txDDL = true
		return
	}
	s.ns.gen.Add(1)
}

func (s *session) tlevel() int {
	if !s.inTx {
		return 0
	}
	return 1 + len(s.savepoints)
}

func (s *session) env(cat *catalog) *rewriteEnv {
	return &rewriteEnv{cat: cat, user: s.user, namespace: s.ns.name, version: s.version, job: s.job,
		tlevel: s.tlevel(), ptypes: s.paramTypes}
}

// result is the outcome of one statement.
type result struct {
	rows     *sql.Rows // open cursor for queries
	cols     []resultCol
	affected int64
	nParams  int        // parameter markers in the statement
	params   []irisType // their types (VARCHAR when unknown)
}

// resultCol is the metadata of one result column.
type resultCol struct {
	name     string
	typ      irisType
	typed    bool // false: infer from values (expressions)
	nullable int  // 0 no nulls, 1 nullable, 2 unknown
	table    string
	schema   string
	ident    bool // the IDENTITY (RowID) field
	autoInc  bool
	exact    bool // EXACT collation: case-sensitive
	upper    bool // DISTINCT/GROUP BY/UNION over SQLUPPER: IRIS returns the upper-cased value
}

// execute runs one IRIS SQL statement. args are already decoded parameter values.
func (s *session) execute(ctx context.Context, text string, args []any) (*result, *sqlError) {
	toks, lerr := lex(text, s.toks)
	if lerr != nil {
		return nil, lerr
	}
	s.toks = toks
	s.lastSQL = text
	if toks[0].kind == tkEOF {
		return nil, errSyntax("Empty statement")
	}
	nParams := maxParam(toks)
	if nParams != len(args) {
		return nil, sqlErrorf(-1, "Statement has %d parameter markers, %d values supplied", nParams, len(args))
	}
	cat, err := s.catalog(ctx)
	if err != nil {
		return nil, asSQLError(err)
	}
	clear(s.paramTypes)
	res, serr := s.dispatch(ctx, cat, toks, args)
	if res != nil {
		res.nParams = nParams
		res.params = s.paramTypeList(nParams)
	}
	return res, serr
}

func (s *session) dispatch(ctx context.Context, cat *catalog, toks []token, args []any) (*result, *sqlError) {
	first := toks[0]
	if !s.dryRun && isWrite(first) {
		// Writers queue in arrival order; outside a transaction the lock is given back
		// when the statement ends (it has committed by then).
		if err := s.lockWrite(ctx); err != nil {
			return nil, err
		}
		defer s.unlockWriteIdle()
		if err := s.openTx(ctx); err != nil {
			return nil, err
		}
	}
	switch {
	case first.is("SELECT") || first.is("WITH") || first.op("("):
		return s.query(ctx, cat, toks, args)
	case first.is("INSERT"):
		return s.insert(ctx, cat, toks, args)
	case first.is("UPDATE"):
		return s.update(ctx, cat, toks, args)
	case first.is("DELETE"):
		return s.delete(ctx, cat, toks, args)
	case first.is("CREATE"), first.is("DROP"), first.is("ALTER"), first.is("TRUNCATE"):
		return s.ddl(ctx, cat, toks)
	case first.is("START"), first.is("COMMIT"), first.is("ROLLBACK"), first.is("SAVEPOINT"),
		first.is("SET"), first.is("RELEASE"):
		return s.transaction(ctx, toks)
	case first.is("LOCK"), first.is("UNLOCK"):
		return s.lockTable(ctx, cat, toks)
	case first.is("BEGIN"):
		return nil, errSyntax("BEGIN is not an IRIS SQL command; use START TRANSACTION")
	case first.is("VALUES"):
		return nil, errSyntax("VALUES is not a query in IRIS SQL")
	}
	return nil, errSyntax(fmt.Sprintf("Invalid SQL statement beginning with %s", first.text))
}

// isWrite reports whether a statement starting with first writes the database.
func isWrite(first token) bool {
	switch first.up {
	case "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE":
		return first.kind == tkIdent
	}
	return false
}

// query runs a SELECT and returns its open cursor with column metadata.
func (s *session) query(ctx context.Context, cat *catalog, toks []token, args []any) (*result, *sqlError) {
	rw := newRewriter(toks, s.env(cat))
	if err := rw.query(0, len(toks)-1); err != nil {
		return nil, err
	}
	if len(rw.levels) != 1 {
		return nil, errSyntax("Unbalanced '('")
	}
	rows, err := s.conn.QueryContext(ctx, rw.out.String(), args...)
	if err != nil {
		return nil, mapSQLiteError(err, opSelect, cat)
	}
	cols, err := describeColumns(rows, rw.tables)
	if err != nil {
		rows.Close()
		return nil, mapSQLiteError(err, opSelect, cat)
	}
	applyStaticTypes(cols, toks, rw.tables)
	for i := range cols {
		c := &cols[i]
		if c.table != "" && c.typ.Kind == kString && !c.exact &&
			(rw.distinct || rw.union || rw.groupBy[upperIdent(c.name)]) {
			c.upper = true
		}
	}
	return &result{rows: rows, cols: cols}, nil
}

// describeColumns builds result metadata: table columns keep their defined
// name and type; expressions are typed later from their values.
func describeColumns(rows *sql.Rows, tables []*table) ([]resultCol, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	cols := make([]resultCol, len(cts))
	for i, ct := range cts {
		c := resultCol{name: ct.Name(), nullable: 1}
		// A wrapping subquery (PP's describe) makes SQLite rename duplicates "a:1".
		if base, suffix, ok := strings.Cut(c.name, ":"); ok && suffix != "" && strings.Trim(suffix, "0123456789") == "" {
			for _, prev := range cols[:i] {
				if strings.EqualFold(prev.name, base) {
					c.name = base
					break
				}
			}
		}
		decl := ct.DatabaseTypeName()
		if decl != "" {
			if t, tc := sourceColumn(tables, c.name, decl); tc != nil {
				c.name, c.typ, c.typed = tc.Name, tc.Type, true
				c.table, c.schema = t.Name, t.Schema
				c.ident, c.autoInc, c.exact = tc.Identity, tc.AutoIncrement, tc.Exact
				if tc.NotNull || tc.Identity {
					c.nullable = 0
				}
			} else {
				c.typ, c.typed = typeFromDecl(decl)
			}
		}
		cols[i] = c
	}
	return cols, nil
}

// sourceColumn finds the table column a result column comes from: the first
// table with that column name whose declared type matches (joins often share
// names such as ID), else the first with the name.
func sourceColumn(tables []*table, name, decl string) (*table, *column) {
	var ft *table
	var fc *column
	for _, t := range tables {
		if t.derived {
			continue // not a stored column: typed by applyStaticTypes
		}
		tc := t.col(name)
		if tc == nil {
			continue
		}
		phys := tc.Type.physicalDecl()
		if tc.Identity {
			phys = "INTEGER"
		}
		if strings.EqualFold(phys, decl) {
			return t, tc
		}
		// Another declared type may still be this column's (SQLite reports some
		// differently), but not one of another kind: SELECT name AS x FROM t, where t
		// also has an integer x, is the text column.
		if dt, ok := typeFromDecl(decl); fc == nil && (!ok || sameKindFamily(dt.Kind, tc.Type.Kind)) {
			ft, fc = t, tc
		}
	}
	return ft, fc
}

// sameKindFamily: two kinds whose values SQLite stores alike (numbers, text, blobs).
func sameKindFamily(a, b valueKind) bool {
	family := func(k valueKind) int {
		switch k {
		case kString, kLongChar, kGUID:
			return 1
		case kBinary, kLongBin:
			return 2
		}
		return 0
	}
	return family(a) == family(b)
}

// dataDir returns dir or a new temporary directory (and whether it is temporary).
func dataDir(dir string) (string, bool, error) {
	if dir != "" {
		return dir, false, os.MkdirAll(dir, 0o755)
	}
	tmp, err := os.MkdirTemp("", "irissim-")
	return tmp, true, err
}

func maxParam(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.kind == tkParam {
			n = max(n, t.num)
		}
	}
	return n
}

func (s *session) paramTypeList(n int) []irisType {
	out := make([]irisType, n)
	for i := range out {
		t, ok := s.paramTypes[i+1]
		if !ok {
			t = varcharType(odbcVarcharMax)
		}
		out[i] = t
	}
	return out
}
