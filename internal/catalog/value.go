package catalog

import (
	"math"
	"strconv"
	"strings"
)

// Values in the evaluator are nil (NULL), bool, int64, float64, string or []any (arrays).
// The static PostgreSQL type of an expression decides how a value prints: an int64 of
// type regclass prints as a relation name, an []any of type int2vector as "1 2".

// compareValues orders two non-NULL values; ok is false when they cannot be compared.
// An untyped literal (string) compared with a number or boolean is read as one, as
// PostgreSQL resolves 'unknown' literals to the other side's type.
func compareValues(a, b any) (int, bool) {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmpOrdered(x, y), true
		case float64:
			return cmpOrdered(float64(x), y), true
		case string:
			if n, err := strconv.ParseInt(strings.TrimSpace(y), 10, 64); err == nil {
				return cmpOrdered(x, n), true
			}
			if f, err := strconv.ParseFloat(strings.TrimSpace(y), 64); err == nil {
				return cmpOrdered(float64(x), f), true
			}
			return 0, false
		case bool:
			return 0, false
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return cmpOrdered(x, float64(y)), true
		case float64:
			return cmpOrdered(x, y), true
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
			return cmpOrdered(x, f), err == nil
		}
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y), true
		case int64, float64, bool:
			c, ok := compareValues(b, a)
			return -c, ok
		}
	case bool:
		switch y := b.(type) {
		case bool:
			return cmpOrdered(boolInt(x), boolInt(y)), true
		case string:
			v, ok := parseBool(y)
			return cmpOrdered(boolInt(x), boolInt(v)), ok
		}
	case []any:
		y, ok := b.([]any)
		if !ok {
			if s, isStr := b.(string); isStr {
				if arr, err := parseArray(s, 0); err == nil {
					y, ok = arr, true
				}
			}
			if !ok {
				return 0, false
			}
		}
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] == nil || y[i] == nil {
				if x[i] == nil && y[i] == nil {
					continue
				}
				if x[i] == nil {
					return 1, true
				}
				return -1, true
			}
			if c, ok := compareValues(x[i], y[i]); !ok || c != 0 {
				return c, ok
			}
		}
		return cmpOrdered(len(x), len(y)), true
	}
	return 0, false
}

func cmpOrdered[T int | int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "t", "true", "y", "yes", "on", "1":
		return true, true
	case "f", "false", "n", "no", "off", "0":
		return false, true
	}
	return false, false
}

// truth is a WHERE/ON/HAVING test: NULL and false reject.
func truth(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, _ := parseBool(x)
		return b
	}
	return false
}

// toInt reads a value as an integer.
func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(math.RoundToEven(x)), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	case bool:
		return boolInt(x), true
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// isArrayType reports array-like types and the lower bound of their subscripts.
func isArrayType(oid uint32) (bool, int) {
	switch oid {
	case oidInt2Vector, oidOIDVector:
		return true, 0
	}
	if t := typeByOID[oid]; t != nil && t.category == 'A' {
		return true, 1
	}
	return false, 0
}

// elemType is the element type of an array type (text when unknown).
func elemType(oid uint32) uint32 {
	if t := typeByOID[oid]; t != nil && t.elem != 0 {
		return t.elem
	}
	return oidText
}

// arrayTypeOf is the array type whose elements are oid.
func arrayTypeOf(oid uint32) uint32 {
	if t := typeByOID[oid]; t != nil && t.array != 0 {
		return t.array
	}
	return oidTextArray
}

// parseArray reads a PostgreSQL array literal ({a,"b c",NULL}) or a vector literal
// (1 2 3, for int2vector/oidvector). Elements stay strings; comparisons convert them.
func parseArray(s string, typ uint32) ([]any, error) {
	s = strings.TrimSpace(s)
	if typ == oidInt2Vector || typ == oidOIDVector {
		var out []any
		for _, f := range strings.Fields(s) {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, errorf("22P02", "invalid input syntax for type %s: %q", typeName(typ, -1), s)
			}
			out = append(out, n)
		}
		return out, nil
	}
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, errorf("22P02", "malformed array literal: %q", s)
	}
	body := s[1 : len(s)-1]
	out := []any{}
	if strings.TrimSpace(body) == "" {
		return out, nil
	}
	var cur strings.Builder
	quoted, inQuote, escaped := false, false, false
	flush := func() {
		v := cur.String()
		if !quoted {
			v = strings.TrimSpace(v)
		}
		if !quoted && strings.EqualFold(v, "NULL") {
			out = append(out, nil)
		} else {
			out = append(out, v)
		}
		cur.Reset()
		quoted = false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case escaped:
			cur.WriteByte(c)
			escaped = false
		case c == '\\':
			escaped = true
		case c == '"':
			inQuote = !inQuote
			quoted = true
		case c == ',' && !inQuote:
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	if et := elemType(typ); et != oidText {
		for i, v := range out {
			if sv, ok := v.(string); ok {
				if cv, err := castValue(nil, sv, oidUnknown, et); err == nil {
					out[i] = cv
				}
			}
		}
	}
	return out, nil
}
