package session

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// copyBatchRows is how many rows one IRIS DU carries as parameter sets.
const copyBatchRows = 1000

// runCopy implements COPY … FROM STDIN and COPY … TO STDOUT.
func (s *Session) runCopy(ctx context.Context, p *translate.Plan, w wire.ResultWriter) error {
	c := p.Copy
	if c == nil {
		return &wire.Error{Code: "XX000", Message: "internal error: COPY without details"}
	}
	if err := s.ensureConn(ctx); err != nil {
		return err
	}
	if c.From {
		return s.copyFrom(ctx, c, w)
	}
	return s.copyTo(ctx, c, w)
}

// tableColumns asks IRIS for a table's columns (names as IRIS reports them) without
// reading any row.
func (s *Session) tableColumns(ctx context.Context, table string) ([]iris.Column, error) {
	st, err := s.irisStatement(ctx, "SELECT * FROM "+table)
	if err != nil {
		return nil, err
	}
	return st.Columns(), nil
}

func (s *Session) copyFrom(ctx context.Context, c *translate.CopyCommand, w wire.ResultWriter) error {
	insert := c.InsertSQL
	ncols := len(c.Columns)
	isBinary := strings.EqualFold(c.Format, "binary")
	var oids []uint32
	var folded []string // the target's column names when the COPY lists none
	{
		// The target's column types decide how input text is read (t/f for booleans,
		// \x… for bytea) and how binary fields are decoded.
		cols, err := s.tableColumns(ctx, c.Table)
		if err != nil {
			return err
		}
		if insert == "" || ncols == 0 {
			names := make([]string, len(cols))
			for i, col := range cols {
				names[i] = col.Name
			}
			insert, ncols = c.InsertFor(names), len(names)
			folded = make([]string, len(names))
			for i, n := range names {
				folded[i] = lowerASCII(n) // as PostgreSQL names them (catalog.PGName)
			}
			for _, col := range cols {
				oids = append(oids, pgTypeForODBC(col.ODBCType, col.Precision, col.Scale).OID)
			}
		} else {
			for _, name := range c.Columns {
				oid := oidText
				for _, col := range cols {
					if strings.EqualFold(col.Name, name) {
						oid = pgTypeForODBC(col.ODBCType, col.Precision, col.Scale).OID
					}
				}
				oids = append(oids, oid)
			}
		}
	}
	in := &copyTarget{CopyCommand: c, names: c.Columns}
	if in.names == nil {
		in.names = folded
	}
	var format int8
	formats := make([]int16, ncols)
	if isBinary {
		format = 1
		for i := range formats {
			formats[i] = 1
		}
	}
	cr, err := w.CopyIn(format, formats)
	if err != nil {
		return err
	}
	var src rowSourceFunc
	if isBinary {
		br := &binaryCopyReader{r: bufio.NewReaderSize(cr, 64*1024), oids: oids}
		src = br.next
	} else {
		src = textRows(newCopyParser(c, cr), oids, in)
	}
	var n int64
	load := func() (err error) {
		n, err = s.loadCopyRows(ctx, in, src, insert, ncols)
		return err
	}
	if err := s.asOneStatement(ctx, s.tx == txIdle, func() error {
		checks, err := s.tableChecks(ctx, c.Target)
		if err != nil {
			return err
		}
		if len(checks) > 0 {
			return s.insertChecked(ctx, c.Target, checks, load)
		}
		return load()
	}); err != nil {
		return err
	}
	return w.CommandComplete("COPY " + strconv.FormatInt(n, 10))
}

// copyRow is one parsed input row and the line it started on (for error messages).
type copyRow struct {
	line   int
	values []any
}

// rowSourceFunc yields the next input row, the line (tuple) it came from, or io.EOF.
type rowSourceFunc func() ([]any, int, error)

// textRows adapts the text/CSV parser: NULL fields become nil, others are read as
// PostgreSQL reads input text for the column's type.
func textRows(p *copyParser, oids []uint32, in *copyTarget) rowSourceFunc {
	return func() ([]any, int, error) {
		vals, line, err := p.next()
		if err != nil {
			return nil, line, err
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			if v == nil {
				continue
			}
			oid := oidText
			if i < len(oids) {
				oid = oids[i]
			}
			if (oid == oidTimestamp || oid == oidTimestamptz) && isZonelessTimestamp(*v) {
				// What normalizeTimestamp returns for it, without its four failing
				// time.Parse calls (a third of a text COPY's CPU).
				row[i] = strings.Replace(*v, "T", " ", 1)
				continue
			}
			if row[i], err = decodeTextParam(*v, oid); err != nil {
				// A value the column's type cannot read is 22P02 in PostgreSQL, not a
				// malformed COPY file (22P04).
				return nil, line, &wire.Error{Code: "22P02", Message: err.Error(), Where: in.columnContext(line, i, *v)}
			}
		}
		return row, line, nil
	}
}

// loadCopyRows reads the input and loads it in batches, one DU per batch. Reading and
// loading overlap: a worker goroutine sends batch k to IRIS while this goroutine reads
// and converts batch k+1, so a COPY takes about as long as the slower of the two
// instead of their sum. Only the worker uses the IRIS connection until it has exited.
// isZonelessTimestamp reports whether v is exactly YYYY-MM-DD HH:MM:SS[.fff…] (or with
// T between date and time): no time zone, so none of normalizeTimestamp's layouts,
// which all end in a zone, can parse it.
func isZonelessTimestamp(v string) bool {
	const shape = "dddd-dd-dd dd:dd:dd"
	if len(v) < len(shape) {
		return false
	}
	for i := 0; i < len(shape); i++ {
		switch c := v[i]; shape[i] {
		case 'd':
			if c < '0' || c > '9' {
				return false
			}
		case ' ':
			if c != ' ' && c != 'T' {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	rest := v[len(shape):]
	if rest == "" {
		return true
	}
	if rest[0] != '.' || len(rest) == 1 {
		return false
	}
	return allDigits(rest[1:])
}

func (s *Session) loadCopyRows(ctx context.Context, c *copyTarget, next rowSourceFunc, insert string, ncols int) (int64, error) {
	sctx, done := s.statementContext(ctx)
	defer done()
	l := newCopyLoader(s, sctx, insert)
	go l.run()
	batch := l.buffer()
	bytes := 0
	refused := false
	for !refused {
		row, line, err := next()
		if err == io.EOF {
			break
		}
		if err == nil && len(row) != ncols {
			if len(row) < ncols {
				err = fmt.Errorf("missing data for column %q", c.name(len(row)))
			} else {
				err = errors.New("extra data after last expected column")
			}
			err = &wire.Error{Code: "22P04", Message: err.Error(), Where: c.lineContext(line, row)}
		}
		if err != nil {
			l.finish()
			if l.err != nil {
				// A row of an earlier batch failed first, as PostgreSQL would report.
				return 0, s.batchError(ctx, sctx, c, insert, l.failed, l.err)
			}
			var we *wire.Error
			if errors.As(err, &we) {
				return l.total, withCopyContext(we, c, line)
			}
			return l.total, copyError(c, line, err)
		}
		batch = append(batch, copyRow{line: line, values: row})
		bytes += rowSize(row)
		if len(batch) == copyBatchRows || bytes >= copyBatchBytes {
			// false: IRIS refused an earlier batch, the COPY fails with its error.
			refused = !l.send(batch)
			batch, bytes = l.buffer(), 0
		}
	}
	if len(batch) > 0 {
		l.send(batch)
	}
	l.finish()
	if l.err != nil {
		return 0, s.batchError(ctx, sctx, c, insert, l.failed, l.err)
	}
	return l.total, nil
}

// copyBatchBytes bounds a batch's values (a rough count of their bytes) so that wide
// rows do not make one DU message arbitrarily large.
const copyBatchBytes = 4 << 20

// rowSize estimates the bytes a row's values take in a DU.
func rowSize(row []any) int {
	n := 0
	for _, v := range row {
		switch v := v.(type) {
		case string:
			n += len(v) + 3
		case []byte:
			n += len(v) + 3
		case iris.Decimal:
			n += len(v)
		default:
			n += 10
		}
	}
	return n
}

// copyLoader is the worker that sends COPY batches to IRIS, one ExecBatch at a time.
// Two buffers circulate between the reader and the worker, so at most two batches
// are in memory whatever the size of the input.
type copyLoader struct {
	s          *Session
	ctx        context.Context
	insert     string
	jobs       chan []copyRow
	free       chan []copyRow
	exited     chan struct{}
	failedFlag atomic.Bool

	// Written by the worker, read after exited is closed.
	total  int64
	err    error
	failed []copyRow // the batch IRIS refused
}

func newCopyLoader(s *Session, ctx context.Context, insert string) *copyLoader {
	l := &copyLoader{s: s, ctx: ctx, insert: insert, jobs: make(chan []copyRow),
		free: make(chan []copyRow, 2), exited: make(chan struct{})}
	for range 2 {
		l.free <- make([]copyRow, 0, copyBatchRows)
	}
	return l
}

// buffer returns an empty batch buffer, waiting for the worker to give one back.
func (l *copyLoader) buffer() []copyRow { return (<-l.free)[:0] }

// send hands a batch to the worker; false once an earlier batch has failed.
func (l *copyLoader) send(b []copyRow) bool {
	if l.failedFlag.Load() {
		l.free <- b
		return false
	}
	l.jobs <- b
	return true
}

// finish stops the worker and waits until it no longer uses the connection.
func (l *copyLoader) finish() {
	close(l.jobs)
	<-l.exited
}

func (l *copyLoader) run() {
	defer close(l.exited)
	defer func() {
		// A panic here is outside the connection's goroutine, whose recover confines
		// a bug to its client: fail this COPY instead of the whole daemon.
		if r := recover(); r != nil {
			l.s.m.cfg.Logger.Error("panic while loading COPY rows", "panic", r, "stack", string(debug.Stack()))
			l.err = &wire.Error{Code: wire.CodeInternalError, Message: fmt.Sprintf("internal error while loading COPY rows: %v", r)}
			l.failed = nil
			l.failedFlag.Store(true)
			l.s.conn.Close() // its protocol state is unknown now

			for b := range l.jobs {
				l.free <- b
			}
		}
	}()
	sets := make([][]any, 0, copyBatchRows)
	for b := range l.jobs {
		if l.err != nil {
			l.free <- b
			continue
		}
		sets = sets[:0]
		for i := range b {
			sets = append(sets, b[i].values)
		}
		counts, err := l.s.conn.ExecBatch(l.ctx, l.insert, sets)
		if err != nil {
			l.err, l.failed = err, b
			l.failedFlag.Store(true)
			continue // b stays with the error; the reader still has the other buffer
		}
		for _, k := range counts {
			l.total += k
		}
		clear(b) // drop the values before the buffer is reused
		l.free <- b
	}
}

// batchError turns a refused batch into the COPY's error, with the line of the row
// IRIS refused when it can be found.
func (s *Session) batchError(ctx, sctx context.Context, c *copyTarget, insert string, batch []copyRow, err error) error {
	var we *wire.Error
	if len(batch) == 0 && errors.As(err, &we) {
		return we // the loader failed itself (a recovered panic)
	}
	batchErr := s.irisError(sctx, err)
	if s.conn.Broken() || sctx.Err() != nil {
		// Cancelled, timed out or the connection is gone: nothing to replay.
		return withCopyContext(batchErr, c, batch[0].line)
	}
	return s.locateBadRow(ctx, c, insert, batch, batchErr)
}

// locateBadRow names the line IRIS refused. The COPY fails whatever happens, so the
// transaction is rolled back first (IRIS may have applied part of the batch); then the
// batch is replayed row by row in a scratch transaction that is rolled back too. When the
// row fails only together with earlier data, the batch's first line is reported.
func (s *Session) locateBadRow(ctx context.Context, c *copyTarget, insert string, batch []copyRow, batchErr error) error {
	rctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := s.conn.Rollback(rctx); err != nil {
		return withCopyContext(batchErr, c, batch[0].line)
	}
	if _, err := s.conn.Exec(rctx, "START TRANSACTION", nil); err != nil {
		return withCopyContext(batchErr, c, batch[0].line)
	}
	defer s.conn.Rollback(rctx)
	for _, row := range batch {
		if _, err := s.conn.Exec(rctx, insert, row.values); err != nil {
			// The row as a one-row INSERT, whose values a constraint error's DETAIL shows.
			saved := s.running
			s.running.original, s.running.params = c.insertText(row.values), nil
			rowErr := s.irisError(rctx, err)
			s.running = saved
			var we *wire.Error
			if errors.As(rowErr, &we) {
				cp := *we
				switch we.Code {
				case "23502", "23514":
					// PostgreSQL checks these row by row, with the line at hand.
					cp.Where = c.lineContext(row.line, row.values)
					return &cp
				case "22001", "22003", "22P02":
					// A value its column refuses: PostgreSQL names the column.
					if i, value, ok := c.refusedValue(err); ok {
						cp.Where = c.columnContext(row.line, i, value)
						return &cp
					}
				}
			}
			return withCopyContext(rowErr, c, row.line)
		}
	}
	return withCopyContext(batchErr, c, batch[0].line)
}

func copyError(c *copyTarget, line int, err error) error {
	return &wire.Error{Code: "22P04", Message: err.Error(), Where: fmt.Sprintf("COPY %s, line %d", c.relation(), line)}
}

func withCopyContext(err error, c *copyTarget, line int) error {
	var we *wire.Error
	if errors.As(err, &we) && we.Where == "" {
		cp := *we
		cp.Where = fmt.Sprintf("COPY %s, line %d", c.relation(), line)
		return &cp
	}
	return err
}

// copyParser reads COPY text or CSV data (PostgreSQL's formats and defaults).
type copyParser struct {
	c       *translate.CopyCommand
	r       *bufio.Reader
	line    int
	csv     bool
	delim   byte
	quote   byte
	escape  byte
	null    string
	skipHdr bool
}

func newCopyParser(c *translate.CopyCommand, r io.Reader) *copyParser {
	f := formatOf(c)
	return &copyParser{c: c, r: bufio.NewReaderSize(r, 64*1024), csv: f.csv, delim: f.delim,
		quote: f.quote, escape: f.escape, null: f.null, skipHdr: c.Header}
}

// copyFormat is a COPY's text or CSV format with PostgreSQL's defaults applied.
type copyFormat struct {
	csv                  bool
	delim, quote, escape byte
	null                 string
}

func formatOf(c *translate.CopyCommand) copyFormat {
	f := copyFormat{csv: strings.EqualFold(c.Format, "csv"), null: c.Null, delim: firstByte(c.Delimiter, '\t')}
	if f.csv {
		f.delim = firstByte(c.Delimiter, ',')
		f.quote = firstByte(c.Quote, '"')
		f.escape = firstByte(c.Escape, f.quote)
	} else if c.Null == "" && c.Delimiter == "" {
		f.null = `\N`
	}
	return f
}

func firstByte(s string, def byte) byte {
	if s == "" {
		return def
	}
	return s[0]
}

// next returns the next row's fields (nil = NULL), the line it started on, or io.EOF.
func (p *copyParser) next() ([]*string, int, error) {
	for {
		p.line++
		start := p.line
		var fields []*string
		var err error
		if p.csv {
			fields, err = p.nextCSV()
		} else {
			fields, err = p.nextText()
		}
		if err != nil {
			return nil, start, err
		}
		if fields == nil {
			return nil, start, io.EOF
		}
		if p.skipHdr {
			p.skipHdr = false
			continue
		}
		return fields, start, nil
	}
}

func (p *copyParser) readLine() (string, error) {
	line, err := p.r.ReadString('\n')
	if err == io.EOF {
		if line == "" {
			return "", io.EOF
		}
		err = nil
	}
	if err != nil {
		return "", err
	}
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	return line, nil
}

// firstLine reads a record's first line; end reports the end of the data (EOF or the
// old end-of-data marker \.).
func (p *copyParser) firstLine() (line string, end bool, err error) {
	line, err = p.readLine()
	if err == io.EOF || (err == nil && line == `\.`) {
		return "", true, nil
	}
	return line, false, err
}

func (p *copyParser) nextText() ([]*string, error) {
	line, end, err := p.firstLine()
	if end || err != nil {
		return nil, err
	}
	var fields []*string
	for _, raw := range strings.Split(line, string(p.delim)) {
		if raw == p.null {
			fields = append(fields, nil)
			continue
		}
		v, err := unescapeCopyText(raw)
		if err != nil {
			return nil, err
		}
		fields = append(fields, &v)
	}
	return fields, nil
}

// unescapeCopyText undoes COPY text format's backslash escapes.
func unescapeCopyText(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '\\' || i+1 == len(s) {
			b.WriteByte(ch)
			continue
		}
		i++
		switch c := s[i]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				b.WriteByte('x')
				continue
			}
			n, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			b.WriteByte(byte(n))
			i = j - 1
		default:
			if c >= '0' && c <= '7' {
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				n, _ := strconv.ParseUint(s[i:j], 8, 8)
				b.WriteByte(byte(n))
				i = j - 1
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// nextCSV parses one CSV record, which may span lines inside quotes. An unquoted value
// equal to the NULL string is NULL; a quoted one is a string.
func (p *copyParser) nextCSV() ([]*string, error) {
	line, end, err := p.firstLine()
	if end || err != nil {
		return nil, err
	}
	var fields []*string
	var cur strings.Builder
	quoted, inQuotes := false, false
	emit := func() {
		v := cur.String()
		if !quoted && v == p.null {
			fields = append(fields, nil)
		} else {
			fields = append(fields, &v)
		}
		cur.Reset()
		quoted = false
	}
	for {
		for i := 0; i < len(line); i++ {
			ch := line[i]
			switch {
			case inQuotes && ch == p.escape && i+1 < len(line) && line[i+1] == p.quote:
				cur.WriteByte(p.quote)
				i++
			case inQuotes && ch == p.quote:
				inQuotes = false
			case inQuotes:
				cur.WriteByte(ch)
			case ch == p.quote:
				inQuotes, quoted = true, true
			case ch == p.delim:
				emit()
			default:
				cur.WriteByte(ch)
			}
		}
		if !inQuotes {
			break
		}
		next, err := p.readLine()
		if err == io.EOF {
			return nil, errors.New("unterminated CSV quoted field")
		}
		if err != nil {
			return nil, err
		}
		p.line++
		cur.WriteByte('\n')
		line = next
	}
	emit()
	return fields, nil
}

func (s *Session) copyTo(ctx context.Context, c *translate.CopyCommand, w wire.ResultWriter) error {
	sql := c.SelectSQL
	if sql == "" {
		sql = "SELECT * FROM " + c.Table
	}
	if c.Query != nil {
		// Its places (an ORDER BY of an enum column, say) need the catalog.
		q := s.withColumnTypes(ctx, c.Query)
		if q.CatalogError != nil {
			return withCatalogError(q)
		}
		sql = q.SQL
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	rows, err := s.conn.Query(sctx, sql, nil)
	if err != nil {
		return s.irisError(sctx, err)
	}
	defer rows.Close()
	cols := rows.Columns()
	fields := rowDescription(cols, nil, nil)
	cw, err := w.CopyOut(0, make([]int16, len(fields)))
	if err != nil {
		return err
	}
	cf := formatOf(c)
	csv, delim, null, quote, escape := cf.csv, cf.delim, cf.null, cf.quote, cf.escape
	forceAll := c.ForceQuoteAll
	force := map[string]bool{}
	for _, f := range c.ForceQuote {
		force[strings.ToLower(f)] = true
	}
	var line []byte
	if c.Header {
		line = line[:0]
		for i, f := range fields {
			if i > 0 {
				line = append(line, delim)
			}
			if csv {
				line = appendCSV(line, string(f.Name), delim, quote, escape, null, false)
			} else {
				line = appendCopyText(line, f.Name, delim)
			}
		}
		line = append(line, '\n')
		if _, err := cw.Write(line); err != nil {
			return err
		}
	}
	var n int64
	var val []byte
	for rows.Next() {
		line = line[:0]
		for i, f := range fields {
			if i > 0 {
				line = append(line, delim)
			}
			if rows.Item(i).IsNull() {
				line = append(line, null...)
				continue
			}
			text := f
			text.Format = 0
			val, err = appendValue(val[:0], rows, i, &text)
			if err != nil {
				return &wire.Error{Code: "XX000", Message: err.Error()}
			}
			if csv {
				line = appendCSV(line, string(val), delim, quote, escape, null, forceAll || force[string(f.Name)])
			} else {
				line = appendCopyText(line, val, delim)
			}
		}
		line = append(line, '\n')
		if _, err := cw.Write(line); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return s.irisError(sctx, err)
	}
	if err := cw.Done(); err != nil {
		return err
	}
	return w.CommandComplete("COPY " + strconv.FormatInt(n, 10))
}

// appendCopyText escapes a value for COPY text format.
func appendCopyText(dst, v []byte, delim byte) []byte {
	for _, ch := range v {
		switch ch {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\v':
			dst = append(dst, '\\', 'v')
		default:
			if ch == delim {
				dst = append(dst, '\\', ch)
				continue
			}
			dst = append(dst, ch)
		}
	}
	return dst
}

// appendCSV quotes a value when PostgreSQL would: it contains the delimiter, the quote,
// a line break, equals the NULL string, or quoting is forced.
func appendCSV(dst []byte, v string, delim, quote, escape byte, null string, force bool) []byte {
	need := force || v == null || v == "" && null == "" ||
		strings.IndexByte(v, delim) >= 0 || strings.IndexByte(v, quote) >= 0 ||
		strings.ContainsAny(v, "\r\n") || (escape != quote && strings.IndexByte(v, escape) >= 0)
	if !need {
		return append(dst, v...)
	}
	dst = append(dst, quote)
	for i := 0; i < len(v); i++ {
		if v[i] == quote || v[i] == escape {
			dst = append(dst, escape)
		}
		dst = append(dst, v[i])
	}
	return append(dst, quote)
}

// binaryCopySignature starts every COPY BINARY stream.
const binaryCopySignature = "PGCOPY\n\xff\r\n\x00"

// binaryCopyReader decodes COPY BINARY tuples with the column types of the target.
type binaryCopyReader struct {
	r      *bufio.Reader
	oids   []uint32
	header bool
	tuple  int
}

func (b *binaryCopyReader) readFull(n int) ([]byte, error) {
	buf := make([]byte, n)
	if _, err := io.ReadFull(b.r, buf); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, errors.New("unexpected end of COPY BINARY data")
		}
		return nil, err
	}
	return buf, nil
}

// next returns the next tuple's values, or io.EOF after the trailer.
func (b *binaryCopyReader) next() ([]any, int, error) {
	if !b.header {
		sig, err := b.readFull(len(binaryCopySignature) + 8)
		if err != nil {
			return nil, 0, err
		}
		if string(sig[:len(binaryCopySignature)]) != binaryCopySignature {
			return nil, 0, errors.New("COPY file signature not recognized")
		}
		extLen := int(binary.BigEndian.Uint32(sig[len(binaryCopySignature)+4:]))
		if extLen > 0 {
			if _, err := b.readFull(extLen); err != nil {
				return nil, 0, err
			}
		}
		b.header = true
	}
	b.tuple++
	// The trailer (-1) is optional: PostgreSQL also ends at a clean EOF between tuples,
	// and pgx's CopyFrom sends none.
	cnt := make([]byte, 2)
	if n, err := io.ReadFull(b.r, cnt); n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return nil, b.tuple, io.EOF
	} else if err != nil {
		return nil, b.tuple, errors.New("unexpected end of COPY BINARY data")
	}
	n := int(int16(binary.BigEndian.Uint16(cnt)))
	if n == -1 {
		return nil, b.tuple, io.EOF
	}
	if n != len(b.oids) {
		return nil, b.tuple, fmt.Errorf("row field count is %d, expected %d", n, len(b.oids))
	}
	vals := make([]any, n)
	for i := 0; i < n; i++ {
		lb, err := b.readFull(4)
		if err != nil {
			return nil, b.tuple, err
		}
		l := int32(binary.BigEndian.Uint32(lb))
		if l == -1 {
			continue
		}
		if l < 0 || l > 1<<30 {
			return nil, b.tuple, errors.New("invalid field size")
		}
		data, err := b.readFull(int(l))
		if err != nil {
			return nil, b.tuple, err
		}
		if vals[i], err = decodeBinaryParam(data, b.oids[i]); err != nil {
			return nil, b.tuple, err
		}
	}
	return vals, b.tuple, nil
}
