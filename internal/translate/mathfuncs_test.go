package translate

import "testing"

// Plan.MathFuncs names the domain-restricted functions a statement calls, anywhere in it.
func TestPlanMathFuncs(t *testing.T) {
	for sql, want := range map[string]MathFuncs{
		"SELECT sqrt(x) FROM t":                               MathSqrt,
		"SELECT x ^ 2 FROM t":                                 MathPower,
		"SELECT pow(x, 2), power(2, x) FROM t":                MathPower,
		"SELECT id FROM t WHERE ln(x) > log(10, x)":           MathLog,
		"UPDATE t SET y = log10(x) WHERE sqrt(x) > 1":         MathLog | MathSqrt,
		"SELECT (SELECT sqrt(a) FROM u) + power(x, 2) FROM t": MathSqrt | MathPower,
		"SELECT abs(x), exp(x) FROM t":                        0,
	} {
		plans, err := Translate(sql, Options{})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if got := plans[0].MathFuncs; got != want {
			t.Errorf("%s: MathFuncs = %b, want %b", sql, got, want)
		}
	}
}
