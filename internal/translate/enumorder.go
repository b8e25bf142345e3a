package translate

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Order of enum values. PostgreSQL orders an enum type's values by their labels'
// positions, not as text, and IRIS only holds the text. Where order matters the
// translator records the operands (EnumRank) and WithCatalog writes those of an enum
// type as positions: a column as CASE c WHEN 'sad' THEN 1 WHEN 'ok' THEN 2 … END, a
// literal compared with one as its label's position. That covers ORDER BY keys (also in
// windows and in ordered aggregates, whose keys the session sorts), <, <=, >, >= and
// BETWEEN; min and max of an enum column (EnumAgg) become the label at the least or
// greatest position; a parameter compared with one becomes the position of its value
// (which the session checks is a label: Plan.EnumParams). An ordering of an enum value
// pgwired cannot write so (against an expression, an output column sorted by reference,
// greatest/least) is refused (0A000) rather than run as text.

// RankKind says what an EnumRank operand is.
type RankKind uint8

const (
	RankColumn  RankKind = iota + 1 // a column (Column), written as its label's position
	RankLiteral                     // a string literal (cast to Type when set): its label's position
	RankParam                       // a parameter ("?"): the position of its value, checked by the session
	RankOther                       // something else: the group is refused when it is of an enum type
)

// EnumRank is SQL[At:End], an operand whose order matters. The operands of one
// comparison share Group (not necessarily next to each other: an operand may hold
// comparisons of its own); an ORDER BY key is a group of its own. A group is of an enum
// type when one of its columns is (Column is also set on RankOther for an expression
// of a column, such as min(c) sorted by reference), or a literal is cast to one.
type EnumRank struct {
	At, End int
	Group   int
	Kind    RankKind
	Column  *CatalogColumn
	Type    *TableRef
	// Refuse names what the group is, refused (0A000) when it is of an enum type.
	Refuse string
}

// EnumAgg is SQL[At:End], min or max of Column (with its OVER clause), whose argument
// is SQL[ArgAt:ArgEnd]: for an enum column, written as the label at the least or
// greatest position.
type EnumAgg struct {
	At, ArgAt, ArgEnd, End int
	Column                 CatalogColumn
}

// enumRankExpr is the position of the label value x has in t (NULL for NULL).
func enumRankExpr(x string, t *EnumType) string {
	var b strings.Builder
	b.WriteString("CASE " + x)
	for i, l := range t.Labels {
		b.WriteString(" WHEN ")
		writeStringLit(&b, l)
		b.WriteString(" THEN " + strconv.Itoa(i+1))
	}
	b.WriteString(" END")
	return b.String()
}

// enumLabelExpr is the label at position pos in t.
func enumLabelExpr(pos string, t *EnumType) string {
	var b strings.Builder
	b.WriteString("CASE " + pos)
	for i, l := range t.Labels {
		b.WriteString(" WHEN " + strconv.Itoa(i+1) + " THEN ")
		writeStringLit(&b, l)
	}
	b.WriteString(" END")
	return b.String()
}

// enumOrderEdits writes the ranks and aggregates of enum type, and gives PostgreSQL's
// error or pgwired's refusal for those it cannot write.
func enumOrderEdits(sql string, ranks []EnumRank, aggs []EnumAgg, cat Catalog) ([]edit, *Error) {
	var edits []edit
	groups := map[int][]EnumRank{}
	var order []int
	for _, r := range ranks {
		if groups[r.Group] == nil {
			order = append(order, r.Group)
		}
		groups[r.Group] = append(groups[r.Group], r)
	}
	for _, g := range order {
		group := groups[g]
		t := groupEnum(group, cat)
		if t == nil {
			continue
		}
		for _, r := range group {
			if r.Refuse != "" {
				return nil, &Error{SQLState: stateUnsupported, Message: unsupportedMessage(r.Refuse + " of enum type " + t.Name)}
			}
			text, err := rankText(sql, r, t, cat)
			if err != nil {
				return nil, err
			}
			edits = append(edits, edit{r.At, r.End, text})
		}
	}
	for _, a := range aggs {
		t := columnEnum(a.Column, cat)
		if t == nil || a.ArgEnd > len(sql) || a.At > a.ArgAt || a.ArgAt > a.ArgEnd || a.ArgEnd > a.End {
			continue
		}
		agg := sql[a.At:a.ArgAt] + enumRankExpr(sql[a.ArgAt:a.ArgEnd], t) + sql[a.ArgEnd:a.End]
		edits = append(edits, edit{a.At, a.End, enumLabelExpr(agg, t)})
	}
	return edits, nil
}

// groupEnum is the enum type a group of operands compares, nil when none is of one.
func groupEnum(group []EnumRank, cat Catalog) *EnumType {
	for _, r := range group {
		if r.Column != nil {
			if t := columnEnum(*r.Column, cat); t != nil {
				return t
			}
		}
		if r.Type != nil {
			if t := cat.Enum(0, *r.Type); t != nil {
				return t
			}
		}
	}
	return nil
}

// rankText is operand r of a group of enum type t written as a label's position.
func rankText(sql string, r EnumRank, t *EnumType, cat Catalog) (string, *Error) {
	if r.End > len(sql) || r.At >= r.End {
		return "", &Error{SQLState: stateUnsupported, Message: unsupportedMessage("this ordering of enum type " + t.Name)}
	}
	switch r.Kind {
	case RankColumn:
		if ct := columnEnum(*r.Column, cat); ct != nil && ct.OID == t.OID {
			return enumRankExpr(sql[r.At:r.End], t), nil
		}
	case RankParam:
		if sql[r.At:r.End] == "?" {
			// Still one marker: the plan's parameter mapping holds.
			return enumRankExpr("%EXACT(?)", t), nil
		}
	case RankLiteral:
		if r.Type != nil {
			if lt := cat.Enum(0, *r.Type); lt == nil || lt.OID != t.OID {
				break
			}
		}
		v, ok := literalText(sql, r.At, r.End)
		if !ok {
			break
		}
		pos := t.Label(v)
		if pos == 0 {
			return "", invalidEnumValue(t, v)
		}
		return strconv.Itoa(pos), nil
	}
	return "", &Error{SQLState: stateUnsupported, Message: unsupportedMessage("comparing a value of enum type " + t.Name + " by order with this expression")}
}

// rankOperand is n, just written from at, as an operand of an order comparison.
func (e *emitter) rankOperand(n *pg_query.Node, at int) EnumRank {
	r := EnumRank{At: at, End: e.b.Len(), Kind: RankOther}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		if !isPlainColumn(n) {
			break
		}
		if c, ok := e.catalogColumn(v.ColumnRef); ok {
			r.Kind, r.Column = RankColumn, &c
		}
	case *pg_query.Node_AConst:
		if _, ok := v.AConst.Val.(*pg_query.A_Const_Sval); ok {
			r.Kind = RankLiteral
		}
	case *pg_query.Node_ParamRef:
		r.Kind = RankParam
	case *pg_query.Node_TypeCast:
		if _, lit := stringConstNode(v.TypeCast.Arg); lit {
			if ref, user := e.userType(v.TypeCast.TypeName); user {
				r.Kind, r.Type = RankLiteral, &ref
			}
		}
	}
	return r
}

// noteRankGroup records the operands of one order comparison (EnumRank) when one of
// them may be of an enum type: a known column or a cast to a user type.
func (e *emitter) noteRankGroup(ops ...EnumRank) {
	if e.scratching || !slices.ContainsFunc(ops, func(r EnumRank) bool { return r.Column != nil || r.Type != nil }) {
		return
	}
	g := e.newRankGroup()
	for _, r := range ops {
		r.Group = g
		e.places.EnumRanks = append(e.places.EnumRanks, r)
	}
}

// newRankGroup numbers a group of operands.
func (e *emitter) newRankGroup() int {
	e.rankGroups++
	return e.rankGroups
}

// noteRankColumn records the ORDER BY key c, written from at (EnumRank).
func (e *emitter) noteRankColumn(c CatalogColumn, at int) {
	if !e.scratching {
		e.places.EnumRanks = append(e.places.EnumRanks, EnumRank{At: at, End: e.b.Len(), Group: e.newRankGroup(), Kind: RankColumn, Column: &c})
	}
}

// noteEnumRefusal records that what, an ordering of column c, is refused when c is of
// an enum type.
func (e *emitter) noteEnumRefusal(c CatalogColumn, what string) {
	if !e.scratching {
		e.places.EnumRanks = append(e.places.EnumRanks, EnumRank{Group: e.newRankGroup(), Kind: RankOther, Column: &c, Refuse: what})
	}
}

// isOrderComparison: op orders its operands.
func isOrderComparison(op string) bool {
	return op == "<" || op == "<=" || op == ">" || op == ">="
}

// noteEnumAgg records min or max of a column written from at, its argument at argAt to
// argEnd (EnumAgg).
func (e *emitter) noteEnumAgg(f *pg_query.FuncCall, at, argAt, argEnd int) {
	if e.scratching || f.AggStar || len(f.Args) != 1 || !isPlainColumn(f.Args[0]) {
		return
	}
	if c, ok := e.catalogColumn(f.Args[0].Node.(*pg_query.Node_ColumnRef).ColumnRef); ok {
		e.places.EnumAggs = append(e.places.EnumAggs, EnumAgg{At: at, ArgAt: argAt, ArgEnd: argEnd, End: e.b.Len(), Column: c})
	}
}
