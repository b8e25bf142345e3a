package catalog

// Join planning for the comma-separated FROM list: items are reordered so that each one
// is reached through an equality with the items before it (hash lookup) and the most
// selective item (compared with a constant) comes first. WHERE conjuncts are then tested
// at the first item after which everything they read is bound.

// slotsOf lists the local slots an expression reads; all reports expressions whose use
// is not tracked (sub-selects, aggregates), which are tested once every item is bound.
func slotsOf(e expr) (slots []int, all bool) {
	var walk func(e expr)
	use := func(es ...expr) {
		for _, a := range es {
			if a != nil {
				walk(a)
			}
		}
	}
	walk = func(e expr) {
		switch x := e.(type) {
		case *colExpr:
			if x.depth == 0 {
				slots = append(slots, x.slot)
			}
		case *recordExpr:
			slots = append(slots, x.slot)
		case *castExpr:
			use(x.arg)
		case *boolExpr:
			use(x.args...)
		case *opExpr:
			use(x.l, x.r)
		case *funcExpr:
			use(x.args...)
		case *nullTest:
			use(x.arg)
		case *boolTest:
			use(x.arg)
		case *anyExpr:
			use(x.l, x.arr)
		case *inExpr:
			use(x.l)
			use(x.list...)
		case *caseExpr:
			use(x.arg, x.els)
			use(x.whens...)
			use(x.thens...)
		case *coalesceExpr:
			use(x.args...)
		case *minMaxExpr:
			use(x.args...)
		case *arrayExpr:
			use(x.elems...)
		case *subscriptExpr:
			use(x.arg, x.idx)
		case *distinctExpr:
			use(x.l, x.r)
		case *nullIfExpr:
			use(x.l, x.r)
		case *fieldExpr:
			use(x.arg)
		case *constExpr, *paramExpr:
		default:
			all = true
		}
	}
	walk(e)
	return slots, all
}

// itemOf is the position in items of the item binding slot (-1: none).
func itemOf(items []fromItem, slot int) int {
	for i, it := range items {
		start, n := it.span()
		if slot >= start && slot < start+n {
			return i
		}
	}
	return -1
}

// joinOrder reorders a FROM list greedily. Lists with lateral items keep their order.
func joinOrder(items []fromItem, where []expr) []fromItem {
	if len(items) < 3 {
		return items
	}
	for _, it := range items {
		if isLateral(it) {
			return items
		}
	}
	type conj struct {
		items map[int]bool
		all   bool
		e     expr
	}
	conjs := make([]conj, len(where))
	for i, e := range where {
		slots, all := slotsOf(e)
		set := map[int]bool{}
		for _, s := range slots {
			set[itemOf(items, s)] = true
		}
		conjs[i] = conj{items: set, all: all, e: e}
	}
	// filtered: the item is compared with a constant (relname = 'x', oid = '16385').
	filtered := func(i int) bool {
		for _, c := range conjs {
			if op, ok := c.e.(*opExpr); ok && op.op == "=" && !c.all && len(c.items) == 1 && c.items[i] {
				return true
			}
		}
		return false
	}
	placed := map[int]bool{}
	// joined: some equality links item i to placed items only.
	joined := func(i int) bool {
		for _, c := range conjs {
			op, ok := c.e.(*opExpr)
			if !ok || op.op != "=" || c.all || !c.items[i] || len(c.items) < 2 {
				continue
			}
			linked := true
			for j := range c.items {
				linked = linked && (j == i || placed[j])
			}
			if linked {
				return true
			}
		}
		return false
	}
	order := make([]int, 0, len(items))
	pick := func(ok func(int) bool) bool {
		for i := range items {
			if !placed[i] && ok(i) {
				placed[i] = true
				order = append(order, i)
				return true
			}
		}
		return false
	}
	for len(order) < len(items) {
		if len(order) == 0 {
			if !pick(filtered) {
				pick(func(int) bool { return true })
			}
			continue
		}
		if pick(func(i int) bool { return joined(i) && filtered(i) }) || pick(joined) || pick(filtered) {
			continue
		}
		pick(func(int) bool { return true })
	}
	out := make([]fromItem, len(items))
	for k, i := range order {
		out[k] = items[i]
	}
	return out
}

// place attaches a WHERE conjunct to the first item after which all it reads is bound,
// and makes it that item's hash probe when it is an equality with earlier items.
func place(e expr, p *selectPlan) {
	if len(p.items) == 0 {
		p.preconds = append(p.preconds, e)
		return
	}
	slots, all := slotsOf(e)
	level := 0
	if all {
		level = len(p.items) - 1
	}
	for _, s := range slots {
		level = max(level, itemOf(p.items, s))
	}
	p.conds[level] = append(p.conds[level], e)
	if p.probes[level] == nil {
		bound := func(slot int) bool {
			i := itemOf(p.items, slot)
			return i >= 0 && i < level
		}
		p.probes[level] = equiProbe(e, p.items[level], bound)
	}
}

// equiProbe recognises "column of item = expression over bound slots only": the item's
// rows can then be found through a hash index instead of a scan.
func equiProbe(e expr, it fromItem, bound func(slot int) bool) *probe {
	op, ok := e.(*opExpr)
	if !ok || op.op != "=" || op.l == nil || isLateral(it) {
		return nil
	}
	start, n := it.span()
	for _, pair := range [2][2]expr{{op.l, op.r}, {op.r, op.l}} {
		col, ok := pair[0].(*colExpr)
		if !ok || col.depth != 0 || col.slot < start || col.slot >= start+n {
			continue
		}
		slots, all := slotsOf(pair[1])
		usable := !all
		for _, s := range slots {
			usable = usable && bound(s)
		}
		if usable {
			return &probe{col: col, other: pair[1]}
		}
	}
	return nil
}
