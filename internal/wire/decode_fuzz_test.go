package wire

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// FuzzExecuteDecode: decodeExecute accepts exactly the bodies pgproto3 accepts (it is
// stricter only about trailing bytes) and reads the same portal and limit.
func FuzzExecuteDecode(f *testing.F) {
	for _, m := range []*pgproto3.Execute{{Portal: "", MaxRows: 0}, {Portal: "p1", MaxRows: 10}, {Portal: "x", MaxRows: 1 << 31}} {
		b, _ := m.Encode(nil)
		f.Add(b[5:])
	}
	f.Add([]byte{0, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{'p'})
	f.Fuzz(func(t *testing.T, body []byte) {
		portal, maxRows, err := decodeExecute(body)
		var ref pgproto3.Execute
		errRef := ref.Decode(body)
		if err != nil {
			return
		}
		if errRef != nil {
			t.Fatalf("accepted %q, which pgproto3 rejects (%v)", body, errRef)
		}
		want := int(int32(ref.MaxRows))
		if want < 0 {
			want = 0
		}
		if string(portal) != ref.Portal || maxRows != want {
			t.Fatalf("decoded (%q, %d), pgproto3 (%q, %d)", portal, maxRows, ref.Portal, ref.MaxRows)
		}
	})
}

// FuzzTargetDecode: Describe and Close bodies decode like pgproto3's Describe.
func FuzzTargetDecode(f *testing.F) {
	for _, m := range []*pgproto3.Describe{{ObjectType: 'S', Name: "stmt"}, {ObjectType: 'P', Name: ""}} {
		b, _ := m.Encode(nil)
		f.Add(b[5:])
	}
	f.Add([]byte{'S'})
	f.Add([]byte{'P', 'a', 0, 'b'})
	f.Fuzz(func(t *testing.T, body []byte) {
		kind, name, err := decodeTarget(body)
		if err != nil {
			return
		}
		var ref pgproto3.Describe
		if errRef := ref.Decode(body); errRef != nil {
			// pgproto3 checks the kind byte; the session answers a bad kind with its own error.
			if kind == 'S' || kind == 'P' {
				t.Fatalf("accepted %q, which pgproto3 rejects (%v)", body, errRef)
			}
			return
		}
		if kind != ref.ObjectType || string(name) != ref.Name {
			t.Fatalf("decoded (%c, %q), pgproto3 (%c, %q)", kind, name, ref.ObjectType, ref.Name)
		}
	})
}
