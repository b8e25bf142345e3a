package session

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// runSetting answers SET, RESET and SHOW locally with PostgreSQL's semantics.
func (s *Session) runSetting(p *translate.Plan, w wire.ResultWriter) error {
	c := p.Set
	if c == nil {
		return &wire.Error{Code: "XX000", Message: "internal error: setting command without details"}
	}
	switch p.Kind {
	case translate.KindShow:
		return s.show(c, w)
	case translate.KindReset:
		if c.All {
			before := s.gucs.reportedValues()
			for name := range s.gucs.values {
				if g := knownGUCs[name]; g != nil && !g.readOnly {
					if s.tx != txIdle {
						s.gucs.save(name, false)
					}
					delete(s.gucs.values, name)
				}
			}
			s.gucs.local = nil
			if err := s.sendChanged(w, before); err != nil {
				return err
			}
			return w.CommandComplete("RESET")
		}
		g, err := lookupGUC(c.Name)
		if err != nil {
			return err
		}
		name := strings.ToLower(c.Name)
		if g != nil && g.readOnly && name != "session_authorization" { // RESET SESSION AUTHORIZATION: back to the login user, which it is
			return &wire.Error{Code: "55P02", Message: `parameter "` + c.Name + `" cannot be changed`}
		}
		if s.tx != txIdle {
			s.gucs.save(name, g == nil)
		}
		delete(s.gucs.values, name)
		delete(s.gucs.local, name)
		if g == nil {
			delete(s.gucs.custom, name)
		}
		if g != nil && g.report {
			// The session's startup value (application_name from the startup packet),
			// as PostgreSQL resets to it, not the built-in default.
			v, _ := s.gucs.get(name)
			if err := w.ParameterStatus(g.name, v); err != nil {
				return err
			}
		}
		return w.CommandComplete("RESET")
	}
	return s.set(c, w)
}

// lookupGUC finds a parameter; names with a dot are custom "placeholder" variables, which
// PostgreSQL accepts without declaration.
func lookupGUC(name string) (*guc, error) {
	if g, ok := knownGUCs[strings.ToLower(name)]; ok {
		return g, nil
	}
	if strings.Contains(name, ".") {
		return nil, nil
	}
	return nil, &wire.Error{Code: "42704", Message: `unrecognized configuration parameter "` + strings.ToLower(name) + `"`}
}

// setValue checks a SET and returns the parameter (nil for a placeholder variable), its
// lower-case name and the value as SHOW will print it.
func (s *Session) setValue(c *translate.SetCommand) (g *guc, name, value string, err error) {
	g, err = lookupGUC(c.Name)
	if err != nil {
		return nil, "", "", err
	}
	name = strings.ToLower(c.Name)
	value = strings.Join(c.Values, ", ")
	switch name {
	case "role", "session_authorization":
		// Sessions run as the IRIS user they logged in as: going back to it (SET ROLE
		// NONE, RESET ROLE, SET SESSION AUTHORIZATION DEFAULT, as poolers and
		// frameworks do) is accepted; becoming another user is not.
		cur, _ := s.gucs.get(name)
		if c.Default || strings.EqualFold(value, cur) || (name == "role" && strings.EqualFold(value, "none")) {
			return g, name, cur, nil
		}
		what := "SET ROLE"
		if name == "session_authorization" {
			what = "SET SESSION AUTHORIZATION"
		}
		return nil, "", "", &wire.Error{Code: "0A000", Message: what + " to another user is not supported by pgwired",
			Detail: "Each session runs as the IRIS user it logged in as."}
	}
	if g != nil {
		if g.readOnly {
			return nil, "", "", &wire.Error{Code: "55P02", Message: `parameter "` + name + `" cannot be changed`}
		}
		if c.Default {
			value = g.def
			if v, ok := s.gucs.initial[name]; ok {
				value = v // the session's startup value, as PostgreSQL's SET … TO DEFAULT
			}
		}
		if g.name == "DateStyle" {
			cur, _ := s.gucs.get(name)
			value, err = normalizeDateStyle(value, cur)
		} else {
			value, err = normalizeSetting(g, value)
		}
		if err != nil {
			return nil, "", "", err
		}
	}
	return g, name, value, nil
}

func (s *Session) set(c *translate.SetCommand, w wire.ResultWriter) error {
	g, name, value, err := s.setValue(c)
	if err != nil {
		return err
	}
	if c.Local {
		if s.tx == txIdle {
			if err := s.notice(w, warning("25P01", "SET LOCAL can only be used in transaction blocks")); err != nil {
				return err
			}
			return w.CommandComplete("SET")
		}
		if s.gucs.local == nil {
			s.gucs.local = map[string]string{}
		}
		s.gucs.local[name] = value
		if g == nil {
			s.gucs.definePlaceholder(name)
		}
	} else if g == nil {
		if s.tx != txIdle {
			s.gucs.save(name, true)
		}
		if s.gucs.custom == nil {
			s.gucs.custom = map[string]string{}
		}
		s.gucs.custom[name] = value
	} else {
		if s.tx != txIdle {
			s.gucs.save(name, false)
		}
		s.gucs.values[name] = value
	}
	if g != nil && g.report {
		if err := w.ParameterStatus(g.name, value); err != nil {
			return err
		}
	}
	return w.CommandComplete("SET")
}

// normalizeSetting checks a value the way PostgreSQL would for the parameters pgwired
// cannot honour freely (the wire encoding and date style are fixed).
func normalizeSetting(g *guc, v string) (string, error) {
	switch g.name {
	case "client_encoding":
		enc := strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(v, "-", ""), "_", ""))
		switch enc {
		case "UTF8", "UNICODE":
			return "UTF8", nil
		}
		if pgEncodings[enc] {
			return "", &wire.Error{Code: "0A000", Message: "client_encoding " + v + " is not supported by pgwired", Detail: "pgwired speaks UTF8 only."}
		}
		return "", &wire.Error{Code: "22023", Message: `invalid value for parameter "client_encoding": "` + v + `"`}
	case "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout":
		d, err := parseDurationGUC(v)
		if err != nil {
			return "", &wire.Error{Code: "22023", Message: `invalid value for parameter "` + g.name + `": "` + v + `"`}
		}
		return formatMillis(d.Milliseconds()), nil
	}
	if g.fixed != "" && !strings.EqualFold(v, g.fixed) && validValues[g.name][strings.ToLower(v)] {
		// A value PostgreSQL accepts and pgwired cannot honour.
		return "", &wire.Error{Code: "0A000", Message: g.name + " " + v + " is not supported by pgwired", Detail: "pgwired supports " + g.name + " " + g.fixed + " only."}
	}
	if g.fixed != "" && !strings.EqualFold(v, g.fixed) {
		return "", &wire.Error{Code: "22023", Message: `invalid value for parameter "` + g.name + `": "` + v + `"`}
	}
	return v, nil
}

// normalizeDateStyle reads a DateStyle value the way PostgreSQL's check_datestyle does:
// an output style and/or a field order, each keeping the current one when not given
// ("ISO" alone keeps the order). Output is always ISO in pgwired (values are written
// from IRIS's ODBC forms), so another style is refused (0A000) rather than accepted and
// ignored; the order (MDY, DMY, YMD) is kept and reported as set. It decides how
// PostgreSQL reads non-ISO dates such as '01/02/2024', which IRIS does not read in any
// order, so no input is read differently.
func normalizeDateStyle(v, current string) (string, error) {
	style, order := "ISO", "MDY"
	if cs, co, ok := strings.Cut(current, ", "); ok {
		style, order = cs, co
	}
	newStyle, newOrder := "", ""
	conflict := false
	setStyle := func(x string) {
		conflict = conflict || (newStyle != "" && newStyle != x)
		newStyle = x
	}
	setOrder := func(x string) {
		conflict = conflict || (newOrder != "" && newOrder != x)
		newOrder = x
	}
	invalid := func(detail string) error {
		return &wire.Error{Code: "22023", Message: `invalid value for parameter "DateStyle": "` + v + `"`, Detail: detail}
	}
	for _, tok := range strings.Split(v, ",") {
		tok = strings.TrimSpace(tok)
		switch strings.ToUpper(tok) {
		case "ISO":
			setStyle("ISO")
		case "SQL":
			setStyle("SQL")
		case "POSTGRES":
			setStyle("Postgres")
		case "GERMAN":
			setStyle("German")
			if newOrder == "" {
				newOrder = "DMY" // as PostgreSQL: German implies DMY unless an order is given
			}
		case "YMD":
			setOrder("YMD")
		case "DMY", "EURO", "EUROPEAN":
			setOrder("DMY")
		case "MDY", "US", "NONEURO", "NONEUROPEAN":
			setOrder("MDY")
		case "DEFAULT":
			setStyle("ISO")
			setOrder("MDY")
		default:
			if tok == "" {
				return "", invalid("List syntax is invalid.")
			}
			return "", invalid(`Unrecognized key word: "` + tok + `".`)
		}
	}
	if conflict {
		return "", invalid(`Conflicting "datestyle" specifications.`)
	}
	if newStyle != "" {
		style = newStyle
	}
	if newOrder != "" {
		order = newOrder
	}
	if style != "ISO" {
		return "", &wire.Error{Code: "0A000", Message: "DateStyle " + style + " is not supported by pgwired",
			Detail: "pgwired writes dates and times in the ISO style only.", Hint: "SET DateStyle = 'ISO, " + order + "'"}
	}
	return style + ", " + order, nil
}

// validValues lists, for the parameters pgwired fixes, the other values PostgreSQL accepts.
var validValues = map[string]map[string]bool{
	"IntervalStyle": {"postgres_verbose": true, "sql_standard": true, "iso_8601": true},
	"bytea_output":  {"escape": true},
}

// pgEncodings are PostgreSQL's client encodings other than UTF8 (names without - and _).
var pgEncodings = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields("BIG5 EUCCN EUCJP EUCJIS2004 EUCKR EUCTW GB18030 GBK ISO88595 ISO88596 ISO88597 ISO88598 " +
		"JOHAB KOI8R KOI8U LATIN1 LATIN2 LATIN3 LATIN4 LATIN5 LATIN6 LATIN7 LATIN8 LATIN9 LATIN10 MULEINTERNAL SJIS " +
		"SHIFTJIS2004 SQLASCII UHC WIN866 WIN874 WIN1250 WIN1251 WIN1252 WIN1253 WIN1254 WIN1255 WIN1256 WIN1257 WIN1258") {
		m[e] = true
	}
	return m
}()

func formatMillis(ms int64) string {
	if ms == 0 {
		return "0"
	}
	switch {
	case ms%3600000 == 0:
		return strconv.FormatInt(ms/3600000, 10) + "h"
	case ms%60000 == 0:
		return strconv.FormatInt(ms/60000, 10) + "min"
	case ms%1000 == 0:
		return strconv.FormatInt(ms/1000, 10) + "s"
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

func (s *Session) show(c *translate.SetCommand, w wire.ResultWriter) error {
	if c.All {
		fields := []pgproto3.FieldDescription{textField("name"), textField("setting"), textField("description")}
		if err := w.RowDescription(fields); err != nil {
			return err
		}
		names := s.gucs.names()
		for _, n := range names {
			v, _ := s.gucs.get(n)
			desc := ""
			display := n
			if g := knownGUCs[n]; g != nil {
				desc, display = g.desc, g.name
			}
			if err := w.DataRow([][]byte{[]byte(display), []byte(v), []byte(desc)}); err != nil {
				return err
			}
		}
		return w.CommandComplete("SHOW")
	}
	if _, err := lookupGUC(c.Name); err != nil {
		return err
	}
	v, ok := s.gucs.get(c.Name)
	if !ok {
		return &wire.Error{Code: "42704", Message: `unrecognized configuration parameter "` + strings.ToLower(c.Name) + `"`}
	}
	if err := w.RowDescription([]pgproto3.FieldDescription{textField(displayName(c.Name))}); err != nil {
		return err
	}
	if err := w.DataRow([][]byte{[]byte(v)}); err != nil {
		return err
	}
	return w.CommandComplete("SHOW")
}

// sendChanged reports the reported parameters whose value differs from before.
func (s *Session) sendChanged(w wire.ResultWriter, before map[string]string) error {
	s.gucs.queueChanged(before)
	for _, kv := range s.PendingParameterStatus() {
		if err := w.ParameterStatus(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

func textField(name string) pgproto3.FieldDescription {
	return pgproto3.FieldDescription{Name: []byte(name), DataTypeOID: oidText, DataTypeSize: -1, TypeModifier: -1}
}

// discard implements DISCARD ALL (and its parts) for the state pgwired keeps: settings
// return to their defaults, temporary tables are dropped. Prepared statements live in
// wire and are closed by it.
func (s *Session) discard(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	if s.tx != txIdle && strings.EqualFold(p.Tag, "DISCARD ALL") {
		return &wire.Error{Code: "25001", Message: "DISCARD ALL cannot run inside a transaction block"}
	}
	if strings.EqualFold(p.Tag, "DISCARD ALL") {
		// DISCARD ALL includes RESET ALL; DISCARD PLANS, SEQUENCES and TEMP keep settings.
		before := s.gucs.reportedValues()
		for name := range s.gucs.values {
			if g := knownGUCs[name]; g != nil && !g.readOnly {
				delete(s.gucs.values, name)
			}
		}
		s.gucs.custom = nil
		if err := s.sendChanged(w, before); err != nil {
			return err
		}
		s.closeAllCursors()
		s.sqlStatements = nil // DEALLOCATE ALL
	}
	if strings.EqualFold(p.Tag, "DISCARD ALL") || strings.EqualFold(p.Tag, "DISCARD SEQUENCES") {
		s.forgetSequences()
	}
	if (strings.EqualFold(p.Tag, "DISCARD ALL") || strings.EqualFold(p.Tag, "DISCARD TEMP")) && s.temp != nil && len(s.temp.names) > 0 {
		if err := s.ensureConn(ctx); err != nil {
			return err
		}
		if err := s.dropTempTables(ctx, s.conn); err != nil {
			return s.irisError(ctx, err)
		}
	}
	return w.CommandComplete(p.Tag)
}
