package session

import (
	"encoding/binary"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

func TestAppendFloatTextMatchesPostgres(t *testing.T) {
	// Expected strings are what PostgreSQL 15 prints for float8 (extra_float_digits = 1).
	cases := []struct {
		f    float64
		want string
	}{
		{1.5, "1.5"}, {-2.25e10, "-22500000000"}, {0.1, "0.1"}, {1e15, "1e+15"}, {1e14, "100000000000000"},
		{123456789012345680, "1.2345678901234568e+17"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
		{1.5e-5, "1.5e-05"}, {0, "0"}, {math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"},
		{math.NaN(), "NaN"}, {-0.5, "-0.5"}, {3, "3"},
	}
	for _, c := range cases {
		if got := string(appendFloatText(nil, c.f, 64)); got != c.want {
			t.Errorf("%v: got %q, want %q", c.f, got, c.want)
		}
	}
}

func TestPadScale(t *testing.T) {
	typmod := func(p, s int) int32 { return int32(p<<16|s) + 4 }
	cases := []struct {
		in     string
		typmod int32
		want   string
	}{
		{"1.5", typmod(9, 2), "1.50"}, {"12", typmod(9, 3), "12.000"}, {"-0.001", typmod(12, 3), "-0.001"},
		{"7", typmod(5, 0), "7"}, {"7.25", -1, "7.25"}, {"1E+20", typmod(30, 2), "1E+20"},
	}
	for _, c := range cases {
		if got := string(padScale([]byte(c.in), 0, c.typmod)); got != c.want {
			t.Errorf("padScale(%q): got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSQLStateForSQLCODE(t *testing.T) {
	cases := map[int]string{
		-1: "42601", -25: "42601", -29: "42703", -30: "42P01", -99: "42501", -108: "23502",
		-119: "23505", -121: "23503", -110: "55P03", -201: "42P07", -375: "3B001", -12345: "XX000",
	}
	for code, want := range cases {
		if got := sqlStateForSQLCODE(code, ""); got != want {
			t.Errorf("SQLCODE %d: got %s, want %s", code, got, want)
		}
	}
	if got := sqlStateForSQLCODE(-400, "<DIVIDE>"); got != "22012" {
		t.Errorf("-400 <DIVIDE>: got %s", got)
	}
}

func TestDecodeTextParam(t *testing.T) {
	v, err := decodeTextParam("42", oidInt4)
	if err != nil || v != int64(42) {
		t.Fatalf("int4: %v %v", v, err)
	}
	v, _ = decodeTextParam("t", oidBool)
	if v != true {
		t.Fatalf("bool: %v", v)
	}
	v, _ = decodeTextParam(`\x0aff`, oidBytea)
	if b, ok := v.([]byte); !ok || len(b) != 2 || b[0] != 0x0a || b[1] != 0xff {
		t.Fatalf("bytea: %v", v)
	}
	v, _ = decodeTextParam("2024-05-17 13:45:10.5+02", oidTimestamptz)
	if v != "2024-05-17 11:45:10.5" {
		t.Fatalf("timestamptz to UTC: %v", v)
	}
	if _, err := decodeTextParam("abc", oidInt8); err == nil {
		t.Fatal("bad integer accepted")
	}
}

func TestCopyTextParser(t *testing.T) {
	c := &translate.CopyCommand{Format: "text", Table: "t"}
	p := newCopyParser(c, strings.NewReader("1\tone\n2\t\\N\n3\ta\\tb\\\\c\n\\.\n"))
	var got [][]string
	for {
		vals, _, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var row []string
		for _, v := range vals {
			if v == nil {
				row = append(row, "<null>")
			} else {
				row = append(row, *v)
			}
		}
		got = append(got, row)
	}
	want := [][]string{{"1", "one"}, {"2", "<null>"}, {"3", "a\tb\\c"}}
	if len(got) != len(want) {
		t.Fatalf("rows: %q", got)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func TestCopyCSVParser(t *testing.T) {
	c := &translate.CopyCommand{Format: "csv", Table: "t", Header: true}
	p := newCopyParser(c, strings.NewReader("id,name\n1,\"a,b\"\n2,\n3,\"\"\n4,\"multi\nline\"\"q\"\n"))
	var rows []string
	var lines []int
	for {
		vals, line, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			if v == nil {
				parts = append(parts, "<null>")
			} else {
				parts = append(parts, *v)
			}
		}
		rows = append(rows, strings.Join(parts, "|"))
		lines = append(lines, line)
	}
	want := []string{"1|a,b", "2|<null>", "3|", "4|multi\nline\"q"}
	if strings.Join(rows, ";") != strings.Join(want, ";") {
		t.Fatalf("got %q, want %q", rows, want)
	}
	if lines[0] != 2 || lines[3] != 5 {
		t.Fatalf("line numbers %v", lines)
	}
}

func TestAppendCSVQuoting(t *testing.T) {
	cases := map[string]string{"plain": "plain", "a,b": `"a,b"`, `q"q`: `"q""q"`, "": `""`, "two\nlines": "\"two\nlines\""}
	for in, want := range cases {
		if got := string(appendCSV(nil, in, ',', '"', '"', "", false)); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}

func TestAppendUUIDBinary(t *testing.T) {
	want := []byte{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78}
	for _, in := range []string{"12345678-1234-5678-1234-567812345678", "{12345678-1234-5678-1234-567812345678}", "1234567812345678123456781234567A", "1234-5678-1234-5678-1234-5678-1234-5678"} {
		got, err := appendUUIDBinary([]byte{9}, in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		w := append([]byte{9}, want...)
		if in[len(in)-1] == 'A' {
			w[16] = 0x7a
		}
		if string(got) != string(w) {
			t.Errorf("%s: % x, want % x", in, got, w)
		}
	}
	for _, bad := range []string{"", "1234", "12345678-1234-5678-1234-56781234567", "12345678-1234-5678-1234-5678123456789", "g2345678-1234-5678-1234-567812345678", "-12345678-1234-5678-1234-56781234567", "123-45678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678-", "{12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678}"} {
		if _, err := appendUUIDBinary(nil, bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	// The binary path of a uuid column, from the string IRIS sends for a GUID.
	got, err := appendBinary(nil, "12345678-1234-5678-1234-567812345678", oidUUID)
	if err != nil || string(got) != string(want) {
		t.Errorf("appendBinary uuid: % x %v", got, err)
	}
}

func TestDecodeTextUUIDParam(t *testing.T) {
	for in, want := range map[string]string{
		"12345678123456789abcdef012345678":       "12345678-1234-5678-9abc-def012345678",
		"{12345678-1234-5678-9ABC-DEF012345678}": "12345678-1234-5678-9abc-def012345678",
		" 12345678-1234-5678-9abc-def012345678":  "12345678-1234-5678-9abc-def012345678",
	} {
		got, err := decodeTextParam(in, oidUUID)
		if err != nil || got != want {
			t.Errorf("%q: %v %v, want %q", in, got, err, want)
		}
	}
	if _, err := decodeTextParam("not-a-uuid", oidUUID); err == nil {
		t.Error("bad uuid accepted")
	}
}

func TestNonFiniteParamsRefused(t *testing.T) {
	for _, c := range []struct {
		text string
		oid  uint32
	}{{"NaN", oidFloat8}, {"-Infinity", oidFloat8}, {"inf", oidFloat4}, {"NaN", oidNumeric}, {"+Infinity", oidNumeric}} {
		_, err := decodeParams([][]byte{[]byte(c.text)}, nil, []uint32{c.oid})
		we, ok := err.(*wire.Error)
		if !ok || we.Code != "0A000" || !strings.HasPrefix(we.Message, "parameter $1: NaN and infinite") {
			t.Errorf("%s as %d: %v", c.text, c.oid, err)
		}
	}
	bin := make([]byte, 8)
	binary.BigEndian.PutUint64(bin, math.Float64bits(math.NaN()))
	if _, err := decodeParams([][]byte{bin}, []int16{1}, []uint32{oidFloat8}); err == nil {
		t.Error("binary NaN accepted")
	}
	if v, err := decodeParams([][]byte{[]byte("-1.5e3")}, nil, []uint32{oidFloat8}); err != nil || v[0] != -1500.0 {
		t.Errorf("finite float: %v %v", v, err)
	}
	if _, err := decodeParams([][]byte{[]byte("abc")}, nil, []uint32{oidNumeric}); err == nil || err.(*wire.Error).Code != "22P02" {
		t.Errorf("bad numeric: %v", err)
	}
}

func TestTimestamptzResults(t *testing.T) {
	ts := time.Date(2024, 5, 17, 11, 45, 10, 500000000, time.UTC)
	if got, _ := appendText(nil, ts, oidTimestamptz); string(got) != "2024-05-17 11:45:10.5+00" {
		t.Errorf("text %q", got)
	}
	if got, _ := appendText(nil, ts, oidTimestamp); string(got) != "2024-05-17 11:45:10.5" {
		t.Errorf("timestamp text %q", got)
	}
	got, err := appendBinary(nil, ts, oidTimestamptz)
	if err != nil || len(got) != 8 || int64(binary.BigEndian.Uint64(got)) != ts.Sub(pgEpoch).Microseconds() {
		t.Errorf("binary % x %v", got, err)
	}
}

func TestTimestampParamsKeepWallTimeWithoutZone(t *testing.T) {
	for in, want := range map[string]string{
		"2024-01-02 10:00:00+01":        "2024-01-02 10:00:00",
		"2024-05-17T13:45:10.123456+02": "2024-05-17 13:45:10.123456",
		"2024-05-17 13:45:10Z":          "2024-05-17 13:45:10",
		"2024-05-17 13:45:10":           "2024-05-17 13:45:10",
	} {
		if got, err := decodeTextParam(in, oidTimestamp); err != nil || got != want {
			t.Errorf("timestamp %q: %v %v, want %q", in, got, err, want)
		}
	}
	// timestamptz keeps the instant, in UTC.
	if got, _ := decodeTextParam("2024-01-02 10:00:00+01", oidTimestamptz); got != "2024-01-02 09:00:00" {
		t.Errorf("timestamptz: %v", got)
	}
}

func TestTimetzResults(t *testing.T) {
	tod := iris.NewTimeOfDay(13, 14, 15, 123456)
	if got, err := appendText(nil, tod, oidTimetz); err != nil || string(got) != "13:14:15.123456+00" {
		t.Errorf("text %q %v", got, err)
	}
	got, err := appendBinary(nil, tod, oidTimetz)
	if err != nil || len(got) != 12 || int64(binary.BigEndian.Uint64(got)) != int64(tod) || binary.BigEndian.Uint32(got[8:]) != 0 {
		t.Errorf("binary % x %v", got, err)
	}
}
