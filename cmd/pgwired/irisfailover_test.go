package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

// deadMember accepts TCP connections and closes them at once, as a mirror member that is
// shutting down does; it counts the attempts.
func deadMember(t *testing.T) (addr string, attempts *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	attempts = new(atomic.Int32)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			attempts.Add(1)
			c.Close()
		}
	}()
	return l.Addr().String(), attempts
}

func simOptions(password string) iris.Options {
	return iris.Options{Namespace: "USER", Username: "_SYSTEM", Password: password, DialTimeout: 2 * time.Second}
}

func TestIRISFailoverGoesToTheMemberThatAccepts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dead, attempts := deadMember(t)
	live, _ := startSim(t)
	m := newIRISMembers([]string{dead, live}, slog.New(slog.NewTextHandler(io.Discard, nil)))

	for i := range 2 {
		c, err := m.connect(ctx, simOptions("SYS"))
		if err != nil {
			t.Fatalf("connect %d: %v", i, err)
		}
		if err := c.Ping(ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}
		c.Close()
	}
	// The first connect tried the dead primary once; the second went straight to the
	// member that accepted.
	if n := attempts.Load(); n != 1 {
		t.Fatalf("the dead member was tried %d times, want 1", n)
	}
	if err := m.dialTCP(ctx); err != nil {
		t.Fatalf("dialTCP: %v", err)
	}
}

// Credentials IRIS refuses are refused by every member: they are not tried elsewhere.
func TestIRISFailoverStopsAtLoginError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	live, _ := startSim(t)
	other, attempts := deadMember(t)
	m := newIRISMembers([]string{live, other}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_, err := m.connect(ctx, simOptions("wrong"))
	var le *iris.LoginError
	if !errors.As(err, &le) {
		t.Fatalf("err = %v, want an iris.LoginError", err)
	}
	if n := attempts.Load(); n != 0 {
		t.Fatalf("the second member was tried %d times after a login error", n)
	}
}

func TestIRISFailoverAllMembersDown(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	a, na := deadMember(t)
	b, nb := deadMember(t)
	m := newIRISMembers([]string{a, b}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_, err := m.connect(ctx, simOptions("SYS"))
	if err == nil || na.Load() != 1 || nb.Load() != 1 {
		t.Fatalf("err = %v after %d and %d attempts, want an error after one attempt each", err, na.Load(), nb.Load())
	}
	if want := "no member of IRIS_HOST accepted"; !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to say %q", err, want)
	}
}

// A mirror's backup accepts the login but is not where connections belong: the next
// member is tried, and becomes current.
func TestIRISFailoverSkipsTheMirrorBackup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	backup, _ := startSim(t)
	primary, _ := startSim(t)
	m := newIRISMembers([]string{backup, primary}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var asked []int
	m.isBackup = func(ctx context.Context, c *iris.Conn) (bool, error) {
		asked = append(asked, len(asked))
		return len(asked) == 1, nil // the first member asked is the backup
	}
	c, err := m.connect(ctx, simOptions("SYS"))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if len(asked) != 2 || m.current.Load() != 1 {
		t.Fatalf("asked %d members, current = %d; want 2 asked and the primary (1) current", len(asked), m.current.Load())
	}
	// The real question, against the simulator (not a mirror member): the answer must not
	// stop a connection.
	m = newIRISMembers([]string{primary, backup}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err = m.connect(ctx, simOptions("SYS"))
	if err != nil {
		t.Fatalf("connect asking %%SYSTEM.Mirror.IsBackup of a non-mirrored instance: %v", err)
	}
	defer c.Close()
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("ping after the mirror question: %v", err)
	}
}
