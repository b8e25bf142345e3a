package catalog

import (
	"strings"
	"sync"
)

// Column of a virtual relation.
type relColumn struct {
	name  string
	typ   uint32
	shape *recordShape // fields of a record column
}

// recordShape names the fields of a record value ([]any in field order).
type recordShape struct{ cols []relColumn }

// relation is a materialised virtual relation.
type relation struct {
	name  string
	cols  []relColumn
	rows  [][]any
	nulls bool // columns not given are NULL (information_schema), not false/0 (pg_catalog)
}

// relDef declares a virtual relation: its PostgreSQL columns and how to build its rows.
type relDef struct {
	schema string // pg_catalog or information_schema
	name   string
	oid    uint32
	view   bool
	cols   []relColumn
	build  func(*Snapshot, *relation) // nil: always empty
}

// typeNames resolves the type words of column specs.
var specTypes = map[string]uint32{
	"oid": oidOID, "name": oidName, "text": oidText, "bool": oidBool, "char": oidChar, "int2": oidInt2,
	"int4": oidInt4, "int8": oidInt8, "float4": oidFloat4, "float8": oidFloat8, "regproc": oidRegproc,
	"int2vector": oidInt2Vector, "oidvector": oidOIDVector, "int2[]": oidInt2Array, "oid[]": oidOIDArray,
	"text[]": oidTextArray, "char[]": oidCharArray, "name[]": oidNameArray, "aclitem[]": oidACLItemArray,
	"pg_node_tree": oidPgNodeTree, "varchar": oidVarchar, "timestamptz": oidTimestamptz, "regclass": oidRegclass,
	"regtype": oidRegtype, "anyarray": oidAnyArray,
}

// cols parses "name type, name type, …".
func cols(spec string) []relColumn {
	var out []relColumn
	for _, part := range strings.Split(spec, ",") {
		f := strings.Fields(part)
		t, ok := specTypes[f[1]]
		if !ok {
			panic("catalog: unknown column type " + f[1])
		}
		out = append(out, relColumn{name: f[0], typ: t})
	}
	return out
}

// add appends a row given by column name; columns not named are NULL, except, in
// pg_catalog, booleans (false) and numbers (0), which PostgreSQL's catalogs never leave NULL.
func (r *relation) add(vals map[string]any) {
	row := make([]any, len(r.cols))
	for i, c := range r.cols {
		v, ok := vals[c.name]
		if !ok && !r.nulls {
			switch c.typ {
			case oidBool:
				v = false
			case oidOID, oidInt2, oidInt4, oidInt8, oidRegproc, oidRegclass, oidRegtype:
				v = int64(0)
			case oidFloat4, oidFloat8:
				v = float64(0)
			}
		}
		row[i] = normalize(v)
	}
	r.rows = append(r.rows, row)
}

// normalize turns Go values used when building rows into the evaluator's value set:
// nil, bool, int64, float64, string, []any.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint32:
		return int64(x)
	case byte:
		return string(rune(x))
	case []int16:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = int64(n)
		}
		return out
	case []uint32:
		out := make([]any, len(x))
		for i, n := range x {
			out[i] = int64(n)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	}
	return v
}

// relCache holds a snapshot's relations once built; snapshots are shared by sessions.
type relCache struct {
	mu   sync.Mutex
	rels map[string]*relation
}

// relation returns the named virtual relation of the snapshot, building it on first use.
func (s *Snapshot) relation(d *relDef) *relation {
	key := d.schema + "." + d.name
	s.rels.mu.Lock()
	defer s.rels.mu.Unlock()
	if r := s.rels.rels[key]; r != nil {
		return r
	}
	r := &relation{name: d.name, cols: d.cols, nulls: d.schema == "information_schema"}
	if d.build != nil {
		d.build(s, r)
	}
	if s.rels.rels == nil {
		s.rels.rels = map[string]*relation{}
	}
	s.rels.rels[key] = r
	return r
}
