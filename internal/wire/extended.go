package wire

import (
	"context"
	"encoding/binary"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// SyncHandler is implemented by sessions that want to act on Sync before
// ReadyForQuery is sent, e.g. to commit the implicit transaction of an
// extended-protocol batch or to roll it back after an error. An error is
// reported to the client before ReadyForQuery.
type SyncHandler interface {
	Sync(ctx context.Context) error
}

// Pipeliner is implemented by sessions that run the statements between two Syncs as one
// implicit transaction, as PostgreSQL does. Before an Execute, wire calls ExecuteAhead
// when another Execute may follow before the next Sync (one is already buffered, or the
// buffered input ends before a Sync); the session then opens the implicit transaction
// that its SyncHandler.Sync commits, or rolls back after an error. A lone Execute before
// Sync gets no call and can run as a single statement.
type Pipeliner interface {
	ExecuteAhead()
}

func (c *conn) handleParse(body []byte) error {
	var m pgproto3.Parse
	if err := m.Decode(body); err != nil {
		return errInvalidMessageFormat
	}
	if m.Name == "" {
		c.closeStatement("") // the unnamed statement is replaced even if this Parse fails
	} else if _, dup := c.stmts[m.Name]; dup {
		return Errorf(CodeDuplicatePreparedStmt, "prepared statement \"%s\" already exists", m.Name)
	}
	var ps PreparedStatement
	if isBlank(m.Query) {
		ps = emptyStatement{paramOIDs: m.ParameterOIDs}
	} else {
		var err error
		if ps, err = c.sess.Prepare(c.ctx, m.Name, m.Query, m.ParameterOIDs); err != nil {
			return err
		}
	}
	if c.stmts == nil {
		c.stmts = make(map[string]PreparedStatement)
	}
	c.stmts[m.Name] = ps
	c.sendRaw(msgParseComplete)
	return nil
}

func (c *conn) handleBind(body []byte) error {
	m := &c.bind
	if err := m.decode(body); err != nil {
		return err
	}
	ps, ok := c.stmts[string(m.stmt)]
	if !ok {
		return errNoStatement(m.stmt)
	}
	if len(m.portal) > 0 {
		if _, dup := c.portals[string(m.portal)]; dup {
			return Errorf(CodeDuplicateCursor, "cursor \"%s\" already exists", m.portal)
		}
	} else {
		c.closePortal("")
	}
	if err := checkBindCounts(m, ps); err != nil {
		return err
	}
	p, err := ps.Bind(c.ctx, m.params, m.paramFormats, m.resultFormats)
	if err != nil {
		return err
	}
	if c.portals == nil {
		c.portals = make(map[string]Portal)
	}
	c.portals[string(m.portal)] = p
	c.sendRaw(msgBindComplete)
	return nil
}

// checkBindCounts applies PostgreSQL's Bind checks: format code counts
// of 0, 1 or one per value, valid codes, and one value per parameter.
func checkBindCounts(m *bindMsg, ps PreparedStatement) error {
	if nf := len(m.paramFormats); nf > 1 && nf != len(m.params) {
		return Errorf(CodeProtocolViolation, "bind message has %d parameter formats but %d parameters", nf, len(m.params))
	}
	if want := len(ps.ParamOIDs()); len(m.params) != want {
		return Errorf(CodeProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d", len(m.params), m.stmt, want)
	}
	for _, formats := range [2][]int16{m.paramFormats, m.resultFormats} {
		for _, f := range formats {
			if f != 0 && f != 1 {
				return Errorf("22023", "unsupported format code: %d", f)
			}
		}
	}
	return nil
}

func (c *conn) handleDescribe(body []byte) error {
	kind, name, err := decodeTarget(body)
	if err != nil {
		return err
	}
	switch kind {
	case 'S':
		ps, ok := c.stmts[string(name)]
		if !ok {
			return errNoStatement(name)
		}
		c.sendParameterDescription(ps.ParamOIDs())
		return c.sendColumns(ps.Columns(), true)
	case 'P':
		p, ok := c.portals[string(name)]
		if !ok {
			if cd, isCD := c.sess.(CursorDescriber); isCD {
				if cols, found := cd.DescribeCursor(string(name)); found {
					return c.sendColumns(cols, false)
				}
			}
			return errNoPortal(name)
		}
		return c.sendColumns(p.Columns(), false)
	default:
		return Errorf(CodeProtocolViolation, "invalid DESCRIBE message subtype %d", kind)
	}
}

func (c *conn) sendParameterDescription(oids []uint32) {
	b := c.wr.begin()
	b = append(b, 't')
	b = binary.BigEndian.AppendUint32(b, uint32(4+2+4*len(oids)))
	b = binary.BigEndian.AppendUint16(b, uint16(len(oids)))
	for _, oid := range oids {
		b = binary.BigEndian.AppendUint32(b, oid)
	}
	c.wr.end(b)
}

// sendColumns sends RowDescription, or NoData for a statement without rows.
func (c *conn) sendColumns(cols []pgproto3.FieldDescription, forceText bool) error {
	if cols == nil {
		c.sendRaw(msgNoData)
		return nil
	}
	b, err := appendRowDescription(c.wr.begin(), cols, forceText)
	if err != nil {
		return err
	}
	c.wr.end(b)
	return nil
}

func (c *conn) handleExecute(body []byte) error {
	name, maxRows, err := decodeExecute(body)
	if err != nil {
		return err
	}
	p, ok := c.portals[string(name)]
	if !ok {
		return errNoPortal(name)
	}
	c.results.extended = true
	if pl, ok := c.sess.(Pipeliner); ok && c.rd.executeBeforeSync() {
		pl.ExecuteAhead()
	}
	start := time.Now()
	suspended, err := p.Execute(c.ctx, &c.results, maxRows)
	c.srv.cfg.Observer.StatementDone(time.Since(start), err != nil)
	if err != nil {
		return err
	}
	if suspended {
		c.sendRaw(msgPortalSuspended)
	}
	return c.wr.err
}

func (c *conn) handleClose(body []byte) error {
	kind, name, err := decodeTarget(body)
	if err != nil {
		return err
	}
	switch kind {
	case 'S':
		c.closeStatement(string(name))
	case 'P':
		c.closePortal(string(name))
	default:
		return Errorf(CodeProtocolViolation, "invalid CLOSE message subtype %d", kind)
	}
	// Closing something that does not exist is not an error.
	c.sendRaw(msgCloseComplete)
	return nil
}

func (c *conn) handleSync() error {
	c.skipToSync = false
	if h, ok := c.sess.(SyncHandler); ok {
		if err := h.Sync(c.ctx); err != nil {
			if isClientGone(err) {
				return err
			}
			we := toWireError(err)
			if we.fatal() {
				return we
			}
			c.sendError(we)
		}
	}
	c.closePortalsAfterTransaction()
	c.sendReadyForQuery()
	return c.wr.flush()
}

// closePortalsAfterTransaction drops all portals once no transaction is
// open: PostgreSQL destroys portals at transaction end, and outside a
// transaction block every Sync or Query ends an implicit one. (WITH HOLD
// cursors are not supported.)
func (c *conn) closePortalsAfterTransaction() {
	if len(c.portals) > 0 && c.sess.TxStatus() == 'I' {
		c.closeAllPortals()
	}
}

func (c *conn) closeAllPortals() {
	for name := range c.portals {
		c.closePortal(name)
	}
}

func (c *conn) closePortal(name string) {
	p, ok := c.portals[name]
	if !ok {
		return
	}
	delete(c.portals, name)
	if err := p.Close(); err != nil {
		c.log.Warn("closing portal failed", "portal", name, "err", err)
	}
}

func (c *conn) closeStatement(name string) {
	ps, ok := c.stmts[name]
	if !ok {
		return
	}
	delete(c.stmts, name)
	if err := ps.Close(); err != nil {
		c.log.Warn("closing prepared statement failed", "statement", name, "err", err)
	}
}

func errNoStatement(name []byte) *Error {
	if len(name) == 0 {
		return Errorf(CodeInvalidSQLStatementName, "unnamed prepared statement does not exist")
	}
	return Errorf(CodeInvalidSQLStatementName, "prepared statement \"%s\" does not exist", name)
}

func errNoPortal(name []byte) *Error {
	if len(name) == 0 {
		return Errorf(CodeInvalidCursorName, "unnamed portal does not exist")
	}
	return Errorf(CodeInvalidCursorName, "portal \"%s\" does not exist", name)
}

// emptyStatement is a Parse of blank query text, answered by wire itself
// with EmptyQueryResponse on Execute, as PostgreSQL does.
type emptyStatement struct{ paramOIDs []uint32 }

func (s emptyStatement) ParamOIDs() []uint32                { return s.paramOIDs }
func (emptyStatement) Columns() []pgproto3.FieldDescription { return nil }
func (emptyStatement) Close() error                         { return nil }
func (emptyStatement) Bind(context.Context, [][]byte, []int16, []int16) (Portal, error) {
	return emptyPortal{}, nil
}

type emptyPortal struct{}

func (emptyPortal) Columns() []pgproto3.FieldDescription { return nil }
func (emptyPortal) Close() error                         { return nil }
func (emptyPortal) Execute(_ context.Context, w ResultWriter, _ int) (bool, error) {
	return false, w.EmptyQuery()
}
