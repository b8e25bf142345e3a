package translate

import "testing"

// An INSERT without a column list and with ON CONFLICT (k) is translated again with the
// catalog's column names written in after the table (and its alias).
func TestColumnListWrittenIn(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{`INSERT INTO up VALUES (1, 'a') ON CONFLICT (id) DO NOTHING`, `INSERT INTO up (id, name) VALUES (1, 'a')`},
		{`  INSERT INTO public."up" AS u VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = u.name`, `INSERT INTO SQLUser.up (id, name) VALUES (1, 'a')`},
	} {
		plans, err := Translate(c.sql, DefaultOptions())
		if err != nil || len(plans) != 1 || plans[0].ColumnList == nil {
			t.Fatalf("%s: %v %+v", c.sql, err, plans)
		}
		q := plans[0].WithCatalog(fakeCatalog{names: []string{"id", "name", "n"}})
		if q.CatalogError != nil || q.Original != plans[0].Original || len(q.Steps) == 0 {
			t.Fatalf("%s: %+v", c.sql, q)
		}
		found := false
		for _, st := range append(q.Steps, q.Steps[0].Else...) {
			found = found || st.SQL == c.want
		}
		if !found {
			t.Errorf("%s: no step %q in %+v", c.sql, c.want, q.Steps)
		}
	}
	plans, _ := Translate(`INSERT INTO up VALUES (1, 'a', 0, 9) ON CONFLICT (id) DO NOTHING`, DefaultOptions())
	if q := plans[0].WithCatalog(fakeCatalog{names: []string{"id", "name", "n"}}); q.CatalogError == nil || q.CatalogError.SQLState != "42601" {
		t.Errorf("too many values: %+v", q.CatalogError)
	}
}

// fakeCatalog knows one table's column names.
type fakeCatalog struct{ names []string }

func (f fakeCatalog) ColumnType(CatalogColumn) (uint32, bool) { return 0, false }
func (f fakeCatalog) ColumnNames(TableRef) []string           { return f.names }
func (f fakeCatalog) ColumnTable(CatalogColumn) (int, bool)   { return 0, false }
func (f fakeCatalog) ColumnScale(CatalogColumn) int           { return 0 }
func (f fakeCatalog) PrimaryKey(TableRef) []string            { return nil }
func (f fakeCatalog) Enum(uint32, TableRef) *EnumType         { return nil }
