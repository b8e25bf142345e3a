package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ErrorTarget is what PostgreSQL's wording of an undefined or duplicate object error
// depends on in the statement that failed: DROP TABLE of a missing table says `table "t"
// does not exist` without a position, ALTER TABLE names the relation of a column, an
// INSERT's column list too. Only the error path reads it (it parses the text again).
type ErrorTarget struct {
	Kind ErrorTargetKind
	// Object is what a DROP drops, in PostgreSQL's word ("table", "view", "index").
	Object string
	// Table is the table of an ALTER TABLE, RENAME COLUMN, CREATE TABLE, CREATE INDEX or
	// INSERT.
	Table string
	// InsertColumns is the column list of an INSERT; InsertValues the byte offsets of
	// the values of its first VALUES row, or of its query's columns (none when a * hides
	// them). For an UPDATE, InsertColumns are the columns SET names.
	InsertColumns []string
	InsertValues  []int
}

// ErrorTargetKind names the statements whose errors PostgreSQL words apart.
type ErrorTargetKind uint8

const (
	TargetOther ErrorTargetKind = iota
	TargetDrop
	TargetAlterTable
	TargetCreateIndex
	TargetInsert
	TargetRenameColumn
	TargetCreateTable
	TargetLock
	TargetUpdate
)

// StatementErrorTarget reads sql (one statement) for ErrorTarget.
func StatementErrorTarget(sql string) ErrorTarget {
	var t ErrorTarget
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return t
	}
	switch s := tree.Stmts[0].Stmt.Node.(type) {
	case *pg_query.Node_DropStmt:
		switch s.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			t.Kind, t.Object = TargetDrop, "table"
		case pg_query.ObjectType_OBJECT_VIEW:
			t.Kind, t.Object = TargetDrop, "view"
		case pg_query.ObjectType_OBJECT_INDEX:
			t.Kind, t.Object = TargetDrop, "index"
		}
	case *pg_query.Node_AlterTableStmt:
		t.Kind, t.Table = TargetAlterTable, s.AlterTableStmt.Relation.GetRelname()
	case *pg_query.Node_RenameStmt:
		switch s.RenameStmt.RenameType {
		case pg_query.ObjectType_OBJECT_COLUMN:
			t.Kind, t.Table = TargetRenameColumn, s.RenameStmt.Relation.GetRelname()
		case pg_query.ObjectType_OBJECT_TABLE:
			t.Kind, t.Table = TargetAlterTable, s.RenameStmt.Relation.GetRelname()
		}
	case *pg_query.Node_LockStmt:
		t.Kind = TargetLock
	case *pg_query.Node_CreateStmt:
		t.Kind, t.Table = TargetCreateTable, s.CreateStmt.Relation.GetRelname()
	case *pg_query.Node_IndexStmt:
		t.Kind, t.Table = TargetCreateIndex, s.IndexStmt.Relation.GetRelname()
	case *pg_query.Node_UpdateStmt:
		t.Kind, t.Table = TargetUpdate, s.UpdateStmt.Relation.GetRelname()
		for _, c := range s.UpdateStmt.TargetList {
			t.InsertColumns = append(t.InsertColumns, c.GetResTarget().GetName())
		}
	case *pg_query.Node_InsertStmt:
		t.Kind, t.Table = TargetInsert, s.InsertStmt.Relation.GetRelname()
		for _, c := range s.InsertStmt.Cols {
			t.InsertColumns = append(t.InsertColumns, c.GetResTarget().GetName())
		}
		if sel := s.InsertStmt.SelectStmt.GetSelectStmt(); sel != nil {
			items, _ := resultItems(sel) // the first VALUES row, or the query's columns
			for _, v := range items {
				t.InsertValues = append(t.InsertValues, int(nodeLocation(v)))
			}
		}
	}
	return t
}

// ScopeTable is a table of a statement's FROM lists (or its target), and the name the
// statement calls it by.
type ScopeTable struct {
	Table     TableRef
	Qualifier string
}

// StatementTables lists the tables sql reads or writes, in the order PostgreSQL's range
// table has them (FROM items left to right, subqueries' after), for the hint of an
// undefined column. Only the error path calls it.
func StatementTables(sql string) []ScopeTable {
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return nil
	}
	var out []ScopeTable
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if rv, ok := m.Interface().(*pg_query.RangeVar); ok {
			q := rv.Relname
			if rv.Alias != nil {
				q = rv.Alias.Aliasname
			}
			out = append(out, ScopeTable{Table: tableRef(rv), Qualifier: q})
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			if fd.Kind() != protoreflect.MessageKind {
				return true
			}
			if fd.IsList() {
				for i, l := 0, v.List(); i < l.Len(); i++ {
					walk(l.Get(i).Message())
				}
				return true
			}
			walk(v.Message())
			return true
		})
	}
	walk(tree.Stmts[0].Stmt.ProtoReflect())
	return out
}

// ReturningColumnAt is the byte offset in sql (one statement) of the first unqualified
// reference to column name in its RETURNING list, -1 when there is none.
func ReturningColumnAt(sql, name string) int {
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return -1
	}
	var list []*pg_query.Node
	switch s := tree.Stmts[0].Stmt.Node.(type) {
	case *pg_query.Node_UpdateStmt:
		list = s.UpdateStmt.ReturningList
	case *pg_query.Node_InsertStmt:
		list = s.InsertStmt.ReturningList
	case *pg_query.Node_DeleteStmt:
		list = s.DeleteStmt.ReturningList
	}
	at := -1
	for _, n := range list {
		walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
			if c, ok := m.Interface().(*pg_query.ColumnRef); ok && len(c.Fields) == 1 && c.Fields[0].GetString_().GetSval() == name {
				at = int(c.Location)
			}
			return at < 0
		})
		if at >= 0 {
			break
		}
	}
	return at
}
