package catalog

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// irisDefaultSchema is the schema IRIS puts unqualified DDL in; PostgreSQL clients see it
// as public.
const irisDefaultSchema = "SQLUser"

// builder assembles a Snapshot from INFORMATION_SCHEMA rows.
type builder struct {
	snap    *Snapshot
	seqs    []*Sequence
	enums   map[string]*EnumType // by PostgreSQL "schema.name"
	schemas map[string]*Schema   // by upper-case IRIS name
	tables  map[string]*Table    // by upper-case schema "." name
	cons    map[string]*Constraint
	pending map[*Constraint]*fkRef
}

// fkRef is what KEY_COLUMN_USAGE says a foreign key points at, resolved in finish.
type fkRef struct {
	schema, table string
	columns       []string
}

func newBuilder(database, user string) *builder {
	return &builder{
		snap:    &Snapshot{Database: database, User: user, Loaded: time.Now()},
		schemas: map[string]*Schema{},
		tables:  map[string]*Table{},
		cons:    map[string]*Constraint{},
		pending: map[*Constraint]*fkRef{},
		enums:   map[string]*EnumType{},
	}
}

// systemSchema reports IRIS schemas PostgreSQL clients should not see as user schemas:
// IRIS's own and PGWIRED_META, where pgwired keeps its sequences (session/sequences.go).
func systemSchema(name string) bool {
	u := strings.ToUpper(name)
	return name == "" || strings.HasPrefix(name, "%") || u == "INFORMATION_SCHEMA" || strings.HasPrefix(u, "IRIS_") || u == CheckSchema || u == "PGWIRED_META"
}

// HiddenSchema reports the IRIS schemas the catalog does not show (systemSchema).
func HiddenSchema(irisName string) bool { return systemSchema(irisName) }

func (b *builder) schema(irisName string) *Schema {
	if systemSchema(irisName) {
		return nil
	}
	key := strings.ToUpper(irisName)
	if s := b.schemas[key]; s != nil {
		return s
	}
	s := &Schema{Name: PGName(irisName), IRISName: irisName}
	if strings.EqualFold(irisName, irisDefaultSchema) {
		s.Name = "public"
	}
	b.schemas[key] = s
	return s
}

func (b *builder) lookup(schema, name string) *Table {
	return b.tables[strings.ToUpper(schema)+"."+strings.ToUpper(name)]
}

func (b *builder) table(schema, name string, view bool, description string) {
	s := b.schema(schema)
	if s == nil || name == "" {
		return
	}
	t := &Table{Schema: s, Name: PGName(name), IRISName: name, View: view, Description: description}
	b.tables[strings.ToUpper(schema)+"."+strings.ToUpper(name)] = t
}

// sequence reads one row of pgwired's sequences (qSequences order). Its schema is a
// PostgreSQL name; one without tables is not in INFORMATION_SCHEMA.SCHEMATA.
func (b *builder) sequence(r []any) {
	schema := str(r, 0)
	var sc *Schema
	if schema == "public" {
		sc = b.schema(irisDefaultSchema)
	} else {
		sc = b.schema(schema)
	}
	if sc == nil {
		return
	}
	typ := map[string]uint32{"smallint": oidInt2, "integer": oidInt4}[str(r, 2)]
	if typ == 0 {
		typ = oidInt8
	}
	sq := &Sequence{Schema: sc, Name: str(r, 1), TypeOID: typ, Start: num(r, 3), Min: num(r, 4), Max: num(r, 5),
		Inc: num(r, 6), Cache: num(r, 7), Cycle: num(r, 8) != 0}
	if num(r, 10) != 0 {
		sq.Last = num(r, 9)
	}
	b.seqs = append(b.seqs, sq)
}

// column reads one INFORMATION_SCHEMA.COLUMNS row (qColumns order).
func (b *builder) column(r []any) {
	t := b.lookup(str(r, 0), str(r, 1))
	if t == nil {
		return
	}
	c := &TableColumn{Name: PGName(str(r, 2)), IRISName: str(r, 2), Num: int16(num(r, 3)), Description: str(r, 12)}
	var charMax, prec, scale int64 = -1, -1, -1
	if !isNull(r, 8) {
		charMax = num(r, 8)
	}
	if !isNull(r, 9) {
		prec, scale = num(r, 9), num(r, 10)
	}
	c.TypeOID, c.Typmod = pgTypeOf(str(r, 7), charMax, prec, scale)
	switch {
	case c.TypeOID == oidTimestamp && c.Description == TimestamptzMarker:
		// A TIMESTAMP pgwired created for timestamptz (translate.TimestamptzMarker).
		c.TypeOID, c.Description = oidTimestamptz, ""
	case c.TypeOID == oidVarchar && c.Description == BpcharMarker:
		// A CHAR(n) pgwired created for char(n): IRIS reports it as VARCHAR(n).
		c.TypeOID, c.Description = oidBpchar, ""
	case c.TypeOID == oidFloat8 && c.Description == RealMarker:
		// A DOUBLE pgwired created for real.
		c.TypeOID, c.Description = oidFloat4, ""
	case c.TypeOID == oidText && c.Description == JSONMarker:
		c.TypeOID, c.Description = oidJSON, ""
	case c.TypeOID == oidText && c.Description == JSONBMarker:
		c.TypeOID, c.Description = oidJSONB, ""
	case c.TypeOID == oidText && strings.HasPrefix(c.Description, EnumMarkerPrefix):
		// A VARCHAR pgwired created for an enum type; its OID is known in finish.
		if e := b.enumOfMarker(c.Description); e != nil {
			c.Enum, c.Description = e, ""
		}
	}
	c.NotNull = strings.EqualFold(str(r, 5), "NO")
	switch {
	case strings.EqualFold(str(r, 6), "YES"):
		c.Identity = 'a'
	case strings.EqualFold(str(r, 11), "YES") && c.Description == IdentityMarker:
		c.Identity, c.Description = 'd', ""
	case strings.EqualFold(str(r, 11), "YES"):
		// serial: pgwired writes AUTO_INCREMENT without the identity marker.
		c.Serial = true
	}
	if t.View {
		// PostgreSQL's view columns are never NOT NULL or identities, whatever IRIS
		// reports of the columns they show.
		c.NotNull, c.Identity = false, 0
		c.Serial = false
	} else if c.Identity != 0 || c.Serial {
		c.NotNull = true // PostgreSQL identity and serial columns are always NOT NULL
	} else if !isNull(r, 4) && c.Enum != nil {
		c.rawDefault = str(r, 4)
	} else if !isNull(r, 4) {
		c.Default = defaultExpr(str(r, 4), c.TypeOID)
	}
	t.Columns = append(t.Columns, c)
}

// comment reads one row of pgwired's comments (qComments order), after the columns: it
// replaces the description IRIS keeps of the object.
func (b *builder) comment(r []any) {
	if b.snap.commented == nil {
		b.snap.commented = map[string]bool{}
	}
	b.snap.commented[strings.ToLower(str(r, 0)+"."+str(r, 1))] = true
	t := b.lookup(str(r, 0), str(r, 1))
	if t == nil {
		return
	}
	if str(r, 2) == "" {
		t.Description = str(r, 3)
		return
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.IRISName, str(r, 2)) {
			c.Description = str(r, 3)
		}
	}
}

func (b *builder) constraint(schema, table, name, kind string) {
	t := b.lookup(schema, table)
	if t == nil {
		return
	}
	k := &Constraint{Name: PGName(name), IRISName: name, Table: t}
	switch strings.ToUpper(kind) {
	case "PRIMARY KEY":
		k.Type = 'p'
	case "UNIQUE":
		k.Type = 'u'
	case "FOREIGN KEY":
		k.Type, k.OnUpdate, k.OnDelete = 'f', 'a', 'a'
	default:
		return
	}
	t.Constraints = append(t.Constraints, k)
	b.cons[strings.ToUpper(schema)+"."+strings.ToUpper(table)+"."+strings.ToUpper(name)] = k
}

func (b *builder) constraintOf(schema, table, name string) *Constraint {
	return b.cons[strings.ToUpper(schema)+"."+strings.ToUpper(table)+"."+strings.ToUpper(name)]
}

// keyColumn reads one KEY_COLUMN_USAGE row (qKeyColumns order), rows sorted by ordinal.
func (b *builder) keyColumn(r []any) {
	k := b.constraintOf(str(r, 0), str(r, 1), str(r, 2))
	if k == nil {
		return
	}
	k.Columns = append(k.Columns, k.Table.attnum(str(r, 3)))
	if k.Type == 'f' {
		ref := b.pending[k]
		if ref == nil {
			ref = &fkRef{schema: str(r, 5), table: str(r, 6)}
			if ref.schema == "" {
				ref.schema = k.Table.Schema.IRISName
			}
			b.pending[k] = ref
		}
		ref.columns = append(ref.columns, str(r, 7))
	}
}

// fkActions maps IRIS referential actions to pg_constraint's one-letter codes.
var fkActions = map[string]byte{"NO ACTION": 'a', "RESTRICT": 'r', "CASCADE": 'c', "SET NULL": 'n', "SET DEFAULT": 'd'}

func (b *builder) referential(r []any) {
	k := b.constraintOf(str(r, 0), str(r, 1), str(r, 2))
	if k == nil {
		return
	}
	if a, ok := fkActions[strings.ToUpper(str(r, 3))]; ok {
		k.OnUpdate = a
	}
	if a, ok := fkActions[strings.ToUpper(str(r, 4))]; ok {
		k.OnDelete = a
	}
}

// index reads one INFORMATION_SCHEMA.INDEXES row (qIndexes order), rows sorted by ordinal.
// An index named like a constraint is that constraint's index.
func (b *builder) index(r []any) {
	t := b.lookup(str(r, 0), str(r, 1))
	if t == nil {
		return
	}
	name := PGName(str(r, 2))
	var ix *Index
	for _, x := range t.Indexes {
		if x.Name == name {
			ix = x
		}
	}
	if ix == nil {
		if k := b.constraintOf(str(r, 0), str(r, 1), str(r, 2)); k != nil && k.Type != 'f' {
			return // the constraint's index is made from the constraint in finish
		}
		ix = &Index{Name: name, Table: t, Unique: num(r, 3) == 0, Method: "btree"}
		if strings.EqualFold(str(r, 6), "HNSW") {
			ix.Method = "hnsw"
		}
		t.Indexes = append(t.Indexes, ix)
	}
	ix.Columns = append(ix.Columns, t.attnum(str(r, 5)))
}

func (t *Table) attnum(irisName string) int16 {
	for _, c := range t.Columns {
		if strings.EqualFold(c.IRISName, irisName) {
			return c.Num
		}
	}
	return 0
}

// irisGeneratedName matches the names IRIS gives unnamed constraints: TABLEPKEY2,
// TABLEUNIQUE3, TABLEFKEY4 (table name upper-cased, then kind, then a counter).
var irisGeneratedName = regexp.MustCompile(`^(.*)(PKEY|UNIQUE|FKEY)[0-9]+$`)

// pgConstraintName shows an IRIS-generated constraint name as the name PostgreSQL would
// have given the constraint (customers_pkey, customers_email_key, orders_customer_id_fkey).
// Named constraints keep their name. A renamed table's constraints keep the name they
// were made with (IRIS's name carries the table's name then).
func pgConstraintName(k *Constraint) string {
	m := irisGeneratedName.FindStringSubmatch(strings.ToUpper(k.Name))
	if m == nil {
		return k.Name
	}
	var base string
	switch {
	case m[1] == strings.ToUpper(k.Table.IRISName):
		base = k.Table.Name
	case k.Table.CreatedName != "" && m[1] == strings.ToUpper(k.Table.CreatedName):
		base = PGName(k.Table.CreatedName)
	default:
		return k.Name
	}
	if k.Type == 'p' {
		return base + "_pkey"
	}
	parts := []string{base}
	for _, n := range k.Columns {
		if c := k.Table.column(n); c != nil {
			parts = append(parts, c.Name)
		}
	}
	if k.Type == 'u' {
		return strings.Join(parts, "_") + "_key"
	}
	return strings.Join(parts, "_") + "_fkey"
}

// nameBase is the table name its sequences are named after: the one it was created with.
func (t *Table) nameBase() string {
	if t.CreatedName != "" {
		return PGName(t.CreatedName)
	}
	return t.Name
}

func (t *Table) column(num int16) *TableColumn {
	for _, c := range t.Columns {
		if c.Num == num {
			return c
		}
	}
	return nil
}

// finish resolves foreign keys, gives primary and unique keys their indexes, orders
// everything and assigns OIDs.
func (b *builder) finish() *Snapshot {
	s := b.snap
	for _, sc := range b.schemas {
		s.Schemas = append(s.Schemas, sc)
	}
	sort.Slice(s.Schemas, func(i, j int) bool { return s.Schemas[i].Name < s.Schemas[j].Name })
	for _, t := range b.tables {
		s.Tables = append(s.Tables, t)
	}
	sort.Slice(s.Tables, func(i, j int) bool {
		a, c := s.Tables[i], s.Tables[j]
		if a.Schema.Name != c.Schema.Name {
			return a.Schema.Name < c.Schema.Name
		}
		return a.Name < c.Name
	})
	oids := newOIDAllocator()
	for _, sc := range s.Schemas {
		switch sc.Name {
		case "public":
			sc.OID = oidPublicNamespace
		default:
			sc.OID = oids.assign("n:" + sc.Name)
		}
	}
	b.finishEnums(s, oids)
	for _, t := range s.Tables {
		sort.Slice(t.Columns, func(i, j int) bool { return t.Columns[i].Num < t.Columns[j].Num })
		for _, c := range t.Columns {
			if c.Enum != nil {
				c.TypeOID, c.Typmod = c.Enum.OID, -1
				c.Default = enumDefault(c.rawDefault, c.Enum)
			}
		}
		t.OID = oids.assign("r:" + t.Schema.Name + "." + t.Name)
		t.RowTypeOID = oids.assign("t:" + t.Schema.Name + "." + t.Name)
		for _, c := range t.Columns {
			if c.Identity != 0 || c.Serial {
				c.SeqName = t.nameBase() + "_" + c.Name + "_seq"
				c.SeqOID = oids.assign("S:" + t.Schema.Name + "." + c.SeqName)
			}
			if c.Serial {
				seq := quoteIdent(c.SeqName)
				if t.Schema.Name != "public" {
					seq = quoteIdent(t.Schema.Name) + "." + seq
				}
				c.Default = "nextval('" + strings.ReplaceAll(seq, "'", "''") + "'::regclass)"
			}
		}
		for _, k := range t.Constraints {
			if k.Type != 'c' {
				k.Name = pgConstraintName(k)
			}
		}
	}
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if k.Type == 'f' {
				if ref := b.pending[k]; ref != nil {
					if rt := b.lookup(ref.schema, ref.table); rt != nil {
						k.RefTable = rt
						for _, c := range ref.columns {
							k.RefColumns = append(k.RefColumns, rt.attnum(c))
						}
					}
				}
				continue
			}
			if k.Type == 'c' {
				continue
			}
			k.Index = &Index{Name: k.Name, Table: t, Unique: true, Primary: k.Type == 'p', Columns: k.Columns, Method: "btree", Constraint: k}
			t.Indexes = append(t.Indexes, k.Index)
		}
		sort.SliceStable(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		sort.SliceStable(t.Constraints, func(i, j int) bool { return t.Constraints[i].Name < t.Constraints[j].Name })
	}
	s.tableByOID = map[uint32]*Table{}
	s.tableByName = map[string]*Table{}
	s.tableByIRISName = map[string]*Table{}
	s.indexByOID = map[uint32]*Index{}
	s.conByOID = map[uint32]*Constraint{}
	s.seqByOID = map[uint32]*seqRef{}
	s.Sequences = b.seqs
	sort.Slice(s.Sequences, func(i, j int) bool {
		a, c := s.Sequences[i], s.Sequences[j]
		if a.Schema.Name != c.Schema.Name {
			return a.Schema.Name < c.Schema.Name
		}
		return a.Name < c.Name
	})
	for _, sq := range s.Sequences {
		sq.OID = oids.assign("S:" + sq.Schema.Name + "." + sq.Name)
		s.seqByOID[sq.OID] = &seqRef{schema: sq.Schema, name: sq.Name, seq: sq}
	}
	for _, t := range s.Tables {
		s.tableByOID[t.OID] = t
		s.tableByName[strings.ToLower(t.Schema.Name+"."+t.Name)] = t
		s.tableByIRISName[strings.ToLower(t.Schema.IRISName+"."+t.IRISName)] = t
		for _, c := range t.Columns {
			if c.SeqOID != 0 {
				s.seqByOID[c.SeqOID] = &seqRef{schema: t.Schema, name: c.SeqName, table: t, column: c}
			}
		}
		for _, ix := range t.Indexes {
			ix.OID = oids.assign("i:" + t.Schema.Name + "." + ix.Name)
			s.indexByOID[ix.OID] = ix
		}
		for _, k := range t.Constraints {
			k.OID = oids.assign("c:" + t.Schema.Name + "." + t.Name + "." + k.Name)
			s.conByOID[k.OID] = k
		}
	}
	// A foreign key's conindid is the referenced table's key index on the same columns.
	for _, t := range s.Tables {
		for _, k := range t.Constraints {
			if k.Type != 'f' || k.RefTable == nil {
				continue
			}
			for _, ix := range k.RefTable.Indexes {
				if ix.Unique && sameColumns(ix.Columns, k.RefColumns) {
					k.Index = ix
				}
			}
		}
	}
	return s
}

func sameColumns(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PGName is the PostgreSQL spelling of an IRIS identifier: lower case. IRIS compares
// identifiers case-insensitively and cannot hold two objects whose names differ only in
// case, so the lower-case name always leads back to the same IRIS object.
func PGName(irisName string) string { return strings.ToLower(irisName) }

// defaultExpr renders an IRIS column default the way pg_get_expr shows a PostgreSQL one.
func defaultExpr(d string, typ uint32) string {
	d = strings.TrimSpace(d)
	if d == "" || strings.EqualFold(d, "NULL") {
		return ""
	}
	if typ == oidBool {
		switch d {
		case "1":
			return "true"
		case "0":
			return "false"
		}
	}
	switch strings.ToUpper(d) {
	case "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME":
		return strings.ToUpper(d)
	case "NOW()", "GETDATE()", "$HOROLOG":
		return "now()"
	}
	if strings.HasPrefix(d, "'") {
		return d + "::" + typeName(typ, -1)
	}
	if _, err := strconv.ParseFloat(d, 64); err == nil {
		if strings.HasPrefix(d, "-") {
			return "'" + d + "'::" + typeName(typ, -1)
		}
		return d
	}
	return d
}

// enumDefault renders an enum column's IRIS default as pg_get_expr shows it: 'ok'::mood.
func enumDefault(d string, e *EnumType) string {
	d = strings.TrimSpace(d)
	if !strings.HasPrefix(d, "'") {
		return ""
	}
	return d + "::" + e.QualifiedName()
}

// TimestamptzMarker is the %DESCRIPTION pgwired gives the IRIS TIMESTAMP columns it
// creates for timestamptz (translate.TimestamptzMarker, which must be the same).
const TimestamptzMarker = "timestamptz"

// BpcharMarker is the %DESCRIPTION of the CHAR(n) columns pgwired creates for char(n)
// (translate.BpcharMarker).
const BpcharMarker = "bpchar"

// RealMarker is the %DESCRIPTION of the DOUBLE columns pgwired creates for real
// (translate.RealMarker).
const RealMarker = "real"

// JSONMarker and JSONBMarker are the %DESCRIPTION of the VARCHAR columns pgwired creates
// for json and jsonb (translate.JSONMarker, translate.JSONBMarker).
const (
	JSONMarker  = "json"
	JSONBMarker = "jsonb"
)

// IdentityMarker is the %DESCRIPTION of the AUTO_INCREMENT columns pgwired creates for
// GENERATED BY DEFAULT AS IDENTITY (translate.IdentityMarker); one without it is a serial.
const IdentityMarker = "identity"
