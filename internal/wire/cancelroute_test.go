package wire

import (
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

func TestBackendKeyCarriesInstanceID(t *testing.T) {
	for _, id := range []int{0, 1, 42, MaxInstanceID} {
		for _, connID := range []uint64{1, 2, keySeqMask, keySeqMask + 1, 1 << 40} {
			k := newBackendKey(id, connID)
			if k.Instance() != id {
				t.Errorf("newBackendKey(%d, %d).Instance() = %d", id, connID, k.Instance())
			}
			if int32(k.ProcessID) <= 0 {
				t.Errorf("newBackendKey(%d, %d).ProcessID = %d: clients read it as a positive int32", id, connID, int32(k.ProcessID))
			}
			if k.Secret&cancelForwardedBit != 0 {
				t.Errorf("secret %#x has the forwarded bit set", k.Secret)
			}
		}
	}
	if k := newBackendKey(3, 77); k.ProcessID != 3<<24|78 {
		t.Errorf("ProcessID = %#x, want %#x", k.ProcessID, 3<<24|78)
	}
}

func TestServerIssuesKeysWithItsInstanceID(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.InstanceID = 5 })
	key, _ := dialRaw(t, ts.addr).login("alice")
	if got := (BackendKey{ProcessID: key.ProcessID}).Instance(); got != 5 {
		t.Fatalf("BackendKeyData process id %#x names instance %d, want 5", key.ProcessID, got)
	}
}

// peerListener records the raw bytes of each connection a forwarding instance opens.
func peerListener(t *testing.T) (addr string, packets <-chan []byte) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ch := make(chan []byte, 4)
	go func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			_ = nc.SetDeadline(time.Now().Add(5 * time.Second))
			// Read one CancelRequest, then close as a server does: the forwarder waits for it.
			b := make([]byte, 16)
			n, _ := io.ReadFull(nc, b)
			nc.Close()
			b = b[:n]
			ch <- b
		}
	}()
	return l.Addr().String(), ch
}

func TestCancelForForeignKeyIsForwardedOnce(t *testing.T) {
	peer, packets := peerListener(t)
	ts := startServer(t, func(c *Config) {
		c.InstanceID = 1
		c.CancelPeers = map[int]string{2: peer}
	})
	foreign := BackendKey{ProcessID: 2<<24 | 9, Secret: 0x1234abcd}
	rc := dialRaw(t, ts.addr)
	rc.writeRaw(cancelPacket(foreign))
	rc.expectClosed()

	select {
	case got := <-packets:
		want := cancelPacket(BackendKey{ProcessID: foreign.ProcessID, Secret: foreign.Secret | cancelForwardedBit})
		if string(got) != string(want) {
			t.Fatalf("peer received % x, want % x", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the CancelRequest was not forwarded")
	}
	select {
	case k := <-ts.be.cancels:
		t.Fatalf("a foreign key reached the local Cancel: %+v", k)
	default:
	}

	// Relayed already: dropped, not sent on again, so disagreeing peer lists cannot loop.
	rc = dialRaw(t, ts.addr)
	rc.writeRaw(cancelPacket(BackendKey{ProcessID: foreign.ProcessID, Secret: foreign.Secret | cancelForwardedBit}))
	rc.expectClosed()
	select {
	case got := <-packets:
		t.Fatalf("a relayed CancelRequest was relayed again: % x", got)
	case <-time.After(200 * time.Millisecond):
	}
}

// A request relayed by a peer for one of this instance's keys cancels the session: the
// forwarded bit is not part of the key.
func TestForwardedCancelForOwnKeyCancels(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.InstanceID = 2 })
	key, _ := dialRaw(t, ts.addr).login("alice")
	secret := binary.BigEndian.Uint32(key.SecretKey)
	canceler := dialRaw(t, ts.addr)
	canceler.writeRaw(cancelPacket(BackendKey{ProcessID: key.ProcessID, Secret: secret | cancelForwardedBit}))
	canceler.expectClosed()
	select {
	case got := <-ts.be.cancels:
		if want := (BackendKey{ProcessID: key.ProcessID, Secret: secret}); got != want {
			t.Fatalf("Cancel(%+v), want %+v", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Config.Cancel not called")
	}
}

func TestCancelForUnknownInstanceIsDropped(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.InstanceID = 1 })
	rc := dialRaw(t, ts.addr)
	rc.send(&pgproto3.CancelRequest{ProcessID: 7<<24 | 1, SecretKey: []byte{1, 2, 3, 4}})
	rc.expectClosed()
	select {
	case k := <-ts.be.cancels:
		t.Fatalf("a key of instance 7 reached the local Cancel: %+v", k)
	case <-time.After(100 * time.Millisecond):
	}
}
