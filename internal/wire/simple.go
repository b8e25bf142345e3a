package wire

import (
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// handleQuery runs a simple-protocol Query: its errors end the query, not
// the connection, and ReadyForQuery always follows.
func (c *conn) handleQuery(body []byte) error {
	var q pgproto3.Query
	if err := q.Decode(body); err != nil {
		c.sendError(errInvalidMessageFormat)
	} else {
		// A simple Query destroys the unnamed statement and portal.
		c.closePortal("")
		c.closeStatement("")
		if err := c.runSimpleQuery(q.String); err != nil {
			return err
		}
	}
	c.closePortalsAfterTransaction()
	c.sendReadyForQuery()
	return c.wr.flush()
}

// runSimpleQuery returns only errors that end the connection; statement
// errors are sent to the client here.
func (c *conn) runSimpleQuery(sql string) error {
	if isBlank(sql) {
		c.sendRaw(msgEmptyQuery)
		return nil
	}
	c.results.extended = false
	start := time.Now()
	err := c.sess.SimpleQuery(c.ctx, sql, &c.results)
	c.srv.cfg.Observer.StatementDone(time.Since(start), err != nil)
	if err == nil {
		return nil
	}
	if isClientGone(err) || c.killed.Load() {
		return err
	}
	we := toWireError(err)
	if we.fatal() {
		return we
	}
	if we.SQLState() == CodeInternalError {
		c.log.Error("internal error", "err", err)
	}
	c.sendError(we)
	return nil
}

// handleFunctionCall refuses the fastpath interface (used by libpq's
// large-object functions), which an IRIS proxy cannot offer.
func (c *conn) handleFunctionCall() error {
	c.sendError(Errorf(CodeFeatureNotSupported, "function call messages are not supported"))
	c.sendReadyForQuery()
	return c.wr.flush()
}

// isBlank reports whether a query text holds only whitespace; PostgreSQL
// answers such a query with EmptyQueryResponse.
func isBlank(sql string) bool {
	for i := 0; i < len(sql); i++ {
		switch sql[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}
