package session

import (
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

func TestCompareNumbers(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1", "2", -1}, {"10", "9", 1}, {".5", "0.5", 0}, {"-.25", "-0.3", 1}, {"-1", ".5", -1},
		{"1E2", "99", 1}, {"100", "1e2", 0}, {"123456789012345678901", "123456789012345678900.5", 1},
	} {
		if got := compareNumbers([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("compareNumbers(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// The tuples come nested as arrays or as JSON_ARRAY's strings; both sort the same.
func TestOrderedAggSortsTuples(t *testing.T) {
	for _, js := range []string{
		`[["b",2],["a",null],["c",.5],[null,2],["\u0000",-1]]`,
		`["[\"b\",2]","[\"a\",null]","[\"c\",.5]","[null,2]","[\"\\u0000\",-1]"]`,
	} {
		o := &orderedAgg{keys: []translate.AggSortKey{{}}}
		n, err := o.load([]byte(js))
		if err != nil || n != 5 {
			t.Fatalf("load %s: %d, %v", js, n, err)
		}
		o.sort()
		joined, ok := o.appendJoined(nil, ",")
		if !ok || string(joined) != ",c,b,a" { // -1 (''), .5, 2, 2 (NULL skipped), NULL key last
			t.Errorf("%s: joined %q", js, joined)
		}
		var l iris.ListWriter
		if err := o.writeValues(&l, true); err != nil {
			t.Fatal(err)
		}
		var items []iris.Item
		if err := loadList(&items, l.List()); err != nil || len(items) != 5 || !items[3].IsNull() {
			t.Errorf("%s: values %v %v", js, items, err)
		}
	}
}

func TestOrderedAggDescNullsAndDedupe(t *testing.T) {
	o := &orderedAgg{keys: []translate.AggSortKey{{Desc: true, NullsFirst: false}}, dedupe: true}
	if _, err := o.load([]byte(`[["x","x"],[null,null],["y","y"],["x","x"],[null,null]]`)); err != nil {
		t.Fatal(err)
	}
	o.sort()
	joined, _ := o.appendJoined(nil, "|")
	if string(joined) != "y|x" || len(o.order) != 3 {
		t.Errorf("joined %q, %d tuples kept", joined, len(o.order))
	}
}

func TestOrderedAggRefusesOtherShapes(t *testing.T) {
	for _, js := range []string{`[["a"]]`, `[["a",1,2]]`, `[["a",1]`, `["[\"a\",1"]`, `[{"a":1}]`, `[["a",1],`} {
		o := &orderedAgg{keys: []translate.AggSortKey{{}}}
		if _, err := o.load([]byte(js)); err == nil || !strings.Contains(err.Error(), "JSON") {
			t.Errorf("load %s: %v, want an error", js, err)
		}
	}
}
