package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 100; i++ {
		lat = append(lat, time.Duration(i)*time.Microsecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.50, 50 * time.Microsecond}, {0.99, 99 * time.Microsecond}, {1, 100 * time.Microsecond}} {
		if got := percentile(lat, c.p); got != c.want {
			t.Errorf("p%.0f = %v, want %v", c.p*100, got, c.want)
		}
	}
	if got := percentile(nil, 0.5); got != 0 {
		t.Errorf("empty: %v", got)
	}
}

// TestReadTxLogs reads pgbench -l files (main thread and worker thread) and takes the
// third column, in microseconds.
func TestReadTxLogs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "tx.123"), []byte("0 0 150 0 1700000000 1\n1 0 250 0 1700000000 2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "tx.123.1"), []byte("2 0 1000 0 1700000000 3\n"), 0o644)
	lat, err := readTxLogs(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := newMeasure(3, lat)
	if m.Queries != 3 || m.P50us != 250 || m.P99us != 1000 {
		t.Errorf("measure = %+v", m)
	}
	os.WriteFile(filepath.Join(dir, "tx.123.2"), []byte("garbage\n"), 0o644)
	if _, err := readTxLogs(dir); err == nil || !strings.Contains(err.Error(), "short log line") {
		t.Errorf("malformed log: %v", err)
	}
}

// TestCPUTimeOfThisProcess spins until /proc reports 30 ms more CPU time: the value
// must advance, and not faster than the wall clock (a wrong tick scale would).
func TestCPUTimeOfThisProcess(t *testing.T) {
	before, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		now, err := cpuTime(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if d := now - before; d >= 30*time.Millisecond {
			if wall := time.Since(start); d > wall+50*time.Millisecond {
				t.Errorf("%v of CPU time in %v of wall time", d, wall)
			}
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("CPU time did not advance: %v → %v", before, now)
		}
	}
}

// TestWorkloadsTranslate checks that the direct client's statements are pgwired's
// translations with the literal spliced where the marker was.
func TestWorkloadsTranslate(t *testing.T) {
	wls, err := workloads()
	if err != nil {
		t.Fatal(err)
	}
	if len(wls) != 4 {
		t.Fatalf("%d workloads", len(wls))
	}
	for _, w := range wls {
		if strings.Contains(w.irisPrefix+w.irisMiddle+w.irisSuffix, aidMarker) || !strings.Contains(strings.ToLower(w.irisPrefix), "pgbench_accounts") {
			t.Errorf("%s: IRIS text %q|%q|%q", w.name, w.irisPrefix, w.irisMiddle, w.irisSuffix)
		}
		if w.bind != strings.Contains(w.irisPrefix, "?") {
			t.Errorf("%s: bind=%v but IRIS text %q", w.name, w.bind, w.irisPrefix)
		}
	}
}
