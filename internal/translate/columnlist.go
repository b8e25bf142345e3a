package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An INSERT without a column list whose translation needs the columns' names, as ON
// CONFLICT (k) does to find k's value among the row's, is translated again with the list
// written in: INSERT INTO t VALUES (1, 'a') ON CONFLICT (id) … is translated as INSERT
// INTO t (id, name) VALUES (1, 'a') ON CONFLICT (id) …, the names the catalog gives for
// the table's first columns, as PostgreSQL assigns the values.

// ColumnList is an INSERT whose text needs its column list (Plan.ColumnList): At is the
// byte offset in Plan.Original after the table name (and alias), Count the values of a row.
type ColumnList struct {
	Table TableRef
	At    int
	Count int
	opt   Options
}

// translate is p's translation with the column list written in, resolved against cat.
func (c *ColumnList) translate(p *Plan, cat Catalog) *Plan {
	fail := func(e *Error) *Plan {
		q := *p
		q.ColumnList, q.CatalogError = nil, e
		return &q
	}
	names := cat.ColumnNames(c.Table)
	if len(names) == 0 || c.At > len(p.Original) {
		return fail(&Error{SQLState: "42P01", Message: "relation \"" + c.Table.Name + "\" does not exist"})
	}
	if c.Count > len(names) {
		return fail(&Error{SQLState: stateSyntax, Message: "INSERT has more expressions than target columns"})
	}
	list := columnListText(names[:c.Count])
	text := p.Original[:c.At] + list + p.Original[c.At:]
	plans, err := Translate(text, c.opt)
	if err == nil && len(plans) == 1 && plans[0].Prepared.GetQuery() != nil {
		plans[0] = plans[0].Prepared.Query // PREPARE p AS INSERT …: the statement itself
	}
	if err != nil || len(plans) != 1 || plans[0].ColumnList != nil {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{SQLState: "XX000", Message: "internal error: the INSERT with its column list did not translate"}
		}
		if e.Position > c.At { // the client's text has no list there
			e.Position -= utf8.RuneCountInString(list)
		}
		return fail(e)
	}
	q := plans[0].WithCatalog(cat)
	if q == plans[0] {
		cp := *q
		q = &cp
	}
	q.Original = p.Original
	return q
}

// relationEnd is the byte offset in sql after the table reference starting at at: a
// name or a quoted name, possibly qualified, and the alias when withAlias (AS alias or
// alias).
func relationEnd(sql string, at int, withAlias bool) int {
	ident := func(i int) int {
		if i < len(sql) && sql[i] == '"' {
			for j := i + 1; j < len(sql); j++ {
				if sql[j] == '"' {
					if j+1 < len(sql) && sql[j+1] == '"' {
						j++
						continue
					}
					return j + 1
				}
			}
			return len(sql)
		}
		j := i
		for j < len(sql) {
			r, size := utf8.DecodeRuneInString(sql[j:])
			if !(r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break
			}
			j += size
		}
		return j
	}
	skip := func(i int) int {
		for i < len(sql) && (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r') {
			i++
		}
		return i
	}
	i := ident(at)
	for k := skip(i); k < len(sql) && sql[k] == '.'; k = skip(i) {
		i = ident(skip(k + 1))
	}
	if withAlias {
		k := skip(i)
		if len(sql)-k >= 2 && strings.EqualFold(sql[k:k+2], "AS") && (k+2 == len(sql) || !isIdentByte(sql[k+2])) {
			k = skip(k + 2)
		}
		i = ident(k)
	}
	return i
}

// GetColumnList is p's ColumnList, nil for a nil p.
func (p *Plan) GetColumnList() *ColumnList {
	if p == nil {
		return nil
	}
	return p.ColumnList
}

// GetQuery is the prepared statement's plan, nil for a nil c.
func (c *PreparedCommand) GetQuery() *Plan {
	if c == nil {
		return nil
	}
	return c.Query
}
