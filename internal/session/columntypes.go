package session

import (
	"context"

	"github.com/pgwired/pgwired/internal/translate"
)

// withColumnTypes gives p as IRIS needs it for the types of the columns it names
// (translate.Plan.WithColumnTypes): integer columns divided with "\", boolean
// columns compared with or given 't', 'yes', 'off' … as 1 or 0. The types come from
// the catalog snapshot. p itself when it names no such column, or when the catalog
// cannot be read (IRIS then gets the statement as the client wrote it).
func (s *Session) withColumnTypes(ctx context.Context, p *translate.Plan) *translate.Plan {
	if len(p.Divisions) == 0 && len(p.ColumnLiterals) == 0 || s.tx == txFailed {
		return p
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return p
	}
	return p.WithColumnTypes(func(c translate.CatalogColumn) (uint32, bool) {
		// PostgreSQL resolves the column to the one table of the FROM clause that has
		// it (two would be 42702, which IRIS reports itself).
		if c.Column == "" { // by position (INSERT without a column list)
			if len(c.Tables) != 1 {
				return 0, false
			}
			t := snap.Table(c.Tables[0].Schema, c.Tables[0].Name)
			if t == nil || c.Position < 1 || c.Position > len(t.Columns) {
				return 0, false
			}
			return t.Columns[c.Position-1].TypeOID, true
		}
		var found bool
		var oid uint32
		for _, t := range c.Tables {
			if col := snap.Column(t.Schema, t.Name, c.Column); col != nil {
				if found {
					return 0, false
				}
				found, oid = true, col.TypeOID
			}
		}
		return oid, found
	})
}
