package session

import (
	"context"
	"errors"
	"strings"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Comments (COMMENT ON TABLE | VIEW | COLUMN). IRIS has no statement for them, so pgwired
// keeps them in catalog.CheckSchema.CommentTable, which the catalog reads into
// pg_description. The rows are DML: inside a transaction block they are written in the
// client's transaction and a ROLLBACK undoes them, as PostgreSQL's COMMENT is
// transactional. DDL through pgwired keeps them in step: DROP TABLE, DROP VIEW and DROP
// COLUMN delete them, RENAME TO and RENAME COLUMN move them, as PostgreSQL keeps a
// comment with its object.

const commentTableSQL = catalog.CheckSchema + "." + catalog.CommentTable

// systemColumns are PostgreSQL's system column names, which a table cannot use for its
// own columns and pgwired does not show.
var systemColumns = map[string]bool{"tableoid": true, "cmax": true, "xmax": true, "cmin": true, "xmin": true, "ctid": true}

// runComment sets or removes a comment (StepComment).
func (s *Session) runComment(ctx context.Context, st *translate.Step) error {
	op := st.Comment
	desc, haveTable, err := s.commentTarget(ctx, op)
	if err != nil {
		return err
	}
	t := op.Table
	var text any // NULL: no comment, where IRIS's own description would show
	if op.Text != "" {
		text = op.Text
	} else if desc == "" {
		if !haveTable {
			return nil
		}
		return s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
			t.IRISSchema, t.Name, op.Column)
	}
	if !haveTable {
		err := s.execStepSQL(ctx, "CREATE TABLE "+commentTableSQL+" (TABLE_SCHEMA VARCHAR(128) NOT NULL, TABLE_NAME VARCHAR(128) NOT NULL, "+
			"COLUMN_NAME VARCHAR(128) NOT NULL, COMMENT_TEXT VARCHAR(3641144), PRIMARY KEY (TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME))")
		var we *wire.Error
		if err != nil && !(errors.As(err, &we) && we.Code == "42P07") {
			return err
		}
	}
	// Replaced in one transaction (its own outside a block): never without a row between.
	return s.asOneStatement(ctx, s.tx == txIdle, func() error {
		if err := s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
			t.IRISSchema, t.Name, op.Column); err != nil {
			return err
		}
		return s.execCheckTable(ctx, "INSERT INTO "+commentTableSQL+" (TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COMMENT_TEXT) VALUES (?, ?, ?, ?)",
			t.IRISSchema, t.Name, op.Column, text)
	})
}

// commentTarget looks the commented object up in IRIS's INFORMATION_SCHEMA, at the
// time of the statement (the catalog snapshot may be older): PostgreSQL's error when it
// is missing or of another kind; else the description IRIS keeps of it, and whether
// pgwired's table of comments exists (the same query answers).
func (s *Session) commentTarget(ctx context.Context, op *translate.CommentOp) (desc string, haveTable bool, err error) {
	t := op.Table
	if catalog.HiddenSchema(t.IRISSchema) {
		return "", false, &wire.Error{Code: "0A000", Message: "COMMENT on an object of a system schema is not supported by pgwired/IRIS"}
	}
	rows, err := s.queryInternal(ctx, "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, DESCRIPTION FROM INFORMATION_SCHEMA.TABLES "+
		"WHERE (TABLE_SCHEMA = ? AND TABLE_NAME = ?) OR (TABLE_SCHEMA = ? AND TABLE_NAME = ?)",
		t.IRISSchema, t.Name, catalog.CheckSchema, catalog.CommentTable)
	if err != nil {
		return "", false, err
	}
	var rel []any
	for _, r := range rows {
		if strings.EqualFold(rowString(r, 0), catalog.CheckSchema) && strings.EqualFold(rowString(r, 1), catalog.CommentTable) {
			haveTable = true
		} else {
			rel = r
		}
	}
	if rel == nil {
		return "", false, s.missingRelation(ctx, op)
	}
	switch kind := strings.ToUpper(rowString(rel, 2)); {
	case kind != "BASE TABLE" && kind != "VIEW":
		return "", false, &wire.Error{Code: "0A000", Message: "COMMENT on an IRIS " + strings.ToLower(kind) + " is not supported by pgwired/IRIS"}
	case op.Kind == "table" && kind != "BASE TABLE", op.Kind == "view" && kind != "VIEW":
		return "", false, &wire.Error{Code: "42809", Message: "\"" + t.Name + "\" is not a " + op.Kind}
	}
	if op.Column == "" {
		return rowString(rel, 3), haveTable, nil
	}
	cols, err := s.queryInternal(ctx, "SELECT DESCRIPTION FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
		t.IRISSchema, t.Name, op.Column)
	switch {
	case err != nil:
		return "", false, err
	case len(cols) > 0:
		return rowString(cols[0], 0), haveTable, nil
	case systemColumns[op.Column]:
		return "", false, &wire.Error{Code: "0A000", Message: "COMMENT on a system column is not supported by pgwired/IRIS"}
	}
	return "", false, &wire.Error{Code: "42703", Message: "column \"" + op.Column + "\" of relation \"" + t.Name + "\" does not exist"}
}

// missingRelation is PostgreSQL's error for a relation not found: its schema's when
// that does not exist either.
func (s *Session) missingRelation(ctx context.Context, op *translate.CommentOp) error {
	if schema := op.Table.Ref.Schema; schema != "" && schema != "public" {
		rows, err := s.queryInternal(ctx, "SELECT 1 FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?", op.Table.IRISSchema)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return &wire.Error{Code: "3F000", Message: "schema \"" + schema + "\" does not exist"}
		}
	}
	return &wire.Error{Code: "42P01", Message: "relation \"" + op.Written + "\" does not exist"}
}

// forgetComments drops the comments of tables and views a DROP dropped (snap: before
// the drop), and those a table of that name dropped outside pgwired left.
func (s *Session) forgetComments(ctx context.Context, snap *catalog.Snapshot, tables []translate.CheckTable) error {
	for _, t := range tables {
		if !snap.Commented(t.IRISSchema, t.Name) {
			continue
		}
		if err := s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", t.IRISSchema, t.Name); err != nil {
			return err
		}
	}
	return nil
}

// forgetColumnComment drops the comment of a dropped column.
func (s *Session) forgetColumnComment(ctx context.Context, snap *catalog.Snapshot, t translate.CheckTable, column string) error {
	if !snap.Commented(t.IRISSchema, t.Name) {
		return nil
	}
	return s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
		t.IRISSchema, t.Name, column)
}

// moveColumnComment keeps a renamed column's comment (the rename has run).
func (s *Session) moveColumnComment(ctx context.Context, snap *catalog.Snapshot, t translate.CheckTable, from, to string) error {
	if !snap.Commented(t.IRISSchema, t.Name) {
		return nil
	}
	if !strings.EqualFold(from, to) {
		// A row under the new name is a column's of that name dropped outside pgwired.
		if err := s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
			t.IRISSchema, t.Name, to); err != nil {
			return err
		}
	}
	return s.execCheckTable(ctx, "UPDATE "+commentTableSQL+" SET COLUMN_NAME = ? WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ?",
		to, t.IRISSchema, t.Name, from)
}

// moveComments keeps a renamed table's comments (the rename has run).
func (s *Session) moveComments(ctx context.Context, snap *catalog.Snapshot, schema, from, to string) error {
	if !strings.EqualFold(from, to) && snap.Commented(schema, to) {
		// Rows under the new name belong to a table of that name dropped outside pgwired.
		if err := s.execCheckTable(ctx, "DELETE FROM "+commentTableSQL+" WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", schema, to); err != nil {
			return err
		}
	}
	if !snap.Commented(schema, from) {
		return nil
	}
	return s.execCheckTable(ctx, "UPDATE "+commentTableSQL+" SET TABLE_NAME = ? WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", to, schema, from)
}

// queryInternal runs one IRIS query whose rows the client does not see.
func (s *Session) queryInternal(ctx context.Context, sql string, args ...any) ([][]any, error) {
	sctx, done := s.statementContext(ctx)
	defer done()
	return s.queryAll(sctx, sql, args)
}

// rowString is column i of a row as text ("" for NULL).
func rowString(r []any, i int) string {
	if i >= len(r) {
		return ""
	}
	switch v := r[i].(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}
