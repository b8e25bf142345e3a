package translate

import (
	"math"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// pgInterval is a PostgreSQL interval's three fields: months, days and microseconds are
// kept apart (a month is not a fixed number of days, nor a day of seconds across a
// daylight-saving change), and added to a time stamp in that order.
type pgInterval struct {
	months, days, usecs int64
}

const (
	usecsPerSec  = 1_000_000
	usecsPerDay  = 86_400 * usecsPerSec
	daysPerMonth = 30 // PostgreSQL's DAYS_PER_MONTH, for fractions of months
)

// intervalUnitUsecs: the time units of an interval literal (PostgreSQL's spellings and
// abbreviations), as microseconds.
var intervalUnitUsecs = map[string]int64{
	"hour": 3600 * usecsPerSec, "hours": 3600 * usecsPerSec, "hr": 3600 * usecsPerSec, "hrs": 3600 * usecsPerSec, "h": 3600 * usecsPerSec,
	"minute": 60 * usecsPerSec, "minutes": 60 * usecsPerSec, "min": 60 * usecsPerSec, "mins": 60 * usecsPerSec, "m": 60 * usecsPerSec,
	"second": usecsPerSec, "seconds": usecsPerSec, "sec": usecsPerSec, "secs": usecsPerSec, "s": usecsPerSec,
}

// intervalUnitKind: the other units (y: years, M: months, w: weeks, d: days).
var intervalUnitKind = map[string]byte{
	"year": 'y', "years": 'y', "yr": 'y', "yrs": 'y', "y": 'y',
	"month": 'M', "months": 'M', "mon": 'M', "mons": 'M',
	"week": 'w', "weeks": 'w', "w": 'w',
	"day": 'd', "days": 'd', "d": 'd',
}

// parseInterval reads an interval literal the way PostgreSQL 15 does for the forms
// applications write: "N unit" fields with whole or decimal numbers ('1.5 hours', '2d',
// '1 year 6 mons'), a time 'h:mm[:ss]' with an optional sign and day count ('1 day
// 02:30:00', '-01:30'), a bare number of seconds, and a trailing 'ago'. A fraction of a
// unit carries into the smaller fields as PostgreSQL's AdjustFract* do (years round to
// months; months and weeks give days and then microseconds). ok is false for anything
// else (ISO 8601 'P1D', repeated units, unknown words).
func parseInterval(lit string) (iv pgInterval, ok bool) {
	toks := intervalTokens(strings.ToLower(strings.TrimSpace(lit)))
	if len(toks) == 0 {
		return iv, false
	}
	ago := false
	if toks[len(toks)-1] == "ago" {
		ago, toks = true, toks[:len(toks)-1]
		if len(toks) == 0 {
			return iv, false
		}
	}
	seen := map[string]bool{}
	once := func(k string) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if strings.Contains(t, ":") {
			us, good := parseIntervalTime(t)
			if !good || !once("time") || seen["h"] || seen["m"] || seen["s"] {
				return iv, false
			}
			iv.usecs += us
			continue
		}
		whole, frac, good := splitDecimal(t)
		if !good {
			return iv, false
		}
		if i+1 == len(toks) { // a bare number: seconds
			if !once("s") || seen["time"] {
				return iv, false
			}
			iv.usecs += whole*usecsPerSec + int64(math.RoundToEven(frac*usecsPerSec))
			continue
		}
		i++
		unit := toks[i]
		if us, isTime := intervalUnitUsecs[unit]; isTime {
			if !once(unit[:1]) || seen["time"] {
				return iv, false
			}
			iv.usecs += whole*us + int64(math.RoundToEven(frac*float64(us)))
			continue
		}
		kind, known := intervalUnitKind[unit]
		if !known || !once(string(kind)) {
			return iv, false
		}
		switch kind {
		case 'y':
			iv.months += 12*whole + int64(math.RoundToEven(frac*12))
		case 'M':
			iv.months += whole
			iv.addFractDays(frac * daysPerMonth)
		case 'w':
			iv.days += 7 * whole
			iv.addFractDays(frac * 7)
		case 'd':
			iv.days += whole
			iv.usecs += int64(math.RoundToEven(frac * usecsPerDay))
		}
	}
	if ago {
		iv = pgInterval{-iv.months, -iv.days, -iv.usecs}
	}
	return iv, true
}

// addFractDays adds a fractional number of days: whole days, the rest as microseconds.
func (iv *pgInterval) addFractDays(days float64) {
	d := math.Trunc(days)
	iv.days += int64(d)
	iv.usecs += int64(math.RoundToEven((days - d) * usecsPerDay))
}

// intervalTokens splits an interval literal into words, a number glued to its unit
// ('2days', '1.5h') into two.
func intervalTokens(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		cut := len(w)
		for i := 0; i < len(w); i++ {
			if c := w[i]; c >= 'a' && c <= 'z' {
				cut = i
				break
			}
		}
		if cut > 0 && cut < len(w) && !strings.Contains(w, ":") {
			out = append(out, w[:cut], w[cut:])
			continue
		}
		out = append(out, w)
	}
	return out
}

// splitDecimal splits a signed decimal number into its whole part and its fraction,
// both with the number's sign.
func splitDecimal(t string) (whole int64, frac float64, ok bool) {
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || strings.ContainsAny(t, "eEnNiI") || math.Abs(f) > 1e9 {
		return 0, 0, false
	}
	w := math.Trunc(f)
	return int64(w), f - w, true
}

// parseIntervalTime reads '[-]h:mm[:ss[.ffffff]]' as microseconds.
func parseIntervalTime(t string) (int64, bool) {
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimLeft(t, "+-")
	parts := strings.Split(t, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 32)
	m, err2 := strconv.ParseInt(parts[1], 10, 32)
	if err1 != nil || err2 != nil || h > 10_000_000 || m > 59 {
		return 0, false
	}
	us := h*3600*usecsPerSec + m*60*usecsPerSec
	if len(parts) == 3 {
		s, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || s < 0 || s >= 60 || strings.ContainsAny(parts[2], "eEnNiI+-") {
			return 0, false
		}
		us += int64(math.RoundToEven(s * usecsPerSec))
	}
	if neg {
		us = -us
	}
	return us, true
}

// mul is PostgreSQL 15's interval_mul (interval_div when divide): each field scaled, the
// fractions of months carried into days (30 to a month) and of days into time, rounded
// to microseconds.
func (iv pgInterval) mul(factor float64, divide bool) (pgInterval, bool) {
	scale := func(x float64) float64 {
		if divide {
			return x / factor
		}
		return x * factor
	}
	tsRound := func(x float64) float64 { return math.RoundToEven(x*1e6) / 1e6 }
	months := scale(float64(iv.months))
	days := scale(float64(iv.days))
	if math.IsNaN(months) || math.Abs(months) > math.MaxInt32 || math.Abs(days) > math.MaxInt32 {
		return iv, false
	}
	var out pgInterval
	out.months = int64(months)
	out.days = int64(days)
	monthRemainderDays := tsRound((months - float64(out.months)) * daysPerMonth)
	secRemainder := tsRound((days - float64(out.days) + monthRemainderDays - math.Trunc(monthRemainderDays)) * 86400)
	if math.Abs(secRemainder) >= 86400 {
		d := math.Trunc(secRemainder / 86400)
		out.days += int64(d)
		secRemainder -= d * 86400
	}
	out.days += int64(monthRemainderDays)
	usecs := math.RoundToEven(scale(float64(iv.usecs)) + secRemainder*usecsPerSec)
	if math.Abs(usecs) > 9e18 {
		return iv, false
	}
	out.usecs = int64(usecs)
	return out, true
}

// intervalOperand is an interval the translator can add to a time stamp (intervalValue).
type intervalOperand struct {
	iv  pgInterval
	lit string // the literal's text, for messages
	// by: the interval is iv times this column, which must be an integer column
	// (checked against the catalog: CatalogPlaces.IntegerColumns).
	by *pg_query.ColumnRef
}

// intervalValue reads an interval the translator can add to a time stamp: a literal
// (interval '…'), a literal times or divided by a number literal (interval '1 day' * 2,
// 3 * interval '1 hour', interval '1 hour' / 2), or a literal times a column
// (interval '1 minute' * ttl). isInterval reports an interval literal in any of these
// places; ok whether its value is one pgwired can add.
func (t *translator) intervalValue(n *pg_query.Node) (v intervalOperand, isInterval, ok bool) {
	if lit, isLit := t.intervalLiteral(n); isLit {
		v.lit = lit
		v.iv, ok = parseInterval(lit)
		return v, true, ok
	}
	a := n.GetAExpr()
	if a == nil || a.Kind != pg_query.A_Expr_Kind_AEXPR_OP || a.Lexpr == nil {
		return v, false, false
	}
	op := opName(a)
	ivNode, numNode := a.Lexpr, a.Rexpr
	if op == "*" {
		if _, isLit := t.intervalLiteral(ivNode); !isLit {
			ivNode, numNode = numNode, ivNode
		}
	} else if op != "/" {
		return v, false, false
	}
	lit, isLit := t.intervalLiteral(ivNode)
	if !isLit {
		return v, false, false
	}
	v.lit = lit
	if v.iv, ok = parseInterval(lit); !ok {
		return v, true, false
	}
	if col := numNode.GetColumnRef(); col != nil && op == "*" && isPlainColumn(numNode) {
		v.by = col
		return v, true, true
	}
	factor, isNum := t.numberConst(numNode)
	if !isNum || op == "/" && factor == 0 { // PostgreSQL: division by zero
		return v, true, false
	}
	v.iv, ok = v.iv.mul(factor, op == "/")
	return v, true, ok
}

// numberConst reads an integer or decimal constant, with a leading minus.
func (t *translator) numberConst(n *pg_query.Node) (float64, bool) {
	if a := n.GetAExpr(); a != nil && a.Lexpr == nil && opName(a) == "-" {
		f, ok := t.numberConst(a.Rexpr)
		return -f, ok
	}
	c := n.GetAConst()
	if c == nil {
		return 0, false
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		t.readConst(c)
		return float64(v.Ival.Ival), true
	case *pg_query.A_Const_Fval:
		f, err := strconv.ParseFloat(v.Fval.Fval, 64)
		t.readConst(c)
		return f, err == nil
	}
	return 0, false
}
