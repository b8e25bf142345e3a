package ops

import (
	"fmt"
	"net"
	"time"

	"github.com/coreos/go-systemd/v22/activation"
	"github.com/coreos/go-systemd/v22/daemon"
)

// Notify sends one sd_notify state ("READY=1", "STOPPING=1", "STATUS=…") to systemd. It
// does nothing, and reports false, when NOTIFY_SOCKET is unset (not started by systemd
// with Type=notify).
func Notify(state string) (sent bool, err error) {
	return daemon.SdNotify(false, state)
}

// StartWatchdog pings systemd with WATCHDOG=1 at half the interval systemd asked for
// (WatchdogSec= sets WATCHDOG_USEC). alive is called before each ping: a daemon whose
// accept loop is wedged must stop pinging so systemd restarts it. The returned function
// stops the pings. Without a watchdog it returns a no-op and interval 0.
func StartWatchdog(alive func() bool) (stop func(), interval time.Duration, err error) {
	interval, err = daemon.SdWatchdogEnabled(false)
	if err != nil || interval <= 0 {
		return func() {}, 0, err
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(interval / 2)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if alive == nil || alive() {
					_, _ = daemon.SdNotify(false, daemon.SdNotifyWatchdog)
				}
			}
		}
	}()
	return func() { close(done) }, interval, nil
}

// ActivatedListeners returns the sockets systemd passed (LISTEN_FDS, LISTEN_PID), or
// nil when the process was not socket-activated. The environment variables are unset so
// that child processes do not inherit them.
func ActivatedListeners() ([]net.Listener, error) {
	ls, err := activation.Listeners()
	if err != nil {
		return nil, fmt.Errorf("socket activation: %w", err)
	}
	var out []net.Listener
	for i, l := range ls {
		if l == nil {
			return nil, fmt.Errorf("socket activation: file descriptor %d is not a stream socket (pgwired.socket needs ListenStream=)", 3+i)
		}
		out = append(out, l)
	}
	return out, nil
}
