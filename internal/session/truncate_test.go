package session

import (
	"reflect"
	"testing"

	"github.com/pgwired/pgwired/internal/catalog"
)

// Django's flush lists tables alphabetically; IRIS needs referencing tables emptied first.
func TestTruncateOrder(t *testing.T) {
	author := &catalog.Table{Name: "author"}
	book := &catalog.Table{Name: "book"}
	tags := &catalog.Table{Name: "book_tags"}
	tree := &catalog.Table{Name: "tree"}
	fk := func(from, to *catalog.Table) {
		from.Constraints = append(from.Constraints, &catalog.Constraint{Type: 'f', Table: from, RefTable: to})
	}
	fk(book, author)
	fk(tags, book)
	fk(tree, tree) // a self reference does not order anything
	for _, c := range []struct {
		tables []*catalog.Table
		want   []int
	}{
		{[]*catalog.Table{author, book, tags}, []int{2, 1, 0}},
		{[]*catalog.Table{tags, book, author}, []int{0, 1, 2}},
		{[]*catalog.Table{author, tree, nil, book}, []int{3, 0, 1, 2}},
		{[]*catalog.Table{book, author}, []int{0, 1}},
	} {
		if got := truncateOrder(c.tables); !reflect.DeepEqual(got, c.want) {
			t.Errorf("truncateOrder(%v) = %v, want %v", names(c.tables), got, c.want)
		}
	}
}

func names(tables []*catalog.Table) []string {
	var out []string
	for _, t := range tables {
		if t == nil {
			out = append(out, "?")
		} else {
			out = append(out, t.Name)
		}
	}
	return out
}
