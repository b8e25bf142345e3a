package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// CommentOp is what a COMMENT ON TABLE | VIEW | COLUMN sets (StepComment). IRIS has no
// statement for it: the session keeps the text in pgwired's table of comments, after
// looking the object up in INFORMATION_SCHEMA for PostgreSQL's errors.
type CommentOp struct {
	Table CheckTable
	// Kind is the relation kind the statement names: "table", "view", or "" for
	// COMMENT ON COLUMN, which takes any relation.
	Kind   string
	Column string // "" for the relation's own comment
	// Text is the comment; "" removes it (IS NULL, and IS '' as PostgreSQL reads it).
	Text string
	// Written is the relation's name as written (schema.name when qualified), as
	// PostgreSQL's "relation … does not exist" names it.
	Written string
}

// comment: COMMENT ON TABLE t, VIEW v, COLUMN t.c. PostgreSQL's own errors for
// malformed names; other object kinds, system catalogs and temporary tables → 0A000.
func (t *translator) comment(s *pg_query.CommentStmt) *Plan {
	var names []string
	if l, ok := s.Object.GetNode().(*pg_query.Node_List); ok {
		for _, n := range l.List.Items {
			names = append(names, strVal(n))
		}
	}
	op := &CommentOp{Text: s.Comment}
	switch s.Objtype {
	case pg_query.ObjectType_OBJECT_TABLE:
		op.Kind = "table"
	case pg_query.ObjectType_OBJECT_VIEW:
		op.Kind = "view"
	case pg_query.ObjectType_OBJECT_COLUMN:
		if len(names) < 2 {
			t.fail(stateSyntax, -1, "column name must be qualified")
		}
		op.Column, names = names[len(names)-1], names[:len(names)-1]
	default:
		t.unsupported(-1, "COMMENT ON "+commentObject(s.Objtype))
	}
	rel := t.commentRelation(names)
	if rel.Schemaname == "pg_temp" || t.isTempTable(rel.Schemaname, rel.Relname) {
		t.unsupported(-1, "COMMENT on a temporary table")
	}
	if schema := strings.ToLower(rel.Schemaname); schema == "pg_catalog" || schema == "information_schema" ||
		schema == "" && strings.HasPrefix(rel.Relname, "pg_") {
		// Unqualified pg_* names are catalogs: pg_catalog is first on the search path.
		t.unsupported(-1, "COMMENT on a system catalog")
	}
	e := t.newEmitter()
	op.Table = e.checkTable(rel)
	op.Written = strings.Join(names, ".")
	return &Plan{Kind: KindDDL, Tag: "COMMENT", Steps: []Step{{Kind: StepComment, Comment: op}}}
}

// commentRelation reads [schema.]name as PostgreSQL's makeRangeVarFromNameList does.
func (t *translator) commentRelation(names []string) *pg_query.RangeVar {
	switch len(names) {
	case 1:
		return &pg_query.RangeVar{Relname: names[0], Location: -1}
	case 2:
		return &pg_query.RangeVar{Schemaname: names[0], Relname: names[1], Location: -1}
	case 3:
		t.unsupported(-1, "database-qualified object names")
	}
	t.fail(stateSyntax, -1, "improper relation name (too many dotted names): %s", strings.Join(names, "."))
	return nil
}

// commentObjects name object kinds whose ObjectType does not read as SQL.
var commentObjects = map[pg_query.ObjectType]string{
	pg_query.ObjectType_OBJECT_MATVIEW:         "MATERIALIZED VIEW",
	pg_query.ObjectType_OBJECT_TABCONSTRAINT:   "CONSTRAINT",
	pg_query.ObjectType_OBJECT_DOMCONSTRAINT:   "CONSTRAINT … ON DOMAIN",
	pg_query.ObjectType_OBJECT_FDW:             "FOREIGN DATA WRAPPER",
	pg_query.ObjectType_OBJECT_FOREIGN_SERVER:  "SERVER",
	pg_query.ObjectType_OBJECT_LARGEOBJECT:     "LARGE OBJECT",
	pg_query.ObjectType_OBJECT_OPCLASS:         "OPERATOR CLASS",
	pg_query.ObjectType_OBJECT_OPFAMILY:        "OPERATOR FAMILY",
	pg_query.ObjectType_OBJECT_STATISTIC_EXT:   "STATISTICS",
	pg_query.ObjectType_OBJECT_TSCONFIGURATION: "TEXT SEARCH CONFIGURATION",
	pg_query.ObjectType_OBJECT_TSDICTIONARY:    "TEXT SEARCH DICTIONARY",
	pg_query.ObjectType_OBJECT_TSPARSER:        "TEXT SEARCH PARSER",
	pg_query.ObjectType_OBJECT_TSTEMPLATE:      "TEXT SEARCH TEMPLATE",
	pg_query.ObjectType_OBJECT_EVENT_TRIGGER:   "EVENT TRIGGER",
}

// commentObject names the object kind of a refused COMMENT ON as the statement spells it.
func commentObject(o pg_query.ObjectType) string {
	if name, ok := commentObjects[o]; ok {
		return name
	}
	return strings.ReplaceAll(strings.TrimPrefix(o.String(), "OBJECT_"), "_", " ")
}
