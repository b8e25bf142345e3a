package wire

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"net"
	"time"
)

// BackendKey identifies a session to CancelRequests (BackendKeyData in
// protocol 3.0: a process id and a 32-bit secret).
type BackendKey struct {
	ProcessID uint32
	Secret    uint32
}

// newBackendKey pairs a process id unique among this server's recent connections, carrying
// the instance id (see Config.InstanceID), with an unguessable secret, as PostgreSQL does.
func newBackendKey(instance int, connID uint64) BackendKey {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	// Bits 0-23 count connections (from 1: no process id 0), bits 24-30 name the
	// instance, bit 31 stays clear because clients treat the id as int32.
	seq := uint32(connID%(keySeqMask)) + 1
	return BackendKey{
		ProcessID: uint32(instance)<<keyInstanceShift | seq,
		Secret:    binary.BigEndian.Uint32(b[:]) &^ cancelForwardedBit,
	}
}

// ConnInfo describes a client connection. wire fills it during startup;
// after NewSession it is read-only.
type ConnInfo struct {
	// ID is unique for the server's lifetime.
	ID uint64
	// RemoteAddr is the client's address: the socket's peer, or the address a trusted
	// load balancer reported in a PROXY header (then ProxyAddr is the balancer's).
	RemoteAddr net.Addr
	LocalAddr  net.Addr
	ProxyAddr  net.Addr
	// TLS is nil for plaintext connections.
	TLS *tls.ConnectionState
	// ProtocolVersion is the version the client asked for (major<<16|minor);
	// wire always speaks 3.0.
	ProtocolVersion uint32
	// Parameters are the startup parameters (user, database,
	// application_name, options, client_encoding, ...), without the "_pq_."
	// protocol options.
	Parameters map[string]string
	Key        BackendKey
	// Identity is set once authentication succeeded.
	Identity  Identity
	StartedAt time.Time
}

// User is the authenticated user, or the startup user before authentication.
func (c *ConnInfo) User() string {
	if c.Identity.User != "" {
		return c.Identity.User
	}
	return c.Parameters["user"]
}

// Database is the database chosen by authentication, else the startup
// parameter, which itself defaults to the user name.
func (c *ConnInfo) Database() string {
	if c.Identity.Database != "" {
		return c.Identity.Database
	}
	if db := c.Parameters["database"]; db != "" {
		return db
	}
	return c.Parameters["user"]
}
