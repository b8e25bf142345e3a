package catalog

import (
	"math"
	"strconv"
	"strings"
)

// castValue converts v of static type from to type to, as PostgreSQL's cast would.
// rt resolves names for the reg* types; it may be nil when none are involved.
func castValue(rt *runtime, v any, from, to uint32) (any, error) {
	if v == nil {
		return nil, nil
	}
	if isArr, _ := isArrayType(to); isArr {
		switch x := v.(type) {
		case []any:
			return x, nil
		case string:
			return parseArray(x, to)
		}
		return nil, errorf("42846", "cannot cast type %s to %s", typeName(from, -1), typeName(to, -1))
	}
	switch to {
	case oidText, oidVarchar, oidName, oidBpchar, oidPgNodeTree, oidUnknown:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return rt.format(v, from), nil
	case oidChar:
		s, ok := v.(string)
		if !ok {
			s = rt.format(v, from)
		}
		if len(s) > 1 {
			s = s[:1]
		}
		return s, nil
	case oidBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			if b, ok := parseBool(x); ok {
				return b, nil
			}
			return nil, errorf("22P02", "invalid input syntax for type boolean: %q", x)
		case int64:
			return x != 0, nil
		}
	case oidInt2, oidInt4, oidInt8, oidOID:
		if n, ok := toInt(v); ok {
			return n, nil
		}
		if n, ok := procOperand(v, from, int64(0)).(int64); ok && to == oidOID && n >= 0 {
			return n, nil // '-'::regproc::oid is 0
		}
		return nil, errorf("22P02", "invalid input syntax for type %s: %q", typeName(to, -1), rt.format(v, from))
	case oidFloat4, oidFloat8, oidNumeric:
		if f, ok := toFloat(v); ok {
			if n, isInt := v.(int64); isInt && to == oidNumeric {
				return n, nil
			}
			return f, nil
		}
		return nil, errorf("22P02", "invalid input syntax for type %s: %q", typeName(to, -1), rt.format(v, from))
	case oidRegclass:
		return rt.regclassIn(v)
	case oidRegtype:
		return rt.regtypeIn(v)
	case oidRegnamespace:
		return rt.regnamespaceIn(v)
	case oidRegrole:
		if s, ok := v.(string); ok {
			if strings.EqualFold(s, rt.snap.User) {
				return int64(oidBootstrapRole), nil
			}
			return nil, errorf("42704", "role %q does not exist", s)
		}
		return v, nil
	case oidRegproc, oidRegprocedure:
		if s, ok := v.(string); ok {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				return n, nil
			}
			if i := strings.IndexByte(s, '('); i >= 0 {
				s = s[:i]
			}
			return strings.TrimPrefix(s, "pg_catalog."), nil
		}
		return v, nil
	default:
		if e := rt.enum(to); e != nil {
			if s, ok := v.(string); ok && labelIndex(e, s) < 0 {
				return nil, errorf("22P02", "invalid input value for enum %s: %q", e.QualifiedName(), s)
			}
		}
		return v, nil
	}
	return nil, errorf("42846", "cannot cast type %s to %s", typeName(from, -1), typeName(to, -1))
}

// enum is the enum type of OID oid, nil when there is none (or no snapshot).
func (rt *runtime) enum(oid uint32) *EnumType {
	if rt == nil || oid < firstUserOID {
		return nil
	}
	return rt.snap.enumByOID[oid]
}

// regclassIn resolves a relation name (optionally schema-qualified, search path
// pg_catalog, public) or an OID to a relation OID.
func (rt *runtime) regclassIn(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return n, nil
	}
	schema, name := splitQualified(s)
	if oid, ok := rt.lookupRelation(schema, name); ok {
		return int64(oid), nil
	}
	return nil, errorf("42P01", "relation %q does not exist", s)
}

// lookupRelation finds a relation (user table, view, index or catalog) by name.
func (rt *runtime) lookupRelation(schema, name string) (uint32, bool) {
	if schema == "" || schema == "pg_catalog" || schema == "information_schema" {
		for _, d := range allDefs {
			if d.name == name && (schema == d.schema || schema == "" && d.schema == "pg_catalog") {
				return d.oid, true
			}
		}
	}
	for _, t := range rt.snap.Tables {
		if t.Schema.Name == schema || schema == "" && t.Schema.Name == "public" {
			if t.Name == name {
				return t.OID, true
			}
			for _, ix := range t.Indexes {
				if ix.Name == name {
					return ix.OID, true
				}
			}
			for _, c := range t.Columns {
				if c.SeqOID != 0 && c.SeqName == name {
					return c.SeqOID, true
				}
			}
		}
	}
	for _, sq := range rt.snap.Sequences {
		if (sq.Schema.Name == schema || schema == "" && sq.Schema.Name == "public") && sq.Name == name {
			return sq.OID, true
		}
	}
	return 0, false
}

// splitQualified parses [schema.]name with PostgreSQL identifier rules (unquoted parts
// fold to lower case).
func splitQualified(s string) (schema, name string) {
	var parts []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == '.' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		case !quoted:
			cur.WriteString(strings.ToLower(string(c)))
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, strings.TrimSpace(cur.String()))
	if len(parts) >= 2 {
		return strings.TrimSpace(parts[len(parts)-2]), parts[len(parts)-1]
	}
	return "", parts[0]
}

// typeAliases are the SQL spellings regtype input accepts besides pg_type names.
var typeAliases = map[string]uint32{
	"integer": oidInt4, "int": oidInt4, "smallint": oidInt2, "bigint": oidInt8, "boolean": oidBool,
	"real": oidFloat4, "double precision": oidFloat8, "float": oidFloat8, "character varying": oidVarchar,
	"character": oidBpchar, "char": oidBpchar, "decimal": oidNumeric, "timestamp without time zone": oidTimestamp,
	"timestamp with time zone": oidTimestamptz, "time without time zone": oidTime, `"char"`: oidChar,
}

// regtypeIn resolves a type name: a built-in type or a table's row type.
func (rt *runtime) regtypeIn(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return n, nil
	}
	if oid, ok := lookupType(s); ok {
		return int64(oid), nil
	}
	if rt != nil {
		if oid, ok := rt.snap.enumTypeByName(s); ok {
			return int64(oid), nil
		}
		schema, name := splitQualified(s)
		for _, t := range rt.snap.Tables {
			if t.Name == name && (t.Schema.Name == schema || schema == "" && t.Schema.Name == "public") {
				return int64(t.RowTypeOID), nil
			}
		}
	}
	return nil, errorf("42704", "type %q does not exist", s)
}

func lookupType(s string) (uint32, bool) {
	name := strings.TrimSpace(s)
	array := strings.HasSuffix(name, "[]")
	name = strings.TrimSuffix(name, "[]")
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = strings.TrimSpace(name[:i])
	}
	schema, base := splitQualified(name)
	if schema != "" && schema != "pg_catalog" && schema != "public" {
		return 0, false
	}
	oid, ok := typeAliases[strings.ToLower(name)]
	if !ok {
		for _, t := range builtinTypes {
			if t.name == base {
				oid, ok = t.oid, true
				break
			}
		}
	}
	if ok && array {
		return arrayTypeOf(oid), true
	}
	return oid, ok
}

func (rt *runtime) regnamespaceIn(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	_, name := splitQualified(s)
	if oid, ok := rt.namespaceByName(name); ok {
		return int64(oid), nil
	}
	return nil, errorf("3F000", "schema %q does not exist", s)
}

func (rt *runtime) namespaceByName(name string) (uint32, bool) {
	switch name {
	case "pg_catalog":
		return oidPgCatalogNamespace, true
	case "information_schema":
		return oidInfoSchemaNs, true
	case "public":
		return oidPublicNamespace, true
	}
	for _, sc := range rt.snap.Schemas {
		if sc.Name == name {
			return sc.OID, true
		}
	}
	return 0, false
}

func (rt *runtime) namespaceName(oid uint32) (string, bool) {
	switch oid {
	case oidPgCatalogNamespace:
		return "pg_catalog", true
	case oidInfoSchemaNs:
		return "information_schema", true
	case oidPublicNamespace:
		return "public", true
	}
	for _, sc := range rt.snap.Schemas {
		if sc.OID == oid {
			return sc.Name, true
		}
	}
	return "", false
}

// relationName is the regclass output of an OID.
func (rt *runtime) relationName(oid uint32) string {
	for _, d := range allDefs {
		if d.oid == oid {
			if d.schema == "pg_catalog" {
				return d.name
			}
			return d.schema + "." + d.name
		}
	}
	if t := rt.snap.tableByOID[oid]; t != nil {
		return visibleName(t)
	}
	if sq := rt.snap.seqByOID[oid]; sq != nil {
		if sq.schema.Name == "public" {
			return quoteIdent(sq.name)
		}
		return quoteIdent(sq.schema.Name) + "." + quoteIdent(sq.name)
	}
	if ix := rt.snap.indexByOID[oid]; ix != nil {
		if ix.Table.Schema.Name == "public" {
			return quoteIdent(ix.Name)
		}
		return quoteIdent(ix.Table.Schema.Name) + "." + quoteIdent(ix.Name)
	}
	return strconv.FormatUint(uint64(oid), 10)
}

// format writes a non-NULL value as PostgreSQL's text output of type typ.
func (rt *runtime) format(v any, typ uint32) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "t"
		}
		return "f"
	case string:
		return x
	case float64:
		if typ == oidFloat4 {
			return formatFloat4(x)
		}
		return formatFloat(x)
	case int64:
		if rt != nil {
			switch typ {
			case oidRegclass:
				return rt.relationName(uint32(x))
			case oidRegnamespace:
				if n, ok := rt.namespaceName(uint32(x)); ok {
					return n
				}
			case oidRegrole:
				if x == oidBootstrapRole {
					return rt.snap.User
				}
			}
		}
		if typ == oidRegtype {
			if _, ok := typeByOID[uint32(x)]; ok {
				return regtypeName(uint32(x))
			}
			if rt != nil {
				if name, ok := rt.snap.enumTypeName(uint32(x)); ok {
					return name
				}
				for _, t := range rt.snap.Tables {
					if t.RowTypeOID == uint32(x) {
						return visibleName(t)
					}
				}
			}
		}
		if (typ == oidRegproc || typ == oidRegprocedure) && x == 0 {
			return "-"
		}
		if typ == oidRegproc || typ == oidRegprocedure {
			if name, ok := procName(x); ok {
				return name
			}
		}
		return strconv.FormatInt(x, 10)
	case []any:
		return rt.formatArray(x, typ)
	}
	return ""
}

func formatFloat(f float64) string {
	switch {
	case f != f:
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// formatFloat4 is float4out's shortest text of a float4 value.
func formatFloat4(f float64) string {
	if f != f || math.IsInf(f, 0) {
		return formatFloat(f)
	}
	return strconv.FormatFloat(f, 'g', -1, 32)
}

func (rt *runtime) formatArray(a []any, typ uint32) string {
	elem := elemType(typ)
	if typ == oidInt2Vector || typ == oidOIDVector {
		parts := make([]string, len(a))
		for i, v := range a {
			parts[i] = rt.format(v, elem)
		}
		return strings.Join(parts, " ")
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		if v == nil {
			b.WriteString("NULL")
			continue
		}
		s := rt.format(v, elem)
		if s == "" || strings.EqualFold(s, "NULL") || strings.ContainsAny(s, "{},\"\\ \t\n") {
			b.WriteByte('"')
			b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
			b.WriteByte('"')
		} else {
			b.WriteString(s)
		}
	}
	b.WriteByte('}')
	return b.String()
}
