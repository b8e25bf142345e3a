package translate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Date and time literals cast to date or time. IRIS reads dates only in the ODBC form
// YYYY-MM-DD; PostgreSQL also reads '2024-1-2', '20240102', a time stamp's date, and
// forms whose field order depends on DateStyle ('01/02/2024', 'Jan 2 2024'). The
// first are written in ODBC form; the others are refused rather than sent to IRIS,
// which answers them differently or not at all. A time's fraction needs TIME(p) in
// IRIS, whose TIME keeps none.

// isoishDate is a date PostgreSQL reads the same in every DateStyle: year first, with
// dashes (one- or two-digit month and day) or as 8 digits, optionally followed by a
// time of day and a zone (the date is the value; PostgreSQL ignores the zone).
var isoishDate = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?: ?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?))?)?$|^([0-9]{4})([0-9]{2})([0-9]{2})$`)

// odbcDate returns the ODBC form of a date literal, ok false when it is not one that
// isoishDate accepts or names no calendar day.
func odbcDate(lit string) (string, bool) {
	m := isoishDate.FindStringSubmatch(strings.TrimSpace(lit))
	if m == nil {
		return "", false
	}
	y, mo, d := m[1], m[2], m[3]
	if y == "" {
		y, mo, d = m[4], m[5], m[6]
	}
	t, err := time.Parse("2006-1-2", y+"-"+mo+"-"+d)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func isODBCDate(lit string) bool { _, ok := odbcDate(lit); return ok }

// dateSpecials are the special date inputs PostgreSQL reads.
var dateSpecials = map[string]bool{"today": true, "tomorrow": true, "yesterday": true, "now": true, "epoch": true, "infinity": true, "-infinity": true}

// dateLiteral writes CAST('YYYY-MM-DD' AS DATE) for a date literal PostgreSQL reads the
// same in every DateStyle, and refuses the others: 22008 for a day that does not exist,
// 0A000 for special values, 22007 for forms read in the DateStyle order.
func (e *emitter) dateLiteral(c *pg_query.TypeCast, lit *pg_query.A_Const, typ irisType) {
	if e.constHas(lit, isODBCDate) {
		e.w("CAST(")
		e.stringLitOf(lit, func(v string) string { d, _ := odbcDate(v); return d })
		e.w(" AS " + typ.sql + ")")
		return
	}
	v, _ := e.stringConst(c.Arg)
	word := strings.ToLower(strings.TrimSpace(v))
	switch {
	case dateSpecials[word]:
		e.unsupported(castArgLocation(c), "the date value '"+v+"'")
	case isoishDate.MatchString(word):
		err := &Error{SQLState: "22008", Message: fmt.Sprintf("date/time field value out of range: %q", v), Position: e.position(castArgLocation(c))}
		m := isoishDate.FindStringSubmatch(word)
		if month, convErr := strconv.Atoi(m[2] + m[6]); convErr == nil && month > 12 {
			// A month PostgreSQL could have read as a day in another DateStyle.
			err.Hint = `Perhaps you need a different "datestyle" setting.`
		}
		panic(bailout{err})
	}
	e.fail("22007", castArgLocation(c), "date literal %q is not in ISO form (YYYY-MM-DD), the only form pgwired reads: other forms depend on DateStyle or are not read by IRIS", v)
}

// fractionTimeLit is a time of day with a fraction of a second.
var fractionTimeLit = regexp.MustCompile(`^([0-9]{1,2}):([0-9]{2}):([0-9]{2})\.([0-9]+)$`)

func isFractionTime(lit string) bool { return fractionTimeLit.MatchString(strings.TrimSpace(lit)) }

// fractionTime writes a time literal with a fraction as CAST('hh:mm:ss.f' AS TIME(n)),
// the fraction rounded as PostgreSQL rounds it (to microseconds, or to the p of
// time(p), half up) and n its digits.
func (e *emitter) fractionTime(lit *pg_query.A_Const, mods []int) {
	p := 6
	if len(mods) > 0 && mods[0] >= 0 && mods[0] < 6 {
		p = mods[0]
	}
	// The literal's text decides the digits n: declare that (and only that) reading.
	var n int
	for d := 0; d <= 6; d++ {
		if e.constHas(lit, func(v string) bool { _, k, ok := roundedTime(v, p); return ok && k == d }) {
			n = d
			break
		}
		if d == 6 {
			e.readConst(lit)
			v := lit.Val.(*pg_query.A_Const_Sval).Sval.Sval
			if validFractionTime(v) {
				// A valid time that rounds up to 24:00:00, which IRIS's TIME cannot hold.
				e.unsupported(lit.Location, "the time value '"+v+"' (24:00:00 once rounded)")
			}
			e.fail("22008", lit.Location, "date/time field value out of range: %q", v)
		}
	}
	e.w("CAST(")
	e.stringLitOf(lit, func(v string) string { t, _, _ := roundedTime(v, p); return t })
	if n == 0 {
		e.w(" AS TIME)")
		return
	}
	e.w(" AS TIME(" + itoa(n) + "))")
}

// validFractionTime reports whether lit is a time of day with a fraction (before rounding).
func validFractionTime(lit string) bool {
	m := fractionTimeLit.FindStringSubmatch(strings.TrimSpace(lit))
	if m == nil {
		return false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	s, _ := strconv.Atoi(m[3])
	return h <= 23 && mi <= 59 && s <= 59
}

// roundedTime rounds a time literal with a fraction to p fraction digits and returns
// it with its fraction's digits (trailing zeros dropped) and their number; ok is false
// when it is no valid time of day (or rounds up to 24:00:00, which IRIS has no form for).
func roundedTime(lit string, p int) (string, int, bool) {
	if !validFractionTime(lit) {
		return "", 0, false
	}
	m := fractionTimeLit.FindStringSubmatch(strings.TrimSpace(lit))
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	s, _ := strconv.Atoi(m[3])
	frac := (m[4] + "000000000")[:9]
	ns, _ := strconv.ParseInt(frac, 10, 64)
	if len(m[4]) > 9 && m[4][9] >= '5' {
		ns++
	}
	total := (int64(h)*3600+int64(mi)*60+int64(s))*1e9 + ns
	total = (total + 500) / 1000 * 1000 // microseconds, as PostgreSQL stores a time
	unit := int64(1)
	for range 9 - p {
		unit *= 10
	}
	total = (total + unit/2) / unit * unit
	if total >= 24*3600*1e9 {
		return "", 0, false
	}
	secs, ns := total/1e9, total%1e9
	out := fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	f := strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
	if f == "" {
		return out, 0, true
	}
	return out + "." + f, len(f), true
}
