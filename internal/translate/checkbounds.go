package translate

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// IRIS has no CHECK constraints, but it validates a data type class's MINVAL and MAXVAL
// on every INSERT and UPDATE. So a CHECK that only bounds one integer column (c >= 0,
// c > 0, c BETWEEN 1 AND 5, c >= 1 AND c <= 5, c = 3, and the same written n <= c) is
// written as that column's class with those bounds: %Library.Integer(MAXVAL=…,MINVAL=…);
// one that only bounds a numeric(p,s) column from below (price > 0) as
// %Library.Numeric(MAXVAL=…,MINVAL=…,SCALE=s).
// The session reports the failure as 23514 with PostgreSQL's default name for the
// constraint (table_column_check), so only unnamed table constraints, or ones of that
// name, are taken. Any other CHECK is 0A000.

// intClass is an integer type's IRIS data type class and range.
type intClass struct {
	name     string
	min, max int64
}

var intClasses = map[string]intClass{
	"int2": {"%Library.SmallInt", math.MinInt16, math.MaxInt16}, "smallint": {"%Library.SmallInt", math.MinInt16, math.MaxInt16},
	"int4": {"%Library.Integer", math.MinInt32, math.MaxInt32}, "int": {"%Library.Integer", math.MinInt32, math.MaxInt32},
	"integer": {"%Library.Integer", math.MinInt32, math.MaxInt32},
	"int8":    {"%Library.BigInt", math.MinInt64, math.MaxInt64}, "bigint": {"%Library.BigInt", math.MinInt64, math.MaxInt64},
}

// boundedClass is the class of an integer column whose CHECK constraints (its own and
// the table's, given) all bound it; false when it has none or one that does not.
func (e *emitter) boundedClass(c *pg_query.ColumnDef, tableChecks []*pg_query.Constraint) (string, bool) {
	checks := tableChecks
	for _, cn := range c.Constraints {
		if con := cn.Node.(*pg_query.Node_Constraint).Constraint; con.Contype == pg_query.ConstrType_CONSTR_CHECK {
			checks = append(checks, con)
		}
	}
	if len(checks) == 0 || len(c.TypeName.ArrayBounds) > 0 {
		return "", false
	}
	typeName := strings.ToLower(lastName(c.TypeName.Names))
	if typeName == "numeric" || typeName == "decimal" {
		return e.numericMinClass(c, checks)
	}
	cls, ok := intClasses[typeName]
	if !ok || len(c.TypeName.Typmods) > 0 {
		return "", false
	}
	lo, hi, any := cls.min, cls.max, false
	for _, con := range checks {
		l, h, ok := e.checkBounds(con.RawExpr, c.Colname)
		if !ok || con.IsNoInherit {
			return "", false
		}
		lo, hi, any = max(lo, l), min(hi, h), true
	}
	if !any || lo > hi {
		return "", false
	}
	return cls.name + "(MAXVAL=" + strconv.FormatInt(hi, 10) + ",MINVAL=" + strconv.FormatInt(lo, 10) + ")", true
}

// numericMinClass is the class of a numeric(p,s) column whose CHECK constraints only
// give it a lower bound (c > 0, c >= 0.5, 10 <= c): %Library.Numeric with the MAXVAL and
// SCALE of numeric(p,s), as IRIS maps that DDL type, and the least value of scale s the
// bound allows as MINVAL. An upper bound would change the precision IRIS reports.
func (e *emitter) numericMinClass(c *pg_query.ColumnDef, checks []*pg_query.Constraint) (string, bool) {
	mods := e.typmods(c.TypeName)
	if len(mods) != 2 || mods[0] < 1 || mods[1] < 0 || mods[1] > mods[0] || mods[0] > 36 {
		return "", false
	}
	p, s := mods[0], mods[1]
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil) // values are k / 10^s
	var min *big.Int
	for _, con := range checks {
		if con.IsNoInherit {
			return "", false
		}
		k, ok := e.numericLowerBound(con.RawExpr, c.Colname, unit)
		if !ok {
			return "", false
		}
		if min == nil || k.Cmp(min) > 0 {
			min = k
		}
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil) // |k| < 10^p
	if min.CmpAbs(limit) >= 0 {
		return "", false
	}
	maxUnits := new(big.Int).Sub(limit, big.NewInt(1))
	return "%Library.Numeric(MAXVAL=" + unitsText(maxUnits, s) + ",MINVAL=" + unitsText(min, s) + ",SCALE=" + strconv.Itoa(s) + ")", true
}

// numericLowerBound reads expr as a lower bound on col (c >= n, c > n, n <= c, n < c,
// AND of those), in units of 1/unit: the least k with k/unit allowed.
func (e *emitter) numericLowerBound(expr *pg_query.Node, col string, unit *big.Int) (*big.Int, bool) {
	switch v := expr.GetNode().(type) {
	case *pg_query.Node_BoolExpr:
		if v.BoolExpr.Boolop != pg_query.BoolExprType_AND_EXPR {
			return nil, false
		}
		var best *big.Int
		for _, arg := range v.BoolExpr.Args {
			k, ok := e.numericLowerBound(arg, col, unit)
			if !ok {
				return nil, false
			}
			if best == nil || k.Cmp(best) > 0 {
				best = k
			}
		}
		return best, best != nil
	case *pg_query.Node_AExpr:
		a := v.AExpr
		if a.Kind != pg_query.A_Expr_Kind_AEXPR_OP {
			return nil, false
		}
		op := opName(a)
		n, ok := e.decimalLiteral(a.Rexpr)
		if !isColumnNamed(a.Lexpr, col) || !ok {
			if n, ok = e.decimalLiteral(a.Lexpr); !ok || !isColumnNamed(a.Rexpr, col) {
				return nil, false
			}
			op = map[string]string{"<=": ">=", "<": ">"}[op]
		}
		scaled := new(big.Rat).Mul(n, new(big.Rat).SetInt(unit))
		floor := new(big.Int).Div(scaled.Num(), scaled.Denom()) // Euclidean: floor for a positive divisor
		switch op {
		case ">=":
			if !scaled.IsInt() {
				floor.Add(floor, big.NewInt(1))
			}
			return floor, true
		case ">":
			return floor.Add(floor, big.NewInt(1)), true
		}
	}
	return nil, false
}

// decimalLiteral is the value of an integer or decimal literal.
func (e *emitter) decimalLiteral(n *pg_query.Node) (*big.Rat, bool) {
	c, ok := n.GetNode().(*pg_query.Node_AConst)
	if !ok {
		return nil, false
	}
	e.readConst(c.AConst)
	switch v := c.AConst.Val.(type) {
	case *pg_query.A_Const_Ival:
		return big.NewRat(int64(v.Ival.Ival), 1), true
	case *pg_query.A_Const_Fval:
		return new(big.Rat).SetString(v.Fval.Fval)
	}
	return nil, false
}

// unitsText writes k / 10^s in decimal with s fraction digits.
func unitsText(k *big.Int, s int) string {
	return new(big.Rat).SetFrac(k, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil)).FloatString(s)
}

// checkBounds reads expr as bounds on column col: [lo, hi] (math.MinInt64/MaxInt64
// where it sets none); false when it is anything else.
func (e *emitter) checkBounds(expr *pg_query.Node, col string) (lo, hi int64, ok bool) {
	lo, hi = math.MinInt64, math.MaxInt64
	switch v := expr.GetNode().(type) {
	case *pg_query.Node_BoolExpr:
		if v.BoolExpr.Boolop != pg_query.BoolExprType_AND_EXPR {
			return 0, 0, false
		}
		for _, arg := range v.BoolExpr.Args {
			l, h, ok := e.checkBounds(arg, col)
			if !ok {
				return 0, 0, false
			}
			lo, hi = max(lo, l), min(hi, h)
		}
		return lo, hi, true
	case *pg_query.Node_AExpr:
		a := v.AExpr
		switch a.Kind {
		case pg_query.A_Expr_Kind_AEXPR_BETWEEN:
			items := listItems(a.Rexpr)
			if !isColumnNamed(a.Lexpr, col) || len(items) != 2 {
				return 0, 0, false
			}
			l, ok1 := e.intLiteral(items[0])
			h, ok2 := e.intLiteral(items[1])
			return l, h, ok1 && ok2
		case pg_query.A_Expr_Kind_AEXPR_OP:
			op := opName(a)
			n, ok := e.intLiteral(a.Rexpr)
			if !isColumnNamed(a.Lexpr, col) || !ok {
				// n op c: the same bound with the operator turned around.
				if n, ok = e.intLiteral(a.Lexpr); !ok || !isColumnNamed(a.Rexpr, col) {
					return 0, 0, false
				}
				op = map[string]string{">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}[op]
			}
			switch op {
			case ">=":
				return n, hi, true
			case ">":
				return n + 1, hi, true
			case "<=":
				return lo, n, true
			case "<":
				return lo, n - 1, true
			case "=":
				return n, n, true
			}
		}
	}
	return 0, 0, false
}

// intLiteral is an integer literal's value (int32 range, as the grammar gives Ival).
func (e *emitter) intLiteral(n *pg_query.Node) (int64, bool) {
	c, ok := n.GetNode().(*pg_query.Node_AConst)
	if !ok {
		return 0, false
	}
	e.readConst(c.AConst)
	iv, ok := c.AConst.Val.(*pg_query.A_Const_Ival)
	if !ok {
		return 0, false
	}
	return int64(iv.Ival.Ival), true
}

// takenCheck: con is a table constraint columnChecks took.
func (e *emitter) takenCheck(con *pg_query.Constraint) bool {
	for _, cs := range e.tableChecks {
		for _, c := range cs {
			if c == con {
				return true
			}
		}
	}
	return false
}

func isColumnNamed(n *pg_query.Node, col string) bool {
	ref, ok := n.GetNode().(*pg_query.Node_ColumnRef)
	return ok && len(ref.ColumnRef.Fields) == 1 && strVal(ref.ColumnRef.Fields[0]) == col
}

// columnChecks takes the table constraints CHECK that bound one column into a map by
// column: unnamed, or named as PostgreSQL names it by default (table_column_check). The
// others stay in the list, to be refused.
func (e *emitter) columnChecks(table string, elts []*pg_query.Node) map[string][]*pg_query.Constraint {
	var out map[string][]*pg_query.Constraint
	for _, el := range elts {
		cn, ok := el.Node.(*pg_query.Node_Constraint)
		if !ok || cn.Constraint.Contype != pg_query.ConstrType_CONSTR_CHECK {
			continue
		}
		con := cn.Constraint
		col, ok := singleColumn(con.RawExpr)
		if !ok || (con.Conname != "" && con.Conname != table+"_"+col+"_check") {
			continue
		}
		if _, _, ok := e.checkBounds(con.RawExpr, col); !ok {
			if _, ok := e.numericLowerBound(con.RawExpr, col, big.NewInt(1)); !ok {
				continue
			}
		}
		if out == nil {
			out = map[string][]*pg_query.Constraint{}
		}
		out[col] = append(out[col], con)
	}
	return out
}

// singleColumn is the one column a bound expression names (c op n, n op c, BETWEEN,
// AND of those).
func singleColumn(expr *pg_query.Node) (string, bool) {
	switch v := expr.GetNode().(type) {
	case *pg_query.Node_BoolExpr:
		col := ""
		for _, arg := range v.BoolExpr.Args {
			c, ok := singleColumn(arg)
			if !ok || (col != "" && c != col) {
				return "", false
			}
			col = c
		}
		return col, col != ""
	case *pg_query.Node_AExpr:
		for _, side := range []*pg_query.Node{v.AExpr.Lexpr, v.AExpr.Rexpr} {
			if ref, ok := side.GetNode().(*pg_query.Node_ColumnRef); ok && len(ref.ColumnRef.Fields) == 1 {
				return strVal(ref.ColumnRef.Fields[0]), true
			}
		}
	}
	return "", false
}
