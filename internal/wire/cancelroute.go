package wire

import (
	"context"
	"encoding/binary"
	"net"
	"time"
)

// CancelRequests behind a load balancer: the balancer sends the client's cancel connection
// to any instance, not necessarily the one running the session. As PgBouncer does with its
// peers, every key names the instance that issued it (ProcessID bits 24-30) and an instance
// forwards a key that is not its own, once, to the peer with that id.

const (
	keyInstanceShift = 24
	keySeqMask       = 1<<keyInstanceShift - 1
	// MaxInstanceID is the largest Config.InstanceID: 7 bits between the connection
	// counter and the sign bit of ProcessID.
	MaxInstanceID = 127
	// cancelForwardedBit marks a CancelRequest relayed by a peer, which must not be
	// relayed again (a peer list that disagrees between instances must not make a loop).
	// Issued secrets keep it clear, so it costs the secret one bit of its 32.
	cancelForwardedBit = 1 << 31
	// cancelForwardTimeout bounds dialing a peer and writing the 16 bytes.
	cancelForwardTimeout = 2 * time.Second
)

// Instance is the id of the pgwired instance that issued the key.
func (k BackendKey) Instance() int { return int(k.ProcessID >> keyInstanceShift & MaxInstanceID) }

// cancelPacket is a CancelRequest as a client sends it.
func cancelPacket(k BackendKey) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint32(b, 16)
	binary.BigEndian.PutUint32(b[4:], codeCancelRequest)
	binary.BigEndian.PutUint32(b[8:], k.ProcessID)
	binary.BigEndian.PutUint32(b[12:], k.Secret)
	return b
}

func (c *conn) handleCancelRequest(body []byte) {
	// Protocol 3.0 keys: process id + 4-byte secret.
	if len(body) != 8 {
		c.log.Info("invalid CancelRequest length", "length", len(body)+8)
		return
	}
	key := BackendKey{
		ProcessID: binary.BigEndian.Uint32(body),
		Secret:    binary.BigEndian.Uint32(body[4:]),
	}
	forwarded := key.Secret&cancelForwardedBit != 0
	key.Secret &^= cancelForwardedBit
	owner := key.Instance()
	c.log.Debug("cancel request", "pid", key.ProcessID, "instance", owner, "forwarded", forwarded)
	if owner == c.srv.cfg.InstanceID {
		if c.srv.cfg.Cancel != nil {
			c.srv.cfg.Cancel(key)
		}
		return
	}
	addr, known := c.srv.cfg.CancelPeers[owner]
	switch {
	case forwarded:
		c.log.Warn("CancelRequest relayed by a peer names another instance; dropped (do PGWIRE_PEERS and PGWIRE_PEER_ID agree on every instance?)",
			"instance", owner)
	case !known:
		c.log.Info("CancelRequest for an instance not in PGWIRE_PEERS; dropped", "instance", owner)
	default:
		key.Secret |= cancelForwardedBit
		if err := forwardCancel(c.ctx, addr, key); err != nil {
			c.log.Warn("forwarding a CancelRequest to its instance failed", "instance", owner, "peer", addr, "err", err)
		}
	}
}

// forwardCancel sends the CancelRequest to a peer, without TLS or authentication, like a
// client does; the peer answers nothing and closes. Waiting for that close keeps the
// client's cancel connection open until the owning instance has acted, as libpq expects.
func forwardCancel(ctx context.Context, addr string, key BackendKey) error {
	ctx, cancel := context.WithTimeout(ctx, cancelForwardTimeout)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer nc.Close()
	deadline, _ := ctx.Deadline()
	_ = nc.SetDeadline(deadline)
	if _, err := nc.Write(cancelPacket(key)); err != nil {
		return err
	}
	var b [1]byte
	_, _ = nc.Read(b[:]) // EOF once the peer is done; nothing to report otherwise
	return nil
}
