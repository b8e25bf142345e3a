package session

import (
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// array_agg(x) reaches IRIS as JSON_ARRAYAGG(x) with hidden counts and MIN(x) after the
// visible columns (translate/arrayagg.go). The session parses the JSON array
// (jsonarray.go), checks it against the counts, and writes PostgreSQL's array of the
// element type: text {a,"b c",NULL} or the binary array format.

// Array type OIDs (pg_type.typarray) of the element types pgwired shows.
const (
	oidBoolArray        uint32 = 1000
	oidInt2Array        uint32 = 1005
	oidInt4Array        uint32 = 1007
	oidTextArray        uint32 = 1009
	oidBpcharArray      uint32 = 1014
	oidVarcharArray     uint32 = 1015
	oidInt8Array        uint32 = 1016
	oidFloat4Array      uint32 = 1021
	oidFloat8Array      uint32 = 1022
	oidTimestampArray   uint32 = 1115
	oidDateArray        uint32 = 1182
	oidTimeArray        uint32 = 1183
	oidTimestamptzArray uint32 = 1185
	oidNumericArray     uint32 = 1231
	oidUUIDArray        uint32 = 2951
)

// arrayOf maps an element type to its array type; elementOf is the reverse.
var (
	arrayOf = map[uint32]uint32{
		oidBool: oidBoolArray, oidInt2: oidInt2Array, oidInt4: oidInt4Array, oidInt8: oidInt8Array,
		oidText: oidTextArray, oidVarchar: oidVarcharArray, oidBpchar: oidBpcharArray,
		oidFloat4: oidFloat4Array, oidFloat8: oidFloat8Array, oidNumeric: oidNumericArray,
		oidDate: oidDateArray, oidTime: oidTimeArray, oidTimestamp: oidTimestampArray,
		oidTimestamptz: oidTimestamptzArray, oidUUID: oidUUIDArray,
	}
	elementOf = func() map[uint32]uint32 {
		m := make(map[uint32]uint32, len(arrayOf))
		for e, a := range arrayOf {
			m[a] = e
		}
		return m
	}()
)

// arrayAggElem is the element type of array_agg column a: the type the text gives
// (a literal, a cast), else what IRIS describes MIN(x) as. ok is false for a type
// pgwired has no array type for (bytea, IRIS types it shows as text, such as VECTOR).
func arrayAggElem(cols []iris.Column, a *translate.ArrayAgg) (pgType, bool) {
	if a.Elem >= len(cols) {
		return pgType{}, false
	}
	c := &cols[a.Elem]
	t := pgTypeForODBC(c.ODBCType, c.Precision, c.Scale)
	if a.ElemOID != 0 && a.ElemOID != t.OID {
		t = pgType{OID: a.ElemOID, Size: typeSize(a.ElemOID), Typmod: -1}
	} else if t.OID == oidText {
		switch c.ODBCType {
		case odbcVarChar, odbcWChar, odbcWVarChar, odbcChar:
		default:
			return pgType{}, false // an IRIS type pgwired shows as text (VECTOR, …), or a stream
		}
	}
	_, ok := arrayOf[t.OID]
	return t, ok
}

// arrayAggType is the array type of array_agg column a; 0 when pgwired cannot show it
// (the session then fails the statement with 0A000: arrayColumn).
func arrayAggType(cols []iris.Column, a *translate.ArrayAgg) uint32 {
	t, ok := arrayAggElem(cols, a)
	if !ok {
		return 0
	}
	return arrayOf[t.OID]
}

// unsupportedArrays is the 0A000 error of a result with an array_agg column whose element
// type pgwired has no array type for (rowDescription made its type 0), or the error of an
// ordered-set aggregate over a type it cannot take (withinType); nil otherwise.
func unsupportedArrays(cols []iris.Column, names []translate.Column, fields []pgproto3.FieldDescription) error {
	for i := range names {
		if a := names[i].ArrayAgg; a != nil && a.Within != nil {
			if _, err := withinType(cols, a); err != nil {
				return err
			}
		} else if a != nil && i < len(fields) && fields[i].DataTypeOID == 0 {
			return &wire.Error{Code: "0A000", Message: "array_agg() of this element type is not supported by pgwired/IRIS"}
		}
	}
	return nil
}

// arrayColumn is an array_agg result column being built: the hidden columns, the element
// type and the IRIS column to decode elements by, and buffers reused row after row.
type arrayColumn struct {
	rows, nonNull, distinct int
	elem                    pgproto3.FieldDescription // the element type; Format set per row
	ok                      bool                      // the element type has an array type
	textElems               bool                      // the IRIS element column is a character type
	src                     listSource
	js                      []byte          // JSON_ARRAYAGG's text
	list                    iris.ListWriter // its elements as a $LIST
	str, scratch            []byte
	ordered                 *orderedAgg // the aggregate has ORDER BY (orderedagg.go)
	joined                  bool        // string_agg: the values joined by sep, as text
	sep                     string
	within                  *translate.WithinGroup // an ordered-set aggregate (withingroup.go)
	refused                 error                  // why pgwired cannot compute it
}

func newArrayColumn(cols []iris.Column, a *translate.ArrayAgg, field *pgproto3.FieldDescription) *arrayColumn {
	if a.Within != nil {
		return newWithinColumn(cols, a, field)
	}
	ac := &arrayColumn{rows: a.Rows, nonNull: a.NonNull, distinct: a.Distinct}
	if len(a.Order) > 0 {
		ac.ordered = &orderedAgg{keys: a.Order, dedupe: a.Dedupe}
	}
	if a.String {
		ac.joined, ac.sep, ac.ok, ac.textElems = true, a.Sep, true, true
		return ac
	}
	t, ok := arrayAggElem(cols, a)
	ac.ok = ok && field.DataTypeOID != 0
	if eo, known := elementOf[field.DataTypeOID]; known && eo != t.OID {
		t = pgType{OID: eo, Size: typeSize(eo), Typmod: t.Typmod} // refined by the catalog (markCatalogTypes)
	}
	ac.elem = pgproto3.FieldDescription{DataTypeOID: t.OID, DataTypeSize: t.Size, TypeModifier: t.Typmod}
	if a.Elem < len(cols) {
		ac.src.col = cols[a.Elem]
	}
	ac.textElems = textColumn(ac.src.col.ODBCType)
	return ac
}

// textColumn reports an IRIS column type whose values are read as text (not numbers,
// BIT, dates, times or time stamps): JSON_ARRAYAGG's numbers are then kept as written.
func textColumn(odbc int) bool {
	switch odbc {
	case iris.ODBCBit, iris.ODBCTinyInt, iris.ODBCSmallInt, iris.ODBCInteger, iris.ODBCBigInt,
		iris.ODBCNumeric, iris.ODBCDecimal, iris.ODBCFloat, iris.ODBCReal, iris.ODBCDouble,
		iris.ODBCDate, iris.ODBCDateHorolog, iris.ODBCTime, iris.ODBCTimeHorolog,
		iris.ODBCTimestamp, iris.ODBCTimePosix:
		return false
	}
	return true
}

// listSource is a rowSource over the elements of a $LIST: element i is "column" i.
type listSource struct {
	items []iris.Item
	col   iris.Column
}

func (l *listSource) Item(i int) iris.Item     { return l.items[i] }
func (l *listSource) Value(i int) (any, error) { return iris.DecodeItem(&l.col, l.items[i]) }
func (l *listSource) load(list []byte) error   { return loadList(&l.items, list) }
func arrayErr(format string, a ...any) *wire.Error {
	return &wire.Error{Code: "XX000", Message: fmt.Sprintf(format, a...)}
}

// notWhole is the error of a JSON_ARRAYAGG value that is not the whole array of the
// group's values: JSON_ARRAYAGG returns the VARCHAR(3641144) pgwired casts it to (IRIS's
// longest string), formatting included, and a longer
// array is cut, so pgwired fails the statement rather than show a shorter array.
func notWhole(format string, a ...any) *wire.Error {
	return arrayErr("array_agg: what IRIS returned for JSON_ARRAYAGG is not a complete array of the group's values (%s); "+
		"JSON_ARRAYAGG returns at most 3641144 characters, so a group whose array is longer cannot be shown", fmt.Sprintf(format, a...))
}

// loadList decodes the items of list into *items (reused).
func loadList(items *[]iris.Item, list []byte) error {
	*items = (*items)[:0]
	r := iris.NewListReader(list)
	for r.More() {
		it, err := r.Next()
		if err != nil {
			return err
		}
		*items = append(*items, it)
	}
	return nil
}

// value writes the array of the current row to dst; nil value (SQL NULL) when the
// aggregate was fed no rows, as PostgreSQL's array_agg gives.
func (a *arrayColumn) value(dst []byte, rows rowSource, col int, format int16) ([]byte, []byte, error) {
	if a.within != nil {
		return a.withinValue(dst, rows, col, format)
	}
	if !a.ok {
		return dst, nil, &wire.Error{Code: "0A000", Message: "array_agg() of this element type is not supported by pgwired/IRIS"}
	}
	if a.ordered != nil {
		return a.orderedValue(dst, rows, col, format)
	}
	fed, err1 := rows.Item(a.rows).Int()
	nonNull, err2 := rows.Item(a.nonNull).Int()
	want := nonNull
	var err3 error
	if a.distinct > 0 {
		want, err3 = rows.Item(a.distinct).Int()
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return dst, nil, arrayErr("array_agg: IRIS did not return the counts of the aggregate's values")
	}
	if fed == 0 {
		return dst, nil, nil
	}
	nulls := fed - nonNull
	if a.distinct > 0 && nulls > 0 {
		nulls = 1 // DISTINCT keeps one NULL
	}
	a.list.Reset()
	n := 0
	if it := rows.Item(col); it.IsNull() {
		if want != 0 { // no array at all; none is needed when every value was NULL
			return dst, nil, notWhole("NULL where COUNT gave %d values", want)
		}
	} else {
		var err error
		if a.js, err = it.AppendText(a.js[:0]); err != nil {
			return dst, nil, notWhole("%v", err)
		}
		if n, err = jsonArrayToList(&a.list, a.js, a.textElems, &a.str); err != nil {
			return dst, nil, notWhole("%v: %s", err, excerpt(a.js))
		}
	}
	if err := a.src.load(a.list.List()); err != nil || len(a.src.items) != n {
		return dst, nil, arrayErr("array_agg: cannot read JSON_ARRAYAGG's elements: %v", err)
	}
	if int64(n) != want {
		// JSON_ARRAYAGG is documented to hold the non-NULL values; anything else would
		// show a different array than PostgreSQL's.
		return dst, nil, notWhole("it held %d values where COUNT gave %d", n, want)
	}
	for _, it := range a.src.items {
		if it.IsNull() {
			return dst, nil, arrayErr("array_agg: IRIS's JSON_ARRAYAGG held a null element")
		}
	}
	a.elem.Format = format
	start := len(dst)
	var err error
	if format == 1 {
		dst, err = appendArrayBinary(dst, &a.src, n, int(nulls), &a.elem)
	} else {
		dst, a.scratch, err = appendArrayText(dst, &a.src, n, int(nulls), &a.elem, a.scratch)
	}
	if err != nil {
		return dst, nil, arrayErr("array_agg: cannot convert an IRIS value: %v", err)
	}
	return dst, dst[start:len(dst):len(dst)], nil
}

// orderedValue writes the value of an aggregate with ORDER BY: the tuples sorted, then
// the array of their values or, for string_agg, the non-NULL values joined.
func (a *arrayColumn) orderedValue(dst []byte, rows rowSource, col int, format int16) ([]byte, []byte, error) {
	fed, err := rows.Item(a.rows).Int()
	if err != nil {
		return dst, nil, arrayErr("%s: IRIS did not return the count of the aggregate's values", a.what())
	}
	if fed == 0 {
		return dst, nil, nil
	}
	it := rows.Item(col)
	if it.IsNull() {
		return dst, nil, a.notWhole("NULL where COUNT gave %d values", fed)
	}
	if a.js, err = it.AppendText(a.js[:0]); err != nil {
		return dst, nil, a.notWhole("%v", err)
	}
	o := a.ordered
	n, err := o.load(a.js)
	if err != nil {
		return dst, nil, a.notWhole("%v: %s", err, excerpt(a.js))
	}
	if int64(n) != fed {
		return dst, nil, a.notWhole("it held %d values where COUNT gave %d", n, fed)
	}
	o.sort()
	start := len(dst)
	if a.joined {
		var some bool
		if dst, some = o.appendJoined(dst, a.sep); !some {
			return dst[:start], nil, nil
		}
		return dst, dst[start:len(dst):len(dst)], nil
	}
	a.list.Reset()
	if err := o.writeValues(&a.list, a.textElems); err != nil {
		return dst, nil, arrayErr("array_agg: cannot read JSON_ARRAYAGG's elements: %v", err)
	}
	if err := a.src.load(a.list.List()); err != nil || len(a.src.items) != len(o.order) {
		return dst, nil, arrayErr("array_agg: cannot read JSON_ARRAYAGG's elements: %v", err)
	}
	a.elem.Format = format
	if format == 1 {
		dst, err = appendArrayBinary(dst, &a.src, len(o.order), 0, &a.elem)
	} else {
		dst, a.scratch, err = appendArrayText(dst, &a.src, len(o.order), 0, &a.elem, a.scratch)
	}
	if err != nil {
		return dst, nil, arrayErr("array_agg: cannot convert an IRIS value: %v", err)
	}
	return dst, dst[start:len(dst):len(dst)], nil
}

func (a *arrayColumn) what() string {
	switch {
	case a.within != nil:
		return a.within.Func
	case a.joined:
		return "string_agg"
	}
	return "array_agg"
}

// notWhole is notWhole for this column's aggregate.
func (a *arrayColumn) notWhole(format string, args ...any) *wire.Error {
	err := notWhole(format, args...)
	err.Message = a.what() + err.Message[len("array_agg"):]
	return err
}

// excerpt shows the end of a long JSON text (where a cut array ends) or all of a short one.
func excerpt(js []byte) string {
	const keep = 40
	if len(js) <= 2*keep {
		return fmt.Sprintf("%q", js)
	}
	return fmt.Sprintf("%d bytes ending %q", len(js), js[len(js)-keep:])
}

// appendArrayText writes PostgreSQL's text form of a one-dimensional array (array_out):
// {e1,e2,NULL}, the n elements of src as elem's type writes them, then nulls NULLs. An
// element is double-quoted when it is empty, equals NULL in any case, or holds { } , " \
// or white space; " and \ inside are escaped with \. scratch is a reusable buffer.
func appendArrayText(dst []byte, src rowSource, n, nulls int, elem *pgproto3.FieldDescription, scratch []byte) ([]byte, []byte, error) {
	dst = append(dst, '{')
	for i := 0; i < n; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		if src.Item(i).IsNull() { // in place: an ordered aggregate's
			dst = append(dst, "NULL"...)
			continue
		}
		start := len(dst)
		var err error
		if dst, err = appendValue(dst, src, i, elem); err != nil {
			return dst, scratch, err
		}
		if v := dst[start:]; arrayNeedsQuotes(v) {
			scratch = append(scratch[:0], v...)
			dst = appendArrayQuoted(dst[:start], scratch)
		}
	}
	for i := 0; i < nulls; i++ {
		if n > 0 || i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, "NULL"...)
	}
	return append(dst, '}'), scratch, nil
}

// arrayNeedsQuotes is array_out's rule for quoting an element.
func arrayNeedsQuotes(v []byte) bool {
	if len(v) == 0 || (len(v) == 4 && (v[0]|0x20) == 'n' && (v[1]|0x20) == 'u' && (v[2]|0x20) == 'l' && (v[3]|0x20) == 'l') {
		return true
	}
	for _, c := range v {
		switch c {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}

func appendArrayQuoted(dst, v []byte) []byte {
	dst = append(dst, '"')
	for _, c := range v {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// appendArrayBinary writes PostgreSQL's binary array format (array_send): dimensions 1,
// the has-NULL flag, the element type, the length and lower bound 1 of the dimension,
// then each element as a length and elem's binary form (-1 for NULL).
func appendArrayBinary(dst []byte, src rowSource, n, nulls int, elem *pgproto3.FieldDescription) ([]byte, error) {
	hasNull := uint32(0)
	for i := 0; i < n && nulls == 0 && hasNull == 0; i++ {
		if src.Item(i).IsNull() {
			hasNull = 1
		}
	}
	if nulls > 0 {
		hasNull = 1
	}
	if n+nulls == 0 { // array_send of an empty array: no dimensions
		dst = binary.BigEndian.AppendUint32(dst, 0)
		dst = binary.BigEndian.AppendUint32(dst, 0)
		return binary.BigEndian.AppendUint32(dst, elem.DataTypeOID), nil
	}
	dst = binary.BigEndian.AppendUint32(dst, 1)
	dst = binary.BigEndian.AppendUint32(dst, hasNull)
	dst = binary.BigEndian.AppendUint32(dst, elem.DataTypeOID)
	dst = binary.BigEndian.AppendUint32(dst, uint32(n+nulls))
	dst = binary.BigEndian.AppendUint32(dst, 1)
	for i := 0; i < n; i++ {
		if src.Item(i).IsNull() {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		if dst, err = appendValue(dst, src, i, elem); err != nil {
			return dst, err
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	for i := 0; i < nulls; i++ {
		dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
	}
	return dst, nil
}
