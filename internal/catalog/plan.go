package catalog

import (
	"sort"
	"strconv"
	"strings"
)

// runtime is one query's evaluation context.
type runtime struct {
	snap *Snapshot
	env  *Env

	cteDone    map[*cteDef][][]any // materialised WITH queries
	cteWorking map[*cteDef][][]any // the current round of a recursive one
}

// selectPlan is a compiled SELECT (or VALUES, or set operation).
type selectPlan struct {
	cols []Column

	// A set operation combines two plans.
	setop      string // union, intersect, except
	setAll     bool
	left, rght *selectPlan

	values [][]expr // VALUES lists

	nslots   int
	items    []fromItem
	conds    [][]expr // conds[i] are tested once items 0..i are bound
	probes   []*probe // probes[i]: an equality that finds item i's rows by hash
	preconds []expr   // conditions on no FROM item (tested once)
	targets  []expr
	grouped  bool
	groupBy  []expr
	having   expr
	aggs     []*aggCall
	windows  []*windowCall
	srfList  *srfListItem // select-list set-returning functions
	distinct bool

	order         []orderKey
	limit, offset expr
}

type orderKey struct {
	e          expr // nil: output column pos
	pos        int
	desc       bool
	nullsFirst bool
}

// fromItem is one entry of a FROM list; it binds slots [start, start+n).
type fromItem interface {
	bindings(f *frame) ([][][]any, error)
	span() (start, n int)
}

type baseItem struct {
	slot int
	def  *relDef
	rel  *relation // fixed rows (pg_settings); nil: the snapshot's relation
}

func (b *baseItem) span() (int, int) { return b.slot, 1 }

func (b *baseItem) bindings(f *frame) ([][][]any, error) {
	rel := b.rel
	if rel == nil {
		rel = f.rt.relationFor(b.def)
	}
	out := make([][][]any, len(rel.rows))
	for i, r := range rel.rows {
		out[i] = [][]any{r}
	}
	return out, nil
}

type subqueryItem struct {
	slot    int
	plan    *selectPlan
	lateral bool
}

// isLateral reports items that read columns of items before them: their rows are
// computed again for every row of those items.
func isLateral(it fromItem) bool {
	switch x := it.(type) {
	case *subqueryItem:
		return x.lateral
	case *funcItem:
		return x.lateral
	case *srfListItem:
		return true
	}
	return false
}

func (s *subqueryItem) span() (int, int) { return s.slot, 1 }

func (s *subqueryItem) bindings(f *frame) ([][][]any, error) {
	rows, err := s.plan.run(f, -1)
	if err != nil {
		return nil, err
	}
	out := make([][][]any, len(rows))
	for i, r := range rows {
		out[i] = [][]any{r}
	}
	return out, nil
}

type funcItem struct {
	slot       int
	fn         *srfDef
	args       []expr
	ordinality bool
	lateral    bool // arguments read earlier items: evaluated per row
}

// srfListItem runs the select list's set-returning functions in lockstep.
type srfListItem struct {
	slot  int
	calls []*srfCall
	width int
}

type srfCall struct {
	fn            *srfDef
	args          []expr
	key           string // identifies identical calls
	offset, width int
}

func (s *srfListItem) span() (int, int) { return s.slot, 1 }

func (s *srfListItem) bindings(f *frame) ([][][]any, error) {
	results := make([][][]any, len(s.calls))
	n := 0
	for i, c := range s.calls {
		vals := make([]any, len(c.args))
		for j, a := range c.args {
			v, err := a.eval(f)
			if err != nil {
				return nil, err
			}
			vals[j] = v
		}
		rows, err := c.fn.call(&call{rt: f.rt, args: vals, types: argTypes(c.args)})
		if err != nil {
			return nil, err
		}
		results[i] = rows
		n = max(n, len(rows))
	}
	out := make([][][]any, n)
	for r := 0; r < n; r++ {
		row := make([]any, s.width)
		for i, c := range s.calls {
			if r < len(results[i]) {
				copy(row[c.offset:c.offset+c.width], results[i][r])
			}
		}
		out[r] = [][]any{row}
	}
	return out, nil
}

func (s *funcItem) span() (int, int) { return s.slot, 1 }

func (s *funcItem) bindings(f *frame) ([][][]any, error) {
	vals := make([]any, len(s.args))
	for i, a := range s.args {
		v, err := a.eval(f)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	rows, err := s.fn.call(&call{rt: f.rt, args: vals, types: argTypes(s.args)})
	if err != nil {
		return nil, err
	}
	out := make([][][]any, len(rows))
	for i, r := range rows {
		if s.ordinality {
			r = append(r, int64(i+1))
		}
		out[i] = [][]any{r}
	}
	return out, nil
}

type joinItem struct {
	start, n    int
	left, right fromItem
	kind        string // inner, left, right, full, cross
	on          expr
	probe       *probe // an equality of ON that finds right rows by hash
}

func (j *joinItem) span() (int, int) { return j.start, j.n }

func (j *joinItem) bindings(f *frame) ([][][]any, error) {
	lb, err := j.left.bindings(f)
	if err != nil {
		return nil, err
	}
	var rb [][][]any
	lateral := isLateral(j.right)
	if !lateral {
		if rb, err = j.right.bindings(f); err != nil {
			return nil, err
		}
	} else if j.kind == "right" || j.kind == "full" {
		return nil, unsupported("RIGHT or FULL JOIN LATERAL")
	}
	ls, ln := j.left.span()
	rs, rn := j.right.span()
	var out [][][]any
	rightMatched := make([]bool, len(rb))
	emit := func(l, r [][]any) {
		b := make([][]any, j.n)
		if l != nil {
			copy(b[ls-j.start:], l)
		}
		if r != nil {
			copy(b[rs-j.start:], r)
		}
		out = append(out, b)
	}
	var index map[string][]int
	if j.probe != nil && !lateral && len(rb) >= 8 && j.kind != "right" && j.kind != "full" {
		index = f.rt.hashRows(rb, rs, j.probe.col)
	}
	all := make([]int, len(rb))
	for i := range all {
		all[i] = i
	}
	for _, l := range lb {
		copy(f.rows[ls:ls+ln], l)
		if lateral {
			if rb, err = j.right.bindings(f); err != nil {
				return nil, err
			}
			rightMatched = make([]bool, len(rb))
			all = all[:0]
			for i := range rb {
				all = append(all, i)
			}
		}
		candidates := all
		if index != nil {
			v, err := j.probe.other.eval(f)
			if err != nil {
				return nil, err
			}
			if v == nil {
				candidates = nil
			} else if k, ok := f.rt.joinKey(v, j.probe.col.t); ok {
				candidates = index[k]
			}
		}
		matched := false
		for _, ri := range candidates {
			r := rb[ri]
			copy(f.rows[rs:rs+rn], r)
			if j.on != nil {
				v, err := j.on.eval(f)
				if err != nil {
					return nil, err
				}
				if !truth(v) {
					continue
				}
			}
			matched = true
			rightMatched[ri] = true
			emit(l, r)
		}
		if !matched && (j.kind == "left" || j.kind == "full") {
			emit(l, nil)
		}
	}
	if j.kind == "right" || j.kind == "full" {
		for ri, r := range rb {
			if !rightMatched[ri] {
				emit(nil, r)
			}
		}
	}
	clear(f.rows[j.start : j.start+j.n])
	return out, nil
}

// windowCall is a ranking function over the rows of a non-grouped query; its value goes
// to output column pos.
type windowCall struct {
	name      string
	pos       int
	partition []expr
	order     []orderKey
}

// probe is "col = other" where col belongs to the item being joined and other reads
// only items bound before it.
type probe struct {
	col   *colExpr
	other expr
}

// joinKey is the hash key of a value compared with a column of type t: numbers (and
// literals read as numbers) by value, everything else by its text.
func (rt *runtime) joinKey(v any, t uint32) (string, bool) {
	switch t {
	case oidInt2, oidInt4, oidInt8, oidOID, oidRegclass, oidRegtype, oidRegnamespace, oidRegrole:
		n, ok := toInt(v)
		if !ok {
			return "", false
		}
		if f, isFloat := v.(float64); isFloat && f != float64(n) {
			return "", false
		}
		return strconv.FormatInt(n, 10), true
	case oidText, oidName, oidVarchar, oidBpchar, oidChar:
		s, ok := v.(string)
		return s, ok
	}
	return "", false
}

// hashRows indexes bindings (of items starting at slot start) by a column's join key;
// nil when some value has no key (the caller then scans).
func (rt *runtime) hashRows(bs [][][]any, start int, col *colExpr) map[string][]int {
	idx := map[string][]int{}
	for i, b := range bs {
		row := b[col.slot-start]
		if row == nil || row[col.col] == nil {
			continue
		}
		k, ok := rt.joinKey(row[col.col], col.t)
		if !ok {
			return nil
		}
		idx[k] = append(idx[k], i)
	}
	return idx
}

// aggCall is one aggregate of a grouped query.
type aggCall struct {
	name     string
	args     []expr
	star     bool
	distinct bool
	order    []orderKey
}

// run executes the plan under the outer frame (nil at top level) and returns its rows;
// limit ≥ 0 stops early (EXISTS).
func (p *selectPlan) run(outer *frame, limit int) ([][]any, error) {
	var rt *runtime
	if outer != nil {
		rt = outer.rt
	}
	return p.runWith(rt, outer, limit)
}

func (p *selectPlan) runWith(rt *runtime, outer *frame, stop int) ([][]any, error) {
	f := &frame{parent: outer, rt: rt, rows: make([][]any, p.nslots)}
	var rows [][]any
	var keys [][]any
	var err error
	switch {
	case p.setop != "":
		rows, err = p.runSetop(rt, outer)
	case p.values != nil:
		for _, vals := range p.values {
			row := make([]any, len(vals))
			for i, e := range vals {
				if row[i], err = castResult(f, e, p.cols[i].TypeOID); err != nil {
					return nil, err
				}
			}
			rows = append(rows, row)
		}
	default:
		rows, keys, err = p.runSelect(f, stop)
	}
	if err != nil {
		return nil, err
	}
	if len(p.order) > 0 {
		if keys == nil {
			keys = make([][]any, len(rows))
			for i, r := range rows {
				k := make([]any, len(p.order))
				for j, o := range p.order {
					k[j] = r[o.pos]
				}
				keys[i] = k
			}
		}
		idx := make([]int, len(rows))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return p.less(keys[idx[a]], keys[idx[b]]) })
		sorted := make([][]any, len(rows))
		for i, k := range idx {
			sorted[i] = rows[k]
		}
		rows = sorted
	}
	return p.applyLimit(f, rows)
}

func (p *selectPlan) less(a, b []any) bool {
	for i, o := range p.order {
		x, y := a[i], b[i]
		if x == nil || y == nil {
			if x == nil && y == nil {
				continue
			}
			return (x == nil) == o.nullsFirst
		}
		c, _ := compareValues(x, y)
		if c == 0 {
			continue
		}
		return (c < 0) != o.desc
	}
	return false
}

func (p *selectPlan) applyLimit(f *frame, rows [][]any) ([][]any, error) {
	if p.offset != nil {
		v, err := p.offset.eval(f)
		if err != nil {
			return nil, err
		}
		if n, ok := toInt(v); ok && v != nil {
			if n < 0 {
				return nil, errorf("2201X", "OFFSET must not be negative")
			}
			if int(n) >= len(rows) {
				rows = nil
			} else {
				rows = rows[n:]
			}
		}
	}
	if p.limit != nil {
		v, err := p.limit.eval(f)
		if err != nil {
			return nil, err
		}
		if n, ok := toInt(v); ok && v != nil {
			if n < 0 {
				return nil, errorf("2201W", "LIMIT must not be negative")
			}
			if int(n) < len(rows) {
				rows = rows[:n]
			}
		}
	}
	return rows, nil
}

// runSelect scans the FROM items (nested loops, each condition tested as soon as its
// items are bound), then groups, projects and de-duplicates. keys are the ORDER BY values.
func (p *selectPlan) runSelect(f *frame, stop int) (rows, keys [][]any, err error) {
	for _, c := range p.preconds {
		v, err := c.eval(f)
		if err != nil {
			return nil, nil, err
		}
		if !truth(v) {
			return p.finishEmpty(f)
		}
	}
	binds := make([][][][]any, len(p.items))
	for i, it := range p.items {
		if isLateral(it) {
			continue
		}
		if binds[i], err = it.bindings(f); err != nil {
			return nil, nil, err
		}
	}
	// Hash the rows of items joined by an equality, when there are enough to matter.
	indexes := make([]map[string][][][]any, len(p.items))
	for i, pr := range p.probes {
		if pr == nil || i == 0 || len(binds[i]) < 8 {
			continue
		}
		start, _ := p.items[i].span()
		idx := map[string][][][]any{}
		complete := true
		for _, b := range binds[i] {
			row := b[pr.col.slot-start]
			if row == nil || row[pr.col.col] == nil {
				continue
			}
			k, ok := f.rt.joinKey(row[pr.col.col], pr.col.t)
			if !ok {
				complete = false
				break
			}
			idx[k] = append(idx[k], b)
		}
		if complete {
			indexes[i] = idx
		}
	}
	var groupRows [][][]any // grouped: copies of the bound slots
	var winInputs [][][]any // per window, per row: partition values then order values
	early := stop >= 0 && !p.grouped && len(p.order) == 0 && !p.distinct && p.limit == nil && p.offset == nil
	emit := func() error {
		if p.grouped {
			groupRows = append(groupRows, append([][]any(nil), f.rows...))
			return nil
		}
		out, k, err := p.project(f)
		if err != nil {
			return err
		}
		if len(p.windows) > 0 {
			in, err := p.windowInputs(f)
			if err != nil {
				return err
			}
			winInputs = append(winInputs, in)
		}
		rows = append(rows, out)
		keys = append(keys, k)
		return nil
	}
	var loop func(i int) error
	loop = func(i int) error {
		if i == len(p.items) {
			return emit()
		}
		start, n := p.items[i].span()
		bs := binds[i]
		if isLateral(p.items[i]) {
			var err error
			if bs, err = p.items[i].bindings(f); err != nil {
				return err
			}
		} else if idx := indexes[i]; idx != nil {
			v, err := p.probes[i].other.eval(f)
			if err != nil {
				return err
			}
			if v == nil {
				return nil
			}
			if k, ok := f.rt.joinKey(v, p.probes[i].col.t); ok {
				bs = idx[k]
			}
		}
	next:
		for _, b := range bs {
			copy(f.rows[start:start+n], b)
			for _, c := range p.conds[i] {
				v, err := c.eval(f)
				if err != nil {
					return err
				}
				if !truth(v) {
					continue next
				}
			}
			if err := loop(i + 1); err != nil {
				return err
			}
			if early && len(rows) >= stop {
				return nil
			}
		}
		return nil
	}
	if err := loop(0); err != nil {
		return nil, nil, err
	}
	if p.grouped {
		rows, keys, err = p.group(f, groupRows)
		if err != nil {
			return nil, nil, err
		}
	}
	if len(p.windows) > 0 {
		p.rank(f.rt, rows, keys, winInputs)
	}
	if p.distinct {
		rows, keys = dedupe(f.rt, rows, keys, p.cols)
	}
	return rows, keys, nil
}

// windowInputs evaluates every window's PARTITION BY and ORDER BY values on the current row.
func (p *selectPlan) windowInputs(f *frame) ([][]any, error) {
	out := make([][]any, len(p.windows))
	for i, w := range p.windows {
		vals := make([]any, 0, len(w.partition)+len(w.order))
		for _, e := range w.partition {
			v, err := e.eval(f)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		for _, o := range w.order {
			v, err := o.e.eval(f)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
		out[i] = vals
	}
	return out, nil
}

// rank computes the ranking functions and stores them in their output columns (and in
// the ORDER BY keys that name those columns).
func (p *selectPlan) rank(rt *runtime, rows, keys [][]any, inputs [][][]any) {
	for wi, w := range p.windows {
		np := len(w.partition)
		idx := make([]int, len(rows))
		for i := range idx {
			idx[i] = i
		}
		partKey := func(i int) string {
			var b strings.Builder
			for k := 0; k < np; k++ {
				b.WriteString(rt.keyOf(inputs[i][wi][k], w.partition[k].typ()))
				b.WriteByte(0)
			}
			return b.String()
		}
		orderLess := func(a, b int) bool {
			ord := &selectPlan{order: w.order}
			return ord.less(inputs[a][wi][np:], inputs[b][wi][np:])
		}
		sort.SliceStable(idx, func(a, b int) bool {
			pa, pb := partKey(idx[a]), partKey(idx[b])
			if pa != pb {
				return pa < pb
			}
			return orderLess(idx[a], idx[b])
		})
		var n, rank, dense int64
		prevPart := ""
		for k, i := range idx {
			part := partKey(i)
			if k == 0 || part != prevPart {
				n, rank, dense = 0, 0, 0
			}
			n++
			if k == 0 || part != prevPart || orderLess(idx[k-1], i) {
				rank, dense = n, dense+1
			}
			prevPart = part
			switch w.name {
			case "row_number":
				rows[i][w.pos] = n
			case "rank":
				rows[i][w.pos] = rank
			default:
				rows[i][w.pos] = dense
			}
		}
	}
	for i := range keys {
		for j, o := range p.order {
			if o.e == nil {
				keys[i][j] = rows[i][o.pos]
			}
		}
	}
}

func (p *selectPlan) finishEmpty(f *frame) ([][]any, [][]any, error) {
	if p.grouped && len(p.groupBy) == 0 {
		return p.group(f, nil)
	}
	return nil, nil, nil
}

// project evaluates the target list and the ORDER BY expressions on the current row.
func (p *selectPlan) project(f *frame) ([]any, []any, error) {
	out := make([]any, len(p.targets))
	for i, t := range p.targets {
		v, err := t.eval(f)
		if err != nil {
			return nil, nil, err
		}
		out[i] = v
	}
	var keys []any
	if len(p.order) > 0 {
		keys = make([]any, len(p.order))
		for i, o := range p.order {
			if o.e == nil {
				keys[i] = out[o.pos]
				continue
			}
			v, err := o.e.eval(f)
			if err != nil {
				return nil, nil, err
			}
			keys[i] = v
		}
	}
	return out, keys, nil
}

// group forms the groups, computes the aggregates of each and projects it.
func (p *selectPlan) group(f *frame, all [][][]any) (rows, keys [][]any, err error) {
	type grp struct{ members [][][]any }
	var order []string
	groups := map[string]*grp{}
	for _, r := range all {
		copy(f.rows, r)
		var kb strings.Builder
		for _, g := range p.groupBy {
			v, err := g.eval(f)
			if err != nil {
				return nil, nil, err
			}
			kb.WriteString(f.rt.keyOf(v, g.typ()))
			kb.WriteByte(0)
		}
		k := kb.String()
		g := groups[k]
		if g == nil {
			g = &grp{}
			groups[k] = g
			order = append(order, k)
		}
		g.members = append(g.members, r)
	}
	if len(all) == 0 && len(p.groupBy) == 0 {
		groups[""] = &grp{}
		order = append(order, "")
	}
	for _, k := range order {
		g := groups[k]
		f.aggs = make([]any, len(p.aggs))
		for i, a := range p.aggs {
			if f.aggs[i], err = a.compute(f, g.members); err != nil {
				return nil, nil, err
			}
		}
		if len(g.members) > 0 {
			copy(f.rows, g.members[0])
		} else {
			clear(f.rows)
		}
		if p.having != nil {
			v, err := p.having.eval(f)
			if err != nil {
				return nil, nil, err
			}
			if !truth(v) {
				continue
			}
		}
		out, kv, err := p.project(f)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, out)
		keys = append(keys, kv)
	}
	f.aggs = nil
	return rows, keys, nil
}

// keyOf is a value's identity for grouping and DISTINCT.
func (rt *runtime) keyOf(v any, t uint32) string {
	if v == nil {
		return "\x01N"
	}
	return "\x02" + rt.format(v, t)
}

func dedupe(rt *runtime, rows, keys [][]any, cols []Column) ([][]any, [][]any) {
	seen := map[string]bool{}
	var outRows, outKeys [][]any
	for i, r := range rows {
		var kb strings.Builder
		for j, v := range r {
			kb.WriteString(rt.keyOf(v, cols[j].TypeOID))
			kb.WriteByte(0)
		}
		k := kb.String()
		if seen[k] {
			continue
		}
		seen[k] = true
		outRows = append(outRows, r)
		if keys != nil {
			outKeys = append(outKeys, keys[i])
		}
	}
	return outRows, outKeys
}

func (p *selectPlan) runSetop(rt *runtime, outer *frame) ([][]any, error) {
	l, err := p.left.runWith(rt, outer, -1)
	if err != nil {
		return nil, err
	}
	r, err := p.rght.runWith(rt, outer, -1)
	if err != nil {
		return nil, err
	}
	key := func(row []any) string {
		var kb strings.Builder
		for j, v := range row {
			kb.WriteString(rt.keyOf(v, p.cols[j].TypeOID))
			kb.WriteByte(0)
		}
		return kb.String()
	}
	switch p.setop {
	case "union":
		rows := append(append([][]any{}, l...), r...)
		if p.setAll {
			return rows, nil
		}
		rows, _ = dedupe(rt, rows, nil, p.cols)
		return rows, nil
	}
	inRight := map[string]int{}
	for _, row := range r {
		inRight[key(row)]++
	}
	var out [][]any
	emitted := map[string]bool{}
	for _, row := range l {
		k := key(row)
		hit := inRight[k] > 0
		if (p.setop == "intersect") != hit {
			continue
		}
		if p.setAll {
			if p.setop == "intersect" {
				inRight[k]--
			}
			out = append(out, row)
			continue
		}
		if !emitted[k] {
			emitted[k] = true
			out = append(out, row)
		}
	}
	return out, nil
}

// compute evaluates an aggregate over the rows of one group.
func (a *aggCall) compute(f *frame, members [][][]any) (any, error) {
	saved := append([][]any(nil), f.rows...)
	defer copy(f.rows, saved)
	var vals [][]any
	seen := map[string]bool{}
	for _, m := range members {
		copy(f.rows, m)
		args := make([]any, len(a.args))
		for i, e := range a.args {
			v, err := e.eval(f)
			if err != nil {
				return nil, err
			}
			args[i] = v
		}
		if !a.star && len(args) > 0 && args[0] == nil && a.name != "array_agg" {
			continue
		}
		if a.distinct {
			k := f.rt.keyOf(args[0], a.args[0].typ())
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		if len(a.order) > 0 {
			for _, o := range a.order {
				v, err := o.e.eval(f)
				if err != nil {
					return nil, err
				}
				args = append(args, v)
			}
		}
		vals = append(vals, args)
	}
	if len(a.order) > 0 {
		n := len(a.args)
		sort.SliceStable(vals, func(i, j int) bool {
			for k, o := range a.order {
				x, y := vals[i][n+k], vals[j][n+k]
				if x == nil || y == nil {
					if x == nil && y == nil {
						continue
					}
					return (x == nil) == o.nullsFirst
				}
				c, _ := compareValues(x, y)
				if c != 0 {
					return (c < 0) != o.desc
				}
			}
			return false
		})
	}
	switch a.name {
	case "count":
		return int64(len(vals)), nil
	case "array_agg":
		if len(vals) == 0 {
			return nil, nil
		}
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = v[0]
		}
		return out, nil
	case "string_agg":
		if len(vals) == 0 {
			return nil, nil
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 && v[1] != nil {
				b.WriteString(f.rt.format(v[1], oidText))
			}
			b.WriteString(f.rt.format(v[0], a.args[0].typ()))
		}
		return b.String(), nil
	case "bool_and", "every", "bool_or":
		if len(vals) == 0 {
			return nil, nil
		}
		res := a.name != "bool_or"
		for _, v := range vals {
			if truth(v[0]) != res {
				return !res, nil
			}
		}
		return res, nil
	case "min", "max":
		var best any
		for _, v := range vals {
			if best == nil {
				best = v[0]
				continue
			}
			if c, ok := compareValues(v[0], best); ok && (c < 0) == (a.name == "min") && c != 0 {
				best = v[0]
			}
		}
		return best, nil
	case "sum", "avg":
		if len(vals) == 0 {
			return nil, nil
		}
		var acc any = int64(0)
		for _, v := range vals {
			s, err := arith("+", acc, v[0])
			if err != nil {
				return nil, err
			}
			acc = s
		}
		if a.name == "avg" {
			return arith("/", toFloatAny(acc), float64(len(vals)))
		}
		return acc, nil
	}
	return nil, errorf("42883", "function %s does not exist", a.name)
}

func toFloatAny(v any) any {
	f, _ := toFloat(v)
	return f
}
