package translate

import (
	"errors"
	"reflect"
	"testing"
)

func TestPrepareAndExecute(t *testing.T) {
	plans, err := Translate("PREPARE q (int, varchar) AS SELECT a FROM t WHERE b = $1 AND c = $2 AND d = $3::date", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := plans[0]
	if p.Kind != KindPrepare || p.Tag != "PREPARE" || p.NumParams != 0 || p.Prepared == nil {
		t.Fatalf("got kind %v tag %q params %d prepared %v", p.Kind, p.Tag, p.NumParams, p.Prepared)
	}
	q := p.Prepared.Query
	if p.Prepared.Name != "q" || q.Kind != KindQuery || q.SQL != "SELECT a FROM t WHERE b = ? AND c = ? AND d = CAST(? AS DATE)" || q.NumParams != 3 {
		t.Errorf("got %+v / %+v", p.Prepared, q)
	}
	// declared types first, then what the text implies; errors point into the PREPARE
	if want := []uint32{oidInt4, oidVarchar, oidDate}; !reflect.DeepEqual(p.Prepared.ParamOIDs, want) {
		t.Errorf("param OIDs %v, want %v", p.Prepared.ParamOIDs, want)
	}
	if q.Original != p.Original {
		t.Errorf("query Original %q, want the PREPARE's %q", q.Original, p.Original)
	}

	plans, err = Translate("EXECUTE q(1, 'x', '2024-01-02'::date, NULL, -2.5, true)", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	p = plans[0]
	if p.Kind != KindExecute || p.Prepared == nil || p.Prepared.Name != "q" {
		t.Fatalf("got %+v", p)
	}
	want := [][]byte{[]byte("1"), []byte("x"), []byte("2024-01-02"), nil, []byte("-2.5"), []byte("true")}
	if !reflect.DeepEqual(p.Prepared.Args, want) {
		t.Errorf("args %q, want %q", p.Prepared.Args, want)
	}
}

func TestPrepareAndExecuteRefused(t *testing.T) {
	for sql, state := range map[string]string{
		"EXECUTE q(now())":                       "0A000",
		"EXECUTE q(1 + 1)":                       "0A000",
		"EXECUTE q($1)":                          "42P02",
		"PREPARE q AS SELECT 1 INTO t2 FROM t":   "0A000",
		"PREPARE q AS SELECT * FROM t LATERAL x": "42601",
	} {
		_, err := Translate(sql, DefaultOptions())
		var te *Error
		if !errors.As(err, &te) || te.SQLState != state {
			t.Errorf("%s: got %v, want %s", sql, err, state)
		}
	}
}
