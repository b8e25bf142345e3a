package irissim

import (
	"context"
	"database/sql"
	"strings"
)

// INFORMATION_SCHEMA is materialised (INDEXES also lists the indexes IRIS
// builds for PRIMARY KEY and UNIQUE constraints, named after them): each view is a real table with declared
// column types (so result metadata says INTEGER / VARCHAR as IRIS does) and
// SQLUPPER name columns, refreshed from the metadata store after every DDL,
// inside the DDL's transaction. The sources below compute the rows.
var infoSchemaSources = []struct{ name, query string }{
	{"TABLES", `SELECT
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(CASE WHEN def->>'$.view' THEN 'VIEW' ELSE 'BASE TABLE' END AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_TYPE,
		CAST(NULL AS VARCHAR(128)) AS SELF_REFERENCING_COLUMN_NAME,
		CAST(NULL AS VARCHAR(128)) AS REFERENCE_GENERATION,
		CAST(CASE WHEN def->>'$.view' THEN 'NO' ELSE 'YES' END AS VARCHAR(3)) AS IS_INSERTABLE_INTO,
		CAST('NO' AS VARCHAR(3)) AS IS_TYPED,
		CAST(NULL AS VARCHAR(128)) AS DESCRIPTION,
		CAST('_SYSTEM' AS VARCHAR(128)) AS OWNER
	  FROM "%sim_object"`},
	{"COLUMNS", `SELECT
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(o.def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(c.value->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS COLUMN_NAME,
		CAST(c.value->>'$.ordinal' AS INTEGER) AS ORDINAL_POSITION,
		CAST(c.value->>'$.default' AS VARCHAR(4096)) AS COLUMN_DEFAULT,
		CAST(c.value->>'$.isNullable' AS VARCHAR(3)) AS IS_NULLABLE,
		CAST(c.value->>'$.isIdentity' AS VARCHAR(3)) AS IS_IDENTITY,
		CAST(c.value->>'$.dataType' AS VARCHAR(128)) AS DATA_TYPE,
		CAST(c.value->>'$.charMax' AS INTEGER) AS CHARACTER_MAXIMUM_LENGTH,
		CAST(c.value->>'$.charMax' AS INTEGER) AS CHARACTER_OCTET_LENGTH,
		CAST(c.value->>'$.numPrec' AS INTEGER) AS NUMERIC_PRECISION,
		CAST(CASE WHEN c.value->>'$.numPrec' IS NULL THEN NULL ELSE 10 END AS SMALLINT) AS NUMERIC_PRECISION_RADIX,
		CAST(c.value->>'$.numScale' AS INTEGER) AS NUMERIC_SCALE,
		CAST(c.value->>'$.autoIncText' AS VARCHAR(3)) AS AUTO_INCREMENT,
		CAST(c.value->>'$.uniqueText' AS VARCHAR(3)) AS UNIQUE_COLUMN,
		CAST(c.value->>'$.pkText' AS VARCHAR(3)) AS PRIMARY_KEY,
		CAST(c.value->>'$.description' AS VARCHAR(4096)) AS DESCRIPTION
	  FROM "%sim_object" o, json_each(o.def, '$.columns') c`},
	{"SCHEMATA", `SELECT
		CAST(NULL AS VARCHAR(128)) AS CATALOG_NAME,
		CAST(s AS VARCHAR(128)) COLLATE SQLUPPER AS SCHEMA_NAME,
		CAST('_SYSTEM' AS VARCHAR(128)) AS SCHEMA_OWNER,
		CAST(NULL AS VARCHAR(128)) AS DEFAULT_CHARACTER_SET_CATALOG,
		CAST(NULL AS VARCHAR(128)) AS DEFAULT_CHARACTER_SET_SCHEMA,
		CAST(NULL AS VARCHAR(128)) AS DEFAULT_CHARACTER_SET_NAME,
		CAST(NULL AS VARCHAR(128)) AS SQL_PATH
	  FROM (SELECT schema_name AS s FROM "%sim_schema" UNION SELECT schema_name FROM "%sim_object"
	        UNION SELECT 'INFORMATION_SCHEMA')`},
	{"VIEWS", `SELECT
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(def->>'$.viewDef' AS VARCHAR(4096)) AS VIEW_DEFINITION,
		CAST('NONE' AS VARCHAR(8)) AS CHECK_OPTION,
		CAST('NO' AS VARCHAR(3)) AS IS_UPDATABLE
	  FROM "%sim_object" WHERE def->>'$.view'`},
	{"TABLE_CONSTRAINTS", `SELECT
		CAST(NULL AS VARCHAR(128)) AS CONSTRAINT_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_SCHEMA,
		CAST(k.value->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_NAME,
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(o.def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(k.value->>'$.type' AS VARCHAR(128)) AS CONSTRAINT_TYPE,
		CAST('NO' AS VARCHAR(3)) AS IS_DEFERRABLE,
		CAST('NO' AS VARCHAR(3)) AS INITIALLY_DEFERRED
	  FROM "%sim_object" o, json_each(o.def, '$.constraints') k`},
	{"KEY_COLUMN_USAGE", `SELECT
		CAST(NULL AS VARCHAR(128)) AS CONSTRAINT_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_SCHEMA,
		CAST(k.value->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_NAME,
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(o.def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(kc.value AS VARCHAR(128)) COLLATE SQLUPPER AS COLUMN_NAME,
		CAST(kc.key + 1 AS INTEGER) AS ORDINAL_POSITION,
		CAST(CASE WHEN k.value->>'$.type' = 'FOREIGN KEY' THEN kc.key + 1 END AS INTEGER) AS POSITION_IN_UNIQUE_CONSTRAINT,
		CAST(NULL AS VARCHAR(128)) AS REFERENCED_TABLE_CATALOG,
		CAST(k.value->>'$.refSchema' AS VARCHAR(128)) AS REFERENCED_TABLE_SCHEMA,
		CAST(k.value->>'$.refTable' AS VARCHAR(128)) AS REFERENCED_TABLE_NAME,
		CAST(k.value->>'$.refName' AS VARCHAR(128)) AS REFERENCED_CONSTRAINT_NAME,
		CAST(json_extract(k.value, '$.refColumns[' || kc.key || ']') AS VARCHAR(128)) AS REFERENCED_COLUMN_NAME,
		CAST(k.value->>'$.type' AS VARCHAR(128)) AS CONSTRAINT_TYPE
	  FROM "%sim_object" o, json_each(o.def, '$.constraints') k, json_each(k.value, '$.columns') kc`},
	{"REFERENTIAL_CONSTRAINTS", `SELECT
		CAST(NULL AS VARCHAR(128)) AS CONSTRAINT_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_SCHEMA,
		CAST(o.def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_TABLE_NAME,
		CAST(k.value->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS CONSTRAINT_NAME,
		CAST(NULL AS VARCHAR(128)) AS UNIQUE_CONSTRAINT_CATALOG,
		CAST(k.value->>'$.refSchema' AS VARCHAR(128)) AS UNIQUE_CONSTRAINT_SCHEMA,
		CAST(k.value->>'$.refTable' AS VARCHAR(128)) AS UNIQUE_CONSTRAINT_TABLE,
		CAST(k.value->>'$.refName' AS VARCHAR(128)) AS UNIQUE_CONSTRAINT_NAME,
		CAST('FULL' AS VARCHAR(8)) AS MATCH_OPTION,
		CAST(coalesce(k.value->>'$.onUpdate', 'NO ACTION') AS VARCHAR(16)) AS UPDATE_RULE,
		CAST(coalesce(k.value->>'$.onDelete', 'NO ACTION') AS VARCHAR(16)) AS DELETE_RULE
	  FROM "%sim_object" o, json_each(o.def, '$.constraints') k WHERE k.value->>'$.type' = 'FOREIGN KEY'`},
	{"INDEXES", `SELECT
		CAST(NULL AS VARCHAR(128)) AS TABLE_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_SCHEMA,
		CAST(o.def->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS TABLE_NAME,
		CAST(CASE WHEN i.value->>'$.unique' THEN 0 ELSE 1 END AS BIT) AS NON_UNIQUE,
		CAST(NULL AS VARCHAR(128)) AS INDEX_CATALOG,
		CAST(o.def->>'$.schema' AS VARCHAR(128)) COLLATE SQLUPPER AS INDEX_SCHEMA,
		CAST(i.value->>'$.name' AS VARCHAR(128)) COLLATE SQLUPPER AS INDEX_NAME,
		CAST(ic.key + 1 AS INTEGER) AS ORDINAL_POSITION,
		CAST(ic.value AS VARCHAR(128)) COLLATE SQLUPPER AS COLUMN_NAME,
		CAST('A' AS VARCHAR(1)) AS ASC_OR_DESC,
		CAST(coalesce(i.value->>'$.kind', '') AS VARCHAR(32)) AS INDEX_TYPE
	  FROM "%sim_object" o, json_each(o.def, '$.indexes') i, json_each(i.value, '$.columns') ic
	  UNION ALL SELECT NULL, o.def->>'$.schema', o.def->>'$.name', 0, NULL, o.def->>'$.schema',
		k.value->>'$.name', kc.key + 1, kc.value, 'A', ''
	  FROM "%sim_object" o, json_each(o.def, '$.constraints') k, json_each(k.value, '$.columns') kc
	  WHERE k.value->>'$.type' IN ('PRIMARY KEY', 'UNIQUE')`},
}

// infoSchemaColumnType declares a materialised column: counts and positions
// are integers, long texts are VARCHAR(4096), names are case-insensitive.
func infoSchemaColumnType(col string) string {
	switch col {
	case "ORDINAL_POSITION", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION",
		"NUMERIC_SCALE", "POSITION_IN_UNIQUE_CONSTRAINT":
		return "INTEGER"
	case "NUMERIC_PRECISION_RADIX":
		return "SMALLINT"
	case "NON_UNIQUE":
		return "BIT"
	case "VIEW_DEFINITION", "COLUMN_DEFAULT", "DESCRIPTION":
		return "VARCHAR(4096)"
	}
	return "VARCHAR(128) COLLATE SQLUPPER"
}

// createInfoSchema (re)creates the source views and the materialised tables.
func createInfoSchema(ctx context.Context, db *sql.DB) error {
	for _, v := range infoSchemaSources {
		src := quoteIdent("%is:" + v.name)
		dst := quoteIdent("INFORMATION_SCHEMA." + v.name)
		for _, q := range []string{
			"DROP VIEW IF EXISTS " + src,
			"CREATE VIEW " + src + " AS " + v.query,
			"DROP TABLE IF EXISTS " + dst,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		rows, err := db.QueryContext(ctx, "SELECT * FROM "+src+" LIMIT 0")
		if err != nil {
			return err
		}
		cols, err := rows.Columns()
		rows.Close()
		if err != nil {
			return err
		}
		defs := make([]string, len(cols))
		for i, c := range cols {
			defs[i] = quoteIdent(c) + " " + infoSchemaColumnType(c)
		}
		if _, err := db.ExecContext(ctx, "CREATE TABLE "+dst+" ("+strings.Join(defs, ", ")+")"); err != nil {
			return err
		}
	}
	return refreshInfoSchema(ctx, db)
}

// refreshInfoSchema recomputes every materialised INFORMATION_SCHEMA table.
func refreshInfoSchema(ctx context.Context, x execer) error {
	for _, v := range infoSchemaSources {
		dst := quoteIdent("INFORMATION_SCHEMA." + v.name)
		if _, err := x.ExecContext(ctx, "DELETE FROM "+dst); err != nil {
			return err
		}
		if _, err := x.ExecContext(ctx, "INSERT INTO "+dst+" SELECT * FROM "+quoteIdent("%is:"+v.name)); err != nil {
			return err
		}
	}
	return nil
}
