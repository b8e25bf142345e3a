package irissim

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

func startServer(t testing.TB, cfg Config) (*Server, string) {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, addr.String()
}

func dial(t testing.TB, addr, user, password string) *iris.Conn {
	t.Helper()
	c, err := iris.Connect(context.Background(), iris.Options{Addr: addr, Namespace: "USER", Username: user, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func sqlCode(t *testing.T, err error) *iris.SQLError {
	t.Helper()
	var se *iris.SQLError
	if !errors.As(err, &se) {
		t.Fatalf("want *iris.SQLError, got %T %v", err, err)
	}
	return se
}

// rowsOf reads every row as decoded values.
func rowsOf(t *testing.T, c *iris.Conn, q string, args ...any) [][]any {
	t.Helper()
	rows, err := c.Query(context.Background(), q, args)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
