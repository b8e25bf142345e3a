package irissim

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
)

const defaultSchema = "SQLUser"

// column is one field of a table as created (names keep their case).
type column struct {
	Name          string   `json:"name"`
	Type          irisType `json:"type"`
	Ordinal       int      `json:"ordinal"`
	NotNull       bool     `json:"notNull,omitempty"`
	Default       *string  `json:"default,omitempty"` // as written in DDL
	Identity      bool     `json:"identity,omitempty"`
	AutoIncrement bool     `json:"autoIncrement,omitempty"`
	Exact         bool     `json:"exact,omitempty"`       // COLLATE %EXACT instead of SQLUPPER
	Description   *string  `json:"description,omitempty"` // %DESCRIPTION

	// Derived values served by INFORMATION_SCHEMA.COLUMNS.
	DataType    string `json:"dataType"`
	CharMax     *int   `json:"charMax"`
	NumPrec     *int   `json:"numPrec"`
	NumScale    *int   `json:"numScale"`
	IsNullable  string `json:"isNullable"`
	IsIdentity  string `json:"isIdentity"`
	AutoIncText string `json:"autoIncText"`
	UniqueText  string `json:"uniqueText"`
	PKText      string `json:"pkText"`
}

// constraint is a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint.
type constraint struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Columns    []string `json:"columns"`
	RefSchema  string   `json:"refSchema,omitempty"`
	RefTable   string   `json:"refTable,omitempty"`
	RefColumns []string `json:"refColumns,omitempty"`
	RefName    string   `json:"refName,omitempty"`
	OnDelete   string   `json:"onDelete,omitempty"`
	OnUpdate   string   `json:"onUpdate,omitempty"`
}

// index is a CREATE INDEX index (HNSW indexes are recorded, not built).
type index struct {
	Name    string   `json:"name"`
	Unique  bool     `json:"unique,omitempty"`
	Columns []string `json:"columns"`
	Kind    string   `json:"kind,omitempty"` // "" or "HNSW"
	Params  string   `json:"params,omitempty"`
}

// table is a base table or view with its IRIS metadata.
type table struct {
	Schema      string        `json:"schema"`
	Name        string        `json:"name"`
	View        bool          `json:"view,omitempty"`
	ViewDef     string        `json:"viewDef,omitempty"`
	Columns     []*column     `json:"columns"`
	Constraints []*constraint `json:"constraints"`
	Indexes     []*index      `json:"indexes"`

	derived bool // a query's pseudo-table (derived table or WITH query), never stored
}

func tableKey(schema, name string) string { return upperIdent(schema) + "." + upperIdent(name) }

// phys is the quoted SQLite name. Default-schema tables keep their bare name so
// that unqualified references need no rewriting.
func (t *table) phys() string { return physName(t.Schema, t.Name) }

func physName(schema, name string) string {
	if strings.EqualFold(schema, defaultSchema) {
		return quoteIdent(name)
	}
	return quoteIdent(schema + "." + name)
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (t *table) col(name string) *column {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

func (t *table) indexNamed(name string) *index {
	for _, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return ix
		}
	}
	return nil
}

func (t *table) identity() *column {
	for _, c := range t.Columns {
		if c.Identity {
			return c
		}
	}
	return nil
}

func (t *table) constraintNamed(name string) *constraint {
	for _, k := range t.Constraints {
		if strings.EqualFold(k.Name, name) {
			return k
		}
	}
	return nil
}

func (t *table) primaryKey() *constraint {
	for _, k := range t.Constraints {
		if k.Type == "PRIMARY KEY" {
			return k
		}
	}
	return nil
}

// derive fills the INFORMATION_SCHEMA helper fields before the table is saved.
func (t *table) derive() {
	yes := func(b bool) string {
		if b {
			return "YES"
		}
		return "NO"
	}
	for i, c := range t.Columns {
		c.Ordinal = i + 1
		c.DataType = c.Type.dataTypeName()
		c.CharMax, c.NumPrec, c.NumScale = nil, nil, nil
		switch c.Type.Kind {
		case kString, kBinary, kLongChar, kLongBin:
			n := c.Type.MaxLen
			c.CharMax = &n
		case kInt, kNumeric, kDouble, kBit:
			p, s := c.Type.Precision, c.Type.Scale
			c.NumPrec, c.NumScale = &p, &s
		}
		inKey := func(kind string) bool {
			for _, k := range t.Constraints {
				if k.Type == kind && len(k.Columns) == 1 && strings.EqualFold(k.Columns[0], c.Name) {
					return true
				}
			}
			return false
		}
		pk := false
		if k := t.primaryKey(); k != nil {
			for _, n := range k.Columns {
				pk = pk || strings.EqualFold(n, c.Name)
			}
		}
		c.IsNullable = yes(!c.NotNull && !c.Identity && !pk)
		c.IsIdentity = yes(c.Identity)
		c.AutoIncText = yes(c.Identity || c.AutoIncrement)
		c.UniqueText = yes(inKey("UNIQUE"))
		c.PKText = yes(pk)
	}
	if t.Constraints == nil {
		t.Constraints = []*constraint{}
	}
	if t.Indexes == nil {
		t.Indexes = []*index{}
	}
}

// catalog is one connection's snapshot of the namespace metadata.
type catalog struct {
	tables  map[string]*table // by tableKey
	schemas map[string]string // upper → as created
}

func (c *catalog) lookup(schema, name string) *table {
	if schema == "" {
		schema = defaultSchema
	}
	return c.tables[tableKey(schema, name)]
}

func (c *catalog) hasSchema(name string) bool {
	_, ok := c.schemas[upperIdent(name)]
	return ok
}

// metaDDL creates the simulator's own metadata store. Names start with '%'
// so that no IRIS identifier (where '%' is reserved for system items) can collide.
var metaDDL = []string{
	`CREATE TABLE IF NOT EXISTS "%sim_object"(schema_name TEXT COLLATE SQLUPPER, object_name TEXT COLLATE SQLUPPER, def TEXT NOT NULL, PRIMARY KEY(schema_name, object_name))`,
	`CREATE TABLE IF NOT EXISTS "%sim_schema"(schema_name TEXT PRIMARY KEY COLLATE SQLUPPER)`,
	`CREATE TABLE IF NOT EXISTS "%sim_counter"(name TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
}

// loadCatalog reads the metadata visible to conn (its own uncommitted DDL included).
func loadCatalog(ctx context.Context, conn *sql.Conn) (*catalog, error) {
	cat := &catalog{tables: map[string]*table{}, schemas: map[string]string{}}
	rows, err := conn.QueryContext(ctx, `SELECT def FROM "%sim_object"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, err
		}
		t := &table{}
		if err := json.Unmarshal([]byte(def), t); err != nil {
			return nil, err
		}
		cat.tables[tableKey(t.Schema, t.Name)] = t
		cat.schemas[upperIdent(t.Schema)] = t.Schema
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	srows, err := conn.QueryContext(ctx, `SELECT schema_name FROM "%sim_schema"`)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var s string
		if err := srows.Scan(&s); err != nil {
			return nil, err
		}
		cat.schemas[upperIdent(s)] = s
	}
	cat.schemas[upperIdent(defaultSchema)] = defaultSchema
	cat.schemas["INFORMATION_SCHEMA"] = "INFORMATION_SCHEMA"
	return cat, srows.Err()
}

// saveTable writes a table definition into the metadata store.
func saveTable(ctx context.Context, x execer, t *table) error {
	t.derive()
	def, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = x.ExecContext(ctx, `INSERT OR REPLACE INTO "%sim_object"(schema_name, object_name, def) VALUES (?, ?, ?)`,
		t.Schema, t.Name, string(def))
	return err
}

func deleteTable(ctx context.Context, x execer, t *table) error {
	_, err := x.ExecContext(ctx, `DELETE FROM "%sim_object" WHERE schema_name = ? AND object_name = ?`, t.Schema, t.Name)
	return err
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
