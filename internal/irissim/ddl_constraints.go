package irissim

import "strings"

// parseConstraint reads PRIMARY KEY (cols) | UNIQUE (cols) | FOREIGN KEY (cols) REFERENCES ...
func parseConstraint(cat *catalog, t *table, toks []token, i, b int, name string) (*constraint, int, *sqlError) {
	k := &constraint{Name: name}
	switch {
	case toks[i].is("PRIMARY") && toks[i+1].is("KEY"):
		k.Type = "PRIMARY KEY"
		i += 2
	case toks[i].is("UNIQUE"):
		k.Type = "UNIQUE"
		i++
	case toks[i].is("FOREIGN") && toks[i+1].is("KEY"):
		k.Type = "FOREIGN KEY"
		i += 2
	default:
		return nil, i, errSyntax("Constraint type expected")
	}
	cols, next, err := nameList(toks, i)
	if err != nil {
		return nil, i, err
	}
	for _, c := range cols {
		if t.col(c) == nil {
			return nil, i, sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(c), t.Name)
		}
	}
	k.Columns = canonicalNames(t, cols)
	i = next
	if k.Type == "FOREIGN KEY" {
		if !toks[i].is("REFERENCES") {
			return nil, i, errSyntax("REFERENCES expected")
		}
		i, err = parseReferences(cat, t, toks, i, b, k)
		if err != nil {
			return nil, i, err
		}
	}
	return k, i, nil
}

func canonicalNames(t *table, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if c := t.col(n); c != nil {
			out[i] = c.Name
		}
	}
	return out
}

// nameList reads "( a, b, ... )".
func nameList(toks []token, i int) ([]string, int, *sqlError) {
	if !toks[i].op("(") {
		return nil, i, errSyntax("'(' expected")
	}
	var names []string
	i++
	for {
		if !toks[i].isName() {
			return nil, i, errSyntax("Name expected, found " + toks[i].text)
		}
		names = append(names, identName(toks[i]))
		i++
		if toks[i].is("ASC") || toks[i].is("DESC") {
			i++
		}
		if toks[i].op(")") {
			return names, i + 1, nil
		}
		if !toks[i].op(",") {
			return nil, i, errSyntax("',' or ')' expected")
		}
		i++
	}
}

// parseReferences reads REFERENCES table [(cols)] [ON DELETE act] [ON UPDATE act].
func parseReferences(cat *catalog, t *table, toks []token, i, b int, k *constraint) (int, *sqlError) {
	i++ // REFERENCES
	schema, name, next, err := qualifiedName(cat, toks, i)
	if err != nil {
		return i, err
	}
	i = next
	parent := cat.lookup(schema, name)
	if parent == nil && strings.EqualFold(schema, t.Schema) && strings.EqualFold(name, t.Name) {
		parent = t
	}
	if parent == nil {
		return i, sqlErrorf(-30, "Table '%s.%s' not found", upperIdent(schema), upperIdent(name))
	}
	k.RefSchema, k.RefTable = parent.Schema, parent.Name
	if toks[i].op("(") {
		cols, next, err := nameList(toks, i)
		if err != nil {
			return i, err
		}
		for _, c := range cols {
			if parent.col(c) == nil {
				return i, sqlErrorf(-29, "Field '%s' not found in table '%s'", upperIdent(c), parent.Name)
			}
		}
		k.RefColumns = canonicalNames(parent, cols)
		i = next
	} else if pk := parent.primaryKey(); pk != nil {
		k.RefColumns = pk.Columns
	} else if id := parent.identity(); id != nil {
		k.RefColumns = []string{id.Name}
	} else {
		return i, errSyntax("Referenced table '" + parent.Name + "' has no PRIMARY KEY or IDENTITY to reference")
	}
	if len(k.RefColumns) != len(k.Columns) {
		return i, errSyntax("FOREIGN KEY and referenced field lists differ in length")
	}
	if ref := referencedKey(parent, k.RefColumns); ref != "" {
		k.RefName = ref
	} else {
		return i, errSyntax("Referenced fields of table '" + parent.Name + "' are not a PRIMARY KEY or UNIQUE")
	}
	for i < b && toks[i].is("ON") {
		which := toks[i+1].up
		if which != "DELETE" && which != "UPDATE" {
			return i, errSyntax("DELETE or UPDATE expected after ON")
		}
		i += 2
		var act string
		switch {
		case toks[i].is("CASCADE"):
			act, i = "CASCADE", i+1
		case toks[i].is("RESTRICT"):
			act, i = "NO ACTION", i+1
		case toks[i].is("NO") && toks[i+1].is("ACTION"):
			act, i = "NO ACTION", i+2
		case toks[i].is("SET") && toks[i+1].is("NULL"):
			act, i = "SET NULL", i+2
		default:
			return i, errSyntax("Unsupported referential action " + toks[i].text)
		}
		if which == "DELETE" {
			k.OnDelete = act
		} else if act != "NO ACTION" {
			k.OnUpdate = act
		}
	}
	return i, nil
}

// referencedKey names the PRIMARY KEY / UNIQUE constraint (or IDENTITY) over cols.
func referencedKey(t *table, cols []string) string {
	for _, k := range t.Constraints {
		if (k.Type == "PRIMARY KEY" || k.Type == "UNIQUE") && sameNames(k.Columns, cols) {
			return k.Name
		}
	}
	if id := t.identity(); id != nil && len(cols) == 1 && strings.EqualFold(cols[0], id.Name) {
		return "IDKEY"
	}
	return ""
}

// addConstraint names an anonymous constraint the way IRIS does and checks duplicates.
func addConstraint(t *table, k *constraint) *sqlError {
	if k.Type == "PRIMARY KEY" && t.primaryKey() != nil {
		return sqlErrorf(-307, "Table '%s' already has a primary key", t.Name)
	}
	if k.Name == "" {
		suffix := map[string]string{"PRIMARY KEY": "PKEY", "UNIQUE": "UNIQUE", "FOREIGN KEY": "FKEY"}[k.Type]
		k.Name = upperIdent(t.Name) + suffix + itoa(len(t.Constraints)+1)
	}
	if t.constraintNamed(k.Name) != nil {
		return sqlErrorf(-311, "Constraint '%s' already exists for table '%s'", k.Name, t.Name)
	}
	t.Constraints = append(t.Constraints, k)
	return nil
}
