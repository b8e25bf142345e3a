package session

import "testing"

func TestNumberOutOfRange(t *testing.T) {
	numeric52 := int32(5<<16|2) + 4
	for _, c := range []struct {
		v      string
		oid    uint32
		typmod int32
		want   string
	}{
		{"40000", oidInt2, -1, "smallint out of range"},
		{"32767", oidInt2, -1, ""},
		{"-32768.4", oidInt2, -1, ""},
		{"-32768.5", oidInt2, -1, "smallint out of range"},
		{"2147483648", oidInt4, -1, "integer out of range"},
		{"9223372036854775808", oidInt8, -1, "bigint out of range"},
		{"1000", oidNumeric, numeric52, "numeric field overflow"},
		{"999.995", oidNumeric, numeric52, "numeric field overflow"},
		{"-999.994", oidNumeric, numeric52, ""},
		{"1e10", oidNumeric, -1, ""}, // unbounded numeric
		{"abc", oidInt4, -1, ""},
		{"1e10", oidText, -1, ""},
	} {
		if got := numberOutOfRange(c.v, c.oid, c.typmod); got != c.want {
			t.Errorf("%s into %d(%d): %q, want %q", c.v, c.oid, c.typmod, got, c.want)
		}
	}
}

func TestParseFieldValidationNumber(t *testing.T) {
	for _, c := range []struct {
		detail                       string
		schema, table, column, value string
		ok                           bool
	}{
		{"Field 'SQLUser.t.n' (value 40000) failed validation", "SQLUser", "t", "n", "40000", true},
		{"Field 'SQLUser.t.n' (value '1000.5') failed validation", "SQLUser", "t", "n", "1000.5", true},
		{"Field 'SQLUser.t.n' (value 'abc') failed validation", "", "", "", "", false},
		{"Field 'SQLUser.t.n' (value 12", "", "", "", "", false},
	} {
		schema, table, column, value, ok := parseFieldValidationNumber(c.detail)
		if ok != c.ok || schema != c.schema || table != c.table || column != c.column || value != c.value {
			t.Errorf("%q: got %q %q %q %q %v", c.detail, schema, table, column, value, ok)
		}
	}
}
