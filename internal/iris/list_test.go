package iris

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func readOne(t *testing.T, b []byte) Item {
	t.Helper()
	r := NewListReader(b)
	it, err := r.Next()
	if err != nil {
		t.Fatalf("Next(% X): %v", b, err)
	}
	if r.More() {
		t.Fatalf("Next(% X): %d bytes left over", b, len(r.Rest()))
	}
	return it
}

// Every row of the §3 worked-example table, encoded and decoded.
func TestListGoldenIntegers(t *testing.T) {
	cases := []struct {
		v   int64
		hex string
	}{
		{0, "02 04"}, {1, "03 04 01"}, {144, "03 04 90"}, {255, "03 04 FF"}, {256, "04 04 00 01"},
		{1 << 31, "06 04 00 00 00 80"}, {math.MaxInt64, "0A 04 FF FF FF FF FF FF FF 7F"},
		{-1, "02 05"}, {-2, "03 05 FE"}, {-128, "03 05 80"}, {-129, "03 05 7F"}, {-256, "03 05 00"},
		{-257, "04 05 FF FE"}, {math.MinInt64, "0A 05 00 00 00 00 00 00 00 80"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		var w ListWriter
		w.Int(c.v)
		if !bytes.Equal(w.List(), want) {
			t.Errorf("Int(%d) = % X, want % X", c.v, w.List(), want)
		}
		got, err := readOne(t, want).Int()
		if err != nil || got != c.v {
			t.Errorf("decode % X = %d, %v; want %d", want, got, err, c.v)
		}
	}
}

func TestListGoldenStrings(t *testing.T) {
	cases := []struct {
		s   string
		hex string
	}{
		{"abc", "05 01 61 62 63"},
		{"é", "03 01 E9"},
		{"тест", "0A 02 42 04 35 04 41 04 42 04"},
		{"", "02 01"}, // protocol-level empty string (CN items 7 and 9, §2.4)
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		var w ListWriter
		w.String(c.s)
		if !bytes.Equal(w.List(), want) {
			t.Errorf("String(%q) = % X, want % X", c.s, w.List(), want)
		}
		got, err := readOne(t, want).Text()
		if err != nil || got != c.s {
			t.Errorf("Text(% X) = %q, %v; want %q", want, got, err, c.s)
		}
	}
}

func TestListNullAndEmpty(t *testing.T) {
	var w ListWriter
	w.Null()
	w.Empty()
	w.Undefined()
	if want := unhex(t, "02 01 03 01 00 01"); !bytes.Equal(w.List(), want) {
		t.Fatalf("got % X want % X", w.List(), want)
	}
	r := NewListReader(w.List())
	null, _ := r.Next()
	empty, _ := r.Next()
	undef, _ := r.Next()
	if !null.IsNull() || null.Bytes() != nil {
		t.Errorf("02 01: IsNull=%v Bytes=%v", null.IsNull(), null.Bytes())
	}
	if empty.IsNull() || empty.Bytes() == nil || len(empty.Bytes()) != 0 {
		t.Errorf("03 01 00: IsNull=%v Bytes=%#v", empty.IsNull(), empty.Bytes())
	}
	if s, err := empty.Text(); s != "" || err != nil {
		t.Errorf("03 01 00 Text = %q, %v", s, err)
	}
	if !undef.Undefined || !undef.IsNull() {
		t.Errorf("01: %+v", undef)
	}
	if !readOne(t, []byte{0x02, 0x00}).IsNull() {
		t.Error("placeholder type 0 must read as NULL")
	}
}

func TestListGoldenDecimals(t *testing.T) {
	cases := []struct {
		text, hex, decoded string
	}{
		{"1.5", "04 06 FF 0F", "1.5"},
		{"-1.5", "04 07 FF F1", "-1.5"},
		{"123.45", "05 06 FE 39 30", "123.45"},
		{"0.001", "04 06 FD 01", "0.001"},
		{"1E+2", "04 06 02 01", "100"},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		var w ListWriter
		if err := w.Decimal(c.text); err != nil {
			t.Fatalf("Decimal(%q): %v", c.text, err)
		}
		if !bytes.Equal(w.List(), want) {
			t.Errorf("Decimal(%q) = % X, want % X", c.text, w.List(), want)
		}
		got, err := readOne(t, want).DecimalString()
		if err != nil || got != c.decoded {
			t.Errorf("DecimalString(% X) = %q, %v; want %q", want, got, err, c.decoded)
		}
	}
}

func TestDecimalExactText(t *testing.T) {
	cases := []struct {
		text, decoded string
	}{
		{"1.50", "1.50"},
		{"-0.000123", "-0.000123"},
		{"0", "0"},
		{"0.00", "0.00"},
		{"-0", "0"},
		{"9223372036854775807", "9223372036854775807"},
		{"-9223372036854775807", "-9223372036854775807"},
		{"922337203685477580.7", "922337203685477580.7"},
		{"12345678901234567890000", "12345678901234567890000"}, // 19 significant digits, zeros into e
		{"1E+127", "1" + strings.Repeat("0", 127)},
		{"1E-128", "0." + strings.Repeat("0", 127) + "1"},
		{"1E+130", "1" + strings.Repeat("0", 130)}, // excess exponent moved into the mantissa
		{".5", "0.5"},
		{"5.", "5"},
	}
	for _, c := range cases {
		var w ListWriter
		if err := w.Decimal(c.text); err != nil {
			t.Fatalf("Decimal(%q): %v", c.text, err)
		}
		it := readOne(t, w.List())
		if it.Type != TypePosDecimal && it.Type != TypeNegDecimal {
			t.Errorf("Decimal(%q) went as type %d, want 6/7", c.text, it.Type)
		}
		got, err := it.DecimalString()
		if err != nil || got != c.decoded {
			t.Errorf("round trip %q: got %q, %v; want %q", c.text, got, err, c.decoded)
		}
	}
}

func TestDecimalFallsBackToStringWhenNotExact(t *testing.T) {
	for _, text := range []string{"12345678901234567890.1", "1E-200", "-99999999999999999999"} {
		var w ListWriter
		if err := w.Decimal(text); err != nil {
			t.Fatalf("Decimal(%q): %v", text, err)
		}
		it := readOne(t, w.List())
		if it.Type != TypeString || string(it.Data) != text {
			t.Errorf("Decimal(%q) = % X, want the text as a type-1 string", text, w.List())
		}
		if got, err := it.DecimalString(); err != nil || got != text {
			t.Errorf("DecimalString of text item = %q, %v", got, err)
		}
	}
	for _, bad := range []string{"", "-", "1.2.3", "abc", "1e", "1e+", "NaN", "1 "} {
		var w ListWriter
		if err := w.Decimal(bad); err == nil || w.Len() != 0 {
			t.Errorf("Decimal(%q): err=%v len=%d, want error and nothing written", bad, err, w.Len())
		}
	}
}

func TestDecimalLargeMantissaDecodesExactly(t *testing.T) {
	// m = 2^63 (type-5 mantissa of 8 bytes), e = -3: beyond float64 precision.
	it := readOne(t, unhex(t, "0B 07 FD 00 00 00 00 00 00 00 80"))
	if got, _ := it.DecimalString(); got != "-9223372036854775.808" {
		t.Errorf("got %q", got)
	}
	it = readOne(t, unhex(t, "0B 06 FE FF FF FF FF FF FF FF FF")) // m = 2^64−1, e = −2
	if got, _ := it.DecimalString(); got != "184467440737095516.15" {
		t.Errorf("got %q", got)
	}
}

func TestListGoldenDoubles(t *testing.T) {
	cases := []struct {
		hex  string
		want float64
	}{
		{"0A 08 00 00 00 00 00 00 F8 3F", 1.5},
		{"04 09 F8 3F", 1.5},
		{"04 08 C0 3F", 1.5},
		{"03 09 C0", -2.0},
		{"0A 08 9A 99 99 99 99 99 B9 3F", 0.1},
		{"04 08 80 7F", math.Inf(1)},
		{"04 08 80 FF", math.Inf(-1)},
		{"02 08", 0},
		{"0A 09 00 00 00 00 00 00 02 40", 2.25}, // 8-byte type 9 (S1's parameters)
	}
	for _, c := range cases {
		got, err := readOne(t, unhex(t, c.hex)).Float()
		if err != nil || got != c.want {
			t.Errorf("Float(%s) = %v, %v; want %v", c.hex, got, err, c.want)
		}
	}
	nan, err := readOne(t, unhex(t, "04 09 F8 7F")).Float()
	if err != nil || !math.IsNaN(nan) {
		t.Errorf("NaN: %v %v", nan, err)
	}
	for _, f := range []float64{1.5, 0.1} {
		var w ListWriter
		w.Double(f)
		want := map[float64]string{1.5: "0A 08 00 00 00 00 00 00 F8 3F", 0.1: "0A 08 9A 99 99 99 99 99 B9 3F"}[f]
		if !bytes.Equal(w.List(), unhex(t, want)) {
			t.Errorf("Double(%v) = % X want %s", f, w.List(), want)
		}
	}
}

func TestUintBeyondInt64GoesAsText(t *testing.T) {
	var w ListWriter
	w.Uint(math.MaxUint64)
	it := readOne(t, w.List())
	if it.Type != TypeString || string(it.Data) != "18446744073709551615" {
		t.Fatalf("got % X", w.List())
	}
	w.Reset()
	w.Uint(256)
	if !bytes.Equal(w.List(), unhex(t, "04 04 00 01")) {
		t.Fatalf("got % X", w.List())
	}
}

func TestNestedList(t *testing.T) {
	var w ListWriter
	m := w.BeginList()
	w.Int(1)
	w.String("a")
	w.EndList(m)
	want := unhex(t, "08 01 03 04 01 03 01 61")
	if !bytes.Equal(w.List(), want) {
		t.Fatalf("nested $LB(1,\"a\") = % X want % X", w.List(), want)
	}
	inner := NewListReader(readOne(t, want).Data)
	one, _ := inner.Next()
	a, _ := inner.Next()
	if v, _ := one.Int(); v != 1 || inner.More() {
		t.Fatalf("inner = %v", v)
	}
	if s, _ := a.Text(); s != "a" {
		t.Fatalf("inner string = %q", s)
	}
}

func TestNestedListGrowsToMediumAndLong(t *testing.T) {
	for _, n := range []int{252, 300, 70000} {
		var w ListWriter
		w.Int(7) // something before the nested list, to check offsets
		m := w.BeginList()
		w.Bytes(bytes.Repeat([]byte{'x'}, n))
		w.EndList(m)
		w.Int(9)
		r := NewListReader(w.List())
		first, _ := r.Next()
		nested, err := r.Next()
		last, _ := r.Next()
		if err != nil || r.More() {
			t.Fatalf("n=%d: %v", n, err)
		}
		if v, _ := first.Int(); v != 7 {
			t.Fatalf("n=%d first=%d", n, v)
		}
		if v, _ := last.Int(); v != 9 {
			t.Fatalf("n=%d last=%d", n, v)
		}
		inner := readOne(t, nested.Data)
		if len(inner.Data) != n || inner.Data[n-1] != 'x' {
			t.Fatalf("n=%d: inner len %d", n, len(inner.Data))
		}
	}
}

// §3 boundary examples: 253/254/255/256/512/300-byte strings, and the long form.
func TestLengthForms(t *testing.T) {
	cases := []struct {
		n      int
		prefix string
	}{
		{253, "FF 01"}, {254, "00 FF 00 01"}, {255, "00 00 01 01"}, {256, "00 01 01 01"},
		{512, "00 01 02 01"}, {300, "00 2D 01 01"}, {65534, "00 FF FF 01"},
		{65535, "00 00 00 00 00 01 00 01"}, {70000, "00 00 00 71 11 01 00 01"},
	}
	for _, c := range cases {
		data := bytes.Repeat([]byte{'a'}, c.n)
		var w ListWriter
		w.Bytes(data)
		prefix := unhex(t, c.prefix)
		if !bytes.HasPrefix(w.List(), prefix) || len(w.List()) != len(prefix)+c.n {
			t.Errorf("%d bytes: prefix % X, want % X", c.n, w.List()[:len(prefix)], prefix)
		}
		it := readOne(t, w.List())
		if it.Type != TypeString || !bytes.Equal(it.Data, data) {
			t.Errorf("%d bytes: decoded type %d len %d", c.n, it.Type, len(it.Data))
		}
	}
}

func TestLatin1AndUTF16Text(t *testing.T) {
	var w ListWriter
	w.String("ÿ-é") // all ≤ U+00FF: Latin-1
	w.String("a😀b") // astral: UTF-16 surrogate pair
	r := NewListReader(w.List())
	l1, _ := r.Next()
	u, _ := r.Next()
	if l1.Type != TypeString || !bytes.Equal(l1.Data, []byte{0xFF, '-', 0xE9}) {
		t.Errorf("latin1 = %d % X", l1.Type, l1.Data)
	}
	if u.Type != TypeUnicode || !bytes.Equal(u.Data, unhex(t, "6100 3DD8 00DE 6200")) {
		t.Errorf("utf16 = %d % X", u.Type, u.Data)
	}
	if s, _ := l1.Text(); s != "ÿ-é" {
		t.Errorf("latin1 text %q", s)
	}
	if s, _ := u.Text(); s != "a😀b" {
		t.Errorf("utf16 text %q", s)
	}
	if s, _ := readOne(t, unhex(t, "04 02 00 D8")).Text(); s != "\uFFFD" {
		t.Errorf("lone surrogate → %q", s)
	}
	if _, err := readOne(t, unhex(t, "05 02 61 00 62")).Text(); err == nil {
		t.Error("odd UTF-16 length must fail")
	}
}

func TestNumbersAsText(t *testing.T) {
	cases := map[string]string{
		"03 04 2A":       "42",
		"03 05 FE":       "-2",
		"05 06 FE 39 30": "123.45",
		"04 09 F8 3F":    "1.5",
	}
	for h, want := range cases {
		if got, err := readOne(t, unhex(t, h)).Text(); err != nil || got != want {
			t.Errorf("Text(%s) = %q, %v; want %q", h, got, err, want)
		}
	}
	if v, err := readOne(t, unhex(t, "04 01 34 32")).Int(); err != nil || v != 42 {
		t.Errorf("Int of \"42\" = %d, %v", v, err)
	}
	if v, err := readOne(t, unhex(t, "04 06 02 01")).Int(); err != nil || v != 100 {
		t.Errorf("Int of 1E+2 = %d, %v", v, err)
	}
	if _, err := readOne(t, unhex(t, "04 06 FF 0F")).Int(); err == nil {
		t.Error("Int of 1.5 must fail")
	}
	if _, err := readOne(t, unhex(t, "0A 04 00 00 00 00 00 00 00 80")).Int(); err == nil {
		t.Error("type 4 above MaxInt64 must fail")
	}
}

func TestByRefTypes(t *testing.T) {
	it := readOne(t, []byte{0x03, byte(TypePosInt + 32), 0x05})
	if !it.Type.ByRef() || it.Type.Base() != TypePosInt {
		t.Fatalf("type %d", it.Type)
	}
	if v, err := it.Int(); err != nil || v != 5 {
		t.Fatalf("by-ref int = %d, %v", v, err)
	}
}

func TestListReaderRejectsTruncation(t *testing.T) {
	bad := []string{
		"05 01 61",             // short form runs past the end
		"00",                   // medium form without length
		"00 05 00 01",          // medium form runs past the end
		"00 00 00",             // long form without length
		"00 00 00 00 00 00 00", // long form length zero
		"00 00 00 FF FF FF FF 01",
	}
	for _, h := range bad {
		r := NewListReader(unhex(t, h))
		if _, err := r.Next(); !errors.Is(err, ErrMalformedList) {
			t.Errorf("% s: err = %v, want ErrMalformedList", h, err)
		}
	}
	var r ListReader
	if r.More() {
		t.Error("zero reader has items")
	}
	if _, err := r.Next(); !errors.Is(err, ErrMalformedList) {
		t.Errorf("Next past end: %v", err)
	}
}

func TestNextRaw(t *testing.T) {
	b := unhex(t, "03 04 01 05 01 61 62 63 01")
	r := NewListReader(b)
	var got [][]byte
	for r.More() {
		raw, err := r.NextRaw()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, raw)
	}
	if len(got) != 3 || !bytes.Equal(got[1], unhex(t, "05 01 61 62 63")) || !bytes.Equal(got[2], []byte{1}) {
		t.Fatalf("raw items % X", got)
	}
}
