package catalog

import "sort"

// pgCatalog declares the emulated pg_catalog relations. OIDs are PostgreSQL's own for the
// catalogs clients cast to regclass ('pg_class'::regclass, obj_description(oid, 'pg_class')).
var pgCatalog = []*relDef{
	{name: "pg_namespace", oid: 2615, cols: cols("oid oid, nspname name, nspowner oid, nspacl aclitem[]"), build: buildNamespaces},
	{name: "pg_class", oid: 1259, cols: cols(`oid oid, relname name, relnamespace oid, reltype oid, reloftype oid,
		relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4,
		reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence char, relkind char, relnatts int2,
		relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool, relrowsecurity bool,
		relforcerowsecurity bool, relispopulated bool, relreplident char, relispartition bool, relrewrite oid,
		relfrozenxid int8, relminmxid int8, relacl aclitem[], reloptions text[], relpartbound pg_node_tree`), build: buildClasses},
	{name: "pg_attribute", oid: 1249, cols: cols(`attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2,
		attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign char, attstorage char,
		attcompression char, attnotnull bool, atthasdef bool, atthasmissing bool, attidentity char, attgenerated char,
		attisdropped bool, attislocal bool, attinhcount int4, attcollation oid, attacl aclitem[], attoptions text[],
		attfdwoptions text[], attmissingval anyarray`), build: buildAttributes},
	{name: "pg_type", oid: 1247, cols: cols(`oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool,
		typtype char, typcategory char, typispreferred bool, typisdefined bool, typdelim char, typrelid oid,
		typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc,
		typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc, typalign char, typstorage char,
		typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefaultbin pg_node_tree,
		typdefault text, typacl aclitem[]`), build: buildTypes},
	{name: "pg_index", oid: 2610, cols: cols(`indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,
		indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool,
		indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2vector,
		indcollation oidvector, indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree`), build: buildIndexes},
	{name: "pg_constraint", oid: 2606, cols: cols(`oid oid, conname name, connamespace oid, contype char, condeferrable bool,
		condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid,
		confupdtype char, confdeltype char, confmatchtype char, conislocal bool, coninhcount int4, connoinherit bool,
		conkey int2[], confkey int2[], conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[],
		conexclop oid[], conbin pg_node_tree`), build: buildConstraints},
	{name: "pg_attrdef", oid: 2604, cols: cols("oid oid, adrelid oid, adnum int2, adbin pg_node_tree"), build: buildAttrdefs},
	{name: "pg_description", oid: 2609, cols: cols("objoid oid, classoid oid, objsubid int4, description text"), build: buildDescriptions},
	{name: "pg_shdescription", oid: 2396, cols: cols("objoid oid, classoid oid, description text")},
	{name: "pg_database", oid: 1262, cols: cols(`oid oid, datname name, datdba oid, encoding int4, datlocprovider char,
		datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid int8, datminmxid int8, dattablespace oid,
		datcollate text, datctype text, daticulocale text, datcollversion text, datacl aclitem[]`), build: buildDatabases},
	{name: "pg_roles", oid: 12001, view: true, cols: cols(`rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool,
		rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz,
		rolbypassrls bool, rolconfig text[], oid oid`), build: buildRoles},
	{name: "pg_authid", oid: 1260, cols: cols(`oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool,
		rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4, rolpassword text,
		rolvaliduntil timestamptz`), build: buildRoles},
	{name: "pg_user", oid: 12005, view: true, cols: cols(`usename name, usesysid oid, usecreatedb bool, usesuper bool,
		userepl bool, usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[]`), build: buildUsers},
	{name: "pg_auth_members", oid: 1261, cols: cols("oid oid, roleid oid, member oid, grantor oid, admin_option bool")},
	{name: "pg_proc", oid: 1255, cols: cols(`oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4,
		prorows float4, provariadic oid, prosupport regproc, prokind char, prosecdef bool, proleakproof bool,
		proisstrict bool, proretset bool, provolatile char, proparallel char, pronargs int2, pronargdefaults int2,
		prorettype oid, proargtypes oidvector, proallargtypes oid[], proargmodes char[], proargnames text[],
		proargdefaults pg_node_tree, protrftypes oid[], prosrc text, probin text, prosqlbody pg_node_tree,
		proconfig text[], proacl aclitem[]`), build: buildProcs},
	{name: "pg_am", oid: 2601, cols: cols("oid oid, amname name, amhandler regproc, amtype char"), build: buildAccessMethods},
	{name: "pg_collation", oid: 3456, cols: cols(`oid oid, collname name, collnamespace oid, collowner oid, collprovider char,
		collisdeterministic bool, collencoding int4, collcollate text, collctype text, colliculocale text, collversion text`), build: buildCollations},
	{name: "pg_settings", oid: 12010, view: true, cols: cols(`name text, setting text, unit text, category text, short_desc text,
		extra_desc text, context text, vartype text, source text, min_val text, max_val text, enumvals text[], boot_val text,
		reset_val text, sourcefile text, sourceline int4, pending_restart bool`)},
	{name: "pg_cursors", oid: 12096, view: true, cols: cols(`name text, statement text, is_holdable bool, is_binary bool,
		is_scrollable bool, creation_time timestamptz`)},
	{name: "pg_tables", oid: 12020, view: true, cols: cols(`schemaname name, tablename name, tableowner name, tablespace name,
		hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool`), build: buildPgTables},
	{name: "pg_views", oid: 12024, view: true, cols: cols("schemaname name, viewname name, viewowner name, definition text"), build: buildPgViews},
	{name: "pg_indexes", oid: 12028, view: true, cols: cols("schemaname name, tablename name, indexname name, tablespace name, indexdef text"), build: buildPgIndexes},
	{name: "pg_inherits", oid: 2611, cols: cols("inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool")},
	{name: "pg_extension", oid: 3079, cols: cols(`oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool,
		extversion text, extconfig oid[], extcondition text[]`), build: buildExtensions},
	{name: "pg_enum", oid: 3501, cols: cols("oid oid, enumtypid oid, enumsortorder float4, enumlabel name"), build: buildEnums},
	{name: "pg_partitioned_table", oid: 3350, cols: cols(`partrelid oid, partstrat char, partnatts int2, partdefid oid,
		partattrs int2vector, partclass oidvector, partcollation oidvector, partexprs pg_node_tree`)},
	{name: "pg_tablespace", oid: 1213, cols: cols("oid oid, spcname name, spcowner oid, spcacl aclitem[], spcoptions text[]"), build: buildTablespaces},
	{name: "pg_range", oid: 3541, cols: cols("rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, rngcanonical regproc, rngsubdiff regproc")},
	// Always empty here: IRIS has no such objects, but psql's \d reads them.
	{name: "pg_policy", oid: 3256, cols: cols("oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles oid[], polqual pg_node_tree, polwithcheck pg_node_tree")},
	{name: "pg_statistic_ext", oid: 3381, cols: cols("oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4, stxkeys int2vector, stxkind char[], stxexprs pg_node_tree")},
	{name: "pg_publication", oid: 6104, cols: cols("oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool")},
	{name: "pg_publication_rel", oid: 6106, cols: cols("oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector")},
	{name: "pg_publication_namespace", oid: 6237, cols: cols("oid oid, pnpubid oid, pnnspid oid")},
	{name: "pg_trigger", oid: 2620, cols: cols(`oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled char,
		tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool, tginitdeferred bool,
		tgnargs int2, tgattr int2vector, tgqual pg_node_tree, tgoldtable name, tgnewtable name`)},
	{name: "pg_rewrite", oid: 2618, cols: cols("oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree")},
	{name: "pg_sequence", oid: 2224, cols: cols("seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool"), build: buildSequences},
	{name: "pg_depend", oid: 2608, cols: cols("classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype char"), build: buildDepends},
	{name: "pg_foreign_table", oid: 3118, cols: cols("ftrelid oid, ftserver oid, ftoptions text[]")},
	{name: "pg_event_trigger", oid: 3466, cols: cols("oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags text[]")},
	{name: "pg_operator", oid: 2617, cols: cols("oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprleft oid, oprright oid, oprresult oid, oprcode regproc")},
	{name: "pg_language", oid: 2612, cols: cols("oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl aclitem[]"), build: buildLanguages},
	{name: "pg_opclass", oid: 2616, cols: cols("oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid, opcdefault bool, opckeytype oid")},
	// Empty: pgwired speaks UTF8 only, so it offers no encoding conversions (DBeaver
	// lists pg_conversion's encodings on connect).
	{name: "pg_conversion", oid: 2607, cols: cols("oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding int4, conproc regproc, condefault bool")},
	{name: "pg_seclabels", oid: 12099, view: true, cols: cols("objoid oid, classoid oid, objsubid int4, objtype text, objnamespace oid, objname text, provider text, label text")},
	// IRIS has no materialized views; Metabase reads pg_matviews with every sync.
	{name: "pg_matviews", oid: 12038, view: true, cols: cols("schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text")},
	{name: "pg_sequences", oid: 12048, view: true, cols: cols(`schemaname name, sequencename name, sequenceowner name, data_type regtype,
		start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8`), build: buildPgSequences},
	{name: "pg_policies", oid: 12018, view: true, cols: cols("schemaname name, tablename name, policyname name, permissive text, roles name[], cmd text, qual text, with_check text")},
	// Always empty: IRIS has none of these; psql's \drds, \dRs, \des, \dew, \deu, \ddp,
	// \dl, \dAo and \dAp read them.
	{name: "pg_db_role_setting", oid: 2964, cols: cols("setdatabase oid, setrole oid, setconfig text[]")},
	{name: "pg_subscription", oid: 6100, cols: cols(`oid oid, subdbid oid, subskiplsn int8, subname name, subowner oid, subenabled bool,
		subbinary bool, substream bool, subtwophasestate char, subdisableonerr bool, subconninfo text, subslotname name,
		subsynccommit text, subpublications text[]`)},
	{name: "pg_foreign_server", oid: 1417, cols: cols("oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl aclitem[], srvoptions text[]")},
	{name: "pg_foreign_data_wrapper", oid: 2328, cols: cols("oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl aclitem[], fdwoptions text[]")},
	{name: "pg_user_mappings", oid: 12327, view: true, cols: cols("umid oid, srvid oid, srvname name, umuser oid, usename name, umoptions text[]")},
	{name: "pg_default_acl", oid: 826, cols: cols("oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl aclitem[]")},
	{name: "pg_largeobject_metadata", oid: 2995, cols: cols("oid oid, lomowner oid, lomacl aclitem[]")},
	{name: "pg_amop", oid: 2602, cols: cols(`oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, amopstrategy int2,
		amoppurpose char, amopopr oid, amopmethod oid, amopsortfamily oid`)},
	// Empty too: pgwired has no text search, casts or aggregates of its own to list, and
	// pgAdmin's browser queries them by schema (FTS nodes, aggregates).
	{name: "pg_ts_config", oid: 3602, cols: cols("oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid")},
	{name: "pg_ts_config_map", oid: 3603, cols: cols("mapcfg oid, maptokentype int4, mapseqno int4, mapdict oid")},
	{name: "pg_ts_dict", oid: 3600, cols: cols("oid oid, dictname name, dictnamespace oid, dictowner oid, dicttemplate oid, dictinitoption text")},
	{name: "pg_ts_parser", oid: 3601, cols: cols("oid oid, prsname name, prsnamespace oid, prsstart regproc, prstoken regproc, prsend regproc, prsheadline regproc, prslextype regproc")},
	{name: "pg_ts_template", oid: 3764, cols: cols("oid oid, tmplname name, tmplnamespace oid, tmplinit regproc, tmpllexize regproc")},
	{name: "pg_cast", oid: 2605, cols: cols("oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char")},
	{name: "pg_aggregate", oid: 2600, cols: cols(`aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc, aggfinalfn regproc,
		aggcombinefn regproc, aggserialfn regproc, aggdeserialfn regproc, aggmtransfn regproc, aggminvtransfn regproc,
		aggmfinalfn regproc, aggfinalextra bool, aggmfinalextra bool, aggfinalmodify char, aggmfinalmodify char, aggsortop oid,
		aggtranstype oid, aggtransspace int4, aggmtranstype oid, aggmtransspace int4, agginitval text, aggminitval text`)},
	{name: "pg_amproc", oid: 2603, cols: cols("oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, amprocnum int2, amproc regproc")},
	{name: "pg_opfamily", oid: 2753, cols: cols("oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid")},
	// IRIS keeps no per-table activity counters: every counter is 0 and no vacuum or
	// analyze ever ran. Metabase reads n_live_tup from pg_stat_user_tables on every sync.
	{name: "pg_stat_all_tables", oid: 12142, view: true, cols: cols(statTablesCols), build: buildStatTables(true)},
	{name: "pg_stat_database", oid: 12266, view: true, cols: cols(`datid oid, datname name, numbackends int4, xact_commit int8,
		xact_rollback int8, blks_read int8, blks_hit int8, tup_returned int8, tup_fetched int8, tup_inserted int8,
		tup_updated int8, tup_deleted int8, conflicts int8, temp_files int8, temp_bytes int8, deadlocks int8,
		checksum_failures int8, checksum_last_failure timestamptz, blk_read_time float8, blk_write_time float8,
		session_time float8, active_time float8, idle_in_transaction_time float8, sessions int8, sessions_abandoned int8,
		sessions_fatal int8, sessions_killed int8, stats_reset timestamptz`), build: buildStatDatabase},
	// pg_stat_activity shows the querying session only: the catalog layer sees no other.
	{name: "pg_stat_activity", oid: 12222, view: true, cols: cols(`datid oid, datname name, pid int4, leader_pid int4, usesysid oid,
		usename name, application_name text, client_addr text, client_hostname text, client_port int4,
		backend_start timestamptz, xact_start timestamptz, query_start timestamptz, state_change timestamptz,
		wait_event_type text, wait_event text, state text, backend_xid int8, backend_xmin int8, query_id int8,
		query text, backend_type text`)},
	{name: "pg_locks", oid: 12073, view: true, cols: cols(`locktype text, database oid, relation oid, page int4, tuple int2,
		virtualxid text, transactionid int8, classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4,
		mode text, granted bool, fastpath bool, waitstart timestamptz`)},
	{name: "pg_prepared_xacts", oid: 12090, view: true, cols: cols("transaction int8, gid text, prepared timestamptz, owner name, database name")},
	{name: "pg_stat_user_tables", oid: 12161, view: true, cols: cols(statTablesCols), build: buildStatTables(false)},
}

const statTablesCols = `relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8, idx_scan int8,
	idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8, n_live_tup int8,
	n_dead_tup int8, n_mod_since_analyze int8, n_ins_since_vacuum int8, last_vacuum timestamptz,
	last_autovacuum timestamptz, last_analyze timestamptz, last_autoanalyze timestamptz, vacuum_count int8,
	autovacuum_count int8, analyze_count int8, autoanalyze_count int8`

// buildStatTables lists the tables (with all, the catalog tables too) with zero counters;
// idx_scan and idx_tup_fetch are NULL for a table without indexes, as in PostgreSQL.
func buildStatTables(all bool) func(*Snapshot, *relation) {
	return func(s *Snapshot, r *relation) {
		if all {
			for _, d := range allDefs {
				if !d.view && d.schema == "pg_catalog" {
					r.add(map[string]any{"relid": d.oid, "schemaname": d.schema, "relname": d.name, "idx_scan": nil, "idx_tup_fetch": nil})
				}
			}
		}
		for _, t := range s.Tables {
			if t.View {
				continue
			}
			row := map[string]any{"relid": t.OID, "schemaname": t.Schema.Name, "relname": t.Name}
			if len(t.Indexes) == 0 {
				row["idx_scan"], row["idx_tup_fetch"] = nil, nil
			}
			r.add(row)
		}
	}
}

// buildProcs lists the functions pg_type's rows point to by OID (the array receive and
// send functions); IRIS functions are not listed.
func buildProcs(s *Snapshot, r *relation) {
	for _, p := range builtinProcs {
		r.add(map[string]any{"oid": p.oid, "proname": p.name, "pronamespace": oidPgCatalogNamespace, "proowner": oidBootstrapRole,
			"prolang": 12, "procost": float64(1), "prokind": "f", "proisstrict": true, "provolatile": "s", "proparallel": "s",
			"pronargs": len(p.args), "prorettype": p.result, "proargtypes": p.args, "prosrc": p.name})
	}
}

// buildStatDatabase: the namespace and the shared-objects row (datid 0) of PostgreSQL,
// with zero counters (pgAdmin's dashboard sums them).
func buildStatDatabase(s *Snapshot, r *relation) {
	r.add(map[string]any{"datid": 0, "datname": nil, "numbackends": 0, "checksum_failures": nil})
	r.add(map[string]any{"datid": databaseOID, "datname": s.Database, "numbackends": 1, "checksum_failures": nil})
}

// buildLanguages lists PostgreSQL 15's languages; plpgsql is the installed extension.
func buildLanguages(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": 12, "lanname": "internal", "lanowner": oidBootstrapRole, "lanvalidator": 2246})
	r.add(map[string]any{"oid": 13, "lanname": "c", "lanowner": oidBootstrapRole, "lanvalidator": 2247})
	r.add(map[string]any{"oid": 14, "lanname": "sql", "lanowner": oidBootstrapRole, "lanpltrusted": true, "lanvalidator": 2248})
	r.add(map[string]any{"oid": oidPlpgsqlLanguage, "lanname": "plpgsql", "lanowner": oidBootstrapRole, "lanispl": true,
		"lanpltrusted": true, "lanplcallfoid": 13560, "laninline": 13561, "lanvalidator": 13562})
}

func buildNamespaces(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": oidPgCatalogNamespace, "nspname": "pg_catalog", "nspowner": oidBootstrapRole})
	r.add(map[string]any{"oid": oidInfoSchemaNs, "nspname": "information_schema", "nspowner": oidBootstrapRole})
	for _, sc := range s.Schemas {
		if sc.OID == oidPublicNamespace {
			continue
		}
		r.add(map[string]any{"oid": sc.OID, "nspname": sc.Name, "nspowner": oidBootstrapRole})
	}
	// public looks as in a fresh PostgreSQL 15 database: owned by pg_database_owner, usable
	// by everyone. IRIS's SQLUser has no owner of its own.
	r.add(map[string]any{"oid": oidPublicNamespace, "nspname": "public", "nspowner": oidDatabaseOwnerRole,
		"nspacl": []string{"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"}})
}

func buildClasses(s *Snapshot, r *relation) {
	for _, d := range allDefs {
		kind := "r"
		if d.view {
			kind = "v"
		}
		r.add(map[string]any{"oid": d.oid, "relname": d.name, "relnamespace": namespaceOID(d.schema), "relowner": oidBootstrapRole,
			"relam": heapAM(!d.view), "relpersistence": "p", "relkind": kind, "relnatts": len(d.cols), "reltuples": float64(-1),
			"relispopulated": true, "relreplident": "n"})
	}
	// PostgreSQL implements foreign keys with triggers on both tables, and psql shows the
	// foreign-key sections of \d only when relhastriggers is set.
	hasTriggers := map[*Table]bool{}
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if k.Type == 'f' {
				hasTriggers[t] = true
				if k.RefTable != nil {
					hasTriggers[k.RefTable] = true
				}
			}
		}
	}
	for _, sq := range s.Sequences {
		r.add(map[string]any{"oid": sq.OID, "relname": sq.Name, "relnamespace": sq.Schema.OID,
			"relowner": oidBootstrapRole, "relfilenode": sq.OID, "relpersistence": "p", "relkind": "S",
			"relnatts": 3, "reltuples": float64(1), "relispopulated": true, "relreplident": "n", "relpages": 1})
	}
	for _, t := range s.Tables {
		kind, replident := "r", "d"
		checks := 0
		for _, k := range t.Constraints {
			if k.Type == 'c' {
				checks++
			}
		}
		if t.View {
			kind, replident = "v", "n"
		}
		r.add(map[string]any{"oid": t.OID, "relname": t.Name, "relnamespace": t.Schema.OID, "reltype": t.RowTypeOID,
			"relowner": oidBootstrapRole, "relam": heapAM(!t.View), "relfilenode": t.OID, "reltuples": float64(-1),
			"relhasindex": len(t.Indexes) > 0, "relhastriggers": hasTriggers[t], "relpersistence": "p", "relkind": kind, "relnatts": len(t.Columns),
			"relispopulated": true, "relreplident": replident, "relchecks": checks})
		for _, c := range t.Columns {
			if c.SeqOID != 0 {
				r.add(map[string]any{"oid": c.SeqOID, "relname": c.SeqName, "relnamespace": t.Schema.OID,
					"relowner": oidBootstrapRole, "relfilenode": c.SeqOID, "relpersistence": "p", "relkind": "S",
					"relnatts": 3, "reltuples": float64(1), "relispopulated": true, "relreplident": "n", "relpages": 1})
			}
		}
		for _, ix := range t.Indexes {
			r.add(map[string]any{"oid": ix.OID, "relname": ix.Name, "relnamespace": t.Schema.OID, "relowner": oidBootstrapRole,
				"relam": amOID(ix.Method), "relfilenode": ix.OID, "relpersistence": "p", "relkind": "i", "relnatts": len(ix.Columns),
				"reltuples": float64(-1), "relispopulated": true, "relreplident": "n"})
		}
	}
}

func heapAM(table bool) uint32 {
	if table {
		return oidHeapAM
	}
	return 0
}

func amOID(method string) uint32 {
	if method == "hnsw" {
		return oidHnswAM
	}
	return oidBtreeAM
}

func namespaceOID(schema string) uint32 {
	if schema == "information_schema" {
		return oidInfoSchemaNs
	}
	return oidPgCatalogNamespace
}

// typeShape gives pg_attribute's attlen/attbyval/attalign/attstorage for a type.
func typeShape(oid uint32) (length int16, byval bool, align, storage string) {
	if t := typeByOID[oid]; t != nil {
		length = t.length
	} else if oid >= firstUserOID && oid != oidVector {
		length = 4 // an enum type (the snapshot's other types are composite, never a column's)
	} else {
		length = -1
	}
	switch {
	case length == 1:
		return length, true, "c", "p"
	case length == 2:
		return length, true, "s", "p"
	case length == 4:
		return length, true, "i", "p"
	case length == 8:
		return length, true, "d", "p"
	case length > 0:
		return length, false, "c", "p"
	}
	if oid == oidNumeric {
		return -1, false, "i", "m"
	}
	return -1, false, "i", "x"
}

func collationOf(oid uint32) uint32 {
	if t := typeByOID[oid]; t != nil && t.collate {
		return oidDefaultCollation
	}
	return 0
}

func buildAttributes(s *Snapshot, r *relation) {
	for _, d := range allDefs {
		for i, c := range d.cols {
			attr(r, d.oid, c.name, c.typ, -1, int16(i+1), false, false, 0)
		}
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			attr(r, t.OID, c.Name, c.TypeOID, c.Typmod, c.Num, c.NotNull, c.Default != "", c.Identity)
		}
		for _, ix := range t.Indexes {
			for i, n := range ix.Columns {
				if c := t.column(n); c != nil {
					attr(r, ix.OID, c.Name, c.TypeOID, c.Typmod, int16(i+1), false, false, 0)
				}
			}
		}
	}
}

func attr(r *relation, rel uint32, name string, typ uint32, typmod int32, num int16, notNull, hasDef bool, identity byte) {
	length, byval, align, storage := typeShape(typ)
	id := ""
	if identity != 0 {
		id = string(rune(identity))
	}
	r.add(map[string]any{"attrelid": rel, "attname": name, "atttypid": typ, "attstattarget": -1, "attlen": length,
		"attnum": num, "attcacheoff": -1, "atttypmod": typmod, "attbyval": byval, "attalign": align, "attstorage": storage,
		"attcompression": "", "attnotnull": notNull, "atthasdef": hasDef, "attidentity": id, "attgenerated": "",
		"attislocal": true, "attcollation": collationOf(typ)})
}

func buildTypes(s *Snapshot, r *relation) {
	for _, t := range builtinTypes {
		length, byval, align, storage := typeShape(t.oid)
		if t.category == 'A' {
			length, byval, align, storage = -1, false, "i", "x"
		}
		in, out := t.name+"in", t.name+"out"
		var recv, send any = "-", "-"
		if t.category == 'A' && t.name[0] == '_' {
			// Npgsql tells arrays from base types by typreceive joined to pg_proc.
			in, out, recv, send = "array_in", "array_out", oidArrayRecv, oidArraySend
		}
		r.add(map[string]any{"oid": t.oid, "typname": t.name, "typnamespace": t.ns, "typowner": oidBootstrapRole,
			"typlen": length, "typbyval": byval, "typtype": string(rune(t.typtype)), "typcategory": string(rune(t.category)),
			"typispreferred": t.preferred, "typisdefined": true, "typdelim": ",", "typelem": t.elem, "typarray": t.array,
			"typinput": in, "typoutput": out, "typreceive": recv, "typsend": send, "typmodin": "-", "typmodout": "-",
			"typanalyze": "-", "typsubscript": "-", "typalign": align, "typstorage": storage, "typtypmod": -1,
			"typcollation": collationOf(t.oid)})
	}
	buildEnumTypes(s, r)
	for _, t := range s.Tables {
		r.add(map[string]any{"oid": t.RowTypeOID, "typname": t.Name, "typnamespace": t.Schema.OID, "typowner": oidBootstrapRole,
			"typlen": -1, "typtype": "c", "typcategory": "C", "typisdefined": true, "typdelim": ",", "typrelid": t.OID,
			"typinput": "record_in", "typoutput": "record_out", "typreceive": "-", "typsend": "-", "typmodin": "-",
			"typmodout": "-", "typanalyze": "-", "typsubscript": "-", "typalign": "d", "typstorage": "x", "typtypmod": -1})
	}
}

func buildIndexes(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, ix := range t.Indexes {
			n := len(ix.Columns)
			coll, class, opt := make([]uint32, n), make([]uint32, n), make([]int16, n)
			for i, a := range ix.Columns {
				if c := t.column(a); c != nil {
					coll[i] = collationOf(c.TypeOID)
				}
			}
			r.add(map[string]any{"indexrelid": ix.OID, "indrelid": t.OID, "indnatts": n, "indnkeyatts": n,
				"indisunique": ix.Unique, "indisprimary": ix.Primary, "indimmediate": true, "indisvalid": true,
				"indisready": true, "indislive": true, "indkey": ix.Columns, "indcollation": coll, "indclass": class,
				"indoption": opt})
		}
	}
}

func buildConstraints(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			row := map[string]any{"oid": k.OID, "conname": k.Name, "connamespace": t.Schema.OID, "contype": string(rune(k.Type)),
				"convalidated": k.Type != 'c' || k.Validated, "conrelid": t.OID, "conislocal": true, "conkey": k.Columns,
				"confupdtype": " ", "confdeltype": " ", "confmatchtype": " "}
			if k.Index != nil {
				row["conindid"] = k.Index.OID
			}
			if k.Type == 'f' {
				row["confupdtype"], row["confdeltype"], row["confmatchtype"] = string(rune(k.OnUpdate)), string(rune(k.OnDelete)), "s"
				row["confkey"] = k.RefColumns
				if k.RefTable != nil {
					row["confrelid"] = k.RefTable.OID
				}
			}
			r.add(row)
		}
	}
}

func buildAttrdefs(s *Snapshot, r *relation) {
	alloc := newOIDAllocator()
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.Default != "" {
				r.add(map[string]any{"oid": alloc.assign("d:" + t.Schema.Name + "." + t.Name + "." + c.Name),
					"adrelid": t.OID, "adnum": c.Num, "adbin": c.Default})
			}
		}
	}
}

func buildDescriptions(s *Snapshot, r *relation) {
	r.add(map[string]any{"objoid": oidPgCatalogNamespace, "classoid": 2615, "objsubid": 0, "description": "system catalog schema"})
	r.add(map[string]any{"objoid": oidPublicNamespace, "classoid": 2615, "objsubid": 0, "description": "standard public schema"})
	r.add(map[string]any{"objoid": oidPlpgsqlExtension, "classoid": 3079, "objsubid": 0, "description": "PL/pgSQL procedural language"})
	r.add(map[string]any{"objoid": oidPlpgsqlLanguage, "classoid": 2612, "objsubid": 0, "description": "PL/pgSQL procedural language"})
	r.add(map[string]any{"objoid": oidVectorExtension, "classoid": 3079, "objsubid": 0, "description": "vector data type (IRIS VECTOR columns)"})
	for _, t := range s.Tables {
		if t.Description != "" {
			r.add(map[string]any{"objoid": t.OID, "classoid": 1259, "objsubid": 0, "description": t.Description})
		}
		for _, c := range t.Columns {
			if c.Description != "" {
				r.add(map[string]any{"objoid": t.OID, "classoid": 1259, "objsubid": c.Num, "description": c.Description})
			}
		}
	}
}

// databaseOID is the OID pg_database gives the namespace.
const databaseOID = 16384

func buildDatabases(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": databaseOID, "datname": s.Database, "datdba": oidBootstrapRole, "encoding": 6,
		"datlocprovider": "c", "datallowconn": true, "datconnlimit": -1, "dattablespace": 1663,
		"datcollate": "C", "datctype": "C"})
}

// buildRoles lists the one role pgwired knows: the IRIS user of the session. Its IRIS
// privileges are not read, so it shows as an ordinary login role.
func buildRoles(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": oidBootstrapRole, "rolname": s.User, "rolinherit": true, "rolcanlogin": true,
		"rolconnlimit": -1, "rolpassword": "********"})
	r.add(map[string]any{"oid": oidDatabaseOwnerRole, "rolname": "pg_database_owner", "rolinherit": true, "rolconnlimit": -1})
}

func buildUsers(s *Snapshot, r *relation) {
	r.add(map[string]any{"usename": s.User, "usesysid": oidBootstrapRole, "passwd": "********"})
}

func buildAccessMethods(s *Snapshot, r *relation) {
	for _, am := range []struct {
		oid        uint32
		name, kind string
	}{{oidHeapAM, "heap", "t"}, {oidBtreeAM, "btree", "i"}, {405, "hash", "i"}, {783, "gist", "i"},
		{2742, "gin", "i"}, {4000, "spgist", "i"}, {3580, "brin", "i"}, {oidHnswAM, "hnsw", "i"}} {
		r.add(map[string]any{"oid": am.oid, "amname": am.name, "amhandler": am.name + "handler", "amtype": am.kind})
	}
}

func buildCollations(s *Snapshot, r *relation) {
	for _, c := range []struct {
		oid                    uint32
		name, provider, locale string
	}{{oidDefaultCollation, "default", "d", ""}, {oidCCollation, "C", "c", "C"}, {oidPosixCollation, "POSIX", "c", "POSIX"}} {
		row := map[string]any{"oid": c.oid, "collname": c.name, "collnamespace": oidPgCatalogNamespace,
			"collowner": oidBootstrapRole, "collprovider": c.provider, "collisdeterministic": true, "collencoding": -1}
		if c.locale != "" {
			row["collcollate"], row["collctype"] = c.locale, c.locale
		}
		r.add(row)
	}
}

func buildPgTables(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		if !t.View {
			r.add(map[string]any{"schemaname": t.Schema.Name, "tablename": t.Name, "tableowner": s.User, "hasindexes": len(t.Indexes) > 0})
		}
	}
}

func buildPgViews(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		if t.View {
			r.add(map[string]any{"schemaname": t.Schema.Name, "viewname": t.Name, "viewowner": s.User, "definition": t.ViewDef})
		}
	}
}

func buildPgIndexes(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, ix := range t.Indexes {
			r.add(map[string]any{"schemaname": t.Schema.Name, "tablename": t.Name, "indexname": ix.Name, "indexdef": indexDef(ix)})
		}
	}
}

func buildExtensions(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": oidPlpgsqlExtension, "extname": "plpgsql", "extowner": oidBootstrapRole, "extnamespace": oidPgCatalogNamespace, "extversion": "1.0"})
	r.add(map[string]any{"oid": oidVectorExtension, "extname": "vector", "extowner": oidBootstrapRole, "extnamespace": oidPublicNamespace, "extrelocatable": true, "extversion": "0.7.0"})
}

func buildTablespaces(s *Snapshot, r *relation) {
	r.add(map[string]any{"oid": 1663, "spcname": "pg_default", "spcowner": oidBootstrapRole})
	r.add(map[string]any{"oid": 1664, "spcname": "pg_global", "spcowner": oidBootstrapRole})
}

var relDefIndex = map[string]*relDef{}

// allDefs lists every virtual relation, pg_catalog first.
var allDefs []*relDef

func init() {
	for _, d := range pgCatalog {
		d.schema = "pg_catalog"
		allDefs = append(allDefs, d)
	}
	for _, d := range infoSchema {
		d.schema = "information_schema"
		d.view = true
		allDefs = append(allDefs, d)
	}
	sort.SliceStable(allDefs, func(i, j int) bool { return allDefs[i].schema > allDefs[j].schema })
	for _, d := range allDefs {
		relDefIndex[d.schema+"."+d.name] = d
	}
}

// seqMax is the largest value of an identity column's type.
func seqMax(typ uint32) int64 {
	switch typ {
	case oidInt2:
		return 32767
	case oidInt4:
		return 2147483647
	}
	return 9223372036854775807
}

func buildSequences(s *Snapshot, r *relation) {
	for _, sq := range s.Sequences {
		r.add(map[string]any{"seqrelid": sq.OID, "seqtypid": sq.TypeOID, "seqstart": sq.Start, "seqincrement": sq.Inc,
			"seqmax": sq.Max, "seqmin": sq.Min, "seqcache": sq.Cache, "seqcycle": sq.Cycle})
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.SeqOID != 0 {
				r.add(map[string]any{"seqrelid": c.SeqOID, "seqtypid": c.TypeOID, "seqstart": 1, "seqincrement": 1,
					"seqmax": seqMax(c.TypeOID), "seqmin": 1, "seqcache": 1, "seqcycle": false})
			}
		}
	}
}

// buildPgSequences lists pgwired's sequences and the identity sequences; an identity
// sequence's last_value is NULL, as for a sequence never read: IRIS keeps the counter
// inside the table.
func buildPgSequences(s *Snapshot, r *relation) {
	for _, sq := range s.Sequences {
		r.add(map[string]any{"schemaname": sq.Schema.Name, "sequencename": sq.Name, "sequenceowner": s.User,
			"data_type": sq.TypeOID, "start_value": sq.Start, "min_value": sq.Min, "max_value": sq.Max,
			"increment_by": sq.Inc, "cycle": sq.Cycle, "cache_size": sq.Cache, "last_value": sq.Last})
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.SeqOID != 0 {
				r.add(map[string]any{"schemaname": t.Schema.Name, "sequencename": c.SeqName, "sequenceowner": s.User,
					"data_type": c.TypeOID, "start_value": 1, "min_value": 1, "max_value": seqMax(c.TypeOID),
					"increment_by": 1, "cache_size": 1, "last_value": nil})
			}
		}
	}
}

// buildDepends records only what clients look for: an identity sequence belongs to its
// column (deptype i), as psql's \d of a sequence shows.
func buildDepends(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if c.SeqOID != 0 {
				dep := "i"
				if c.Serial {
					dep = "a" // a serial's sequence is owned by the column, not part of it
				}
				r.add(map[string]any{"classid": 1259, "objid": c.SeqOID, "objsubid": 0, "refclassid": 1259,
					"refobjid": t.OID, "refobjsubid": c.Num, "deptype": dep})
			}
		}
		// The index behind a primary key or unique constraint belongs to the constraint:
		// pgAdmin tells constraint indexes from plain ones through these rows.
		for _, k := range t.Constraints {
			if (k.Type == 'p' || k.Type == 'u') && k.Index != nil {
				r.add(map[string]any{"classid": 1259, "objid": k.Index.OID, "objsubid": 0, "refclassid": 2606,
					"refobjid": k.OID, "refobjsubid": 0, "deptype": "i"})
			}
		}
	}
}
