package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"

	"github.com/pgwired/pgwired/internal/iris"
)

// irisMembers are the SuperServer addresses of IRIS_HOST: one, or a mirror failover pair.
// A connection goes to the member that accepted the last one, and on a failure to the
// others in order. Sticky rather than "primary first" because after a mirror failover the
// old primary comes back as the backup: going back to it first would cost every new
// connection a failed attempt.
type irisMembers struct {
	addrs   []string
	current atomic.Int32 // index into addrs of the member that last accepted
	log     *slog.Logger
	// isBackup asks a freshly logged-in member whether it is the mirror's backup, which
	// accepts logins but only serves read-only databases; only asked when IRIS_HOST lists
	// several members. A variable so that tests can play a mirror.
	isBackup func(ctx context.Context, c *iris.Conn) (bool, error)
}

// errMirrorBackup sends a connection on to the next member.
var errMirrorBackup = errors.New("this member is the mirror's backup (%SYSTEM.Mirror.IsBackup() = 1)")

func newIRISMembers(addrs []string, log *slog.Logger) *irisMembers {
	return &irisMembers{addrs: addrs, log: log, isBackup: mirrorIsBackup}
}

// mirrorIsBackup calls ##class(%SYSTEM.Mirror).IsBackup(), which is 0 on a primary and on
// an instance that is not mirrored.
func mirrorIsBackup(ctx context.Context, c *iris.Conn) (bool, error) {
	v, err := c.ClassMethod(ctx, "%SYSTEM.Mirror", "IsBackup")
	if err != nil {
		return false, err
	}
	switch v := v.(type) {
	case int64:
		return v == 1, nil
	case string:
		return v == "1", nil
	}
	return false, fmt.Errorf("%%SYSTEM.Mirror.IsBackup() returned %T", v)
}

func (m *irisMembers) String() string { return strings.Join(m.addrs, ",") }

// connect logs into IRIS on the first member that accepts, starting with the current one.
// A LoginError is final: credentials are the same on every member, and trying them on
// each would count twice towards IRIS's lockout of the account.
func (m *irisMembers) connect(ctx context.Context, opts iris.Options) (*iris.Conn, error) {
	return tryMembers(m, ctx, func(addr string) (*iris.Conn, error) {
		o := opts
		o.Addr = addr
		c, err := iris.Connect(ctx, o)
		if err != nil || len(m.addrs) == 1 {
			return c, err
		}
		backup, err := m.isBackup(ctx, c)
		switch {
		case backup:
			c.Close()
			return nil, fmt.Errorf("%s: %w", addr, errMirrorBackup)
		case err != nil && c.Broken():
			return nil, err
		case err != nil:
			// Cannot tell (no privilege on %SYSTEM.Mirror?): a member that let us in is
			// better than none; the primary is the one that accepts writes anyway.
			m.log.Debug("cannot ask the IRIS member for its mirror role", "member", addr, "error", err)
		}
		return c, nil
	}, func(err error) bool {
		var le *iris.LoginError
		return errors.As(err, &le)
	})
}

// dialTCP checks that some member accepts TCP connections (the health probe without
// IRIS credentials).
func (m *irisMembers) dialTCP(ctx context.Context) error {
	c, err := tryMembers(m, ctx, func(addr string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}, func(error) bool { return false })
	if err != nil {
		return err
	}
	return c.Close()
}

// tryMembers runs attempt on each member from the current one until one succeeds, an
// error is final, or ctx ends; the member that succeeded becomes current.
func tryMembers[T any](m *irisMembers, ctx context.Context, attempt func(addr string) (T, error), final func(error) bool) (T, error) {
	start := int(m.current.Load())
	var errs []error
	for i := range m.addrs {
		idx := (start + i) % len(m.addrs)
		v, err := attempt(m.addrs[idx])
		if err == nil {
			if idx != start && m.current.CompareAndSwap(int32(start), int32(idx)) {
				m.log.Warn("IRIS failover: connecting to another member of IRIS_HOST",
					"from", m.addrs[start], "to", m.addrs[idx], "error", errors.Join(errs...))
			}
			return v, nil
		}
		if final(err) || ctx.Err() != nil {
			return v, err
		}
		errs = append(errs, err)
	}
	var zero T
	if len(errs) == 1 {
		return zero, errs[0]
	}
	return zero, fmt.Errorf("no member of IRIS_HOST accepted: %w", errors.Join(errs...))
}
