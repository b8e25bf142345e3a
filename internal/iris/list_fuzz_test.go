package iris

import (
	"bytes"
	"math"
	"testing"
)

// FuzzListReader: arbitrary bytes never panic the reader or the accessors, and
// every decoded item survives re-encoding, both as raw item and as its value.
func FuzzListReader(f *testing.F) {
	seeds := []string{
		"02 01", "03 01 00", "01", "05 01 61 62 63", "0A 02 42 04 35 04 41 04 42 04",
		"0A 04 FF FF FF FF FF FF FF 7F", "0A 05 00 00 00 00 00 00 00 80", "04 05 FF FE",
		"05 06 FE 39 30", "04 07 FF F1", "04 06 02 01", "0A 08 9A 99 99 99 99 99 B9 3F",
		"04 09 F8 3F", "04 08 C0 3F", "03 09 C0", "08 01 03 04 01 03 01 61",
		"00 2D 01 01", "00 00 00 01 00 00 00 01", "00 00 00 FF FF FF FF 01", "04 02 00 D8",
	}
	for _, s := range seeds {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewListReader(b)
		for r.More() {
			it, err := r.Next()
			if err != nil {
				return
			}
			checkItemRoundTrip(t, it)
		}
	})
}

func checkItemRoundTrip(t *testing.T, it Item) {
	var w ListWriter
	if it.Undefined {
		w.Undefined()
	} else {
		w.Item(it.Type, it.Data)
	}
	again, err := (&ListReader{buf: w.List()}).Next()
	if err != nil || again.Undefined != it.Undefined || again.Type != it.Type || !bytes.Equal(again.Data, it.Data) {
		t.Fatalf("raw re-encode of %+v gave %+v, %v", it, again, err)
	}
	_ = it.IsNull()
	_ = it.Bytes()
	_, _ = it.Text()
	if v, err := it.Int(); err == nil {
		w.Reset()
		w.Int(v)
		if got, err := readAny(w.List()).Int(); err != nil || got != v {
			t.Fatalf("Int %d re-encoded as %d, %v", v, got, err)
		}
	}
	if v, err := it.Float(); err == nil {
		w.Reset()
		w.Double(v)
		got, err := readAny(w.List()).Float()
		if err != nil || (got != v && !(math.IsNaN(got) && math.IsNaN(v))) {
			t.Fatalf("Float %v re-encoded as %v, %v", v, got, err)
		}
	}
	if s, err := it.DecimalString(); err == nil {
		w.Reset()
		if err := w.Decimal(s); err != nil {
			t.Fatalf("Decimal(%q) from a decoded item: %v", s, err)
		}
		if got, err := readAny(w.List()).DecimalString(); err != nil || !sameDecimal(got, s) {
			t.Fatalf("Decimal %q re-encoded as %q, %v", s, got, err)
		}
	}
}

// sameDecimal compares two decimal texts by value and scale as our writer keeps them;
// text that went out as a string comes back verbatim.
func sameDecimal(a, b string) bool {
	if a == b {
		return true
	}
	da, ok1 := parseDecimalText(a)
	db, ok2 := parseDecimalText(b)
	if !ok1 || !ok2 {
		return false
	}
	if da.m == 0 || db.m == 0 {
		// Zero has no sign, and a positive exponent ("0000e1") is shown as "0".
		return da.m == db.m && min(da.exp+da.tz, 0) == min(db.exp+db.tz, 0)
	}
	return da.neg == db.neg && da.m == db.m && da.exp+da.tz == db.exp+db.tz
}

func readAny(b []byte) Item {
	r := NewListReader(b)
	it, _ := r.Next()
	return it
}
