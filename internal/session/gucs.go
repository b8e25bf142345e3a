package session

import (
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/wire"
)

// guc describes one run-time parameter pgwired answers itself. IRIS has no equivalent of
// most of them; clients set and read them at connect time (DateStyle, extra_float_digits,
// application_name, ...), so SET must succeed and SHOW must give PostgreSQL's answers.
type guc struct {
	name     string // canonical spelling, as SHOW ALL prints it
	def      string
	report   bool   // GUC_REPORT: a change is sent to the client as ParameterStatus
	readOnly bool   // SET is refused with 55P02 (cant_change_runtime_param)
	fixed    string // when non-empty, the only value accepted (client_encoding UTF8 ...)
	desc     string
}

var knownGUCs = func() map[string]*guc {
	list := []*guc{
		{name: "application_name", def: "", report: true, desc: "Sets the application name to be reported in statistics and logs."},
		{name: "client_encoding", def: "UTF8", report: true, fixed: "UTF8", desc: "Sets the client's character set encoding."},
		{name: "DateStyle", def: "ISO, MDY", report: true, desc: "Sets the display format for date and time values."},
		{name: "TimeZone", def: "UTC", report: true, desc: "Sets the time zone for displaying and interpreting time stamps."},
		{name: "IntervalStyle", def: "postgres", report: true, fixed: "postgres", desc: "Sets the display format for interval values."},
		{name: "extra_float_digits", def: "1", desc: "Sets the number of digits displayed for floating-point values."},
		{name: "search_path", def: `"$user", public`, desc: "Sets the schema search order for names that are not schema-qualified."},
		{name: "statement_timeout", def: "0", desc: "Sets the maximum allowed duration of any statement."},
		{name: "lock_timeout", def: "0", desc: "Sets the maximum allowed duration of any wait for a lock."},
		{name: "idle_in_transaction_session_timeout", def: "0", desc: "Sets the maximum allowed idle time between queries, when in a transaction."},
		{name: "standard_conforming_strings", def: "on", report: true, fixed: "on", desc: "Causes '...' strings to treat backslashes literally."},
		{name: "integer_datetimes", def: "on", report: true, readOnly: true, desc: "Shows whether datetimes are integer based."},
		{name: "server_version", def: "", report: true, readOnly: true, desc: "Shows the server version."},
		{name: "server_version_num", def: "160000", readOnly: true, desc: "Shows the server version as an integer."},
		{name: "server_encoding", def: "UTF8", report: true, readOnly: true, desc: "Shows the server (database) character set encoding."},
		{name: "is_superuser", def: "off", report: true, readOnly: true, desc: "Shows whether the current user is a superuser."},
		{name: "session_authorization", def: "", report: true, readOnly: true, desc: "Sets the session user name."},
		{name: "role", def: "none", desc: "Sets the current role."},
		{name: "transaction_isolation", def: "read committed", desc: "Sets the current transaction's isolation level."},
		{name: "default_transaction_isolation", def: "read committed", desc: "Sets the transaction isolation level of each new transaction."},
		{name: "transaction_read_only", def: "off", desc: "Sets the current transaction's read-only status."},
		{name: "default_transaction_read_only", def: "off", desc: "Sets the default read-only status of new transactions."},
		{name: "client_min_messages", def: "notice", desc: "Sets the message levels that are sent to the client."},
		{name: "bytea_output", def: "hex", fixed: "hex", desc: "Sets the output format for bytea."},
		{name: "max_identifier_length", def: "63", readOnly: true, desc: "Shows the maximum identifier length."},
		{name: "row_security", def: "on", desc: "Enable row security."},
		{name: "synchronous_commit", def: "on", desc: "Sets the current transaction's synchronization level."},
		{name: "work_mem", def: "4MB", desc: "Sets the maximum memory to be used for query workspaces."},
		{name: "jit", def: "off", desc: "Allow JIT compilation."},
		{name: "lc_messages", def: "C", desc: "Sets the language in which messages are displayed."},
		{name: "lc_monetary", def: "C", desc: "Sets the locale for formatting monetary amounts."},
		{name: "lc_numeric", def: "C", desc: "Sets the locale for formatting numbers."},
		{name: "lc_time", def: "C", desc: "Sets the locale for formatting date and time values."},
		{name: "default_text_search_config", def: "pg_catalog.simple", desc: "Sets default text search configuration."},
		{name: "max_connections", def: "100", readOnly: true, desc: "Sets the maximum number of concurrent connections."},
		{name: "geqo", def: "on", desc: "Enables genetic query optimization."},
	}
	m := make(map[string]*guc, len(list))
	for _, g := range list {
		m[strings.ToLower(g.name)] = g
	}
	return m
}()

// gucState is one session's settings: session-level values and those set with SET LOCAL,
// which revert when the transaction ends.
type gucState struct {
	// initial holds the session's defaults that differ from PostgreSQL's: startup-packet
	// parameters and server-wide settings (STATEMENT_TIMEOUT). RESET and DISCARD ALL
	// return to them, as PostgreSQL returns to the startup/configured value, rather than
	// to the built-in default (which would silently lift STATEMENT_TIMEOUT).
	initial map[string]string
	values  map[string]string // lower-case name → value, only for names set in this session
	local   map[string]string // SET LOCAL values for the current transaction
	custom  map[string]string // "placeholder" variables with a dot in the name (myapp.x)
	// saved holds the session-level values as they were before their first SET or RESET
	// in the current transaction: a rollback restores them, as PostgreSQL undoes SET.
	saved map[string]savedValue
	// pending are ParameterStatus messages owed to the client because a reported
	// parameter changed at the end of a transaction; sent before ReadyForQuery.
	pending [][2]string
}

// savedValue is one parameter's session-level value before the transaction changed it.
type savedValue struct {
	value  string
	set    bool // there was a session-level value (else the initial/default applied)
	custom bool // a placeholder variable (gucState.custom)
}

func newGUCState(initial map[string]string) *gucState {
	s := &gucState{values: map[string]string{}, initial: make(map[string]string, len(initial))}
	for k, v := range initial {
		s.initial[strings.ToLower(k)] = v
	}
	return s
}

// get returns the current value of a known or custom parameter.
func (s *gucState) get(name string) (string, bool) {
	name = strings.ToLower(name)
	if v, ok := s.local[name]; ok {
		return v, true
	}
	if v, ok := s.values[name]; ok {
		return v, true
	}
	if v, ok := s.initial[name]; ok {
		return v, true
	}
	if g, ok := knownGUCs[name]; ok {
		return g.def, true
	}
	if v, ok := s.custom[name]; ok {
		return v, true
	}
	return "", false
}

// displayName is how SHOW titles its column: a known parameter's canonical spelling
// (DateStyle, TimeZone), else the name lower-cased, as PostgreSQL does.
func displayName(name string) string {
	if g, ok := knownGUCs[strings.ToLower(name)]; ok {
		return g.name
	}
	return strings.ToLower(name)
}

// definePlaceholder makes a placeholder variable (myapp.x) known with an empty value once
// it has been set at all, as PostgreSQL keeps it after a SET LOCAL's transaction ends.
func (s *gucState) definePlaceholder(name string) {
	if _, ok := s.custom[name]; ok {
		return
	}
	if s.custom == nil {
		s.custom = map[string]string{}
	}
	s.custom[name] = ""
}

// save remembers name's session-level value before a SET or RESET inside a transaction,
// once per transaction.
func (s *gucState) save(name string, custom bool) {
	if _, ok := s.saved[name]; ok {
		return
	}
	if s.saved == nil {
		s.saved = map[string]savedValue{}
	}
	m := s.values
	if custom {
		m = s.custom
	}
	v, set := m[name]
	s.saved[name] = savedValue{value: v, set: set, custom: custom}
}

// endTransaction drops SET LOCAL values and, unless the transaction committed, restores
// the values SET in it. A reported parameter whose value changed is queued for the client.
func (s *gucState) endTransaction(committed bool) {
	if s.local == nil && s.saved == nil {
		return
	}
	var before map[string]string
	note := func(name string) {
		if g := knownGUCs[name]; g != nil && g.report {
			if before == nil {
				before = map[string]string{}
			}
			before[name], _ = s.get(name)
		}
	}
	for name := range s.local {
		note(name)
	}
	for name := range s.saved {
		note(name)
	}
	s.local = nil
	if !committed {
		for name, sv := range s.saved {
			m := &s.values
			if sv.custom {
				m = &s.custom
			}
			if !sv.set {
				delete(*m, name)
				continue
			}
			if *m == nil {
				*m = map[string]string{}
			}
			(*m)[name] = sv.value
		}
	}
	s.saved = nil
	s.queueChanged(before)
}

// queueChanged queues a ParameterStatus for each reported parameter whose current value
// differs from the one in before.
func (s *gucState) queueChanged(before map[string]string) {
	for name, old := range before {
		if now, _ := s.get(name); now != old {
			s.pending = append(s.pending, [2]string{knownGUCs[name].name, now})
		}
	}
}

// reportedValues snapshots the reported parameters, for RESET ALL and DISCARD ALL.
func (s *gucState) reportedValues() map[string]string {
	m := map[string]string{}
	for name, g := range knownGUCs {
		if g.report {
			m[name], _ = s.get(name)
		}
	}
	return m
}

// names lists every known parameter, sorted, for SHOW ALL.
func (s *gucState) names() []string {
	var out []string
	for k := range knownGUCs {
		out = append(out, k)
	}
	for k := range s.custom {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// messageLevels orders the severities client_min_messages filters by.
var messageLevels = map[string]int{
	"debug5": 0, "debug4": 0, "debug3": 0, "debug2": 0, "debug1": 0, "debug": 0,
	"log": 1, "notice": 2, "warning": 3, "error": 4,
}

// notice sends n unless client_min_messages asks for more severe messages only.
func (s *Session) notice(w wire.ResultWriter, n *pgproto3.NoticeResponse) error {
	minLevel, _ := s.gucs.get("client_min_messages")
	if min, ok := messageLevels[strings.ToLower(minLevel)]; ok {
		if lvl, ok := messageLevels[strings.ToLower(n.SeverityUnlocalized)]; ok && lvl < min {
			return nil
		}
	}
	return w.Notice(n)
}
