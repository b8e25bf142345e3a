package session

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// failedKey is the key of a constraint error: its table and columns (attnums), and the
// other table its DETAIL names (a foreign key's referenced or referencing table).
type failedKey struct {
	kind    keyKind
	table   *catalog.Table
	columns []int16
	other   *catalog.Table
}

type keyKind uint8

const (
	keyDuplicate  keyKind = iota + 1 // 23505: Key (…)=(…) already exists.
	keyNotPresent                    // 23503 on the referencing side
	keyReferenced                    // 23503 on the referenced side (DELETE, UPDATE of the key)
	keyNotNull                       // 23502: Failing row contains (…).
)

// keyDetail is PostgreSQL's DETAIL for key k when the running statement's text (and
// parameters) give every value of it, else "". A new row's values come from a one-row
// INSERT … VALUES or an UPDATE's SET (and for columns it does not set, its WHERE
// col = value); a referenced row's from the WHERE of its DELETE or UPDATE.
func (s *Session) keyDetail(ctx context.Context, k failedKey) string {
	if k.kind == keyNotNull {
		return s.failingRowDetail(ctx, k.table)
	}
	kv, ok := translate.StatementKeyValues(s.running.original)
	if !ok || len(k.columns) == 0 || (kv.Table != "" && !strings.EqualFold(kv.Table, k.table.Name) && k.kind != keyReferenced) {
		return ""
	}
	if k.kind == keyReferenced && strings.EqualFold(kv.Table, k.table.Name) {
		if key := s.referencedKey(ctx, k, kv); key != "" {
			return key + ` is still referenced from table "` + k.other.Name + `".`
		}
	}
	names := make([]string, len(k.columns))
	values := make([]string, len(k.columns))
	for i, num := range k.columns {
		c := columnByNum(k.table, num)
		if c == nil {
			return ""
		}
		var v *translate.KeyValue
		if k.kind == keyReferenced {
			if !strings.EqualFold(kv.Table, k.table.Name) {
				return ""
			}
			v = kv.Where[c.Name]
		} else {
			v = newRowValue(kv, k.table, c)
		}
		text, ok := s.keyValueText(v, c)
		if !ok {
			return ""
		}
		names[i], values[i] = c.Name, text
	}
	key := "Key (" + strings.Join(names, ", ") + ")=(" + strings.Join(values, ", ") + ")"
	switch k.kind {
	case keyDuplicate:
		return key + " already exists."
	case keyNotPresent:
		if k.other == nil {
			return ""
		}
		return key + ` is not present in table "` + k.other.Name + `".`
	case keyReferenced:
		return key + ` is still referenced from table "` + k.other.Name + `".`
	}
	return ""
}

// newRowValue is what the statement kv writes into column c of table t.
func newRowValue(kv translate.KeyValues, t *catalog.Table, c *catalog.TableColumn) *translate.KeyValue {
	if kv.Columns == nil && kv.Where == nil {
		// INSERT without a column list: the values are in table order.
		if int(c.Num) <= len(kv.Values) {
			return kv.Values[c.Num-1]
		}
		return nil
	}
	for i, name := range kv.Columns {
		if name == c.Name {
			return kv.Values[i]
		}
	}
	return kv.Where[c.Name] // an UPDATE keeps what its WHERE fixed
}

// keyValueText is v as PostgreSQL shows a value of column c.
func (s *Session) keyValueText(v *translate.KeyValue, c *catalog.TableColumn) (string, bool) {
	text, ok := s.keyValueTextRaw(v)
	if !ok {
		return "", false
	}
	switch c.TypeOID {
	case oidInt2, oidInt4, oidInt8:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return "", false
		}
		return strconv.FormatInt(n, 10), true
	case oidText, oidVarchar:
		return text, true
	}
	return "", false // other types: PostgreSQL's output form is not the literal's
}

// keyValueTextRaw is v's text as the statement gives it (a parameter's bound value).
func (s *Session) keyValueTextRaw(v *translate.KeyValue) (string, bool) {
	if v == nil || v.Null {
		return "", false
	}
	if v.Param < 0 {
		return v.Text, true
	}
	if v.Param >= len(s.running.params) {
		return "", false
	}
	return paramText(s.running.params[v.Param])
}

func paramText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case iris.Decimal:
		return string(x), true
	case bool:
		if x {
			return "t", true
		}
		return "f", true
	}
	return "", false
}

func columnByNum(t *catalog.Table, num int16) *catalog.TableColumn {
	for _, c := range t.Columns {
		if c.Num == num {
			return c
		}
	}
	return nil
}

// failingRowDetail is PostgreSQL's DETAIL of a not-null violation, "Failing row contains
// (1, null, x).", for a one-row INSERT … VALUES into t whose text gives every column: a
// value, or nothing for a column whose default is a constant or absent. "" otherwise:
// PostgreSQL would show the value an identity column drew, or the row an UPDATE changed.
func (s *Session) failingRowDetail(ctx context.Context, t *catalog.Table) string {
	kv, ok := translate.StatementKeyValues(s.running.original)
	if !ok || len(kv.Values) == 0 || !strings.EqualFold(kv.Table, t.Name) {
		return ""
	}
	if kv.Update {
		return s.updatedRowDetail(ctx, t, kv)
	}
	if kv.Where != nil {
		return ""
	}
	if kv.Columns == nil && len(kv.Values) > len(t.Columns) {
		return ""
	}
	texts := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		v := newRowValue(kv, t, c)
		if v == nil && !slices.Contains(kv.Columns, c.Name) && (kv.Columns != nil || int(c.Num) > len(kv.Values)) {
			// Not given: its default.
			if c.Identity != 0 {
				return ""
			}
			text, ok := constantDefault(c.Default)
			if !ok {
				return ""
			}
			v = text
		}
		if v != nil && v.Null {
			texts[i] = "null"
			continue
		}
		text, ok := s.rowValueText(v, c)
		if !ok {
			return ""
		}
		texts[i] = clipValue(text)
	}
	return "Failing row contains (" + strings.Join(texts, ", ") + ")."
}

// constantDefault reads a column default that is a constant (5, 1.5, 'x'::text, true),
// or none (NULL).
func constantDefault(def string) (*translate.KeyValue, bool) {
	switch def = strings.TrimSpace(def); {
	case def == "" || strings.EqualFold(def, "NULL"):
		return &translate.KeyValue{Param: -1, Null: true}, true
	case strings.EqualFold(def, "true"):
		return &translate.KeyValue{Param: -1, Text: "t"}, true
	case strings.EqualFold(def, "false"):
		return &translate.KeyValue{Param: -1, Text: "f"}, true
	case isDecimalText(def):
		return &translate.KeyValue{Param: -1, Text: def}, true
	case strings.HasPrefix(def, "'"):
		end := strings.LastIndex(def, "'")
		if end > 0 && (end == len(def)-1 || strings.HasPrefix(def[end+1:], "::")) {
			return &translate.KeyValue{Param: -1, Text: strings.ReplaceAll(def[1:end], "''", "'")}, true
		}
	}
	return nil, false
}

// rowValueText is v as PostgreSQL shows it in a row of column c: keyValueText's forms,
// numeric padded to its column's scale, booleans and ISO dates too.
func (s *Session) rowValueText(v *translate.KeyValue, c *catalog.TableColumn) (string, bool) {
	if v == nil {
		return "", false
	}
	switch c.TypeOID {
	case oidNumeric:
		text, ok := s.keyValueTextRaw(v)
		if !ok || !isDecimalText(text) {
			return "", false
		}
		return string(padScale([]byte(strings.TrimSpace(text)), 0, c.Typmod)), true
	case oidBool:
		text, ok := s.keyValueTextRaw(v)
		b, isBool := parseBool(text)
		if !ok || !isBool {
			return "", false
		}
		if b {
			return "t", true
		}
		return "f", true
	case oidDate:
		text, ok := s.keyValueTextRaw(v)
		if _, err := time.Parse("2006-01-02", strings.TrimSpace(text)); !ok || err != nil {
			return "", false
		}
		return strings.TrimSpace(text), true
	}
	return s.keyValueText(v, c)
}

// referencedKey is "Key (id)=(1)" for the row a DELETE or UPDATE of a referenced table
// could not change when its WHERE does not give the key but fixes one row by other
// columns (DELETE FROM t WHERE name = 'x'): the row's key read from IRIS, which the
// failed statement left as it was; "" unless exactly one row matches.
func (s *Session) referencedKey(ctx context.Context, k failedKey, kv translate.KeyValues) string {
	cols := make([]*catalog.TableColumn, len(k.columns))
	names := make([]string, len(k.columns))
	for i, num := range k.columns {
		c := columnByNum(k.table, num)
		if c == nil || kv.Where[c.Name] != nil {
			return "" // given by the WHERE: keyDetail's own case
		}
		cols[i], names[i] = c, c.Name
	}
	values := make([]string, len(cols))
	if !s.readOneRow(ctx, k.table, cols, kv.Where, func(rows *iris.Rows) bool {
		for i := range cols {
			var err error
			if values[i], err = rows.Item(i).Text(); err != nil || rows.Item(i).IsNull() {
				return false
			}
		}
		return true
	}) {
		return ""
	}
	return "Key (" + strings.Join(names, ", ") + ")=(" + strings.Join(values, ", ") + ")"
}

// updatedRowDetail is "Failing row contains (…)" for an UPDATE whose WHERE fixes one row
// by column = constant: that row as IRIS still has it (the statement failed), with the
// SET's constants in place; "" when the WHERE matches no row or several, or a SET value
// is not a constant.
func (s *Session) updatedRowDetail(ctx context.Context, t *catalog.Table, kv translate.KeyValues) string {
	texts := make([]string, len(t.Columns))
	if !s.readOneRow(ctx, t, t.Columns, kv.Where, func(rows *iris.Rows) bool {
		for i, c := range t.Columns {
			if k := slices.Index(kv.Columns, c.Name); k >= 0 {
				if v := kv.Values[k]; v != nil && v.Null {
					texts[i] = "null"
				} else if text, ok := s.rowValueText(v, c); ok {
					texts[i] = clipValue(text)
				} else {
					return false
				}
				continue
			}
			if rows.Item(i).IsNull() {
				texts[i] = "null"
				continue
			}
			f := pgproto3.FieldDescription{DataTypeOID: c.TypeOID, TypeModifier: c.Typmod}
			b, err := appendValue(nil, rows, i, &f)
			if err != nil {
				return false
			}
			texts[i] = clipValue(string(b))
		}
		return true
	}) {
		return ""
	}
	return "Failing row contains (" + strings.Join(texts, ", ") + ")."
}

// readOneRow reads columns cols of the one row of t that where fixes (column = constant
// conditions) as IRIS has it, on the error path of a statement that failed (so IRIS has
// the row as it was), and gives it to read; false when no row or several match, a
// condition cannot be sent, or read fails.
func (s *Session) readOneRow(ctx context.Context, t *catalog.Table, cols []*catalog.TableColumn, where map[string]*translate.KeyValue, read func(*iris.Rows) bool) bool {
	if len(where) == 0 || s.conn == nil || ctx.Err() != nil {
		return false
	}
	var sel, cond strings.Builder
	for i, c := range cols {
		if i > 0 {
			sel.WriteString(", ")
		}
		sel.WriteString(translate.QuoteIdent(c.IRISName))
	}
	var args []any
	for _, c := range t.Columns {
		v := where[c.Name]
		if v == nil {
			continue
		}
		text, ok := s.keyValueTextRaw(v)
		if !ok {
			return false
		}
		if len(args) > 0 {
			cond.WriteString(" AND ")
		}
		cond.WriteString(translate.QuoteIdent(c.IRISName) + " = ?")
		args = append(args, text)
	}
	if len(args) != len(where) {
		return false // a WHERE column the table does not have
	}
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	rows, err := s.conn.Query(qctx, "SELECT "+sel.String()+" FROM "+translate.QuoteIdent(t.Schema.IRISName)+"."+
		translate.QuoteIdent(t.IRISName)+" WHERE "+cond.String(), args)
	if err != nil {
		return false
	}
	defer rows.Close()
	// Several rows: which one PostgreSQL reports is its scan order's.
	return rows.Next() && read(rows) && !rows.Next()
}

// clipValue is a value as a failing row shows it: at most 64 bytes, then "...".
func clipValue(text string) string {
	if len(text) <= 64 {
		return text
	}
	text = text[:64]
	for !utf8.ValidString(text) {
		text = text[:len(text)-1]
	}
	return text + "..."
}
