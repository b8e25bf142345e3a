package session

import (
	"context"

	"github.com/pgwired/pgwired/internal/translate"
)

// integerDivisions gives p with IRIS's integer division "\" where PostgreSQL divides
// integer columns to an integer (translate.Division): the columns' types come from the
// catalog snapshot. p itself when it has no such division, or when the catalog cannot
// be read (the division then stays exact, as before the catalog was consulted).
func (s *Session) integerDivisions(ctx context.Context, p *translate.Plan) *translate.Plan {
	if len(p.Divisions) == 0 || s.tx == txFailed {
		return p
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return p
	}
	return p.WithIntegerDivisions(func(c translate.DivisionColumn) bool {
		// PostgreSQL resolves the column to the one table of the FROM clause that has
		// it (two would be 42702, which IRIS reports itself).
		var found bool
		var oid uint32
		for _, t := range c.Tables {
			if col := snap.Column(t.Schema, t.Name, c.Column); col != nil {
				if found {
					return false
				}
				found, oid = true, col.TypeOID
			}
		}
		return found && (oid == oidInt2 || oid == oidInt4 || oid == oidInt8)
	})
}
