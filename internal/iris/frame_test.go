package iris

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestScrambleGolden(t *testing.T) {
	cases := []struct{ in, hex string }{
		{"SYS", "9E FF DE"},
		{"_SYSTEM", "5D 7C BE FE 40 3F DF"},
		{"", ""},
	}
	for _, c := range cases {
		want := unhex(t, c.hex)
		if got := Scramble([]byte(c.in)); !bytes.Equal(got, want) {
			t.Errorf("Scramble(%q) = % X, want % X", c.in, got, want)
		}
		if got := Unscramble(want); string(got) != c.in {
			t.Errorf("Unscramble(% X) = %q, want %q", want, got, c.in)
		}
	}
	long := bytes.Repeat([]byte("pässwörd-"), 40) // k wraps past 255
	if got := Unscramble(Scramble(long)); !bytes.Equal(got, long) {
		t.Error("long round trip failed")
	}
}

func TestHeaderGolden(t *testing.T) {
	// §2.1: HS with count 0, statement 0, protocol 69.
	b := AppendHeader(nil, Header{Length: 2, Code: OpHandshake})
	b = append(b, 0x45, 0x00)
	if want := unhex(t, "02 00 00 00 00 00 00 00 00 00 00 00 48 53 45 00"); !bytes.Equal(b, want) {
		t.Fatalf("HS = % X", b)
	}
	h := ParseHeader(unhex(t, "03 00 00 00 05 00 00 00 03 00 00 00 64 00"))
	if h.Length != 3 || h.Count != 5 || h.StatementID != 3 || h.ReturnCode() != 100 {
		t.Fatalf("parsed %+v code %d", h, h.ReturnCode())
	}
	for code, hex := range map[int]string{-30: "E2 FF", -400: "70 FE", 404: "94 01", 417: "A1 01", 0: "00 00"} {
		c := ReplyCode(code)
		if !bytes.Equal(c[:], unhex(t, hex)) {
			t.Errorf("ReplyCode(%d) = % X want %s", code, c, hex)
		}
		if got := (Header{Code: c}).ReturnCode(); got != code {
			t.Errorf("ReturnCode round trip %d → %d", code, got)
		}
	}
}

// countingWriter records how many Write calls a message took.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

func TestWriteMessageSingleWriteAndReadBack(t *testing.T) {
	var w countingWriter
	payload := unhex(t, "03 04 01 05 01 61 62 63")
	if err := WriteMessage(&w, Header{Length: 999, Count: 7, StatementID: 3, Code: OpDirectQuery}, payload); err != nil {
		t.Fatal(err)
	}
	if w.writes != 1 {
		t.Fatalf("%d Write calls, want 1", w.writes)
	}
	want := append(unhex(t, "08 00 00 00 07 00 00 00 03 00 00 00 44 51"), payload...)
	if !bytes.Equal(w.Bytes(), want) {
		t.Fatalf("wire = % X", w.Bytes())
	}
	// The reader must loop over short reads (§1.3).
	h, got, err := ReadMessage(iotest.OneByteReader(bytes.NewReader(want)), nil)
	if err != nil || h.Count != 7 || h.StatementID != 3 || h.Code != OpDirectQuery || !bytes.Equal(got, payload) {
		t.Fatalf("ReadMessage = %+v % X %v", h, got, err)
	}
}

func TestMessageBuffer(t *testing.T) {
	var m MessageBuffer
	for i := 0; i < 2; i++ { // reuse must reset
		m.Start(Header{Count: 9, Code: OpClassMethod})
		m.String("%SYSTEM.Version")
		m.String("GetVersion")
		m.Int(0)
		var w countingWriter
		if err := m.Send(&w); err != nil {
			t.Fatal(err)
		}
		want := unhex(t, "1F 00 00 00 09 00 00 00 00 00 00 00 4B C2 11 01 25 53 59 53 54 45 4D 2E 56 65 72 73 69 6F 6E 0C 01 47 65 74 56 65 72 73 69 6F 6E 02 04")
		if w.writes != 1 || !bytes.Equal(w.Bytes(), want) {
			t.Fatalf("round %d: % X (%d writes)", i, w.Bytes(), w.writes)
		}
		if !bytes.Equal(m.Payload(), want[HeaderSize:]) {
			t.Fatal("Payload mismatch")
		}
	}
}

func TestReadMessageLimitAndTruncation(t *testing.T) {
	msg := AppendHeader(nil, Header{Length: 100, Code: ReplyCode(0)})
	_, _, err := ReadMessageLimit(bytes.NewReader(msg), nil, 99)
	if !errors.Is(err, ErrMessageTooLarge) {
		t.Fatalf("over limit: %v", err)
	}
	_, _, err = ReadMessage(bytes.NewReader(append(msg, 1, 2, 3)), nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("short payload: %v", err)
	}
	_, _, err = ReadMessage(bytes.NewReader(msg[:5]), nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("short header: %v", err)
	}
	huge := AppendHeader(nil, Header{Length: 0xFFFFFFFF})
	if _, _, err := ReadMessage(bytes.NewReader(huge), nil); !errors.Is(err, ErrMessageTooLarge) {
		t.Fatalf("4 GiB header: %v", err)
	}
}

func TestReadMessageReusesBuffer(t *testing.T) {
	msg := append(AppendHeader(nil, Header{Length: 3}), 1, 2, 3)
	buf := make([]byte, 0, 64)
	_, p, err := ReadMessage(bytes.NewReader(msg), buf)
	if err != nil || &p[0] != &buf[:1][0] {
		t.Fatalf("payload not read into the caller's buffer (%v)", err)
	}
}
