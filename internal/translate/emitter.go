package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// translator holds what is shared by every IRIS statement emitted for one
// PostgreSQL statement.
type translator struct {
	opt      Options
	src      string // the whole client message (parser locations index into it)
	maxParam int    // highest $n seen
	// paramTypes records the PostgreSQL type a parameter is cast to ($1::int), which
	// PostgreSQL infers as the parameter's type.
	paramTypes map[int]uint32
	// maybeCatalog is mayReferenceCatalog(src): false lets the statement skip the
	// catalog walk.
	maybeCatalog bool
	// rec, when recording a shape template (shape.go), learns which literals were
	// written as they are and which were read; nil otherwise.
	rec *litRecorder
	// scopes are the FROM clauses of the statements being written, innermost last,
	// for Division columns; ctes the names of WITH queries, which are not tables.
	scopes [][]scopeRel
	ctes   map[string]bool
	// cteCols are the derived columns of the WITH queries (catalogcolumns.go).
	cteCols map[string]*derivedCols
	// mathFuncs collects Plan.MathFuncs.
	mathFuncs MathFuncs
	// with is the WITH RECURSIVE being translated (recursive.go), else nil.
	withq *withQueries
	// typeRefs collects Plan.TypeRefs.
	typeRefs []TypeRef
}

// emitter writes one IRIS SQL statement and records its "?" parameter mapping.
type emitter struct {
	*translator
	b       strings.Builder
	params  []int
	splices []IntSplice
	subst   *substitution // column rewriting inside ON CONFLICT DO UPDATE, else nil
	// scratching: this emitter's text is compared, not sent (see emitter.scratch), so the
	// literals it writes are values the translation depends on.
	scratching bool
	places     CatalogPlaces // what of b depends on column types
	paramCols  []ParamColumn // the parameters written as result columns into b
	// paramColsDepth: the select list whose parameters are result columns is that many
	// scopes down (a non-recursive term inlined by recursive.go), else the top one.
	paramColsDepth int
	// checksAllowed: a CREATE TABLE's column CHECK constraints are kept by pgwired
	// (checks.go); elsewhere (ADD COLUMN) they are refused.
	checksAllowed bool
	// exactQuotients: the next top-level select list may get hidden quotient operands
	// (quotient.go); divisionAt is the division being written as such an item, and
	// plainDivision says it was written as IRIS "/".
	exactQuotients bool
	// arrayAggItem is the array_agg call being written as a whole item of the outer
	// select list, the one place it may be (arrayagg.go).
	arrayAggItem *pg_query.FuncCall
	// valuesNames are the column names FROM (VALUES …) AS v(a, b) gives a VALUES list.
	valuesNames map[*pg_query.SelectStmt][]string
	// ageItem is the age call being written as a whole item of the outer select list
	// (age.go); elsewhere age is refused.
	ageItem       *pg_query.FuncCall
	divisionAt    *pg_query.A_Expr
	plainDivision bool
	// sortFrom is the FROM list of the query whose ORDER BY is being written.
	sortFrom []*pg_query.Node
	// seqCallsOK: sequence function calls may be written here (an INSERT … VALUES row);
	// seqCalls records them.
	seqCallsOK bool
	seqCalls   []SeqCall
	// rankGroups numbers the groups of EnumRank operands (enumorder.go); sortSources
	// are the table columns of the output names an ORDER BY outside a derived table it
	// wraps sorts by (DISTINCT, set operations: outputSorts).
	rankGroups  int
	sortSources []sortSource
	// windows is the WINDOW clause of the query whose select list and ORDER BY are
	// being written (named windows: window.go).
	windows []*pg_query.Node
}

func (t *translator) newEmitter() *emitter { return &emitter{translator: t} }

func (e *emitter) w(s string)     { e.b.WriteString(s) }
func (e *emitter) wb(c byte)      { e.b.WriteByte(c) }
func (e *emitter) ident(s string) { writeIdent(&e.b, s) }

// sql returns the emitted text and parameter mapping.
func (e *emitter) sql() (string, []int) { return e.b.String(), e.params }

// setSQL makes the emitted text the plan's IRIS statement, with its divisions.
func (e *emitter) setSQL(p *Plan) {
	p.SQL, p.Params = e.sql()
	p.CatalogPlaces, p.ParamColumns, p.SeqCalls = e.places, e.paramCols, e.seqCalls
}

// param writes "?" for $n.
func (e *emitter) param(p *pg_query.ParamRef) {
	e.noteParam(p)
	e.wb('?')
	e.params = append(e.params, int(p.Number)-1)
}

// maxParam is the most parameters a Bind message can carry (its count is 16 bits). A
// higher $n can never be bound, and sizing per-parameter arrays by it let one statement
// text ($2000000000) make the session allocate gigabytes (found by fuzzing).
const maxParam = 65535

func (e *emitter) noteParam(p *pg_query.ParamRef) {
	if p.Number < 1 || p.Number > maxParam {
		e.fail(stateUndefinedParam, p.Location, "there is no parameter $%d", p.Number)
	}
	if int(p.Number) > e.maxParam {
		e.maxParam = int(p.Number)
	}
}

// spliceInt records that the integer value of parameter p goes here (see IntSplice).
func (e *emitter) spliceInt(p *pg_query.ParamRef, offset bool) {
	e.noteParam(p)
	e.splices = append(e.splices, IntSplice{At: e.b.Len(), Param: int(p.Number) - 1, Offset: offset})
}

// step packages the emitted statement as a Step.
func (e *emitter) step(kind StepKind) Step {
	s, p := e.sql()
	return Step{Kind: kind, SQL: s, Params: p, CatalogPlaces: e.places, SeqCalls: e.seqCalls}
}

// tableName writes a relation name, mapping PostgreSQL's "public" schema to
// Options.Schema and leaving unqualified names unqualified (IRIS default schema).
func (e *emitter) tableName(rv *pg_query.RangeVar) {
	if rv.Catalogname != "" {
		e.unsupported(rv.Location, "a database-qualified name ("+rv.Catalogname+"."+rv.Relname+")")
	}
	switch {
	case e.isTempTable(rv.Schemaname, rv.Relname):
		e.w(e.opt.TempSchema)
		e.wb('.')
	case rv.Schemaname != "":
		e.schemaName(rv.Schemaname)
		e.wb('.')
	}
	e.ident(rv.Relname)
}

// isTempTable: schema.name (schema "" or pg_temp) is one of the session's temporary
// tables (Options.TempTables), not hidden by a WITH query of that name.
func (t *translator) isTempTable(schema, name string) bool {
	return t.opt.TempSchema != "" && (schema == "" || schema == "pg_temp") && t.opt.TempTables[name] && !t.ctes[name]
}

func (e *emitter) schemaName(s string) {
	if s == "public" {
		// The configured IRIS schema is an IRIS name, not a folded PostgreSQL one:
		// written bare when it is a plain identifier (IRIS ignores case).
		if isPlainIRISName(e.opt.Schema) {
			e.w(e.opt.Schema)
		} else {
			writeQuoted(&e.b, e.opt.Schema)
		}
		return
	}
	e.ident(s)
}

// irisSchemaOf returns the IRIS schema a relation lives in, for INFORMATION_SCHEMA
// checks (unqualified names resolve to the default schema).
func (t *translator) irisSchemaOf(schema string) string {
	if schema == "" || schema == "public" {
		return t.opt.Schema
	}
	return schema
}

func itoa(n int) string { return strconv.Itoa(n) }
