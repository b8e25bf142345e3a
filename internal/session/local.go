package session

import (
	"context"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// localFields describes columns whose types the translator knows (0 = text).
func localFields(cols []translate.Column) []pgproto3.FieldDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, c := range cols {
		oid := c.TypeOID
		if oid == 0 {
			oid = oidText
		}
		fields[i] = pgproto3.FieldDescription{Name: []byte(c.Name), DataTypeOID: oid, DataTypeSize: typeSize(oid), TypeModifier: -1}
	}
	return fields
}

// runLocal answers a SELECT of session functions (version(), current_setting(...), ...)
// without asking IRIS: one row.
func (s *Session) runLocal(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	if p.Local == nil {
		return &wire.Error{Code: "XX000", Message: "internal error: local query without items"}
	}
	cols := make([]translate.Column, len(p.Local.Items))
	for i, it := range p.Local.Items {
		cols[i] = it.Column
	}
	fields := localFields(cols)
	for i := range fields {
		fields[i].Format = formatFor(formats, i)
	}
	row := make([][]byte, len(fields))
	for i, it := range p.Local.Items {
		var v string
		var isNull bool
		var err error
		switch {
		case translate.IsSequenceFunc(it.Func):
			v, isNull, err = s.evalSeqFunc(ctx, it, params)
		case it.Func == "pg_sleep":
			err = s.sleep(ctx, it, params)
		default:
			v, isNull, err = s.evalLocal(it, params)
		}
		if err != nil {
			return err
		}
		if isNull {
			continue
		}
		if v, err = canonicalText(v, fields[i].DataTypeOID); err != nil {
			return err
		}
		b, err := encodeLocal(v, fields[i].DataTypeOID, fields[i].Format)
		if err != nil {
			return &wire.Error{Code: "22P02", Message: err.Error()}
		}
		row[i] = b
	}
	if err := w.RowDescription(fields); err != nil {
		return err
	}
	if err := w.DataRow(row); err != nil {
		return err
	}
	return w.CommandComplete("SELECT 1")
}

// canonicalText writes a locally computed value the way PostgreSQL outputs its type
// (booleans as t/f, integers without blanks), which also applies f(...)::type casts.
func canonicalText(v string, oid uint32) (string, error) {
	switch oid {
	case oidBool:
		b, ok := parseBool(v)
		if !ok {
			return "", &wire.Error{Code: "22P02", Message: `invalid input syntax for type boolean: "` + v + `"`}
		}
		if b {
			return "t", nil
		}
		return "f", nil
	case oidInt2, oidInt4, oidInt8, oidOID:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return "", &wire.Error{Code: "22P02", Message: `invalid input syntax for type integer: "` + v + `"`}
		}
		return strconv.FormatInt(n, 10), nil
	case oidFloat4, oidFloat8:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return "", &wire.Error{Code: "22P02", Message: `invalid input syntax for type double precision: "` + v + `"`}
		}
		return string(appendFloatText(nil, f, 64)), nil
	}
	return v, nil
}

func encodeLocal(v string, oid uint32, format int16) ([]byte, error) {
	if format == 0 {
		return []byte(v), nil
	}
	var val any = v
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidOID:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, err
		}
		val = n
	case oidBool:
		b, _ := parseBool(v)
		val = b
	}
	return appendBinary(nil, val, oid)
}

// argValue returns a LocalArg's text, taking parameters from the Bind values.
func argValue(a translate.LocalArg, params []any) (string, bool) {
	if a.Param >= 0 {
		if a.Param >= len(params) || params[a.Param] == nil {
			return "", true
		}
		switch v := params[a.Param].(type) {
		case string:
			return v, false
		case bool:
			if v {
				return "true", false
			}
			return "false", false
		case []byte:
			return string(v), false
		default:
			var b []byte
			b, _ = appendText(b, v, oidText)
			return string(b), false
		}
	}
	return a.Value, a.IsNull
}

// evalLocal computes one item; isNull reports SQL NULL.
func (s *Session) evalLocal(it translate.LocalItem, params []any) (string, bool, error) {
	arg := func(i int) (string, bool) {
		if i >= len(it.Args) {
			return "", true
		}
		return argValue(it.Args[i], params)
	}
	switch it.Func {
	case "":
		v, null := argValue(it.Const, params)
		return v, null, nil
	case "version":
		return s.versionString(), false, nil
	case "current_database", "current_catalog":
		return s.cred.Namespace, false, nil
	case "current_schema":
		return "public", false, nil
	case "current_schemas":
		implicit, _ := arg(0)
		if b, _ := parseBool(implicit); b {
			return "{pg_catalog,public}", false, nil
		}
		return "{public}", false, nil
	case "current_user", "session_user", "user", "current_role", "getpgusername":
		u, err := s.irisUser()
		return u, false, err
	case "pg_backend_pid":
		return strconv.FormatUint(uint64(s.key.ProcessID), 10), false, nil
	case "current_setting":
		name, null := arg(0)
		if null {
			return "", true, nil
		}
		missingOK, _ := arg(1)
		if v, ok := s.gucs.get(name); ok {
			return v, false, nil
		}
		if b, _ := parseBool(missingOK); b {
			return "", true, nil
		}
		return "", false, &wire.Error{Code: "42704", Message: `unrecognized configuration parameter "` + strings.ToLower(name) + `"`}
	case "set_config":
		name, null := arg(0)
		if null {
			return "", false, &wire.Error{Code: "22023", Message: "SET requires parameter name"}
		}
		value, _ := arg(1)
		local, _ := arg(2)
		isLocal, _ := parseBool(local)
		return s.setConfig(name, value, isLocal)
	case "inet_server_addr", "inet_server_port", "inet_client_addr", "inet_client_port":
		return s.addrPart(it.Func)
	case "pg_is_in_recovery":
		// pgAdmin asks on connect; pgwired always serves a primary.
		return "false", false, nil
	}
	return "", false, &wire.Error{Code: "0A000", Message: "function " + it.Func + "() is not supported by pgwired"}
}

func (s *Session) addrPart(fn string) (string, bool, error) {
	addr := s.localAddr
	if strings.HasPrefix(fn, "inet_client") {
		addr = s.remoteAddr
	}
	if addr == nil {
		return "", true, nil
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "", true, nil
	}
	if strings.HasSuffix(fn, "_port") {
		return port, false, nil
	}
	return host, false, nil
}

// versionString is what version() returns: PostgreSQL's shape, so that tools parsing the
// major version keep working, followed by what really answers.
func (s *Session) versionString() string {
	v := "PostgreSQL " + s.m.cfg.ServerVersion
	if s.irisVersion != "" {
		v += " on InterSystems IRIS: " + s.irisVersion
	}
	return v
}

// irisUser is the IRIS user the session runs as ($USERNAME), asked once.
func (s *Session) irisUser() (string, error) {
	if s.cachedUser != "" {
		return s.cachedUser, nil
	}
	if err := s.ensureConn(context.Background()); err != nil {
		return "", err
	}
	rows, err := s.conn.Query(context.Background(), "SELECT $USERNAME", nil)
	if err != nil {
		return "", s.irisError(context.Background(), err)
	}
	defer rows.Close()
	if rows.Next() {
		u, err := rows.Item(0).Text()
		if err == nil {
			// With several security domains IRIS says name@domain.
			u, _, _ = strings.Cut(u, "@")
			s.cachedUser = u
		}
	}
	if err := rows.Err(); err != nil {
		return "", s.irisError(context.Background(), err)
	}
	if s.cachedUser == "" {
		s.cachedUser = s.cred.Username
	}
	return s.cachedUser, nil
}

// setConfigWriter takes the messages of the SET that set_config runs: a reported
// parameter's new value goes to the client as ParameterStatus before ReadyForQuery, as
// PostgreSQL sends it (Django sets TimeZone with set_config and reads it back from
// psycopg's connection info); the rest is swallowed.
// setConfig is set_config(name, value, is_local), for local queries and catalog queries
// (pgAdmin's SELECT set_config('bytea_output', 'hex', false) FROM pg_show_all_settings()).
func (s *Session) setConfig(name, value string, isLocal bool) (string, bool, error) {
	c := &translate.SetCommand{Name: strings.ToLower(name), Values: []string{value}, Local: isLocal}
	if isLocal && s.tx == txIdle {
		// In autocommit the statement is its own transaction: the value holds for
		// it alone, and is what set_config returns (SET LOCAL would only warn).
		g, n, v, err := s.setValue(c)
		if err == nil && g == nil {
			s.gucs.definePlaceholder(n)
		}
		return v, err != nil, err
	}
	if err := s.set(c, setConfigWriter{s: s}); err != nil {
		return "", false, err
	}
	v, _ := s.gucs.get(name)
	return v, false, nil
}

type setConfigWriter struct {
	wire.ResultWriter
	s *Session
}

func (setConfigWriter) CommandComplete(string) error          { return nil }
func (setConfigWriter) Notice(*pgproto3.NoticeResponse) error { return nil }
func (w setConfigWriter) ParameterStatus(name, value string) error {
	w.s.gucs.pending = append(w.s.gucs.pending, [2]string{name, value})
	return nil
}

// sleep is pg_sleep(seconds): it waits under the statement's context, so a cancel or
// statement_timeout ends it with 57014 as in PostgreSQL.
func (s *Session) sleep(ctx context.Context, it translate.LocalItem, params []any) error {
	if len(it.Args) != 1 {
		return &wire.Error{Code: "42883", Message: "function pg_sleep() does not exist"}
	}
	text, null := argValue(it.Args[0], params)
	if null {
		return nil
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(secs) {
		return &wire.Error{Code: "22P02", Message: `invalid input syntax for type double precision: "` + text + `"`}
	}
	if secs <= 0 {
		return nil
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	t := time.NewTimer(time.Duration(min(secs, 1e9) * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-sctx.Done():
		return s.irisError(sctx, sctx.Err())
	}
}
