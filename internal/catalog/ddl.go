package catalog

import "strings"

// indexDef is pg_get_indexdef: the CREATE INDEX statement of an index.
func indexDef(ix *Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	b.WriteString(quoteIdent(ix.Name))
	b.WriteString(" ON ")
	b.WriteString(quoteIdent(ix.Table.Schema.Name) + "." + quoteIdent(ix.Table.Name))
	b.WriteString(" USING " + ix.Method + " (")
	b.WriteString(columnList(ix.Table, ix.Columns))
	b.WriteString(")")
	return b.String()
}

// indexColumnDef is pg_get_indexdef(oid, n, …) for n > 0: one column.
func indexColumnDef(ix *Index, n int) string {
	if n < 1 || n > len(ix.Columns) {
		return ""
	}
	return columnList(ix.Table, ix.Columns[n-1:n])
}

func columnList(t *Table, nums []int16) string {
	parts := make([]string, 0, len(nums))
	for _, n := range nums {
		if c := t.column(n); c != nil {
			parts = append(parts, quoteIdent(c.Name))
		}
	}
	return strings.Join(parts, ", ")
}

// constraintDef is pg_get_constraintdef.
func constraintDef(k *Constraint) string {
	switch k.Type {
	case 'p':
		return "PRIMARY KEY (" + columnList(k.Table, k.Columns) + ")"
	case 'u':
		return "UNIQUE (" + columnList(k.Table, k.Columns) + ")"
	case 'c':
		return k.CheckDef
	}
	var b strings.Builder
	b.WriteString("FOREIGN KEY (" + columnList(k.Table, k.Columns) + ") REFERENCES ")
	if k.RefTable != nil {
		b.WriteString(visibleName(k.RefTable) + "(" + columnList(k.RefTable, k.RefColumns) + ")")
	}
	if k.OnUpdate != 'a' && k.OnUpdate != 0 {
		b.WriteString(" ON UPDATE " + ruleNames[k.OnUpdate])
	}
	if k.OnDelete != 'a' && k.OnDelete != 0 {
		b.WriteString(" ON DELETE " + ruleNames[k.OnDelete])
	}
	return b.String()
}

// visibleName is a relation's name as regclass prints it: qualified unless its schema is
// on the search path (public).
func visibleName(t *Table) string {
	if t.Schema.Name == "public" {
		return quoteIdent(t.Name)
	}
	return quoteIdent(t.Schema.Name) + "." + quoteIdent(t.Name)
}

// quoteIdent is quote_ident: names that are not plain lower-case identifiers (or are
// reserved words) get double quotes.
func quoteIdent(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 'a' && c <= 'z' || c == '_' || (i > 0 && (c >= '0' && c <= '9' || c == '$'))
	}
	if plain && !reservedWords[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// reservedWords are the keywords quote_ident quotes: all but the unreserved ones
// (PostgreSQL's quote_identifier), so "time" and "position" come back quoted.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(keywordList) {
		if word, spec, _ := strings.Cut(f, ":"); spec[0] != 'U' {
			m[word] = true
		}
	}
	return m
}()
