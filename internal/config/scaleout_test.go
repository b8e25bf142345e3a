package config

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestScaleOutSettings(t *testing.T) {
	c, err := FromEnvironment(map[string]string{
		"PROXY_PROTOCOL_TRUSTED": "10.0.0.0/24, 192.168.1.7,::ffff:10.1.2.3,2001:db8::/32",
		"PGWIRE_PEER_ID":         "2",
		"PGWIRE_PEERS":           "1=10.0.0.11:5432,2=10.0.0.12:5432,3=[2001:db8::3]:5432",
	})
	if err != nil {
		t.Fatal(err)
	}
	wantTrusted := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("2001:db8::/32"),
	}
	if got := c.ProxyTrusted(); !reflect.DeepEqual(got, wantTrusted) {
		t.Errorf("ProxyTrusted() = %v, want %v", got, wantTrusted)
	}
	wantPeers := map[int]string{1: "10.0.0.11:5432", 3: "[2001:db8::3]:5432"} // not itself
	if got := c.PeerAddrs(); !reflect.DeepEqual(got, wantPeers) {
		t.Errorf("PeerAddrs() = %v, want %v", got, wantPeers)
	}
}

func TestScaleOutDefaultsAreOff(t *testing.T) {
	c, err := FromEnvironment(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ProxyTrusted()) != 0 || len(c.PeerAddrs()) != 0 || c.PeerID != 0 {
		t.Fatalf("trusted %v, peers %v, id %d: want all off", c.ProxyTrusted(), c.PeerAddrs(), c.PeerID)
	}
}

func TestScaleOutValidation(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PROXY_PROTOCOL_TRUSTED": "10.0.0.0/33"}, `PROXY_PROTOCOL_TRUSTED: "10.0.0.0/33"`},
		{map[string]string{"PROXY_PROTOCOL_TRUSTED": "haproxy.local"}, `PROXY_PROTOCOL_TRUSTED: "haproxy.local"`},
		{map[string]string{"PGWIRE_PEER_ID": "128"}, "PGWIRE_PEER_ID=128"},
		{map[string]string{"PGWIRE_PEERS": "1=a:5432"}, "PGWIRE_PEER_ID must say"},
		{map[string]string{"PGWIRE_PEER_ID": "1", "PGWIRE_PEERS": "a:5432"}, `PGWIRE_PEERS: "a:5432": want id=host:port`},
		{map[string]string{"PGWIRE_PEER_ID": "1", "PGWIRE_PEERS": "0=a:5432"}, "id must be a number between 1 and 127"},
		{map[string]string{"PGWIRE_PEER_ID": "1", "PGWIRE_PEERS": "2=a"}, `address "a" is not host:port`},
		{map[string]string{"PGWIRE_PEER_ID": "1", "PGWIRE_PEERS": "2=a:1,2=b:1"}, "id 2 is listed twice"},
	} {
		_, err := FromEnvironment(tc.env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want it to contain %q", tc.env, err, tc.want)
		}
	}
}

func TestIRISHostFailoverPair(t *testing.T) {
	c, err := FromEnvironment(map[string]string{"IRIS_HOST": "iris-a.example, iris-b.example:51773,2001:db8::7", "IRIS_PORT": "1973"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"iris-a.example:1973", "iris-b.example:51773", "[2001:db8::7]:1973"}
	if got := c.IRISAddrs(); !reflect.DeepEqual(got, want) {
		t.Fatalf("IRISAddrs() = %v, want %v", got, want)
	}
	if c.IRISAddr() != want[0] {
		t.Fatalf("IRISAddr() = %s, want the primary %s", c.IRISAddr(), want[0])
	}
	for _, bad := range []string{"iris-a,", "iris-a,:1972", "iris-a:99999"} {
		if _, err := FromEnvironment(map[string]string{"IRIS_HOST": bad}); err == nil || !strings.Contains(err.Error(), "IRIS_HOST=") {
			t.Errorf("IRIS_HOST=%q: error %v, want one naming IRIS_HOST", bad, err)
		}
	}
}
