package translate

import "testing"

// RENAME COLUMN: a stored CHECK definition names the new column as pg_get_constraintdef
// shows it, with the condition translated anew.
func TestRenameCheckColumn(t *testing.T) {
	rel := TableRef{Name: "t"}
	for _, c := range []struct{ def, from, to, want, cond string }{
		{"CHECK (qty > 0)", "qty", "amount", "CHECK (amount > 0)", "amount > 0"},
		{"CHECK (a > b AND a < 100)", "a", "A x", `CHECK ("A x" > b AND "A x" < 100)`, `"A x" > b AND "A x" < 100`},
		{"CHECK (t.a IN (1, 2)) NOT VALID", "a", "user", `CHECK (t."user" IN (1, 2)) NOT VALID`, `t."user" IN (1, 2)`},
		{"CHECK (lower(name) <> '')", "NAME", "label", "CHECK (lower(label) <> '')", ""},
	} {
		d, err := RenameCheckColumn(c.def, rel, c.from, c.to, DefaultOptions())
		if err != nil || d == nil {
			t.Fatalf("%s: %v %v", c.def, d, err)
		}
		if d.Def != c.want || c.cond != "" && d.Cond != c.cond {
			t.Errorf("%s: got %s / %s, want %s / %s", c.def, d.Def, d.Cond, c.want, c.cond)
		}
		if d.NotValid != (c.want[len(c.want)-1] == 'D') {
			t.Errorf("%s: NOT VALID is %v", c.def, d.NotValid)
		}
	}
	if d, err := RenameCheckColumn("CHECK (b > 0)", rel, "a", "c", DefaultOptions()); d != nil || err != nil {
		t.Errorf("a definition without the column: %v %v", d, err)
	}
}
