package translate

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Sequences. IRIS has none (iris-sql.md): the session keeps them in a pgwired table in
// IRIS and advances them itself. The translator only describes the commands
// (KindSequence) and marks where a statement calls a sequence function.

// SeqOp is the sequence command of a KindSequence plan.
type SeqOp uint8

const (
	SeqCreate SeqOp = iota + 1
	SeqAlter
	SeqDrop
)

// SequenceCommand describes CREATE, ALTER and DROP SEQUENCE.
type SequenceCommand struct {
	Op SeqOp
	// Names: the sequence (several for DROP), PostgreSQL names; Schema "" = unqualified.
	Names []TableRef
	// IfNotExists (CREATE), IfExists (ALTER, DROP).
	IfNotExists, IfExists bool
	Options               SeqOptions
}

// SeqOptions are the options written; nil and false = not written.
type SeqOptions struct {
	Type                    string // "smallint", "integer" or "bigint" (AS type)
	Increment, Start, Cache *int64
	Min, Max                *int64
	NoMin, NoMax            bool // NO MINVALUE / NO MAXVALUE: the type's default
	Cycle                   *bool
	Restart                 bool   // RESTART [WITH n]
	RestartWith             *int64 // nil with Restart: the start value
}

// SeqCall is a sequence function call in an INSERT … VALUES row, written as nothing at
// SQL[At]: the session calls it before the statement runs and inserts the value's
// decimal text there (RenderSeqCalls).
type SeqCall struct {
	At   int
	Func string   // "nextval", "currval" or "lastval"
	Seq  TableRef // the sequence; Name "" for lastval
}

// seqFuncs are the sequence functions and the arguments they take.
var seqFuncs = map[string][2]int{"nextval": {1, 1}, "currval": {1, 1}, "setval": {2, 3}, "lastval": {0, 0}}

// IsSequenceFunc reports whether name is one of PostgreSQL's sequence functions.
func IsSequenceFunc(name string) bool { _, ok := seqFuncs[name]; return ok }

// RenderSeqCalls returns sql with the value of each call inserted at its place.
func RenderSeqCalls(sql string, calls []SeqCall, value func(SeqCall) (int64, error)) (string, error) {
	var b strings.Builder
	b.Grow(len(sql) + 20*len(calls))
	last := 0
	var buf [20]byte
	for _, c := range calls {
		v, err := value(c)
		if err != nil {
			return "", err
		}
		b.WriteString(sql[last:c.At])
		b.Write(strconv.AppendInt(buf[:0], v, 10))
		last = c.At
	}
	b.WriteString(sql[last:])
	return b.String(), nil
}

// ParseSequenceName reads a sequence name given as text ('s', 'public.s', '"S"'), as
// PostgreSQL's regclass input does: unquoted parts fold to lower case.
func ParseSequenceName(text string) (TableRef, error) {
	var parts []string
	s := strings.TrimSpace(text)
	for {
		var part string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s); i++ {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) || b.Len() == 0 {
				return TableRef{}, &Error{SQLState: "42602", Message: "invalid name syntax"}
			}
			part, s = b.String(), s[i+1:]
		} else {
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			part, s = strings.ToLower(strings.TrimSpace(s[:end])), s[end:]
			if part == "" || strings.ContainsAny(part, " \t\"") {
				return TableRef{}, &Error{SQLState: "42602", Message: "invalid name syntax"}
			}
		}
		parts = append(parts, part)
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		if s[0] != '.' {
			return TableRef{}, &Error{SQLState: "42602", Message: "invalid name syntax"}
		}
		s = strings.TrimSpace(s[1:])
	}
	switch len(parts) {
	case 1:
		return TableRef{Name: parts[0]}, nil
	case 2:
		return TableRef{Schema: parts[0], Name: parts[1]}, nil
	}
	return TableRef{}, &Error{SQLState: "0A000", Message: unsupportedMessage("a database-qualified name (" + strings.Join(parts, ".") + ")")}
}

func (t *translator) createSequence(s *pg_query.CreateSeqStmt) *Plan {
	cmd := &SequenceCommand{Op: SeqCreate, Names: []TableRef{t.sequenceRef(s.Sequence)}, IfNotExists: s.IfNotExists}
	cmd.Options = t.seqOptions(s.Options, true)
	return &Plan{Kind: KindSequence, Tag: "CREATE SEQUENCE", Sequence: cmd}
}

func (t *translator) alterSequence(s *pg_query.AlterSeqStmt) *Plan {
	if s.ForIdentity {
		t.unsupported(-1, "ALTER of an identity column's sequence")
	}
	cmd := &SequenceCommand{Op: SeqAlter, Names: []TableRef{t.sequenceRef(s.Sequence)}, IfExists: s.MissingOk}
	cmd.Options = t.seqOptions(s.Options, false)
	return &Plan{Kind: KindSequence, Tag: "ALTER SEQUENCE", Sequence: cmd}
}

func (t *translator) dropSequence(s *pg_query.DropStmt) *Plan {
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		t.unsupported(-1, "DROP SEQUENCE … CASCADE")
	}
	cmd := &SequenceCommand{Op: SeqDrop, IfExists: s.MissingOk}
	for _, obj := range s.Objects {
		schema, name := t.objectName(obj)
		cmd.Names = append(cmd.Names, TableRef{Schema: schema, Name: name})
	}
	return &Plan{Kind: KindSequence, Tag: "DROP SEQUENCE", Sequence: cmd}
}

func (t *translator) sequenceRef(rv *pg_query.RangeVar) TableRef {
	if rv.Catalogname != "" {
		t.unsupported(rv.Location, "a database-qualified name ("+rv.Catalogname+"."+rv.Relname+")")
	}
	if rv.Relpersistence == "t" || rv.Schemaname == "pg_temp" {
		t.unsupported(rv.Location, "temporary sequences")
	}
	if rv.Relpersistence == "u" {
		t.unsupported(rv.Location, "unlogged sequences")
	}
	return TableRef{Schema: rv.Schemaname, Name: rv.Relname}
}

// seqOptions reads the options of CREATE or ALTER SEQUENCE.
func (t *translator) seqOptions(opts []*pg_query.Node, create bool) SeqOptions {
	var o SeqOptions
	seen := map[string]bool{}
	for _, n := range opts {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		if seen[d.Defname] {
			t.fail(stateSyntax, d.Location, "conflicting or redundant options")
		}
		seen[d.Defname] = true
		num := func() *int64 {
			v, ok := seqNumber(d.Arg)
			if !ok {
				t.fail(stateSyntax, d.Location, "%s requires a numeric value", d.Defname)
			}
			return &v
		}
		switch d.Defname {
		case "as":
			tn, ok := d.Arg.Node.(*pg_query.Node_TypeName)
			if !ok {
				t.unsupported(d.Location, "AS with this type")
			}
			switch strings.ToLower(lastName(tn.TypeName.Names)) {
			case "int2", "smallint":
				o.Type = "smallint"
			case "int4", "integer", "int":
				o.Type = "integer"
			case "int8", "bigint":
				o.Type = "bigint"
			default:
				t.fail("22023", d.Location, "sequence type must be smallint, integer, or bigint")
			}
		case "increment":
			o.Increment = num()
		case "start":
			o.Start = num()
		case "cache":
			o.Cache = num()
		case "minvalue":
			if d.Arg == nil {
				o.NoMin = true
			} else {
				o.Min = num()
			}
		case "maxvalue":
			if d.Arg == nil {
				o.NoMax = true
			} else {
				o.Max = num()
			}
		case "cycle":
			b := true
			if v, ok := d.Arg.GetNode().(*pg_query.Node_Boolean); ok {
				b = v.Boolean.Boolval
			}
			o.Cycle = &b
		case "restart":
			if create {
				t.fail(stateSyntax, d.Location, "option \"restart\" not recognized")
			}
			o.Restart = true
			if d.Arg != nil {
				o.RestartWith = num()
			}
		case "owned_by":
			if l, ok := d.Arg.GetNode().(*pg_query.Node_List); !ok || len(l.List.Items) != 1 || strVal(l.List.Items[0]) != "none" {
				t.unsupported(d.Location, "OWNED BY a column")
			}
		default:
			t.unsupported(d.Location, "sequence option "+strings.ToUpper(d.Defname))
		}
	}
	return o
}

// seqNumber reads an option's number (an Integer, or a Float for values beyond int4).
func seqNumber(n *pg_query.Node) (int64, bool) {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_Integer:
		return int64(v.Integer.Ival), true
	case *pg_query.Node_Float:
		i, err := strconv.ParseInt(v.Float.Fval, 10, 64)
		return i, err == nil
	}
	return 0, false
}

// seqCall writes a sequence function call of an INSERT … VALUES row as a SeqCall; in
// any other place of an IRIS statement it is refused: one value would serve several
// rows, or the call would run at a time PostgreSQL does not run it.
func (e *emitter) seqCall(name string, f *pg_query.FuncCall) {
	bounds := seqFuncs[name]
	if len(f.Args) < bounds[0] || len(f.Args) > bounds[1] {
		e.fail("42883", f.Location, "function %s() with %d arguments does not exist", name, len(f.Args))
	}
	if name == "setval" && e.seqCallsOK {
		e.unsupported(f.Location, "setval() in INSERT … VALUES")
	}
	if name == "setval" {
		e.unsupported(f.Location, "setval() other than alone in a SELECT without FROM or as SELECT setval('s', <aggregate>) FROM …")
	}
	if !e.seqCallsOK {
		e.unsupported(f.Location, name+"() outside SELECT without FROM and INSERT … VALUES")
	}
	call := SeqCall{At: e.b.Len(), Func: name}
	if len(f.Args) == 1 {
		arg := f.Args[0]
		if tc, ok := arg.Node.(*pg_query.Node_TypeCast); ok {
			if tn := strings.ToLower(lastName(tc.TypeCast.TypeName.Names)); tn != "regclass" && tn != "text" {
				e.unsupported(f.Location, name+"() of a "+tn)
			}
			arg = tc.TypeCast.Arg
		}
		text, ok := e.stringConst(arg)
		if !ok {
			e.unsupported(f.Location, name+"() of an expression")
		}
		ref, err := ParseSequenceName(text)
		if err != nil {
			te := err.(*Error)
			e.fail(te.SQLState, f.Location, "%s", te.Message)
		}
		call.Seq = ref
	}
	e.seqCalls = append(e.seqCalls, call)
}

func nestedSeqCalls(steps []Step) bool {
	for _, st := range steps {
		if len(st.SeqCalls) > 0 || nestedSeqCalls(st.Then) || nestedSeqCalls(st.Else) {
			return true
		}
	}
	return false
}

// SetvalQuery is a SELECT setval('s', <aggregate>[, is_called]) FROM …: Plan.SQL queries
// the value (one row), which the session then gives to setval.
type SetvalQuery struct {
	Seq      TableRef
	IsCalled bool
}

// setvalQuery recognises SELECT setval('s', max(id)) FROM t (what scripts run after a bulk
// load): one setval of an aggregate, without GROUP BY, so one row and one call, as in
// PostgreSQL. It returns nil for other statements.
func (t *translator) setvalQuery(s *pg_query.SelectStmt) *Plan {
	if len(s.TargetList) != 1 || len(s.FromClause) == 0 || s.Op != pg_query.SetOperation_SETOP_NONE ||
		len(s.GroupClause) > 0 || s.HavingClause != nil || len(s.DistinctClause) > 0 || s.WithClause != nil ||
		len(s.LockingClause) > 0 || s.IntoClause != nil || len(s.SortClause) > 0 || s.LimitCount != nil || s.LimitOffset != nil {
		return nil
	}
	rt := s.TargetList[0].Node.(*pg_query.Node_ResTarget).ResTarget
	fc, ok := rt.Val.Node.(*pg_query.Node_FuncCall)
	if !ok {
		return nil
	}
	f := fc.FuncCall
	if len(f.Funcname) != 1 || strings.ToLower(strVal(f.Funcname[0])) != "setval" || f.Over != nil ||
		len(f.Args) < 2 || len(f.Args) > 3 || !topAggregate(f.Args[1]) {
		return nil
	}
	arg := f.Args[0]
	if tc, ok := arg.Node.(*pg_query.Node_TypeCast); ok && seqArgCast(0, lastName(tc.TypeCast.TypeName.Names)) {
		arg = tc.TypeCast.Arg
	}
	text, ok := t.stringConst(arg)
	if !ok {
		t.unsupported(f.Location, "setval() of an expression")
	}
	ref, err := ParseSequenceName(text)
	if err != nil {
		te := err.(*Error)
		t.fail(te.SQLState, f.Location, "%s", te.Message)
	}
	called := true
	if len(f.Args) == 3 {
		if _, ok := f.Args[2].Node.(*pg_query.Node_AConst); !ok {
			t.unsupported(f.Location, "setval() with is_called not a constant")
		}
		called = t.constBool(f.Args[2])
	}
	name := rt.Name
	if name == "" {
		name = "setval"
	}
	// The query of the value alone; the parse tree is this translation's own.
	target := s.TargetList
	s.TargetList = []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Name: name, Val: f.Args[1], Location: rt.Location}}}}
	defer func() { s.TargetList = target }()
	e := t.newEmitter()
	e.selectStmt(s, false)
	plan := &Plan{Kind: KindQuery, Tag: "SELECT", Columns: []Column{{Name: name, TypeOID: oidInt8}}, IntSplices: e.splices,
		Setval: &SetvalQuery{Seq: ref, IsCalled: called}}
	e.setSQL(plan)
	plan.ParamColumns = nil
	return plan
}

// topAggregate: n is an aggregate call, or an expression (arithmetic, COALESCE, a cast)
// of one, outside subqueries: its query gives one row without GROUP BY.
func topAggregate(n *pg_query.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_FuncCall:
		if _, agg := aggregates[strings.ToLower(lastName(v.FuncCall.Funcname))]; agg && v.FuncCall.Over == nil {
			return true
		}
		for _, a := range v.FuncCall.Args {
			if topAggregate(a) {
				return true
			}
		}
	case *pg_query.Node_CoalesceExpr:
		for _, a := range v.CoalesceExpr.Args {
			if topAggregate(a) {
				return true
			}
		}
	case *pg_query.Node_AExpr:
		return topAggregate(v.AExpr.Lexpr) || topAggregate(v.AExpr.Rexpr)
	case *pg_query.Node_TypeCast:
		return topAggregate(v.TypeCast.Arg)
	}
	return false
}
