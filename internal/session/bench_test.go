package session

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/irissim"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// nullWriter is a ResultWriter that drops everything, so a benchmark measures the
// session, the translator cache and the IRIS round trip only.
type nullWriter struct{}

func (nullWriter) RowDescription([]pgproto3.FieldDescription) error { return nil }
func (nullWriter) DataRow([][]byte) error                           { return nil }
func (nullWriter) CommandComplete(string) error                     { return nil }
func (nullWriter) EmptyQuery() error                                { return nil }
func (nullWriter) Notice(*pgproto3.NoticeResponse) error            { return nil }
func (nullWriter) ParameterStatus(string, string) error             { return nil }
func (nullWriter) CopyIn(int8, []int16) (wire.CopyReader, error)    { return nil, nil }
func (nullWriter) CopyOut(int8, []int16) (wire.CopyWriter, error)   { return nil, nil }

// benchSession starts an in-process simulator and returns a logged-in session and a
// direct IRIS connection to the same simulator, for side-by-side numbers.
func benchSession(b *testing.B) (*Session, *iris.Conn) {
	b.Helper()
	sim, err := irissim.New(irissim.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sim.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go sim.Serve(l)
	dial := func(ctx context.Context, c iris.Credentials) (*iris.Conn, error) {
		return iris.Connect(ctx, iris.Options{Addr: l.Addr().String(), Namespace: c.Namespace, Username: c.Username, Password: c.Password})
	}
	pool, err := iris.NewPool(iris.PoolConfig{Size: 4, AcquireTimeout: 5 * time.Second, Dial: dial})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { pool.Close() })
	m := NewManager(Config{Pool: pool, Translator: translate.NewCache(128, translate.DefaultOptions()), Namespace: "USER", ServerVersion: "16.0"})
	ci := &wire.ConnInfo{Parameters: map[string]string{"user": "_SYSTEM", "database": "USER"}}
	extra, err := m.VerifyPassword(context.Background(), "_SYSTEM", "SYS", "USER")
	if err != nil {
		b.Fatal(err)
	}
	ci.Identity = wire.Identity{User: "_SYSTEM", Extra: extra}
	ws, err := m.NewSession(context.Background(), ci)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ws.Close(context.Background()) })
	direct, err := dial(context.Background(), iris.Credentials{Namespace: "USER", Username: "_SYSTEM", Password: "SYS"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { direct.Close() })
	return ws.(*Session), direct
}

// BenchmarkSelect1 compares a simple-protocol SELECT 1 through the session (translation
// cache hit, IRIS round trip, encoding) with the same statement sent straight to IRIS.
func BenchmarkSelect1(b *testing.B) {
	s, direct := benchSession(b)
	ctx := context.Background()
	b.Run("direct-iris", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, err := direct.Query(ctx, "SELECT 1", nil)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		}
	})
	b.Run("session-simple", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.SimpleQuery(ctx, "SELECT 1", nullWriter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session-prepared", func(b *testing.B) {
		ps, err := s.Prepare(ctx, "", "SELECT $1::int", nil)
		if err != nil {
			b.Fatal(err)
		}
		params := [][]byte{[]byte("1")}
		b.ReportAllocs()
		for b.Loop() {
			p, err := ps.Bind(ctx, params, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Execute(ctx, nullWriter{}, 0); err != nil {
				b.Fatal(err)
			}
			p.Close()
		}
	})
}
