package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// IRIS SQL has no documented function that reads a member of a JSON text (iris-sql.md
// A.9 lists JSON_OBJECT, JSON_ARRAY, JSON_ARRAYAGG; JSON_TABLE is not established), so
// json and jsonb columns (VARCHARs) are read by the session. A select-list item that is a
// chain of ->, ->>, #> and #>> over a table column, with literal keys, indexes and paths
// (doc->'a'->>'b', doc->>0, doc #>> '{a,b,1}'), is written as the column itself: the
// session navigates each row's JSON text (session/jsonpath.go). WithCatalog checks that
// the column is json or jsonb (PostgreSQL's 42883 otherwise) and records which, since
// json keeps the text as written and jsonb prints its canonical form. Elsewhere (WHERE,
// inside expressions, over expressions) these operators stay 0A000.

// JSONPath is a result column read from a json or jsonb column by the session.
type JSONPath struct {
	Steps []JSONStep
	// Text: the last operator is ->> or #>>, whose result is text (a JSON string
	// unquoted, JSON null as SQL NULL); else the result is json or jsonb.
	Text bool
	// JSONB is set by WithCatalog when the column is jsonb.
	JSONB bool
}

// JSONStep is one key or index: -> 'k' is Key only, -> 2 Index only (negative from the
// end), and an element of a #> path is both when it reads as an integer (a key of an
// object, an index of an array).
type JSONStep struct {
	Key      string
	Index    int
	HasKey   bool
	HasIndex bool
}

// JSONColumn is a JSON select-list item (0-based Item) and the column it reads.
type JSONColumn struct {
	Item   int
	Column CatalogColumn
}

// jsonPathItem is the root column and path of n when n is such a chain; ok is false
// otherwise (and for anything it cannot read exactly, which then stays 0A000).
func (e *emitter) jsonPathItem(n *pg_query.Node) (root *pg_query.Node, path *JSONPath, ok bool) {
	a, isExpr := n.Node.(*pg_query.Node_AExpr)
	if !isExpr || a.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_OP || len(a.AExpr.Name) != 1 {
		return nil, nil, false
	}
	op := strVal(a.AExpr.Name[0])
	if op != "->" && op != "->>" && op != "#>" && op != "#>>" {
		return nil, nil, false
	}
	var steps []JSONStep
	for cur := n; ; {
		x, isOp := cur.Node.(*pg_query.Node_AExpr)
		if !isOp || x.AExpr.Kind != pg_query.A_Expr_Kind_AEXPR_OP || len(x.AExpr.Name) != 1 {
			if _, col := cur.Node.(*pg_query.Node_ColumnRef); !col || isStar(cur) {
				return nil, nil, false
			}
			root = cur
			break
		}
		o := strVal(x.AExpr.Name[0])
		if cur != n && o != "->" && o != "#>" {
			return nil, nil, false // text in the middle of a chain: not PostgreSQL's either
		}
		more, ok := e.jsonSteps(o, x.AExpr.Rexpr)
		if !ok {
			return nil, nil, false
		}
		steps = append(more, steps...)
		cur = x.AExpr.Lexpr
	}
	return root, &JSONPath{Steps: steps, Text: op == "->>" || op == "#>>"}, true
}

// jsonSteps reads the right operand of one operator: a string or integer literal for ->
// and ->>, a text array literal ('{a,b,1}') for #> and #>>.
func (e *emitter) jsonSteps(op string, r *pg_query.Node) ([]JSONStep, bool) {
	if tc, ok := r.Node.(*pg_query.Node_TypeCast); ok && tc.TypeCast.TypeName != nil && (op == "#>" || op == "#>>") {
		r = tc.TypeCast.Arg // '{a,b}'::text[]
	}
	c, ok := r.Node.(*pg_query.Node_AConst)
	if !ok || c.AConst.Isnull {
		return nil, false
	}
	e.readConst(c.AConst) // the keys are part of the plan
	switch v := c.AConst.Val.(type) {
	case *pg_query.A_Const_Sval:
		if op == "->" || op == "->>" {
			return []JSONStep{{Key: v.Sval.Sval, HasKey: true}}, true
		}
		return textArrayPath(v.Sval.Sval)
	case *pg_query.A_Const_Ival:
		if op == "->" || op == "->>" {
			return []JSONStep{{Index: int(v.Ival.Ival), HasIndex: true}}, true
		}
	}
	return nil, false
}

// textArrayPath reads a one-dimensional text array literal of plain or double-quoted
// elements; each element is a key, and an index too when it reads as an integer.
func textArrayPath(s string) ([]JSONStep, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	if strings.TrimSpace(body) == "" {
		return []JSONStep{}, true
	}
	var steps []JSONStep
	for _, el := range strings.Split(body, ",") {
		el = strings.TrimSpace(el)
		if strings.HasPrefix(el, `"`) {
			if len(el) < 2 || !strings.HasSuffix(el, `"`) || strings.ContainsAny(el[1:len(el)-1], `"\`) {
				return nil, false
			}
			el = el[1 : len(el)-1]
		} else if el == "" || strings.EqualFold(el, "null") || strings.ContainsAny(el, `"\{}`) {
			return nil, false
		}
		st := JSONStep{Key: el, HasKey: true}
		if n, err := strconv.Atoi(el); err == nil {
			st.Index, st.HasIndex = n, true
		}
		steps = append(steps, st)
	}
	return steps, true
}

// resolveJSONColumns completes the JSON columns of cols (a copy of the plan's) with what
// the catalog says of the columns they read: jsonb or json, the type of a -> result; any
// other type has no such operator (42883).
func resolveJSONColumns(cols []Column, items []JSONColumn, cat Catalog) *Error {
	for _, it := range items {
		if it.Item >= len(cols) || cols[it.Item].JSONPath == nil {
			continue
		}
		c := &cols[it.Item]
		oid, ok := cat.ColumnType(it.Column)
		if ok && oid != oidJSON && oid != oidJSONB {
			op := "->"
			if c.JSONPath.Text {
				op = "->>"
			}
			name := regtypeNames[oid]
			if name == "" {
				name = "text"
			}
			return &Error{SQLState: "42883", Message: "operator does not exist: " + name + " " + op + " unknown",
				Hint: "No operator matches the given name and argument types. You might need to add explicit type casts."}
		}
		jp := *c.JSONPath
		jp.JSONB = oid == oidJSONB
		c.JSONPath = &jp
		if !jp.Text {
			c.TypeOID = oidJSON
			if jp.JSONB {
				c.TypeOID = oidJSONB
			}
		}
	}
	return nil
}
