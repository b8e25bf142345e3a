package session

import (
	"context"
	"errors"
	"strings"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Renamed tables. PostgreSQL's ALTER TABLE t RENAME TO u keeps the names of the table's
// constraints and sequences (t_pkey, t_id_seq), which the catalog derives from the table
// name, and IRIS names unnamed constraints after the table too (TPKEY1). So pgwired
// records the name a table had before its first rename in catalog.RenameTable, and the
// catalog keeps deriving those names from it.

const renameTableSQL = catalog.CheckSchema + "." + catalog.RenameTable

// runRenameTable renames a table (StepRenameTable) and moves what pgwired keeps of it to
// the new name: its CHECK constraints, comments and the name it was created with.
func (s *Session) runRenameTable(ctx context.Context, st *translate.Step) error {
	rn := st.Rename
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return err
	}
	created := rn.Table.Name
	if t := snap.IRISTable(rn.Table.IRISSchema, rn.Table.Name); t != nil {
		if t.View {
			return &wire.Error{Code: "0A000", Message: "ALTER TABLE … RENAME of a view is not supported by pgwired/IRIS"}
		}
		// IRIS is not known to make its views follow a renamed table.
		if v := viewReading(snap, t); v != nil {
			return &wire.Error{Code: "0A000", Message: "renaming table \"" + t.Name + "\" used by view \"" + v.Name + "\" is not supported by pgwired/IRIS"}
		}
		created = t.IRISName
		if t.CreatedName != "" {
			created = t.CreatedName
		}
	}
	if err := s.execStepSQL(ctx, st.SQL); err != nil {
		return err
	}
	schema, from, to := rn.Table.IRISSchema, rn.Table.Name, rn.NewName
	if snap.HasCheckTable && !strings.EqualFold(from, to) {
		// Rows under the new name belong to a table of that name dropped outside pgwired.
		if err := s.execCheckTable(ctx, "DELETE FROM "+checkTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", schema, to); err != nil {
			return err
		}
		if err := s.execCheckTable(ctx, "UPDATE "+checkTableSQL+" SET TABLE_NAME = ? WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", to, schema, from); err != nil {
			return err
		}
	}
	if err := s.moveComments(ctx, snap, schema, from, to); err != nil {
		return err
	}
	return s.recordRename(ctx, snap.HasRenameTable, schema, from, to, created)
}

// viewReading is a view whose definition names t, nil when none does.
func viewReading(snap *catalog.Snapshot, t *catalog.Table) *catalog.Table {
	for _, v := range snap.Tables {
		if v.View {
			if _, _, _, reads := findIdentifier(v.ViewDef, t.IRISName); reads {
				return v
			}
		}
	}
	return nil
}

// recordRename keeps, for the table schema.from now called to, the name it was created
// with; a table renamed back to that name needs no row.
func (s *Session) recordRename(ctx context.Context, exists bool, schema, from, to, created string) error {
	if exists {
		if err := s.execCheckTable(ctx, "DELETE FROM "+renameTableSQL+" WHERE TABLE_SCHEMA = ? AND (TABLE_NAME = ? OR TABLE_NAME = ?)", schema, from, to); err != nil {
			return err
		}
	}
	if strings.EqualFold(created, to) {
		return nil
	}
	if !exists {
		err := s.execStepSQL(ctx, "CREATE TABLE "+renameTableSQL+" (TABLE_SCHEMA VARCHAR(128) NOT NULL, TABLE_NAME VARCHAR(128) NOT NULL, "+
			"CREATED_NAME VARCHAR(128) NOT NULL, PRIMARY KEY (TABLE_SCHEMA, TABLE_NAME))")
		var we *wire.Error
		if err != nil && !(errors.As(err, &we) && we.Code == "42P07") {
			return err
		}
	}
	return s.execCheckTable(ctx, "INSERT INTO "+renameTableSQL+" (TABLE_SCHEMA, TABLE_NAME, CREATED_NAME) VALUES (?, ?, ?)", schema, to, created)
}

// forgetRenames drops the records of tables a DROP TABLE dropped (snap: before the drop).
func (s *Session) forgetRenames(ctx context.Context, snap *catalog.Snapshot, tables []translate.CheckTable) error {
	for _, t := range tables {
		if it := snap.IRISTable(t.IRISSchema, t.Name); it == nil || it.CreatedName == "" {
			continue
		}
		if err := s.execCheckTable(ctx, "DELETE FROM "+renameTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", t.IRISSchema, t.Name); err != nil {
			return err
		}
	}
	return nil
}

// renamedColumn is the catalog once column from is renamed to: the new name has the
// old one's type (the snapshot may have been read before the rename, or after).
type renamedColumn struct {
	snapshotCatalog
	from, to string
}

func (c renamedColumn) old(col translate.CatalogColumn) translate.CatalogColumn {
	if strings.EqualFold(col.Column, c.to) {
		col.Column = c.from
	}
	return col
}

func (c renamedColumn) ColumnType(col translate.CatalogColumn) (uint32, bool) {
	if oid, ok := c.snapshotCatalog.ColumnType(c.old(col)); ok {
		return oid, true
	}
	return c.snapshotCatalog.ColumnType(col)
}

func (c renamedColumn) ColumnScale(col translate.CatalogColumn) int {
	if _, ok := c.snapshotCatalog.ColumnType(c.old(col)); ok {
		return c.snapshotCatalog.ColumnScale(c.old(col))
	}
	return c.snapshotCatalog.ColumnScale(col)
}

func (c renamedColumn) ColumnTable(col translate.CatalogColumn) (int, bool) {
	if i, ok := c.snapshotCatalog.ColumnTable(c.old(col)); ok {
		return i, true
	}
	return c.snapshotCatalog.ColumnTable(col)
}

// renameCheckColumn runs the RENAME COLUMN of op (the step's SQL) and rewrites the CHECK
// constraints that name the column, as PostgreSQL does: their definitions name the new
// column and their IRIS conditions are translated anew. The new texts are made before
// the rename runs, so that one that cannot be made leaves everything as it was.
func (s *Session) renameCheckColumn(ctx context.Context, st *translate.Step, snap *catalog.Snapshot, existing []*catalog.Constraint) error {
	op := st.Check
	type rewrite struct{ name, def, cond string }
	var rewrites []rewrite
	cat := renamedColumn{snapshotCatalog{snap: snap, temp: s.temp}, op.RenameColumn, op.NewName}
	for _, k := range existing {
		d, err := translate.RenameCheckColumn(k.CheckDef, op.Table.Ref, op.RenameColumn, op.NewName, s.m.cfg.Translator.Options())
		if err != nil {
			return translateError(err)
		}
		if d != nil {
			rewrites = append(rewrites, rewrite{k.Name, d.Def, d.ResolveCond(cat)})
		}
	}
	if err := s.execStepSQL(ctx, st.SQL); err != nil {
		return err
	}
	if err := s.moveColumnComment(ctx, snap, op.Table, op.RenameColumn, op.NewName); err != nil {
		return err
	}
	for _, w := range rewrites {
		if err := s.execCheckTable(ctx, "UPDATE "+checkTableSQL+" SET DEFINITION = ?, CONDITION = ? WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?",
			w.def, w.cond, op.Table.IRISSchema, op.Table.Name, w.name); err != nil {
			return err
		}
	}
	return nil
}
