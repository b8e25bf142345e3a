package session

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// testRow is a rowSource over items decoded as cols say.
type testRow struct {
	items []iris.Item
	cols  []iris.Column
}

func (r *testRow) Item(i int) iris.Item     { return r.items[i] }
func (r *testRow) Value(i int) (any, error) { return iris.DecodeItem(&r.cols[i], r.items[i]) }

// listItem is the column value holding the $LIST that fill writes.
func listItem(fill func(w *iris.ListWriter)) iris.Item {
	w := iris.NewListWriter(nil)
	fill(&w)
	return iris.Item{Type: iris.TypeString, Data: append([]byte(nil), w.List()...)}
}

func intItem(n int64) iris.Item {
	w := iris.NewListWriter(nil)
	w.Int(n)
	r := iris.NewListReader(w.List())
	it, _ := r.Next()
	return it
}

var nullItem = iris.Item{Type: iris.TypeString}

// arrayRow is one result row of SELECT %DLIST(x), COUNT(*), COUNT(x), MIN(x) with elem
// the IRIS column of x, and the arrayColumn that builds its array.
func arrayRow(list iris.Item, fed, nonNull int64, elem iris.Column) (*testRow, *arrayColumn) {
	cols := []iris.Column{{ODBCType: iris.ODBCVarChar, Precision: 4096}, {ODBCType: iris.ODBCBigInt}, {ODBCType: iris.ODBCBigInt}, elem}
	a := &translate.ArrayAgg{Rows: 1, NonNull: 2, Elem: 3}
	field := pgproto3.FieldDescription{DataTypeOID: arrayAggType(cols, a)}
	return &testRow{items: []iris.Item{list, intItem(fed), intItem(nonNull), nullItem}, cols: cols}, newArrayColumn(cols, a, &field)
}

func TestArrayTextQuoting(t *testing.T) {
	elems := []string{"plain", "with space", "a,b", "", `say "hi"`, `back\slash`, "NULL", "null", "NuLl", "{x}", "x}", "tab\there",
		"new\nline", "NULLs", "NUL", "ü", "-", "x\vy", "x\fy", "cr\r"}
	want := `{plain,"with space","a,b","","say \"hi\"","back\\slash","NULL","null","NuLl","{x}","x}","tab` + "\t" + `here","new` + "\n" +
		`line",NULLs,NUL,ü,-,"x` + "\v" + `y","x` + "\f" + `y","cr` + "\r" + `",NULL,NULL}`
	list := listItem(func(w *iris.ListWriter) {
		for _, e := range elems {
			if e == "" {
				w.Empty() // IRIS's '' ($CHAR(0))
			} else {
				w.String(e)
			}
		}
	})
	row, a := arrayRow(list, int64(len(elems)+2), int64(len(elems)), iris.Column{ODBCType: iris.ODBCVarChar, Precision: 50})
	if a.elem.DataTypeOID != oidVarchar {
		t.Fatalf("element type %d, want varchar", a.elem.DataTypeOID)
	}
	_, v, err := a.value(nil, row, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if string(v) != want {
		t.Fatalf("got  %s\nwant %s", v, want)
	}
	// pgx's own array parser reads it back to the same elements.
	var back []pgtype.Text
	if err := pgtype.NewMap().Scan(oidVarcharArray, pgtype.TextFormatCode, v, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != len(elems)+2 || back[len(back)-1].Valid || back[len(back)-2].Valid {
		t.Fatalf("read back %d elements (%v)", len(back), back)
	}
	for i, e := range elems {
		if !back[i].Valid || back[i].String != e {
			t.Errorf("element %d read back as %q, want %q", i, back[i].String, e)
		}
	}
	// Binary: the same elements, NULLs flagged.
	_, b, err := a.value(nil, row, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	back = nil
	if err := pgtype.NewMap().Scan(oidVarcharArray, pgtype.BinaryFormatCode, b, &back); err != nil {
		t.Fatal(err)
	}
	for i, e := range elems {
		if !back[i].Valid || back[i].String != e {
			t.Errorf("binary element %d read back as %q, want %q", i, back[i].String, e)
		}
	}
	if len(back) != len(elems)+2 || back[len(elems)].Valid {
		t.Fatalf("binary: %d elements, want %d with NULLs last", len(back), len(elems)+2)
	}
}

func TestArrayElementsAsTheirTypes(t *testing.T) {
	numeric := iris.Column{ODBCType: iris.ODBCNumeric, Precision: 10, Scale: 2}
	cases := []struct {
		name           string
		elem           iris.Column
		fill           func(w *iris.ListWriter)
		fed, nonNull   int64
		want           string
		wantArrayType  uint32
		wantBinaryBack func(t *testing.T, b []byte)
	}{
		{"int", iris.Column{ODBCType: iris.ODBCInteger}, func(w *iris.ListWriter) { w.Int(1); w.Int(-20); w.Int(300) }, 4, 3, "{1,-20,300,NULL}", oidInt4Array,
			func(t *testing.T, b []byte) {
				var v []*int32
				if err := pgtype.NewMap().Scan(oidInt4Array, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != 4 || *v[0] != 1 || *v[1] != -20 || *v[2] != 300 || v[3] != nil {
					t.Errorf("binary int4[]: %v %v", v, err)
				}
			}},
		{"numeric scale", numeric, func(w *iris.ListWriter) { w.Int(2); _ = w.Decimal("1.5"); _ = w.Decimal("-0.25") }, 3, 3, "{2.00,1.50,-0.25}", oidNumericArray,
			func(t *testing.T, b []byte) {
				var v []pgtype.Numeric
				if err := pgtype.NewMap().Scan(oidNumericArray, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != 3 {
					t.Fatalf("binary numeric[]: %v %v", v, err)
				}
				if got, _ := v[1].Value(); got != "1.50" {
					t.Errorf("binary numeric element %v, want 1.50", got)
				}
			}},
		{"bool", iris.Column{ODBCType: iris.ODBCBit}, func(w *iris.ListWriter) { w.Int(1); w.Int(0) }, 3, 2, "{t,f,NULL}", oidBoolArray, nil},
		{"date as horolog and as text", iris.Column{ODBCType: iris.ODBCDate}, func(w *iris.ListWriter) { w.Int(66977); w.String("2000-01-01") }, 2, 2, "{2024-05-17,2000-01-01}", oidDateArray,
			func(t *testing.T, b []byte) {
				var v []pgtype.Date
				if err := pgtype.NewMap().Scan(oidDateArray, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != 2 || v[0].Time.Format("2006-01-02") != "2024-05-17" {
					t.Errorf("binary date[]: %v %v", v, err)
				}
			}},
		{"timestamp", iris.Column{ODBCType: iris.ODBCTimestamp}, func(w *iris.ListWriter) { w.String("2024-01-02 03:04:05.5") }, 1, 1, `{"2024-01-02 03:04:05.5"}`, oidTimestampArray, nil},
		{"double", iris.Column{ODBCType: iris.ODBCDouble}, func(w *iris.ListWriter) { w.Double(0.1); w.Double(1e20) }, 2, 2, "{0.1,1e+20}", oidFloat8Array, nil},
		{"only NULLs", iris.Column{ODBCType: iris.ODBCInteger}, func(*iris.ListWriter) {}, 2, 0, "{NULL,NULL}", oidInt4Array, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list := listItem(c.fill)
			if c.nonNull == 0 {
				list = nullItem // %DLIST of no non-NULL value
			}
			row, a := arrayRow(list, c.fed, c.nonNull, c.elem)
			if got := arrayAggType(row.cols, &translate.ArrayAgg{Rows: 1, NonNull: 2, Elem: 3}); got != c.wantArrayType {
				t.Errorf("array type %d, want %d", got, c.wantArrayType)
			}
			_, v, err := a.value(nil, row, 0, 0)
			if err != nil || string(v) != c.want {
				t.Errorf("text %q (%v), want %q", v, err, c.want)
			}
			if c.wantBinaryBack != nil {
				_, b, err := a.value(nil, row, 0, 1)
				if err != nil {
					t.Fatal(err)
				}
				c.wantBinaryBack(t, b)
			}
		})
	}
}

func TestArrayNoRowsIsNull(t *testing.T) {
	row, a := arrayRow(nullItem, 0, 0, iris.Column{ODBCType: iris.ODBCInteger})
	if _, v, err := a.value(nil, row, 0, 0); err != nil || v != nil {
		t.Fatalf("no rows: %q, %v; want SQL NULL", v, err)
	}
}

// A %DLIST that does not hold exactly the values COUNT counted fails the statement
// rather than show another array.
func TestArrayCountMismatchFails(t *testing.T) {
	for _, c := range []struct {
		name string
		list iris.Item
	}{
		{"fewer values", listItem(func(w *iris.ListWriter) { w.Int(1) })},
		{"a NULL element", listItem(func(w *iris.ListWriter) { w.Int(1); w.Null() })},
		{"comma text (ODBC display form)", iris.Item{Type: iris.TypeString, Data: []byte("1,2")}},
	} {
		row, a := arrayRow(c.list, 2, 2, iris.Column{ODBCType: iris.ODBCInteger})
		_, _, err := a.value(nil, row, 0, 0)
		var we *wire.Error
		if !errors.As(err, &we) || we.Code != "XX000" {
			t.Errorf("%s: err = %v, want XX000", c.name, err)
		}
	}
}

func TestArrayOfUnmappedTypeRefused(t *testing.T) {
	for _, odbc := range []int{iris.ODBCVarBinary, -99, iris.ODBCLongVarChar} {
		cols := []iris.Column{{ODBCType: iris.ODBCVarChar}, {ODBCType: iris.ODBCBigInt}, {ODBCType: iris.ODBCBigInt}, {ODBCType: odbc}}
		names := []translate.Column{{Name: "a", ArrayAgg: &translate.ArrayAgg{Rows: 1, NonNull: 2, Elem: 3}}}
		fields := rowDescription(cols, names, nil)
		if len(fields) != 1 || fields[0].DataTypeOID != 0 {
			t.Fatalf("ODBC %d: fields %+v", odbc, fields)
		}
		var we *wire.Error
		if err := unsupportedArrays(names, fields); !errors.As(err, &we) || we.Code != "0A000" {
			t.Errorf("ODBC %d: %v, want 0A000", odbc, err)
		}
	}
}
