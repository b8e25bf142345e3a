package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// copyStmt parses COPY … FROM STDIN / TO STDOUT options with PostgreSQL's
// defaults; the session moves the data.
func (t *translator) copyStmt(s *pg_query.CopyStmt) *Plan {
	if s.IsProgram || s.Filename != "" {
		t.unsupported(-1, "COPY with a server file or program (use STDIN/STDOUT)")
	}
	if s.WhereClause != nil {
		t.unsupported(nodeLocation(s.WhereClause), "COPY … WHERE")
	}
	cc := &CopyCommand{From: s.IsFrom, Format: "text"}
	var delimiter, null, quote, escape *string
	for _, o := range s.Options {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		switch d.Defname {
		case "format":
			cc.Format = strings.ToLower(t.copyString(d))
		case "delimiter":
			v := t.copyString(d)
			delimiter = &v
		case "null":
			v := t.copyString(d)
			null = &v
		case "quote":
			v := t.copyString(d)
			quote = &v
		case "escape":
			v := t.copyString(d)
			escape = &v
		case "header":
			cc.Header = t.copyBool(d)
		case "encoding":
			cc.Encoding = t.copyString(d)
		case "force_quote":
			if d.Arg == nil {
				t.unsupported(d.Location, "FORCE_QUOTE without columns")
			}
			if _, star := d.Arg.Node.(*pg_query.Node_AStar); star {
				cc.ForceQuoteAll = true
			} else {
				cc.ForceQuote = copyNames(d.Arg)
			}
		case "force_not_null":
			cc.ForceNotNull = copyNames(d.Arg)
		case "force_null":
			cc.ForceNull = copyNames(d.Arg)
		case "freeze":
			// A load-performance hint without effect on the result.
		default:
			t.unsupported(d.Location, "COPY option "+d.Defname)
		}
	}
	switch cc.Format {
	case "text":
		cc.Delimiter, cc.Null = "\t", `\N`
		if quote != nil || escape != nil || len(cc.ForceQuote) > 0 || cc.ForceQuoteAll || len(cc.ForceNotNull) > 0 || len(cc.ForceNull) > 0 {
			t.fail("0A000", -1, "COPY QUOTE, ESCAPE and FORCE options are available only in CSV mode")
		}
	case "csv":
		cc.Delimiter, cc.Null, cc.Quote = ",", "", `"`
	case "binary":
		// The session decodes COPY BINARY input with the target columns' types (pgx's
		// CopyFrom uses it); binary output is not produced.
		if !s.IsFrom {
			t.unsupported(-1, "COPY TO in binary format")
		}
		if delimiter != nil || null != nil || quote != nil || escape != nil || cc.Header {
			t.fail("42601", -1, "cannot specify DELIMITER, NULL, QUOTE, ESCAPE or HEADER in BINARY mode")
		}
	default:
		t.unsupported(-1, "COPY format "+cc.Format)
	}
	if delimiter != nil {
		cc.Delimiter = *delimiter
	}
	if null != nil {
		cc.Null = *null
	}
	if quote != nil {
		cc.Quote = *quote
	}
	cc.Escape = cc.Quote
	if escape != nil {
		cc.Escape = *escape
	}
	if len(cc.Delimiter) != 1 && cc.Format != "binary" {
		t.fail("22023", -1, "COPY delimiter must be a single one-byte character")
	}
	if cc.Format == "csv" && (len(cc.Quote) != 1 || len(cc.Escape) != 1) {
		t.fail("22023", -1, "COPY quote and escape must be single one-byte characters")
	}

	plan := &Plan{Kind: KindCopy, Tag: "COPY", Copy: cc}
	if s.Query != nil {
		if s.IsFrom {
			t.unsupported(-1, "COPY (query) FROM")
		}
		sel, ok := s.Query.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			t.unsupported(-1, "COPY of a data-modifying statement")
		}
		e := t.newEmitter()
		e.selectStmt(sel.SelectStmt, false)
		cc.SelectSQL, cc.Params = e.sql()
		cc.Query = &Plan{Kind: KindQuery, Tag: "SELECT"}
		e.setSQL(cc.Query)
		return plan
	}
	e := t.newEmitter()
	e.tableName(s.Relation)
	cc.Table = e.b.String()
	if s.IsFrom {
		cc.Target = e.checkTable(s.Relation)
	}
	for _, a := range s.Attlist {
		cc.Columns = append(cc.Columns, strVal(a))
	}
	if s.IsFrom {
		if len(cc.Columns) > 0 {
			cc.InsertSQL = cc.InsertFor(cc.Columns)
		}
		return plan
	}
	sel := t.newEmitter()
	sel.w("SELECT ")
	if len(cc.Columns) == 0 {
		sel.wb('*')
	}
	for i, c := range cc.Columns {
		if i > 0 {
			sel.w(", ")
		}
		sel.ident(c)
	}
	sel.w(" FROM " + cc.Table)
	cc.SelectSQL = sel.b.String()
	return plan
}

func (t *translator) copyString(d *pg_query.DefElem) string {
	if d.Arg != nil {
		if s, ok := d.Arg.Node.(*pg_query.Node_String_); ok {
			return s.String_.Sval
		}
	}
	t.unsupported(d.Location, "COPY option "+d.Defname+" without a string value")
	return ""
}

func (t *translator) copyBool(d *pg_query.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch v := d.Arg.Node.(type) {
	case *pg_query.Node_Boolean:
		return v.Boolean.Boolval
	case *pg_query.Node_Integer:
		return v.Integer.Ival != 0
	case *pg_query.Node_String_:
		switch strings.ToLower(v.String_.Sval) {
		case "true", "on", "1":
			return true
		case "false", "off", "0":
			return false
		}
	}
	t.unsupported(d.Location, "COPY HEADER MATCH")
	return false
}

func copyNames(n *pg_query.Node) []string {
	var out []string
	for _, it := range listItems(n) {
		out = append(out, strVal(it))
	}
	return out
}
