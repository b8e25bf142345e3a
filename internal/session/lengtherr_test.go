package session

import "testing"

func TestParseFieldValidation(t *testing.T) {
	for _, c := range []struct {
		detail                       string
		schema, table, column, value string
		quoted, ok                   bool
	}{
		{"Field 'SQLUser.t.code' (value 'abcdef') failed validation", "SQLUser", "t", "code", "abcdef", true, true},
		{" Field 'App.Orders.Note' (value 'it''s') failed validation", "App", "Orders", "Note", "it''s", true, true},
		{"Field 'SQLUser.t.n' (value 12345678901) failed validation", "SQLUser", "t", "n", "12345678901", false, true},
		{"Field 'SQLUser.t.code' (value 'abc", "", "", "", "", false, false},
		{"Field 'SQLUser.t.code' (value ') failed validation", "", "", "", "", false, false},
		{"something else entirely", "", "", "", "", false, false},
	} {
		schema, table, column, value, quoted, ok := parseFieldValidation(c.detail)
		if ok != c.ok || quoted != c.quoted || schema != c.schema || table != c.table || column != c.column || value != c.value {
			t.Errorf("%q: got %q %q %q %q %v %v", c.detail, schema, table, column, value, quoted, ok)
		}
	}
}

func TestIntegerRangeError(t *testing.T) {
	for _, c := range []struct {
		oid   uint32
		value string
		want  string // "" = no refinement
	}{
		{oidInt2, "32767", ""},
		{oidInt2, "32768", "smallint out of range"},
		{oidInt2, "-32769", "smallint out of range"},
		{oidInt4, "100000", ""},
		{oidInt4, "2147483648", "integer out of range"},
		{oidInt8, "9223372036854775808", "bigint out of range"},
		{oidInt8, "-9223372036854775808", ""},
		{oidInt2, "1.5", ""},
		{oidInt2, "abc", ""},
		{oidInt2, "-", ""},
		{oidInt2, "", ""},
		// PostgreSQL rounds a fraction before checking the range.
		{oidInt2, "-32768.4", ""},
		{oidInt2, "-32768.5", "smallint out of range"},
		{oidInt2, "40000", "smallint out of range"},
		{oidInt4, "2147483648", "integer out of range"},
	} {
		e := integerRangeError(c.oid, c.value)
		got := ""
		if e != nil {
			got = e.Message
			if e.Code != "22003" {
				t.Errorf("%d %q: code %s", c.oid, c.value, e.Code)
			}
		}
		if got != c.want {
			t.Errorf("%d %q: %q, want %q", c.oid, c.value, got, c.want)
		}
	}
}

func TestNumericOverflowError(t *testing.T) {
	typmod := func(p, s int) int32 { return int32(p<<16|s) + 4 }
	for _, c := range []struct {
		typmod int32
		value  string
		detail string // "" = no refinement
	}{
		{typmod(10, 2), "12345678901", "A field with precision 10, scale 2 must round to an absolute value less than 10^8."},
		{typmod(10, 2), "99999999.99", ""},
		{typmod(10, 2), "99999999.995", "A field with precision 10, scale 2 must round to an absolute value less than 10^8."},
		{typmod(10, 2), "-100000000", "A field with precision 10, scale 2 must round to an absolute value less than 10^8."},
		{typmod(3, 3), "1", "A field with precision 3, scale 3 must round to an absolute value less than 1."},
		{typmod(3, 3), "0.9994", ""},
		{typmod(10, 2), "abc", ""},
		{-1, "1e100", ""},
		{typmod(5, 2), "1000", "A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
		{typmod(5, 2), "999.995", "A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
		{typmod(5, 2), "-999.994", ""},
	} {
		e := numericOverflowError(c.typmod, c.value)
		got := ""
		if e != nil {
			got = e.Detail
			if e.Code != "22003" || e.Message != "numeric field overflow" {
				t.Errorf("%q: %s %s", c.value, e.Code, e.Message)
			}
		}
		if got != c.detail {
			t.Errorf("%d %q: %q, want %q", c.typmod, c.value, got, c.detail)
		}
	}
}
