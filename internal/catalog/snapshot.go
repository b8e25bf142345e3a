package catalog

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Source runs one IRIS SQL statement and returns all its rows. The session implements it
// over its IRIS connection; tests implement it over fixed rows.
type Source interface {
	QueryAll(ctx context.Context, sql string) ([][]any, error)
}

// Snapshot is the namespace metadata as PostgreSQL clients see it. It is immutable once
// built and shared by every session of the same (IRIS user, namespace).
type Snapshot struct {
	Database string // the IRIS namespace, shown as the database
	User     string // the role every object is owned by
	Schemas  []*Schema
	Tables   []*Table // base tables and views, by schema then name
	// Sequences are the sequences pgwired keeps (session/sequences.go), by schema then name.
	Sequences []*Sequence
	// Enums are the enum types pgwired keeps (session/enums.go), by schema then name.
	Enums  []*EnumType
	Loaded time.Time

	tableByOID  map[uint32]*Table
	tableByName map[string]*Table // "schema.table", lower case
	// tableByIRISName: "SCHEMA.TABLE" as IRIS names them, lower case (IRIS compares
	// names without case).
	tableByIRISName map[string]*Table
	indexByOID      map[uint32]*Index
	conByOID        map[uint32]*Constraint
	seqByOID        map[uint32]*seqRef
	enumByOID       map[uint32]*EnumType
	enumByArray     map[uint32]*EnumType // by the OID of the type's array type

	rels relCache // virtual relations, built on first use

	// HasCheckTable: pgwired's table of CHECK constraints exists; HasRenameTable: its
	// table of renamed tables (RenameTable); HasCommentTable: its table of comments
	// (CommentTable).
	HasCheckTable, HasRenameTable, HasCommentTable bool
	// commented: "schema.table" (lower case) of every table CommentTable has rows of,
	// also of tables that no longer exist.
	commented map[string]bool
}

// CheckSchema and CheckTable name the IRIS table where pgwired keeps the CHECK
// constraints it enforces (IRIS has none): one row per constraint, created on first
// need. Its schema is hidden from the catalog.
const (
	CheckSchema = "PGWIRED"
	CheckTable  = "CHECK_CONSTRAINTS"
)

const qChecks = `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, DEFINITION, CONDITION, VALIDATED FROM ` + CheckSchema + `.` + CheckTable

// RenameTable (in CheckSchema) names the tables pgwired renamed: one row per table, with
// the IRIS name the table had before its first rename (CREATED_NAME). PostgreSQL's
// names of a table's constraints and sequences keep the table name they were made with
// (t_pkey, t_id_seq after ALTER TABLE t RENAME TO u), and so do the names the catalog
// shows (Table.CreatedName). Created on first need.
const RenameTable = "RENAMED_TABLES"

const qRenames = `SELECT TABLE_SCHEMA, TABLE_NAME, CREATED_NAME FROM ` + CheckSchema + `.` + RenameTable

// CommentTable (in CheckSchema) holds the comments COMMENT ON TABLE | VIEW | COLUMN set
// (IRIS has no statement for them): one row per object, COLUMN_NAME an empty string for the
// relation's own, COMMENT_TEXT NULL where a comment was removed from an object IRIS
// describes itself (its %DESCRIPTION would otherwise show). They replace IRIS's
// descriptions in pg_description. Created on first need.
const CommentTable = "COMMENTS"

const qComments = `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COMMENT_TEXT FROM ` + CheckSchema + `.` + CommentTable

// seqRef is a sequence: one pgwired keeps (seq), or the one shown for an identity
// column (table, column).
type seqRef struct {
	schema *Schema
	name   string
	seq    *Sequence
	table  *Table
	column *TableColumn
}

// Sequence is a sequence pgwired keeps in its table pgwired_meta.sequences.
type Sequence struct {
	Schema                      *Schema
	Name                        string
	OID                         uint32
	TypeOID                     uint32
	Start, Min, Max, Inc, Cache int64
	Cycle                       bool
	Last                        any // last_value: NULL until nextval or setval set it
}

// Schema is a namespace.
type Schema struct {
	Name     string // PostgreSQL name (SQLUser → public, others lower case)
	IRISName string
	OID      uint32
}

// Table is a base table or a view.
type Table struct {
	Schema      *Schema
	Name        string
	IRISName    string
	OID         uint32
	RowTypeOID  uint32 // reltype: the table's composite type
	View        bool
	ViewDef     string
	Description string
	// CreatedName is the IRIS name the table had before pgwired renamed it (RenameTable),
	// "" when it was not renamed: its constraints' and sequences' names derive from it.
	CreatedName string
	Columns     []*TableColumn
	Constraints []*Constraint
	Indexes     []*Index
}

// TableColumn is a table column; Num is attnum (1-based).
type TableColumn struct {
	Name     string
	IRISName string
	Num      int16
	TypeOID  uint32
	Typmod   int32
	NotNull  bool
	Default  string // pg_get_expr text; "" = none
	Identity byte   // 'a' (IRIS IDENTITY), 'd' (AUTO_INCREMENT marked as an identity) or 0
	// Serial: an AUTO_INCREMENT column pgwired made for serial, shown as PostgreSQL
	// shows one: its default nextval of table_column_seq.
	Serial bool
	// An identity or serial column's counter is shown as PostgreSQL shows it: a sequence
	// named table_column_seq, owned by the column. It cannot be read or advanced directly.
	SeqName     string
	SeqOID      uint32
	Description string
	// Enum is the column's enum type (pgwired's %DESCRIPTION marker names it); TypeOID
	// is then the type's OID.
	Enum *EnumType
	// rawDefault is IRIS's default text of an enum column, shown once the type's name
	// is known.
	rawDefault string
}

// Constraint is a primary key, unique, foreign key or CHECK constraint.
type Constraint struct {
	// CheckDef, CheckCond and Validated describe a CHECK (Type 'c'), which pgwired keeps
	// in CheckSchema.CheckTable: pg_get_constraintdef's text, the IRIS condition over
	// the table's columns, and whether existing rows were checked.
	CheckDef, CheckCond string
	Validated           bool

	Name       string
	IRISName   string // as IRIS names it (errors name constraints so)
	OID        uint32
	Type       byte // 'p', 'u', 'f', 'c'
	Table      *Table
	Columns    []int16
	RefTable   *Table // foreign keys
	RefColumns []int16
	OnUpdate   byte // pg_constraint.confupdtype: a r c n d
	OnDelete   byte
	Index      *Index // the index behind p/u; the referenced key's index for f
}

// Index is an index, including those behind primary keys and unique constraints.
type Index struct {
	Name       string
	OID        uint32
	Table      *Table
	Unique     bool
	Primary    bool
	Columns    []int16
	Method     string // btree or hnsw
	Constraint *Constraint
}

// The metadata queries. Only columns that both IRIS and the simulator serve are read;
// system schemas ('%…', INFORMATION_SCHEMA) are dropped in Go, which keeps the SQL portable.
const (
	qSchemas     = `SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA`
	qTables      = `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, DESCRIPTION FROM INFORMATION_SCHEMA.TABLES`
	qViews       = `SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS`
	qColumns     = `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, IS_IDENTITY, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, AUTO_INCREMENT, DESCRIPTION FROM INFORMATION_SCHEMA.COLUMNS`
	qConstraints = `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS`
	qKeyColumns  = `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE`
	qReferential = `SELECT CONSTRAINT_SCHEMA, CONSTRAINT_TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS`
	qIndexes     = `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, ORDINAL_POSITION, COLUMN_NAME, INDEX_TYPE FROM INFORMATION_SCHEMA.INDEXES`
	// pgwired's sequences (session/sequences.go), read when the table exists.
	qSequences = `SELECT seq_schema, seq_name, data_type, start_value, min_value, max_value, increment_by, cache_size, is_cycle, last_value, is_called FROM pgwired_meta.sequences`
)

// Load reads the namespace metadata through src.
func Load(ctx context.Context, src Source, database, user string) (*Snapshot, error) {
	q := func(sql string) ([][]any, error) { return src.QueryAll(ctx, sql) }
	b := newBuilder(database, user)
	rows, err := q(qSchemas)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		b.schema(str(r, 0))
	}
	if rows, err = q(qTables); err != nil {
		return nil, err
	}
	hasChecks, hasRenames, hasComments := false, false, false
	sequences, enums := false, false
	for _, r := range rows {
		hasChecks = hasChecks || strings.EqualFold(str(r, 0), CheckSchema) && strings.EqualFold(str(r, 1), CheckTable)
		hasRenames = hasRenames || strings.EqualFold(str(r, 0), CheckSchema) && strings.EqualFold(str(r, 1), RenameTable)
		hasComments = hasComments || strings.EqualFold(str(r, 0), CheckSchema) && strings.EqualFold(str(r, 1), CommentTable)
		switch strings.ToUpper(str(r, 2)) {
		case "BASE TABLE":
			b.table(str(r, 0), str(r, 1), false, str(r, 3))
			meta := strings.EqualFold(str(r, 0), "pgwired_meta")
			sequences = sequences || meta && strings.EqualFold(str(r, 1), "sequences")
			enums = enums || meta && strings.EqualFold(str(r, 1), "enum_labels")
		case "VIEW":
			b.table(str(r, 0), str(r, 1), true, str(r, 3))
		}
	}
	if sequences {
		if rows, err = q(qSequences); err != nil {
			return nil, err
		}
		for _, r := range rows {
			b.sequence(r)
		}
	}
	if enums {
		if rows, err = q(qEnums); err != nil {
			return nil, err
		}
		for _, r := range rows {
			b.enumLabel(r)
		}
	}
	if rows, err = q(qViews); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if t := b.lookup(str(r, 0), str(r, 1)); t != nil {
			t.ViewDef = str(r, 2)
		}
	}
	if rows, err = q(qColumns); err != nil {
		return nil, err
	}
	for _, r := range rows {
		b.column(r)
	}
	if rows, err = q(qConstraints); err != nil {
		return nil, err
	}
	for _, r := range rows {
		b.constraint(str(r, 0), str(r, 1), str(r, 2), str(r, 3))
	}
	if rows, err = q(qKeyColumns); err != nil {
		return nil, err
	}
	sortRows(rows, 4)
	for _, r := range rows {
		b.keyColumn(r)
	}
	if rows, err = q(qReferential); err != nil {
		return nil, err
	}
	for _, r := range rows {
		b.referential(r)
	}
	if rows, err = q(qIndexes); err != nil {
		return nil, err
	}
	sortRows(rows, 4)
	for _, r := range rows {
		b.index(r)
	}
	if hasChecks {
		if rows, err = q(qChecks); err != nil {
			return nil, err
		}
		for _, r := range rows {
			if t := b.lookup(str(r, 0), str(r, 1)); t != nil && !t.View {
				t.Constraints = append(t.Constraints, &Constraint{Name: str(r, 2), IRISName: str(r, 2), Type: 'c', Table: t,
					CheckDef: str(r, 3), CheckCond: str(r, 4), Validated: num(r, 5) != 0})
			}
		}
	}
	if hasRenames {
		if rows, err = q(qRenames); err != nil {
			return nil, err
		}
		for _, r := range rows {
			if t := b.lookup(str(r, 0), str(r, 1)); t != nil && !t.View {
				t.CreatedName = str(r, 2)
			}
		}
	}
	if hasComments {
		if rows, err = q(qComments); err != nil {
			return nil, err
		}
		for _, r := range rows {
			b.comment(r)
		}
	}
	snap := b.finish()
	snap.HasCheckTable, snap.HasRenameTable, snap.HasCommentTable = hasChecks, hasRenames, hasComments
	return snap, nil
}

// sortRows orders rows by the integer in column i (ordinal positions), keeping ties stable.
func sortRows(rows [][]any, i int) {
	sort.SliceStable(rows, func(a, b int) bool { return num(rows[a], i) < num(rows[b], i) })
}

func str(r []any, i int) string {
	if i >= len(r) || r[i] == nil {
		return ""
	}
	switch v := r[i].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case bool:
		if v {
			return "1"
		}
		return "0"
	}
	return ""
}

func isNull(r []any, i int) bool { return i >= len(r) || r[i] == nil }

func num(r []any, i int) int64 {
	if i >= len(r) {
		return 0
	}
	switch v := r[i].(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case float64:
		return int64(v)
	case bool:
		if v {
			return 1
		}
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(str(r, i)), 10, 64)
	return n
}

// Table finds a table or view by its PostgreSQL names, compared without regard to
// case as IRIS compares identifiers; schema "" is public.
func (s *Snapshot) Table(schema, name string) *Table {
	if schema == "" {
		schema = "public"
	}
	return s.tableByName[strings.ToLower(schema+"."+name)]
}

// SourceColumn finds the table and column IRIS names as the source of a result column
// (its column metadata), for RowDescription's table OID and attribute number.
func (s *Snapshot) SourceColumn(irisSchema, irisTable, irisColumn string) (*Table, *TableColumn) {
	t := s.tableByIRISName[strings.ToLower(irisSchema+"."+irisTable)]
	if t == nil {
		return nil, nil
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.IRISName, irisColumn) {
			return t, c
		}
	}
	return t, nil
}

// IRISTable finds a table by the names IRIS gives it (compared without case).
func (s *Snapshot) IRISTable(irisSchema, irisTable string) *Table {
	return s.tableByIRISName[strings.ToLower(irisSchema+"."+irisTable)]
}

// Checks are the CHECK constraints of the table IRIS names schema.table, by name (the
// order PostgreSQL checks them in).
func (s *Snapshot) Checks(irisSchema, irisTable string) []*Constraint {
	t := s.tableByIRISName[strings.ToLower(irisSchema+"."+irisTable)]
	if t == nil {
		return nil
	}
	var out []*Constraint
	for _, k := range t.Constraints {
		if k.Type == 'c' {
			out = append(out, k)
		}
	}
	return out
}

// Commented reports whether pgwired keeps comments of the table or view IRIS names
// schema.table (compared without case), or kept them for one of that name dropped
// outside pgwired.
func (s *Snapshot) Commented(irisSchema, irisTable string) bool {
	return s.commented[strings.ToLower(irisSchema+"."+irisTable)]
}

// Column finds a column of a table or view by their PostgreSQL names (see Table).
func (s *Snapshot) Column(schema, table, column string) *TableColumn {
	t := s.Table(schema, table)
	if t == nil {
		return nil
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, column) {
			return c
		}
	}
	return nil
}
