package wire

import (
	"encoding/binary"
	"testing"
)

func frame(typ byte, body string) []byte {
	b := []byte{typ, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(4+len(body)))
	return append(b, body...)
}

func TestExecuteBeforeSync(t *testing.T) {
	bind, exec, sync, flush := frame('B', "\x00\x00\x00\x00\x00\x00\x00"), frame('E', "\x00\x00\x00\x00\x00"), frame('S', ""), frame('H', "")
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for _, c := range []struct {
		name     string
		buffered []byte
		want     bool
	}{
		{"lone statement: Sync next", sync, false},
		{"Bind, Execute before Sync", cat(bind, exec, sync), true},
		{"Sync before the next statement", cat(sync, bind, exec, sync), false},
		{"nothing buffered yet", nil, true},
		{"input ends before a Sync", cat(bind), true},
		{"Flush, then nothing", flush, true},
		{"partial frame header of a Sync", []byte{'S', 0}, false},
		{"partial frame of something else", []byte{'B', 0, 0}, true},
		{"broken length", []byte{'D', 0, 0, 0, 1, 'S'}, true},
	} {
		r := msgReader{buf: c.buffered, wp: len(c.buffered)}
		if got := r.executeBeforeSync(); got != c.want {
			t.Errorf("%s: executeBeforeSync = %v, want %v", c.name, got, c.want)
		}
	}
}
