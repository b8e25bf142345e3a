package catalog

import (
	"strconv"
	"strings"
)

// infoSchema declares the emulated information_schema views. Their columns use the base
// types of PostgreSQL's information_schema domains (sql_identifier → name, character_data
// and yes_or_no → varchar, cardinal_number → int4).
var infoSchema = []*relDef{
	{name: "schemata", oid: 13100, cols: cols(`catalog_name name, schema_name name, schema_owner name,
		default_character_set_catalog name, default_character_set_schema name, default_character_set_name name, sql_path varchar`), build: buildISSchemata},
	{name: "tables", oid: 13101, cols: cols(`table_catalog name, table_schema name, table_name name, table_type varchar,
		self_referencing_column_name name, reference_generation varchar, user_defined_type_catalog name,
		user_defined_type_schema name, user_defined_type_name name, is_insertable_into varchar, is_typed varchar, commit_action varchar`), build: buildISTables},
	{name: "columns", oid: 13102, cols: cols(`table_catalog name, table_schema name, table_name name, column_name name,
		ordinal_position int4, column_default varchar, is_nullable varchar, data_type varchar, character_maximum_length int4,
		character_octet_length int4, numeric_precision int4, numeric_precision_radix int4, numeric_scale int4,
		datetime_precision int4, interval_type varchar, interval_precision int4, character_set_catalog name,
		character_set_schema name, character_set_name name, collation_catalog name, collation_schema name, collation_name name,
		domain_catalog name, domain_schema name, domain_name name, udt_catalog name, udt_schema name, udt_name name,
		scope_catalog name, scope_schema name, scope_name name, maximum_cardinality int4, dtd_identifier name,
		is_self_referencing varchar, is_identity varchar, identity_generation varchar, identity_start varchar,
		identity_increment varchar, identity_maximum varchar, identity_minimum varchar, identity_cycle varchar,
		is_generated varchar, generation_expression varchar, is_updatable varchar`), build: buildISColumns},
	{name: "views", oid: 13103, cols: cols(`table_catalog name, table_schema name, table_name name, view_definition varchar,
		check_option varchar, is_updatable varchar, is_insertable_into varchar, is_trigger_updatable varchar,
		is_trigger_deletable varchar, is_trigger_insertable_into varchar`), build: buildISViews},
	{name: "table_constraints", oid: 13104, cols: cols(`constraint_catalog name, constraint_schema name, constraint_name name,
		table_catalog name, table_schema name, table_name name, constraint_type varchar, is_deferrable varchar,
		initially_deferred varchar, enforced varchar, nulls_distinct varchar`), build: buildISTableConstraints},
	{name: "key_column_usage", oid: 13105, cols: cols(`constraint_catalog name, constraint_schema name, constraint_name name,
		table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int4,
		position_in_unique_constraint int4`), build: buildISKeyColumnUsage},
	{name: "referential_constraints", oid: 13106, cols: cols(`constraint_catalog name, constraint_schema name, constraint_name name,
		unique_constraint_catalog name, unique_constraint_schema name, unique_constraint_name name, match_option varchar,
		update_rule varchar, delete_rule varchar`), build: buildISReferential},
	{name: "constraint_column_usage", oid: 13300, cols: cols(`table_catalog name, table_schema name, table_name name,
		column_name name, constraint_catalog name, constraint_schema name, constraint_name name`), build: buildISConstraintColumnUsage},
	{name: "check_constraints", oid: 13310, cols: cols(`constraint_catalog name, constraint_schema name, constraint_name name,
		check_clause varchar`), build: buildISCheckConstraints},
	{name: "constraint_table_usage", oid: 13305, cols: cols(`table_catalog name, table_schema name, table_name name,
		constraint_catalog name, constraint_schema name, constraint_name name`), build: buildISConstraintTableUsage},
	{name: "sequences", oid: 13310, cols: cols(`sequence_catalog name, sequence_schema name, sequence_name name, data_type varchar,
		numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, start_value varchar, minimum_value varchar,
		maximum_value varchar, increment varchar, cycle_option varchar`), build: buildISSequences},
}

// buildISSequences lists the sequences pgwired keeps; like PostgreSQL's view it leaves
// out identity sequences.
func buildISSequences(s *Snapshot, r *relation) {
	for _, sq := range s.Sequences {
		typ, bits := "bigint", 64
		switch sq.TypeOID {
		case oidInt2:
			typ, bits = "smallint", 16
		case oidInt4:
			typ, bits = "integer", 32
		}
		cycle := "NO"
		if sq.Cycle {
			cycle = "YES"
		}
		r.add(map[string]any{"sequence_catalog": s.Database, "sequence_schema": sq.Schema.Name, "sequence_name": sq.Name,
			"data_type": typ, "numeric_precision": bits, "numeric_precision_radix": 2, "numeric_scale": 0,
			"start_value": strconv.FormatInt(sq.Start, 10), "minimum_value": strconv.FormatInt(sq.Min, 10),
			"maximum_value": strconv.FormatInt(sq.Max, 10), "increment": strconv.FormatInt(sq.Inc, 10), "cycle_option": cycle})
	}
}

func buildISSchemata(s *Snapshot, r *relation) {
	for _, name := range []string{"information_schema", "pg_catalog"} {
		r.add(map[string]any{"catalog_name": s.Database, "schema_name": name, "schema_owner": s.User})
	}
	for _, sc := range s.Schemas {
		r.add(map[string]any{"catalog_name": s.Database, "schema_name": sc.Name, "schema_owner": s.User})
	}
}

func buildISTables(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		typ, ins := "BASE TABLE", "YES"
		if t.View {
			typ, ins = "VIEW", "NO"
		}
		r.add(map[string]any{"table_catalog": s.Database, "table_schema": t.Schema.Name, "table_name": t.Name,
			"table_type": typ, "is_insertable_into": ins, "is_typed": "NO"})
	}
}

// isDataType is information_schema.columns.data_type for a PostgreSQL type.
func isDataType(oid uint32) string {
	switch oid {
	case oidVarchar, oidBpchar, oidText, oidBool, oidInt2, oidInt4, oidInt8, oidFloat4, oidFloat8, oidNumeric,
		oidDate, oidTime, oidTimestamp, oidTimestamptz, oidBytea, oidUUID, oidJSON, oidJSONB, oidInterval, oidName:
		return typeName(oid, -1)
	}
	if t := typeByOID[oid]; t != nil && t.category == 'A' {
		return "ARRAY"
	}
	return "USER-DEFINED"
}

// udtName is information_schema's udt_name of a built-in type ("" for others).
func udtName(oid uint32) string {
	if t := typeByOID[oid]; t != nil {
		return t.name
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func buildISColumns(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			row := map[string]any{"table_catalog": s.Database, "table_schema": t.Schema.Name, "table_name": t.Name,
				"column_name": c.Name, "ordinal_position": c.Num, "is_nullable": yesNo(!c.NotNull),
				"data_type": isDataType(c.TypeOID), "udt_catalog": s.Database, "udt_schema": "pg_catalog",
				"udt_name": udtName(c.TypeOID), "dtd_identifier": strconv.Itoa(int(c.Num)),
				"is_self_referencing": "NO", "is_identity": yesNo(c.Identity != 0), "is_generated": "NEVER",
				"is_updatable": yesNo(!t.View), "identity_cycle": "NO"} // NO for every column, as PostgreSQL says
			switch {
			case c.TypeOID == oidVector:
				row["udt_schema"] = "public"
			case c.Enum != nil:
				row["udt_schema"], row["udt_name"] = c.Enum.Schema.Name, c.Enum.Name
			}
			if c.Default != "" {
				row["column_default"] = c.Default
			}
			switch c.Identity {
			case 'a':
				row["identity_generation"] = "ALWAYS"
			case 'd':
				row["identity_generation"] = "BY DEFAULT"
			}
			if c.Identity != 0 {
				row["identity_start"], row["identity_increment"], row["identity_minimum"] = "1", "1", "1"
				row["identity_maximum"] = strconv.FormatInt(seqMax(c.TypeOID), 10)
			}
			switch c.TypeOID {
			case oidVarchar, oidBpchar:
				if c.Typmod >= 4 {
					row["character_maximum_length"] = c.Typmod - 4
					row["character_octet_length"] = 4 * (c.Typmod - 4)
				}
			case oidText:
				row["character_octet_length"] = 1073741824
			case oidInt2, oidInt4, oidInt8:
				row["numeric_precision"] = map[uint32]int{oidInt2: 16, oidInt4: 32, oidInt8: 64}[c.TypeOID]
				row["numeric_precision_radix"], row["numeric_scale"] = 2, 0
			case oidFloat4, oidFloat8:
				row["numeric_precision"] = map[uint32]int{oidFloat4: 24, oidFloat8: 53}[c.TypeOID]
				row["numeric_precision_radix"] = 2
			case oidNumeric:
				row["numeric_precision_radix"] = 10
				if c.Typmod >= 4 {
					row["numeric_precision"], row["numeric_scale"] = (c.Typmod-4)>>16, (c.Typmod-4)&0xffff
				}
			case oidDate:
				row["datetime_precision"] = 0
			case oidTime, oidTimestamp, oidTimestamptz:
				row["datetime_precision"] = 6
			}
			r.add(row)
		}
	}
}

func buildISViews(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		if t.View {
			r.add(map[string]any{"table_catalog": s.Database, "table_schema": t.Schema.Name, "table_name": t.Name,
				"view_definition": t.ViewDef, "check_option": "NONE", "is_updatable": "NO", "is_insertable_into": "NO",
				"is_trigger_updatable": "NO", "is_trigger_deletable": "NO", "is_trigger_insertable_into": "NO"})
		}
	}
}

var constraintTypes = map[byte]string{'p': "PRIMARY KEY", 'u': "UNIQUE", 'f': "FOREIGN KEY", 'c': "CHECK"}

// buildISCheckConstraints lists the CHECK constraints pgwired keeps and, as PostgreSQL
// does, the NOT NULL columns (named as in table_constraints). check_clause is the
// definition after CHECK, in parentheses as PostgreSQL's non-pretty form has them.
func buildISCheckConstraints(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if k.Type == 'c' {
				clause := strings.TrimSuffix(strings.TrimPrefix(k.CheckDef, "CHECK "), " NOT VALID")
				r.add(map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name,
					"check_clause": "(" + clause + ")"})
			}
		}
		for _, c := range t.Columns {
			if c.NotNull {
				r.add(map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name,
					"constraint_name": strconv.Itoa(int(t.Schema.OID)) + "_" + strconv.Itoa(int(t.OID)) + "_" + strconv.Itoa(int(c.Num)) + "_not_null",
					"check_clause":    c.Name + " IS NOT NULL"})
			}
		}
	}
}

func buildISTableConstraints(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			r.add(map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name,
				"table_catalog": s.Database, "table_schema": t.Schema.Name, "table_name": t.Name,
				"constraint_type": constraintTypes[k.Type], "is_deferrable": "NO", "initially_deferred": "NO", "enforced": "YES"})
		}
		for _, c := range t.Columns {
			if c.NotNull {
				r.add(map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name,
					"constraint_name": strconv.Itoa(int(t.Schema.OID)) + "_" + strconv.Itoa(int(t.OID)) + "_" + strconv.Itoa(int(c.Num)) + "_not_null",
					"table_catalog":   s.Database, "table_schema": t.Schema.Name, "table_name": t.Name,
					"constraint_type": "CHECK", "is_deferrable": "NO", "initially_deferred": "NO", "enforced": "YES"})
			}
		}
	}
}

func buildISKeyColumnUsage(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			for i, n := range k.Columns {
				c := t.column(n)
				if c == nil {
					continue
				}
				row := map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name,
					"table_catalog": s.Database, "table_schema": t.Schema.Name, "table_name": t.Name, "column_name": c.Name,
					"ordinal_position": i + 1}
				if k.Type == 'f' {
					row["position_in_unique_constraint"] = i + 1
				}
				r.add(row)
			}
		}
	}
}

var ruleNames = map[byte]string{'a': "NO ACTION", 'r': "RESTRICT", 'c': "CASCADE", 'n': "SET NULL", 'd': "SET DEFAULT"}

func buildISReferential(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if k.Type != 'f' {
				continue
			}
			row := map[string]any{"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name,
				"match_option": "NONE", "update_rule": ruleNames[k.OnUpdate], "delete_rule": ruleNames[k.OnDelete]}
			if k.Index != nil && k.Index.Constraint != nil {
				row["unique_constraint_catalog"] = s.Database
				row["unique_constraint_schema"] = k.Index.Table.Schema.Name
				row["unique_constraint_name"] = k.Index.Constraint.Name
			}
			r.add(row)
		}
	}
}

// usedBy is the table and columns a constraint uses in the sense of
// constraint_column_usage: a key its own, a foreign key the referenced ones.
func usedBy(t *Table, k *Constraint) (*Table, []int16) {
	if k.Type == 'f' {
		return k.RefTable, k.RefColumns
	}
	return t, k.Columns
}

// buildISConstraintColumnUsage: the classic foreign-key query joins it on
// constraint_name to find the referenced table and column.
func buildISConstraintColumnUsage(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			ut, cols := usedBy(t, k)
			if ut == nil {
				continue
			}
			for _, n := range cols {
				if c := ut.column(n); c != nil {
					r.add(map[string]any{"table_catalog": s.Database, "table_schema": ut.Schema.Name, "table_name": ut.Name,
						"column_name": c.Name, "constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name})
				}
			}
		}
	}
}

func buildISConstraintTableUsage(s *Snapshot, r *relation) {
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if ut, _ := usedBy(t, k); ut != nil {
				r.add(map[string]any{"table_catalog": s.Database, "table_schema": ut.Schema.Name, "table_name": ut.Name,
					"constraint_catalog": s.Database, "constraint_schema": t.Schema.Name, "constraint_name": k.Name})
			}
		}
	}
}
