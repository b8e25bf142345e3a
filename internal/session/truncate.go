package session

import (
	"context"
	"fmt"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// checkTruncate applies PostgreSQL's rule for TRUNCATE (translate.Plan.Truncated): a
// table that a foreign key of an unlisted table references is refused (0A000), whatever
// the rows, where IRIS's DELETE would only check the rows. Several tables are emptied in
// an order IRIS accepts: a table whose foreign key references another listed table
// before it (Django's flush lists tables alphabetically); PostgreSQL empties them at
// once. Tables the catalog does not know, and cycles, keep their order; p itself when
// the catalog cannot be read.
func (s *Session) checkTruncate(ctx context.Context, p *translate.Plan) (*translate.Plan, error) {
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return p, nil
	}
	tables := make([]*catalog.Table, len(p.Truncated))
	listed := map[*catalog.Table]bool{}
	for i, r := range p.Truncated {
		if t := snap.Table(r.Schema, r.Name); t != nil {
			tables[i], listed[t] = t, true
		}
	}
	for _, t := range snap.Tables {
		if listed[t] {
			continue
		}
		for _, k := range t.Constraints {
			if k.Type == 'f' && listed[k.RefTable] {
				return nil, &wire.Error{Code: "0A000", Message: "cannot truncate a table referenced in a foreign key constraint",
					Detail: fmt.Sprintf("Table %q references %q.", t.Name, k.RefTable.Name),
					Hint:   fmt.Sprintf("Truncate table %q at the same time, or use TRUNCATE ... CASCADE.", t.Name)}
			}
		}
	}
	if len(p.Truncated) < 2 {
		return p, nil
	}
	return p.OrderSteps(truncateOrder(tables)), nil
}

// truncateOrder orders tables (nil: unknown) so that each comes after the tables whose
// foreign keys reference it.
func truncateOrder(tables []*catalog.Table) []int {
	// referencedBy[j] holds the listed tables whose foreign keys reference table j.
	referencedBy := make([][]int, len(tables))
	for i, t := range tables {
		if t == nil {
			continue
		}
		for _, k := range t.Constraints {
			if k.Type != 'f' || k.RefTable == t {
				continue
			}
			for j, u := range tables {
				if u != nil && u == k.RefTable {
					referencedBy[j] = append(referencedBy[j], i)
				}
			}
		}
	}
	// Depth-first: a table comes after every table that references it.
	order := make([]int, 0, len(tables))
	state := make([]byte, len(tables)) // 0 new, 1 visiting, 2 placed
	var visit func(j int)
	visit = func(j int) {
		if state[j] != 0 {
			return // placed, or a cycle: keep the order reached
		}
		state[j] = 1
		for _, i := range referencedBy[j] {
			visit(i)
		}
		state[j] = 2
		order = append(order, j)
	}
	for j := range tables {
		visit(j)
	}
	return order
}
