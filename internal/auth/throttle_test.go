package auth

import (
	"context"
	"testing"
	"time"
)

func TestThrottleBackoff(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := &Throttle{Base: 100 * time.Millisecond, Max: time.Second, Free: 2, Window: time.Minute, Now: func() time.Time { return now }}
	var got []time.Duration
	for i := 0; i < 7; i++ {
		got = append(got, th.Delay("10.0.0.1", "alice"))
		th.Failed("10.0.0.1", "alice")
	}
	want := []time.Duration{0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delays %v, want %v", got, want)
		}
	}
	// The same user from elsewhere is slowed too; the address alone only after 10×Free.
	if th.Delay("10.9.9.9", "alice") != time.Second {
		t.Fatal("throttle is not per user")
	}
	if th.Delay("10.0.0.1", "bob") != 0 || th.Delay("10.9.9.9", "bob") != 0 {
		t.Fatal("7 failures from an address slow its other users")
	}
	for i := 0; i < 14; i++ { // password spraying: one guess per user
		th.Failed("10.0.0.1", "user"+string(rune('a'+i)))
	}
	if th.Delay("10.0.0.1", "bob") != 200*time.Millisecond || th.Delay("10.9.9.9", "bob") != 0 {
		t.Fatalf("21 failures from one address: %v", th.Delay("10.0.0.1", "bob"))
	}
	// alice logs in: her count clears, the guessing address keeps its own.
	th.Succeeded("alice")
	if th.Delay("10.9.9.9", "alice") != 0 || th.Delay("10.0.0.1", "carol") != 200*time.Millisecond {
		t.Fatal("success handling")
	}
	now = now.Add(2 * time.Minute)
	if th.Delay("10.0.0.1", "carol") != 0 {
		t.Fatal("failures not forgotten after the window")
	}
	var off *Throttle
	off.Failed("x", "y")
	if off.Delay("x", "y") != 0 {
		t.Fatal("nil throttle delays")
	}
}

// TestChainThrottlesFailedLogins: after the free attempts, a wrong password from the same
// client takes at least the base delay; the delay counts only refusals.
func TestChainThrottlesFailedLogins(t *testing.T) {
	verify := func(_ context.Context, _, password, _ string) (any, error) {
		if password != "right" {
			return nil, ErrBadPassword
		}
		return nil, nil
	}
	th := &Throttle{Base: 150 * time.Millisecond, Max: time.Second, Free: 2, Window: time.Minute}
	ls := startListener(t, &Chain{Methods: []Method{&Password{Verify: verify}}, Throttle: th})
	timed := func(pw string) (time.Duration, string) {
		start := time.Now()
		err := ls.connect(t, "user=alice password="+pw+" sslmode=require")
		return time.Since(start), sqlState(err)
	}
	for i := 0; i < 2; i++ {
		if d, code := timed("wrong"); code != "28P01" || d > 120*time.Millisecond {
			t.Fatalf("free attempt %d: %v %s", i, d, code)
		}
	}
	if d, code := timed("wrong"); code != "28P01" || d < 150*time.Millisecond {
		t.Fatalf("third failure not delayed: %v %s", d, code)
	}
	// The right password still works, after the wait (backoff, not lock-out).
	if d, code := timed("right"); code != "" || d < 300*time.Millisecond {
		t.Fatalf("right password: %v %s", d, code)
	}
}
