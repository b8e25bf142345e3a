package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func (t *translator) createIndex(s *pg_query.IndexStmt) *Plan {
	switch {
	case s.WhereClause != nil:
		t.unsupported(s.Relation.Location, "partial indexes")
	case len(s.IndexIncludingParams) > 0:
		t.unsupported(s.Relation.Location, "INCLUDE columns")
	case s.TableSpace != "":
		t.unsupported(s.Relation.Location, "tablespaces")
	}
	method := strings.ToLower(s.AccessMethod)
	name := s.Idxname
	if name == "" {
		name = defaultIndexName(s)
	}
	e := t.newEmitter()
	e.w("CREATE ")
	if s.Unique {
		e.w("UNIQUE ")
	}
	e.w("INDEX ")
	e.ident(name)
	e.w(" ON ")
	e.tableName(s.Relation)
	e.w(" (")
	var opclass string
	for i, p := range s.IndexParams {
		ie := p.Node.(*pg_query.Node_IndexElem).IndexElem
		if ie.Expr != nil {
			e.unsupported(s.Relation.Location, "indexes on expressions")
		}
		if len(ie.Collation) > 0 || len(ie.Opclassopts) > 0 {
			e.unsupported(s.Relation.Location, "index collation or operator-class options")
		}
		if len(ie.Opclass) > 0 {
			opclass = lastName(ie.Opclass)
		}
		if i > 0 {
			e.w(", ")
		}
		// ASC/DESC and NULLS order only change the index layout, never results.
		e.ident(ie.Name)
	}
	e.wb(')')
	switch method {
	case "", "btree", "hash":
	case "hnsw":
		e.hnsw(s, opclass)
	default:
		e.unsupported(s.Relation.Location, "index method "+method)
	}
	plan := &Plan{Kind: KindDDL, Tag: "CREATE INDEX"}
	create := e.b.String()
	if !s.IfNotExists {
		plan.SQL = create
		return plan
	}
	check := t.existenceCheck("INDEXES", "TABLE_SCHEMA", t.irisSchemaOf(s.Relation.Schemaname),
		"TABLE_NAME", s.Relation.Relname, "INDEX_NAME", name)
	check.Then = []Step{skipNotice("42P07", "relation %q already exists, skipping", name)}
	check.Else = []Step{execStep(create)}
	plan.Steps = []Step{check}
	return plan
}

// defaultIndexName follows PostgreSQL: table_col1_col2_idx (or _key for unique).
func defaultIndexName(s *pg_query.IndexStmt) string {
	parts := []string{s.Relation.Relname}
	for _, p := range s.IndexParams {
		parts = append(parts, p.Node.(*pg_query.Node_IndexElem).IndexElem.Name)
	}
	if s.Unique {
		return strings.Join(parts, "_") + "_key"
	}
	return strings.Join(parts, "_") + "_idx"
}

// hnsw maps a pgvector HNSW index to IRIS's AS HNSW(...) form.
func (e *emitter) hnsw(s *pg_query.IndexStmt, opclass string) {
	if len(s.IndexParams) != 1 {
		e.unsupported(s.Relation.Location, "HNSW indexes on several columns")
	}
	var distance string
	switch opclass {
	case "":
		e.unsupported(s.Relation.Location, "an HNSW index without a vector operator class")
	case "vector_cosine_ops":
		distance = "Cosine"
	case "vector_ip_ops":
		distance = "DotProduct"
	default:
		e.unsupported(s.Relation.Location, "HNSW operator class "+opclass+" (IRIS has cosine and dot product)")
	}
	e.w(" AS HNSW(Distance='" + distance + "'")
	for _, o := range s.Options {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		var v *pg_query.Node_Integer
		ok := false
		if d.Arg != nil {
			v, ok = d.Arg.Node.(*pg_query.Node_Integer)
		}
		if !ok {
			e.unsupported(d.Location, "HNSW option "+d.Defname)
		}
		switch d.Defname {
		case "m":
			e.w(", M=" + itoa(int(v.Integer.Ival)))
		case "ef_construction":
			e.w(", efConstruction=" + itoa(int(v.Integer.Ival)))
		default:
			e.unsupported(d.Location, "HNSW option "+d.Defname)
		}
	}
	e.wb(')')
}
