package translate

import (
	"encoding/json"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Values of enum types. Only the catalog knows whether a column is of an enum type and
// what its labels are, so the translator records the places that depend on it and
// Plan.WithCatalog resolves them:
//   - a string literal PostgreSQL reads as a value of a column (compared with it,
//     assigned to it, in its IN list: CatalogPlaces.EnumLiterals) must be a label of an
//     enum column's type, else PostgreSQL's 22P02 before anything runs;
//   - a cast to a type that is not built in (EnumCast) must name an enum type (42704),
//     of a literal that is one of its labels (written as the literal), NULL, a
//     parameter (whose value the session checks: Plan.EnumParams) or a column of that
//     type; the result column is of the type.
//
// Rows written by INSERT, UPDATE and COPY are checked by the session like CHECK
// constraints (session/checks.go), whatever gives their values.

// EnumType is an enum type as the catalog gives it.
type EnumType struct {
	OID    uint32
	Name   string   // as format_type and PostgreSQL's messages show it
	Labels []string // in their order
}

// Label is the 1-based position of label v, 0 when v is not a label.
func (t *EnumType) Label(v string) int {
	for i, l := range t.Labels {
		if l == v {
			return i + 1
		}
	}
	return 0
}

// EnumCast is a cast to a type that is not built in. SQL[At:End] is what is cast,
// written as it is: a string literal, NULL, the "?" of parameter Param (1-based) or
// Column; with TypeOf it is instead pg_typeof's text, replaced by the type's name, and
// Label the literal cast (nil when it is not one).
type EnumCast struct {
	At, End int
	Type    TableRef
	Param   int
	Column  *CatalogColumn
	Item    int // the 1-based select-list item the cast is, whole: its column is of the type
	TypeOf  bool
	Label   *string
}

// EnumParam is a parameter cast to an enum type: the session checks that its value is
// one of the type's labels before the statement runs (22P02).
type EnumParam struct {
	Param int // 0-based
	Type  *EnumType
}

// EnumParamRef is a parameter PostgreSQL reads as a value of Column (compared with it,
// assigned to it).
type EnumParamRef struct {
	Param  int // 0-based
	Column CatalogColumn
}

// enumParams are the parameters of refs and of steps whose column is of an enum type.
func enumParams(refs []EnumParamRef, steps []Step, cat Catalog) []EnumParam {
	var out []EnumParam
	for _, r := range refs {
		if t := columnEnum(r.Column, cat); t != nil {
			out = append(out, EnumParam{Param: r.Param, Type: t})
		}
	}
	for _, st := range steps {
		out = append(out, enumParams(st.EnumParamRefs, append(slices.Clip(st.Then), st.Else...), cat)...)
	}
	return out
}

// oidFirstUser is where user objects' OIDs start: a column type at or above it is one of
// pgwired's enum types.
const oidFirstUser = 16384

// columnEnum is the enum type of column c, nil when it is not of one. A name several of
// c's tables have (JOIN … USING (c), or PostgreSQL's 42702) is of an enum type when one
// of them is.
func columnEnum(c CatalogColumn, cat Catalog) *EnumType {
	oid, ok := cat.ColumnType(c)
	if !ok && len(c.Tables) > 1 && c.Column != "" {
		for _, t := range c.Tables {
			if e := columnEnum(CatalogColumn{Column: c.Column, Tables: []TableRef{t}}, cat); e != nil {
				return e
			}
		}
	}
	if !ok || oid < oidFirstUser {
		return nil
	}
	return cat.Enum(oid, TableRef{})
}

// invalidEnumValue is PostgreSQL's error for a value that is not one of t's labels.
func invalidEnumValue(t *EnumType, v string) *Error {
	return &Error{SQLState: stateInvalidText, Message: "invalid input value for enum " + t.Name + ": \"" + v + "\""}
}

// literalText is the value of the string literal sql[at:end]; false when it is not one.
func literalText(sql string, at, end int) (string, bool) {
	if end > len(sql) || at < 0 || end-at < 2 || sql[at] != '\'' || sql[end-1] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(sql[at+1:end-1], "''", "'"), true
}

// enumLiteralError is 22P02 for the first literal of an enum column that is not a label.
func enumLiteralError(sql string, lits []ColumnLiteral, cat Catalog) *Error {
	for _, l := range lits {
		t := columnEnum(l.Column, cat)
		if t == nil {
			continue
		}
		if v, ok := literalText(sql, l.At, l.End); ok && t.Label(v) == 0 {
			return invalidEnumValue(t, v)
		}
	}
	return nil
}

// jsonLiteralError is PostgreSQL's 22P02 for the first string literal given to or
// compared with a json or jsonb column that is not JSON: IRIS stores any text in the
// VARCHAR such a column is. (The literals are the ones enum columns need: every string
// literal PostgreSQL reads as a value of a column.)
func jsonLiteralError(sql string, lits []ColumnLiteral, cat Catalog) *Error {
	for _, l := range lits {
		oid, ok := cat.ColumnType(l.Column)
		if !ok || oid != oidJSON && oid != oidJSONB {
			continue
		}
		if v, ok := literalText(sql, l.At, l.End); ok && !json.Valid([]byte(v)) {
			return &Error{SQLState: stateInvalidText, Message: "invalid input syntax for type json"}
		}
	}
	return nil
}

// enumCastEdits resolves the casts of places: pg_typeof's text becomes the type's
// name; the result is the edits, the enum types of select-list items (by item), the
// parameters to check and PostgreSQL's error for a cast pgwired cannot run as it would.
func enumCastEdits(sql string, casts []EnumCast, cat Catalog) (edits []edit, items map[int]*EnumType, params []EnumParam, cerr *Error) {
	for _, c := range casts {
		t := cat.Enum(0, c.Type)
		if t == nil {
			return nil, nil, nil, &Error{SQLState: "42704", Message: "type \"" + qualified(c.Type) + "\" does not exist"}
		}
		if e := enumCastError(sql, c, t, cat); e != nil {
			return nil, nil, nil, e
		}
		switch {
		case c.TypeOf:
			var b strings.Builder
			writeStringLit(&b, t.Name)
			edits = append(edits, edit{c.At, c.End, b.String()})
		case c.Param > 0:
			params = append(params, EnumParam{Param: c.Param - 1, Type: t})
		}
		if c.Item > 0 {
			if items == nil {
				items = map[int]*EnumType{}
			}
			items[c.Item] = t
		}
	}
	return edits, items, params, nil
}

// enumCastError is the error of cast c to enum type t, nil when it is fine.
func enumCastError(sql string, c EnumCast, t *EnumType, cat Catalog) *Error {
	switch {
	case c.Label != nil:
		if t.Label(*c.Label) == 0 {
			return invalidEnumValue(t, *c.Label)
		}
	case c.Column != nil:
		if ct := columnEnum(*c.Column, cat); ct == nil || ct.OID != t.OID {
			// PostgreSQL checks each value when the statement runs.
			return &Error{SQLState: stateUnsupported, Message: unsupportedMessage("a cast to enum type " + t.Name + " of a column of another type")}
		}
	case c.Param == 0 && !c.TypeOf:
		if v, ok := literalText(sql, c.At, c.End); ok && t.Label(v) == 0 {
			return invalidEnumValue(t, v)
		}
	}
	return nil
}

func qualified(r TableRef) string {
	if r.Schema == "" {
		return r.Name
	}
	return r.Schema + "." + r.Name
}

// enumCast writes x::t for a type t that is not built in (EnumCast).
func (e *emitter) enumCast(c *pg_query.TypeCast, ref TableRef) {
	at := e.b.Len()
	place := EnumCast{Type: ref}
	switch v := c.Arg.Node.(type) {
	case *pg_query.Node_AConst:
		if _, ok := v.AConst.Val.(*pg_query.A_Const_Sval); !ok && !v.AConst.Isnull {
			e.unsupported(c.Location, "a cast to an enum type of a value that is not a string")
		}
		e.value(c.Arg)
	case *pg_query.Node_ParamRef:
		e.value(c.Arg)
		place.Param = int(v.ParamRef.Number)
	case *pg_query.Node_ColumnRef:
		col, ok := e.catalogColumn(v.ColumnRef)
		if !ok || !isPlainColumn(c.Arg) {
			e.unsupported(c.Location, "a cast to an enum type of this column")
		}
		e.value(c.Arg)
		place.Column = &col
	default:
		e.unsupported(c.Location, "a cast to an enum type of this expression (PostgreSQL checks each value)")
	}
	if !e.scratching {
		place.At, place.End = at, e.b.Len()
		e.places.EnumCasts = append(e.places.EnumCasts, place)
	}
}

// enumTypeof writes pg_typeof(x::t) for a type t that is not built in: the type's name
// once the catalog gives it.
func (e *emitter) enumTypeof(c *pg_query.TypeCast, ref TableRef) {
	place := EnumCast{Type: ref, TypeOf: true}
	switch v := c.Arg.Node.(type) {
	case *pg_query.Node_AConst:
		if !v.AConst.Isnull {
			label, ok := e.stringConst(c.Arg)
			if !ok {
				e.unsupported(c.Location, "a cast to an enum type of a value that is not a string")
			}
			place.Label = &label
		}
	case *pg_query.Node_ParamRef:
		e.noteParam(v.ParamRef)
	default:
		e.unsupported(c.Location, "pg_typeof of this cast to an enum type")
	}
	place.At = e.b.Len()
	writeStringLit(&e.b, ref.Name)
	place.End = e.b.Len()
	if !e.scratching {
		e.places.EnumCasts = append(e.places.EnumCasts, place)
	}
}

// withEnums gives q (p or its copy) what p's enum places need: PostgreSQL's error for a
// literal or cast that is not a label (also in p's steps), the enum types of result
// columns that are casts, and the parameters the session checks.
func (p *Plan) withEnums(q *Plan, cat Catalog) *Plan {
	own := func() {
		if q == p {
			c := *p
			q = &c
		}
	}
	if e := enumPlacesError(p.SQL, &p.CatalogPlaces, p.Steps, cat); e != nil {
		own()
		q.CatalogError = e
		return q
	}
	_, items, params, _ := enumCastEdits(p.SQL, p.EnumCasts, cat)
	params = append(params, enumParams(p.EnumParamRefs, p.Steps, cat)...)
	if len(items) > 0 {
		own()
		q.Columns = slices.Clone(q.Columns)
		for i, t := range items {
			if i-1 < len(q.Columns) {
				q.Columns[i-1].TypeOID = t.OID
			}
		}
	}
	if len(params) > 0 {
		own()
		q.EnumParams = params
		q.ParamTypes = slices.Clone(q.ParamTypes)
		for _, ep := range params {
			for len(q.ParamTypes) <= ep.Param {
				q.ParamTypes = append(q.ParamTypes, 0)
			}
			if q.ParamTypes[ep.Param] == 0 {
				q.ParamTypes[ep.Param] = ep.Type.OID
			}
		}
	}
	return q
}

// enumPlacesError is the first enum error of sql's places, or of the steps'.
func enumPlacesError(sql string, places *CatalogPlaces, steps []Step, cat Catalog) *Error {
	if e := enumLiteralError(sql, places.EnumLiterals, cat); e != nil {
		return e
	}
	if e := jsonLiteralError(sql, places.EnumLiterals, cat); e != nil {
		return e
	}
	if _, _, _, e := enumCastEdits(sql, places.EnumCasts, cat); e != nil {
		return e
	}
	if _, e := enumOrderEdits(sql, places.EnumRanks, places.EnumAggs, cat); e != nil {
		return e
	}
	for _, st := range steps {
		if e := enumPlacesError(st.SQL, &st.CatalogPlaces, append(slices.Clip(st.Then), st.Else...), cat); e != nil {
			return e
		}
	}
	return nil
}
