package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// IRIS's WITH heads a SELECT only (iris-sql.md); an INSERT, UPDATE or DELETE with a WITH
// clause (WITH low AS (SELECT …) UPDATE t … WHERE k IN (SELECT k FROM low)) is written
// with each reference to a WITH query replaced by that query as a derived table under
// the same name, which is what a non-recursive WITH query that only reads means
// (PostgreSQL itself inlines such queries). A WITH query may read the earlier ones. WITH
// RECURSIVE and data-modifying WITH queries stay 0A000.

// inlineWith replaces, in the statement under root, every unqualified table reference
// that names a query of w by that query; what is the statement, for messages.
func (t *translator) inlineWith(w *pg_query.WithClause, root proto.Message, what string) {
	if w.Recursive {
		t.unsupported(w.Location, "WITH RECURSIVE on "+what)
	}
	bodies := map[string]*pg_query.CommonTableExpr{}
	for _, c := range w.Ctes {
		cte := c.Node.(*pg_query.Node_CommonTableExpr).CommonTableExpr
		if _, ok := cte.Ctequery.Node.(*pg_query.Node_SelectStmt); !ok {
			t.unsupported(cte.Location, "data-modifying statements in WITH")
		}
		if cte.SearchClause != nil || cte.CycleClause != nil {
			t.unsupported(cte.Location, "SEARCH/CYCLE on WITH queries")
		}
		// Its own references are to the queries before it (or to tables).
		body := proto.Clone(cte).(*pg_query.CommonTableExpr)
		replaceWithRefs(body.Ctequery.ProtoReflect(), bodies)
		bodies[cte.Ctename] = body
	}
	replaceWithRefs(root.ProtoReflect(), bodies)
}

// replaceWithRefs replaces the table references under m that name a query of bodies.
// The references are found first, so the queries put in are not searched again.
func replaceWithRefs(m protoreflect.Message, bodies map[string]*pg_query.CommonTableExpr) {
	var refs []*pg_query.Node
	walk(m, func(m protoreflect.Message) bool {
		if n, ok := m.Interface().(*pg_query.Node); ok {
			if rv := n.GetRangeVar(); rv != nil && rv.Schemaname == "" && rv.Catalogname == "" && bodies[rv.Relname] != nil {
				refs = append(refs, n)
			}
		}
		return true
	})
	for _, n := range refs {
		rv := n.GetRangeVar()
		cte := bodies[rv.Relname]
		alias := &pg_query.Alias{Aliasname: rv.Relname, Colnames: cte.Aliascolnames}
		if rv.Alias != nil {
			alias.Aliasname = rv.Alias.Aliasname
			if len(rv.Alias.Colnames) > 0 {
				alias.Colnames = rv.Alias.Colnames
			}
		}
		n.Node = &pg_query.Node_RangeSubselect{RangeSubselect: &pg_query.RangeSubselect{
			Subquery: proto.Clone(cte.Ctequery).(*pg_query.Node),
			Alias:    alias,
		}}
	}
}
