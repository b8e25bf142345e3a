package translate

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Kind says who answers a Plan and how.
type Kind int

// Plan kinds. The session dispatches on these; only KindQuery, KindDML, KindDDL,
// KindBegin/Commit/Rollback/Savepoint/RollbackTo and KindSetTransaction carry IRIS SQL.
const (
	KindEmpty          Kind = iota // empty query string: EmptyQueryResponse
	KindQuery                      // returns rows from IRIS
	KindDML                        // INSERT/UPDATE/DELETE on IRIS
	KindDDL                        // schema change on IRIS (SQL may be empty for accepted no-ops)
	KindBegin                      // BEGIN / START TRANSACTION (SQL = IRIS START TRANSACTION …)
	KindCommit                     // COMMIT / END
	KindRollback                   // ROLLBACK / ABORT
	KindSavepoint                  // SAVEPOINT name
	KindRelease                    // RELEASE [SAVEPOINT] name: IRIS has none, the session emulates it
	KindRollbackTo                 // ROLLBACK TO [SAVEPOINT] name
	KindSetTransaction             // SET TRANSACTION … forwarded to IRIS
	KindSet                        // SET name = value (session-local GUC)
	KindShow                       // SHOW name / SHOW ALL
	KindReset                      // RESET name / RESET ALL
	KindDiscard                    // DISCARD ALL|PLANS|SEQUENCES|TEMP
	KindDeallocate                 // DEALLOCATE [PREPARE] name|ALL
	KindListen                     // LISTEN channel
	KindUnlisten                   // UNLISTEN channel|*
	KindCopy                       // COPY … FROM STDIN / TO STDOUT
	KindCatalog                    // touches pg_catalog/information_schema: answered by the catalog layer
	KindLocalQuery                 // answered by the session itself (version(), current_setting('x'), …)
	KindDeclareCursor              // DECLARE name CURSOR FOR query: Cursor.Query holds the query's plan
	KindFetch                      // FETCH / MOVE [FORWARD] n|ALL [FROM] name
	KindCloseCursor                // CLOSE name | ALL
	KindPrepare                    // PREPARE name [(types)] AS statement: Prepared.Query holds its plan
	KindExecute                    // EXECUTE name [(constants)]
	KindCreateTableAs              // CREATE TABLE … AS query, SELECT … INTO: SQL is the INSERT … SELECT that fills the table
	KindSetConstraints             // SET CONSTRAINTS ALL IMMEDIATE|DEFERRED: accepted, IRIS checks keys per statement
	KindSequence                   // CREATE/ALTER/DROP SEQUENCE: Sequence describes it; the session keeps sequences
	KindLockTable                  // LOCK TABLE: Steps lock and unlock at transaction end; only in a transaction block
	KindRecursive                  // SELECT with WITH RECURSIVE: Recursive holds the pieces; SQL describes the result
	KindEnum                       // CREATE TYPE … AS ENUM, ALTER TYPE … ADD VALUE, DROP TYPE: Enum describes it; the session keeps enum types
)

var kindNames = [...]string{
	KindEmpty: "Empty", KindQuery: "Query", KindDML: "DML", KindDDL: "DDL", KindBegin: "Begin",
	KindCommit: "Commit", KindRollback: "Rollback", KindSavepoint: "Savepoint", KindRelease: "Release",
	KindRollbackTo: "RollbackTo", KindSetTransaction: "SetTransaction", KindSet: "Set", KindShow: "Show",
	KindReset: "Reset", KindDiscard: "Discard", KindDeallocate: "Deallocate", KindListen: "Listen",
	KindUnlisten: "Unlisten", KindCopy: "Copy", KindCatalog: "Catalog", KindLocalQuery: "LocalQuery",
	KindDeclareCursor: "DeclareCursor", KindFetch: "Fetch", KindCloseCursor: "CloseCursor",
	KindPrepare: "Prepare", KindExecute: "Execute", KindCreateTableAs: "CreateTableAs",
	KindSetConstraints: "SetConstraints", KindSequence: "Sequence", KindLockTable: "LockTable", KindRecursive: "Recursive",
	KindEnum: "Enum",
}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Plan is the translation of one PostgreSQL statement. Plans are immutable once
// returned and may be shared between sessions (see Cache): never modify one.
type Plan struct {
	Kind     Kind
	Original string // the PostgreSQL text of this statement, trimmed, without ';'
	// SQL is the IRIS statement to run, with "?" markers and no trailing ';'.
	// Empty when the plan has Steps, or when nothing runs on IRIS (session kinds, no-op DDL).
	SQL string
	// Params maps each "?" of SQL, in order, to a 0-based PostgreSQL parameter index
	// ($1 → 0). A parameter used twice appears twice.
	Params []int
	// NumParams is the highest $n referenced anywhere in the statement (0 = none).
	NumParams int
	// ParamTypes gives, by parameter index, the PostgreSQL type OID the text implies
	// ($1::int → int4), 0 where it does not; nil when no parameter is cast. PostgreSQL
	// infers a parameter's type from such a cast, and so does Describe.
	ParamTypes []uint32
	// IntSplices lists positions in SQL where the session must insert the decimal
	// text of an integer parameter (LIMIT/OFFSET values IRIS does not accept as "?").
	// Use RenderIntSplices. Spliced parameters do not appear in Params.
	IntSplices []IntSplice
	// Tag is the command-tag verb ("SELECT", "INSERT", "CREATE TABLE", …); the session
	// appends counts ("INSERT 0 n", "SELECT n", "UPDATE n").
	Tag string
	// Columns are the result columns as PostgreSQL names them (FigureColname rules),
	// with a type OID when it is known from the text (0 = use IRIS metadata).
	// Nil when the names cannot be known (SELECT *, RETURNING *) or no rows are returned.
	Columns []Column
	// Steps is non-empty when the statement needs several IRIS calls (RETURNING,
	// IF [NOT] EXISTS, multi-row VALUES, ON CONFLICT, DROP of several objects).
	// The session runs them in order inside one transaction (opening one if none is
	// open) and builds one result: rows of StepQuery steps, count from CountRows steps.
	Steps []Step
	// Set describes KindSet, KindReset and KindShow.
	Set *SetCommand
	// Copy describes KindCopy.
	Copy *CopyCommand
	// Local describes KindLocalQuery.
	Local *LocalQuery
	// Cursor describes KindDeclareCursor, KindFetch and KindCloseCursor.
	Cursor *CursorCommand
	// Prepared describes KindPrepare and KindExecute.
	Prepared *PreparedCommand
	// CreateTableAs describes KindCreateTableAs.
	CreateTableAs *CreateTableAs
	// Sequence describes KindSequence.
	Sequence *SequenceCommand
	// Enum describes KindEnum.
	Enum *EnumCommand
	// TypeRefs are the types of column definitions (CREATE TABLE, ALTER TABLE … ADD
	// COLUMN) that are not built in: the session checks they are enum types, and their
	// defaults labels, before the statement runs (enum.go).
	TypeRefs []TypeRef
	// Setval, on a KindQuery, says the query's one value goes to setval (sequence.go).
	Setval *SetvalQuery
	// SeqCalls are the sequence function calls of an INSERT … VALUES (sequence.go), in
	// the order PostgreSQL evaluates them; the session fills them in (RenderSeqCalls).
	SeqCalls []SeqCall
	// Recursive describes KindRecursive.
	Recursive *Recursive
	// TempTable is the table a CREATE TEMP TABLE (or … AS) creates; TempDrops the
	// temporary tables a DROP TABLE drops (Options.TempTables).
	TempTable string
	TempDrops []string
	// Savepoint is the savepoint name (PostgreSQL-folded) for KindSavepoint,
	// KindRelease and KindRollbackTo.
	Savepoint string
	// Tx holds BEGIN / SET TRANSACTION characteristics.
	Tx *TxOptions
	// Name is the object of KindDeallocate, KindListen, KindUnlisten ("" = ALL / *)
	// and the mode of KindDiscard ("all", "plans", "sequences", "temp").
	Name string
	// Stmt is the parsed PostgreSQL statement (pg_query AST), set for KindCatalog
	// plans, which the catalog layer evaluates from it. Shared: read only.
	Stmt *pg_query.Node
	// CatalogPlaces are the places of SQL whose IRIS form depends on the types of
	// some columns, which only the catalog tells. Use WithCatalog before running SQL.
	CatalogPlaces
	// CatalogError, set by WithCatalog, is PostgreSQL's error for what the catalog showed
	// (a construct pgwired cannot run as PostgreSQL would, 0A000; a column a grouped query
	// may not read, 42803): the session answers it instead of running SQL.
	CatalogError *Error
	// ColumnList is set for an INSERT without a column list whose translation needs the
	// columns' names (ON CONFLICT (k)): WithCatalog translates it again with them.
	ColumnList *ColumnList
	// MathFuncs are the functions of a restricted domain the statement calls. IRIS fails
	// them all alike (SQLCODE -400), which the session refines by them into PostgreSQL's
	// 2201F or 2201E.
	MathFuncs MathFuncs
	// ParamColumns are the parameters that are a result column by themselves in the
	// select list of a query (SELECT $1; not in subqueries or set operations):
	// PostgreSQL gives the column the parameter's type. Use WithParamTypes.
	ParamColumns []ParamColumn
	// EnumParams are the parameters cast to an enum type, set by WithCatalog: the
	// session checks their values are labels (enumvalues.go).
	EnumParams []EnumParam
	// Write is the table an INSERT or UPDATE writes, whose CHECK constraints the
	// session enforces (checks.go); nil for other statements.
	Write *WriteTarget
	// Dropped are the tables and views a DROP TABLE or DROP VIEW drops, whose CHECK
	// constraints and comments the session forgets.
	Dropped []CheckTable
	// Truncated names the tables of a TRUNCATE (of several: the table of each step).
	// PostgreSQL refuses to truncate a table another table's foreign key references
	// unless both are truncated, and empties them at once; IRIS checks foreign keys at
	// each DELETE, so the session checks the first and runs the steps of referencing
	// tables first (OrderSteps).
	Truncated []TableRef
}

// OrderSteps returns the plan with its steps in the order given (indexes into Steps),
// p itself when that is the order they have.
func (p *Plan) OrderSteps(order []int) *Plan {
	same := true
	for i, o := range order {
		same = same && i == o
	}
	if same || len(order) != len(p.Steps) {
		return p
	}
	q := *p
	q.Steps = make([]Step, len(order))
	q.Truncated = make([]TableRef, len(order))
	for i, o := range order {
		q.Steps[i], q.Truncated[i] = p.Steps[o], p.Truncated[o]
	}
	return &q
}

// ImplicitColumns is where, at SQL[At], an INSERT of Count values without a column
// list needs one: PostgreSQL gives the values to the first Count columns of Table and
// the rest their defaults, while IRIS takes values for every column or none.
type ImplicitColumns struct {
	At    int
	Count int
	Table TableRef
}

// Catalog tells WithCatalog what the catalog knows of a statement's tables.
type Catalog interface {
	// ColumnType is the PostgreSQL type of the column; ok false when not known.
	ColumnType(CatalogColumn) (oid uint32, ok bool)
	// ColumnNames are the IRIS names of the table's columns in order; nil when not known.
	ColumnNames(TableRef) []string
	// ColumnScale is the declared scale of a numeric(p,s) column, 0 otherwise.
	ColumnScale(CatalogColumn) int
	// ColumnTable is the index in c.Tables of the one table that has column c.
	ColumnTable(c CatalogColumn) (int, bool)
	// PrimaryKey names the columns of the table's primary key (PostgreSQL names); nil
	// when it has none or is not known.
	PrimaryKey(TableRef) []string
	// Enum is the enum type of OID oid (a column's type), or with oid 0 the one named
	// name (Schema "" = public); nil when there is none.
	Enum(oid uint32, name TableRef) *EnumType
}

// ParamColumn is the "?" at SQL[At] of 0-based parameter Param, a result column by
// itself.
type ParamColumn struct {
	At    int
	Param int
}

// Division is a "/" in Plan.SQL between operands that PostgreSQL types as integers
// exactly when every column in Columns is of an integer type (the rest of each
// operand is integer already: literals, casts, count(*), + - * % of those). PostgreSQL
// then divides to an integer, truncating; IRIS's "/" never truncates and its integer
// division is "\".
type Division struct {
	At      int // byte offset of the '/' in Plan.SQL
	Columns []CatalogColumn
}

// ColumnLiteral is a string literal in Plan.SQL, SQL[At:End], that PostgreSQL reads
// as a value of Column's type: compared with it, assigned to it (SET, INSERT VALUES)
// or listed in its IN list. For a boolean column PostgreSQL reads 't', 'yes', 'off' …
// as booleans, which IRIS's BIT column does not; for a timestamp column it reads
// '2024-01-02T03:04' and '2024-01-02 03:04', which IRIS does not. Only literals that
// are boolean words or such time stamps are recorded. With TypeOf, SQL[At:End] is
// instead pg_typeof(Column), which becomes the name of the column's type.
type ColumnLiteral struct {
	At, End int
	Column  CatalogColumn
	// TypeOf: SQL[At:End] is pg_typeof(Column), replaced by the name of Column's type.
	TypeOf bool
}

// CatalogColumn is a column the statement names: the one of Tables (PostgreSQL
// names from the FROM clause or the statement's table; Schema "" = the default
// schema) that has Column, or with Column "" the Position-th (1-based) column of the
// single table (INSERT … VALUES without a column list).
type CatalogColumn struct {
	Column   string
	Position int
	Tables   []TableRef
}

// CatalogPlaces are the places of an IRIS statement whose form depends on column
// types, which only the catalog tells (Plan.WithCatalog).
type CatalogPlaces struct {
	Divisions      []Division
	ColumnLiterals []ColumnLiteral
	DateAriths     []DateArith
	// ImplicitColumns is set for a one-row INSERT … VALUES without a column list.
	ImplicitColumns *ImplicitColumns
	StarSorts       []StarSort
	// LockColumn is set for the locking UPDATE of a SELECT * … FOR UPDATE (forupdate.go).
	LockColumn *LockColumn
	// Ungrouped is set for a query with GROUP BY (grouping.go).
	Ungrouped    *GroupCheck
	NumericTexts []NumericText
	// EpochTexts are extract(epoch from c) of a column c (Column, at SQL[ColAt:ColEnd]),
	// written as whole seconds: WithCatalog gives a time stamp column PostgreSQL's
	// numeric with its fraction.
	EpochTexts []NumericText
	// IntegerColumns must be integer columns for the translation to be exact (interval
	// '1 hour' * n as DATEADD('hh', 1 * n, …)); otherwise WithCatalog refuses the plan.
	IntegerColumns []CatalogColumn
	// UniqueOrders are the key columns of windows whose ROWS frame was written as the
	// default one (window.go): each list must hold its table's primary key, or
	// WithCatalog refuses the plan.
	UniqueOrders [][]CatalogColumn
	// TargetColumns are the unqualified columns RETURNING reads in an UPDATE … FROM or a
	// DELETE … USING: each must be a column of Tables[0] (the target) and of no other
	// table, or WithCatalog refuses the plan (0A000) or gives PostgreSQL's 42702.
	TargetColumns []CatalogColumn
	// JSONColumns are select-list items read from a json or jsonb column (jsonpath.go).
	JSONColumns []JSONColumn
	// EnumLiterals are string literals PostgreSQL reads as values of Column (compared
	// with it, assigned to it, in its IN list): labels when it is an enum column
	// (enumvalues.go). EnumCasts are casts to types that are not built in.
	EnumLiterals []ColumnLiteral
	EnumCasts    []EnumCast
	// EnumParamRefs are parameters PostgreSQL reads as values of a column: of an enum
	// type when the column is (Plan.EnumParams).
	EnumParamRefs []EnumParamRef
	// EnumRanks and EnumAggs are operands whose order matters and min/max calls: for
	// enum types written in their labels' order (enumorder.go).
	EnumRanks []EnumRank
	EnumAggs  []EnumAgg
}

// NumericText is SQL[At:End], a column made text (CAST(c AS VARCHAR), an operand of ||)
// whose column is SQL[ColAt:ColEnd]: PostgreSQL's text of a numeric(p,s) value has s
// fraction digits (1.50), IRIS's canonical number has none to spare (1.5). For such a
// column WithCatalog writes CASE WHEN c IS NULL THEN NULL ELSE $JUSTIFY(c, 0, s) END.
type NumericText struct {
	At, End, ColAt, ColEnd int
	Column                 CatalogColumn
}

func (c *CatalogPlaces) empty() bool {
	return len(c.Divisions) == 0 && len(c.ColumnLiterals) == 0 && len(c.DateAriths) == 0 && c.ImplicitColumns == nil &&
		len(c.StarSorts) == 0 && c.LockColumn == nil && c.Ungrouped == nil && len(c.NumericTexts) == 0 && len(c.EpochTexts) == 0 &&
		len(c.IntegerColumns) == 0 && len(c.UniqueOrders) == 0 && len(c.TargetColumns) == 0 && len(c.JSONColumns) == 0 &&
		len(c.EnumLiterals) == 0 && len(c.EnumCasts) == 0 && len(c.EnumRanks) == 0 && len(c.EnumAggs) == 0 &&
		len(c.EnumParamRefs) == 0
}

// GroupCheck lists the columns a query with GROUP BY reads outside aggregates (Read) and
// the plain columns it groups by (Grouped). PostgreSQL accepts a read column only when it
// is grouped or the grouped columns hold its table's primary key (functional dependency);
// otherwise 42803. IRIS would answer with one row's value. WithCatalog checks.
type GroupCheck struct {
	Read    []GroupRef
	Grouped []GroupRef
}

// GroupRef is a column reference of a GroupCheck: the column and the names the statement
// gives the tables it may belong to (Qualifiers, by Column.Tables). No position: plans
// are shared by texts that differ in literals (the session finds the reference).
type GroupRef struct {
	Column     CatalogColumn
	Qualifiers []string
}

// LockColumn is SQL[At:End], the "c = c" of the no-op UPDATE that locks the rows of
// Table for a SELECT * … FOR UPDATE, where no column of the table is named: the catalog
// gives c, the table's last column (ORMs put the key, which IRIS will not update even
// to itself when it is an identity, first).
type LockColumn struct {
	At, End int
	Table   TableRef
}

// StarSort is an ORDER BY position of a SELECT * (SQL[At:End] is the position, which
// IRIS reads as an ordinal): PostgreSQL puts NULLs last, which needs the column, and
// only the catalog tells which column of Tables (the tables the star expands, in order)
// it is. WithCatalog writes the key as for a named column; unresolved, the ordinal
// stays (NULLs then sort first, as IRIS sorts them).
type StarSort struct {
	At, End    int
	Position   int // 1-based, in the star's expansion
	Tables     []StarTable
	NullsFirst bool
	Qualify    bool // the FROM list has several tables: name the column with its table's
}

// StarTable is a table a SELECT * expands, and the name the query calls it by.
type StarTable struct {
	Table     TableRef
	Qualifier string
}

// ownOffsets gives c its own copies of its offsets and returns pointers to them (see
// Plan.ownOffsets).
func (c *CatalogPlaces) ownOffsets(at []*int) []*int {
	c.Divisions = slices.Clone(c.Divisions)
	for i := range c.Divisions {
		at = append(at, &c.Divisions[i].At)
	}
	c.ColumnLiterals = slices.Clone(c.ColumnLiterals)
	for i := range c.ColumnLiterals {
		at = append(at, &c.ColumnLiterals[i].At, &c.ColumnLiterals[i].End)
	}
	c.DateAriths = slices.Clone(c.DateAriths)
	for i := range c.DateAriths {
		d := &c.DateAriths[i]
		at = append(at, &d.At, &d.Op, &d.End)
	}
	if c.ImplicitColumns != nil {
		ic := *c.ImplicitColumns
		c.ImplicitColumns = &ic
		at = append(at, &ic.At)
	}
	if c.LockColumn != nil {
		lc := *c.LockColumn
		c.LockColumn = &lc
		at = append(at, &lc.At, &lc.End)
	}
	c.EpochTexts = slices.Clone(c.EpochTexts)
	for i := range c.EpochTexts {
		n := &c.EpochTexts[i]
		at = append(at, &n.At, &n.End, &n.ColAt, &n.ColEnd)
	}
	c.NumericTexts = slices.Clone(c.NumericTexts)
	for i := range c.NumericTexts {
		n := &c.NumericTexts[i]
		at = append(at, &n.At, &n.End, &n.ColAt, &n.ColEnd)
	}
	c.StarSorts = slices.Clone(c.StarSorts)
	for i := range c.StarSorts {
		at = append(at, &c.StarSorts[i].At, &c.StarSorts[i].End)
	}
	c.EnumLiterals = slices.Clone(c.EnumLiterals)
	for i := range c.EnumLiterals {
		at = append(at, &c.EnumLiterals[i].At, &c.EnumLiterals[i].End)
	}
	c.EnumCasts = slices.Clone(c.EnumCasts)
	for i := range c.EnumCasts {
		at = append(at, &c.EnumCasts[i].At, &c.EnumCasts[i].End)
	}
	c.EnumRanks = slices.Clone(c.EnumRanks)
	for i := range c.EnumRanks {
		if r := &c.EnumRanks[i]; r.End > 0 {
			at = append(at, &r.At, &r.End)
		}
	}
	c.EnumAggs = slices.Clone(c.EnumAggs)
	for i := range c.EnumAggs {
		a := &c.EnumAggs[i]
		at = append(at, &a.At, &a.ArgAt, &a.ArgEnd, &a.End)
	}
	return at
}

// DateArith is "L + R" or "L - R" in Plan.SQL, SQL[At:End] with the operator at Op,
// where L or R or both are columns (the other an integer by its text, or a
// parameter). PostgreSQL computes on dates when the columns' types make it date ±
// integer, integer + date or date - date; IRIS would add and subtract numbers. The date
// forms are CAST(DATEADD('dd', n, d) AS DATE) and DATEDIFF('dd', R, L).
type DateArith struct {
	At, Op, End int
	Left, Right *CatalogColumn // nil: an integer
	// Item is the 1-based select-list position of a query whose item this is, whole:
	// a difference of time stamps there is an interval the session shows (Column.Interval);
	// elsewhere it is refused (Plan.CatalogError).
	Item int
}

// TableRef names a table as the statement does (PostgreSQL names, folded).
type TableRef struct{ Schema, Name string }

// WithCatalog returns the plan with its Divisions, ColumnLiterals and ImplicitColumns
// written for what the catalog says of its tables: "\" for a division of integer
// columns, 1 or 0 for a literal of a boolean column, the column list of an INSERT of
// fewer values than columns. p itself when nothing changes.
func (p *Plan) WithCatalog(cat Catalog) *Plan {
	if p.ColumnList != nil {
		return p.ColumnList.translate(p, cat)
	}
	q := p.edited(catalogEdits(p.SQL, &p.CatalogPlaces, cat))
	if q != p {
		q.CatalogPlaces = CatalogPlaces{}
	}
	if e := p.Ungrouped.check(cat); e != nil {
		if q == p {
			c := *p
			q = &c
		}
		q.CatalogError = e
	}
	if e := byteaLiteralError(p.SQL, p.ColumnLiterals, cat); e != nil {
		if q == p {
			c := *p
			q = &c
		}
		q.CatalogError = e
	}
	if len(p.EnumCasts) > 0 || len(p.EnumLiterals) > 0 || len(p.EnumRanks) > 0 || len(p.EnumAggs) > 0 ||
		len(p.EnumParamRefs) > 0 || stepsNeedCatalog(p.Steps) {
		q = p.withEnums(q, cat)
	}
	for _, c := range p.IntegerColumns {
		if operandKind(&c, cat) != oidInt4 {
			if q == p {
				cp := *p
				q = &cp
			}
			q.CatalogError = &Error{SQLState: stateUnsupported, Message: unsupportedMessage("an interval times column " + c.Column + ", which is not an integer column (IRIS's DATEADD counts whole units)")}
		}
	}
	for _, keys := range p.UniqueOrders {
		if !holdsPrimaryKey(keys, cat) {
			if q == p {
				cp := *p
				q = &cp
			}
			q.CatalogError = &Error{SQLState: stateUnsupported, Message: unsupportedMessage("a ROWS window frame ordered by keys that are not unique (only the table's primary key makes ROWS … CURRENT ROW the default frame)")}
		}
	}
	for _, c := range p.TargetColumns {
		if e := targetColumnError(c, cat); e != nil {
			if q == p {
				cp := *p
				q = &cp
			}
			q.CatalogError = e
		}
	}
	if len(p.JSONColumns) > 0 {
		if q == p {
			c := *p
			q = &c
		}
		q.Columns = slices.Clone(q.Columns)
		if e := resolveJSONColumns(q.Columns, p.JSONColumns, cat); e != nil {
			q.CatalogError = e
		}
	}
	if items, refused := timestampDifferences(p.DateAriths, cat); refused || len(items) > 0 {
		if q == p {
			c := *p
			q = &c
		}
		if refused {
			q.CatalogError = &Error{SQLState: stateUnsupported, Message: unsupportedMessage("subtracting time stamps (an interval result) inside an expression")}
		}
		q.Columns = slices.Clone(q.Columns)
		for _, i := range items {
			if i-1 < len(q.Columns) {
				q.Columns[i-1].Interval = true
			}
		}
	}
	// The rows of a multi-row INSERT (and of ON CONFLICT) are steps of their own.
	if steps, changed := catalogSteps(p.Steps, cat); changed {
		if q == p {
			c := *p
			q = &c
		}
		q.Steps = steps
	}
	if w := p.Write; w != nil {
		if rows, changed := catalogSteps(w.NewRows, cat); changed {
			if q == p {
				c := *p
				q = &c
			}
			nw := *w
			nw.NewRows = rows
			q.Write = &nw
		}
	}
	return q
}

// NeedsCatalog reports whether the plan has places that WithCatalog resolves.
func (p *Plan) NeedsCatalog() bool {
	return !p.CatalogPlaces.empty() || stepsNeedCatalog(p.Steps) || (p.Write != nil && stepsNeedCatalog(p.Write.NewRows)) || p.ColumnList != nil
}

func stepsNeedCatalog(steps []Step) bool {
	for _, st := range steps {
		if !st.CatalogPlaces.empty() || stepsNeedCatalog(st.Then) || stepsNeedCatalog(st.Else) {
			return true
		}
	}
	return false
}

// catalogSteps applies catalogEdits to each step, its Then and Else; it returns the
// steps unchanged (and false) when none needs an edit.
func catalogSteps(steps []Step, cat Catalog) ([]Step, bool) {
	var out []Step
	for i, st := range steps {
		changed := false
		if edits := catalogEdits(st.SQL, &st.CatalogPlaces, cat); len(edits) > 0 {
			sql, move := applyEdits(st.SQL, edits)
			for _, o := range st.ownOffsets() {
				*o = move(*o)
			}
			st.SQL, st.CatalogPlaces = sql, CatalogPlaces{}
			changed = true
		}
		if then, ok := catalogSteps(st.Then, cat); ok {
			st.Then, changed = then, true
		}
		if els, ok := catalogSteps(st.Else, cat); ok {
			st.Else, changed = els, true
		}
		if changed {
			if out == nil {
				out = append([]Step(nil), steps...)
			}
			out[i] = st
		}
	}
	if out == nil {
		return steps, false
	}
	return out, true
}

// columnListText is names as the column list of an INSERT: " (a, b)".
func columnListText(names []string) string {
	var b strings.Builder
	b.WriteString(" (")
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		writeIdent(&b, n)
	}
	b.WriteByte(')')
	return b.String()
}

// catalogEdits are the edits of one IRIS statement for what the catalog says.
func catalogEdits(sql string, places *CatalogPlaces, cat Catalog) []edit {
	var edits []edit
	if ic := places.ImplicitColumns; ic != nil && ic.At <= len(sql) {
		if names := cat.ColumnNames(ic.Table); ic.Count < len(names) {
			edits = append(edits, edit{ic.At, ic.At, columnListText(names[:ic.Count])})
		}
	}
	if lc := places.LockColumn; lc != nil && lc.End <= len(sql) && lc.At < lc.End {
		if names := cat.ColumnNames(lc.Table); len(names) > 0 {
			var b strings.Builder
			writeIdent(&b, names[len(names)-1])
			col := b.String()
			edits = append(edits, edit{lc.At, lc.End, col + " = " + col})
		}
	}
	for _, n := range places.NumericTexts {
		if n.End > len(sql) || n.At > n.ColAt || n.ColAt >= n.ColEnd || n.ColEnd > n.End {
			continue
		}
		oid, ok := cat.ColumnType(n.Column)
		scale := cat.ColumnScale(n.Column)
		if !ok || oid != oidNumeric || scale <= 0 {
			continue
		}
		col := sql[n.ColAt:n.ColEnd]
		edits = append(edits, edit{n.At, n.End, "CASE WHEN " + col + " IS NULL THEN NULL ELSE $JUSTIFY(" + col + ", 0, " + strconv.Itoa(scale) + ") END"})
	}
	for _, n := range places.EpochTexts {
		if n.End > len(sql) || n.At > n.ColAt || n.ColAt >= n.ColEnd || n.ColEnd > n.End {
			continue
		}
		if oid, ok := cat.ColumnType(n.Column); ok && (oid == oidTimestamp || oid == oidTimestamptz) {
			edits = append(edits, edit{n.At, n.End, "CAST(DATEDIFF('ms', '1970-01-01 00:00:00', " + sql[n.ColAt:n.ColEnd] + ") / 1000 AS NUMERIC(20,6))"})
		}
	}
	for _, s := range places.StarSorts {
		if s.End > len(sql) || s.At >= s.End {
			continue
		}
		if key := starSortKey(s, cat); key != "" {
			edits = append(edits, edit{s.At, s.End, key})
		}
	}
	for _, d := range places.Divisions {
		all := true
		for _, c := range d.Columns {
			oid, ok := cat.ColumnType(c)
			if !ok || (oid != oidInt2 && oid != oidInt4 && oid != oidInt8) {
				all = false
				break
			}
		}
		if all && d.At < len(sql) && sql[d.At] == '/' {
			edits = append(edits, edit{d.At, d.At + 1, `\`})
		}
	}
	for _, l := range places.EnumLiterals {
		// char(n): PostgreSQL's trailing blanks are padding, insignificant in comparisons
		// and not kept as characters; IRIS's CHAR keeps what it is given (pgwired pads
		// on output), so a literal for such a column loses its trailing blanks.
		lit, ok := literalText(sql, l.At, l.End)
		if !ok || !strings.HasSuffix(lit, " ") {
			continue
		}
		if oid, ok := cat.ColumnType(l.Column); ok && oid == oidBpchar {
			var b strings.Builder
			writeStringLit(&b, strings.TrimRight(lit, " "))
			edits = append(edits, edit{l.At, l.End, b.String()})
		}
	}
	for _, l := range places.ColumnLiterals {
		if l.TypeOf {
			name := ""
			if oid, ok := cat.ColumnType(l.Column); ok {
				name = regtypeNames[oid]
			}
			if t := columnEnum(l.Column, cat); t != nil {
				name = t.Name
			}
			if name != "" && l.End <= len(sql) && l.At < l.End {
				var b strings.Builder
				writeStringLit(&b, name)
				edits = append(edits, edit{l.At, l.End, b.String()})
			}
			continue
		}
		oid, ok := cat.ColumnType(l.Column)
		if !ok || l.End > len(sql) || l.At >= l.End {
			continue
		}
		lit := sql[l.At:l.End]
		if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
			continue
		}
		v := strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
		switch oid {
		case oidBool:
			if b, ok := parseBool(v); ok {
				text := "0"
				if b {
					text = "1"
				}
				edits = append(edits, edit{l.At, l.End, text})
			}
		case oidTimestamp, oidTimestamptz:
			if needsODBCTimestamp(v) {
				norm := zonedTimestamp(v, oid)
				edits = append(edits, edit{l.At, l.End, "'" + norm + "'"})
			}
		case oidBytea:
			if b, err := decodeBytea(v); err == nil && needsByteaDecoding(v) {
				edits = append(edits, edit{l.At, l.End, "CAST(" + irisBinary(b) + " AS VARBINARY(" + itoa(maxStringLen) + "))"})
			}
		}
	}
	for _, d := range places.DateAriths {
		if text, ok := dateArithText(sql, d, cat); ok {
			edits = append(edits, edit{d.At, d.End, text})
		}
	}
	if len(places.EnumCasts) > 0 {
		casts, _, _, _ := enumCastEdits(sql, places.EnumCasts, cat)
		edits = append(edits, casts...)
	}
	if len(places.EnumRanks) > 0 || len(places.EnumAggs) > 0 {
		ranks, _ := enumOrderEdits(sql, places.EnumRanks, places.EnumAggs, cat)
		edits = append(edits, ranks...)
	}
	return edits
}

// dateArithText is the IRIS form of d when its columns make it date arithmetic.
func dateArithText(sql string, d DateArith, cat Catalog) (string, bool) {
	if d.At > d.Op-1 || d.Op+2 > d.End || d.End > len(sql) {
		return "", false
	}
	lt, rt := operandKind(d.Left, cat), operandKind(d.Right, cat)
	l, r := sql[d.At:d.Op-1], sql[d.Op+2:d.End] // written as "L op R"
	switch {
	case sql[d.Op] == '+' && lt == oidDate && rt == oidInt4:
		return "CAST(DATEADD('dd', " + r + ", " + l + ") AS DATE)", true
	case sql[d.Op] == '+' && lt == oidInt4 && rt == oidDate:
		return "CAST(DATEADD('dd', " + l + ", " + r + ") AS DATE)", true
	case sql[d.Op] == '-' && lt == oidDate && rt == oidInt4:
		return "CAST(DATEADD('dd', -(" + r + "), " + l + ") AS DATE)", true
	case sql[d.Op] == '-' && lt == oidDate && rt == oidDate:
		return "DATEDIFF('dd', " + r + ", " + l + ")", true
	case sql[d.Op] == '-' && d.Item > 0 && isTimestampDifference(lt, rt):
		return "DATEDIFF('ms', " + r + ", " + l + ")", true
	}
	return "", false
}

// isTimestampDifference: L - R of these operand kinds is an interval in PostgreSQL (a
// date meets a time stamp as midnight).
func isTimestampDifference(l, r uint32) bool {
	return (l == oidTimestamp || l == oidDate) && (r == oidTimestamp || r == oidDate) && (l == oidTimestamp || r == oidTimestamp)
}

// timestampDifferences are the select-list items (1-based) that are differences of time
// stamp columns, and whether such a difference stands elsewhere (refused: IRIS would
// subtract numbers).
func timestampDifferences(ds []DateArith, cat Catalog) (items []int, refused bool) {
	for _, d := range ds {
		if !isTimestampDifference(operandKind(d.Left, cat), operandKind(d.Right, cat)) {
			continue
		}
		if d.Item > 0 {
			items = append(items, d.Item)
		} else {
			refused = true
		}
	}
	return items, refused
}

// operandKind is oidDate for a date column, oidTimestamp for a timestamp(tz) column,
// oidInt4 for an integer (column or not), else 0.
func operandKind(c *CatalogColumn, cat Catalog) uint32 {
	if c == nil {
		return oidInt4
	}
	switch oid, _ := cat.ColumnType(*c); oid {
	case oidDate:
		return oidDate
	case oidTimestamp, oidTimestamptz:
		return oidTimestamp
	case oidInt2, oidInt4, oidInt8:
		return oidInt4
	}
	return 0
}

// WithParamTypes returns the plan with each parameter that is a result column by
// itself (ParamColumns) cast to the IRIS type of its PostgreSQL type oids[n], so that
// IRIS describes and returns the column with that type, as PostgreSQL does for
// SELECT $1. p itself when no such parameter has a type with an IRIS form.
func (p *Plan) WithParamTypes(oids []uint32) *Plan {
	switch p.Kind {
	case KindQuery:
		return p.castParamColumns(oids)
	case KindRecursive:
		// The non-recursive term's parameters type the work table's columns.
		q := p.castParamColumns(oids)
		if q == p {
			c := *p
			q = &c
		}
		r := *p.Recursive
		r.Queries = slices.Clone(r.Queries)
		for i := range r.Queries {
			rq := &r.Queries[i]
			rq.Anchor, rq.Init, rq.Step = rq.Anchor.castParamColumns(oids), rq.Init.castParamColumns(oids), rq.Step.castParamColumns(oids)
		}
		r.Outer = r.Outer.castParamColumns(oids)
		q.Recursive = &r
		return q
	}
	return p
}

func (p *Plan) castParamColumns(oids []uint32) *Plan {
	var edits []edit
	for _, c := range p.ParamColumns {
		if c.Param >= len(oids) || c.At >= len(p.SQL) || p.SQL[c.At] != '?' {
			continue
		}
		if t := paramCastType[oids[c.Param]]; t != "" {
			edits = append(edits, edit{c.At, c.At + 1, "CAST(? AS " + t + ")"})
		}
	}
	q := p.edited(edits)
	if q != p {
		q.ParamColumns = nil
	}
	return q
}

// paramCastType is the IRIS type a parameter of a PostgreSQL type is cast to when it
// is a result column by itself: types whose values IRIS returns as PostgreSQL shows
// them. A parameter of no declared type is text to PostgreSQL there, which pgwired's
// unbounded VARCHAR is. numeric is left out: a NUMERIC cast needs a scale, which the
// value has and the type does not.
var paramCastType = map[uint32]string{
	oidInt2: "SMALLINT", oidInt4: "INTEGER", oidInt8: "BIGINT", oidFloat8: "DOUBLE",
	oidBool: "BIT", oidDate: "DATE", oidTimestamp: "TIMESTAMP",
	0: "VARCHAR(" + strconv.Itoa(LongStringLen) + ")", oidText: "VARCHAR(" + strconv.Itoa(LongStringLen) + ")",
}

// edit replaces SQL[at:end] with text.
type edit struct {
	at, end int
	text    string
}

// edited returns a copy of p with the edits applied to SQL and every offset into SQL
// moved with them; p itself when there are none.
func (p *Plan) edited(edits []edit) *Plan {
	if len(edits) == 0 {
		return p
	}
	sql, move := applyEdits(p.SQL, edits)
	q := *p
	q.SQL = sql
	for _, o := range q.ownOffsets() {
		*o = move(*o)
	}
	return &q
}

// ownOffsets gives p its own copies of what holds byte offsets into p.SQL (a copy of a
// Plan shares them with the original, and plans are shared) and returns pointers to
// every such offset, for code that moves them when SQL changes.
func (p *Plan) ownOffsets() []*int {
	var at []*int
	p.IntSplices = slices.Clone(p.IntSplices)
	for i := range p.IntSplices {
		at = append(at, &p.IntSplices[i].At)
	}
	p.ParamColumns = slices.Clone(p.ParamColumns)
	for i := range p.ParamColumns {
		at = append(at, &p.ParamColumns[i].At)
	}
	p.SeqCalls = slices.Clone(p.SeqCalls)
	for i := range p.SeqCalls {
		at = append(at, &p.SeqCalls[i].At)
	}
	return p.CatalogPlaces.ownOffsets(at)
}

// ownOffsets is Plan.ownOffsets for a step's SQL.
func (s *Step) ownOffsets() []*int {
	var at []*int
	if s.SpliceIDs {
		at = append(at, &s.SpliceAt)
	}
	s.SeqCalls = slices.Clone(s.SeqCalls)
	for i := range s.SeqCalls {
		at = append(at, &s.SeqCalls[i].At)
	}
	return s.CatalogPlaces.ownOffsets(at)
}

// applyEdits applies edits to sql and returns the result and the function that moves
// an offset of sql to the same place in it.
func applyEdits(sql string, edits []edit) (string, func(int) int) {
	sort.Slice(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	b.Grow(len(sql) + 16*len(edits))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue // overlapping: cannot happen for the translator's records
		}
		b.WriteString(sql[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(sql[last:])
	move := func(o int) int {
		shift := 0
		for _, e := range edits {
			if e.end <= o {
				shift += len(e.text) - (e.end - e.at)
			}
		}
		return o + shift
	}
	return b.String(), move
}

// parseBool reads a boolean as PostgreSQL's boolin does: t, true, y, yes, on, 1 and
// f, false, n, no, off, 0, any case, unique prefixes of the words, white space around.
func parseBool(s string) (value, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return false, false
	}
	for _, w := range []struct {
		word  string
		value bool
		min   int
	}{{"true", true, 1}, {"false", false, 1}, {"yes", true, 1}, {"no", false, 1}, {"on", true, 2}, {"off", false, 2}, {"1", true, 1}, {"0", false, 1}} {
		if len(s) >= w.min && len(s) <= len(w.word) && w.word[:len(s)] == s {
			return w.value, true
		}
	}
	return false, false
}

// Column is one result column as PostgreSQL would describe it.
type Column struct {
	Name    string
	TypeOID uint32 // 0 = take the type from IRIS metadata
	// FromArg, with TypeOID 0, says how PostgreSQL derives the type from the argument's,
	// which only IRIS's metadata tells: sum(int4) is int8, max(varchar) is text.
	FromArg ArgType
	// Source is the table column whose type the result has in PostgreSQL when IRIS
	// reports it otherwise: the column itself (also under an alias), min/max of it,
	// date_trunc of it. The session gives a TIMESTAMP result a timestamptz Source's type.
	Source *CatalogColumn
	// Interval: the column is a difference of time stamp columns, which IRIS returns in
	// milliseconds (DATEDIFF, written by WithCatalog) and the session shows as an interval.
	Interval bool
	// Quotient is set when PostgreSQL computes the column as a numeric division (avg, "/")
	// to a result scale of its own (at least 16 significant digits), which IRIS's rounding
	// does not give: the session divides the hidden result columns it names itself.
	Quotient *Quotient
	// FallbackFlag, when > 0, says the column is coalesce(x, n) with n an integer literal:
	// the hidden result column at that position is 1 where x was NULL. PostgreSQL shows
	// n then as written ("0"), not with the scale IRIS reports for the column ("0.00").
	FallbackFlag int
	// ArrayAgg is set when the column is array_agg(x), written as IRIS JSON_ARRAYAGG(x):
	// the session builds PostgreSQL's array from the JSON array and the hidden columns it
	// names.
	ArrayAgg *ArrayAgg
	// Age is set when the column is age(a, b) or age(a) (age.go): the session computes
	// PostgreSQL's symbolic interval from the two hidden time stamps it names.
	Age *Age
	// JSONPath is set when the column is a ->/->> chain over a json or jsonb column,
	// written as that column: the session reads the value at the path (jsonpath.go).
	JSONPath *JSONPath
	// IntArith: the column is + - * of columns and integer literals or casts (isIntArith):
	// when its result type is int2 or int4, PostgreSQL's is too, and the session checks
	// the values fit (IRIS does not overflow).
	IntArith bool
}

// Age names the hidden result columns (IRIS result positions) of an age column: the
// later and the earlier time stamp of age(later, earlier).
type Age struct{ Later, Earlier int }

// ArrayAgg names the hidden result columns (IRIS result positions) of an array_agg
// column (arrayagg.go): Rows counts the values the aggregate was fed, NonNull those
// not NULL, Distinct (0 when the call is not DISTINCT) the distinct non-NULL ones, and
// Elem is MIN(x), whose IRIS metadata is the element type. ElemOID is the element's
// PostgreSQL type when the text shows it (a literal, a cast), else 0.
type ArrayAgg struct {
	Rows, NonNull, Distinct, Elem int
	ElemOID                       uint32
	// Order is set when the aggregate has ORDER BY (arrayagg.go: orderedAgg): the column
	// is then JSON_ARRAYAGG of JSON_ARRAY(x, key1, …) per row fed, and the session sorts
	// these by the keys. Dedupe (DISTINCT with ORDER BY) drops repeated values after it.
	Order  []AggSortKey
	Dedupe bool
	// String marks string_agg(x, Sep ORDER BY …): the sorted non-NULL values joined by Sep
	// as text; only Rows is a hidden column then (NonNull and Elem are -1).
	String bool
	Sep    string
	// Within is set for an ordered-set aggregate (withingroup.go): the column is
	// JSON_ARRAYAGG(x) of the non-NULL values, which the session sorts by Order (one key)
	// to pick or interpolate the result; NonNull counts them, Elem is MIN(x), Rows is -1.
	Within *WithinGroup
}

// WithinGroup is percentile_cont, percentile_disc or mode … WITHIN GROUP (ORDER BY x).
type WithinGroup struct {
	Func string // "percentile_cont", "percentile_disc" or "mode"
	// Fractions are the literal fractions: one, or the elements of an ARRAY when Multi
	// (the result is then an array). Param > 0 instead names the hidden result column
	// holding a parameter fraction, as a double.
	Fractions []Fraction
	Multi     bool
	Param     int
	// DirectType is PostgreSQL's type of the fraction as written ("numeric"), which its
	// "function … does not exist" message names.
	DirectType string
}

// Fraction is one fraction of a percentile: its value as float8, or NULL.
type Fraction struct {
	Value float64
	Null  bool
}

// AggSortKey is one ORDER BY key of an aggregate: its direction and where NULLs go.
type AggSortKey struct{ Desc, NullsFirst bool }

// hidden counts the hidden result columns of the column.
func (a *ArrayAgg) hidden() int {
	switch {
	case a.Within != nil && a.Within.Param > 0:
		return 3 // COUNT(x), MIN(x), the parameter
	case a.Within != nil:
		return 2
	case a.String:
		return 1
	case a.Distinct > 0:
		return 4
	}
	return 3
}

// Quotient names the two hidden result columns (IRIS result positions, after the visible
// columns) whose quotient a result column is. Avg marks avg's division (sum by count),
// numeric for integer arguments too; otherwise it is "/", numeric when an operand is.
type Quotient struct {
	Dividend, Divisor int
	Avg               bool
	// DividendParam and DivisorParam mark an operand that is a bare parameter, which
	// PostgreSQL types as the other operand.
	DividendParam, DivisorParam bool
}

// HiddenColumns counts the result columns IRIS returns after cols for their quotients.
func HiddenColumns(cols []Column) int {
	n := 0
	for i := range cols {
		if cols[i].Quotient != nil {
			n += 2
		}
		if cols[i].FallbackFlag > 0 {
			n++
		}
		if cols[i].Age != nil {
			n += 2
		}
		if a := cols[i].ArrayAgg; a != nil {
			n += a.hidden()
		}
	}
	return n
}

// ArgType names PostgreSQL's result-type rule of an aggregate whose type follows its
// argument's.
type ArgType uint8

const (
	ArgSame   ArgType = iota // the argument's type (or no rule)
	ArgSum                   // sum: int2/int4 → int8, int8 → numeric
	ArgAvg                   // avg: integers and numeric → numeric, floats → float8
	ArgMinMax                // min/max: varchar → text
)

// IntSplice marks where an integer parameter is spliced into Plan.SQL.
type IntSplice struct {
	At     int  // byte offset in SQL
	Param  int  // 0-based PostgreSQL parameter index
	Offset bool // an OFFSET value (else a LIMIT value): selects the SQLSTATE for negatives
}

// StepKind says how the session runs one Step.
type StepKind int

const (
	// StepExec runs an INSERT/UPDATE/DELETE/DDL (IRIS DU); its affected-row count is
	// added to the command tag when CountRows is set.
	StepExec StepKind = iota + 1
	// StepQuery runs a SELECT (IRIS DQ) whose rows go to the client. All StepQuery
	// steps of a plan return the same columns (Plan.Columns, when known).
	StepQuery
	// StepCheck runs a SELECT only to learn whether it returns a row: Then runs when
	// it does, Else when it does not.
	StepCheck
	// StepCollectIDs runs a SELECT of one column of RowIDs (%ID); the session keeps
	// the values for later steps with SpliceIDs set. Its row count is the statement's
	// row count when CountRows is set.
	StepCollectIDs
	// StepConstraint adds or drops a CHECK constraint (Step.Check) in pgwired's
	// definitions; SQL, when set, drops a constraint that is not a CHECK, or renames the
	// column the definitions follow.
	StepConstraint
	// StepNotice sends Message to the client as a NOTICE with SQLSTATE Code and runs
	// nothing on IRIS: PostgreSQL's "table \"t\" does not exist, skipping".
	StepNotice
	// StepInsertEach (INSERT … SELECT … RETURNING) runs SQL, a query, to its end, then
	// for each of its rows, in order, the one-row INSERT of Insert with the row's values
	// as parameters and the steps of Then (the RETURNING read of the row just inserted).
	// Its row count is the number of rows inserted.
	StepInsertEach
	// StepRenameTable runs SQL, which renames the table Rename.Table to Rename.NewName,
	// and moves what pgwired keeps of the table (its CHECK constraints, the name its
	// constraint and sequence names derive from) to the new name.
	StepRenameTable
	// StepComment sets or removes the comment Comment names (COMMENT ON), which pgwired
	// keeps itself; it runs no SQL of the plan's.
	StepComment
)

func (k StepKind) String() string {
	switch k {
	case StepExec:
		return "exec"
	case StepQuery:
		return "query"
	case StepCheck:
		return "check"
	case StepCollectIDs:
		return "ids"
	case StepNotice:
		return "notice"
	case StepConstraint:
		return "constraint"
	case StepInsertEach:
		return "insert-each"
	case StepRenameTable:
		return "rename-table"
	case StepComment:
		return "comment"
	}
	return "step(" + strconv.Itoa(int(k)) + ")"
}

// Step is one IRIS call of a multi-step plan.
type Step struct {
	Kind   StepKind
	SQL    string
	Params []int // as Plan.Params, for this step's SQL
	// CountRows: this step's row count (affected rows for StepExec, collected ids for
	// StepCollectIDs, rows sent for StepQuery) is added to the count reported in the
	// command tag.
	CountRows bool
	// SpliceIDs: the ids collected by the last StepCollectIDs are inserted at byte
	// offset SpliceAt of SQL, comma-separated ("NULL" when there are none). See RenderIDs.
	SpliceIDs bool
	SpliceAt  int
	// IgnoreUniqueViolation (StepExec): a uniqueness failure (SQLCODE -119) is not an
	// error and counts 0 rows (INSERT … ON CONFLICT DO NOTHING without a target).
	IgnoreUniqueViolation bool
	// Message and Code (StepNotice): the notice text and its SQLSTATE.
	Message, Code string
	// Check (StepConstraint) is the CHECK constraint added or dropped.
	Check *CheckOp
	// Rename (StepRenameTable) is the table renamed.
	Rename *TableRename
	// Comment (StepComment) is the comment set or removed.
	Comment *CommentOp
	// Then / Else (StepCheck): the branch to run when the check found / did not find a row.
	// Then (StepInsertEach): the steps run after each row's INSERT. Then (StepExec): the
	// steps run when the statement did not fail (IgnoreUniqueViolation: was not skipped).
	Then, Else []Step
	// Insert (StepInsertEach) is the INSERT of one row of the query.
	Insert *RowInsert
	// CatalogPlaces are as Plan's, for this step's SQL (a row of a multi-row INSERT,
	// ON CONFLICT, RETURNING). Plan.WithCatalog resolves them.
	CatalogPlaces
	// SeqCalls are as Plan's, for this step's SQL (a row of a multi-row INSERT).
	SeqCalls []SeqCall
}

// TableRename is the table a StepRenameTable renames, and its new PostgreSQL name (in
// the same schema).
type TableRename struct {
	Table   CheckTable
	NewName string
}

// RowInsert is the one-row INSERT a StepInsertEach runs for each row of its query:
// Head VALUES (?, …), one marker per value of the row.
type RowInsert struct {
	// Head is "INSERT INTO t (c1, …)" with the statement's column list, or "INSERT
	// INTO t" when it has none.
	Head string
	// Columns counts the statement's column list (0: none; PostgreSQL then gives the
	// values to Target's first columns, which only the catalog names).
	Columns int
	Target  TableRef
	// Params gives, by result column of the query, the 0-based parameter that column is
	// by itself (SELECT $1, …), -1 for other columns; nil when there is none. PostgreSQL
	// gives such a parameter the type of the column it is inserted into.
	Params []int
}

// SQL is the INSERT for a row of n values; tableColumns are the IRIS names of Target's
// columns in order (used without a column list; nil when not known). A count that does
// not fit the columns is PostgreSQL's 42601.
func (r *RowInsert) SQL(n int, tableColumns []string) (string, error) {
	switch {
	case r.Columns > 0 && n > r.Columns, r.Columns == 0 && tableColumns != nil && n > len(tableColumns):
		return "", &Error{SQLState: stateSyntax, Message: "INSERT has more expressions than target columns"}
	case n < r.Columns:
		return "", &Error{SQLState: stateSyntax, Message: "INSERT has more target columns than expressions"}
	}
	var b strings.Builder
	b.WriteString(r.Head)
	if r.Columns == 0 && n > 0 && n < len(tableColumns) {
		b.WriteString(" (")
		for i, c := range tableColumns[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			writeIdent(&b, c)
		}
		b.WriteByte(')')
	}
	if n == 0 {
		b.WriteString(" DEFAULT VALUES")
		return b.String(), nil
	}
	b.WriteString(" VALUES (")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('?')
	}
	b.WriteByte(')')
	return b.String(), nil
}

// Text is the one-row INSERT of a row as PostgreSQL text, value i being $i+1, or NULL
// where null says so: the statement a constraint error's DETAIL reads the row from (with
// the row's values as parameters).
func (r *RowInsert) Text(null []bool) string {
	var b strings.Builder
	b.WriteString(r.Head)
	b.WriteString(" VALUES (")
	for i, isNull := range null {
		if i > 0 {
			b.WriteString(", ")
		}
		if isNull {
			b.WriteString("NULL")
		} else {
			b.WriteString("$" + strconv.Itoa(i+1))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// RenderIDs returns the step's SQL with the collected RowIDs spliced in.
func (s *Step) RenderIDs(ids []int64) string {
	if !s.SpliceIDs {
		return s.SQL
	}
	var b strings.Builder
	b.Grow(len(s.SQL) + 12*len(ids) + 4)
	b.WriteString(s.SQL[:s.SpliceAt])
	if len(ids) == 0 {
		b.WriteString("NULL")
	}
	var buf [20]byte
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(strconv.AppendInt(buf[:0], id, 10))
	}
	b.WriteString(s.SQL[s.SpliceAt:])
	return b.String()
}

// RenderIntSplices returns Plan.SQL with the integer parameters of IntSplices
// inserted. value(i) must return the integer value of 0-based parameter i. Negative
// values are refused as PostgreSQL refuses them (SQLSTATE 2201W for LIMIT,
// 2201X for OFFSET).
func (p *Plan) RenderIntSplices(value func(param int) (int64, error)) (string, error) {
	if len(p.IntSplices) == 0 {
		return p.SQL, nil
	}
	var b strings.Builder
	b.Grow(len(p.SQL) + 20*len(p.IntSplices))
	last := 0
	var buf [20]byte
	for _, sp := range p.IntSplices {
		v, err := value(sp.Param)
		if err != nil {
			return "", err
		}
		if v < 0 {
			if sp.Offset {
				return "", &Error{SQLState: stateNegativeOffset, Message: "OFFSET must not be negative"}
			}
			return "", &Error{SQLState: stateNegativeLimit, Message: "LIMIT must not be negative"}
		}
		b.WriteString(p.SQL[last:sp.At])
		b.Write(strconv.AppendInt(buf[:0], v, 10))
		last = sp.At
	}
	b.WriteString(p.SQL[last:])
	return b.String(), nil
}

// SetCommand describes SET, RESET and SHOW.
type SetCommand struct {
	Name    string   // lower-cased GUC name ("timezone" for SET TIME ZONE, "client_encoding" for SET NAMES); "" with All
	Values  []string // SET values as text (list GUCs have several); empty for DEFAULT/RESET/SHOW
	Default bool     // SET name TO DEFAULT (same effect as RESET name)
	Local   bool     // SET LOCAL: only until the end of the current transaction
	All     bool     // RESET ALL / SHOW ALL
}

// TxOptions are transaction characteristics from BEGIN/START TRANSACTION/SET TRANSACTION.
type TxOptions struct {
	Isolation  string // PostgreSQL level as written ("read committed", "serializable", …); "" = default
	ReadOnly   bool
	ReadWrite  bool
	Deferrable bool
}

// LocalQuery is a SELECT without FROM that the session answers itself: one row,
// one value per Item.
type LocalQuery struct {
	Items []LocalItem
}

// LocalItem is one output column of a LocalQuery.
type LocalItem struct {
	Column Column     // output name and type as PostgreSQL reports them
	Func   string     // lower-case function ("version", "current_setting", "current_user", …); "" for a constant
	Args   []LocalArg // constant or parameter arguments, in order
	Const  LocalArg   // the value when Func is ""
	// Cast is the PostgreSQL type the value is cast to ("int4", "bool", "text", …)
	// when the item is written as f(…)::type; "" for none. Column.TypeOID then
	// is that type's OID; the session converts the value.
	Cast string
}

// LocalArg is a constant or a parameter argument of a LocalItem.
type LocalArg struct {
	Param  int    // 0-based parameter index, or -1 for a constant
	Value  string // constant as text (booleans as "true"/"false")
	IsNull bool
}

// CopyCommand describes COPY … FROM STDIN / TO STDOUT.
type CopyCommand struct {
	From    bool     // true: COPY … FROM STDIN (client sends data); false: TO STDOUT
	Table   string   // IRIS table name as emitted (schema-mapped, quoted as needed); "" for COPY (query) TO
	Columns []string // PostgreSQL column names from the column list; nil = all columns
	Format  string   // "text" or "csv" (binary is refused)
	// Delimiter, Null, Quote, Escape: effective values (PostgreSQL defaults applied:
	// text: tab, `\N`; csv: ',', "", '"', same as Quote).
	Delimiter, Null, Quote, Escape string
	Header                         bool
	ForceQuote                     []string // csv FORCE_QUOTE columns
	ForceQuoteAll                  bool
	ForceNotNull                   []string
	ForceNull                      []string
	Encoding                       string
	// InsertSQL inserts one row: "INSERT INTO t (c1, c2) VALUES (?, ?)". Empty when the
	// column list is not known (no column list): build it with InsertFor.
	InsertSQL string
	// Target (COPY … FROM) is the table, for its CHECK constraints.
	Target CheckTable
	// SelectSQL produces the rows of COPY … TO; for COPY (query) TO, Query is it as a
	// plan, whose catalog places the session resolves (Plan.WithCatalog).
	SelectSQL string
	Query     *Plan
	Params    []int // parameters of SelectSQL (COPY (query) TO never has any in practice)
}

// InsertFor builds the per-row INSERT for the given IRIS column names.
func (c *CopyCommand) InsertFor(columns []string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(c.Table)
	b.WriteString(" (")
	for i, col := range columns {
		if i > 0 {
			b.WriteString(", ")
		}
		writeIdent(&b, col)
	}
	b.WriteString(") VALUES (")
	for i := range columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('?')
	}
	b.WriteByte(')')
	return b.String()
}

// Options control the translation.
type Options struct {
	// Schema is the IRIS schema that PostgreSQL's "public" maps to. Default "SQLUser".
	Schema string
	// ExactCollation makes string comparisons behave as in PostgreSQL (see doc.go):
	// %EXACT in queries, COLLATE %EXACT on string columns in DDL. Default true
	// (DefaultOptions); the zero Options value has it false.
	ExactCollation bool
	// TempSchema is the IRIS schema holding one session's temporary tables, and
	// TempTables their names: a name of TempTables, unqualified or in pg_temp, is
	// that table (it hides a table of the same name, as in PostgreSQL). Without
	// TempSchema, CREATE TEMP TABLE gives a plan with only TempTable set.
	TempSchema string
	TempTables map[string]bool
	// ServerVersion is the PostgreSQL version pgwired reports: version() in a query that
	// also reads IRIS data is "PostgreSQL <ServerVersion> on InterSystems IRIS: " and
	// IRIS's $ZVERSION, as the session answers it alone. Default "16.0".
	ServerVersion string
}

// DefaultOptions returns the production defaults: schema SQLUser, exact collation.
func DefaultOptions() Options { return Options{Schema: "SQLUser", ExactCollation: true} }

func (o Options) normalized() Options {
	if o.Schema == "" {
		o.Schema = "SQLUser"
	}
	if o.ServerVersion == "" {
		o.ServerVersion = "16.0"
	}
	return o
}

// MathFuncs is a set of functions whose argument domain is restricted.
type MathFuncs uint8

const (
	MathSqrt  MathFuncs = 1 << iota // sqrt: no negative argument
	MathPower                       // power, ^: no 0 to a negative power, no negative to a fraction
	MathLog                         // ln, log, log10: no zero or negative argument
)

// check is PostgreSQL's 42803 for the first read column that is neither grouped nor
// determined by a grouped primary key; nil when every one is (or the catalog does not
// know them).
func (g *GroupCheck) check(cat Catalog) *Error {
	if g == nil {
		return nil
	}
	type col struct {
		table int
		name  string
	}
	grouped := map[col]bool{}
	for _, r := range g.Grouped {
		i, ok := cat.ColumnTable(r.Column)
		if !ok {
			return nil
		}
		grouped[col{i, r.Column.Column}] = true
	}
	for _, r := range g.Read {
		i, ok := cat.ColumnTable(r.Column)
		if !ok || grouped[col{i, r.Column.Column}] {
			continue
		}
		pk := cat.PrimaryKey(r.Column.Tables[i])
		covered := len(pk) > 0
		for _, k := range pk {
			covered = covered && grouped[col{i, k}]
		}
		if covered {
			continue
		}
		return &Error{SQLState: "42803",
			Message: `column "` + r.Qualifiers[i] + "." + r.Column.Column + `" must appear in the GROUP BY clause or be used in an aggregate function`}
	}
	return nil
}

// targetColumnError is the error for a TargetColumns column that is not the target's
// alone: PostgreSQL's 42702 when several tables have it, a refusal when another table
// has it (RETURNING reads the target only); nil when only the target has it, or no table
// (IRIS reports the unknown column).
func targetColumnError(c CatalogColumn, cat Catalog) *Error {
	n, inTarget := 0, false
	for i, t := range c.Tables {
		if _, ok := cat.ColumnTable(CatalogColumn{Column: c.Column, Tables: []TableRef{t}}); ok {
			n++
			inTarget = inTarget || i == 0
		}
	}
	switch {
	case n > 1:
		return &Error{SQLState: "42702", Message: `column reference "` + c.Column + `" is ambiguous`}
	case n == 1 && !inTarget:
		return &Error{SQLState: stateUnsupported, Message: unsupportedMessage(`RETURNING column "` + c.Column + `" of another table than the statement's target`)}
	}
	return nil
}

// holdsPrimaryKey reports whether keys, columns of one table, include all of its primary key.
func holdsPrimaryKey(keys []CatalogColumn, cat Catalog) bool {
	if len(keys) == 0 || len(keys[0].Tables) != 1 {
		return false
	}
	pk := cat.PrimaryKey(keys[0].Tables[0])
	if len(pk) == 0 {
		return false
	}
	for _, p := range pk {
		found := false
		for _, k := range keys {
			found = found || strings.EqualFold(k.Column, p)
		}
		if !found {
			return false
		}
	}
	return true
}
