package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// PROXY protocol (HAProxy's spec, versions 1 and 2): a load balancer in front of pgwired
// prefixes each connection with the client's real address. It is accepted only from
// Config.ProxyTrusted peers, because whoever may send it chooses the address that audit
// lines and HBA address rules see.

// proxyV2Signature opens every version 2 header; no PostgreSQL packet starts with it.
var proxyV2Signature = []byte("\r\n\r\n\x00\r\nQUIT\n")

const (
	proxyV2HeaderLen = 16  // signature, version/command, family/protocol, length
	proxyV1MaxLen    = 107 // the spec's bound, CRLF included
)

// errProxyHeader ends a connection whose PROXY header is missing or malformed, quietly: the
// peer is a load balancer, not a PostgreSQL client that would understand an ErrorResponse.
type errProxyHeader struct{ reason string }

func (e *errProxyHeader) Error() string { return "PROXY protocol: " + e.reason }
func (e *errProxyHeader) Unwrap() error { return errQuietClose }

// proxyTrusted reports whether the connection's peer may send a PROXY header.
func (c *conn) proxyTrusted() bool {
	if len(c.srv.cfg.ProxyTrusted) == 0 {
		return false
	}
	ta, ok := c.info.RemoteAddr.(*net.TCPAddr)
	if !ok {
		return false // Unix-domain sockets are local clients, never a balancer
	}
	ip, ok := netip.AddrFromSlice(ta.IP)
	if !ok {
		return false
	}
	ip = ip.Unmap()
	for _, p := range c.srv.cfg.ProxyTrusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// readProxyHeader consumes the PROXY header a trusted peer must send and makes the
// addresses it carries the connection's RemoteAddr and LocalAddr. A header announcing a
// LOCAL connection (the balancer's own health check) or an unknown family keeps the socket
// addresses.
func (c *conn) readProxyHeader() error {
	first, err := c.rd.peekByte()
	if err != nil {
		return &clientGoneError{err}
	}
	var src, dst net.Addr
	switch first {
	case proxyV2Signature[0]:
		src, dst, err = c.readProxyV2()
	case 'P':
		src, dst, err = c.readProxyV1()
	default:
		// HAProxy always sends the header when configured to: a peer that does not is
		// misconfigured, and serving it would record the balancer as the client.
		return &errProxyHeader{"no PROXY header from a trusted proxy address (PROXY_PROTOCOL_TRUSTED)"}
	}
	if err != nil {
		return err
	}
	if src != nil {
		c.info.ProxyAddr = c.info.RemoteAddr
		c.info.RemoteAddr, c.info.LocalAddr = src, dst
	}
	return nil
}

func (c *conn) readProxyV2() (src, dst net.Addr, err error) {
	h, err := c.rd.next(proxyV2HeaderLen)
	if err != nil {
		return nil, nil, &clientGoneError{err}
	}
	if !bytes.Equal(h[:12], proxyV2Signature) {
		return nil, nil, &errProxyHeader{"bad version 2 signature"}
	}
	verCmd, fam := h[12], h[13]
	n := int(binary.BigEndian.Uint16(h[14:]))
	if verCmd>>4 != 2 {
		return nil, nil, &errProxyHeader{fmt.Sprintf("version %d", verCmd>>4)}
	}
	body, err := c.rd.next(n) // addresses, then TLVs, which pgwired does not use
	if err != nil {
		return nil, nil, &clientGoneError{err}
	}
	switch verCmd & 0xf {
	case 0: // LOCAL
		return nil, nil, nil
	case 1: // PROXY
	default:
		return nil, nil, &errProxyHeader{fmt.Sprintf("command %d", verCmd&0xf)}
	}
	var ipLen int
	switch fam {
	case 0x11: // TCP over IPv4
		ipLen = 4
	case 0x21: // TCP over IPv6
		ipLen = 16
	default: // UNSPEC, UDP, Unix: nothing usable as a client address
		return nil, nil, nil
	}
	if len(body) < 2*ipLen+4 {
		return nil, nil, &errProxyHeader{fmt.Sprintf("address block of %d bytes for family %#x", len(body), fam)}
	}
	srcIP, _ := netip.AddrFromSlice(body[:ipLen])
	dstIP, _ := netip.AddrFromSlice(body[ipLen : 2*ipLen])
	ports := body[2*ipLen:]
	src = net.TCPAddrFromAddrPort(netip.AddrPortFrom(srcIP, binary.BigEndian.Uint16(ports)))
	dst = net.TCPAddrFromAddrPort(netip.AddrPortFrom(dstIP, binary.BigEndian.Uint16(ports[2:])))
	return src, dst, nil
}

// readProxyV1 parses "PROXY TCP4|TCP6 src dst sport dport\r\n" or "PROXY UNKNOWN ...\r\n".
// It reads byte by byte so as not to consume what follows the line.
func (c *conn) readProxyV1() (src, dst net.Addr, err error) {
	var line []byte
	for !bytes.HasSuffix(line, []byte("\r\n")) {
		if len(line) == proxyV1MaxLen {
			return nil, nil, &errProxyHeader{"version 1 line longer than 107 bytes"}
		}
		b, err := c.rd.next(1)
		if err != nil {
			return nil, nil, &clientGoneError{err}
		}
		line = append(line, b[0])
	}
	f := strings.Split(string(line[:len(line)-2]), " ")
	if f[0] != "PROXY" || len(f) < 2 {
		return nil, nil, &errProxyHeader{"version 1 line does not start with \"PROXY \""}
	}
	if f[1] == "UNKNOWN" {
		return nil, nil, nil
	}
	if len(f) != 6 || (f[1] != "TCP4" && f[1] != "TCP6") {
		return nil, nil, &errProxyHeader{"malformed version 1 line"}
	}
	s, err1 := parseProxyV1Addr(f[2], f[4], f[1] == "TCP4")
	d, err2 := parseProxyV1Addr(f[3], f[5], f[1] == "TCP4")
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, &errProxyHeader{"malformed version 1 line: " + err.Error()}
	}
	return s, d, nil
}

func parseProxyV1Addr(ip, port string, v4 bool) (*net.TCPAddr, error) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, err
	}
	if a.Is4() != v4 {
		return nil, fmt.Errorf("address %s does not match the protocol", ip)
	}
	// The spec forbids signs (ParseUint refuses them) and leading zeros.
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil || (len(port) > 1 && port[0] == '0') {
		return nil, fmt.Errorf("bad port %q", port)
	}
	return net.TCPAddrFromAddrPort(netip.AddrPortFrom(a, uint16(p))), nil
}

// looksLikeProxyHeader recognises the first four bytes of a PROXY header, so that one from
// an untrusted peer gets a log line that says what to configure instead of "invalid length".
func looksLikeProxyHeader(b []byte) bool {
	return bytes.Equal(b, proxyV2Signature[:4]) || bytes.Equal(b, []byte("PROX"))
}
