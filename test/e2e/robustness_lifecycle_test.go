package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestIdleInTransactionTimeout leaves a transaction open and silent: the server ends the
// session with FATAL 25P03 (PostgreSQL's idle_in_transaction_session_timeout) and the
// transaction's writes and locks are gone, so another client can use the key at once.
func TestIdleInTransactionTimeout(t *testing.T) {
	p := startOwnPgwired(t, "IDLE_IN_TRANSACTION_TIMEOUT=500ms", "POOL_SIZE=1", "POOL_ACQUIRE_TIMEOUT=10s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	setup := connect(t, ctx, p)
	mustExec(t, ctx, setup, "CREATE TABLE e2e_idle_tx (k integer PRIMARY KEY)")
	// Idle outside a transaction is not limited.
	time.Sleep(800 * time.Millisecond)
	if queryInt(t, ctx, setup, "SELECT count(*) FROM e2e_idle_tx") != 0 {
		t.Fatal("table not empty")
	}
	setup.Close(ctx)

	raw := hijackAfter(t, ctx, p, "BEGIN", "INSERT INTO e2e_idle_tx VALUES (1)")
	start := time.Now()
	msgs, err := receiveUntilClosed(raw.conn, raw.fe, 10*time.Second)
	if !isClosedByPeer(err) {
		t.Fatalf("idle transaction not ended: %v", err)
	}
	singleFatal(t, msgs, "25P03")
	if waited := time.Since(start); waited < 400*time.Millisecond || waited > 5*time.Second {
		t.Errorf("ended after %s, want about 500ms", waited)
	}
	// POOL_SIZE=1: this login gets the IRIS connection the abandoned transaction used.
	other := connect(t, ctx, p)
	if n := queryInt(t, ctx, other, "SELECT count(*) FROM e2e_idle_tx"); n != 0 {
		t.Fatalf("the abandoned transaction's row is visible")
	}
	mustExec(t, ctx, other, "INSERT INTO e2e_idle_tx VALUES (1)")
}

// hijackAfter logs in, runs statements with pgconn and hands over the raw connection.
func hijackAfter(t *testing.T, ctx context.Context, p *pgwired, sqls ...string) *rawSession {
	t.Helper()
	pc, err := pgconn.Connect(ctx, p.URL())
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range sqls {
		if _, err := pc.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	hc, err := pc.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hc.Conn.Close() })
	return &rawSession{conn: hc.Conn, fe: hc.Frontend}
}

// TestCancelRequestNeedsTheSecretKey sends a CancelRequest with the right process id and
// a wrong secret: the statement must go on (here until its statement_timeout).
func TestCancelRequestNeedsTheSecretKey(t *testing.T) {
	p := sharedPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, p)
	createSlowTable(t, ctx, conn)
	mustExec(t, ctx, conn, "SET statement_timeout = '1500ms'")
	pid := conn.PgConn().PID()
	key := conn.PgConn().SecretKey()
	if len(key) != 4 {
		t.Fatalf("secret key of %d bytes, want 4 (protocol 3.0)", len(key))
	}
	wrong := binary.BigEndian.Uint32(key) ^ 0x5a5a5a5a

	sent := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		nc, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(p.Port))
		if err != nil {
			sent <- err
			return
		}
		defer nc.Close()
		msg := binary.BigEndian.AppendUint32(nil, 16)
		msg = binary.BigEndian.AppendUint32(msg, 1234<<16|5678) // CancelRequest code
		msg = binary.BigEndian.AppendUint32(msg, pid)
		msg = binary.BigEndian.AppendUint32(msg, wrong)
		_, err = nc.Write(msg)
		sent <- err
	}()
	var n int64
	err := conn.QueryRow(ctx, slowQuery).Scan(&n)
	if serr := <-sent; serr != nil {
		t.Fatalf("sending the CancelRequest: %v", serr)
	}
	pe := expectSQLState(t, err, "57014", "slow statement")
	if !strings.Contains(pe.Message, "statement timeout") {
		t.Fatalf("statement ended with %q: a CancelRequest with a wrong secret key was obeyed", pe.Message)
	}
}

// TestRestartKeepsCommittedWorkOnly stops pgwired with SIGTERM while one client has an
// open transaction, then starts it again on the same data directory: what was committed
// is there, the open transaction is not.
func TestRestartKeepsCommittedWorkOnly(t *testing.T) {
	first := startOwnPgwired(t, "SHUTDOWN_TIMEOUT=1s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := connect(t, ctx, first)
	mustExec(t, ctx, c, "CREATE TABLE e2e_restart (k integer PRIMARY KEY, v varchar(10))")
	mustExec(t, ctx, c, "INSERT INTO e2e_restart VALUES (1, 'kept')")
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO e2e_restart VALUES (2, 'lost')"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "UPDATE e2e_restart SET v = 'changed' WHERE k = 1"); err != nil {
		t.Fatal(err)
	}
	first.sendSignal(t, syscall.SIGTERM)
	select {
	case <-first.exited:
	case <-time.After(20 * time.Second):
		t.Fatal("pgwired did not stop")
	}
	if code := first.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("exit status %d after SIGTERM, want 0\n%s", code, first.Log())
	}
	// The client learns that its session was terminated.
	if _, err := tx.Exec(ctx, "SELECT 1"); err == nil {
		t.Fatal("the transaction's connection still works after the server stopped")
	}

	second := startOwnPgwired(t, "PGWIRE_DATA_DIR="+first.DataDir)
	c2 := connect(t, ctx, second)
	rows, err := c2.Query(ctx, "SELECT k, v FROM e2e_restart ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var k int32
		var v string
		err := r.Scan(&k, &v)
		return strconv.Itoa(int(k)) + "=" + v, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "1=kept" {
		t.Fatalf("after restart: %v, want [1=kept]", got)
	}
}

// TestSIGHUPReloadsWithoutDroppingClients is `systemctl reload`: SIGHUP must neither stop
// the daemon nor disturb its clients, and new TLS handshakes use the certificate now in
// the files (here the simulator's own server.crt/server.key, replaced by a new pair).
func TestSIGHUPReloadsWithoutDroppingClients(t *testing.T) {
	p := startOwnPgwired(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	before := serverCertificate(t, ctx, p)
	c := connect(t, ctx, p)
	mustExec(t, ctx, c, "CREATE TABLE e2e_sighup (k integer PRIMARY KEY)")
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO e2e_sighup VALUES (1)"); err != nil {
		t.Fatal(err)
	}

	writeSelfSigned(t, filepath.Join(p.DataDir, "server.crt"), filepath.Join(p.DataDir, "server.key"))
	p.sendSignal(t, syscall.SIGHUP)
	waitLog(t, p, "reload", 5*time.Second)
	select {
	case <-p.exited:
		t.Fatalf("SIGHUP stopped pgwired:\n%s", p.Log())
	case <-time.After(300 * time.Millisecond):
	}
	// The client and its open transaction are untouched.
	if _, err := tx.Exec(ctx, "INSERT INTO e2e_sighup VALUES (2)"); err != nil {
		t.Fatalf("open transaction after SIGHUP: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("commit after SIGHUP: %v", err)
	}
	if n := queryInt(t, ctx, c, "SELECT count(*) FROM e2e_sighup"); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	after := serverCertificate(t, ctx, p)
	if bytes.Equal(before, after) {
		t.Error("new connections still get the old certificate after SIGHUP")
	}
	assertServerWorks(t, p)
}

// serverCertificate logs in and returns the DER certificate the server presented.
func serverCertificate(t *testing.T, ctx context.Context, p *pgwired) []byte {
	t.Helper()
	cfg, err := pgconn.ParseConfig(p.URL())
	if err != nil {
		t.Fatal(err)
	}
	var der []byte
	cfg.TLSConfig.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
		der = raw[0]
		return nil
	}
	pc, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pc.Close(ctx)
	if der == nil {
		t.Fatal("no certificate seen")
	}
	return der
}

// writeSelfSigned replaces a certificate and key pair with a new self-signed one.
func writeSelfSigned(t *testing.T, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "localhost", Organization: []string{"pgwired e2e renewed"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSIGTERMStopsRunningStatements: a statement still running when SHUTDOWN_TIMEOUT
// ends is stopped, its client told 57P01, and the process exits without waiting for it.
func TestSIGTERMStopsRunningStatements(t *testing.T) {
	p := startOwnPgwired(t, "SHUTDOWN_TIMEOUT=1s")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn := connect(t, ctx, p)
	createSlowTable(t, ctx, conn)
	result := make(chan error, 1)
	go func() {
		var n int64
		result <- conn.QueryRow(ctx, slowQuery).Scan(&n)
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	p.sendSignal(t, syscall.SIGTERM)
	select {
	case err := <-result:
		expectSQLState(t, err, "57P01", "statement running at shutdown")
	case <-time.After(15 * time.Second):
		t.Fatal("the running statement was not stopped by the shutdown")
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("pgwired did not exit")
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("shutdown took %s with SHUTDOWN_TIMEOUT=1s", d)
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}
