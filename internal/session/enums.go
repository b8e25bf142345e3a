package session

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// Enum types (translate/enum.go). IRIS has none, so pgwired keeps each type's labels in
// its table catalog.EnumTable, one row per label with PostgreSQL's enumsortorder, created
// on first need: every session and pgwired instance on the namespace shares them.
// CREATE TYPE, ALTER TYPE … ADD VALUE and DROP TYPE run in the client's transaction like
// other DDL (a transaction of their own outside a block), and the catalog snapshot, which
// the translator's places read (Plan.WithCatalog), is dropped after them.
//
// ADD VALUE inside a transaction block: PostgreSQL refuses to use the new label before
// the block commits (55P04); pgwired lets the block use it.

const enumCreateTable = "CREATE TABLE " + catalog.EnumTable + " (type_schema VARCHAR(128) COLLATE %EXACT NOT NULL, " +
	"type_name VARCHAR(128) COLLATE %EXACT NOT NULL, label VARCHAR(63) COLLATE %EXACT NOT NULL, " +
	"sort_order DOUBLE NOT NULL, PRIMARY KEY (type_schema, type_name, label))"

// enumLabel is one row of catalog.EnumTable.
type enumLabel struct {
	label string
	order float32
}

// enumDisplayName is the type's name as PostgreSQL's messages write it: as written.
func enumDisplayName(r translate.TableRef) string {
	return qualifiedName(r)
}

// enumLabels reads the labels of type k (schema resolved) in their order; nil when
// there is no such type.
func enumLabels(ctx context.Context, conn *iris.Conn, k translate.TableRef) ([]enumLabel, error) {
	rows, err := conn.Query(ctx, "SELECT label, sort_order FROM "+catalog.EnumTable+" WHERE type_schema = ? AND type_name = ? ORDER BY sort_order",
		[]any{k.Schema, k.Name})
	if err != nil {
		if isMissingTable(err) {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var out []enumLabel
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			return nil, err
		}
		label, _ := v[0].(string)
		out = append(out, enumLabel{label: label, order: float32(toFloat(v[1]))})
	}
	return out, rows.Err()
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case iris.Decimal:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	n, _ := toInt64(v)
	return float64(n)
}

// runEnum runs CREATE TYPE … AS ENUM, ALTER TYPE … ADD VALUE or DROP TYPE.
func (s *Session) runEnum(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	var notices []*pgproto3.NoticeResponse
	err := s.asOneStatement(ctx, s.tx == txIdle, func() error {
		sctx, done := s.statementContext(ctx)
		defer done()
		var err error
		notices, err = s.enumDDL(sctx, p.Enum)
		return s.seqIRISError(sctx, err)
	})
	s.invalidateCatalog()
	if err != nil {
		return err
	}
	for _, n := range notices {
		if err := s.notice(w, n); err != nil {
			return err
		}
	}
	return w.CommandComplete(p.Tag)
}

func (s *Session) enumDDL(ctx context.Context, cmd *translate.EnumCommand) ([]*pgproto3.NoticeResponse, error) {
	var notices []*pgproto3.NoticeResponse
	for _, name := range cmd.Names {
		k := seqKey(name)
		var notice *pgproto3.NoticeResponse
		var err error
		switch cmd.Op {
		case translate.EnumCreate:
			err = s.createEnum(ctx, name, k, cmd.Labels)
		case translate.EnumAddValue:
			notice, err = s.addEnumValue(ctx, name, k, cmd)
		case translate.EnumDrop:
			notice, err = s.dropEnum(ctx, name, k, cmd.IfExists)
		}
		if err != nil {
			return nil, err
		}
		if notice != nil {
			notices = append(notices, notice)
		}
	}
	return notices, nil
}

func typeMissing(name translate.TableRef) error {
	return &wire.Error{Code: "42704", Message: `type "` + enumDisplayName(name) + `" does not exist`}
}

func (s *Session) createEnum(ctx context.Context, name, k translate.TableRef, labels []string) error {
	if k.Schema != "public" {
		if ok, err := s.schemaExists(ctx, k.Schema); err != nil {
			return err
		} else if !ok {
			return &wire.Error{Code: "3F000", Message: `schema "` + k.Schema + `" does not exist`}
		}
	}
	existing, err := enumLabels(ctx, s.conn, k)
	if err != nil {
		return err
	}
	// A table's or view's row type has its name too.
	relation := false
	if existing == nil {
		if relation, err = s.relationExists(ctx, k); err != nil {
			return err
		}
	}
	if existing != nil || relation {
		return &wire.Error{Code: "42710", Message: `type "` + k.Name + `" already exists`}
	}
	for i, l := range labels {
		if err := s.insertEnumLabel(ctx, k, l, float32(i+1)); err != nil {
			return err
		}
	}
	return nil
}

// insertEnumLabel adds one label row, creating pgwired's table on first need.
func (s *Session) insertEnumLabel(ctx context.Context, k translate.TableRef, label string, order float32) error {
	insert := func() error {
		_, err := s.conn.Exec(ctx, "INSERT INTO "+catalog.EnumTable+" (type_schema, type_name, label, sort_order) VALUES (?, ?, ?, ?)",
			[]any{k.Schema, k.Name, label, float64(order)})
		return err
	}
	err := insert()
	if isMissingTable(err) {
		// Another session may create it at the same moment (-201: it exists now).
		var se *iris.SQLError
		if _, cerr := s.conn.Exec(ctx, enumCreateTable, nil); cerr != nil && !(errors.As(cerr, &se) && se.SQLCODE == -201) {
			return cerr
		}
		err = insert()
	}
	var se *iris.SQLError
	if errors.As(err, &se) && se.SQLCODE == -119 {
		// A concurrent CREATE TYPE of the same name.
		return &wire.Error{Code: "42710", Message: `type "` + k.Name + `" already exists`}
	}
	return err
}

// lockEnum takes the row locks of type k's labels for the rest of the transaction, so
// that concurrent ADD VALUEs order their labels one after the other.
func (s *Session) lockEnum(ctx context.Context, k translate.TableRef) error {
	_, err := s.conn.Exec(ctx, "UPDATE "+catalog.EnumTable+" SET sort_order = sort_order WHERE type_schema = ? AND type_name = ?",
		[]any{k.Schema, k.Name})
	if isMissingTable(err) {
		return nil
	}
	return err
}

func (s *Session) addEnumValue(ctx context.Context, name, k translate.TableRef, cmd *translate.EnumCommand) (*pgproto3.NoticeResponse, error) {
	if err := s.lockEnum(ctx, k); err != nil {
		return nil, err
	}
	labels, err := enumLabels(ctx, s.conn, k)
	if err != nil {
		return nil, err
	}
	if labels == nil {
		return nil, typeMissing(name)
	}
	label := cmd.Labels[0]
	for _, l := range labels {
		if l.label != label {
			continue
		}
		if cmd.IfNotExists {
			return &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "42710",
				Message: `enum label "` + label + `" already exists, skipping`}, nil
		}
		return nil, &wire.Error{Code: "42710", Message: `enum label "` + label + `" already exists`}
	}
	order, renumber, err := newLabelOrder(labels, cmd.Neighbor, cmd.After)
	if err != nil {
		return nil, err
	}
	if renumber {
		// PostgreSQL's RenumberEnumType: no float4 lies between the neighbours.
		for i, l := range labels {
			if _, err := s.conn.Exec(ctx, "UPDATE "+catalog.EnumTable+" SET sort_order = ? WHERE type_schema = ? AND type_name = ? AND label = ?",
				[]any{float64(i + 1), k.Schema, k.Name, l.label}); err != nil {
				return nil, err
			}
			labels[i].order = float32(i + 1)
		}
		if order, _, err = newLabelOrder(labels, cmd.Neighbor, cmd.After); err != nil {
			return nil, err
		}
	}
	return nil, s.insertEnumLabel(ctx, k, label, order)
}

// newLabelOrder is the enumsortorder PostgreSQL's AddEnumLabel gives a new label: after
// the last one, or between the neighbour and the label on its other side (their float4
// midpoint; renumber when there is none).
func newLabelOrder(labels []enumLabel, neighbor string, after bool) (order float32, renumber bool, err error) {
	if neighbor == "" {
		return labels[len(labels)-1].order + 1, false, nil
	}
	i := 0
	for i < len(labels) && labels[i].label != neighbor {
		i++
	}
	if i == len(labels) {
		return 0, false, &wire.Error{Code: "22023", Message: `"` + neighbor + `" is not an existing enum label`}
	}
	other := i - 1
	if after {
		other = i + 1
	}
	switch {
	case other < 0:
		return labels[i].order - 1, false, nil
	case other >= len(labels):
		return labels[i].order + 1, false, nil
	}
	mid := (labels[i].order + labels[other].order) / 2
	if mid == labels[i].order || mid == labels[other].order {
		return 0, true, nil
	}
	return mid, false, nil
}

func (s *Session) dropEnum(ctx context.Context, name, k translate.TableRef, ifExists bool) (*pgproto3.NoticeResponse, error) {
	labels, err := enumLabels(ctx, s.conn, k)
	if err != nil {
		return nil, err
	}
	if labels == nil {
		if ifExists {
			return &pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "00000",
				Message: `type "` + enumDisplayName(name) + `" does not exist, skipping`}, nil
		}
		return nil, typeMissing(name)
	}
	if err := s.enumDependents(ctx, k); err != nil {
		return nil, err
	}
	_, err = s.conn.Exec(ctx, "DELETE FROM "+catalog.EnumTable+" WHERE type_schema = ? AND type_name = ?", []any{k.Schema, k.Name})
	return nil, err
}

// enumDependents fails with PostgreSQL's 2BP01 when a column is of type k: IRIS lists
// the columns pgwired made for it by their description.
func (s *Session) enumDependents(ctx context.Context, k translate.TableRef) error {
	rows, err := s.conn.Query(ctx, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE DESCRIPTION = ?",
		[]any{translate.EnumMarker(k)})
	if err != nil {
		return err
	}
	defer rows.Close()
	var detail []string
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			return err
		}
		schema, _ := v[0].(string)
		table, _ := v[1].(string)
		column, _ := v[2].(string)
		t := catalog.PGName(table)
		if !strings.EqualFold(schema, s.m.cfg.Translator.Options().Schema) {
			t = catalog.PGName(schema) + "." + t
		}
		detail = append(detail, "column "+catalog.PGName(column)+" of table "+t+" depends on type "+k.Name)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(detail) == 0 {
		return nil
	}
	return &wire.Error{Code: "2BP01", Message: "cannot drop type " + k.Name + " because other objects depend on it",
		Detail: strings.Join(detail, "\n"), Hint: "Use DROP ... CASCADE to drop the dependent objects too."}
}

// checkTypeRefs checks, before a CREATE TABLE or ALTER TABLE … ADD COLUMN runs, that
// each type its columns name that is not built in is an enum type, and that their
// defaults are labels.
func (s *Session) checkTypeRefs(ctx context.Context, refs []translate.TypeRef) error {
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	for _, r := range refs {
		k := seqKey(r.Type)
		labels, err := enumLabels(sctx, s.conn, k)
		if err != nil {
			return s.irisError(sctx, err)
		}
		if labels == nil {
			return typeMissing(r.Type)
		}
		if r.Default != nil && !hasLabel(labels, *r.Default) {
			return invalidEnumValue(enumDisplayName(r.Type), *r.Default)
		}
	}
	return nil
}

func hasLabel(labels []enumLabel, v string) bool {
	for _, l := range labels {
		if l.label == v {
			return true
		}
	}
	return false
}

// invalidEnumValue is PostgreSQL's error for a value that is not a label of the type.
func invalidEnumValue(typ, v string) error {
	return &wire.Error{Code: "22P02", Message: `invalid input value for enum ` + typ + `: "` + v + `"`}
}

// checkEnumParams fails with 22P02 when a parameter cast to an enum type is not one of
// its labels, as PostgreSQL's enum_in does.
func checkEnumParams(eps []translate.EnumParam, params []any) error {
	for _, ep := range eps {
		if ep.Param >= len(params) || params[ep.Param] == nil {
			continue
		}
		v, ok := params[ep.Param].(string)
		if !ok {
			v = fmt.Sprint(params[ep.Param])
		}
		if ep.Type.Label(v) == 0 {
			return invalidEnumValue(ep.Type.Name, v)
		}
	}
	return nil
}

// enumGuards are CHECK-like conditions for the enum columns of t (Type 'e', Name the
// column): checked as CHECK constraints are (checks.go), a value that is not a label
// fails with PostgreSQL's 22P02 (firstViolation).
func enumGuards(t *catalog.Table) []*catalog.Constraint {
	var out []*catalog.Constraint
	for _, c := range t.Columns {
		if c.Enum == nil {
			continue
		}
		var b strings.Builder
		b.WriteString(translate.QuoteIdent(c.IRISName) + " IN (")
		for i, l := range c.Enum.Labels {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("'" + strings.ReplaceAll(l.Label, "'", "''") + "'")
		}
		b.WriteByte(')')
		out = append(out, &catalog.Constraint{Name: c.Name, Type: 'e', Table: t, CheckCond: b.String()})
	}
	return out
}

// enumViolation is 22P02 for the value of guard k's column in the failing row.
func enumViolation(rows *iris.Rows, k *catalog.Constraint) error {
	for i, c := range k.Table.Columns {
		if c.Name != k.Name {
			continue
		}
		f := pgproto3.FieldDescription{DataTypeOID: oidText}
		v, err := appendValue(nil, rows, i+1, &f)
		if err != nil {
			break
		}
		return invalidEnumValue(c.Enum.QualifiedName(), string(v))
	}
	return &wire.Error{Code: "22P02", Message: "invalid input value for enum " + k.Name}
}

// hasEnumColumn: one of the result columns is of an enum type (markCatalogTypes).
func (s *Session) hasEnumColumn(ctx context.Context, cols []iris.Column, planCols []translate.Column, fields []pgproto3.FieldDescription) bool {
	marked := slices.Clone(fields)
	markCatalogTypes(s.zoneSnapshot(ctx, planCols), cols, planCols, marked)
	return slices.ContainsFunc(marked, func(f pgproto3.FieldDescription) bool { return f.DataTypeOID >= oidFirstUser })
}
