package iris

import "fmt"

// Column describes one result column (§4.4). Types are ODBC codes (§9), with
// 9/10/11 already remapped to 91/92/93 as S1 does.
type Column struct {
	Name, Label, Table, Schema, Catalog  string
	ODBCType, Precision, Scale, Nullable int // Nullable: 0 no, 1 yes, 2 unknown

	AutoIncrement, CaseSensitive, ReadOnly, Unique, Expression, Identity, KeyColumn, RowID bool

	slot int // 1-based position inside a fast-select row; 0 in normal mode
}

// Param describes one statement parameter (§4.4 parameter info).
type Param struct {
	ODBCType, Precision, Scale, Nullable int
}

// ODBC type codes that need special handling (§9).
const (
	ODBCBit           = -7
	ODBCTinyInt       = -6
	ODBCSmallInt      = 5
	ODBCInteger       = 4
	ODBCBigInt        = -5
	ODBCNumeric       = 2
	ODBCDecimal       = 3
	ODBCFloat         = 6
	ODBCReal          = 7
	ODBCDouble        = 8
	ODBCChar          = 1
	ODBCVarChar       = 12
	ODBCLongVarChar   = -1
	ODBCWLongVarChar  = -10
	ODBCBinary        = -2
	ODBCVarBinary     = -3
	ODBCLongVarBinary = -4
	ODBCDate          = 91
	ODBCTime          = 92
	ODBCTimestamp     = 93
	ODBCDateHorolog   = 1091
	ODBCTimeHorolog   = 1092
	ODBCTimePosix     = 1093
	ODBCGUID          = -11
)

// remapODBCType turns the ODBC 2 date/time codes into their ODBC 3 forms (§4.4).
func remapODBCType(t int) int {
	switch t {
	case 9:
		return ODBCDate
	case 10:
		return ODBCTime
	case 11:
		return ODBCTimestamp
	}
	return t
}

// statementShape is what a DQ/PP metadata reply says about a statement.
type statementShape struct {
	featureOption int // 0 normal rows, 1 fast select, 2 fast insert (§4.4)
	maxRowItems   int
	columns       []Column
	params        []Param
	addToCache    bool
}

// fastRows reports whether rows come as one sub-list item with slot positions
// (§4.4): the statement's feature option is fast select (or fast insert, whose
// reply S1 reads the same way).
func (s *statementShape) fastRows() bool { return s.featureOption == 1 || s.featureOption == 2 }

// hasStatementFeature decides whether SQL replies start with the statement
// feature item: iff the login granted fast select or fast insert (§10.4). The
// same rule is applied to DQ, DU and PP replies.
func (c *Conn) hasStatementFeature() bool {
	return c.info.Features&(FeatureFastSelect|FeatureFastInsert) != 0
}

// metaReader wraps a ListReader with sticky errors for compact reply parsing.
type metaReader struct {
	r   ListReader
	err error
}

func (m *metaReader) item() Item {
	if m.err != nil {
		return Item{Undefined: true}
	}
	if !m.r.More() {
		m.err = fmt.Errorf("reply ends early at offset %d", m.r.Offset())
		return Item{Undefined: true}
	}
	it, err := m.r.Next()
	if err != nil {
		m.err = err
		return Item{Undefined: true}
	}
	return it
}

func (m *metaReader) int() int {
	it := m.item()
	if m.err != nil || it.IsNull() {
		return 0
	}
	v, err := it.Int()
	if err != nil {
		m.err = fmt.Errorf("integer expected: %w", err)
	}
	return int(v)
}

// str decodes a text item, reusing old when the bytes are unchanged so that
// re-running a statement allocates no column names.
func (m *metaReader) str(old string) string {
	it := m.item()
	if m.err != nil || it.IsNull() {
		return ""
	}
	if !it.Undefined && it.Type == TypeString && isASCII(it.Data) {
		if string(it.Data) == old {
			return old
		}
		if it.isEmptyString() {
			return ""
		}
		return string(it.Data)
	}
	s, err := it.Text()
	if err != nil {
		m.err = err
	}
	if s == old {
		return old
	}
	return s
}

// catalog is like str but S2 sends integer 0 for "no catalog" (§4.4).
func (m *metaReader) catalog(old string) string {
	save := m.r
	it := m.item()
	if m.err == nil && (it.Type == TypePosInt || it.Type == TypeNegInt) {
		return ""
	}
	m.r = save
	return m.str(old)
}

// readStatementFeature reads the optional leading feature items (§4.4).
func (m *metaReader) readStatementFeature(c *Conn, s *statementShape) {
	s.featureOption, s.maxRowItems = 0, 0
	if !c.hasStatementFeature() {
		return
	}
	s.featureOption = m.int()
	if s.featureOption == 2 {
		m.int() // msgCount
	}
	if s.featureOption == 1 || s.featureOption == 2 {
		s.maxRowItems = m.int()
	}
}

// readColumns reads the column count and the 10 (+slot) items per column,
// reusing s.columns' storage.
func (m *metaReader) readColumns(s *statementShape) {
	n := m.int()
	if m.err != nil {
		return
	}
	if n < 0 || n > len(m.r.Rest()) {
		m.err = fmt.Errorf("column count %d", n)
		return
	}
	old := s.columns
	if cap(old) < n {
		old = append(old[:cap(old)], make([]Column, n-cap(old))...)
	}
	cols := old[:n]
	for i := range cols {
		col := &cols[i]
		col.Name = m.str(col.Name)
		col.ODBCType = remapODBCType(m.int())
		col.Precision = m.int()
		col.Scale = m.int()
		col.Nullable = m.int()
		col.Label = m.str(col.Label)
		col.Table = m.str(col.Table)
		col.Schema = m.str(col.Schema)
		col.Catalog = m.catalog(col.Catalog)
		m.flags(col)
		col.slot = 0
		if s.fastRows() {
			col.slot = m.int()
		}
	}
	s.columns = cols
}

// flags decodes the 12 flag bytes (§4.4): autoIncrement, caseSensitive, currency,
// readOnly, rowVersion, unique, aliased, expression, hidden, identity, keyColumn, rowId.
func (m *metaReader) flags(col *Column) {
	it := m.item()
	f := it.Data
	get := func(i int) bool { return i < len(f) && f[i] == 1 }
	col.AutoIncrement, col.CaseSensitive, col.ReadOnly = get(0), get(1), get(3)
	col.Unique, col.Expression, col.Identity = get(5), get(7), get(9)
	col.KeyColumn, col.RowID = get(10), get(11)
}

// readParams reads parameter info and the addToCache flag.
func (m *metaReader) readParams(s *statementShape) {
	n := m.int()
	if m.err != nil {
		return
	}
	if n < 0 || n > len(m.r.Rest()) {
		m.err = fmt.Errorf("parameter count %d", n)
		return
	}
	s.params = s.params[:0]
	for i := 0; i < n; i++ {
		p := Param{ODBCType: remapODBCType(m.int()), Precision: m.int(), Scale: m.int(), Nullable: m.int()}
		if s.featureOption == 2 { // fast insert adds slot position and default value
			m.item()
			m.item()
		}
		s.params = append(s.params, p)
	}
	s.addToCache = m.int() != 0
}
