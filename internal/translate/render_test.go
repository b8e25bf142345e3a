package translate

import (
	"fmt"
	"strconv"
	"strings"
)

// renderSQL shows a plan's SQL with integer splices as {$n}.
func renderSQL(p *Plan) string {
	if len(p.SeqCalls) > 0 {
		return renderSeqCalls(p.SQL, p.SeqCalls)
	}
	if len(p.IntSplices) == 0 {
		return p.SQL
	}
	var b strings.Builder
	last := 0
	for _, sp := range p.IntSplices {
		b.WriteString(p.SQL[last:sp.At])
		fmt.Fprintf(&b, "{$%d}", sp.Param+1)
		last = sp.At
	}
	b.WriteString(p.SQL[last:])
	return b.String()
}

// renderSteps renders steps one per line: "kind[+flags]: SQL [params]", with
// the id splice point shown as {ids} and branches indented under "then"/"else".
func renderSteps(steps []Step, indent, prefix string) []string {
	var out []string
	for _, s := range steps {
		var b strings.Builder
		b.WriteString(indent + prefix + s.Kind.String())
		if s.CountRows {
			b.WriteString("+count")
		}
		if s.IgnoreUniqueViolation {
			b.WriteString("+ignore-unique")
		}
		b.WriteString(": ")
		sql := s.SQL
		if s.Kind == StepNotice {
			sql = s.Code + " " + s.Message
		}
		if c := s.Check; c != nil && c.Add != nil {
			sql = c.Table.SQL + " " + c.Add.Def + " name=" + c.Add.Name + " base=" + c.Add.NameBase + " cond=" + c.Add.Cond
			if c.Created {
				sql += " created"
			}
		} else if c != nil && c.DropColumn != "" {
			sql = "drop checks of " + c.Table.SQL + " naming " + c.DropColumn
		} else if c != nil && c.RenameColumn != "" {
			sql += "; checks of " + c.Table.SQL + " naming " + c.RenameColumn + " name " + c.NewName
		} else if c != nil {
			sql = "drop " + c.Drop + " of " + c.Table.SQL + " else " + sql
		}
		if c := s.Comment; c != nil {
			sql = renderComment(c)
		}
		if r := s.Rename; r != nil {
			sql += "; checks and names of " + r.Table.SQL + " follow to " + r.NewName
		}
		if s.SpliceIDs {
			sql = sql[:s.SpliceAt] + "{ids}" + sql[s.SpliceAt:]
		}
		if len(s.SeqCalls) > 0 {
			sql = renderSeqCalls(sql, s.SeqCalls)
		}
		b.WriteString(sql)
		if len(s.Params) > 0 {
			b.WriteString(" " + renderParams(s.Params))
		}
		out = append(out, b.String())
		if r := s.Insert; r != nil {
			sql := r.Head + " {first n columns of " + r.Target.Name + "} VALUES ({n markers})"
			if r.Columns > 0 {
				sql, _ = r.SQL(r.Columns, nil)
			}
			out = append(out, indent+"  each row: "+sql)
		}
		out = append(out, renderSteps(s.Then, indent+"  ", "then ")...)
		out = append(out, renderSteps(s.Else, indent+"  ", "else ")...)
	}
	return out
}

// renderComment spells a CommentOp: the object, its IRIS schema and name as written,
// and the text (NULL when removed).
func renderComment(c *CommentOp) string {
	obj := c.Kind
	if obj == "" {
		obj = "column"
	}
	sql := obj + " " + c.Table.SQL
	if c.Column != "" {
		sql += "." + c.Column
	}
	sql += " (schema " + c.Table.IRISSchema + ", written " + c.Written + ") IS "
	if c.Text == "" {
		return sql + "NULL"
	}
	return sql + "'" + c.Text + "'"
}

func renderParams(ps []int) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprint(p)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func renderColumns(cols []Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s:%d", c.Name, c.TypeOID)
		if q := c.Quotient; q != nil {
			kind := "div"
			if q.Avg {
				kind = "avg"
			}
			parts[i] += fmt.Sprintf(" %s($%d,$%d)", kind, q.Dividend+1, q.Divisor+1)
		}
		if a := c.ArrayAgg; a != nil && a.Within != nil {
			parts[i] += renderWithin(a)
		} else if a != nil && a.String {
			parts[i] += fmt.Sprintf(" string(rows $%d, sep %q%s)", a.Rows+1, a.Sep, renderAggOrder(a))
		} else if a != nil {
			parts[i] += fmt.Sprintf(" array(rows $%d, nonnull $%d", a.Rows+1, a.NonNull+1)
			if a.Distinct > 0 {
				parts[i] += fmt.Sprintf(", distinct $%d", a.Distinct+1)
			}
			parts[i] += fmt.Sprintf(", elem $%d:%d%s)", a.Elem+1, a.ElemOID, renderAggOrder(a))
		}
		if jp := c.JSONPath; jp != nil {
			var steps []string
			for _, st := range jp.Steps {
				switch {
				case st.HasKey && st.HasIndex:
					steps = append(steps, st.Key+"|"+strconv.Itoa(st.Index))
				case st.HasKey:
					steps = append(steps, strconv.Quote(st.Key))
				default:
					steps = append(steps, strconv.Itoa(st.Index))
				}
			}
			kind := "json"
			if jp.Text {
				kind = "jsontext"
			}
			parts[i] += " " + kind + "(" + strings.Join(steps, " ") + ")"
		}
		if c.FallbackFlag > 0 {
			parts[i] += fmt.Sprintf(" fallback($%d)", c.FallbackFlag+1)
		}
	}
	return strings.Join(parts, ", ")
}

func renderLocal(q *LocalQuery) string {
	parts := make([]string, len(q.Items))
	for i, it := range q.Items {
		if it.Func == "" {
			parts[i] = renderArg(it.Const)
			continue
		}
		args := make([]string, len(it.Args))
		for j, a := range it.Args {
			args[j] = renderArg(a)
		}
		parts[i] = it.Func + "(" + strings.Join(args, ", ") + ")"
		if it.Cast != "" {
			parts[i] += "::" + it.Cast
		}
	}
	return strings.Join(parts, "; ")
}

func renderArg(a LocalArg) string {
	switch {
	case a.Param >= 0:
		return fmt.Sprintf("$%d", a.Param+1)
	case a.IsNull:
		return "NULL"
	}
	return "'" + a.Value + "'"
}

func renderSet(s *SetCommand) string {
	var b strings.Builder
	if s.All {
		b.WriteString("ALL")
	} else {
		b.WriteString(s.Name)
	}
	if len(s.Values) > 0 {
		b.WriteString("=" + strings.Join(s.Values, "|"))
	}
	if s.Default {
		b.WriteString(" default")
	}
	if s.Local {
		b.WriteString(" local")
	}
	return b.String()
}

func renderCopy(c *CopyCommand) string {
	dir := "to"
	if c.From {
		dir = "from"
	}
	return fmt.Sprintf("%s table=%s cols=%s format=%s delim=%q null=%q quote=%q escape=%q header=%v forcequote=%v insert=%s select=%s",
		dir, c.Table, strings.Join(c.Columns, ","), c.Format, c.Delimiter, c.Null, c.Quote, c.Escape, c.Header,
		c.ForceQuote, c.InsertSQL, c.SelectSQL)
}

// renderSeqCalls shows each sequence call at its place: {nextval s}.
func renderSeqCalls(sql string, calls []SeqCall) string {
	var b strings.Builder
	last := 0
	for _, c := range calls {
		b.WriteString(sql[last:c.At])
		b.WriteString("{" + c.Func)
		if c.Seq.Name != "" {
			b.WriteString(" " + c.Seq.Schema + "." + c.Seq.Name)
		}
		b.WriteString("}")
		last = c.At
	}
	b.WriteString(sql[last:])
	return b.String()
}

// renderSequence shows a sequence command: op, names, flags and the options written.
func renderSequence(c *SequenceCommand) string {
	var b strings.Builder
	b.WriteString([]string{"", "create", "alter", "drop"}[c.Op])
	for _, n := range c.Names {
		b.WriteString(" " + n.Schema + "." + n.Name)
	}
	if c.IfExists {
		b.WriteString(" if-exists")
	}
	if c.IfNotExists {
		b.WriteString(" if-not-exists")
	}
	o := c.Options
	num := func(name string, v *int64) {
		if v != nil {
			fmt.Fprintf(&b, " %s=%d", name, *v)
		}
	}
	if o.Type != "" {
		b.WriteString(" as=" + o.Type)
	}
	num("increment", o.Increment)
	num("min", o.Min)
	num("max", o.Max)
	num("start", o.Start)
	num("cache", o.Cache)
	if o.NoMin {
		b.WriteString(" no-min")
	}
	if o.NoMax {
		b.WriteString(" no-max")
	}
	if o.Cycle != nil {
		fmt.Fprintf(&b, " cycle=%t", *o.Cycle)
	}
	if o.Restart {
		b.WriteString(" restart")
		num("with", o.RestartWith)
	}
	return b.String()
}

// renderAggOrder shows an ordered aggregate's keys: ", order asc nulls last, desc nulls
// first[, dedupe]".
func renderAggOrder(a *ArrayAgg) string {
	if len(a.Order) == 0 {
		return ""
	}
	keys := make([]string, len(a.Order))
	for i, k := range a.Order {
		dir, nulls := "asc", "last"
		if k.Desc {
			dir = "desc"
		}
		if k.NullsFirst {
			nulls = "first"
		}
		keys[i] = dir + " nulls " + nulls
	}
	s := ", order " + strings.Join(keys, ", ")
	if a.Dedupe {
		s += ", dedupe"
	}
	return s
}

// renderWithin shows an ordered-set aggregate: " within(percentile_cont 0.5, nonnull $2,
// elem $3:0, order asc nulls last)"; fractions NULL, [a b] for an array, $n for a
// parameter column.
func renderWithin(a *ArrayAgg) string {
	w := a.Within
	s := " within(" + w.Func
	if w.Func != "mode" {
		fs := make([]string, len(w.Fractions))
		for i, f := range w.Fractions {
			fs[i] = strconv.FormatFloat(f.Value, 'g', -1, 64)
			if f.Null {
				fs[i] = "NULL"
			}
		}
		switch {
		case w.Param > 0:
			s += fmt.Sprintf(" $%d", w.Param+1)
		case w.Multi:
			s += " [" + strings.Join(fs, " ") + "]"
		default:
			s += " " + fs[0]
		}
		s += " " + w.DirectType
	}
	return s + fmt.Sprintf(", nonnull $%d, elem $%d:%d%s)", a.NonNull+1, a.Elem+1, a.ElemOID, renderAggOrder(a))
}

func renderEnum(c *EnumCommand) string {
	var b strings.Builder
	b.WriteString([]string{"", "create", "drop", "add-value"}[c.Op])
	for _, n := range c.Names {
		b.WriteString(" " + n.Schema + "." + n.Name)
	}
	if c.IfExists {
		b.WriteString(" if-exists")
	}
	if c.IfNotExists {
		b.WriteString(" if-not-exists")
	}
	for _, l := range c.Labels {
		fmt.Fprintf(&b, " %q", l)
	}
	if c.Neighbor != "" {
		where := "before"
		if c.After {
			where = "after"
		}
		fmt.Fprintf(&b, " %s %q", where, c.Neighbor)
	}
	return b.String()
}

func renderTypeRef(r TypeRef) string {
	s := r.Type.Schema + "." + r.Type.Name
	if r.Default != nil {
		s += fmt.Sprintf(" default %q", *r.Default)
	}
	return s
}
