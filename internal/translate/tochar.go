package translate

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// toCharField is a to_char() date/time field that IRIS computes exactly from
// DATEPART: a number (zero-padded to width unless FM precedes it) or an English name
// chosen by a number (blank-padded to pad unless FM), as PostgreSQL writes them
// without the TM prefix.
type toCharField struct {
	pattern string
	number  string   // IRIS expression of the field, xMark standing for the value
	width   int      // zero padding of a number
	names   []string // names by number (1-based), already in the pattern's case
	nameOf  string   // the number that picks the name
	pad     int      // blank padding of a name
}

// xMark stands for to_char's value in a field's IRIS expression.
const xMark = "\x00"

var (
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
	dayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)

// toCharFields, longest pattern first (PostgreSQL matches MONTH before MON before MM).
var toCharFields = func() []toCharField {
	num := func(code string) string { return "DATEPART('" + code + "', " + xMark + ")" }
	fields := []toCharField{}
	addNum := func(expr string, width int, patterns ...string) {
		for _, p := range patterns {
			fields = append(fields, toCharField{pattern: p, number: expr, width: width})
		}
	}
	addNum(num("yyyy"), 4, "YYYY", "yyyy")
	addNum("MOD("+num("yyyy")+", 1000)", 3, "YYY", "yyy")
	addNum("MOD("+num("yyyy")+", 100)", 2, "YY", "yy")
	addNum("MOD("+num("yyyy")+", 10)", 1, "Y", "y")
	addNum(num("mm"), 2, "MM", "mm")
	addNum(num("dy"), 3, "DDD", "ddd")
	addNum(num("dd"), 2, "DD", "dd")
	addNum(num("dw"), 1, "D", "d") // Sunday = 1 in both
	addNum(num("hh"), 2, "HH24", "hh24")
	addNum("(MOD("+num("hh")+" + 11, 12) + 1)", 2, "HH12", "hh12", "HH", "hh")
	addNum(num("mi"), 2, "MI", "mi")
	addNum(num("ss"), 2, "SS", "ss")
	addNum(num("qq"), 1, "Q", "q")
	// ISO 8601 (as extract(isodow/week/isoyear)): Monday = 1; a week belongs to the
	// year of its Thursday and is numbered from that year's first Thursday.
	isodow := "(MOD(" + num("dw") + " + 5, 7) + 1)"
	thursday := "DATEADD('dd', 4 - " + isodow + ", " + xMark + ")"
	addNum(isodow, 1, "ID", "id")
	addNum("((DATEPART('dy', "+thursday+") - 1) \\ 7 + 1)", 2, "IW", "iw")
	addNum("DATEPART('yyyy', "+thursday+")", 4, "IYYY", "iyyy")
	addNames := func(pattern string, names []string, by string, pad, abbr int) {
		out := make([]string, len(names))
		for i, n := range names {
			if abbr > 0 {
				n = n[:abbr]
			}
			switch {
			case pattern == strings.ToUpper(pattern):
				n = strings.ToUpper(n)
			case pattern == strings.ToLower(pattern):
				n = strings.ToLower(n)
			}
			out[i] = n
		}
		fields = append(fields, toCharField{pattern: pattern, names: out, nameOf: num(by), pad: pad})
	}
	for _, p := range []string{"MONTH", "Month", "month"} {
		addNames(p, monthNames, "mm", 9, 0)
	}
	for _, p := range []string{"MON", "Mon", "mon"} {
		addNames(p, monthNames, "mm", 0, 3)
	}
	for _, p := range []string{"DAY", "Day", "day"} {
		addNames(p, dayNames, "dw", 9, 0)
	}
	for _, p := range []string{"DY", "Dy", "dy"} {
		addNames(p, dayNames, "dw", 0, 3)
	}
	for _, m := range [][2]string{{"AM", "PM"}, {"am", "pm"}, {"A.M.", "P.M."}, {"a.m.", "p.m."}} {
		for _, p := range m {
			fields = append(fields, toCharField{pattern: p, names: []string{m[0], m[1]},
				nameOf: "CASE WHEN " + num("hh") + " < 12 THEN 1 ELSE 2 END"})
		}
	}
	sort.SliceStable(fields, func(i, j int) bool { return len(fields[i].pattern) > len(fields[j].pattern) })
	return fields
}()

// toChar writes to_char(x, 'format') for the date/time fields above, the FM prefix,
// separators and "quoted text" as a concatenation of their IRIS forms. Other fields
// (fractions, IDDD, IYY, TH, TM, Y,YYY, …) and number formats have no exact IRIS form
// here and are refused.
func (e *emitter) toChar(f *pg_query.FuncCall) {
	format, ok := e.stringConst(f.Args[1])
	if !ok {
		e.unsupported(f.Location, "to_char() with a non-constant format")
	}
	x := f.Args[0]
	refuse := func() {
		e.unsupported(f.Location, "to_char() format "+strconv.Quote(format)+" (only YYYY YYY YY Y MM DD DDD D Q IYYY IW ID HH24 HH12 HH MI SS, Month Mon Day Dy AM PM in their cases, FM, separators)")
	}
	var pieces []func()
	literal := ""
	flush := func() {
		if literal != "" {
			lit := literal
			pieces = append(pieces, func() { writeStringLit(&e.b, lit) })
			literal = ""
		}
	}
	fm := false
next:
	for i := 0; i < len(format); {
		rest := format[i:]
		if up := strings.ToUpper(rest); strings.HasPrefix(up, "Y,YYY") || strings.HasPrefix(up, "SSSS") || strings.HasPrefix(up, "IDDD") {
			refuse()
		}
		if strings.HasPrefix(rest, "FM") || strings.HasPrefix(rest, "fm") {
			fm = true
			i += 2
			continue
		}
		for _, fld := range toCharFields {
			if !strings.HasPrefix(rest, fld.pattern) {
				continue
			}
			flush()
			fld, fill := fld, !fm
			fm = false
			pieces = append(pieces, func() { e.toCharPiece(fld, x, fill) })
			i += len(fld.pattern)
			continue next
		}
		if fm {
			refuse() // FM before something that is not a field
		}
		c := format[i]
		switch {
		case c == '"':
			end := strings.IndexByte(format[i+1:], '"')
			if end < 0 {
				e.unsupported(f.Location, "to_char() format with an unterminated quote")
			}
			literal += format[i+1 : i+1+end]
			i += end + 2
		case c == '\\':
			refuse()
		case c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))):
			refuse()
		default:
			literal += string(c)
			i++
		}
	}
	if fm {
		refuse()
	}
	flush()
	if len(pieces) == 0 {
		e.unsupported(f.Location, "to_char() without a date/time field")
	}
	e.w("CASE WHEN ")
	e.operand(x)
	e.w(" IS NULL THEN NULL ELSE ")
	for i, p := range pieces {
		if i > 0 {
			e.w(" || ")
		}
		p()
	}
	e.w(" END")
}

// toCharPiece writes one field of x: a number zero-padded to its width, or a name
// blank-padded, when fill (no FM before it).
func (e *emitter) toCharPiece(fld toCharField, x *pg_query.Node, fill bool) {
	expr := func(s string) {
		for i, part := range strings.Split(s, xMark) {
			if i > 0 {
				e.value(x)
			}
			e.w(part)
		}
	}
	if fld.names == nil {
		if fill && fld.width > 1 {
			e.w("LPAD(")
		}
		e.w("CAST(")
		expr(fld.number)
		e.w(" AS VARCHAR(4))")
		if fill && fld.width > 1 {
			e.w(", " + itoa(fld.width) + ", '0')")
		}
		return
	}
	e.w("CASE ")
	expr(fld.nameOf)
	for i, n := range fld.names {
		if fill && len(n) < fld.pad {
			n += strings.Repeat(" ", fld.pad-len(n))
		}
		e.w(" WHEN " + itoa(i+1) + " THEN ")
		writeStringLit(&e.b, n)
	}
	e.w(" END")
}
