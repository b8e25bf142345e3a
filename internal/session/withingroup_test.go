package session

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// withinRow is one result row of SELECT JSON_ARRAYAGG(x), COUNT(x), MIN(x) with elem the
// IRIS column of x, and the arrayColumn that computes ordered-set aggregate w over it.
func withinRow(js string, n int64, elem iris.Column, w *translate.WithinGroup, desc bool) (*testRow, *arrayColumn, error) {
	cols := []iris.Column{{ODBCType: iris.ODBCVarChar, Precision: 8192}, {ODBCType: iris.ODBCBigInt}, elem}
	a := &translate.ArrayAgg{Rows: -1, NonNull: 1, Elem: 2, Order: []translate.AggSortKey{{Desc: desc, NullsFirst: desc}}, Within: w}
	t, err := withinType(cols, a)
	field := pgproto3.FieldDescription{DataTypeOID: t.OID}
	list := nullItem
	if js != "" {
		list = jsonItem(js)
	}
	return &testRow{items: []iris.Item{list, intItem(n), nullItem}, cols: cols}, newArrayColumn(cols, a, &field), err
}

func fractions(fs ...float64) []translate.Fraction {
	out := make([]translate.Fraction, len(fs))
	for i, f := range fs {
		out[i] = translate.Fraction{Value: f}
	}
	return out
}

var doubleCol = iris.Column{ODBCType: iris.ODBCDouble}

// The expected texts are what PostgreSQL 15 printed for the same values and fractions.
func TestPercentileContMatchesPostgres(t *testing.T) {
	for _, c := range []struct {
		js   string
		n    int64
		f    float64
		desc bool
		want string
	}{
		{`[.1,.2,2.5,-4.75,10000000000]`, 5, 0.5, false, "0.2"},
		{`[.1,.2,2.5,-4.75,10000000000]`, 5, 0.1, false, "-2.81"},
		{`[.1,.2,2.5,-4.75,10000000000]`, 5, 0.3333, false, "0.13332"},
		{`[.1,.2,2.5,-4.75,10000000000]`, 5, 0.9, true, "-2.81"},
		{`[1,3,3,7,11,13.25]`, 6, 0.123456789, false, "2.23456789"},
		{`[1,3,3,7,11,13.25]`, 6, 0.7, false, "9"},
		{`[1,3,3,7,11,13.25]`, 6, 0.99, false, "13.1375"},
		{`[.1,.2]`, 2, 0.5, false, "0.15000000000000002"},
		{`[.1,.2,2.5]`, 3, 0.1, false, "0.12000000000000001"},
		{`["5","1"]`, 2, 1, false, "5"}, // numbers as strings sort by value
		{`[7]`, 1, 0.42, false, "7"},
	} {
		row, a, err := withinRow(c.js, c.n, doubleCol, &translate.WithinGroup{Func: "percentile_cont", Fractions: fractions(c.f)}, c.desc)
		if err != nil {
			t.Fatal(err)
		}
		_, v, err := a.value(nil, row, 0, 0)
		if err != nil || string(v) != c.want {
			t.Errorf("percentile_cont(%v) of %s (desc %v) = %q, %v; want %s", c.f, c.js, c.desc, v, err, c.want)
		}
		if _, v, err = a.value(nil, row, 0, 1); err != nil || len(v) != 8 {
			t.Errorf("percentile_cont(%v) of %s in binary: %x, %v", c.f, c.js, v, err)
		} else if got := appendFloatText(nil, math.Float64frombits(binary.BigEndian.Uint64(v)), 64); string(got) != c.want {
			t.Errorf("percentile_cont(%v) of %s in binary: %s", c.f, c.js, got)
		}
	}
}

func TestPercentileDiscAndModeMatchPostgres(t *testing.T) {
	intCol := iris.Column{ODBCType: iris.ODBCInteger}
	for _, c := range []struct {
		fn   string
		f    float64
		desc bool
		want string
	}{
		{"percentile_disc", 0, false, "1"}, {"percentile_disc", 0.2, false, "1"}, {"percentile_disc", 0.21, false, "2"},
		{"percentile_disc", 0.5, false, "3"}, {"percentile_disc", 1, false, "5"}, {"percentile_disc", 0.5, true, "3"},
		{"percentile_disc", 0.2, true, "5"},
	} {
		row, a, _ := withinRow(`[5,1,4,2,3]`, 5, intCol, &translate.WithinGroup{Func: c.fn, Fractions: fractions(c.f)}, c.desc)
		if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != c.want {
			t.Errorf("%s(%v) desc %v = %q, %v; want %s", c.fn, c.f, c.desc, v, err, c.want)
		}
	}
	// mode: the first of the longest runs in sort order (PostgreSQL: 2, and 3 descending).
	for desc, want := range map[bool]string{false: "2", true: "3"} {
		row, a, _ := withinRow(`[3,2,4,1,3,2]`, 6, intCol, &translate.WithinGroup{Func: "mode"}, desc)
		if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != want {
			t.Errorf("mode desc %v = %q, %v; want %s", desc, v, err, want)
		}
	}
}

// Text sorts by code point whatever JSON form a value has (a number in a VARCHAR column
// is compared as its text), character(n) without trailing blanks, numbers by value.
func TestWithinGroupSortsAsPostgres(t *testing.T) {
	varchar := iris.Column{ODBCType: iris.ODBCVarChar, Precision: 20}
	row, a, _ := withinRow(`["b","a",10,"9","B","\u0000"]`, 6, varchar, &translate.WithinGroup{Func: "percentile_disc", Fractions: fractions(0, 0.3, 0.5, 0.6, 1), Multi: true}, false)
	if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != `{"",10,9,B,b}` {
		t.Errorf("text percentiles %q, %v", v, err)
	}
	row, a, _ = withinRow(`["x  ","y","x"]`, 3, iris.Column{ODBCType: iris.ODBCChar, Precision: 3}, &translate.WithinGroup{Func: "mode"}, false)
	a.elem.DataTypeOID, a.ordered.padded = oidBpchar, true // what the catalog makes of a character(3) column
	if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != "x  " {
		t.Errorf("character(n) mode %q, %v", v, err)
	}
	numeric := iris.Column{ODBCType: iris.ODBCNumeric, Precision: 10, Scale: 2}
	row, a, _ = withinRow(`[10,9.5,-.25,"100"]`, 4, numeric, &translate.WithinGroup{Func: "percentile_disc", Fractions: fractions(0.5)}, false)
	if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != "9.50" {
		t.Errorf("numeric percentile_disc %q, %v", v, err)
	}
}

func TestWithinGroupNullsAndRanges(t *testing.T) {
	w := &translate.WithinGroup{Func: "percentile_cont", Fractions: fractions(1.5)}
	// A fraction out of range fails even for a group of no values, as PostgreSQL's
	// final function checks it first.
	row, a, _ := withinRow("", 0, doubleCol, w, false)
	var we *wire.Error
	if _, _, err := a.value(nil, row, 0, 0); !errors.As(err, &we) || we.Code != "22003" || we.Message != "percentile value 1.5 is not between 0 and 1" {
		t.Errorf("1.5: %v", err)
	}
	// An array of fractions is checked only when there are values.
	w = &translate.WithinGroup{Func: "percentile_cont", Fractions: fractions(0.5, -1e-6), Multi: true}
	row, a, _ = withinRow("[]", 0, doubleCol, w, false)
	if _, v, err := a.value(nil, row, 0, 0); err != nil || v != nil {
		t.Errorf("no values: %q, %v", v, err)
	}
	row, a, _ = withinRow("[1]", 1, doubleCol, w, false)
	if _, _, err := a.value(nil, row, 0, 0); !errors.As(err, &we) || we.Message != "percentile value -1e-06 is not between 0 and 1" {
		t.Errorf("-1e-6: %v", err)
	}
	w = &translate.WithinGroup{Func: "percentile_cont", Fractions: []translate.Fraction{{Value: 0}, {Null: true}, {Value: 1}}, Multi: true}
	row, a, _ = withinRow("[4,2]", 2, doubleCol, w, false)
	if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != "{2,NULL,4}" {
		t.Errorf("with a NULL fraction: %q, %v", v, err)
	}
	w = &translate.WithinGroup{Func: "percentile_disc", Fractions: []translate.Fraction{{Null: true}}}
	row, a, _ = withinRow("[4,2]", 2, doubleCol, w, false)
	if _, v, err := a.value(nil, row, 0, 0); err != nil || v != nil {
		t.Errorf("NULL fraction: %q, %v", v, err)
	}
	// A cut or miscounted array fails rather than giving another value.
	row, a, _ = withinRow("[4,2", 2, doubleCol, &translate.WithinGroup{Func: "mode"}, false)
	if _, _, err := a.value(nil, row, 0, 0); !errors.As(err, &we) || we.Code != "XX000" {
		t.Errorf("cut array: %v", err)
	}
	row, a, _ = withinRow("[4,2]", 3, doubleCol, &translate.WithinGroup{Func: "mode"}, false)
	if _, _, err := a.value(nil, row, 0, 0); !errors.As(err, &we) || we.Code != "XX000" {
		t.Errorf("miscounted array: %v", err)
	}
}

func TestWithinGroupTypes(t *testing.T) {
	date := iris.Column{ODBCType: iris.ODBCDate}
	_, _, err := withinRow("[]", 0, date, &translate.WithinGroup{Func: "percentile_cont", Fractions: fractions(0.5), DirectType: "numeric"}, false)
	var we *wire.Error
	if !errors.As(err, &we) || we.Code != "42883" || we.Message != "function percentile_cont(numeric, date) does not exist" {
		t.Errorf("percentile_cont of a date: %v", err)
	}
	_, _, err = withinRow("[]", 0, date, &translate.WithinGroup{Func: "percentile_disc", Fractions: fractions(0.5), DirectType: "unknown"}, false)
	if !errors.As(err, &we) || we.Code != "42725" {
		t.Errorf("percentile_disc('0.5') of a date: %v", err)
	}
	_, _, err = withinRow("[]", 0, iris.Column{ODBCType: iris.ODBCVarBinary}, &translate.WithinGroup{Func: "mode"}, false)
	if !errors.As(err, &we) || we.Code != "0A000" {
		t.Errorf("mode of bytes: %v", err)
	}
	cols := []iris.Column{{ODBCType: iris.ODBCVarChar}, {ODBCType: iris.ODBCBigInt}, date}
	for w, want := range map[*translate.WithinGroup]uint32{
		{Func: "percentile_disc", Fractions: fractions(0.5)}:              oidDate,
		{Func: "percentile_disc", Fractions: fractions(0.5), Multi: true}: oidDateArray,
		{Func: "mode"}: oidDate,
	} {
		if typ, err := withinType(cols, &translate.ArrayAgg{NonNull: 1, Elem: 2, Within: w}); err != nil || typ.OID != want {
			t.Errorf("%+v: %d, %v; want %d", w, typ.OID, err, want)
		}
	}
}

func TestFormatG(t *testing.T) {
	for f, want := range map[float64]string{1.5: "1.5", -0.1: "-0.1", 1e10: "1e+10", -1e-6: "-1e-06", 2: "2", 123456789: "1.23457e+08",
		math.Inf(-1): "-Infinity", math.NaN(): "NaN"} {
		if got := formatG(f); got != want {
			t.Errorf("formatG(%v) = %s, want %s", f, got, want)
		}
	}
}
