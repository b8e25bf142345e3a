package catalog

import (
	"sort"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Env is what a catalog query sees of its session.
type Env struct {
	Params     []any                            // $n values: nil, string (text format), int64, bool, float64
	Setting    func(name string) (string, bool) // current_setting and pg_settings
	Settings   func() [][2]string               // every (name, value) for pg_settings
	Version    string                           // version()
	BackendPID int32
	Query      func() string   // the statement's text, for pg_stat_activity.query; may be nil
	Cursors    func() []Cursor // the session's open SQL cursors, for pg_cursors
	// SetConfig is set_config(name, value, is_local): it changes the session's setting
	// and returns the new value. nil: set_config is refused (0A000).
	SetConfig func(name, value string, local bool) (string, error)
}

// Cursor is one row of pg_cursors: a cursor opened with DECLARE.
type Cursor struct {
	Name, Statement string
	Holdable        bool
	Created         time.Time
}

// Column describes one result column.
type Column struct {
	Name    string
	TypeOID uint32
	Typmod  int32
	shape   *recordShape // record columns: their fields, for (col).field in outer queries
}

// Result is the answer to a catalog query. Values are nil, bool, int64, float64, string
// or []any; Text renders them as PostgreSQL would.
type Result struct {
	Columns []Column
	Rows    [][]any
	rt      *runtime
}

// AppendText appends the PostgreSQL text form of value (row, col); null reports NULL.
func (r *Result) AppendText(dst []byte, row, col int) (out []byte, null bool) {
	v := r.Rows[row][col]
	if v == nil {
		return dst, true
	}
	return append(dst, r.rt.format(v, r.Columns[col].TypeOID)...), false
}

// Compile checks a statement without running it (Describe in the extended protocol) and
// returns its result columns and the types of its parameters ($1 first; 0 where the
// context does not fix one).
func Compile(snap *Snapshot, stmt *pg_query.Node, env *Env) ([]Column, []uint32, error) {
	p, c, err := compileStmt(snap, stmt, env)
	if err != nil {
		return nil, nil, err
	}
	return p.cols, c.params, nil
}

// Query runs a SELECT over the snapshot's virtual relations.
func Query(snap *Snapshot, stmt *pg_query.Node, env *Env) (*Result, error) {
	p, c, err := compileStmt(snap, stmt, env)
	if err != nil {
		return nil, err
	}
	rows, err := p.runWith(c.rt, nil, -1)
	if err != nil {
		return nil, err
	}
	return &Result{Columns: p.cols, Rows: rows, rt: c.rt}, nil
}

func compileStmt(snap *Snapshot, stmt *pg_query.Node, env *Env) (*selectPlan, *compiler, error) {
	if env == nil {
		env = &Env{}
	}
	rt := &runtime{snap: snap, env: env}
	sel := stmt.GetSelectStmt()
	if sel == nil {
		return nil, nil, unsupported("this statement on catalog relations")
	}
	c := &compiler{rt: rt}
	p, err := c.compileSelect(sel, nil)
	if err != nil {
		return nil, nil, err
	}
	return p, c, nil
}

// relationFor returns the rows of a virtual relation.
func (rt *runtime) relationFor(d *relDef) *relation { return rt.snap.relation(d) }

// fixedSettings are the read-only "preset" parameters of a PostgreSQL 15 server that
// drivers read from pg_settings or current_setting (pgjdbc: max_index_keys).
var fixedSettings = map[string]string{
	"max_index_keys": "32", "max_identifier_length": "63", "max_function_args": "100", "block_size": "8192",
	"integer_datetimes": "on", "server_encoding": "UTF8", "lc_collate": "C", "lc_ctype": "C",
	"data_checksums": "off", "segment_size": "131072", "wal_block_size": "8192",
}

// setting reads a parameter: the session's value, else a fixed server one.
func (rt *runtime) setting(name string) (string, bool) {
	if rt.env.Setting != nil {
		if v, ok := rt.env.Setting(name); ok {
			return v, true
		}
	}
	v, ok := fixedSettings[name]
	return v, ok
}

// cursorsRelation builds pg_cursors from the session's cursors.
func (rt *runtime) cursorsRelation(d *relDef) *relation {
	r := &relation{name: d.name, cols: d.cols}
	if rt.env.Cursors == nil {
		return r
	}
	cs := rt.env.Cursors()
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	for _, c := range cs {
		r.add(map[string]any{"name": c.Name, "statement": c.Statement, "is_holdable": c.Holdable,
			"creation_time": c.Created.UTC().Format("2006-01-02 15:04:05.999999-07")})
	}
	return r
}

// activityRelation builds pg_stat_activity: the querying session, running this query.
func (rt *runtime) activityRelation(d *relDef) *relation {
	r := &relation{name: d.name, cols: d.cols}
	app, _ := rt.setting("application_name")
	query := ""
	if rt.env.Query != nil {
		query = rt.env.Query()
	}
	r.add(map[string]any{"datid": databaseOID, "datname": rt.snap.Database, "pid": rt.env.BackendPID, "leader_pid": nil,
		"usesysid": oidBootstrapRole, "usename": rt.snap.User, "application_name": app, "client_addr": nil,
		"client_hostname": nil, "client_port": nil, "backend_start": nil, "xact_start": nil, "query_start": nil,
		"state_change": nil, "wait_event_type": nil, "wait_event": nil, "state": "active", "backend_xid": nil,
		"backend_xmin": nil, "query_id": nil, "query": query, "backend_type": "client backend"})
	return r
}

// settingsRelation builds pg_settings from the session's settings and the fixed ones.
func (rt *runtime) settingsRelation(d *relDef) *relation {
	r := &relation{name: d.name, cols: d.cols}
	values := map[string]string{}
	contexts := map[string]string{}
	for k, v := range fixedSettings {
		values[k], contexts[k] = v, "internal"
	}
	if rt.env.Settings != nil {
		for _, kv := range rt.env.Settings() {
			values[kv[0]], contexts[kv[0]] = kv[1], "user"
		}
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		source, category := "session", "Client Connection Defaults"
		if contexts[k] == "internal" {
			source, category = "default", "Preset Options"
		}
		r.add(map[string]any{"name": k, "setting": values[k], "context": contexts[k], "vartype": "string",
			"source": source, "boot_val": values[k], "reset_val": values[k], "category": category,
			"sourceline": nil}) // NULL unless set in a configuration file
	}
	return r
}
