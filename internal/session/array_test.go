package session

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

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

// jsonItem is the column value holding JSON_ARRAYAGG's text js, as IRIS sends a VARCHAR:
// 8-bit when every character is below U+0100, else UTF-16.
func jsonItem(js string) iris.Item {
	w := iris.NewListWriter(nil)
	w.String(js)
	r := iris.NewListReader(w.List())
	it, _ := r.Next()
	return it
}

func intItem(n int64) iris.Item {
	w := iris.NewListWriter(nil)
	w.Int(n)
	r := iris.NewListReader(w.List())
	it, _ := r.Next()
	return it
}

var nullItem = iris.Item{Type: iris.TypeString}

// arrayRow is one result row of SELECT JSON_ARRAYAGG(x), COUNT(*), COUNT(x), MIN(x) with
// elem the IRIS column of x, and the arrayColumn that builds its array.
func arrayRow(list iris.Item, fed, nonNull int64, elem iris.Column) (*testRow, *arrayColumn) {
	cols := []iris.Column{{ODBCType: iris.ODBCVarChar, Precision: 8192}, {ODBCType: iris.ODBCBigInt}, {ODBCType: iris.ODBCBigInt}, elem}
	a := &translate.ArrayAgg{Rows: 1, NonNull: 2, Elem: 3}
	field := pgproto3.FieldDescription{DataTypeOID: arrayAggType(cols, a)}
	return &testRow{items: []iris.Item{list, intItem(fed), intItem(nonNull), nullItem}, cols: cols}, newArrayColumn(cols, a, &field)
}

func TestArrayTextQuoting(t *testing.T) {
	elems := []string{"plain", "with space", "a,b", "", `say "hi"`, `back\slash`, "NULL", "null", "NuLl", "{x}", "x}", "tab\there",
		"new\nline", "NULLs", "NUL", "ü", "-", "x\vy", "x\fy", "cr\r"}
	want := `{plain,"with space","a,b","","say \"hi\"","back\\slash","NULL","null","NuLl","{x}","x}","tab` + "\t" + `here","new` + "\n" +
		`line",NULLs,NUL,ü,-,"x` + "\v" + `y","x` + "\f" + `y","cr` + "\r" + `",NULL,NULL}`
	// As the simulator writes them: only " and \ escaped, '' as "\u0000".
	var js []byte
	for i, e := range elems {
		if i == 0 {
			js = append(js, '[')
		} else {
			js = append(js, ',')
		}
		if e == "" {
			js = append(js, `"\u0000"`...)
			continue
		}
		js = append(js, '"')
		js = append(js, strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(e)...)
		js = append(js, '"')
	}
	list := jsonItem(string(js) + "]")
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

// Each element type read from both forms IRIS may use inside JSON_ARRAYAGG's array
// (not established: numbers as JSON numbers or strings, canonical without a leading
// zero; dates, times and time stamps in their logical form or as ODBC text).
func TestArrayElementsAsTheirTypes(t *testing.T) {
	numeric := iris.Column{ODBCType: iris.ODBCNumeric, Precision: 10, Scale: 2}
	int4Back := func(want ...int32) func(t *testing.T, b []byte) {
		return func(t *testing.T, b []byte) {
			var v []*int32
			if err := pgtype.NewMap().Scan(oidInt4Array, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != len(want)+1 || v[len(want)] != nil {
				t.Fatalf("binary int4[]: %v %v", v, err)
			}
			for i, w := range want {
				if *v[i] != w {
					t.Errorf("binary int4 element %d: %d, want %d", i, *v[i], w)
				}
			}
		}
	}
	numericBack := func(t *testing.T, b []byte) {
		var v []pgtype.Numeric
		if err := pgtype.NewMap().Scan(oidNumericArray, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != 5 {
			t.Fatalf("binary numeric[]: %v %v", v, err)
		}
		if got, _ := v[1].Value(); got != "0.50" {
			t.Errorf("binary numeric element %v, want 0.50", got)
		}
	}
	dateBack := func(t *testing.T, b []byte) {
		var v []pgtype.Date
		if err := pgtype.NewMap().Scan(oidDateArray, pgtype.BinaryFormatCode, b, &v); err != nil || len(v) != 3 || v[0].Time.Format("2006-01-02") != "2024-05-17" {
			t.Errorf("binary date[]: %v %v", v, err)
		}
	}
	cases := []struct {
		name           string
		elem           iris.Column
		js             string
		fed, nonNull   int64
		want           string
		wantArrayType  uint32
		wantBinaryBack func(t *testing.T, b []byte)
	}{
		{"int as numbers", iris.Column{ODBCType: iris.ODBCInteger}, "[1,-20,300]", 4, 3, "{1,-20,300,NULL}", oidInt4Array, int4Back(1, -20, 300)},
		{"int as strings", iris.Column{ODBCType: iris.ODBCInteger}, `["1","-20","300"]`, 4, 3, "{1,-20,300,NULL}", oidInt4Array, int4Back(1, -20, 300)},
		{"int with white space", iris.Column{ODBCType: iris.ODBCInteger}, " [ 1 ,\n-20\t, 300 ] ", 4, 3, "{1,-20,300,NULL}", oidInt4Array, nil},
		{"bigint", iris.Column{ODBCType: iris.ODBCBigInt}, `[9000000000,"-9223372036854775808"]`, 2, 2, "{9000000000,-9223372036854775808}", oidInt8Array, nil},
		{"numeric as numbers, canonical", numeric, "[2,.5,-.25,1.5E1,100]", 5, 5, "{2.00,0.50,-0.25,15.00,100.00}", oidNumericArray, numericBack},
		{"numeric as strings", numeric, `["2",".5","-.25","15","1E2"]`, 5, 5, "{2.00,0.50,-0.25,15.00,100.00}", oidNumericArray, numericBack},
		{"bool as numbers", iris.Column{ODBCType: iris.ODBCBit}, "[1,0]", 3, 2, "{t,f,NULL}", oidBoolArray, nil},
		{"bool as strings", iris.Column{ODBCType: iris.ODBCBit}, `["1","0"]`, 3, 2, "{t,f,NULL}", oidBoolArray, nil},
		{"bool as JSON literals", iris.Column{ODBCType: iris.ODBCBit}, `[true,false]`, 2, 2, "{t,f}", oidBoolArray, nil},
		{"date as horolog, horolog string and ODBC text", iris.Column{ODBCType: iris.ODBCDate}, `[66977,"58073","2000-01-01"]`, 3, 3, "{2024-05-17,1999-12-31,2000-01-01}", oidDateArray, dateBack},
		{"time as seconds and as text", iris.Column{ODBCType: iris.ODBCTime}, `[3661,"7322",37230.5,"23:59:59"]`, 4, 4, "{01:01:01,02:02:02,10:20:30.5,23:59:59}", oidTimeArray, nil},
		{"timestamp as ODBC text", iris.Column{ODBCType: iris.ODBCTimestamp}, `["2024-01-02 03:04:05.5","1999-12-31 23:59:59"]`, 2, 2, `{"2024-01-02 03:04:05.5","1999-12-31 23:59:59"}`, oidTimestampArray, nil},
		{"timestamp as %PosixTime", iris.Column{ODBCType: iris.ODBCTimestamp}, "[" + posixText("2024-01-02 03:04:05.5") + `,"` + posixText("1999-12-31 23:59:59") + `"]`, 2, 2, `{"2024-01-02 03:04:05.5","1999-12-31 23:59:59"}`, oidTimestampArray, nil},
		{"double", iris.Column{ODBCType: iris.ODBCDouble}, `[.1,100000000000000000000,"-2.5",1e-7]`, 4, 4, "{0.1,1e+20,-2.5,1e-07}", oidFloat8Array, nil},
		{"text keeps numbers as written", iris.Column{ODBCType: iris.ODBCVarChar, Precision: 20}, `[.5,"007",1E2,"-.5",true]`, 5, 5, "{.5,007,1E2,-.5,true}", oidVarcharArray, nil},
		{"text escapes and unicode", iris.Column{ODBCType: iris.ODBCVarChar, Precision: 20},
			`["a\"b","c\\d","e\/f","\b\f\n\r\t","\u00fc\u20AC","\ud83d\ude00","é😀","raw` + "\t" + `tab","\u0000","","x\u0000y","it's"]`, 12, 12,
			`{"a\"b","c\\d",e/f,"` + "\b\f\n\r\t" + `",ü€,😀,é😀,"raw` + "\t" + `tab","","",x` + "\x00" + `y,it's}`, oidVarcharArray, nil},
		{"only NULLs: []", iris.Column{ODBCType: iris.ODBCInteger}, "[]", 2, 0, "{NULL,NULL}", oidInt4Array, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row, a := arrayRow(jsonItem(c.js), c.fed, c.nonNull, c.elem)
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

// posixText is the %PosixTime integer of an ODBC time stamp, as text.
func posixText(ts string) string {
	tm, err := time.Parse("2006-01-02 15:04:05.999999", ts)
	if err != nil {
		panic(err)
	}
	return strconv.FormatInt(iris.PosixFromTime(tm), 10)
}

func TestArrayNoRowsIsNull(t *testing.T) {
	row, a := arrayRow(nullItem, 0, 0, iris.Column{ODBCType: iris.ODBCInteger})
	if _, v, err := a.value(nil, row, 0, 0); err != nil || v != nil {
		t.Fatalf("no rows: %q, %v; want SQL NULL", v, err)
	}
	// Only NULLs, JSON_ARRAYAGG itself NULL rather than []: the NULLs all the same.
	row, a = arrayRow(nullItem, 2, 0, iris.Column{ODBCType: iris.ODBCInteger})
	if _, v, err := a.value(nil, row, 0, 0); err != nil || string(v) != "{NULL,NULL}" {
		t.Fatalf("only NULLs: %q, %v", v, err)
	}
}

// A JSON_ARRAYAGG value that is not a whole JSON array of exactly the values COUNT
// counted (cut at 8192 characters, malformed, other counts) fails the statement rather
// than show another array.
func TestArrayNotWholeFails(t *testing.T) {
	long := `["` + strings.Repeat("x", 98) + `"` + strings.Repeat(`,"`+strings.Repeat("x", 98)+`"`, 99) + "]" // 10101 characters
	for _, c := range []struct {
		name, js string
		elem     int
	}{
		{"fewer values", "[1]", iris.ODBCInteger},
		{"more values", "[1,2,3]", iris.ODBCInteger},
		{"a null element", "[1,null]", iris.ODBCInteger},
		{"cut after a value", "[1,2", iris.ODBCInteger},
		{"cut after a comma", "[1,", iris.ODBCInteger},
		{"cut inside a string", `["ab","c`, iris.ODBCVarChar},
		{"cut inside an escape", `["ab","c\`, iris.ODBCVarChar},
		{"cut inside a \\u escape", `["ab","\u00`, iris.ODBCVarChar},
		{"cut at 8192 characters", long[:8192], iris.ODBCVarChar},
		{"empty text", "", iris.ODBCInteger},
		{"comma text (ODBC %DLIST form)", "1,2", iris.ODBCInteger},
		{"not an array", `{"a":1}`, iris.ODBCInteger},
		{"nested array", "[[1],2]", iris.ODBCInteger},
		{"text after the array", "[1,2] 3", iris.ODBCInteger},
		{"two commas", "[1,,2]", iris.ODBCInteger},
		{"trailing comma", "[1,2,]", iris.ODBCInteger},
		{"bad number", "[1,2.]", iris.ODBCInteger},
		{"bad literal", "[1,tru]", iris.ODBCInteger},
		{"unknown escape", `["a\x","b"]`, iris.ODBCVarChar},
		{"lone high surrogate", `["\ud83d","b"]`, iris.ODBCVarChar},
		{"lone low surrogate", `["\ude00","b"]`, iris.ODBCVarChar},
		{"not a number for an int", `["x","y"]`, iris.ODBCInteger},
		{"NULL for two values", "", -1},
	} {
		var list iris.Item
		if c.elem == -1 {
			list, c.elem = nullItem, iris.ODBCInteger
		} else {
			list = jsonItem(c.js)
			if c.js == "" {
				list = iris.Item{Type: iris.TypeString, Data: []byte{0}} // ''
			}
		}
		row, a := arrayRow(list, 2, 2, iris.Column{ODBCType: c.elem, Precision: 100})
		_, _, err := a.value(nil, row, 0, 0)
		var we *wire.Error
		if !errors.As(err, &we) || we.Code != "XX000" {
			t.Errorf("%s: err = %v, want XX000", c.name, err)
			continue
		}
		if strings.HasPrefix(c.name, "cut") && !strings.Contains(we.Message, "not a complete array") {
			t.Errorf("%s: message %q", c.name, we.Message)
		}
	}
	row, a := arrayRow(jsonItem(long[:8192]), 100, 100, iris.Column{ODBCType: iris.ODBCVarChar, Precision: 100})
	_, _, err := a.value(nil, row, 0, 0)
	if err == nil || !strings.Contains(err.Error(), "JSON_ARRAYAGG returns at most 3641144 characters") {
		t.Errorf("cut array: %v", err)
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
		if err := unsupportedArrays(cols, names, fields); !errors.As(err, &we) || we.Code != "0A000" {
			t.Errorf("ODBC %d: %v, want 0A000", odbc, err)
		}
	}
}
