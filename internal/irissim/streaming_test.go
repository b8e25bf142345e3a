package irissim

import (
	"context"
	"runtime"
	"testing"
)

// TestStreamingMillionRows pushes 1,000,000 rows through FD batches and checks
// that the client's heap stays bounded (rows are never all in memory).
func TestStreamingMillionRows(t *testing.T) {
	if testing.Short() {
		t.Skip("streams a million rows")
	}
	_, addr := startServer(t, Config{FetchBatchRows: 500})
	c := dial(t, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	c.Exec(ctx, "CREATE TABLE Digit (d INTEGER)", nil)
	for i := 0; i < 10; i++ {
		c.Exec(ctx, "INSERT INTO Digit (d) VALUES (?)", []any{i})
	}
	rows, err := c.Query(ctx, "SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n, 'payload-row' AS p FROM Digit a, Digit b, Digit c, Digit e, Digit f, Digit g", nil)
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	var peak uint64
	var count, sum int64
	for rows.Next() {
		v, err := rows.Item(0).Int()
		if err != nil {
			t.Fatal(err)
		}
		sum += v
		count++
		if count%100000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if count != 1_000_000 || sum != 999_999*1_000_000/2 {
		t.Fatalf("count %d sum %d", count, sum)
	}
	// The server runs in this process too; 64 MiB is far below the ~40 MB a
	// materialised result would need on the client alone.
	if peak > 64<<20 {
		t.Fatalf("heap in use peaked at %d bytes", peak)
	}
}

func BenchmarkSelect1RoundTrip(b *testing.B) {
	_, addr := startServer(b, Config{})
	c := dial(b, addr, "_SYSTEM", "SYS")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := c.Query(ctx, "SELECT 1", nil)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
}
