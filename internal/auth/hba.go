package auth

import (
	"bufio"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/pgwired/pgwired/internal/wire"
)

// HBA is a pg_hba.conf-style rule list: the first line whose connection type, database,
// user and address match the client names the one method that authenticates it (or
// "reject"). Lines are "TYPE DATABASE USER ADDRESS METHOD":
//
//	hostssl  all        all         10.0.0.0/8   scram-sha-256
//	host     USER       alice,bob   127.0.0.1/32 password
//	host     all        all         all          reject
//
// TYPE is host (TLS or not), hostssl or hostnossl; DATABASE and USER are "all" or
// comma-separated names (case-insensitive, as IRIS names are); ADDRESS is "all", an IP
// address or a CIDR. '#' starts a comment. Options after METHOD are not supported and are
// refused rather than ignored.
type HBA struct {
	rules []hbaRule
}

type hbaRule struct {
	line      int
	connType  string
	databases []string // nil: all
	users     []string // nil: all
	prefix    netip.Prefix
	anyAddr   bool
	method    string
}

// ReadHBA parses the file at path; every METHOD must be one of methods (the configured
// AUTH_METHODS, whose settings exist) or "reject".
func ReadHBA(path string, methods []string) (*HBA, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := &HBA{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		bad := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %s", path, n, fmt.Sprintf(format, args...))
		}
		if fields[0] == "local" {
			return nil, bad("\"local\" (Unix sockets) does not apply: pgwired listens on TCP only")
		}
		if len(fields) < 5 {
			return nil, bad("want TYPE DATABASE USER ADDRESS METHOD")
		}
		if len(fields) > 5 {
			return nil, bad("options after the method (%s) are not supported", strings.Join(fields[5:], " "))
		}
		r := hbaRule{line: n, connType: fields[0], method: fields[4]}
		switch r.connType {
		case "host", "hostssl", "hostnossl":
		default:
			return nil, bad("connection type %q: want host, hostssl or hostnossl", r.connType)
		}
		r.databases = nameList(fields[1])
		r.users = nameList(fields[2])
		switch addr := fields[3]; {
		case addr == "all":
			r.anyAddr = true
		case strings.Contains(addr, "/"):
			if r.prefix, err = netip.ParsePrefix(addr); err != nil {
				return nil, bad("address %q: %v", addr, err)
			}
			r.prefix = r.prefix.Masked()
		default:
			a, err := netip.ParseAddr(addr)
			if err != nil {
				return nil, bad("address %q: want all, an IP address or a CIDR (host names are not resolved)", addr)
			}
			r.prefix = netip.PrefixFrom(a, a.BitLen())
		}
		if r.method != "reject" && !slices.Contains(methods, r.method) {
			return nil, bad("method %q is not in AUTH_METHODS (%s), so its settings are not loaded", r.method, strings.Join(methods, ","))
		}
		h.rules = append(h.rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

func nameList(s string) []string {
	if s == "all" {
		return nil
	}
	return strings.Split(s, ",")
}

func matchName(list []string, name string) bool {
	if list == nil {
		return true
	}
	for _, n := range list {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// Match returns the method for the client, or an error saying no line matched (PostgreSQL's
// "no pg_hba.conf entry" wording) or that the matching line rejects it.
func (h *HBA) Match(c *wire.ConnInfo) (string, error) {
	var addr netip.Addr
	if ta, ok := c.RemoteAddr.(*net.TCPAddr); ok {
		addr, _ = netip.AddrFromSlice(ta.IP)
		addr = addr.Unmap()
	}
	tlsOn := c.TLS != nil
	user, db := c.User(), c.Database()
	for _, r := range h.rules {
		if r.connType == "hostssl" && !tlsOn || r.connType == "hostnossl" && tlsOn {
			continue
		}
		if !matchName(r.databases, db) || !matchName(r.users, user) {
			continue
		}
		if !r.anyAddr && (!addr.IsValid() || !r.prefix.Contains(addr)) {
			continue
		}
		if r.method == "reject" {
			return "", hbaRefusal("rejects", addr, user, db, tlsOn)
		}
		return r.method, nil
	}
	return "", hbaRefusal("has no entry for", addr, user, db, tlsOn)
}

func hbaRefusal(what string, addr netip.Addr, user, db string, tlsOn bool) error {
	enc := "no encryption"
	if tlsOn {
		enc = "SSL encryption"
	}
	return wire.Fatalf("28000", "AUTH_HBA_FILE %s host %q, user %q, database %q, %s", what, addr.String(), user, db, enc)
}
