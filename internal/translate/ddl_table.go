package translate

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func (t *translator) createTable(s *pg_query.CreateStmt) *Plan {
	rel := s.Relation
	temp := rel.Relpersistence == "t"
	if temp {
		if done := t.tempTableStart(rel, s.Oncommit); done != nil {
			return done
		}
	}
	switch {
	case rel.Relpersistence == "u":
		t.unsupported(rel.Location, "unlogged tables")
	case len(s.InhRelations) > 0:
		t.unsupported(rel.Location, "table inheritance")
	case s.Partspec != nil || s.Partbound != nil:
		t.unsupported(rel.Location, "partitioned tables")
	case s.OfTypename != nil:
		t.unsupported(rel.Location, "typed tables")
	case s.Tablespacename != "":
		t.unsupported(rel.Location, "tablespaces")
	}
	if len(s.TableElts) == 0 {
		t.unsupported(rel.Location, "tables without columns")
	}
	// Storage parameters (WITH (fillfactor=…), autovacuum_*, …) tune PostgreSQL's
	// heap and never change results; IRIS has no equivalent, so they are dropped.
	// pgbench -i sends WITH (fillfactor=100) on every table.
	e := t.newEmitter()
	e.w("CREATE TABLE ")
	if temp {
		e.w(t.opt.TempSchema + ".")
		e.ident(rel.Relname)
	} else {
		e.tableName(rel)
	}
	e.w(" (")
	counters := 0
	e.checksAllowed = true
	wrote := false
	for _, el := range s.TableElts {
		if v, ok := el.Node.(*pg_query.Node_Constraint); ok && v.Constraint.Contype == pg_query.ConstrType_CONSTR_CHECK {
			continue // kept by pgwired (checks.go)
		}
		if wrote {
			e.w(", ")
		}
		wrote = true
		switch v := el.Node.(type) {
		case *pg_query.Node_ColumnDef:
			if e.columnDef(v.ColumnDef) {
				counters++
			}
		case *pg_query.Node_Constraint:
			e.tableConstraint(v.Constraint)
		default:
			e.unsupported(nodeLocation(el), "CREATE TABLE element "+nodeTypeName(el))
		}
	}
	if counters > 1 {
		// IRIS allows one IDENTITY/AUTO_INCREMENT column per table.
		e.unsupported(rel.Location, "more than one serial/identity column in a table")
	}
	for _, c := range s.Constraints {
		e.w(", ")
		e.tableConstraint(c.Node.(*pg_query.Node_Constraint).Constraint)
	}
	e.wb(')')
	plan := &Plan{Kind: KindDDL, Tag: "CREATE TABLE"}
	irisSchema := t.irisSchemaOf(rel.Schemaname)
	if temp {
		plan.TempTable, irisSchema = rel.Relname, t.opt.TempSchema
	}
	checks := e.tableCheckSteps(rel, s.TableElts)
	if !s.IfNotExists {
		if len(checks) == 0 {
			plan.SQL = e.b.String()
		} else {
			plan.Steps = append([]Step{execStep(e.b.String())}, checks...)
		}
		return plan
	}
	// Checked here rather than by IRIS, for PostgreSQL's notice when the table exists.
	check := t.existenceCheck("TABLES", "TABLE_SCHEMA", irisSchema, "TABLE_NAME", rel.Relname)
	check.Then = []Step{skipNotice("42P07", "relation %q already exists, skipping", rel.Relname)}
	check.Else = append([]Step{execStep(e.b.String())}, checks...)
	plan.Steps = []Step{check}
	return plan
}

// tempTableStart checks a CREATE TEMP TABLE. Translated without the session's
// TempSchema (the shared translation), it returns the plan that only names the table:
// the session translates the statement again with its own schema.
func (t *translator) tempTableStart(rel *pg_query.RangeVar, onCommit pg_query.OnCommitAction) *Plan {
	switch {
	case rel.Schemaname != "" && rel.Schemaname != "pg_temp":
		t.fail("42P16", rel.Location, "cannot create temporary relation in non-temporary schema")
	case onCommit == pg_query.OnCommitAction_ONCOMMIT_DELETE_ROWS || onCommit == pg_query.OnCommitAction_ONCOMMIT_DROP:
		t.unsupported(rel.Location, "ON COMMIT DELETE ROWS / DROP")
	}
	if t.opt.TempSchema == "" {
		return &Plan{Kind: KindDDL, Tag: "CREATE TABLE", TempTable: rel.Relname}
	}
	return nil
}

// serialTypes: PostgreSQL serial accepts explicit values and does not move its
// sequence for them; IRIS AUTO_INCREMENT behaves the same (NULL or 0 → next value).
var serialTypes = map[string]string{
	"serial": "INTEGER", "serial4": "INTEGER", "bigserial": "BIGINT", "serial8": "BIGINT",
	"smallserial": "SMALLINT", "serial2": "SMALLINT",
}

// columnDef writes one column definition; it reports whether the column is an
// auto-numbered one (serial or identity).
func (e *emitter) columnDef(c *pg_query.ColumnDef) bool {
	if c.CollClause != nil {
		e.unsupported(c.Location, "COLLATE in a column definition")
	}
	if c.Generated != "" {
		e.unsupported(c.Location, "generated columns")
	}
	if c.TypeName == nil {
		e.unsupported(c.Location, "a column without a type")
	}
	e.ident(c.Colname)
	e.wb(' ')
	typeName := strings.ToLower(lastName(c.TypeName.Names))
	counter := false
	var colOID uint32
	var enum *TypeRef // the column's user type (enum.go)
	if base, ok := serialTypes[typeName]; ok && len(c.TypeName.Names) == 1 {
		e.w(base + " AUTO_INCREMENT")
		counter = true
	} else if ref, ok := e.userType(c.TypeName); ok {
		e.enumColumnType(ref)
		enum = &TypeRef{Type: ref}
		defer func() { e.noteTypeRef(*enum) }()
	} else {
		typ := e.mapType(c.TypeName)
		colOID = typ.oid
		e.w(typ.sql)
		switch {
		case typ.oid == oidTimestamptz:
			// IRIS has no time zone type: the description tells the catalog, and so
			// the result columns, that this TIMESTAMP holds timestamptz values (UTC).
			e.w(" %DESCRIPTION '" + TimestamptzMarker + "'")
		case typ.oid == oidBpchar && strings.HasPrefix(typ.sql, "CHAR("):
			// IRIS's CHAR(n) is a VARCHAR(n) that does not pad: the description tells
			// the catalog it is char(n), whose values PostgreSQL shows padded to n.
			e.w(" %DESCRIPTION '" + BpcharMarker + "'")
		case typ.oid == oidFloat4:
			// IRIS's REAL is a DOUBLE: the description tells the catalog it is real,
			// whose values PostgreSQL shows to float4's precision.
			e.w(" %DESCRIPTION '" + RealMarker + "'")
		case typ.oid == oidJSON:
			e.w(" %DESCRIPTION '" + JSONMarker + "'")
		case typ.oid == oidJSONB:
			// The description tells the catalog, and so the result columns, that this
			// VARCHAR is jsonb, whose values PostgreSQL prints in canonical form.
			e.w(" %DESCRIPTION '" + JSONBMarker + "'")
		}
		if typ.class == classString && e.opt.ExactCollation {
			// Compare, sort and index this column case-sensitively, as PostgreSQL does.
			e.w(" COLLATE %EXACT")
		}
	}
	prev := pg_query.ConstrType_CONSTR_TYPE_UNDEFINED
	for _, cn := range c.Constraints {
		con := cn.Node.(*pg_query.Node_Constraint).Constraint
		after := prev
		prev = con.Contype
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NULL:
			e.w(" NULL")
		case pg_query.ConstrType_CONSTR_NOTNULL:
			e.w(" NOT NULL")
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if enum != nil {
				if enum.Default = e.enumDefault(con.RawExpr, enum.Type, con.Location); enum.Default != nil {
					e.w(" DEFAULT ")
					writeStringLit(&e.b, *enum.Default)
				}
				break
			}
			e.w(" DEFAULT ")
			if !e.literalDefault(con.RawExpr, colOID) {
				e.defaultValue(con.RawExpr, con.Location)
			}
		case pg_query.ConstrType_CONSTR_PRIMARY:
			e.constraintName(con)
			e.w(" PRIMARY KEY")
		case pg_query.ConstrType_CONSTR_UNIQUE:
			e.constraintName(con)
			e.w(" UNIQUE")
		case pg_query.ConstrType_CONSTR_FOREIGN:
			e.constraintName(con)
			e.references(con)
		case pg_query.ConstrType_CONSTR_IDENTITY:
			if counter {
				e.unsupported(con.Location, "identity on a serial column")
			}
			counter = true
			// GENERATED ALWAYS refuses explicit values like IRIS IDENTITY (-111);
			// BY DEFAULT accepts them like AUTO_INCREMENT.
			if con.GeneratedWhen == "a" {
				e.w(" IDENTITY")
			} else {
				// Marked, so that the catalog tells it from a serial (also AUTO_INCREMENT).
				e.w(" AUTO_INCREMENT %DESCRIPTION '" + IdentityMarker + "'")
			}
		case pg_query.ConstrType_CONSTR_CHECK:
			if !e.checksAllowed {
				e.unsupported(con.Location, "CHECK constraints in ADD COLUMN")
			}
			// Kept by pgwired (checks.go).
		case pg_query.ConstrType_CONSTR_GENERATED:
			e.unsupported(con.Location, "generated columns")
		case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_DEFERRED:
			// Only a foreign key's (see references); the parser leaves the
			// attribute after the constraint it belongs to.
			if after != pg_query.ConstrType_CONSTR_FOREIGN {
				e.unsupported(con.Location, "deferrable constraints")
			}
			prev = after
		case pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
			// The IRIS behaviour already.
			prev = after
		default:
			e.unsupported(con.Location, "this column constraint")
		}
	}
	return counter
}

func (e *emitter) constraintName(con *pg_query.Constraint) {
	if con.Conname != "" {
		e.w(" CONSTRAINT ")
		e.ident(con.Conname)
	}
}

// literalDefault writes a string literal DEFAULT of a column of type oid in the form
// IRIS stores as PostgreSQL reads it ('2024-01-01 00:00:00+02' into a timestamptz column
// is the instant in UTC, 'true' into a boolean 1, '\x00ff' into bytea its bytes), as for
// the same literal in an INSERT (catalogEdits); false when n is not such a literal.
func (e *emitter) literalDefault(n *pg_query.Node, oid uint32) bool {
	c, ok := stringConstNode(n)
	if !ok {
		return false
	}
	v, _ := e.stringConst(n)
	switch {
	case (oid == oidTimestamp || oid == oidTimestamptz) && needsODBCTimestamp(v):
		writeStringLit(&e.b, zonedTimestamp(v, oid))
	case oid == oidBool && isBoolText(v):
		if b, _ := parseBool(v); b {
			e.wb('1')
		} else {
			e.wb('0')
		}
	case oid == oidBytea && needsByteaDecoding(v):
		b, err := decodeBytea(v)
		if err != nil {
			e.fail(err.SQLState, c.Location, "%s", err.Message)
		}
		for _, x := range b {
			if !printable(x) { // CHAR(n) || …: IRIS DEFAULT takes a literal
				e.unsupported(c.Location, "a bytea DEFAULT of bytes other than printable ASCII")
			}
		}
		e.w(irisBinary(b))
	default:
		return false
	}
	return true
}

// defaultValue accepts what IRIS DEFAULT accepts: literals, NULL and the current
// date/time.
func (e *emitter) defaultValue(n *pg_query.Node, loc int32) {
	switch v := n.Node.(type) {
	case *pg_query.Node_AConst:
		e.constant(v.AConst)
		return
	case *pg_query.Node_TypeCast:
		if _, ok := v.TypeCast.Arg.Node.(*pg_query.Node_AConst); ok {
			e.cast(v.TypeCast)
			return
		}
	case *pg_query.Node_SqlvalueFunction:
		switch v.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP,
			pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME,
			pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:
			e.sqlValueFunction(v.SqlvalueFunction)
			return
		}
	case *pg_query.Node_FuncCall:
		switch lastName(v.FuncCall.Funcname) {
		case "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp":
			if len(v.FuncCall.Args) == 0 {
				e.w("CURRENT_TIMESTAMP")
				return
			}
		}
	case *pg_query.Node_AExpr:
		// Negative numeric literal.
		if a := v.AExpr; a.Lexpr == nil && opName(a) == "-" {
			if _, ok := a.Rexpr.Node.(*pg_query.Node_AConst); ok {
				e.arith(a)
				return
			}
		}
	}
	e.unsupported(loc, "this DEFAULT expression (IRIS accepts constants and the current date/time)")
}

func (e *emitter) tableConstraint(con *pg_query.Constraint) {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
		if len(con.Including) > 0 || len(con.Options) > 0 || con.Indexspace != "" || con.Indexname != "" {
			e.unsupported(con.Location, "index options on a constraint")
		}
		if con.Deferrable || con.Initdeferred {
			// Unlike a foreign key's, a deferrable key changes what single
			// statements may do (checked at the statement's end, not per row).
			e.unsupported(con.Location, "deferrable constraints")
		}
		if con.Conname != "" {
			e.w("CONSTRAINT ")
			e.ident(con.Conname)
			e.wb(' ')
		}
		if con.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
			e.w("PRIMARY KEY (")
		} else {
			e.w("UNIQUE (")
		}
		e.identList(con.Keys)
		e.wb(')')
	case pg_query.ConstrType_CONSTR_FOREIGN:
		if con.Conname != "" {
			e.w("CONSTRAINT ")
			e.ident(con.Conname)
			e.wb(' ')
		}
		e.w("FOREIGN KEY (")
		e.identList(con.FkAttrs)
		e.wb(')')
		e.references(con)
	case pg_query.ConstrType_CONSTR_CHECK:
		e.unsupported(con.Location, "CHECK constraints")
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		e.unsupported(con.Location, "EXCLUDE constraints")
	default:
		e.unsupported(con.Location, "this table constraint")
	}
}

var fkActions = map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

// references writes a foreign key's REFERENCES clause. DEFERRABLE [INITIALLY
// DEFERRED] (Django declares every foreign key so) is accepted and dropped: IRIS
// checks the key at each statement, which differs only for a transaction that
// violates the key for a while and repairs it before COMMIT (it fails, 23503, at
// the violating statement instead of succeeding).
func (e *emitter) references(con *pg_query.Constraint) {
	if con.FkMatchtype == "f" {
		e.unsupported(con.Location, "MATCH FULL")
	}
	if len(con.FkDelSetCols) > 0 {
		e.unsupported(con.Location, "ON DELETE SET NULL/DEFAULT with a column list")
	}
	e.w(" REFERENCES ")
	e.tableName(con.Pktable)
	if len(con.PkAttrs) > 0 {
		e.w(" (")
		e.identList(con.PkAttrs)
		e.wb(')')
	}
	if a := con.FkDelAction; a != "" && a != "a" {
		e.w(" ON DELETE " + fkActions[a])
	}
	if a := con.FkUpdAction; a != "" && a != "a" {
		e.w(" ON UPDATE " + fkActions[a])
	}
}

func (e *emitter) identList(items []*pg_query.Node) {
	for i, k := range items {
		if i > 0 {
			e.w(", ")
		}
		e.ident(strVal(k))
	}
}

// TimestamptzMarker is the %DESCRIPTION of the IRIS TIMESTAMP columns pgwired creates for
// timestamptz; the catalog reads it back as the column's type.
const TimestamptzMarker = "timestamptz"

// BpcharMarker is the %DESCRIPTION of the CHAR(n) columns pgwired creates for char(n)
// (catalog.BpcharMarker, which must be the same).
const BpcharMarker = "bpchar"

// RealMarker is the %DESCRIPTION of the DOUBLE columns pgwired creates for real
// (catalog.RealMarker, which must be the same).
const RealMarker = "real"

// JSONMarker and JSONBMarker are the %DESCRIPTION of the VARCHAR columns pgwired creates
// for json and jsonb (catalog.JSONMarker, catalog.JSONBMarker, which must be the same).
const (
	JSONMarker  = "json"
	JSONBMarker = "jsonb"
)

// IdentityMarker is the %DESCRIPTION of the AUTO_INCREMENT column of GENERATED BY DEFAULT
// AS IDENTITY (catalog.IdentityMarker, which must be the same): a serial has none.
const IdentityMarker = "identity"
