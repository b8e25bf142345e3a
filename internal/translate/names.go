package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// irisReserved holds words that must be delimited when used as identifiers in IRIS
// SQL: the SQL-92 reserved words (which InterSystems SQL reserves) plus IRIS
// extensions such as TOP. Quoting a word that is not reserved is harmless, since
// IRIS compares delimited identifiers case-insensitively too, so the list errs on
// the side of including words.
var irisReserved = makeSet(`
ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG
BEGIN BETWEEN BIT BIT_LENGTH BOTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER
CHARACTER_LENGTH CHAR_LENGTH CHECK CLOSE COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT
CONNECTION CONSTRAINT CONSTRAINTS CONTINUE CONVERT CORRESPONDING COUNT CREATE CROSS CURRENT
CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATE DAY DEALLOCATE DEC
DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DELETE DESC DESCRIBE DESCRIPTOR DIAGNOSTICS
DISCONNECT DISTINCT DOMAIN DOUBLE DROP ELSE END ESCAPE EXCEPT EXCEPTION EXEC EXECUTE EXISTS
EXTERNAL EXTRACT FALSE FETCH FIRST FLOAT FOR FOREIGN FOUND FROM FULL GET GLOBAL GO GOTO GRANT
GROUP HAVING HOUR IDENTITY IMMEDIATE IN INDICATOR INITIALLY INNER INPUT INSENSITIVE INSERT INT
INTEGER INTERSECT INTERVAL INTO IS ISOLATION JOIN KEY LANGUAGE LAST LEADING LEFT LEVEL LIKE
LIMIT LOCAL LOWER MATCH MAX MIN MINUTE MODULE MONTH NAMES NATIONAL NATURAL NCHAR NEXT NO NOT
NULL NULLIF NUMERIC OCTET_LENGTH OF OFFSET ON ONLY OPEN OPTION OR ORDER OUTER OUTPUT OVERLAPS
PAD PARTIAL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE PUBLIC READ
REAL REFERENCES RELATIVE RESTRICT REVOKE RIGHT ROLLBACK ROWS SCHEMA SCROLL SECOND SECTION
SELECT SESSION SESSION_USER SET SIZE SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE
SUBSTRING SUM SYSTEM_USER TABLE TEMPORARY THEN TIME TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TO
TOP TRAILING TRANSACTION TRANSLATE TRANSLATION TRIM TRUE UNION UNIQUE UNKNOWN UPDATE UPPER
USAGE USER USING VALUE VALUES VARCHAR VARYING VIEW WHEN WHENEVER WHERE WITH WORK WRITE YEAR ZONE
`)

func makeSet(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}

// needsQuote reports whether a PostgreSQL identifier (already case-folded by the
// parser) must be delimited in IRIS SQL: anything but a plain lower-case name, or
// an IRIS reserved word. Lower-case names are emitted bare: IRIS matches them
// case-insensitively and preserves their case when it creates objects.
func needsQuote(name string) bool {
	if name == "" {
		return true
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case c >= '0' && c <= '9':
			if i == 0 {
				return true
			}
		default:
			return true
		}
	}
	_, reserved := irisReserved[strings.ToUpper(name)]
	return reserved
}

// isPlainIRISName: letters, digits and '_' (not first digit), not reserved.
func isPlainIRISName(name string) bool {
	return name != "" && !needsQuote(strings.ToLower(name))
}

// IRISIdent is name as the translator writes an identifier for IRIS.
func IRISIdent(name string) string {
	var b strings.Builder
	writeIdent(&b, name)
	return b.String()
}

func writeIdent(b *strings.Builder, name string) {
	if !needsQuote(name) {
		b.WriteString(name)
		return
	}
	writeQuoted(b, name)
}

// writeQuoted always delimits: used for column aliases so IRIS reports exactly
// the PostgreSQL column name.
func writeQuoted(b *strings.Builder, name string) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(name, `"`, `""`))
	b.WriteByte('"')
}

func writeStringLit(b *strings.Builder, s string) {
	b.WriteByte('\'')
	b.WriteString(strings.ReplaceAll(s, "'", "''"))
	b.WriteByte('\'')
}

// figureColname names an unaliased target column exactly as PostgreSQL's
// FigureColnameInternal (parse_target.c) does. strength: 0 none, 1 weak, 2 good.
func figureColname(n *pg_query.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch v := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		name := ""
		for _, f := range v.ColumnRef.Fields {
			if s, ok := f.Node.(*pg_query.Node_String_); ok {
				name = s.String_.Sval
			}
		}
		if name != "" {
			return name, 2
		}
	case *pg_query.Node_AIndirection:
		name := ""
		for _, f := range v.AIndirection.Indirection {
			if s, ok := f.Node.(*pg_query.Node_String_); ok {
				name = s.String_.Sval
			}
		}
		if name != "" {
			return name, 2
		}
		return figureColname(v.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		return lastName(v.FuncCall.Funcname), 2
	case *pg_query.Node_AExpr:
		if v.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		name, strength := figureColname(v.TypeCast.Arg)
		if strength <= 1 && v.TypeCast.TypeName != nil {
			return lastName(v.TypeCast.TypeName.Names), 1
		}
		return name, strength
	case *pg_query.Node_CollateClause:
		return figureColname(v.CollateClause.Arg)
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	case *pg_query.Node_SubLink:
		switch v.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			// PostgreSQL names it after the subquery's single output column.
			if sel, ok := v.SubLink.Subselect.Node.(*pg_query.Node_SelectStmt); ok {
				s := sel.SelectStmt
				for s.Op != pg_query.SetOperation_SETOP_NONE && s.Larg != nil {
					s = s.Larg
				}
				if len(s.TargetList) > 0 {
					if rt, ok := s.TargetList[0].Node.(*pg_query.Node_ResTarget); ok {
						if rt.ResTarget.Name != "" {
							return rt.ResTarget.Name, 2
						}
						if name, st := figureColname(rt.ResTarget.Val); st > 0 {
							return name, 2
						}
					}
				}
			}
		}
	case *pg_query.Node_CaseExpr:
		name, strength := figureColname(v.CaseExpr.Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if v.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_SqlvalueFunction:
		return sqlValueFunctionName(v.SqlvalueFunction.Op), 2
	}
	return "", 0
}

func colname(n *pg_query.Node) string {
	if name, strength := figureColname(n); strength > 0 {
		return name
	}
	return "?column?"
}

func sqlValueFunctionName(op pg_query.SQLValueFunctionOp) string {
	switch op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return "current_date"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return "current_time"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return "current_timestamp"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return "localtime"
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return "localtimestamp"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:
		return "current_role"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:
		return "current_user"
	case pg_query.SQLValueFunctionOp_SVFOP_USER:
		return "user"
	case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return "session_user"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return "current_catalog"
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return "current_schema"
	}
	return "?column?"
}

// lastName returns the last String of a qualified name list (pg_catalog.int4 → int4).
func lastName(names []*pg_query.Node) string {
	for i := len(names) - 1; i >= 0; i-- {
		if s, ok := names[i].Node.(*pg_query.Node_String_); ok {
			return s.String_.Sval
		}
	}
	return ""
}

// strVal returns the string of a String node ("" otherwise).
func strVal(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	if s, ok := n.Node.(*pg_query.Node_String_); ok {
		return s.String_.Sval
	}
	return ""
}
