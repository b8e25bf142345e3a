package catalog

import (
	"hash/fnv"
	"strconv"
	"strings"
)

// Fixed OIDs of PostgreSQL built-in objects that clients hard-code.
const (
	oidBool         = 16
	oidBytea        = 17
	oidChar         = 18
	oidName         = 19
	oidInt8         = 20
	oidInt2         = 21
	oidInt2Vector   = 22
	oidInt4         = 23
	oidRegproc      = 24
	oidText         = 25
	oidOID          = 26
	oidOIDVector    = 30
	oidJSON         = 114
	oidPgNodeTree   = 194
	oidFloat4       = 700
	oidFloat8       = 701
	oidUnknown      = 705
	oidBoolArray    = 1000
	oidCharArray    = 1002
	oidNameArray    = 1003
	oidInt2Array    = 1005
	oidInt4Array    = 1007
	oidTextArray    = 1009
	oidInt8Array    = 1016
	oidFloat8Array  = 1022
	oidOIDArray     = 1028
	oidACLItemArray = 1034
	oidBpchar       = 1042
	oidVarchar      = 1043
	oidDate         = 1082
	oidTime         = 1083
	oidTimestamp    = 1114
	oidTimestamptz  = 1184
	oidInterval     = 1186
	oidNumeric      = 1700
	oidRegprocedure = 2202
	oidRegclass     = 2205
	oidRegtype      = 2206
	oidRecord       = 2249
	oidAny          = 2276
	oidAnyArray     = 2277
	oidVoid         = 2278
	oidUUID         = 2950
	oidJSONB        = 3802
	oidRegnamespace = 4089
	oidRegrole      = 4096

	oidPgCatalogNamespace = 11
	oidPublicNamespace    = 2200
	oidInfoSchemaNs       = 13000
	oidBootstrapRole      = 10
	oidDatabaseOwnerRole  = 6171
	oidPlpgsqlExtension   = 13500
	oidPlpgsqlLanguage    = 13563
	oidArrayRecv          = 2400
	oidArraySend          = 2401
	oidVectorExtension    = 16389
	oidBtreeAM            = 403
	oidHeapAM             = 2
	oidHnswAM             = 16300
	oidDefaultCollation   = 100
	oidCCollation         = 950
	oidPosixCollation     = 951

	// firstUserOID is where PostgreSQL starts numbering user objects; every object of
	// the snapshot gets an OID at or above it.
	firstUserOID = 16384
)

// builtinType is one row of the emulated pg_type for a PostgreSQL built-in type.
type builtinType struct {
	oid       uint32
	name      string
	length    int16
	category  byte
	elem      uint32 // element type of an array type
	array     uint32 // array type of a base type
	preferred bool
	collate   bool // typcollation = default
	typtype   byte
	ns        uint32
}

// builtinTypes are the types pg_type lists besides the tables' row types: every type a
// pgwired column can have, the catalogs' own column types, and their arrays.
var builtinTypes = func() []builtinType {
	base := []builtinType{
		{oid: oidBool, name: "bool", length: 1, category: 'B', array: oidBoolArray, preferred: true},
		{oid: oidBytea, name: "bytea", length: -1, category: 'U', array: 1001},
		{oid: oidChar, name: "char", length: 1, category: 'Z', array: oidCharArray},
		{oid: oidName, name: "name", length: 64, category: 'S', array: oidNameArray, collate: true},
		{oid: oidInt8, name: "int8", length: 8, category: 'N', array: oidInt8Array},
		{oid: oidInt2, name: "int2", length: 2, category: 'N', array: oidInt2Array},
		{oid: oidInt2Vector, name: "int2vector", length: -1, category: 'A', array: 1006, elem: oidInt2},
		{oid: oidInt4, name: "int4", length: 4, category: 'N', array: oidInt4Array},
		{oid: oidRegproc, name: "regproc", length: 4, category: 'N', array: 1008},
		{oid: oidText, name: "text", length: -1, category: 'S', array: oidTextArray, preferred: true, collate: true},
		{oid: oidOID, name: "oid", length: 4, category: 'N', array: oidOIDArray, preferred: true},
		{oid: oidOIDVector, name: "oidvector", length: -1, category: 'A', array: 1013, elem: oidOID},
		{oid: oidJSON, name: "json", length: -1, category: 'U', array: 199},
		{oid: oidPgNodeTree, name: "pg_node_tree", length: -1, category: 'Z', collate: true},
		{oid: oidFloat4, name: "float4", length: 4, category: 'N', array: 1021},
		{oid: oidFloat8, name: "float8", length: 8, category: 'N', array: oidFloat8Array, preferred: true},
		{oid: oidUnknown, name: "unknown", length: -2, category: 'X', typtype: 'p'},
		{oid: 1033, name: "aclitem", length: 12, category: 'U', array: oidACLItemArray},
		{oid: oidBpchar, name: "bpchar", length: -1, category: 'S', array: 1014, collate: true},
		{oid: oidVarchar, name: "varchar", length: -1, category: 'S', array: 1015, collate: true},
		{oid: oidDate, name: "date", length: 4, category: 'D', array: 1182},
		{oid: oidTime, name: "time", length: 8, category: 'D', array: 1183},
		{oid: oidTimestamp, name: "timestamp", length: 8, category: 'D', array: 1115},
		{oid: oidTimestamptz, name: "timestamptz", length: 8, category: 'D', array: 1185, preferred: true},
		{oid: oidInterval, name: "interval", length: 16, category: 'T', array: 1187, preferred: true},
		{oid: oidNumeric, name: "numeric", length: -1, category: 'N', array: 1231},
		{oid: oidRegprocedure, name: "regprocedure", length: 4, category: 'N', array: 2207},
		{oid: oidRegclass, name: "regclass", length: 4, category: 'N', array: 2210},
		{oid: oidRegtype, name: "regtype", length: 4, category: 'N', array: 2211},
		{oid: oidRecord, name: "record", length: -1, category: 'P', array: 2287, typtype: 'p'},
		{oid: oidAny, name: "any", length: 4, category: 'P', typtype: 'p'},
		{oid: oidAnyArray, name: "anyarray", length: -1, category: 'P', typtype: 'p'},
		{oid: oidVoid, name: "void", length: 4, category: 'P', typtype: 'p'},
		{oid: 2279, name: "trigger", length: 4, category: 'P', typtype: 'p'},
		{oid: 3838, name: "event_trigger", length: 4, category: 'P', typtype: 'p'},
		{oid: 2281, name: "internal", length: 8, category: 'P', typtype: 'p'},
		{oid: oidUUID, name: "uuid", length: 16, category: 'U', array: 2951},
		{oid: oidJSONB, name: "jsonb", length: -1, category: 'U', array: 3807},
		{oid: oidRegnamespace, name: "regnamespace", length: 4, category: 'N', array: 4090},
		{oid: oidRegrole, name: "regrole", length: 4, category: 'N', array: 4097},
	}
	out := make([]builtinType, 0, 2*len(base))
	for _, t := range base {
		if t.typtype == 0 {
			t.typtype = 'b'
		}
		t.ns = oidPgCatalogNamespace
		out = append(out, t)
		if t.array != 0 {
			out = append(out, builtinType{oid: t.array, name: "_" + t.name, length: -1, category: 'A', elem: t.oid,
				collate: t.collate, typtype: 'b', ns: oidPgCatalogNamespace})
		}
	}
	return out
}()

// The pgvector type, as the extension would have created it in public. Its OID is fixed
// so that clients caching it (pgvector-go, pgvector-python) stay valid.
const (
	oidVector      = 16390
	oidVectorArray = 16395
)

func init() {
	builtinTypes = append(builtinTypes,
		builtinType{oid: oidVector, name: "vector", length: -1, category: 'U', array: oidVectorArray, typtype: 'b', ns: oidPublicNamespace},
		builtinType{oid: oidVectorArray, name: "_vector", length: -1, category: 'A', elem: oidVector, typtype: 'b', ns: oidPublicNamespace})
	for i := range builtinTypes {
		typeByOID[builtinTypes[i].oid] = &builtinTypes[i]
	}
}

var typeByOID = map[uint32]*builtinType{}

// sqlTypeNames are format_type's SQL-standard spellings.
var sqlTypeNames = map[uint32]string{
	oidBool: "boolean", oidChar: `"char"`, oidInt8: "bigint", oidInt2: "smallint", oidInt4: "integer",
	oidFloat4: "real", oidFloat8: "double precision", oidBpchar: "character", oidVarchar: "character varying",
	oidTime: "time without time zone", oidTimestamp: "timestamp without time zone",
	oidTimestamptz: "timestamp with time zone", oidNumeric: "numeric", oidInterval: "interval",
}

// typeName is format_type(oid, typmod): the SQL spelling with the modifier applied.
func typeName(oid uint32, typmod int32) string {
	t := typeByOID[oid]
	if t == nil {
		return "???"
	}
	if t.elem != 0 && t.category == 'A' && t.name[0] == '_' {
		return typeName(t.elem, typmod) + "[]"
	}
	name, ok := sqlTypeNames[oid]
	if !ok {
		name = t.name
	}
	switch oid {
	case oidVarchar, oidBpchar:
		if typmod >= 4 {
			return name + "(" + strconv.Itoa(int(typmod-4)) + ")"
		}
		if oid == oidBpchar && typmod == -1 {
			return "bpchar"
		}
	case oidNumeric:
		if typmod >= 4 {
			p, s := (typmod-4)>>16, (typmod-4)&0xffff
			return "numeric(" + strconv.Itoa(int(p)) + "," + strconv.Itoa(int(s)) + ")"
		}
	case oidTimestamp, oidTimestamptz, oidTime:
		if typmod >= 0 {
			i := strings.IndexByte(name, ' ')
			return name[:i] + "(" + strconv.Itoa(int(typmod)) + ")" + name[i:]
		}
	case oidVector:
		if typmod > 0 {
			return "vector(" + strconv.Itoa(int(typmod)) + ")"
		}
	}
	return name
}

// regtypeName is the regtype output of a type: format_type without modifier.
func regtypeName(oid uint32) string {
	if oid == oidBpchar {
		return "character"
	}
	return typeName(oid, -2)
}

// irisLongString is the VARCHAR length pgwired's translator gives PostgreSQL's unbounded
// text types; such a column reads back as text.
const irisLongString = 3641144

// pgTypeOf maps an INFORMATION_SCHEMA.COLUMNS type (DATA_TYPE and the lengths, -1 when
// NULL) to a PostgreSQL type OID and typmod. It inverts the translator's DDL mapping where
// that mapping is one-to-one; text, varchar, json and jsonb all become text, real and
// double precision become double precision.
func pgTypeOf(dataType string, charMax, prec, scale int64) (uint32, int32) {
	switch strings.ToLower(strings.TrimSpace(dataType)) {
	case "varchar", "nvarchar", "wvarchar", "string":
		if charMax <= 0 || charMax >= irisLongString {
			return oidText, -1
		}
		return oidVarchar, int32(charMax) + 4
	case "char", "nchar", "wchar":
		if charMax <= 0 || charMax >= irisLongString {
			return oidText, -1
		}
		return oidBpchar, int32(charMax) + 4
	case "longvarchar", "wlongvarchar", "text", "clob":
		return oidText, -1
	case "integer", "int":
		return oidInt4, -1
	case "smallint", "tinyint":
		return oidInt2, -1
	case "bigint":
		return oidInt8, -1
	case "bit", "boolean":
		return oidBool, -1
	case "double", "float", "real", "double precision":
		return oidFloat8, -1
	case "numeric", "decimal", "money":
		if prec <= 0 || (prec == 36 && scale == 17) {
			return oidNumeric, -1
		}
		return oidNumeric, int32(prec<<16|scale) + 4
	case "date":
		return oidDate, -1
	case "time":
		return oidTime, -1
	case "timestamp", "datetime", "posixtime", "smalldatetime":
		return oidTimestamp, -1
	case "uniqueidentifier", "guid":
		return oidUUID, -1
	case "varbinary", "binary", "longvarbinary", "blob":
		return oidBytea, -1
	case "vector":
		return oidVector, -1
	}
	return oidText, -1
}

// oidAllocator gives snapshot objects OIDs from a hash of their kind and qualified name,
// so an object keeps its OID across refreshes. Collisions probe to the next free OID.
type oidAllocator struct{ used map[uint32]bool }

func newOIDAllocator() *oidAllocator {
	return &oidAllocator{used: map[uint32]bool{oidVector: true, oidVectorArray: true, oidHnswAM: true, oidVectorExtension: true, databaseOID: true}}
}

func (a *oidAllocator) assign(key string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	const span = 1<<31 - firstUserOID
	o := h.Sum32()%span + firstUserOID
	for a.used[o] {
		o++
		if o >= 1<<31 {
			o = firstUserOID
		}
	}
	a.used[o] = true
	return o
}

// builtinProc is a pg_proc row of PostgreSQL's that pg_type refers to by OID.
type builtinProc struct {
	oid    int64
	name   string
	args   []uint32
	result uint32
}

var builtinProcs = []builtinProc{
	{oid: oidArrayRecv, name: "array_recv", args: []uint32{2281, oidOID, oidInt4}, result: oidAnyArray},
	{oid: oidArraySend, name: "array_send", args: []uint32{oidAnyArray}, result: oidBytea},
}

// procName is the name a regproc OID prints as.
func procName(oid int64) (string, bool) {
	for _, p := range builtinProcs {
		if p.oid == oid {
			return p.name, true
		}
	}
	return "", false
}
