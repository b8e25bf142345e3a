package session

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// withColumnTypes gives p as IRIS needs it for the tables it names
// (translate.Plan.WithCatalog): integer columns divided with "\", boolean columns
// compared with or given 't', 'yes', 'off' … as 1 or 0, an INSERT of fewer values
// than columns given its column list. What the tables have comes from the catalog
// snapshot. p itself when it needs none of that, or when the catalog cannot be read
// (IRIS then gets the statement as the client wrote it).
func (s *Session) withColumnTypes(ctx context.Context, p *translate.Plan) *translate.Plan {
	if !p.NeedsCatalog() || s.tx == txFailed {
		return p
	}
	cat, err := s.sessionCatalog(ctx)
	if err != nil {
		return p
	}
	return p.WithCatalog(cat)
}

// sessionCatalog is the catalog snapshot as this session sees it: its temporary tables
// first.
func (s *Session) sessionCatalog(ctx context.Context) (snapshotCatalog, error) {
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return snapshotCatalog{}, err
	}
	return snapshotCatalog{snap: snap, temp: s.temp}, nil
}

// snapshotCatalog is translate.Catalog over a catalog snapshot; temp, when set, are
// the session's temporary tables, which unqualified names mean first.
type snapshotCatalog struct {
	snap *catalog.Snapshot
	temp *tempTables
}

// resolve gives a name of the statement the schema it means: the session's temporary
// tables come first.
func (c snapshotCatalog) resolve(ref translate.TableRef) translate.TableRef {
	if c.temp != nil && (ref.Schema == "" || ref.Schema == "pg_temp") && c.temp.names[ref.Name] {
		ref.Schema = c.temp.schema
	}
	return ref
}

func (c snapshotCatalog) table(ref translate.TableRef) *catalog.Table {
	ref = c.resolve(ref)
	return c.snap.Table(ref.Schema, ref.Name)
}

func (c snapshotCatalog) ColumnType(col translate.CatalogColumn) (uint32, bool) {
	if col.Column == "" { // by position (INSERT without a column list)
		if len(col.Tables) != 1 {
			return 0, false
		}
		t := c.table(col.Tables[0])
		if t == nil || col.Position < 1 || col.Position > len(t.Columns) {
			return 0, false
		}
		return t.Columns[col.Position-1].TypeOID, true
	}
	// PostgreSQL resolves the column to the one table of the FROM clause that has it
	// (two would be 42702, which IRIS reports itself).
	var found bool
	var oid uint32
	for _, t := range col.Tables {
		if tc := c.column(t, col.Column); tc != nil {
			if found {
				return 0, false
			}
			found, oid = true, tc.TypeOID
		}
	}
	return oid, found
}

// ColumnTable is translate.Catalog's: which of col.Tables has the column (one only).
func (c snapshotCatalog) ColumnTable(col translate.CatalogColumn) (int, bool) {
	found := -1
	for i, t := range col.Tables {
		if c.column(t, col.Column) != nil {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// ColumnScale is translate.Catalog's: the declared scale of a numeric(p,s) column.
func (c snapshotCatalog) ColumnScale(col translate.CatalogColumn) int {
	for _, t := range col.Tables {
		if tc := c.column(t, col.Column); tc != nil {
			if tc.TypeOID == oidNumeric && tc.Typmod >= 4 {
				return int((tc.Typmod - 4) & 0xffff)
			}
			return 0
		}
	}
	return 0
}

// PrimaryKey is translate.Catalog's: the table's primary key columns.
func (c snapshotCatalog) PrimaryKey(ref translate.TableRef) []string {
	t := c.table(ref)
	if t == nil {
		return nil
	}
	for _, k := range t.Constraints {
		if k.Type != 'p' {
			continue
		}
		var names []string
		for _, num := range k.Columns {
			if col := columnByNum(t, num); col != nil {
				names = append(names, col.Name)
			}
		}
		return names
	}
	return nil
}

// Enum is translate.Catalog's: an enum type by OID, or by name.
func (c snapshotCatalog) Enum(oid uint32, name translate.TableRef) *translate.EnumType {
	var e *catalog.EnumType
	if oid != 0 {
		e = c.snap.EnumByOID(oid)
	} else {
		e = c.snap.Enum(name.Schema, name.Name)
	}
	if e == nil {
		return nil
	}
	return &translate.EnumType{OID: e.OID, Name: e.QualifiedName(), Labels: e.LabelNames()}
}

func (c snapshotCatalog) ColumnNames(ref translate.TableRef) []string {
	t := c.table(ref)
	if t == nil {
		return nil
	}
	names := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		names[i] = col.IRISName
	}
	return names
}

func (c snapshotCatalog) column(ref translate.TableRef, name string) *catalog.TableColumn {
	ref = c.resolve(ref)
	return c.snap.Column(ref.Schema, ref.Name, name)
}

// describeSources fills in the table OID and attribute number of the result columns
// IRIS reports as a table's column, as PostgreSQL's Describe does: pgjdbc reads them for
// ResultSetMetaData (getTableName, isNullable, isAutoIncrement) and DBeaver to edit
// results. Only Describe (a Parse) does it; snap is zoneSnapshot's (nil: nothing).
func describeSources(snap *catalog.Snapshot, cols []iris.Column, fields []pgproto3.FieldDescription) {
	if snap == nil {
		return
	}
	for i := range cols {
		c := &cols[i]
		if c.Table == "" || c.Expression || i >= len(fields) {
			continue
		}
		if t, tc := snap.SourceColumn(c.Schema, c.Table, c.Name); tc != nil {
			fields[i].TableOID, fields[i].TableAttributeNumber = t.OID, uint16(tc.Num)
		}
	}
}
