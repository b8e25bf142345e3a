package session

import (
	"bytes"
	"math/big"
	"sort"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// An aggregate with ORDER BY (array_agg(x ORDER BY …), string_agg(x, sep ORDER BY …))
// reaches IRIS as JSON_ARRAYAGG(JSON_ARRAY(x, key1, …, keyN NULL ON NULL)): one tuple per
// row fed (translate/arrayagg.go: orderedAgg). IRIS's pages do not say whether
// JSON_ARRAYAGG nests the JSON_ARRAY as an array or as the string JSON_ARRAY returns, so
// a tuple is read in either form. The session sorts the tuples as PostgreSQL sorts the
// aggregate's input: numbers by value, strings by code point (the C collation, and what
// the translator's exact comparisons give), NULL keys last ascending and first
// descending unless NULLS FIRST/LAST says otherwise; ties keep the order IRIS gave.

// jsonScalar is one element of a tuple: its kind and, in orderedAgg.arena, the number's
// text or the string's characters (UTF-8).
type jsonScalar struct {
	kind       byte // jsonNull, jsonNumber or jsonString
	start, end int
}

const (
	jsonNull byte = iota
	jsonNumber
	jsonString
)

// orderedAgg holds the tuples of the current row's aggregate, reused row after row.
type orderedAgg struct {
	keys   []translate.AggSortKey
	dedupe bool
	arena  []byte
	fields []jsonScalar // tuple i is fields[i*width : (i+1)*width]; element 0 is x
	order  []int        // tuple numbers, sorted
	inner  []byte       // a tuple given as a JSON string, decoded
	// flat: the array holds the values themselves, each its own one key (an ordered-set
	// aggregate's JSON_ARRAYAGG(x): withingroup.go). Their type is known, so asText reads
	// numbers as their text (x is a character type) and asNumber reads a string holding
	// only a number as the number (x is not); padded compares without trailing blanks
	// (character(n), as bpchar compares).
	flat, asText, asNumber, padded bool
}

func (o *orderedAgg) width() int {
	if o.flat {
		return 1
	}
	return len(o.keys) + 1
}

// keyField is the element of a tuple that key k sorts by.
func (o *orderedAgg) keyField(k int) int {
	if o.flat {
		return 0
	}
	return k + 1
}

// load reads js, JSON_ARRAYAGG's array of tuples, and returns how many it holds.
func (o *orderedAgg) load(js []byte) (int, error) {
	o.arena, o.fields, o.order = o.arena[:0], o.fields[:0], o.order[:0]
	return jsonElements(js, func(p *jsonParser) error {
		o.order = append(o.order, len(o.order))
		switch {
		case o.flat:
			return o.scalar(p)
		case p.i < len(p.s) && p.s[p.i] == '"':
			// The tuple as JSON_ARRAY's string: decode it, then read it.
			var err error
			if o.inner, err = p.str(o.inner[:0]); err != nil {
				return err
			}
			q := jsonParser{s: o.inner}
			q.ws()
			if err := o.tuple(&q); err != nil {
				return err
			}
			return q.end()
		}
		return o.tuple(p)
	})
}

// tuple reads one JSON array of exactly width scalars at p.i.
func (o *orderedAgg) tuple(p *jsonParser) error {
	if !p.eat('[') {
		return p.fail("a tuple is not a JSON array")
	}
	for k := 0; k < o.width(); k++ {
		p.ws()
		if k > 0 {
			if !p.eat(',') {
				return p.fail("a tuple has fewer values than the aggregate's keys need")
			}
			p.ws()
		}
		if err := o.scalar(p); err != nil {
			return err
		}
	}
	p.ws()
	if !p.eat(']') {
		return p.fail("a tuple has more values than the aggregate's keys need")
	}
	return nil
}

// scalar reads one JSON scalar at p.i into the arena.
func (o *orderedAgg) scalar(p *jsonParser) error {
	if p.i >= len(p.s) {
		return p.fail("it ends where a value was expected")
	}
	start := len(o.arena)
	switch c := p.s[p.i]; {
	case c == '"':
		var err error
		if o.arena, err = p.str(o.arena); err != nil {
			return err
		}
		if len(o.arena)-start == 1 && o.arena[start] == 0 {
			o.arena = o.arena[:start] // IRIS's '' ($CHAR(0)), written "\u0000"
		}
		o.fields = append(o.fields, jsonScalar{jsonString, start, len(o.arena)})
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		from := p.i
		for p.i < len(p.s) && isNumberByte(p.s[p.i]) {
			p.i++
		}
		if !isJSONNumber(p.s[from:p.i]) {
			return p.fail("a malformed number")
		}
		o.arena = append(o.arena, p.s[from:p.i]...)
		o.fields = append(o.fields, jsonScalar{jsonNumber, start, len(o.arena)})
	case p.literal("true"):
		o.arena = append(o.arena, '1')
		o.fields = append(o.fields, jsonScalar{jsonNumber, start, len(o.arena)})
	case p.literal("false"):
		o.arena = append(o.arena, '0')
		o.fields = append(o.fields, jsonScalar{jsonNumber, start, len(o.arena)})
	case p.literal("null"):
		o.fields = append(o.fields, jsonScalar{kind: jsonNull})
	default:
		return p.fail("unexpected character in a tuple")
	}
	if f := &o.fields[len(o.fields)-1]; o.asText && f.kind == jsonNumber {
		f.kind = jsonString // as written: a character value that looks like a number
	} else if o.asNumber && f.kind == jsonString && isJSONNumber(o.bytes(*f)) {
		f.kind = jsonNumber
	}
	return nil
}

func (o *orderedAgg) bytes(s jsonScalar) []byte { return o.arena[s.start:s.end] }

// sort orders the tuples by the keys and, for DISTINCT, keeps one of each value.
func (o *orderedAgg) sort() {
	w := o.width()
	sort.SliceStable(o.order, func(i, j int) bool {
		a, b := o.fields[o.order[i]*w:], o.fields[o.order[j]*w:]
		for k, key := range o.keys {
			if c := o.compareKey(a[o.keyField(k)], b[o.keyField(k)], key); c != 0 {
				return c < 0
			}
		}
		return false
	})
	if !o.dedupe {
		return
	}
	kept := o.order[:0]
	for i, t := range o.order {
		if i > 0 && o.compare(o.fields[kept[len(kept)-1]*w], o.fields[t*w]) == 0 {
			continue
		}
		kept = append(kept, t)
	}
	o.order = kept
}

// compareKey compares two values of one key as that key sorts them.
func (o *orderedAgg) compareKey(a, b jsonScalar, key translate.AggSortKey) int {
	switch an, bn := a.kind == jsonNull, b.kind == jsonNull; {
	case an && bn:
		return 0
	case an || bn:
		if an == key.NullsFirst {
			return -1
		}
		return 1
	}
	c := o.compare(a, b)
	if key.Desc {
		return -c
	}
	return c
}

// compare orders two values ascending: NULL equal to NULL, numbers by value, strings by
// code point; a number before a string (one key never mixes them).
func (o *orderedAgg) compare(a, b jsonScalar) int {
	switch {
	case a.kind != b.kind:
		return int(a.kind) - int(b.kind)
	case a.kind == jsonNumber:
		return compareNumbers(o.bytes(a), o.bytes(b))
	case o.padded:
		return bytes.Compare(bytes.TrimRight(o.bytes(a), " "), bytes.TrimRight(o.bytes(b), " "))
	}
	return bytes.Compare(o.bytes(a), o.bytes(b))
}

// compareNumbers compares two JSON numbers (IRIS's canonical form included: .5, -.25)
// by value.
func compareNumbers(a, b []byte) int {
	if bytes.Equal(a, b) {
		return 0
	}
	x, okx := new(big.Rat).SetString(withLeadingZero(a))
	y, oky := new(big.Rat).SetString(withLeadingZero(b))
	if !okx || !oky {
		return bytes.Compare(a, b) // not reached: load checked the syntax
	}
	return x.Cmp(y)
}

// withLeadingZero writes .5 as 0.5 and -.5 as -0.5, which big.Rat reads.
func withLeadingZero(n []byte) string {
	switch {
	case len(n) > 0 && n[0] == '.':
		return "0" + string(n)
	case len(n) > 1 && n[0] == '-' && n[1] == '.':
		return "-0" + string(n[1:])
	}
	return string(n)
}

// appendJoined writes the sorted non-NULL values joined by sep (string_agg); ok is false
// when there are none (string_agg's NULL).
func (o *orderedAgg) appendJoined(dst []byte, sep string) ([]byte, bool) {
	w, ok := o.width(), false
	for _, t := range o.order {
		x := o.fields[t*w]
		if x.kind == jsonNull {
			continue
		}
		if ok {
			dst = append(dst, sep...)
		}
		dst = append(dst, o.bytes(x)...)
		ok = true
	}
	return dst, ok
}

// writeValues writes the sorted values to l as items of the element's IRIS column would
// be (as jsonArrayToList writes JSON_ARRAYAGG's elements): NULL stays NULL.
func (o *orderedAgg) writeValues(l *iris.ListWriter, textElems bool) error {
	w := o.width()
	for _, t := range o.order {
		if err := o.writeValue(l, o.fields[t*w], textElems); err != nil {
			return err
		}
	}
	return nil
}

// writeValue writes one value to l as writeValues does.
func (o *orderedAgg) writeValue(l *iris.ListWriter, x jsonScalar, textElems bool) error {
	v := o.bytes(x)
	switch {
	case x.kind == jsonNull:
		l.Null()
	case x.kind == jsonString && len(v) == 0:
		l.Empty()
	case textElems || x.kind == jsonString && !isJSONNumber(v):
		l.String(string(v))
	default:
		return appendNumber(l, v)
	}
	return nil
}
