package catalog

import (
	"strconv"
	"strings"
)

// call is one function invocation.
type call struct {
	rt    *runtime
	args  []any
	types []uint32
}

func (c *call) str(i int) string { return c.rt.format(c.args[i], c.types[i]) }

func (c *call) oid(i int) uint32 {
	if v, err := castValue(c.rt, c.args[i], c.types[i], oidRegclass); err == nil {
		if n, ok := v.(int64); ok {
			return uint32(n)
		}
	}
	n, _ := toInt(c.args[i])
	return uint32(n)
}

func (c *call) int(i int) int64 {
	n, _ := toInt(c.args[i])
	return n
}

// funcDef is a scalar function. strict functions return NULL for any NULL argument.
type funcDef struct {
	minArgs, maxArgs int // maxArgs -1: variadic
	result           uint32
	resultOf         func(args []uint32) uint32
	resultIn         func(s *Snapshot, args []uint32) uint32 // resultOf for the snapshot's types
	strict           bool
	call             func(*call) (any, error)
}

// srfDef is a set-returning function usable in FROM.
type srfDef struct {
	// minArgs: fewer arguments resolve to no function (42883); call indexes them
	// unchecked (fuzzing found generate_series() panicking).
	minArgs int
	columns func(args []uint32) []relColumn
	call    func(*call) ([][]any, error)
}

// checkArgs refuses a call with fewer arguments than the function takes.
func (d *srfDef) checkArgs(name string, args []expr) error {
	if len(args) >= d.minArgs {
		return nil
	}
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = typeName(a.typ(), -1)
	}
	return errorf("42883", "function %s(%s) does not exist", name, strings.Join(types, ", "))
}

func constTrue(*call) (any, error) { return true, nil }

func fixed(v any) func(*call) (any, error) { return func(*call) (any, error) { return v, nil } }

// privilege functions: IRIS enforces privileges itself when the client touches data, so
// the catalog answers yes and lets IRIS refuse later.
var privilegeFuncs = []string{"has_table_privilege", "has_schema_privilege", "has_database_privilege",
	"has_column_privilege", "has_any_column_privilege", "has_function_privilege", "has_sequence_privilege",
	"has_type_privilege", "has_tablespace_privilege", "has_language_privilege", "has_foreign_data_wrapper_privilege",
	"has_server_privilege", "pg_has_role"}

var funcs = map[string]*funcDef{
	"pg_table_is_visible":             {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: fnTableIsVisible},
	"pg_type_is_visible":              {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: fnTypeIsVisible},
	"pg_function_is_visible":          {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_collation_is_visible":         {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_opclass_is_visible":           {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_operator_is_visible":          {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_conversion_is_visible":        {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_ts_config_is_visible":         {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"format_type":                     {minArgs: 2, maxArgs: 2, result: oidText, call: fnFormatType},
	"pg_get_expr":                     {minArgs: 2, maxArgs: 3, result: oidText, strict: true, call: func(c *call) (any, error) { return c.str(0), nil }},
	"pg_get_indexdef":                 {minArgs: 1, maxArgs: 3, result: oidText, strict: true, call: fnIndexDef},
	"pg_get_constraintdef":            {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fnConstraintDef},
	"pg_get_viewdef":                  {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fnViewDef},
	"pg_get_userbyid":                 {minArgs: 1, maxArgs: 1, result: oidName, strict: true, call: fnUserByID},
	"obj_description":                 {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fnObjDescription},
	"col_description":                 {minArgs: 2, maxArgs: 2, result: oidText, strict: true, call: fnColDescription},
	"shobj_description":               {minArgs: 2, maxArgs: 2, result: oidText, strict: true, call: fixed(nil)},
	"pg_get_serial_sequence":          {minArgs: 2, maxArgs: 2, result: oidText, strict: true, call: fnSerialSequence},
	"pg_get_partkeydef":               {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed(nil)},
	"pg_get_triggerdef":               {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fixed(nil)},
	"pg_get_statisticsobjdef_columns": {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed(nil)},
	"pg_get_function_arguments":       {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed("")},
	"pg_get_function_result":          {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed(nil)},
	"pg_relation_is_publishable":      {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: fixed(false)},
	"pg_is_other_temp_schema":         {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: fixed(false)},
	"pg_my_temp_schema":               {minArgs: 0, maxArgs: 0, result: oidOID, call: fixed(int64(0))},
	"pg_tablespace_location":          {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed("")},
	"pg_encoding_to_char":             {minArgs: 1, maxArgs: 1, result: oidName, strict: true, call: fnEncodingToChar},
	"pg_char_to_encoding":             {minArgs: 1, maxArgs: 1, result: oidInt4, strict: true, call: fnCharToEncoding},
	"pg_relation_size":                {minArgs: 1, maxArgs: 2, result: oidInt8, strict: true, call: fixed(int64(0))},
	"pg_total_relation_size":          {minArgs: 1, maxArgs: 1, result: oidInt8, strict: true, call: fixed(int64(0))},
	"pg_table_size":                   {minArgs: 1, maxArgs: 1, result: oidInt8, strict: true, call: fixed(int64(0))},
	"pg_indexes_size":                 {minArgs: 1, maxArgs: 1, result: oidInt8, strict: true, call: fixed(int64(0))},
	"pg_database_size":                {minArgs: 1, maxArgs: 1, result: oidInt8, strict: true, call: fixed(int64(0))},
	"pg_size_pretty":                  {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fnSizePretty},
	"quote_ident":                     {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: func(c *call) (any, error) { return quoteIdent(c.str(0)), nil }},
	"quote_literal":                   {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: func(c *call) (any, error) { return "'" + strings.ReplaceAll(c.str(0), "'", "''") + "'", nil }},
	"array_to_string":                 {minArgs: 2, maxArgs: 3, result: oidText, call: fnArrayToString},
	"array_length":                    {minArgs: 2, maxArgs: 2, result: oidInt4, strict: true, call: fnArrayLength},
	"cardinality":                     {minArgs: 1, maxArgs: 1, result: oidInt4, strict: true, call: fnCardinality},
	"array_upper":                     {minArgs: 2, maxArgs: 2, result: oidInt4, strict: true, call: fnArrayUpper},
	"array_lower":                     {minArgs: 2, maxArgs: 2, result: oidInt4, strict: true, call: fnArrayLower},
	"array_position":                  {minArgs: 2, maxArgs: 3, result: oidInt4, call: fnArrayPosition},
	"current_schemas":                 {minArgs: 1, maxArgs: 1, result: oidNameArray, strict: true, call: fnCurrentSchemas},
	"current_schema":                  {minArgs: 0, maxArgs: 0, result: oidName, call: fixed("public")},
	"current_database":                {minArgs: 0, maxArgs: 0, result: oidName, call: func(c *call) (any, error) { return c.rt.snap.Database, nil }},
	"current_user":                    {minArgs: 0, maxArgs: 0, result: oidName, call: func(c *call) (any, error) { return c.rt.snap.User, nil }},
	"version":                         {minArgs: 0, maxArgs: 0, result: oidText, call: func(c *call) (any, error) { return c.rt.env.Version, nil }},
	"current_setting":                 {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fnCurrentSetting},
	"lower":                           {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.ToLower(c.str(0)), nil }},
	"upper":                           {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.ToUpper(c.str(0)), nil }},
	"length":                          {minArgs: 1, maxArgs: 1, result: oidInt4, strict: true, call: fnLength},
	"char_length":                     {minArgs: 1, maxArgs: 1, result: oidInt4, strict: true, call: fnLength},
	"concat":                          {minArgs: 0, maxArgs: -1, result: oidText, call: fnConcat},
	"replace":                         {minArgs: 3, maxArgs: 3, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.ReplaceAll(c.str(0), c.str(1), c.str(2)), nil }},
	"substring":                       {minArgs: 2, maxArgs: 3, result: oidText, strict: true, call: fnSubstr},
	"substr":                          {minArgs: 2, maxArgs: 3, result: oidText, strict: true, call: fnSubstr},
	"left":                            {minArgs: 2, maxArgs: 2, result: oidText, strict: true, call: fnLeft},
	"btrim":                           {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.Trim(c.str(0), trimSet(c)), nil }},
	"ltrim":                           {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.TrimLeft(c.str(0), trimSet(c)), nil }},
	"rtrim":                           {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: func(c *call) (any, error) { return strings.TrimRight(c.str(0), trimSet(c)), nil }},
	"split_part":                      {minArgs: 3, maxArgs: 3, result: oidText, strict: true, call: fnSplitPart},
	"strpos":                          {minArgs: 2, maxArgs: 2, result: oidInt4, strict: true, call: func(c *call) (any, error) { return int64(strings.Index(c.str(0), c.str(1)) + 1), nil }},
	"abs":                             {minArgs: 1, maxArgs: 1, resultOf: firstArgType, strict: true, call: fnAbs},
	"enum_first":                      {minArgs: 1, maxArgs: 1, resultOf: firstArgType, call: fnEnumEnd(false)},
	"enum_last":                       {minArgs: 1, maxArgs: 1, resultOf: firstArgType, call: fnEnumEnd(true)},
	"enum_range":                      {minArgs: 1, maxArgs: 2, resultIn: enumArrayType, call: fnEnumRange},
	"to_regclass":                     {minArgs: 1, maxArgs: 1, result: oidRegclass, strict: true, call: fnToReg(oidRegclass)},
	"to_regtype":                      {minArgs: 1, maxArgs: 1, result: oidRegtype, strict: true, call: fnToReg(oidRegtype)},
	"to_regnamespace":                 {minArgs: 1, maxArgs: 1, result: oidRegnamespace, strict: true, call: fnToReg(oidRegnamespace)},
	"json_build_object":               {minArgs: 0, maxArgs: -1, result: oidJSON, call: fnJSONBuildObject},
	"pg_backend_pid":                  {minArgs: 0, maxArgs: 0, result: oidInt4, call: func(c *call) (any, error) { return int64(c.rt.env.BackendPID), nil }},
	"format":                          {minArgs: 1, maxArgs: -1, result: oidText, call: fnFormat},
	"string_to_array":                 {minArgs: 2, maxArgs: 3, result: oidTextArray, call: fnStringToArray},
	"parse_ident":                     {minArgs: 1, maxArgs: 2, result: oidTextArray, strict: true, call: fnParseIdent},
	"pg_get_function_sqlbody":         {minArgs: 1, maxArgs: 1, result: oidText, strict: true, call: fixed(nil)},
	"pg_opfamily_is_visible":          {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_get_ruledef":                  {minArgs: 1, maxArgs: 2, result: oidText, strict: true, call: fixed(nil)},
	"like_escape":                     {minArgs: 2, maxArgs: 2, result: oidText, strict: true, call: fnLikeEscape},
	// pgAdmin checks on connect whether the server is a standby: never.
	"pg_is_in_recovery":            {minArgs: 0, maxArgs: 0, result: oidBool, call: fixed(false)},
	"pg_is_wal_replay_paused":      {minArgs: 0, maxArgs: 0, result: oidBool, call: fixed(false)},
	"pg_last_wal_receive_lsn":      {minArgs: 0, maxArgs: 0, result: oidText, call: fixed(nil)},
	"pg_last_wal_replay_lsn":       {minArgs: 0, maxArgs: 0, result: oidText, call: fixed(nil)},
	"set_config":                   {minArgs: 3, maxArgs: 3, result: oidText, call: fnSetConfig},
	"array_remove":                 {minArgs: 2, maxArgs: 2, resultOf: firstArgType, call: fnArrayRemove},
	"getdatabaseencoding":          {minArgs: 0, maxArgs: 0, result: oidName, call: fixed("UTF8")},
	"pg_client_encoding":           {minArgs: 0, maxArgs: 0, result: oidName, call: fixed("UTF8")},
	"pg_statistics_obj_is_visible": {minArgs: 1, maxArgs: 1, result: oidBool, strict: true, call: constTrue},
	"pg_describe_object":           {minArgs: 3, maxArgs: 3, result: oidText, strict: true, call: fixed(nil)},
}

// statCounters are the per-table and per-index activity counters (DBeaver reads
// pg_stat_get_numscans with every index list). IRIS keeps none: each is 0.
var statCounters = []string{"pg_stat_get_numscans", "pg_stat_get_tuples_returned", "pg_stat_get_tuples_fetched",
	"pg_stat_get_tuples_inserted", "pg_stat_get_tuples_updated", "pg_stat_get_tuples_deleted",
	"pg_stat_get_tuples_hot_updated", "pg_stat_get_live_tuples", "pg_stat_get_dead_tuples",
	"pg_stat_get_mod_since_analyze", "pg_stat_get_ins_since_vacuum", "pg_stat_get_blocks_fetched",
	"pg_stat_get_blocks_hit", "pg_stat_get_vacuum_count", "pg_stat_get_autovacuum_count",
	"pg_stat_get_analyze_count", "pg_stat_get_autoanalyze_count"}

func init() {
	for _, name := range privilegeFuncs {
		funcs[name] = &funcDef{minArgs: 1, maxArgs: 3, result: oidBool, strict: true, call: constTrue}
	}
	for _, name := range statCounters {
		funcs[name] = &funcDef{minArgs: 1, maxArgs: 1, result: oidInt8, strict: true, call: fixed(int64(0))}
	}
	for _, name := range []string{"pg_stat_get_last_vacuum_time", "pg_stat_get_last_autovacuum_time",
		"pg_stat_get_last_analyze_time", "pg_stat_get_last_autoanalyze_time"} {
		funcs[name] = &funcDef{minArgs: 1, maxArgs: 1, result: oidTimestamptz, strict: true, call: fixed(nil)}
	}
}

func firstArgType(args []uint32) uint32 { return args[0] }

var srfs = map[string]*srfDef{
	"generate_series": {
		minArgs: 2,
		columns: func(args []uint32) []relColumn { return []relColumn{{name: "generate_series", typ: oidInt4}} },
		call: func(c *call) ([][]any, error) {
			if c.args[0] == nil || c.args[1] == nil {
				return nil, nil
			}
			step := int64(1)
			if len(c.args) > 2 {
				step = c.int(2)
			}
			if step == 0 {
				return nil, errorf("22023", "step size cannot equal zero")
			}
			var out [][]any
			for i := c.int(0); (step > 0 && i <= c.int(1)) || (step < 0 && i >= c.int(1)); i += step {
				out = append(out, []any{i})
			}
			return out, nil
		},
	},
	// unnest(a, b, …) in FROM zips its arrays, the shorter padded with NULLs (Django's
	// index introspection: unnest(i.indkey, i.indoption) WITH ORDINALITY).
	"unnest": {
		minArgs: 1,
		columns: func(args []uint32) []relColumn {
			if len(args) == 0 {
				return []relColumn{{name: "unnest", typ: oidText}}
			}
			cs := make([]relColumn, len(args))
			for i, t := range args {
				cs[i] = relColumn{name: "unnest", typ: elemType(t)}
			}
			return cs
		},
		call: func(c *call) ([][]any, error) {
			arrs := make([][]any, len(c.args))
			n := 0
			for i := range c.args {
				arr, err := c.array(i)
				if err != nil {
					return nil, err
				}
				arrs[i], n = arr, max(n, len(arr))
			}
			out := make([][]any, n)
			for r := range out {
				out[r] = make([]any, len(arrs))
				for i, arr := range arrs {
					if r < len(arr) {
						out[r][i] = arr[r]
					}
				}
			}
			return out, nil
		},
	},
	"_pg_expandarray": {
		minArgs: 1,
		columns: func(args []uint32) []relColumn {
			et := uint32(oidText)
			if len(args) > 0 {
				et = elemType(args[0])
			}
			return []relColumn{{name: "x", typ: et}, {name: "n", typ: oidInt4}}
		},
		call: func(c *call) ([][]any, error) {
			arr, err := c.array(0)
			if err != nil {
				return nil, err
			}
			out := make([][]any, len(arr))
			for i, v := range arr {
				out[i] = []any{v, int64(i + 1)}
			}
			return out, nil
		},
	},
	"generate_subscripts": {
		minArgs: 1,
		columns: func([]uint32) []relColumn { return []relColumn{{name: "generate_subscripts", typ: oidInt4}} },
		call: func(c *call) ([][]any, error) {
			arr, err := c.array(0)
			if err != nil || len(arr) == 0 || len(c.args) > 1 && c.int(1) != 1 {
				return nil, err
			}
			_, lower := isArrayType(c.types[0])
			reverse := len(c.args) > 2 && truth(c.args[2])
			out := make([][]any, len(arr))
			for i := range arr {
				n := i
				if reverse {
					n = len(arr) - 1 - i
				}
				out[i] = []any{int64(n + lower)}
			}
			return out, nil
		},
	},
	// pg_show_all_settings() is what pg_settings is a view of (pgAdmin's connect-time
	// set_config … FROM pg_show_all_settings() reads it).
	"pg_show_all_settings": {
		columns: func([]uint32) []relColumn { return relDefIndex["pg_catalog.pg_settings"].cols },
		call: func(c *call) ([][]any, error) {
			return c.rt.settingsRelation(relDefIndex["pg_catalog.pg_settings"]).rows, nil
		},
	},
	"pg_get_keywords": {
		columns: func([]uint32) []relColumn {
			return []relColumn{{name: "word", typ: oidText}, {name: "catcode", typ: oidChar}, {name: "barelabel", typ: oidBool},
				{name: "catdesc", typ: oidText}, {name: "baredesc", typ: oidText}}
		},
		call: func(*call) ([][]any, error) { return keywordRows(), nil },
	},
	// IRIS has no partitioning: no table has ancestors or a partition tree.
	"pg_partition_ancestors": {
		columns: func([]uint32) []relColumn { return []relColumn{{name: "relid", typ: oidRegclass}} },
		call:    func(*call) ([][]any, error) { return nil, nil },
	},
	"pg_partition_tree": {
		columns: func([]uint32) []relColumn {
			return []relColumn{{name: "relid", typ: oidRegclass}, {name: "parentrelid", typ: oidRegclass}, {name: "isleaf", typ: oidBool}, {name: "level", typ: oidInt4}}
		},
		call: func(*call) ([][]any, error) { return nil, nil },
	},
}

// array reads argument i as an array (NULL → empty).
func (c *call) array(i int) ([]any, error) {
	switch v := c.args[i].(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	case string:
		return parseArray(v, c.types[i])
	}
	return nil, errorf("42804", "argument is not an array")
}

func fnTableIsVisible(c *call) (any, error) {
	oid := c.oid(0)
	for _, d := range allDefs {
		if d.oid == oid {
			return d.schema == "pg_catalog", nil
		}
	}
	if t := c.rt.snap.tableByOID[oid]; t != nil {
		return t.Schema.Name == "public", nil
	}
	if ix := c.rt.snap.indexByOID[oid]; ix != nil {
		return ix.Table.Schema.Name == "public", nil
	}
	if sq := c.rt.snap.seqByOID[oid]; sq != nil {
		return sq.schema.Name == "public", nil
	}
	return false, nil
}

func fnTypeIsVisible(c *call) (any, error) {
	n, _ := toInt(c.args[0])
	if t := typeByOID[uint32(n)]; t != nil {
		return true, nil
	}
	if e := c.rt.snap.enumByOID[uint32(n)]; e != nil {
		return e.Schema.Name == "public", nil
	}
	if e := c.rt.snap.enumByArray[uint32(n)]; e != nil {
		return e.Schema.Name == "public", nil
	}
	for _, t := range c.rt.snap.Tables {
		if t.RowTypeOID == uint32(n) {
			return t.Schema.Name == "public", nil
		}
	}
	return false, nil
}

func fnFormatType(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, nil
	}
	oid, _ := toInt(c.args[0])
	if name, ok := c.rt.snap.enumTypeName(uint32(oid)); ok {
		return name, nil
	}
	if c.args[1] == nil {
		return regtypeName(uint32(oid)), nil
	}
	mod, _ := toInt(c.args[1])
	if _, ok := typeByOID[uint32(oid)]; !ok {
		for _, t := range c.rt.snap.Tables {
			if t.RowTypeOID == uint32(oid) {
				return visibleName(t), nil
			}
		}
	}
	return typeName(uint32(oid), int32(mod)), nil
}

func fnIndexDef(c *call) (any, error) {
	ix := c.rt.snap.indexByOID[c.oid(0)]
	if ix == nil {
		return nil, nil
	}
	if len(c.args) > 1 && c.args[1] != nil && c.int(1) > 0 {
		return indexColumnDef(ix, int(c.int(1))), nil
	}
	return indexDef(ix), nil
}

func fnConstraintDef(c *call) (any, error) {
	n, _ := toInt(c.args[0])
	k := c.rt.snap.conByOID[uint32(n)]
	if k == nil {
		return nil, nil
	}
	return constraintDef(k), nil
}

func fnViewDef(c *call) (any, error) {
	if t := c.rt.snap.tableByOID[c.oid(0)]; t != nil && t.View {
		return t.ViewDef, nil
	}
	return nil, nil
}

func fnUserByID(c *call) (any, error) {
	n, _ := toInt(c.args[0])
	switch n {
	case oidBootstrapRole:
		return c.rt.snap.User, nil
	case oidDatabaseOwnerRole:
		return "pg_database_owner", nil
	}
	return "unknown (OID=" + strconv.FormatInt(n, 10) + ")", nil
}

// description looks pg_description up; classoid 0 matches any catalog.
func (rt *runtime) description(objoid, classoid uint32, subid int64) any {
	rel := rt.relationFor(relDefIndex["pg_catalog.pg_description"])
	for _, r := range rel.rows {
		if r[0] == int64(objoid) && r[2] == subid && (classoid == 0 || r[1] == int64(classoid)) {
			return r[3]
		}
	}
	return nil
}

func fnObjDescription(c *call) (any, error) {
	n, _ := toInt(c.args[0])
	var classoid uint32
	if len(c.args) > 1 {
		_, name := splitQualified(c.str(1))
		d := relDefIndex["pg_catalog."+name]
		if d == nil {
			return nil, errorf("42P01", "relation %q does not exist", c.str(1))
		}
		classoid = d.oid
	}
	return c.rt.description(uint32(n), classoid, 0), nil
}

func fnColDescription(c *call) (any, error) {
	return c.rt.description(c.oid(0), 1259, c.int(1)), nil
}

func fnEncodingToChar(c *call) (any, error) {
	switch c.int(0) {
	case 0:
		return "SQL_ASCII", nil
	case 6:
		return "UTF8", nil
	}
	return "", nil
}

func fnCharToEncoding(c *call) (any, error) {
	switch strings.ToUpper(c.str(0)) {
	case "SQL_ASCII":
		return int64(0), nil
	case "UTF8", "UTF-8":
		return int64(6), nil
	}
	return int64(-1), nil
}

// fnSizePretty follows PostgreSQL 15: bytes below 10 kB, then kB, MB, GB, TB, PB, each
// unit used below 10240 of it, rounded half away from zero.
func fnSizePretty(c *call) (any, error) {
	n := c.int(0)
	abs := func(v int64) int64 { return max(v, -v) }
	if abs(n) < 10*1024 {
		return strconv.FormatInt(n, 10) + " bytes", nil
	}
	// Keep one extra bit for rounding, as PostgreSQL does.
	n >>= 9
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		if abs(n) < 20*1024-1 {
			return strconv.FormatInt(halfRounded(n), 10) + " " + unit, nil
		}
		n >>= 10
	}
	return strconv.FormatInt(halfRounded(n), 10) + " PB", nil
}

func halfRounded(n int64) int64 {
	if n >= 0 {
		return (n + 1) / 2
	}
	return (n - 1) / 2
}

func fnArrayToString(c *call) (any, error) {
	if c.args[0] == nil || c.args[1] == nil {
		return nil, nil
	}
	arr, err := c.array(0)
	if err != nil {
		return nil, err
	}
	et := elemType(c.types[0])
	var parts []string
	for _, v := range arr {
		if v == nil {
			if len(c.args) > 2 && c.args[2] != nil {
				parts = append(parts, c.str(2))
			}
			continue
		}
		parts = append(parts, c.rt.format(v, et))
	}
	return strings.Join(parts, c.str(1)), nil
}

func fnArrayLength(c *call) (any, error) {
	arr, err := c.array(0)
	if err != nil || len(arr) == 0 || c.int(1) != 1 {
		return nil, err
	}
	return int64(len(arr)), nil
}

func fnCardinality(c *call) (any, error) {
	arr, err := c.array(0)
	return int64(len(arr)), err
}

func fnArrayUpper(c *call) (any, error) {
	arr, err := c.array(0)
	if err != nil || len(arr) == 0 || c.int(1) != 1 {
		return nil, err
	}
	_, lower := isArrayType(c.types[0])
	return int64(len(arr) - 1 + lower), nil
}

func fnArrayLower(c *call) (any, error) {
	arr, err := c.array(0)
	if err != nil || len(arr) == 0 || c.int(1) != 1 {
		return nil, err
	}
	_, lower := isArrayType(c.types[0])
	return int64(lower), nil
}

func fnArrayPosition(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, nil
	}
	arr, err := c.array(0)
	if err != nil {
		return nil, err
	}
	start := 1
	if len(c.args) > 2 && c.args[2] != nil {
		start = int(c.int(2))
	}
	for i := start - 1; i < len(arr); i++ {
		if i < 0 {
			continue
		}
		if arr[i] == nil && c.args[1] == nil {
			return int64(i + 1), nil
		}
		if arr[i] != nil && c.args[1] != nil {
			if cmp, ok := compareValues(arr[i], c.args[1]); ok && cmp == 0 {
				return int64(i + 1), nil
			}
		}
	}
	return nil, nil
}

func fnCurrentSchemas(c *call) (any, error) {
	if truth(c.args[0]) {
		return []any{"pg_catalog", "public"}, nil
	}
	return []any{"public"}, nil
}

func fnCurrentSetting(c *call) (any, error) {
	name := strings.ToLower(c.str(0))
	if v, ok := c.rt.setting(name); ok {
		return v, nil
	}
	if len(c.args) > 1 && truth(c.args[1]) {
		return nil, nil
	}
	return nil, errorf("42704", "unrecognized configuration parameter %q", name)
}

func fnLength(c *call) (any, error) { return int64(len([]rune(c.str(0)))), nil }

func fnConcat(c *call) (any, error) {
	var b strings.Builder
	for i, v := range c.args {
		if v != nil {
			b.WriteString(c.str(i))
		}
	}
	return b.String(), nil
}

func fnSubstr(c *call) (any, error) {
	r := []rune(c.str(0))
	start := int(c.int(1)) - 1
	end := len(r)
	if len(c.args) > 2 {
		end = start + int(c.int(2))
	}
	start = max(start, 0)
	end = min(end, len(r))
	if start >= end {
		return "", nil
	}
	return string(r[start:end]), nil
}

func fnLeft(c *call) (any, error) {
	r := []rune(c.str(0))
	n := int(c.int(1))
	if n < 0 {
		n = max(len(r)+n, 0)
	}
	return string(r[:min(n, len(r))]), nil
}

func trimSet(c *call) string {
	if len(c.args) > 1 {
		return c.str(1)
	}
	return " "
}

func fnSplitPart(c *call) (any, error) {
	parts := strings.Split(c.str(0), c.str(1))
	n := int(c.int(2))
	if n < 0 {
		n = len(parts) + n + 1
	}
	if n < 1 || n > len(parts) {
		return "", nil
	}
	return parts[n-1], nil
}

func fnAbs(c *call) (any, error) {
	switch v := c.args[0].(type) {
	case int64:
		return max(v, -v), nil
	case float64:
		return max(v, -v), nil
	}
	return c.args[0], nil
}

func fnToReg(t uint32) func(*call) (any, error) {
	return func(c *call) (any, error) {
		v, err := castValue(c.rt, c.str(0), oidText, t)
		if err != nil {
			return nil, nil
		}
		return v, nil
	}
}

// fnJSONBuildObject formats like PostgreSQL's json_build_object: {"k" : v, "k2" : v2}.
func fnJSONBuildObject(c *call) (any, error) {
	if len(c.args)%2 != 0 {
		return nil, errorf("22023", "argument list must have even number of elements")
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < len(c.args); i += 2 {
		if c.args[i] == nil {
			return nil, errorf("22004", "null value not allowed for object key")
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(c.str(i)))
		b.WriteString(" : ")
		switch v := c.args[i+1].(type) {
		case nil:
			b.WriteString("null")
		case bool:
			b.WriteString(strconv.FormatBool(v))
		case int64, float64:
			b.WriteString(c.str(i + 1))
		default:
			b.WriteString(strconv.Quote(c.str(i + 1)))
		}
	}
	b.WriteByte('}')
	return b.String(), nil
}

// fnSerialSequence names the sequence of an identity column, schema-qualified.
func fnSerialSequence(c *call) (any, error) {
	oid, err := c.rt.regclassIn(c.str(0))
	if err != nil {
		return nil, err
	}
	t := c.rt.snap.tableByOID[uint32(oid.(int64))]
	if t == nil {
		return nil, nil
	}
	_, col := splitQualified(c.str(1))
	for _, tc := range t.Columns {
		if tc.Name == col {
			if tc.SeqOID == 0 {
				return nil, nil
			}
			return quoteIdent(t.Schema.Name) + "." + quoteIdent(tc.SeqName), nil
		}
	}
	return nil, errorf("42703", "column %q of relation %q does not exist", col, t.Name)
}

// fnFormat is format(): %s, %I (quote_ident), %L (quote_literal, NULL as NULL) and %%,
// with an optional argument position n$. Width and the - flag are refused (22023).
func fnFormat(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, nil
	}
	f := c.str(0)
	var b strings.Builder
	next := 1
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		i++
		if i >= len(f) {
			return nil, errorf("22023", "unterminated format() type specifier")
		}
		if f[i] == '%' {
			b.WriteByte('%')
			continue
		}
		arg := next
		if j := i; f[j] >= '1' && f[j] <= '9' {
			for j < len(f) && f[j] >= '0' && f[j] <= '9' {
				j++
			}
			if j < len(f) && f[j] == '$' {
				n, _ := strconv.Atoi(f[i:j])
				arg, i = n, j+1
				if i >= len(f) {
					return nil, errorf("22023", "unterminated format() type specifier")
				}
			}
		}
		spec := f[i]
		if spec != 's' && spec != 'I' && spec != 'L' {
			return nil, errorf("22023", "unrecognized format() type specifier \"%c\"", spec)
		}
		if arg >= len(c.args) {
			return nil, errorf("22023", "too few arguments for format()")
		}
		next = arg + 1
		v := c.args[arg]
		switch {
		case spec == 's' && v != nil:
			b.WriteString(c.str(arg))
		case spec == 'I' && v == nil:
			return nil, errorf("22004", "null values cannot be formatted as an SQL identifier")
		case spec == 'I':
			b.WriteString(quoteIdent(c.str(arg)))
		case spec == 'L' && v == nil:
			b.WriteString("NULL")
		case spec == 'L':
			b.WriteString("'" + strings.ReplaceAll(c.str(arg), "'", "''") + "'")
		}
	}
	return b.String(), nil
}

// fnStringToArray is string_to_array(text, delimiter [, null_string]): a NULL delimiter
// splits into characters, an empty one keeps the string whole.
func fnStringToArray(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, nil
	}
	s := c.str(0)
	if s == "" {
		return []any{}, nil
	}
	var parts []string
	switch {
	case c.args[1] == nil:
		for _, r := range s {
			parts = append(parts, string(r))
		}
	case c.str(1) == "":
		parts = []string{s}
	default:
		parts = strings.Split(s, c.str(1))
	}
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
		if len(c.args) > 2 && c.args[2] != nil && p == c.str(2) {
			out[i] = nil
		}
	}
	return out, nil
}

// fnParseIdent is parse_ident(text [, strict]): a dotted name split into its parts,
// unquoted parts folded to lower case. Non-strict stops at the first character that
// cannot continue the name.
func fnParseIdent(c *call) (any, error) {
	s := c.str(0)
	strict := len(c.args) < 2 || truth(c.args[1])
	invalid := func() error { return errorf("22023", "string is not a valid identifier: %q", s) }
	var out []any
	i := 0
	skipSpace := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
	}
	for {
		skipSpace()
		switch {
		case i < len(s) && s[i] == '"':
			var b strings.Builder
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return nil, invalid()
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			if b.Len() == 0 {
				return nil, invalid()
			}
			out = append(out, b.String())
		case i < len(s) && isIdentStart(s[i]):
			j := i
			for j < len(s) && (isIdentStart(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '$') {
				j++
			}
			out = append(out, strings.ToLower(s[i:j]))
			i = j
		default:
			return nil, invalid()
		}
		skipSpace()
		if i < len(s) && s[i] == '.' {
			i++
			continue
		}
		if i < len(s) && strict {
			return nil, invalid()
		}
		return out, nil
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// fnLikeEscape is like_escape(pattern, escape), what x LIKE p ESCAPE e parses to (pgAdmin:
// nspname NOT LIKE 'pg!_%' ESCAPE '!'): the pattern rewritten with backslash escapes.
func fnLikeEscape(c *call) (any, error) {
	pat, esc := []rune(c.str(0)), []rune(c.str(1))
	if len(esc) > 1 {
		return nil, errorf("22025", "invalid escape string")
	}
	var b strings.Builder
	for i := 0; i < len(pat); i++ {
		switch r := pat[i]; {
		case len(esc) == 1 && r == esc[0]:
			b.WriteByte('\\')
			if i+1 < len(pat) {
				i++
				b.WriteRune(pat[i])
			}
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// fnArrayRemove is array_remove(array, value): the array without the elements equal to
// value (NULL removes NULLs); psql's \sv strips check_option from reloptions with it.
func fnArrayRemove(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, nil
	}
	arr, err := c.array(0)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(arr))
	for _, v := range arr {
		if v == nil && c.args[1] == nil {
			continue
		}
		if v != nil && c.args[1] != nil {
			if cmp, ok := compareValues(v, c.args[1]); ok && cmp == 0 {
				continue
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// fnSetConfig changes a session setting through the session (pgAdmin sets bytea_output
// so on connect). A NULL name is 22023, as in PostgreSQL.
func fnSetConfig(c *call) (any, error) {
	if c.args[0] == nil {
		return nil, errorf("22023", "SET requires parameter name")
	}
	if c.rt.env.SetConfig == nil {
		return nil, errorf("0A000", "set_config is not supported here")
	}
	value := ""
	if c.args[1] != nil {
		value = c.str(1)
	}
	v, err := c.rt.env.SetConfig(c.str(0), value, c.args[2] != nil && truth(c.args[2]))
	if err != nil {
		return nil, err
	}
	return v, nil
}
