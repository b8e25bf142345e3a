package irissim

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
)

func TestLogin(t *testing.T) {
	srv, addr := startServer(t, Config{Version: "IRIS for UNIX 2025.1 (Build 223U)"})
	c := dial(t, addr, "_system", "SYS") // user names are case-insensitive
	info := c.ServerInfo()
	if info.Version != "IRIS for UNIX 2025.1 (Build 223U)" || info.InstallDir != "/usr/irissys" || info.JobID == "" || !info.Unicode || info.Locale != "UNICODE" {
		t.Fatalf("server info = %+v", info)
	}
	if info.Features&iris.FeatureFastSelect == 0 || info.Features&iris.FeatureFastInsert != 0 {
		t.Fatalf("features = %d, want fast select only", info.Features)
	}
	for _, bad := range []struct{ user, pw, ns, text string }{
		{"_SYSTEM", "sys", "USER", "Access Denied"}, // passwords are case-sensitive
		{"nobody", "SYS", "USER", "Access Denied"},
		{"_SYSTEM", "SYS", "NOPE", "Namespace 'NOPE' does not exist"},
	} {
		_, err := iris.Connect(context.Background(), iris.Options{Addr: addr, Namespace: bad.ns, Username: bad.user, Password: bad.pw})
		var le *iris.LoginError
		if !errors.As(err, &le) || le.Message != bad.text {
			t.Fatalf("%+v: err = %v", bad, err)
		}
	}
	srv.AddUser("alice", "Secret1")
	a := dial(t, addr, "ALICE", "Secret1")
	got := rowsOf(t, a, "SELECT $USERNAME, $NAMESPACE, $TLEVEL")
	if got[0][0] != "alice" || got[0][1] != "USER" || got[0][2] != int64(0) {
		t.Fatalf("session values = %v", got)
	}
}

// TestLoginFailureClosesSocket checks the raw 417 reply and that the server hangs up.
func TestLoginFailureClosesSocket(t *testing.T) {
	_, addr := startServer(t, Config{})
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Count: 0, Code: iris.OpHandshake})
	mb.Raw([]byte{0x45, 0x00})
	if err := mb.Send(nc); err != nil {
		t.Fatal(err)
	}
	h, payload, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 0 || string(payload[:4]) != "\x45\x00\x01\x00" {
		t.Fatalf("HS reply %v % x %v", h, payload, err)
	}
	mb.Start(iris.Header{Count: 1, Code: iris.OpConnect})
	mb.String("USER")
	mb.Bytes(iris.Scramble([]byte("_SYSTEM")))
	mb.Bytes(iris.Scramble([]byte("wrong")))
	if err := mb.Send(nc); err != nil {
		t.Fatal(err)
	}
	h, payload, err = iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != iris.CodeLoginFailed || h.Count != 1 {
		t.Fatalf("CN reply %v %v", h, err)
	}
	r := iris.NewListReader(payload)
	it, _ := r.Next()
	if txt, _ := it.Text(); txt != "Access Denied" {
		t.Fatalf("417 text = %q", txt)
	}
	nc.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := nc.Read(make([]byte, 1)); err == nil {
		t.Fatal("socket still open after a failed login")
	}
}

// rawLogin performs HS + CN with raw frames (no fast select) and returns the socket.
func rawLogin(t *testing.T, addr string) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	var mb iris.MessageBuffer
	mb.Start(iris.Header{Code: iris.OpHandshake})
	mb.Raw([]byte{0x45, 0x00})
	mb.Send(nc)
	if _, _, err := iris.ReadMessage(nc, nil); err != nil {
		t.Fatal(err)
	}
	mb.Start(iris.Header{Count: 1, Code: iris.OpConnect})
	mb.String("USER")
	mb.Bytes(iris.Scramble([]byte("_SYSTEM")))
	mb.Bytes(iris.Scramble([]byte("SYS")))
	for _, s := range []string{"os", "host", "app", "", "go", ""} {
		mb.String(s)
	}
	mb.Int(1)
	mb.Int(0)
	mb.Int(0) // no features
	mb.Send(nc)
	h, _, err := iris.ReadMessage(nc, nil)
	if err != nil || h.ReturnCode() != 0 {
		t.Fatalf("login: %v %v", h, err)
	}
	return nc
}
