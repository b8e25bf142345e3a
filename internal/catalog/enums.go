package catalog

import (
	"sort"
	"strings"
)

// Enum types. pgwired keeps them in its table EnumTable, one row per label
// (session/enums.go), and creates a column of an enum type as an IRIS VARCHAR whose
// %DESCRIPTION is EnumMarkerPrefix and the type's name: such a column reads back as the
// enum type. The types are listed in pg_type (typtype e, with their array types) and
// their labels in pg_enum; format_type, regtype, pg_type_is_visible and
// information_schema know them.

// EnumTable is the IRIS table of pgwired's enum labels (its schema is hidden).
const EnumTable = "pgwired_meta.enum_labels"

// EnumMarkerPrefix starts the %DESCRIPTION of a column of an enum type, followed by
// the type's schema-qualified name (translate.EnumMarkerPrefix, which must be the same).
const EnumMarkerPrefix = "enum:"

const qEnums = `SELECT type_schema, type_name, label, sort_order FROM ` + EnumTable

// EnumType is an enum type pgwired keeps.
type EnumType struct {
	Schema   *Schema
	Name     string
	OID      uint32
	ArrayOID uint32 // its array type, _name, as PostgreSQL creates one with every type
	Labels   []EnumLabel
}

// EnumLabel is one label of an enum type, in pg_enum's terms.
type EnumLabel struct {
	Label string
	Order float32 // enumsortorder: labels sort by it
	OID   uint32
}

// LabelNames are the type's labels in their order.
func (e *EnumType) LabelNames() []string {
	out := make([]string, len(e.Labels))
	for i, l := range e.Labels {
		out[i] = l.Label
	}
	return out
}

// QualifiedName is the type's name as format_type and regtype show it: qualified
// outside public (pgwired's search path).
func (e *EnumType) QualifiedName() string {
	if e.Schema.Name == "public" {
		return quoteIdent(e.Name)
	}
	return quoteIdent(e.Schema.Name) + "." + quoteIdent(e.Name)
}

// enumLabel reads one row of EnumTable (qEnums order). The schema is a PostgreSQL
// name; one without tables is not in INFORMATION_SCHEMA.SCHEMATA.
func (b *builder) enumLabel(r []any) {
	sc := b.pgSchema(str(r, 0))
	if sc == nil {
		return
	}
	key := sc.Name + "." + str(r, 1)
	e := b.enums[key]
	if e == nil {
		e = &EnumType{Schema: sc, Name: str(r, 1)}
		b.enums[key] = e
	}
	order := float32(0)
	if f, ok := r[3].(float64); ok {
		order = float32(f)
	} else {
		order = float32(num(r, 3))
	}
	e.Labels = append(e.Labels, EnumLabel{Label: str(r, 2), Order: order})
}

// pgSchema is the schema of a PostgreSQL schema name (public is IRIS's default schema).
func (b *builder) pgSchema(name string) *Schema {
	if name == "public" {
		return b.schema(irisDefaultSchema)
	}
	return b.schema(name)
}

// enumOfMarker is the enum type a column's %DESCRIPTION names, nil when it names none.
func (b *builder) enumOfMarker(desc string) *EnumType {
	name, ok := strings.CutPrefix(desc, EnumMarkerPrefix)
	if !ok {
		return nil
	}
	schema, typ, ok := strings.Cut(name, ".")
	if !ok {
		return nil
	}
	return b.enums[PGName(schema)+"."+typ]
}

// finishEnums orders the enum types and their labels and gives them OIDs.
func (b *builder) finishEnums(s *Snapshot, oids *oidAllocator) {
	for _, e := range b.enums {
		s.Enums = append(s.Enums, e)
	}
	sort.Slice(s.Enums, func(i, j int) bool {
		a, c := s.Enums[i], s.Enums[j]
		if a.Schema.Name != c.Schema.Name {
			return a.Schema.Name < c.Schema.Name
		}
		return a.Name < c.Name
	})
	s.enumByOID = map[uint32]*EnumType{}
	s.enumByArray = map[uint32]*EnumType{}
	for _, e := range s.Enums {
		sort.SliceStable(e.Labels, func(i, j int) bool { return e.Labels[i].Order < e.Labels[j].Order })
		e.OID = oids.assign("y:" + e.Schema.Name + "." + e.Name)
		e.ArrayOID = oids.assign("Y:" + e.Schema.Name + "." + e.Name)
		for i := range e.Labels {
			e.Labels[i].OID = oids.assign("l:" + e.Schema.Name + "." + e.Name + "." + e.Labels[i].Label)
		}
		s.enumByOID[e.OID] = e
		s.enumByArray[e.ArrayOID] = e
	}
}

// Enum finds an enum type by its PostgreSQL names; schema "" is public.
func (s *Snapshot) Enum(schema, name string) *EnumType {
	if schema == "" {
		schema = "public"
	}
	for _, e := range s.Enums {
		if e.Schema.Name == schema && e.Name == name {
			return e
		}
	}
	return nil
}

// EnumByOID finds an enum type by its OID.
func (s *Snapshot) EnumByOID(oid uint32) *EnumType { return s.enumByOID[oid] }

// enumTypeName is format_type of an enum type or its array type; ok false for other
// OIDs.
func (s *Snapshot) enumTypeName(oid uint32) (string, bool) {
	if e := s.enumByOID[oid]; e != nil {
		return e.QualifiedName(), true
	}
	if e := s.enumByArray[oid]; e != nil {
		return e.QualifiedName() + "[]", true
	}
	return "", false
}

// enumTypeByName resolves a regtype input naming an enum type or its array.
func (s *Snapshot) enumTypeByName(text string) (uint32, bool) {
	name := strings.TrimSpace(text)
	array := strings.HasSuffix(name, "[]")
	schema, base := splitQualified(strings.TrimSuffix(name, "[]"))
	e := s.Enum(schema, base)
	if e == nil {
		return 0, false
	}
	if array {
		return e.ArrayOID, true
	}
	return e.OID, true
}

// buildEnumTypes adds the pg_type rows of the enum types and of their arrays.
func buildEnumTypes(s *Snapshot, r *relation) {
	for _, e := range s.Enums {
		r.add(map[string]any{"oid": e.OID, "typname": e.Name, "typnamespace": e.Schema.OID, "typowner": oidBootstrapRole,
			"typlen": 4, "typbyval": true, "typtype": "e", "typcategory": "E", "typisdefined": true, "typdelim": ",",
			"typarray": e.ArrayOID, "typinput": "enum_in", "typoutput": "enum_out", "typreceive": "enum_recv",
			"typsend": "enum_send", "typmodin": "-", "typmodout": "-", "typanalyze": "-", "typsubscript": "-",
			"typalign": "i", "typstorage": "p", "typtypmod": -1, "typcollation": 0})
		r.add(map[string]any{"oid": e.ArrayOID, "typname": "_" + e.Name, "typnamespace": e.Schema.OID, "typowner": oidBootstrapRole,
			"typlen": -1, "typbyval": false, "typtype": "b", "typcategory": "A", "typisdefined": true, "typdelim": ",",
			"typelem": e.OID, "typinput": "array_in", "typoutput": "array_out", "typreceive": oidArrayRecv,
			"typsend": oidArraySend, "typmodin": "-", "typmodout": "-", "typanalyze": "-", "typsubscript": "-",
			"typalign": "i", "typstorage": "x", "typtypmod": -1, "typcollation": 0})
	}
}

// buildEnums lists the labels of every enum type (pg_enum).
func buildEnums(s *Snapshot, r *relation) {
	for _, e := range s.Enums {
		for _, l := range e.Labels {
			r.add(map[string]any{"oid": l.OID, "enumtypid": e.OID, "enumsortorder": float64(l.Order), "enumlabel": l.Label})
		}
	}
}

// enumArg is the enum type of argument i (its static type), or PostgreSQL's 42883.
func (c *call) enumArg(name string, i int) (*EnumType, error) {
	if e := c.rt.snap.enumByOID[c.types[i]]; e != nil {
		return e, nil
	}
	return nil, errorf("42883", "function %s(%s) does not exist", name, typeName(c.types[i], -1))
}

// fnEnumEnd is enum_first (last false) or enum_last: the type's first or last label.
func fnEnumEnd(last bool) func(*call) (any, error) {
	return func(c *call) (any, error) {
		name := "enum_first"
		if last {
			name = "enum_last"
		}
		e, err := c.enumArg(name, 0)
		if err != nil || len(e.Labels) == 0 {
			return nil, err
		}
		if last {
			return e.Labels[len(e.Labels)-1].Label, nil
		}
		return e.Labels[0].Label, nil
	}
}

// fnEnumRange is enum_range(x) (every label) and enum_range(from, to) (the labels
// between them, both included; NULL is the first or the last).
func fnEnumRange(c *call) (any, error) {
	typed := 0
	if len(c.args) == 2 && c.types[0] == oidUnknown {
		typed = 1 // enum_range(NULL, 'x'::t): the other argument gives the type
	}
	e, err := c.enumArg("enum_range", typed)
	if err != nil {
		return nil, err
	}
	from, to := 0, len(e.Labels)-1
	if len(c.args) == 2 {
		if c.types[1] != c.types[0] && c.types[1] != oidUnknown && c.types[0] != oidUnknown {
			return nil, errorf("42883", "function enum_range(%s, %s) does not exist", typeName(c.types[0], -1), typeName(c.types[1], -1))
		}
		if c.args[0] != nil {
			from = labelIndex(e, c.args[0])
		}
		if c.args[1] != nil {
			to = labelIndex(e, c.args[1])
		}
	}
	out := []any{}
	for i := from; i <= to && i >= 0; i++ {
		out = append(out, e.Labels[i].Label)
	}
	return out, nil
}

func labelIndex(e *EnumType, v any) int {
	s, _ := v.(string)
	for i, l := range e.Labels {
		if l.Label == s {
			return i
		}
	}
	return -1
}

// enumArrayType is enum_range's result: the array type of its argument's enum type.
func enumArrayType(s *Snapshot, args []uint32) uint32 {
	for _, a := range args {
		if e := s.enumByOID[a]; e != nil {
			return e.ArrayOID
		}
	}
	return oidAnyArray
}
