package session

import (
	"context"

	"github.com/pgwired/pgwired/internal/translate"
)

// columnHint is PostgreSQL's HINT for an undefined column: the column of the statement's
// tables whose name is nearest to name (Levenshtein distance at most 3 and at most half
// of name's length), "Perhaps you meant to reference the column "t.c"."; "" when there is
// no such column or two are equally near (PostgreSQL then names two only when they are
// in different tables; pgwired names none). The statement is the one running.
func (s *Session) columnHint(ctx context.Context, name string) string {
	if name == "" || ctx.Err() != nil {
		return ""
	}
	tables := translate.StatementTables(s.running.original)
	if len(tables) == 0 {
		return ""
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return ""
	}
	cat := snapshotCatalog{snap: snap}
	best, found, tie := maxFuzzyDistance+1, "", false
	for _, t := range tables {
		tab := cat.table(t.Table)
		if tab == nil {
			continue
		}
		for _, c := range tab.Columns {
			d := levenshtein(c.Name, name)
			if d > len(name)/2 {
				continue
			}
			switch {
			case d < best:
				best, found, tie = d, t.Qualifier+"."+c.Name, false
			case d == best && found != "":
				tie = true
			}
		}
	}
	if found == "" || tie {
		return ""
	}
	return `Perhaps you meant to reference the column "` + found + `".`
}

// maxFuzzyDistance is PostgreSQL's MAX_FUZZY_DISTANCE (parse_relation.c).
const maxFuzzyDistance = 3

// levenshtein is the edit distance of a and b (insertions, deletions and substitutions
// cost 1), over bytes as PostgreSQL's varstr_levenshtein counts for ASCII names.
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
