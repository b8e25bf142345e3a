package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Enum types. IRIS has none (iris-sql.md): pgwired keeps their definitions (name,
// labels in order) in a table of its own (session/enums.go) and stores a column of an
// enum type as an IRIS VARCHAR whose %DESCRIPTION names the type (EnumMarker), which the
// catalog reads back as the column's type. The translator, which does no I/O, describes
// CREATE TYPE … AS ENUM, ALTER TYPE … ADD VALUE and DROP TYPE for the session
// (KindEnum), records the types a column definition names (Plan.TypeRefs), and the
// places of a statement whose IRIS form depends on a column being an enum: literals
// that must be labels, keys and comparisons that follow the labels' order (enumorder.go).

// EnumOp is the command of a KindEnum plan.
type EnumOp uint8

const (
	EnumCreate   EnumOp = iota + 1 // CREATE TYPE name AS ENUM (labels)
	EnumDrop                       // DROP TYPE [IF EXISTS] names
	EnumAddValue                   // ALTER TYPE name ADD VALUE [IF NOT EXISTS] label [BEFORE|AFTER neighbor]
)

// EnumCommand describes a KindEnum plan.
type EnumCommand struct {
	Op EnumOp
	// Names: the type (several for DROP TYPE), PostgreSQL names; Schema "" = unqualified.
	Names []TableRef
	// Labels: CREATE's labels in order; ADD VALUE's one new label.
	Labels []string
	// Neighbor is ADD VALUE's BEFORE/AFTER label ("" = at the end); After says which.
	Neighbor string
	After    bool
	// IfExists (DROP), IfNotExists (ADD VALUE IF NOT EXISTS).
	IfExists, IfNotExists bool
}

// TypeRef is a type a column definition names that is none of PostgreSQL's built-in
// types: pgwired knows only its enum types, and the session checks that it is one before
// the statement runs (42704 otherwise).
type TypeRef struct {
	Type TableRef
	// Default is the column's DEFAULT, which must be one of the labels; nil when none.
	Default *string
}

// EnumMarkerPrefix starts the %DESCRIPTION of a column of an enum type; the type's
// schema-qualified PostgreSQL name follows (EnumMarker).
const EnumMarkerPrefix = "enum:"

// EnumMarker is the %DESCRIPTION of a column of enum type t (catalog.EnumMarkerPrefix
// reads it back): unqualified names are in public, as pgwired resolves unqualified
// names.
func EnumMarker(t TableRef) string {
	return EnumMarkerPrefix + enumSchema(t) + "." + t.Name
}

func enumSchema(t TableRef) string {
	if t.Schema == "" {
		return "public"
	}
	return t.Schema
}

// maxEnumLabel is PostgreSQL's limit on a label's length in bytes (NAMEDATALEN - 1).
const maxEnumLabel = 63

func (t *translator) createEnum(s *pg_query.CreateEnumStmt) *Plan {
	cmd := &EnumCommand{Op: EnumCreate, Names: []TableRef{t.typeNameRef(s.TypeName)}}
	if len(s.Vals) == 0 {
		// pgwired keeps a type as its labels' rows.
		t.unsupported(-1, "enum types without labels")
	}
	seen := map[string]bool{}
	for _, v := range s.Vals {
		label := strVal(v)
		t.checkLabel(label)
		if seen[label] {
			t.fail("23505", -1, "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"")
		}
		seen[label] = true
		cmd.Labels = append(cmd.Labels, label)
	}
	return &Plan{Kind: KindEnum, Tag: "CREATE TYPE", Enum: cmd}
}

// checkLabel refuses a label as PostgreSQL's enum code does.
func (t *translator) checkLabel(label string) {
	if len(label) > maxEnumLabel {
		t.fail("42602", -1, "invalid enum label %q", label)
	}
}

func (t *translator) alterEnum(s *pg_query.AlterEnumStmt) *Plan {
	if s.OldVal != "" {
		// PostgreSQL renames the label of values stored as the label's OID; pgwired
		// stores the label's text, which every row would have to change at once.
		t.unsupported(-1, "ALTER TYPE … RENAME VALUE")
	}
	t.checkLabel(s.NewVal)
	cmd := &EnumCommand{Op: EnumAddValue, Names: []TableRef{t.typeNameRef(s.TypeName)}, Labels: []string{s.NewVal},
		Neighbor: s.NewValNeighbor, After: s.NewValIsAfter, IfNotExists: s.SkipIfNewValExists}
	return &Plan{Kind: KindEnum, Tag: "ALTER TYPE", Enum: cmd}
}

func (t *translator) dropType(s *pg_query.DropStmt) *Plan {
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		// PostgreSQL would drop the columns of the type too.
		t.unsupported(-1, "DROP TYPE … CASCADE")
	}
	cmd := &EnumCommand{Op: EnumDrop, IfExists: s.MissingOk}
	for _, obj := range s.Objects {
		tn, ok := obj.Node.(*pg_query.Node_TypeName)
		if !ok {
			t.unsupported(-1, "DROP TYPE of this object")
		}
		cmd.Names = append(cmd.Names, t.typeRef(tn.TypeName))
	}
	return &Plan{Kind: KindEnum, Tag: "DROP TYPE", Enum: cmd}
}

// typeNameRef reads the name of CREATE/ALTER TYPE (a list of strings).
func (t *translator) typeNameRef(names []*pg_query.Node) TableRef {
	switch len(names) {
	case 1:
		return TableRef{Name: strVal(names[0])}
	case 2:
		return TableRef{Schema: strVal(names[0]), Name: strVal(names[1])}
	}
	t.unsupported(-1, "database-qualified type names")
	return TableRef{}
}

// typeRef reads a TypeName as a name, without modifiers or array bounds.
func (t *translator) typeRef(tn *pg_query.TypeName) TableRef {
	if len(tn.ArrayBounds) > 0 || len(tn.Typmods) > 0 || tn.Setof || tn.PctType {
		t.unsupported(tn.Location, "this type name")
	}
	ref := t.typeNameRef(tn.Names)
	if ref.Schema == "pg_temp" {
		t.unsupported(tn.Location, "temporary types")
	}
	return ref
}

// userType reports whether tn names a type that is not one of PostgreSQL's built-in
// types (nor pgvector's vector), and so may be one of pgwired's enum types.
// PostgreSQL looks unqualified names up in pg_catalog first: a built-in name is never
// a user type.
func (t *translator) userType(tn *pg_query.TypeName) (TableRef, bool) {
	if tn == nil || len(tn.Names) == 0 || len(tn.Names) > 2 {
		return TableRef{}, false
	}
	name := strVal(tn.Names[len(tn.Names)-1])
	if len(tn.Names) == 2 && strVal(tn.Names[0]) == "pg_catalog" || len(tn.Names) == 1 && isBuiltinTypeName(name) {
		return TableRef{}, false
	}
	if len(tn.ArrayBounds) > 0 {
		t.unsupported(tn.Location, "arrays of enum types")
	}
	if len(tn.Typmods) > 0 {
		t.fail(stateSyntax, tn.Location, "type modifier is not allowed for type %q", name)
	}
	return t.typeRef(tn), true
}

// isBuiltinTypeName: PostgreSQL 15's pg_catalog has a type of that name (its array
// types start with "_", its catalogs' row types with "pg_"), or it is pgvector's vector,
// which pgwired maps to IRIS VECTOR.
func isBuiltinTypeName(name string) bool {
	return builtinTypeNames[name] || strings.HasPrefix(name, "_") || strings.HasPrefix(name, "pg_") || name == "vector" ||
		name == "double precision" || name == "character varying" || name == "character" || name == "int" ||
		name == "integer" || name == "smallint" || name == "bigint" || name == "boolean" || name == "real" ||
		name == "float" || name == "decimal" || name == "serial" || name == "bigserial" || name == "smallserial" ||
		name == "serial2" || name == "serial4" || name == "serial8"
}

var builtinTypeNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`aclitem any anyarray anycompatible anycompatiblearray anycompatiblemultirange
		anycompatiblenonarray anycompatiblerange anyelement anyenum anymultirange anynonarray anyrange bit bool box
		bpchar bytea char cid cidr circle cstring date datemultirange daterange event_trigger fdw_handler float4
		float8 gtsvector index_am_handler inet int2 int2vector int4 int4multirange int4range int8 int8multirange
		int8range internal interval json jsonb jsonpath language_handler line lseg macaddr macaddr8 money name
		numeric nummultirange numrange oid oidvector path point polygon record refcursor regclass regcollation
		regconfig regdictionary regnamespace regoper regoperator regproc regprocedure regrole regtype
		table_am_handler text tid time timestamp timestamptz timetz trigger tsm_handler tsmultirange tsquery
		tsrange tstzmultirange tstzrange tsvector txid_snapshot unknown uuid varbit varchar void xid xid8 xml`) {
		m[n] = true
	}
	return m
}()

// enumColumnType writes the IRIS type of a column of user type ref: a VARCHAR long
// enough for any value (labels that ALTER TYPE … ADD VALUE adds later, and values that
// are not labels, which the session refuses after IRIS took them: 22P02, not IRIS's
// length error) marked with the type's name.
func (e *emitter) enumColumnType(ref TableRef) {
	e.w("VARCHAR(" + itoa(maxStringLen) + ") %DESCRIPTION ")
	writeStringLit(&e.b, EnumMarker(ref))
	if e.opt.ExactCollation {
		// Equality, GROUP BY and DISTINCT compare labels exactly, as PostgreSQL does.
		e.w(" COLLATE %EXACT")
	}
}

// enumDefault is the label a DEFAULT of a column of enum type ref gives: a string
// literal, or one cast to the same type; nil for DEFAULT NULL. Other expressions → 0A000.
func (t *translator) enumDefault(n *pg_query.Node, ref TableRef, loc int32) *string {
	if c, ok := n.Node.(*pg_query.Node_TypeCast); ok {
		if cref, user := t.userType(c.TypeCast.TypeName); user && enumSchema(cref) == enumSchema(ref) && cref.Name == ref.Name {
			n = c.TypeCast.Arg
		}
	}
	if c, ok := n.Node.(*pg_query.Node_AConst); ok {
		if c.AConst.Isnull {
			return nil
		}
		if s, ok := c.AConst.Val.(*pg_query.A_Const_Sval); ok {
			label := s.Sval.Sval
			return &label
		}
	}
	t.unsupported(loc, "this DEFAULT of an enum column (a label is supported)")
	return nil
}

// noteTypeRef records a column's user type for the session (Plan.TypeRefs).
func (t *translator) noteTypeRef(r TypeRef) {
	t.typeRefs = append(t.typeRefs, r)
}

// oidUserType is the type declaredTypes gives a column of a user type, whose labels
// CREATE TABLE does not know.
const oidUserType = 1
