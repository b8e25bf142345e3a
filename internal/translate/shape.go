package translate

import (
	"hash/maphash"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Shape templates: one translation reused for texts that differ only in literals.
//
// Clients that interpolate values into the text (psycopg2, many ORMs' raw SQL) send
// texts that never repeat, so the exact-text cache misses every time, and each miss
// costs a parse and a translation. Most such texts share a shape: the same text with
// other literals. The shape cache keeps, per shape, a translation in which the
// literals the translator only copied are holes, and fills them from the new text.
//
// It is sound because the translator declares what it reads. constant() writes a
// literal as it is; any other look at a literal's value goes through readConst
// (stringConst, constInt, …) or, where a property of the value is all that matters,
// constHas (does it have a letter? is it an ISO time stamp?). A recording translation
// writes a marker for each literal constant() copies (or stringLitOf rewrites) and
// notes what was read of the others. A template is kept only when every literal is
// a hole or was read, and it is used only for texts whose read literals are the same
// tokens and pass the same tests: with the same shape and the same reads the
// translator takes the same path, so it would write the same text around the holes.
// A recorded template must also reproduce, from the text it was recorded on, exactly
// the plan the ordinary translation gave; otherwise the shape is marked as one that
// does not template. TestShapeTemplatesMatchTranslation and FuzzShapeTemplate check
// templates against the ordinary translation of texts with other literals.
//
// Only plans that run one IRIS query or DML statement are templated. Readers used
// only by other kinds (SET values, COPY and index options, local functions) need not
// declare their reads.

// litClass is how PostgreSQL's lexer and grammar classify a literal token, which
// fixes the kind of constant it becomes.
type litClass byte

const (
	litInt litClass = 'i' // digits that fit int4: an Integer constant, written as its value
	litNum litClass = 'n' // digits beyond int4, or digits.digits: a Float constant, written as the token
	litStr litClass = 's' // '…' with standard-conforming escapes: a String constant, written as the token
)

// literal is one literal token of a text.
type literal struct {
	at, end int
	class   litClass
}

// holeMark starts and ends a hole in a recorded template: NUL, which no client text
// can contain (the protocol's strings are NUL-terminated).
const holeMark = 0

// lexShape finds the literals of sql, appending them to lits, and returns its shape
// key: the text with each literal replaced by NUL and its class. ok is false when the
// text has a token whose bounds or class this lexer would not find exactly as
// PostgreSQL's does (dollar quotes, E'…' and other prefixed strings, exponents,
// strings continued on a new line, NUL bytes, …): such texts take the ordinary path.
func lexShape(sql string, lits []literal) (key string, out []literal, ok bool) {
	n := len(sql)
	if strings.IndexByte(sql, holeMark) >= 0 {
		return "", lits, false
	}
	var b strings.Builder
	last := 0
	emit := func(l literal) {
		if b.Len() == 0 {
			b.Grow(n + 8)
		}
		b.WriteString(sql[last:l.at])
		b.WriteByte(holeMark)
		b.WriteByte(byte(l.class))
		last = l.end
		lits = append(lits, l)
	}
	for i := 0; i < n; {
		c := sql[i]
		switch {
		case c == '-' && i+1 < n && sql[i+1] == '-':
			for i < n && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && sql[i+1] == '*':
			end := skipBlockComment(sql, i)
			if end < 0 {
				return "", lits, false
			}
			i = end
		case c == '\'':
			if i > 0 && (isIdentByte(sql[i-1]) || sql[i-1] == '&') {
				return "", lits, false // E'…', B'…', X'…', N'…', U&'…', typed 'literal'
			}
			end := quotedEnd(sql, i)
			if end < 0 || continuesString(sql, end) {
				return "", lits, false
			}
			emit(literal{at: i, end: end, class: litStr})
			i = end
		case c == '"':
			end := quotedEnd(sql, i)
			if end < 0 {
				return "", lits, false
			}
			i = end
		case c == '$':
			if i+1 >= n || !isDigit(sql[i+1]) {
				return "", lits, false // a dollar-quoted string
			}
			for i++; i < n && isDigit(sql[i]); i++ {
			}
			if i < n && isIdentByte(sql[i]) {
				return "", lits, false
			}
		case isIdentStart(c):
			for i++; i < n && isIdentByte(sql[i]); i++ {
			}
		case isDigit(c):
			l, ok := numberToken(sql, i)
			if !ok {
				return "", lits, false
			}
			emit(l)
			i = l.end
		case c == '.' && i+1 < n && isDigit(sql[i+1]):
			return "", lits, false // .5
		default:
			i++
		}
	}
	if len(lits) == 0 {
		return "", lits, true
	}
	b.WriteString(sql[last:])
	return b.String(), lits, true
}

// numberToken reads an unsigned number at i: digits, or digits.digits. Exponents,
// "1.", underscores, 0x/0o/0b and trailing identifier characters are refused.
func numberToken(sql string, i int) (literal, bool) {
	n := len(sql)
	start := i
	for i < n && isDigit(sql[i]) {
		i++
	}
	class := litInt
	if i < n && sql[i] == '.' {
		if i+1 >= n || !isDigit(sql[i+1]) {
			return literal{}, false
		}
		for i++; i < n && isDigit(sql[i]); i++ {
		}
		class = litNum
	}
	if i < n && (isIdentByte(sql[i]) || sql[i] == '.') {
		return literal{}, false
	}
	if class == litInt && !fitsInt4(sql[start:i]) {
		class = litNum
	}
	if significantDigits(sql[start:i]) > irisDigits {
		return literal{}, false // refused by constant(): no shape is worth keeping
	}
	return literal{at: start, end: i, class: class}, true
}

// irisDigits is how many significant decimal digits an IRIS number holds (a 64-bit
// integer mantissa and a decimal exponent: iris-sql.md).
const irisDigits = 19

// significantDigits counts the digits of a number from its first to its last non-zero
// digit (1000 has one, 0.0120 two).
func significantDigits(num string) int {
	if e := strings.IndexAny(num, "eE"); e >= 0 {
		num = num[:e]
	}
	d := strings.Trim(strings.Replace(strings.TrimLeft(num, "-+"), ".", "", 1), "0")
	return len(d)
}

func fitsInt4(digits string) bool {
	digits = strings.TrimLeft(digits, "0")
	return len(digits) < 10 || (len(digits) == 10 && digits <= "2147483647")
}

// quotedEnd returns the offset after the string or quoted identifier starting at i
// with the quote sql[i] (doubled inside), or -1 when it does not end.
func quotedEnd(sql string, i int) int {
	q := sql[i]
	for j := i + 1; j < len(sql); j++ {
		if sql[j] == q {
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return -1
}

// continuesString: PostgreSQL joins 'a' and 'b' separated by white space with a
// newline into one constant. Any string after mere white space or comments is refused.
func continuesString(sql string, i int) bool {
	for i < len(sql) {
		switch c := sql[i]; {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			if i = skipBlockComment(sql, i); i < 0 {
				return true
			}
		default:
			return c == '\''
		}
	}
	return false
}

// skipBlockComment returns the offset after the (nested) /* … */ at i, or -1.
func skipBlockComment(sql string, i int) int {
	depth := 0
	for i < len(sql) {
		switch {
		case sql[i] == '/' && i+1 < len(sql) && sql[i+1] == '*':
			depth++
			i += 2
		case sql[i] == '*' && i+1 < len(sql) && sql[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}
func isIdentByte(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '$' }

// litTest is a property of a string literal's value that a translation depended
// on (does it have a letter? is it an ISO time stamp?), and what it was. Texts whose
// literals pass the same tests are translated alike.
type litTest struct {
	pred func(value string) bool
	want bool
}

// litReads is what a translation learnt of one literal.
type litReads struct {
	token bool // its whole token
	tests []litTest
}

// stringValue is the value of the string token tok: unquoted, doubled quotes undone.
func stringValue(tok string) string {
	v := tok[1 : len(tok)-1]
	if strings.Contains(v, "''") {
		v = strings.ReplaceAll(v, "''", "'")
	}
	return v
}

// litRecorder watches one translation: which literals constant() wrote as holes and
// what was read of the others.
type litRecorder struct {
	src        string
	lits       []literal
	holes      []bool
	reads      []litReads
	transforms []func(string) string // of the holes written as a function of the literal
	bad        bool                  // a literal became a constant of another class than lexed
}

func newLitRecorder(src string, lits []literal) *litRecorder {
	return &litRecorder{src: src, lits: lits, holes: make([]bool, len(lits)), reads: make([]litReads, len(lits))}
}

// constToken finds the literal token a constant came from. The grammar folds a
// minus into the number after it (-5 is one constant, placed at the minus): negated.
// Constants the grammar makes from keywords (EXTRACT's field) have no token: their
// value is part of the shape.
func (r *litRecorder) constToken(loc int32) (i int, negated, ok bool) {
	if i, ok := r.index(int(loc)); ok {
		return i, false, true
	}
	if loc < 0 || int(loc) >= len(r.src) || r.src[loc] != '-' {
		return 0, false, false
	}
	j := int(loc) + 1
	for j < len(r.src) && isSpace(r.src[j]) {
		j++
	}
	i, ok = r.index(j)
	return i, true, ok && r.lits[i].class != litStr
}

func (r *litRecorder) index(loc int) (int, bool) {
	lo, hi := 0, len(r.lits)
	for lo < hi {
		m := (lo + hi) / 2
		switch at := r.lits[m].at; {
		case at == loc:
			return m, true
		case at < loc:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// readConst declares that the translation depends on the value of c.
func (t *translator) readConst(c *pg_query.A_Const) {
	if t.rec != nil {
		if i, _, ok := t.rec.constToken(c.Location); ok {
			t.rec.reads[i].token = true
		}
	}
}

// constHas reports whether the value of the string constant c has property pred,
// declaring that the translation depends on that (and only that) of c. pred must
// be a pure function of the value.
func (t *translator) constHas(c *pg_query.A_Const, pred func(string) bool) bool {
	s, ok := c.Val.(*pg_query.A_Const_Sval)
	if !ok {
		t.readConst(c)
		return false
	}
	has := pred(s.Sval.Sval)
	if t.rec != nil {
		if i, _, ok := t.rec.constToken(c.Location); ok {
			t.rec.reads[i].tests = append(t.rec.reads[i].tests, litTest{pred, has})
		}
	}
	return has
}

// stringLitOf writes the string literal f(value of c). While recording, that is a
// hole filled with f of the new text's literal: the caller has checked (constHas)
// the property that makes f apply.
func (e *emitter) stringLitOf(c *pg_query.A_Const, f func(string) string) {
	s := c.Val.(*pg_query.A_Const_Sval).Sval.Sval
	if r := e.rec; r != nil && !e.scratching {
		if i, negated, ok := r.constToken(c.Location); ok && !negated && r.lits[i].class == litStr {
			r.holes[i] = true
			e.wb(holeMark)
			e.w(itoa(i))
			e.wb(':')
			e.w(itoa(len(r.transforms)))
			e.wb(holeMark)
			r.transforms = append(r.transforms, f)
			return
		}
		e.readConst(c)
	}
	writeStringLit(&e.b, f(s))
}

// writeHole writes the hole marker for c when it is a literal token, and reports
// whether it did. A scratch emitter's text is compared, so there c is read.
func (r *litRecorder) writeHole(e *emitter, c *pg_query.A_Const) bool {
	i, negated, ok := r.constToken(c.Location)
	if !ok {
		return false
	}
	if e.scratching {
		r.reads[i].token = true
		return false
	}
	var want litClass
	switch c.Val.(type) {
	case *pg_query.A_Const_Ival:
		want = litInt
	case *pg_query.A_Const_Fval:
		want = litNum
	case *pg_query.A_Const_Sval:
		want = litStr
	}
	if want != r.lits[i].class {
		r.bad = true
		return false
	}
	r.holes[i] = true
	e.wb(holeMark)
	if negated {
		e.wb('-')
	}
	e.w(itoa(i))
	e.wb(holeMark)
	return true
}

// shapeVariant is one template of a shape: the translation for texts whose read
// literals agree with these.
type shapeVariant struct {
	reads      []litReading
	transforms []func(string) string
	plan       *Plan // with holes in Original, SQL and Steps
}

// litReading is what the recorded translation read of one literal: its token, or
// the outcome of tests of its value.
type litReading struct {
	lit   int
	token string // "" when only tests were read
	tests []litTest
}

func (v *shapeVariant) matches(sql string, lits []literal) bool {
	for _, r := range v.reads {
		tok := sql[lits[r.lit].at:lits[r.lit].end]
		if r.token != "" {
			if tok != r.token {
				return false
			}
			continue
		}
		value := stringValue(tok)
		for _, t := range r.tests {
			if t.pred(value) != t.want {
				return false
			}
		}
	}
	return true
}

// recordShape translates sql (one statement, whose ordinary translation is want)
// with a recorder and returns its template, or nil when the statement does not
// template.
func recordShape(sql string, lits []literal, want *Plan, opt Options) *shapeVariant {
	if (want.Kind != KindQuery && want.Kind != KindDML) || want.Stmt != nil {
		return nil
	}
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) != 1 {
		return nil
	}
	rec := newLitRecorder(sql, lits)
	t := &translator{opt: opt, src: sql, maybeCatalog: mayReferenceCatalog(sql), rec: rec}
	plan, err := t.run(tree.Stmts[0])
	if err != nil || rec.bad {
		return nil
	}
	v := &shapeVariant{plan: plan, transforms: rec.transforms}
	for i, l := range lits {
		switch read := rec.reads[i]; {
		case read.token:
			v.reads = append(v.reads, litReading{lit: i, token: sql[l.at:l.end]})
		case len(read.tests) > 0:
			if l.class != litStr || !rec.holes[i] {
				return nil
			}
			v.reads = append(v.reads, litReading{lit: i, tests: read.tests})
		case !rec.holes[i]:
			return nil // neither copied nor read: its value went somewhere unseen
		}
	}
	// The statement's text, with holes where its literals are.
	start, end := statementBounds(sql, tree.Stmts[0])
	var b strings.Builder
	last := start
	for i, l := range lits {
		if l.at < start || l.end > end {
			return nil
		}
		b.WriteString(sql[last:l.at])
		b.WriteByte(holeMark)
		b.WriteString(itoa(i))
		b.WriteByte(holeMark)
		last = l.end
	}
	b.WriteString(sql[last:end])
	plan.Original = strings.TrimSpace(b.String())
	if got := v.instantiate(sql, lits); !reflect.DeepEqual(got, want) {
		return nil
	}
	return v
}

// instantiate fills the template's holes with the literals of sql.
func (v *shapeVariant) instantiate(sql string, lits []literal) *Plan {
	p := *v.plan
	p.Original = fillHoles(v.plan.Original, sql, lits, nil, true, nil)
	p.SQL = fillHoles(v.plan.SQL, sql, lits, p.ownOffsets(), false, v.transforms)
	p.Steps = fillSteps(v.plan.Steps, sql, lits, v.transforms)
	if w := v.plan.Write; w != nil && w.NewRows != nil {
		filled := *w
		filled.NewRows = fillSteps(w.NewRows, sql, lits, v.transforms)
		p.Write = &filled
	}
	return &p
}

func fillSteps(steps []Step, sql string, lits []literal, transforms []func(string) string) []Step {
	if steps == nil {
		return nil
	}
	out := make([]Step, len(steps))
	for i, s := range steps {
		s.SQL = fillHoles(s.SQL, sql, lits, s.ownOffsets(), false, transforms)
		s.Message = fillHoles(s.Message, sql, lits, nil, false, transforms)
		s.Then = fillSteps(s.Then, sql, lits, transforms)
		s.Else = fillSteps(s.Else, sql, lits, transforms)
		out[i] = s
	}
	return out
}

// fillHoles replaces each hole of tmpl with its literal's text in sql, negated
// for a hole marked '-' (unless verbatim, an Integer constant as its value, as
// constant() writes it), or for a hole marked ":t" the string literal of
// transforms[t] of its value; and moves the offsets at, given in tmpl, to the
// same places in the result.
func fillHoles(tmpl, sql string, lits []literal, at []*int, verbatim bool, transforms []func(string) string) string {
	first := strings.IndexByte(tmpl, holeMark)
	if first < 0 {
		return tmpl
	}
	orig := make([]int, len(at)) // the offsets in tmpl, compared with each hole's place
	for k, o := range at {
		orig[k] = *o
	}
	var b strings.Builder
	b.Grow(len(tmpl) + len(sql)/2)
	pos := 0
	for i := first; i >= 0; i = indexFrom(tmpl, pos) {
		j := strings.IndexByte(tmpl[i+1:], holeMark) + i + 1
		mark := tmpl[i+1 : j]
		negated := mark[0] == '-'
		if negated {
			mark = mark[1:]
		}
		n, transform := 0, -1
		for k := 0; k < len(mark); k++ {
			if mark[k] == ':' {
				transform = atoiDigits(mark[k+1:])
				break
			}
			n = n*10 + int(mark[k]-'0')
		}
		b.WriteString(tmpl[pos:i])
		l := lits[n]
		tok := sql[l.at:l.end]
		if transform >= 0 {
			var lit strings.Builder
			writeStringLit(&lit, transforms[transform](stringValue(tok)))
			tok = lit.String()
		} else if l.class == litInt && !verbatim {
			if tok = strings.TrimLeft(tok, "0"); tok == "" {
				tok = "0"
			}
		}
		written := len(tok)
		if negated && tok != "0" {
			b.WriteByte('-')
			written++
		}
		b.WriteString(tok)
		shift := written - (j + 1 - i)
		for k, o := range orig {
			if o > i {
				*at[k] += shift
			}
		}
		pos = j + 1
	}
	b.WriteString(tmpl[pos:])
	return b.String()
}

func atoiDigits(s string) int {
	n := 0
	for _, d := range s {
		n = n*10 + int(d-'0')
	}
	return n
}

func indexFrom(s string, from int) int {
	if i := strings.IndexByte(s[from:], holeMark); i >= 0 {
		return from + i
	}
	return -1
}

// shapeCache maps shape keys to their templates. Bounded: a full shard forgets an
// arbitrary shape.
type shapeCache struct {
	seed   maphash.Seed
	shards [cacheShards]shapeShard
	hits   atomic.Uint64
}

type shapeShard struct {
	mu     sync.Mutex
	shapes map[string]*shapeEntry
	limit  int
}

// shapeEntry is a shape's templates; never marks a shape that does not template
// (so its texts are not recorded again and again).
type shapeEntry struct {
	variants []*shapeVariant
	never    bool
	recorded int
}

const (
	// maxVariants bounds the templates per shape (one per LIMIT value, say).
	maxVariants = 8
	// maxRecordings stops recording a shape whose texts keep needing new templates
	// (a literal the translation reads, such as a date it rewrites, changes each
	// time): each recording costs a second translation.
	maxRecordings = 2 * maxVariants
)

func newShapeCache(size int) *shapeCache {
	c := &shapeCache{seed: maphash.MakeSeed()}
	per := max((size+cacheShards-1)/cacheShards, 1)
	for i := range c.shards {
		c.shards[i].shapes = make(map[string]*shapeEntry, per)
		c.shards[i].limit = per
	}
	return c
}

func (c *shapeCache) shard(key string) *shapeShard {
	return &c.shards[maphash.String(c.seed, key)%cacheShards]
}

// lookup returns the template for sql, or nil and whether to record one: not on
// a shape's first text (a shape seen once may never come again, and recording costs
// a second translation), nor for a shape that does not template.
func (c *shapeCache) lookup(key, sql string, lits []literal) (v *shapeVariant, record bool) {
	sh := c.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.shapes[key]
	if e == nil {
		sh.insert(key)
		return nil, false
	}
	for _, v := range e.variants {
		if v.matches(sql, lits) {
			return v, false
		}
	}
	return nil, !e.never && e.recorded < maxRecordings
}

func (sh *shapeShard) insert(key string) *shapeEntry {
	if len(sh.shapes) >= sh.limit {
		for k := range sh.shapes {
			delete(sh.shapes, k)
			break
		}
	}
	e := &shapeEntry{}
	sh.shapes[key] = e
	return e
}

// add records a template for key, or with v nil that key does not template.
func (c *shapeCache) add(key string, v *shapeVariant) {
	sh := c.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e := sh.shapes[key]
	if e == nil {
		e = sh.insert(key)
	}
	if v == nil {
		e.never = true
		return
	}
	e.recorded++
	if len(e.variants) >= maxVariants {
		e.variants = append(e.variants[:0:0], e.variants[1:]...)
	}
	e.variants = append(e.variants, v)
}

// translateShaped translates sql through the shape cache.
func (c *shapeCache) translate(sql string, opt Options) ([]*Plan, error) {
	key, lits, ok := lexShape(sql, nil)
	if !ok || len(lits) == 0 {
		return Translate(sql, opt)
	}
	v, record := c.lookup(key, sql, lits)
	if v != nil {
		c.hits.Add(1)
		return []*Plan{v.instantiate(sql, lits)}, nil
	}
	plans, err := Translate(sql, opt)
	if !record || err != nil || len(plans) != 1 {
		return plans, err
	}
	c.add(key, recordShape(sql, lits, plans[0], opt))
	return plans, err
}
