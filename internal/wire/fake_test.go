package wire

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgproto3"
)

// The fake session interprets a tiny command language, so that tests can
// drive every protocol path with real clients:
//
//	select 42 | select 'text' | select $1   one row, one column
//	series N                                N rows of int4 1..N ("SELECT N")
//	insert                                  no rows, "INSERT 0 1"
//	begin | commit | rollback               transaction status
//	fail CODE message                       error with that SQLSTATE (at Execute)
//	fatal CODE message                      FATAL error: the connection ends
//	notice message                          NoticeResponse, then "DO"
//	set NAME VALUE                          ParameterStatus, then "SET"
//	copy in                                 COPY FROM STDIN, counts lines
//	copy out N                              COPY TO STDOUT, N lines
//	sleep                                   waits until canceled (57014)
//	panic                                   panics (a session bug)
//
// Statements are separated by ';'. Anything else fails Prepare with 42601.

const (
	oidInt4 = 23
	oidInt8 = 20
	oidText = 25
)

type fakeBackend struct {
	mu       sync.Mutex
	sessions map[BackendKey]*fakeSession
	closed   []string // users whose session was closed
	copied   []string // data received by COPY IN
	cancels  chan BackendKey
	syncs    int
	infos    []*ConnInfo // one per session created
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{sessions: map[BackendKey]*fakeSession{}, cancels: make(chan BackendKey, 16)}
}

func (b *fakeBackend) authenticate(ctx context.Context, c *ConnInfo, ex AuthExchange) (Identity, error) {
	pw, err := ex.RequestPassword(ctx)
	if err != nil {
		return Identity{}, err
	}
	if pw != "secret" {
		return Identity{}, &Error{Code: CodeInvalidPassword, Message: fmt.Sprintf("password authentication failed for user %q", c.Parameters["user"])}
	}
	return Identity{Method: "password"}, nil
}

func (b *fakeBackend) newSession(_ context.Context, c *ConnInfo) (Session, error) {
	if c.Database() == "nosuchdb" {
		return nil, Errorf("3D000", "database %q does not exist", c.Database())
	}
	s := &fakeSession{b: b, info: c, tx: 'I', cancel: make(chan struct{}, 1)}
	b.mu.Lock()
	b.sessions[c.Key] = s
	b.infos = append(b.infos, c)
	b.mu.Unlock()
	return s, nil
}

func (b *fakeBackend) cancel(key BackendKey) {
	b.mu.Lock()
	s := b.sessions[key]
	b.mu.Unlock()
	if s != nil {
		select {
		case s.cancel <- struct{}{}:
		default:
		}
	}
	b.cancels <- key
}

func (b *fakeBackend) lastInfo() *ConnInfo {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.infos) == 0 {
		return nil
	}
	return b.infos[len(b.infos)-1]
}

func (b *fakeBackend) closedUsers() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.closed...)
}

type fakeSession struct {
	b      *fakeBackend
	info   *ConnInfo
	tx     byte
	cancel chan struct{}
}

func (s *fakeSession) TxStatus() byte { return s.tx }

func (s *fakeSession) Close(context.Context) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	delete(s.b.sessions, s.info.Key)
	s.b.closed = append(s.b.closed, s.info.User())
	return nil
}

func (s *fakeSession) Sync(context.Context) error {
	s.b.mu.Lock()
	s.b.syncs++
	s.b.mu.Unlock()
	return nil
}

func (s *fakeSession) SimpleQuery(ctx context.Context, sql string, w ResultWriter) error {
	var ran bool
	for _, text := range strings.Split(sql, ";") {
		if strings.TrimSpace(text) == "" {
			continue
		}
		ran = true
		st, err := parseFake(text, nil)
		if err != nil {
			return err
		}
		if cols := st.Columns(); cols != nil {
			if err := w.RowDescription(cols); err != nil {
				return err
			}
		}
		p := &fakePortal{s: s, st: st}
		if _, err := p.Execute(ctx, w, 0); err != nil {
			return err
		}
	}
	if !ran {
		return w.EmptyQuery()
	}
	return nil
}

func (s *fakeSession) Prepare(_ context.Context, _, sql string, paramOIDs []uint32) (PreparedStatement, error) {
	st, err := parseFake(sql, paramOIDs)
	if err != nil {
		return nil, err
	}
	st.s = s
	return st, nil
}

type fakeStatement struct {
	s      *fakeSession
	verb   string
	arg    string
	n      int
	params []uint32
	closed bool
}

func parseFake(sql string, declared []uint32) (*fakeStatement, error) {
	f := strings.Fields(strings.TrimSpace(sql))
	if len(f) == 0 {
		return nil, Errorf("42601", "empty statement")
	}
	st := &fakeStatement{verb: strings.ToLower(f[0]), arg: strings.TrimSpace(strings.TrimSpace(sql)[len(f[0]):])}
	switch st.verb {
	case "select":
		if strings.HasPrefix(st.arg, "$") {
			st.params = []uint32{oidText}
			if len(declared) == 1 && declared[0] != 0 {
				st.params[0] = declared[0]
			}
		}
	case "series", "copy":
		last := f[len(f)-1]
		st.n, _ = strconv.Atoi(last)
	case "insert", "begin", "commit", "rollback", "fail", "fatal", "notice", "set", "sleep", "panic":
	default:
		return nil, &Error{Code: "42601", Message: fmt.Sprintf("syntax error at or near %q", f[0]), Position: 1}
	}
	return st, nil
}

func (st *fakeStatement) ParamOIDs() []uint32 { return st.params }
func (st *fakeStatement) Close() error        { st.closed = true; return nil }

func (st *fakeStatement) Columns() []pgproto3.FieldDescription {
	switch st.verb {
	case "series":
		return []pgproto3.FieldDescription{{Name: []byte("n"), DataTypeOID: oidInt4, DataTypeSize: 4, TypeModifier: -1}}
	case "select":
		oid, size := uint32(oidText), int16(-1)
		if _, err := strconv.ParseInt(st.arg, 10, 64); err == nil {
			oid, size = oidInt8, 8
		}
		return []pgproto3.FieldDescription{{Name: []byte("?column?"), DataTypeOID: oid, DataTypeSize: size, TypeModifier: -1}}
	}
	return nil
}

func (st *fakeStatement) Bind(_ context.Context, params [][]byte, _ []int16, resultFormats []int16) (Portal, error) {
	p := &fakePortal{s: st.s, st: st, formats: resultFormats}
	if len(params) == 1 {
		p.param = append([]byte(nil), params[0]...)
	}
	return p, nil
}

type fakePortal struct {
	s       *fakeSession
	st      *fakeStatement
	formats []int16
	param   []byte
	next    int // rows already sent by series
}

func (p *fakePortal) binary() bool {
	return len(p.formats) == 1 && p.formats[0] == 1
}

func (p *fakePortal) Columns() []pgproto3.FieldDescription {
	cols := p.st.Columns()
	if p.binary() {
		for i := range cols {
			cols[i].Format = 1
		}
	}
	return cols
}

func (p *fakePortal) Close() error { return nil }

func (p *fakePortal) Execute(ctx context.Context, w ResultWriter, maxRows int) (bool, error) {
	s, st := p.s, p.st
	switch st.verb {
	case "select":
		v := []byte(strings.ReplaceAll(strings.Trim(st.arg, "'"), "''", "'"))
		if p.param != nil {
			v = p.param
		}
		if n, err := strconv.ParseInt(st.arg, 10, 64); err == nil && p.binary() {
			v = binary.BigEndian.AppendUint64(nil, uint64(n))
		}
		if err := w.DataRow([][]byte{v}); err != nil {
			return false, err
		}
		return false, w.CommandComplete("SELECT 1")
	case "series":
		var buf [1][]byte
		var scratch [16]byte
		for p.next < st.n {
			p.next++
			if p.binary() {
				buf[0] = binary.BigEndian.AppendUint32(scratch[:0], uint32(p.next))
			} else {
				buf[0] = strconv.AppendInt(scratch[:0], int64(p.next), 10)
			}
			if err := w.DataRow(buf[:]); err != nil {
				return false, err
			}
			if maxRows > 0 {
				maxRows--
				if maxRows == 0 && p.next < st.n {
					return true, nil
				}
			}
		}
		return false, w.CommandComplete("SELECT " + strconv.Itoa(st.n))
	case "insert":
		return false, w.CommandComplete("INSERT 0 1")
	case "begin":
		s.tx = 'T'
		return false, w.CommandComplete("BEGIN")
	case "commit", "rollback":
		s.tx = 'I'
		return false, w.CommandComplete(strings.ToUpper(st.verb))
	case "fail":
		if s.tx == 'T' {
			s.tx = 'E'
		}
		code, msg, _ := strings.Cut(st.arg, " ")
		return false, &Error{Code: code, Message: msg, Detail: "detail of " + code, Hint: "hint of " + code}
	case "fatal":
		code, msg, _ := strings.Cut(st.arg, " ")
		return false, Fatalf(code, "%s", msg)
	case "notice":
		if err := w.Notice(&pgproto3.NoticeResponse{Severity: "NOTICE", Code: "00000", Message: st.arg}); err != nil {
			return false, err
		}
		return false, w.CommandComplete("DO")
	case "set":
		name, value, _ := strings.Cut(st.arg, " ")
		if err := w.ParameterStatus(name, value); err != nil {
			return false, err
		}
		return false, w.CommandComplete("SET")
	case "copy":
		if strings.Contains(st.arg, "out") {
			return false, p.copyOut(w)
		}
		return false, p.copyIn(w)
	case "panic":
		panic("fake session bug")
	case "sleep":
		select {
		case <-s.cancel:
			return false, Errorf(CodeQueryCanceled, "canceling statement due to user request")
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	return false, errors.New("unreachable")
}

func (p *fakePortal) copyIn(w ResultWriter) error {
	r, err := w.CopyIn(0, nil)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// psql forwards the "\." end marker; text COPY treats it as end of data.
	data := strings.TrimSuffix(string(raw), "\\.\n")
	p.s.b.mu.Lock()
	p.s.b.copied = append(p.s.b.copied, data)
	p.s.b.mu.Unlock()
	return w.CommandComplete("COPY " + strconv.Itoa(strings.Count(data, "\n")))
}

func (p *fakePortal) copyOut(w ResultWriter) error {
	cw, err := w.CopyOut(0, []int16{0})
	if err != nil {
		return err
	}
	for i := 1; i <= p.st.n; i++ {
		if _, err := cw.Write([]byte(strconv.Itoa(i) + "\tline\n")); err != nil {
			return err
		}
	}
	if err := cw.Done(); err != nil {
		return err
	}
	return w.CommandComplete("COPY " + strconv.Itoa(p.st.n))
}
