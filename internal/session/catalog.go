package session

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// catalogTTL bounds how stale pg_catalog answers may be after DDL run by other clients
// (DDL through this pgwired invalidates at once). psql's \d sends a dozen catalog queries
// in a row; they all read one snapshot.
const catalogTTL = 10 * time.Second

// catalogCaches holds one catalog cache per Manager (one per IRIS server).
var catalogCaches sync.Map // *Manager → *catalog.Cache

func (m *Manager) catalogCache() *catalog.Cache {
	if c, ok := catalogCaches.Load(m); ok {
		return c.(*catalog.Cache)
	}
	c, _ := catalogCaches.LoadOrStore(m, catalog.NewCache(catalogTTL))
	return c.(*catalog.Cache)
}

// irisSource reads INFORMATION_SCHEMA through the session's IRIS connection.
type irisSource struct{ s *Session }

func (src irisSource) QueryAll(ctx context.Context, sql string) ([][]any, error) {
	return src.s.queryAll(ctx, sql, nil)
}

// queryAll runs one IRIS query under ctx and reads all its rows as Go values.
func (s *Session) queryAll(ctx context.Context, sql string, args []any) ([][]any, error) {
	rows, err := s.conn.Query(ctx, sql, args)
	if err != nil {
		return nil, s.irisError(ctx, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, s.irisError(ctx, err)
	}
	return out, nil
}

// catalogSnapshot returns the namespace metadata this session's IRIS user sees.
func (s *Session) catalogSnapshot(ctx context.Context) (*catalog.Snapshot, error) {
	// Not ensureConn: a block whose transaction has not started on IRIS has done nothing
	// there yet, so the metadata read outside it is the same; starting it here would make
	// the block's nextval take a second connection (sequences.go).
	if err := s.connect(ctx); err != nil {
		return nil, err
	}
	user, err := s.irisUser()
	if err != nil {
		return nil, err
	}
	// Reading INFORMATION_SCHEMA is IRIS work like any statement: cancel requests and
	// statement_timeout apply to it.
	sctx, done := s.statementContext(ctx)
	defer done()
	return s.m.catalogCache().Get(sctx, user, s.cred.Namespace, irisSource{s})
}

// invalidateCatalog drops the namespace's snapshots after DDL.
func (s *Session) invalidateCatalog() { s.m.catalogCache().Invalidate(s.cred.Namespace) }

func (s *Session) catalogEnv(params []any) *catalog.Env {
	return &catalog.Env{
		Params:     params,
		Setting:    s.gucs.get,
		Version:    s.versionString(),
		BackendPID: int32(s.key.ProcessID),
		Cursors:    s.cursorRows,
		SetConfig: func(name, value string, local bool) (string, error) {
			v, _, err := s.setConfig(name, value, local)
			return v, err
		},
		Settings: func() [][2]string {
			var out [][2]string
			for _, name := range s.gucs.names() {
				if v, ok := s.gucs.get(name); ok {
					out = append(out, [2]string{name, v})
				}
			}
			return out
		},
	}
}

// describeCatalog gives the columns of a catalog query without running it, and fills
// the parameter types the client left open with those the query's context implies.
func (s *Session) describeCatalog(ctx context.Context, p *translate.Plan, paramOIDs []uint32) ([]pgproto3.FieldDescription, []uint32, error) {
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	cols, params, err := catalog.Compile(snap, p.Stmt, s.catalogEnv(nil))
	if err != nil {
		return nil, nil, catalogError(err)
	}
	for len(paramOIDs) < len(params) {
		paramOIDs = append(paramOIDs, 0)
	}
	for i, t := range params {
		if paramOIDs[i] == 0 {
			paramOIDs[i] = t
		}
	}
	return catalogFields(cols, nil), paramOIDs, nil
}

// decodeCatalogParams decodes Bind values like decodeParams, plus the binary arrays
// drivers send for catalog parameters (pgx: name = ANY($1::text[])).
func decodeCatalogParams(params [][]byte, formats []int16, oids []uint32) ([]any, error) {
	var arrays map[int][]any
	rest := params
	for i, p := range params {
		if p == nil || formatFor(formats, i) != 1 || i >= len(oids) {
			continue
		}
		if elem, ok := catalogArrayElems[oids[i]]; ok {
			arr, err := decodeBinaryArray(p, elem)
			if err != nil {
				return nil, &wire.Error{Code: "22P02", Message: "invalid value for parameter $" + strconv.Itoa(i+1) + ": " + err.Error()}
			}
			if arrays == nil {
				arrays = map[int][]any{}
				rest = append([][]byte(nil), params...)
			}
			arrays[i] = arr
			rest[i] = nil
		}
	}
	vals, err := decodeParams(rest, formats, oids)
	if err != nil {
		return nil, err
	}
	for i, a := range arrays {
		vals[i] = a
	}
	return vals, nil
}

// decodeBinaryArray reads a one-dimensional binary array of a scalar element type.
func decodeBinaryArray(p []byte, elem uint32) ([]any, error) {
	if len(p) < 12 {
		return nil, errors.New("short array")
	}
	ndim := binary.BigEndian.Uint32(p)
	p = p[12:]
	if ndim == 0 {
		return []any{}, nil
	}
	if ndim != 1 || len(p) < 8 {
		return nil, errors.New("only one-dimensional arrays are supported")
	}
	n := int(binary.BigEndian.Uint32(p))
	p = p[8:]
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		if len(p) < 4 {
			return nil, errors.New("truncated array")
		}
		l := int32(binary.BigEndian.Uint32(p))
		p = p[4:]
		if l < 0 {
			out = append(out, nil)
			continue
		}
		if int(l) > len(p) {
			return nil, errors.New("truncated array element")
		}
		var v any
		var err error
		if elem == oidName || elem == oidChar1 {
			v = string(p[:l])
		} else {
			v, err = decodeBinaryParam(p[:l], elem)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p = p[l:]
	}
	return out, nil
}

func catalogFields(cols []catalog.Column, formats []int16) []pgproto3.FieldDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, c := range cols {
		fields[i] = pgproto3.FieldDescription{Name: []byte(c.Name), DataTypeOID: c.TypeOID,
			DataTypeSize: catalogTypeSize(c.TypeOID), TypeModifier: c.Typmod, Format: formatFor(formats, i)}
	}
	return fields
}

// parseTreeVersion is the parse-tree version Deparse expects: the one Parse stamps.
var parseTreeVersion = sync.OnceValue(func() int32 {
	r, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return r.Version
})

// runCatalog answers a pg_catalog/information_schema query from the snapshot.
func (s *Session) runCatalog(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return err
	}
	env := s.catalogEnv(params)
	env.Query = func() string {
		text, _ := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: p.Stmt}}})
		return text
	}
	res, err := catalog.Query(snap, p.Stmt, env)
	if err != nil {
		return catalogError(err)
	}
	fields := catalogFields(res.Columns, formats)
	if err := w.RowDescription(fields); err != nil {
		return err
	}
	vals := make([][]byte, len(fields))
	var buf []byte
	for i := range res.Rows {
		buf = buf[:0]
		for j := range fields {
			start := len(buf)
			var null bool
			if fields[j].Format == 1 {
				buf, null, err = appendCatalogBinary(buf, res, i, j)
				if err != nil {
					return err
				}
			} else {
				buf, null = res.AppendText(buf, i, j)
			}
			if null {
				vals[j] = nil
			} else {
				vals[j] = buf[start:len(buf):len(buf)]
			}
		}
		if err := w.DataRow(vals); err != nil {
			return err
		}
	}
	return w.CommandComplete(commandTag("SELECT", int64(len(res.Rows))))
}

func catalogError(err error) error {
	var ce *catalog.Error
	if errors.As(err, &ce) {
		return &wire.Error{Code: ce.Code, Message: ce.Message}
	}
	return err
}

// Catalog type OIDs beyond the ones user columns use.
const (
	oidChar1     uint32 = 18
	oidName      uint32 = 19
	oidInt2Vec   uint32 = 22
	oidRegproc   uint32 = 24
	oidOIDVector uint32 = 30
	oidRegclass  uint32 = 2205
	oidRegtype   uint32 = 2206
	oidRegnsp    uint32 = 4089
	oidRegrole   uint32 = 4096
)

func catalogTypeSize(oid uint32) int16 {
	switch oid {
	case oidChar1:
		return 1
	case oidName:
		return 64
	case oidRegclass, oidRegtype, oidRegnsp, oidRegrole, oidRegproc:
		return 4
	}
	return typeSize(oid)
}

// catalogArrayElems gives the element type of the array types catalog columns use.
var catalogArrayElems = map[uint32]uint32{
	1000: oidBool, 1002: oidChar1, 1003: oidName, 1005: oidInt2, 1007: oidInt4, 1009: oidText,
	1016: oidInt8, 1022: oidFloat8, 1028: oidOID, oidInt2Vec: oidInt2, oidOIDVector: oidOID,
}

// appendCatalogBinary writes value (row, col) in binary format. Types with no binary
// encoding here are refused rather than sent wrong.
func appendCatalogBinary(dst []byte, res *catalog.Result, row, col int) ([]byte, bool, error) {
	v := res.Rows[row][col]
	if v == nil {
		return dst, true, nil
	}
	oid := res.Columns[col].TypeOID
	if elem, ok := catalogArrayElems[oid]; ok {
		arr, isArr := v.([]any)
		if !isArr {
			return nil, false, binaryRefused(oid)
		}
		return appendBinaryArray(dst, arr, elem, oid == oidInt2Vec || oid == oidOIDVector)
	}
	if oid == oidRegproc {
		if _, isStr := v.(string); isStr {
			return nil, false, binaryRefused(oid) // a procedure name, no OID to send
		}
	}
	b, err := appendCatalogScalar(dst, v, oid, func(d []byte) []byte { d, _ = res.AppendText(d, row, col); return d })
	return b, false, err
}

func appendCatalogScalar(dst []byte, v any, oid uint32, text func([]byte) []byte) ([]byte, error) {
	n, isInt := v.(int64)
	switch oid {
	case oidBool:
		if b, ok := v.(bool); ok {
			return append(dst, byte(boolIndex(b))), nil
		}
	case oidInt2:
		if isInt {
			return binary.BigEndian.AppendUint16(dst, uint16(n)), nil
		}
	case oidInt4, oidOID, oidRegclass, oidRegtype, oidRegnsp, oidRegrole, oidRegproc:
		if isInt {
			return binary.BigEndian.AppendUint32(dst, uint32(n)), nil
		}
	case oidInt8:
		if isInt {
			return binary.BigEndian.AppendUint64(dst, uint64(n)), nil
		}
	case oidFloat4, oidFloat8:
		f, ok := v.(float64)
		if isInt {
			f, ok = float64(n), true
		}
		if ok && oid == oidFloat4 {
			return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(f))), nil
		}
		if ok {
			return binary.BigEndian.AppendUint64(dst, math.Float64bits(f)), nil
		}
	case oidText, oidVarchar, oidBpchar, oidName, oidChar1, oidUnknown, 194 /* pg_node_tree */ :
		return text(dst), nil
	}
	return nil, binaryRefused(oid)
}

// appendBinaryArray writes a one-dimensional array (lower bound 0 for int2vector and
// oidvector, 1 otherwise).
func appendBinaryArray(dst []byte, arr []any, elem uint32, zeroBased bool) ([]byte, bool, error) {
	hasNull := uint32(0)
	for _, e := range arr {
		if e == nil {
			hasNull = 1
		}
	}
	ndim := uint32(1)
	if len(arr) == 0 {
		ndim = 0
	}
	dst = binary.BigEndian.AppendUint32(dst, ndim)
	dst = binary.BigEndian.AppendUint32(dst, hasNull)
	dst = binary.BigEndian.AppendUint32(dst, elem)
	if ndim == 0 {
		return dst, false, nil
	}
	lower := uint32(1)
	if zeroBased {
		lower = 0
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(arr)))
	dst = binary.BigEndian.AppendUint32(dst, lower)
	for _, e := range arr {
		if e == nil {
			dst = binary.BigEndian.AppendUint32(dst, math.MaxUint32)
			continue
		}
		lenAt := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		dst, err = appendCatalogScalar(dst, e, elem, func(d []byte) []byte {
			if s, ok := e.(string); ok {
				return append(d, s...)
			}
			return d
		})
		if err != nil {
			return nil, false, err
		}
		binary.BigEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
	}
	return dst, false, nil
}

func binaryRefused(oid uint32) error {
	return &wire.Error{Code: "0A000", Message: "binary output of catalog type OID " + strconv.Itoa(int(oid)) + " is not supported by pgwired; request text format"}
}
