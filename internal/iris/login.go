package iris

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/user"
	"strings"
)

// ProtocolVersion is the client protocol sent in HS (§2.1; S1 today).
const ProtocolVersion = 69

// Feature option bits of CN item 12 and of the reply's granted mask (§2.2).
const (
	FeatureFastSelect     = 1
	FeatureFastInsert     = 2
	FeatureDurableTx      = 4
	FeatureNotNullable    = 8
	FeatureRedirectOutput = 32

	// requestedFeatures is S1's 37: fast select, durable transactions, redirect
	// output. Fast insert is not requested (S1: "tricky"; its reply layout is M-grade).
	requestedFeatures = FeatureFastSelect | FeatureDurableTx | FeatureRedirectOutput
)

// CN items whose meaning is unknown (§2.2, §10.7): S1's values, known to work.
const (
	cnItem8          = "go" // S1 comment: "SharedMemoryFlag?"
	cnAutoCommitOn   = 1    // 1 = on, 2 = off
	cnIsolationLevel = 0    // server default
)

var handshakePayload = [2]byte{ProtocolVersion, 0}

// login runs HS and CN (§2.1, §2.2).
func (c *Conn) login(ctx context.Context, opts Options) error {
	if err := c.enter(ctx); err != nil {
		return err
	}
	defer c.exit()
	if err := c.handshake(); err != nil {
		return err
	}
	return c.connect(opts)
}

func (c *Conn) handshake() error {
	c.start(OpHandshake, 0)
	c.out.Raw(handshakePayload[:])
	h, payload, err := c.roundTrip(&c.auxBuf)
	if err != nil {
		return err
	}
	if code := h.ReturnCode(); code != CodeOK {
		return c.fail("handshake", &ServerError{Code: code, Message: firstText(payload)})
	}
	if len(payload) < 4 {
		return c.protocolError("handshake reply", fmt.Errorf("%d bytes", len(payload)))
	}
	c.info.ProtocolVersion = int(binary.LittleEndian.Uint16(payload[0:2]))
	c.info.Unicode = binary.LittleEndian.Uint16(payload[2:4]) == 1
	r := NewListReader(payload[4:])
	if r.More() { // locale; anything after it is ignored (§10.8)
		it, err := r.Next()
		if err != nil {
			return c.protocolError("handshake locale", err)
		}
		c.info.Locale, _ = it.Text()
	}
	return nil
}

func (c *Conn) connect(opts Options) error {
	ns := strings.ToUpper(opts.Namespace)
	c.start(OpConnect, 0)
	w := &c.out.ListWriter
	w.String(ns)
	w.Bytes(Scramble(credentialBytes(opts.Username)))
	w.Bytes(Scramble(credentialBytes(opts.Password)))
	w.String(orDefault(opts.OSUser, defaultOSUser))
	w.String(orDefault(opts.ClientHost, defaultHostName))
	w.String(orDefault(opts.AppName, func() string { return "pgwired" }))
	w.String("")
	w.String(cnItem8)
	w.String("")
	w.Int(cnAutoCommitOn)
	w.Int(cnIsolationLevel)
	w.Int(requestedFeatures)
	h, payload, err := c.roundTrip(&c.auxBuf)
	if err != nil {
		return err
	}
	if code := h.ReturnCode(); code == CodeLoginFailed || code < 0 {
		// The server closes after a 417 (S1 would not); so do we.
		c.broken.Store(true)
		return &LoginError{Message: firstText(payload)}
	}
	if err := c.parseLoginReply(payload); err != nil {
		return c.protocolError("login reply", err)
	}
	c.info.Namespace = ns
	c.info.User = opts.Username
	return nil
}

// parseLoginReply reads the 7 CN reply items (§2.2); missing trailing items keep
// their zero value, so a server that omits the feature mask grants nothing.
func (c *Conn) parseLoginReply(payload []byte) error {
	r := NewListReader(payload)
	var items [7]Item
	for i := 0; i < len(items) && r.More(); i++ {
		it, err := r.Next()
		if err != nil {
			return err
		}
		items[i] = it
	}
	info, _ := items[0].Text()
	c.info.Version, c.info.InstallDir, _ = strings.Cut(info, "|")
	c.info.Version = strings.TrimSpace(c.info.Version)
	c.info.InstallDir = strings.TrimSpace(c.info.InstallDir)
	c.info.IsolationLevel = intOr0(items[3])
	c.info.JobID, _ = items[4].Text()
	c.info.Features = intOr0(items[6]) & requestedFeatures
	return nil
}

// credentialBytes picks the bytes that get scrambled: S1 uses UTF-8 (§2.3); for
// ASCII names that equals Latin-1. Kept in one place in case IRIS wants Latin-1.
func credentialBytes(s string) []byte { return []byte(s) }

func intOr0(it Item) int {
	if it.IsNull() {
		return 0
	}
	v, err := it.Int()
	if err != nil {
		return 0
	}
	return int(v)
}

func firstText(payload []byte) string {
	r := NewListReader(payload)
	if !r.More() {
		return ""
	}
	it, err := r.Next()
	if err != nil {
		return ""
	}
	s, _ := it.Text()
	return s
}

func orDefault(s string, def func() string) string {
	if s != "" {
		return s
	}
	return def()
}

func defaultOSUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "pgwired"
}

func defaultHostName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "pgwired"
}
