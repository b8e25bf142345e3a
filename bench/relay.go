package main

import (
	"net"
	"os"
	"strconv"
	"time"
)

// The Go relay is the floor under any proxy written in Go on this machine: a byte
// relay in front of PostgreSQL, one goroutine per direction copying with net.Conn Read
// and Write, parsing nothing. Its added latency next to PgBouncer's shows what the Go
// runtime's scheduler and netpoller cost per round trip before a proxy does any work.
// The bench binary runs it as a process of its own (-relay-listen, -relay-to), so that
// its CPU time is measured like pgwired's and PgBouncer's.

// serveRelay accepts on listen and relays every connection to to, until killed.
func serveRelay(listen, to string) error {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go func() {
			b, err := net.DialTimeout("tcp", to, 10*time.Second)
			if err != nil {
				c.Close()
				return
			}
			go relayCopy(b, c)
			relayCopy(c, b)
		}()
	}
}

// relayCopy copies src to dst until either side fails, then closes both. It does
// not use io.Copy, which would splice(2) TCP to TCP inside the kernel.
func relayCopy(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// startRelay runs this binary again as the Go relay on port, in front of PostgreSQL.
func startRelay(dir string, port, pgPort int) (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p, err := start("gorelay", dir, nil, nil, self, "-relay-listen", addr, "-relay-to", "127.0.0.1:"+strconv.Itoa(pgPort))
	if err != nil {
		return nil, err
	}
	return p, waitPort(addr, 10*time.Second)
}
