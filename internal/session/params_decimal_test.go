package session

import (
	"errors"
	"testing"

	"github.com/pgwired/pgwired/internal/wire"
)

func TestIsDecimalText(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-1": true, "+1.50": true, ".5": true, "5.": true, "1e3": true, "-1.5E-07": true, "12345678901234567890.123": true,
		"": false, "-": false, ".": false, "1.2.3": false, "1e": false, "1e+": false, "e5": false, "not-a-number": false,
		"NaN": false, "Infinity": false, "1,5": false, "1 000": false, "0x1F": false, "--1": false,
	} {
		if got := isDecimalText(s); got != want {
			t.Errorf("isDecimalText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNumericParameterSyntaxIs22P02(t *testing.T) {
	_, err := decodeParams([][]byte{[]byte("12.5"), []byte("abc")}, nil, []uint32{oidNumeric, oidNumeric})
	var we *wire.Error
	if !errors.As(err, &we) || we.Code != "22P02" {
		t.Fatalf("got %v, want a 22P02 error", err)
	}
	if we.Message != `invalid input syntax for type numeric: "abc"` || we.Where != "unnamed portal parameter $2 = '...'" {
		t.Errorf("message %q, context %q: want PostgreSQL's, naming the numeric type and parameter $2", we.Message, we.Where)
	}
}

// An empty bytea parameter is the empty value, which the IRIS client sends as the empty
// string, not as NULL (a nil slice).
func TestEmptyByteaParameterIsNotNull(t *testing.T) {
	for _, format := range []int16{0, 1} {
		raw := []byte{}
		if format == 0 {
			raw = []byte(`\x`)
		}
		vals, err := decodeParams([][]byte{raw}, []int16{format}, []uint32{oidBytea})
		if err != nil {
			t.Fatal(err)
		}
		if b, ok := vals[0].([]byte); !ok || b == nil || len(b) != 0 {
			t.Errorf("format %d: %#v, want an empty non-nil []byte", format, vals[0])
		}
	}
}
