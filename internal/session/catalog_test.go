package session

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestCatalogBinaryArrayRoundTrip(t *testing.T) {
	// int2vector (pg_index.indkey) is a zero-based int2 array in binary.
	got, null, err := appendBinaryArray(nil, []any{int64(1), int64(3)}, oidInt2, true)
	if err != nil || null {
		t.Fatal(err, null)
	}
	want := []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 21, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 2, 0, 3}
	if !bytes.Equal(got, want) {
		t.Errorf("int2vector binary\n got % x\nwant % x", got, want)
	}
	// A name[] with a NULL, as pgx sends for nspname = ANY($1).
	enc, _, err := appendBinaryArray(nil, []any{"public", nil, "sales"}, oidName, false)
	if err != nil {
		t.Fatal(err)
	}
	if binary.BigEndian.Uint32(enc[4:]) != 1 {
		t.Error("has-null flag not set")
	}
	dec, err := decodeBinaryArray(enc, oidName)
	if err != nil || len(dec) != 3 || dec[0] != "public" || dec[1] != nil || dec[2] != "sales" {
		t.Errorf("decoded %v, %v", dec, err)
	}
	if empty, _, _ := appendBinaryArray(nil, nil, oidOID, false); !bytes.Equal(empty, []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26}) {
		t.Errorf("empty array % x", empty)
	}
	if _, err := decodeBinaryArray([]byte{0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1}, oidText); err == nil {
		t.Error("a two-dimensional array was accepted")
	}
}

func TestCatalogBinaryScalars(t *testing.T) {
	text := func(d []byte) []byte { return append(d, "x"...) }
	cases := []struct {
		v    any
		oid  uint32
		want []byte
	}{
		{int64(16385), oidRegclass, []byte{0, 0, 0x40, 0x01}},
		{int64(-1), oidInt4, []byte{0xff, 0xff, 0xff, 0xff}},
		{int64(5), oidInt2, []byte{0, 5}},
		{true, oidBool, []byte{1}},
		{"r", oidChar1, []byte("x")}, // text form, as written by the catalog
	}
	for _, c := range cases {
		got, err := appendCatalogScalar(nil, c.v, c.oid, text)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%v as %d: % x, %v; want % x", c.v, c.oid, got, err, c.want)
		}
	}
	if _, err := appendCatalogScalar(nil, int64(1), 1186, text); err == nil {
		t.Error("an interval was encoded without a binary encoder")
	}
}
