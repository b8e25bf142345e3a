package session

import "testing"

func TestParseFieldValidation(t *testing.T) {
	for _, c := range []struct {
		detail                       string
		schema, table, column, value string
		ok                           bool
	}{
		{"Field 'SQLUser.t.code' (value 'abcdef') failed validation", "SQLUser", "t", "code", "abcdef", true},
		{" Field 'App.Orders.Note' (value 'it''s') failed validation", "App", "Orders", "Note", "it''s", true},
		{"Field 'SQLUser.t.n' (value 12345678901) failed validation", "", "", "", "", false}, // not a string
		{"Field 'SQLUser.t.code' (value 'abc", "", "", "", "", false},
		{"something else entirely", "", "", "", "", false},
	} {
		schema, table, column, value, ok := parseFieldValidation(c.detail)
		if ok != c.ok || schema != c.schema || table != c.table || column != c.column || value != c.value {
			t.Errorf("%q: got %q %q %q %q %v", c.detail, schema, table, column, value, ok)
		}
	}
}
