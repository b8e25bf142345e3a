package main

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/pgwired/pgwired/internal/iris"
)

// TestCopyRowsAgree: the direct-to-simulator load sends the values pgwired derives from
// the COPY's binary fields (numeric as its text, timestamp with up to 6 fraction digits),
// so the two loads compare like with like.
func TestCopyRowsAgree(t *testing.T) {
	for _, i := range []int{1, 14, 15, 100, 143, 999999, 1000000} {
		pg, direct := copyRowValues(i), copyRowIRIS(i)
		if int64(pg[0].(int32)) != direct[0].(int64) || pg[1] != direct[1] {
			t.Fatalf("row %d: %v vs %v", i, pg, direct)
		}
		js, err := pg[2].(pgtype.Numeric).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if got := iris.Decimal(strings.Trim(string(js), `"`)); got != direct[2] {
			t.Errorf("row %d amount: pgwired sends %q, the direct load %q", i, got, direct[2])
		}
		if got := pg[3].(time.Time).Format("2006-01-02 15:04:05.999999"); got != direct[3] {
			t.Errorf("row %d ts: %q vs %q", i, got, direct[3])
		}
	}
}
