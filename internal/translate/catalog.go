package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// catalogFuncs are PostgreSQL catalog helpers without the pg_ prefix.
var catalogFuncs = map[string]bool{
	"format_type": true, "obj_description": true, "col_description": true, "shobj_description": true,
	"has_table_privilege": true, "has_schema_privilege": true, "has_database_privilege": true,
	"has_column_privilege": true, "has_function_privilege": true, "has_sequence_privilege": true,
	"to_regclass": true, "to_regtype": true, "to_regproc": true, "to_regnamespace": true,
	// The enum functions read the labels the catalog keeps (catalog/enums.go).
	"enum_range": true, "enum_first": true, "enum_last": true,
}

// catalogTypes are the OID alias types used only against the catalogs.
var catalogTypes = map[string]bool{
	"regclass": true, "regtype": true, "regproc": true, "regprocedure": true, "regnamespace": true,
	"regrole": true, "regoper": true, "regoperator": true, "regconfig": true, "oid": true,
}

// isServerFunction: pg_* functions that act on the server (sleep, locks,
// signals) rather than read the catalogs. They are not catalog queries; the
// emitter refuses them like any function IRIS lacks.
func isServerFunction(name string) bool {
	for _, prefix := range []string{"pg_sleep", "pg_advisory", "pg_try_advisory", "pg_notify",
		"pg_cancel_backend", "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// mayReferenceCatalog is referencesCatalog's (and settingExpression's) cheap guard on the
// message text: every name the walks look for (pg_*, information_schema, the catalog helpers
// and types, current_setting) appears in
// the text as a word, in any case, unless it is spelled with Unicode escapes (U&"…"),
// which counts as a maybe. Most statements have none of them and skip the reflective walk
// over the whole tree, a fifth of a never-seen statement's translation time.
func mayReferenceCatalog(sql string) bool {
	var buf [32]byte
	for i := 0; i < len(sql); {
		c := sql[i]
		if !isWordByte(c) {
			if c == '&' && i > 0 && (sql[i-1] == 'u' || sql[i-1] == 'U') {
				return true
			}
			i++
			continue
		}
		j := i
		for j < len(sql) && isWordByte(sql[j]) {
			j++
		}
		word := sql[i:j]
		i = j
		if len(word) >= 3 && (word[0]|0x20) == 'p' && (word[1]|0x20) == 'g' && word[2] == '_' {
			return true
		}
		if len(word) > len(buf) {
			continue // longer than any name below
		}
		n := copy(buf[:], word)
		for k := range n {
			if b := buf[k]; b >= 'A' && b <= 'Z' {
				buf[k] = b + 'a' - 'A'
			}
		}
		if w := buf[:n]; catalogFuncs[string(w)] || catalogTypes[string(w)] || string(w) == "information_schema" ||
			string(w) == "current_setting" {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// referencesCatalog reports whether a statement reads pg_catalog or
// information_schema (relations, pg_* functions, reg* casts). Unqualified pg_*
// relations are catalogs: pg_catalog is always first on PostgreSQL's search path.
func referencesCatalog(stmt *pg_query.Node) bool {
	found := false
	var seqName *pg_query.TypeName // nextval('s'::regclass): names a sequence, reads no catalog
	walk(stmt.ProtoReflect(), func(m protoreflect.Message) bool {
		switch v := m.Interface().(type) {
		case *pg_query.RangeVar:
			schema := strings.ToLower(v.Schemaname)
			found = schema == "pg_catalog" || schema == "information_schema" ||
				(schema == "" && strings.HasPrefix(v.Relname, "pg_"))
		case *pg_query.FuncCall:
			name := lastName(v.Funcname)
			_, local := localFuncs[name]
			found = catalogFuncs[name] || (strings.HasPrefix(name, "pg_") && !local && !isServerFunction(name) && name != "pg_typeof")
			if IsSequenceFunc(name) && len(v.Args) > 0 {
				if tc, ok := v.Args[0].Node.(*pg_query.Node_TypeCast); ok {
					seqName = tc.TypeCast.TypeName
				}
			}
		case *pg_query.TypeName:
			found = catalogTypes[lastName(v.Names)] && v != seqName
		}
		return !found
	})
	return found
}

// settingExpression recognises a SELECT without any relation that computes with
// current_setting or pg_is_in_recovery beyond what a local query holds, e.g. Grafana's
// SELECT current_setting('server_version_num')::int/100: the catalog layer evaluates it
// (IRIS has neither function).
func settingExpression(stmt *pg_query.Node) bool {
	setting, relation := false, false
	walk(stmt.ProtoReflect(), func(m protoreflect.Message) bool {
		switch v := m.Interface().(type) {
		case *pg_query.RangeVar, *pg_query.RangeFunction, *pg_query.RangeSubselect:
			relation = true
		case *pg_query.FuncCall:
			name := lastName(v.Funcname)
			setting = setting || name == "current_setting" || name == "pg_is_in_recovery"
		}
		return !relation
	})
	return setting && !relation
}
