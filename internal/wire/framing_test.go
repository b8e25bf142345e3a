package wire

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jackc/pgx/v5/pgproto3"
)

func encodeAll(t *testing.T, msgs ...pgproto3.FrontendMessage) []byte {
	t.Helper()
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.Encode(b); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestMsgReaderFramesAndReleases reads frames split at every byte and
// larger than the pooled buffer, and checks that the buffer is given back
// whenever nothing is pending.
func TestMsgReaderFramesAndReleases(t *testing.T) {
	big := strings.Repeat("x", 3*pooledBufSize)
	stream := encodeAll(t, &pgproto3.Query{String: "one"}, &pgproto3.Query{String: big}, &pgproto3.Sync{})
	for _, split := range []bool{false, true} {
		var src = bytes.NewReader(stream)
		r := msgReader{src: src}
		if split {
			r.src = iotest.OneByteReader(src)
		}
		var got []string
		for range 3 {
			typ, n, err := r.header()
			if err != nil {
				t.Fatal(err)
			}
			body, err := r.next(n)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(typ)+string(body))
		}
		want := []string{"Qone\x00", "Q" + big + "\x00", "S"}
		if !slices.Equal(got, want) {
			t.Fatalf("split=%v: frames differ", split)
		}
		if _, _, err := r.header(); err == nil {
			t.Fatal("read past the end")
		}
		if r.pooled != nil || len(r.buf) > idleBufSize {
			t.Fatalf("split=%v: idle reader still holds a %d-byte buffer", split, len(r.buf))
		}
	}
}

// countingReader counts Read calls, each of which is a read(2) on a socket.
type countingReader struct {
	src   *bytes.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.src.Read(p)
}

// TestMsgReaderSmallMessageOneRead checks that a small message arriving whole
// costs one read (header and body together) and borrows no pooled buffer,
// while a message larger than the idle array still arrives intact.
func TestMsgReaderSmallMessageOneRead(t *testing.T) {
	query := "SELECT abalance FROM pgbench_accounts WHERE aid = 42;"
	long := strings.Repeat("y", 2*idleBufSize)
	for _, tc := range []struct {
		text      string
		wantReads int
	}{{query, 1}, {long, 2}} {
		src := &countingReader{src: bytes.NewReader(encodeAll(t, &pgproto3.Query{String: tc.text}))}
		r := msgReader{src: src}
		typ, n, err := r.header()
		if err != nil {
			t.Fatal(err)
		}
		if tc.wantReads == 1 && r.pooled != nil {
			t.Fatal("a small message borrowed a pooled buffer")
		}
		body, err := r.next(n)
		if err != nil {
			t.Fatal(err)
		}
		if typ != 'Q' || string(body) != tc.text+"\x00" {
			t.Fatalf("read %c %q", typ, body)
		}
		if src.reads != tc.wantReads {
			t.Fatalf("%d-byte query took %d reads, want %d", len(tc.text), src.reads, tc.wantReads)
		}
	}
}

func TestMsgWriterReleasesAfterFlush(t *testing.T) {
	var out bytes.Buffer
	w := msgWriter{dst: &out}
	w.end(appendCommandComplete(w.begin(), "SELECT 1"))
	w.end(appendReadyForQuery(w.begin(), 'I'))
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	want := []byte("C\x00\x00\x00\x0dSELECT 1\x00Z\x00\x00\x00\x05I")
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("wrote %q, want %q", out.Bytes(), want)
	}
	if w.buf != nil || w.pooled != nil {
		t.Fatal("writer keeps its buffer after flush")
	}
}

func TestHandEncodersMatchPgproto3(t *testing.T) {
	fields := []pgproto3.FieldDescription{
		{Name: []byte("id"), TableOID: 16384, TableAttributeNumber: 1, DataTypeOID: oidInt8, DataTypeSize: 8, TypeModifier: -1, Format: 1},
		{Name: []byte("name"), DataTypeOID: oidText, DataTypeSize: -1, TypeModifier: -1},
	}
	values := [][]byte{[]byte("42"), nil, {}}
	cases := []struct {
		name string
		ours []byte
		msg  pgproto3.BackendMessage
	}{
		{"DataRow", must(appendDataRow(nil, values, dataRowSize(values))), &pgproto3.DataRow{Values: values}},
		{"CommandComplete", appendCommandComplete(nil, "INSERT 0 5"), &pgproto3.CommandComplete{CommandTag: []byte("INSERT 0 5")}},
		{"ReadyForQuery", appendReadyForQuery(nil, 'E'), &pgproto3.ReadyForQuery{TxStatus: 'E'}},
		{"RowDescription", mustErr(appendRowDescription(nil, fields, false)), &pgproto3.RowDescription{Fields: fields}},
		{"ParameterStatus", appendParameterStatus(nil, "TimeZone", "UTC"), &pgproto3.ParameterStatus{Name: "TimeZone", Value: "UTC"}},
		{"CopyData", appendCopyData(nil, []byte("1\tx\n")), &pgproto3.CopyData{Data: []byte("1\tx\n")}},
		{"CopyOutResponse", appendCopyResponse(nil, 'H', 0, []int16{0, 1}), &pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: []uint16{0, 1}}},
		{"ParseComplete", msgParseComplete, &pgproto3.ParseComplete{}},
		{"BindComplete", msgBindComplete, &pgproto3.BindComplete{}},
		{"CloseComplete", msgCloseComplete, &pgproto3.CloseComplete{}},
		{"NoData", msgNoData, &pgproto3.NoData{}},
		{"PortalSuspended", msgPortalSuspended, &pgproto3.PortalSuspended{}},
		{"EmptyQueryResponse", msgEmptyQuery, &pgproto3.EmptyQueryResponse{}},
		{"CopyDone", msgCopyDone, &pgproto3.CopyDone{}},
		{"AuthenticationOk", msgAuthenticationOk, &pgproto3.AuthenticationOk{}},
	}
	for _, tc := range cases {
		want, err := tc.msg.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(tc.ours, want) {
			t.Errorf("%s: %q, pgproto3 encodes %q", tc.name, tc.ours, want)
		}
	}
	// Describe of a statement reports text format for every column.
	text := mustErr(appendRowDescription(nil, fields, true))
	fields[0].Format = 0
	want, _ := (&pgproto3.RowDescription{Fields: fields}).Encode(nil)
	if !bytes.Equal(text, want) {
		t.Errorf("forced text RowDescription: %q, want %q", text, want)
	}
}

func must(b []byte, ok bool) []byte {
	if !ok {
		panic("encoding failed")
	}
	return b
}

func mustErr(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzBindDecode checks the hand-written Bind decoder against pgproto3's:
// whatever pgproto3 rejects is rejected, and accepted messages agree.
func FuzzBindDecode(f *testing.F) {
	seed, _ := (&pgproto3.Bind{DestinationPortal: "p", PreparedStatement: "s", ParameterFormatCodes: []int16{1},
		Parameters: [][]byte{[]byte("abc"), nil}, ResultFormatCodes: []int16{0, 1}}).Encode(nil)
	f.Add(seed[5:])
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		var ours bindMsg
		errOurs := ours.decode(body)
		var ref pgproto3.Bind
		errRef := ref.Decode(body)
		if errRef != nil {
			if errOurs == nil {
				t.Fatalf("accepted what pgproto3 rejects (%v)", errRef)
			}
			return
		}
		if errOurs != nil {
			return // stricter: trailing bytes after the result formats
		}
		if string(ours.portal) != ref.DestinationPortal || string(ours.stmt) != ref.PreparedStatement ||
			!slices.Equal(ours.paramFormats, ref.ParameterFormatCodes) ||
			!slices.EqualFunc(ours.params, ref.Parameters, func(a, b []byte) bool { return bytes.Equal(a, b) && (a == nil) == (b == nil) }) ||
			len(ours.resultFormats) != len(ref.ResultFormatCodes) {
			t.Fatalf("decoded %+v, pgproto3 %+v", ours, ref)
		}
	})
}

func FuzzStartupPacket(f *testing.F) {
	f.Add(encodeStartupBody(map[string]string{"user": "alice", "database": "db"}))
	f.Add([]byte{0})
	f.Add([]byte("user\x00"))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &conn{srv: &Server{}}
		_ = c.handleStartupMessage(protocol30, body) // must not panic
	})
}

func encodeStartupBody(params map[string]string) []byte {
	b, _ := (&pgproto3.StartupMessage{ProtocolVersion: protocol30, Parameters: params}).Encode(nil)
	return b[8:]
}
