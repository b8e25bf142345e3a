package ops

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// notifySocket listens where NOTIFY_SOCKET points, as systemd does for Type=notify.
func notifySocket(t *testing.T) *net.UnixConn {
	dir, err := os.MkdirTemp("", "sdn") // unix socket paths are limited to 108 bytes
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	path := filepath.Join(dir, "notify")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	t.Setenv("NOTIFY_SOCKET", path)
	return c
}

func readDatagram(t *testing.T, c *net.UnixConn, within time.Duration) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(within))
	buf := make([]byte, 1024)
	n, _, err := c.ReadFromUnix(buf)
	if err != nil {
		t.Fatalf("no sd_notify datagram: %v", err)
	}
	return string(buf[:n])
}

func TestNotify(t *testing.T) {
	c := notifySocket(t)
	sent, err := Notify("READY=1\nSTATUS=accepting")
	if !sent || err != nil {
		t.Fatalf("sent=%v err=%v", sent, err)
	}
	if got := readDatagram(t, c, time.Second); got != "READY=1\nSTATUS=accepting" {
		t.Errorf("datagram %q", got)
	}
}

func TestNotifyWithoutSystemd(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	if sent, err := Notify("READY=1"); sent || err != nil {
		t.Errorf("sent=%v err=%v, want a silent no-op", sent, err)
	}
	t.Setenv("WATCHDOG_USEC", "")
	stop, interval, err := StartWatchdog(nil)
	if interval != 0 || err != nil {
		t.Errorf("watchdog without WATCHDOG_USEC: %v %v", interval, err)
	}
	stop()
}

func TestWatchdogPingsAtHalfInterval(t *testing.T) {
	c := notifySocket(t)
	t.Setenv("WATCHDOG_USEC", "100000")
	t.Setenv("WATCHDOG_PID", "")
	alive := true
	stop, interval, err := StartWatchdog(func() bool { return alive })
	if err != nil || interval != 100*time.Millisecond {
		t.Fatalf("interval %v err %v", interval, err)
	}
	start := time.Now()
	for i := 0; i < 3; i++ {
		if got := readDatagram(t, c, time.Second); got != "WATCHDOG=1" {
			t.Fatalf("datagram %q", got)
		}
	}
	if d := time.Since(start); d < 120*time.Millisecond || d > 400*time.Millisecond {
		t.Errorf("3 pings took %v, want about 150ms (every 50ms)", d)
	}
	stop()
	// A ping may have raced with stop: drain it, then expect silence.
	buf := make([]byte, 64)
	c.SetReadDeadline(time.Now().Add(60 * time.Millisecond))
	for {
		if _, _, err := c.ReadFromUnix(buf); err != nil {
			break
		}
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if n, _, err := c.ReadFromUnix(buf); err == nil {
		t.Fatalf("ping %q after stop", buf[:n])
	}
}

func TestWatchdogSilentWhenNotAlive(t *testing.T) {
	c := notifySocket(t)
	t.Setenv("WATCHDOG_USEC", "40000")
	stop, _, err := StartWatchdog(func() bool { return false })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	c.SetReadDeadline(time.Now().Add(150 * time.Millisecond))
	if n, _, err := c.ReadFromUnix(make([]byte, 64)); err == nil {
		t.Fatalf("a wedged daemon pinged the watchdog (%d bytes)", n)
	}
}

func TestNotSocketActivated(t *testing.T) {
	t.Setenv("LISTEN_PID", "")
	t.Setenv("LISTEN_FDS", "")
	ls, err := ActivatedListeners()
	if err != nil || ls != nil {
		t.Errorf("listeners %v err %v", ls, err)
	}
}
