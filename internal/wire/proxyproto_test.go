package wire

import (
	"encoding/binary"
	"net/netip"
	"testing"
)

// proxyV2 builds a version 2 header: cmd 1 = PROXY, 0 = LOCAL.
func proxyV2(cmd byte, src, dst netip.AddrPort, tlvs []byte) []byte {
	b := append([]byte(nil), proxyV2Signature...)
	fam := byte(0x11)
	if src.Addr().Is6() {
		fam = 0x21
	}
	var addrs []byte
	addrs = append(addrs, src.Addr().AsSlice()...)
	addrs = append(addrs, dst.Addr().AsSlice()...)
	addrs = binary.BigEndian.AppendUint16(addrs, src.Port())
	addrs = binary.BigEndian.AppendUint16(addrs, dst.Port())
	addrs = append(addrs, tlvs...)
	b = append(b, 0x20|cmd, fam)
	b = binary.BigEndian.AppendUint16(b, uint16(len(addrs)))
	return append(b, addrs...)
}

func trustLoopback(c *Config) { c.ProxyTrusted = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} }

func TestProxyHeaderSetsRemoteAddr(t *testing.T) {
	src := netip.MustParseAddrPort("203.0.113.7:40001")
	dst := netip.MustParseAddrPort("10.0.0.11:5432")
	for _, tc := range []struct {
		name   string
		header []byte
		want   string
	}{
		{"v2 IPv4 with TLV", proxyV2(1, src, dst, []byte{0x04, 0x00, 0x02, 'h', 'i'}), "203.0.113.7:40001"},
		{"v2 IPv6", proxyV2(1, netip.MustParseAddrPort("[2001:db8::5]:7"), netip.MustParseAddrPort("[2001:db8::1]:5432"), nil), "[2001:db8::5]:7"},
		{"v1 TCP4", []byte("PROXY TCP4 203.0.113.7 10.0.0.11 40001 5432\r\n"), "203.0.113.7:40001"},
		{"v1 TCP6", []byte("PROXY TCP6 2001:db8::5 2001:db8::1 7 5432\r\n"), "[2001:db8::5]:7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, trustLoopback)
			rc := dialRaw(t, ts.addr)
			rc.writeRaw(tc.header)
			rc.login("alice")
			info := ts.be.lastInfo()
			if got := info.RemoteAddr.String(); got != tc.want {
				t.Errorf("RemoteAddr = %s, want %s", got, tc.want)
			}
			if info.ProxyAddr == nil || info.ProxyAddr.String() != rc.conn.LocalAddr().String() {
				t.Errorf("ProxyAddr = %v, want the balancer's socket %s", info.ProxyAddr, rc.conn.LocalAddr())
			}
		})
	}
}

// A LOCAL header (the balancer's own check) and v1 UNKNOWN keep the socket's addresses.
func TestProxyHeaderLocalKeepsSocketAddr(t *testing.T) {
	for name, header := range map[string][]byte{
		"v2 LOCAL":   proxyV2(0, netip.MustParseAddrPort("1.2.3.4:5"), netip.MustParseAddrPort("5.6.7.8:9"), nil),
		"v1 UNKNOWN": []byte("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, trustLoopback)
			rc := dialRaw(t, ts.addr)
			rc.writeRaw(header)
			rc.login("alice")
			info := ts.be.lastInfo()
			if info.RemoteAddr.String() != rc.conn.LocalAddr().String() || info.ProxyAddr != nil {
				t.Errorf("RemoteAddr = %v, ProxyAddr = %v; want the socket peer %s and no proxy", info.RemoteAddr, info.ProxyAddr, rc.conn.LocalAddr())
			}
		})
	}
}

func TestProxyHeaderRefusals(t *testing.T) {
	src, dst := netip.MustParseAddrPort("203.0.113.7:40001"), netip.MustParseAddrPort("10.0.0.11:5432")
	truncatedAddrs := proxyV2(1, src, dst, nil)
	binary.BigEndian.PutUint16(truncatedAddrs[14:], 6) // IPv4 family with 6 address bytes
	truncatedAddrs = truncatedAddrs[:16+6]
	badVersion := proxyV2(1, src, dst, nil)
	badVersion[12] = 0x11
	startup := startupBytes(t, "alice")
	for _, tc := range []struct {
		name    string
		trusted bool
		data    []byte
	}{
		{"trusted peer without header", true, startup},
		{"v2 from untrusted peer", false, proxyV2(1, src, dst, nil)},
		{"v1 from untrusted peer", false, []byte("PROXY TCP4 203.0.113.7 10.0.0.11 40001 5432\r\n")},
		{"v2 short address block", true, truncatedAddrs},
		{"v2 version 1 in binary form", true, badVersion},
		{"v1 wrong family", true, []byte("PROXY TCP6 203.0.113.7 10.0.0.11 40001 5432\r\n")},
		{"v1 leading zero port", true, []byte("PROXY TCP4 203.0.113.7 10.0.0.11 040001 5432\r\n")},
		{"v1 missing field", true, []byte("PROXY TCP4 203.0.113.7 10.0.0.11 40001\r\n")},
		{"v1 no CRLF within 107 bytes", true, append([]byte("PROXY TCP4 "), make([]byte, 120)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mutate := trustLoopback
			if !tc.trusted {
				mutate = nil
			}
			ts := startServer(t, mutate)
			rc := dialRaw(t, ts.addr)
			rc.writeRaw(append(tc.data, startup...))
			rc.expectClosed() // no ErrorResponse: the peer is not a PostgreSQL client
			if info := ts.be.lastInfo(); info != nil {
				t.Fatalf("a session was created for %v", info.RemoteAddr)
			}
		})
	}
}

// startupBytes is a StartupMessage as sent on the wire.
func startupBytes(t *testing.T, user string) []byte {
	b, err := startupMsg(0x30000, map[string]string{"user": user}).Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
