package session

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// newLabelOrder gives the sort orders PostgreSQL 15 gives: 30 labels added AFTER 'a' of
// ('a', 'b') halve the gap until float4 has no midpoint left, then the type is
// renumbered 1…n; BEFORE the first label is its order - 1, AFTER the last + 1. The
// expected text is PostgreSQL's pg_enum after the same commands.
func TestNewLabelOrder(t *testing.T) {
	labels := []enumLabel{{"a", 1}, {"b", 2}}
	add := func(label, neighbor string, after bool) {
		order, renumber, err := newLabelOrder(labels, neighbor, after)
		if err != nil {
			t.Fatal(err)
		}
		if renumber {
			for i := range labels {
				labels[i].order = float32(i + 1)
			}
			order, _, _ = newLabelOrder(labels, neighbor, after)
		}
		labels = append(labels, enumLabel{label, order})
		for i := len(labels) - 1; i > 0 && labels[i].order < labels[i-1].order; i-- {
			labels[i], labels[i-1] = labels[i-1], labels[i]
		}
	}
	for i := 1; i <= 30; i++ {
		add("x"+strconv.Itoa(i), "a", true)
	}
	add("first", "a", false)
	add("last", "b", true)
	var parts []string
	for _, l := range labels {
		parts = append(parts, l.label+"="+strconv.FormatFloat(float64(l.order), 'g', -1, 32))
	}
	want := "first=0 a=1 x30=1.0078125 x29=1.015625 x28=1.03125 x27=1.0625 x26=1.125 x25=1.25 x24=1.5 x23=2 x22=3 x21=4 " +
		"x20=5 x19=6 x18=7 x17=8 x16=9 x15=10 x14=11 x13=12 x12=13 x11=14 x10=15 x9=16 x8=17 x7=18 x6=19 x5=20 x4=21 x3=22 " +
		"x2=23 x1=24 b=25 last=26"
	if got := strings.Join(parts, " "); got != want {
		t.Errorf("orders\n got %s\nwant %s", got, want)
	}
	if _, _, err := newLabelOrder(labels, "nope", true); err == nil || !strings.Contains(err.Error(), `"nope" is not an existing enum label`) {
		t.Errorf("missing neighbour: %v", err)
	}
}

// A parameter of an enum type must be a label; NULL passes.
func TestCheckEnumParams(t *testing.T) {
	mood := &translate.EnumType{OID: 20001, Name: "mood", Labels: []string{"sad", "ok"}}
	eps := []translate.EnumParam{{Param: 0, Type: mood}, {Param: 2, Type: mood}}
	if err := checkEnumParams(eps, []any{"ok", "x", nil}); err != nil {
		t.Errorf("labels and NULL: %v", err)
	}
	err := checkEnumParams(eps, []any{"ok", nil, "Sad"})
	if we, ok := err.(*wire.Error); !ok || we.Code != "22P02" || we.Message != `invalid input value for enum mood: "Sad"` {
		t.Errorf("not a label: %v", err)
	}
}

// The guard of an enum column lists its labels, quoted as IRIS string literals.
func TestEnumGuards(t *testing.T) {
	e := &catalog.EnumType{Name: "mood", Labels: []catalog.EnumLabel{{Label: "sad"}, {Label: "it's"}}}
	tab := &catalog.Table{Columns: []*catalog.TableColumn{{Name: "id", IRISName: "id"}, {Name: "user", IRISName: "User", Enum: e}}}
	g := enumGuards(tab)
	if len(g) != 1 || g[0].Type != 'e' || g[0].Name != "user" || g[0].CheckCond != `"User" IN ('sad', 'it''s')` {
		t.Errorf("guards %+v", g)
	}
}
