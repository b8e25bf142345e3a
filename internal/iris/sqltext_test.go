package iris

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRewriteMarkers(t *testing.T) {
	cases := []struct {
		in, out string
		n       int
	}{
		{"SELECT ?", "SELECT  :%qpar(1) ", 1},
		{"SELECT ?,?", "SELECT  :%qpar(1) , :%qpar(2) ", 2},
		{"SELECT '?', 'it''s ?', ? FROM t", "SELECT '?', 'it''s ?',  :%qpar(1)  FROM t", 1},
		{`SELECT "a?b", "x""?" FROM t WHERE c = ?`, `SELECT "a?b", "x""?" FROM t WHERE c =  :%qpar(1) `, 1},
		{"SELECT ? -- why?\n, ?", "SELECT  :%qpar(1)  -- why?\n,  :%qpar(2) ", 2},
		{"SELECT /* ? */ ? /* unterminated ?", "SELECT /* ? */  :%qpar(1)  /* unterminated ?", 1},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
		{"SELECT 'é?', ?", "SELECT 'é?',  :%qpar(1) ", 1},
	}
	for _, c := range cases {
		got, n := rewriteMarkers(nil, c.in)
		if string(got) != c.out || n != c.n {
			t.Errorf("rewrite(%q) = %q, %d; want %q, %d", c.in, got, n, c.out, c.n)
		}
	}
}

func TestIsQuery(t *testing.T) {
	for sql, want := range map[string]bool{
		"SELECT 1": true, "  select 1": true, "WITH x AS (SELECT 1) SELECT * FROM x": true,
		"(SELECT 1)": true, "/* c */ -- d\n VALUES (1)": true, "SELECTED": false,
		"INSERT INTO t SELECT 1": false, "UPDATE t SET a=1": false, "": false, "CALL p()": false,
	} {
		if got := isQuery(sql); got != want {
			t.Errorf("isQuery(%q) = %v", sql, got)
		}
	}
}

func TestSQLChunks(t *testing.T) {
	long := strings.Repeat("é", sqlChunkBytes) // 2 bytes per rune: cuts must fall on rune starts
	var w ListWriter
	appendSQLChunks(&w, []byte(long))
	r := NewListReader(w.List())
	nIt, _ := r.Next()
	n, _ := nIt.Int()
	var sb strings.Builder
	for i := int64(0); i < n; i++ {
		it, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		s, _ := it.Text()
		sb.WriteString(s)
	}
	if n != 2 || sb.String() != long || r.More() {
		t.Fatalf("%d chunks, joined equal = %v", n, sb.String() == long)
	}
}

func TestParamEncoding(t *testing.T) {
	cases := []struct {
		v   any
		hex string
	}{
		{nil, "02 01"},
		{"", "03 01 00"},
		{"abc", "05 01 61 62 63"},
		{"é", "03 01 E9"},
		{[]byte(nil), "02 01"},
		{[]byte{}, "03 01 00"},
		{[]byte{0xDE, 0xAD}, "04 01 DE AD"},
		{true, "03 04 01"},
		{false, "02 04"},
		{int8(-2), "03 05 FE"},
		{uint16(256), "04 04 00 01"},
		{uint64(1) << 63, "15 01 39 32 32 33 33 37 32 30 33 36 38 35 34 37 37 35 38 30 38"},
		{2.25, "0A 08 00 00 00 00 00 00 02 40"},
		{float32(1.5), "0A 08 00 00 00 00 00 00 F8 3F"},
		{Decimal("123.45"), "05 06 FE 39 30"},
		{time.Date(2025, 9, 16, 10, 20, 30, 123456789, time.UTC), "1F 01 " + hexOf("2025-09-16 10:20:30.123456789")},
		{Date{2024, 5, 17}, "0C 01 " + hexOf("2024-05-17")},
		{NewTimeOfDay(10, 20, 30, 500000), "0C 01 " + hexOf("10:20:30.5")},
	}
	for _, c := range cases {
		var w ListWriter
		if err := appendParam(&w, c.v); err != nil {
			t.Fatalf("%#v: %v", c.v, err)
		}
		if want := unhex(t, c.hex); !bytes.Equal(w.List(), want) {
			t.Errorf("%#v = % X want % X", c.v, w.List(), want)
		}
	}
	var w ListWriter
	if err := appendParam(&w, Decimal("1.2.3")); err == nil {
		t.Error("bad Decimal accepted")
	}
	if err := appendParam(&w, map[string]int{}); err == nil {
		t.Error("unknown type accepted")
	}
}

func hexOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString(strings.ToUpper(string("0123456789abcdef"[s[i]>>4]) + string("0123456789abcdef"[s[i]&15])))
		b.WriteByte(' ')
	}
	return b.String()
}

func TestTemporalConversions(t *testing.T) {
	for days, want := range map[int64]Date{47117: {1970, 1, 1}, 58074: {2000, 1, 1}, 66977: {2024, 5, 17}, 0: {1840, 12, 31}} {
		if got := DateFromHorolog(days); got != want {
			t.Errorf("horolog %d = %v want %v", days, got, want)
		}
		if got := want.Horolog(); got != days {
			t.Errorf("%v.Horolog() = %d", want, got)
		}
	}
	posix := map[int64]time.Time{
		1154679522636970432:  time.Date(2025, 9, 16, 10, 20, 30, 123456000, time.UTC),
		-6947328004811081856: time.Date(1025, 9, 16, 10, 20, 30, 0, time.UTC),
		0x1000000000000000:   time.Unix(0, 0).UTC(),
	}
	for r, want := range posix {
		if got := TimeFromPosix(r); !got.Equal(want) {
			t.Errorf("TimeFromPosix(%d) = %v want %v", r, got, want)
		}
		if got := PosixFromTime(want); got != r {
			t.Errorf("PosixFromTime(%v) = %d want %d", want, got, r)
		}
	}
	if got := NewTimeOfDay(23, 59, 59, 999999).String(); got != "23:59:59.999999" {
		t.Errorf("TimeOfDay = %s", got)
	}
	if got := (Date{33, 2, 3}).String(); got != "0033-02-03" {
		t.Errorf("Date = %s", got)
	}
	for _, bad := range []string{"2024-13-01", "2024-01-01X", "24-01-01", "abcd-ef-gh"} {
		if _, err := parseDateText([]byte(bad)); err == nil {
			t.Errorf("date %q accepted", bad)
		}
	}
	for _, bad := range []string{"24:00:00", "10:20", "10:20:30.", "10:20:30x"} {
		if _, err := parseTimeText([]byte(bad)); err == nil {
			t.Errorf("time %q accepted", bad)
		}
	}
}
