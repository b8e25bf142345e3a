package session

import (
	"strconv"
	"strings"

	"github.com/pgwired/pgwired/internal/catalog"
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
)

// keyDetail is PostgreSQL's DETAIL for key k when the running statement's text (and
// parameters) give every value of it, else "". A new row's values come from a one-row
// INSERT … VALUES or an UPDATE's SET (and for columns it does not set, its WHERE
// col = value); a referenced row's from the WHERE of its DELETE or UPDATE.
func (s *Session) keyDetail(k failedKey) string {
	kv, ok := translate.StatementKeyValues(s.running.original)
	if !ok || len(k.columns) == 0 || (kv.Table != "" && !strings.EqualFold(kv.Table, k.table.Name) && k.kind != keyReferenced) {
		return ""
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
	if v == nil || v.Null {
		return "", false
	}
	text := v.Text
	if v.Param >= 0 {
		if v.Param >= len(s.running.params) {
			return "", false
		}
		var ok bool
		if text, ok = paramText(s.running.params[v.Param]); !ok {
			return "", false
		}
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

func paramText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
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
