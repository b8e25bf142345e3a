package wire

import "time"

var (
	errIdleInTransaction = Fatalf("25P03", "terminating connection due to idle-in-transaction timeout")
	errIdleSession       = Fatalf("57P05", "terminating connection due to idle-session timeout")
)

// armIdleTimeout starts the idle timeout that applies to the session's
// state before the loop blocks for the next command, as PostgreSQL's
// idle_in_transaction_session_timeout and idle_session_timeout do. Like
// there, only waiting after ReadyForQuery counts (not a pause inside an
// extended-protocol batch), and input already buffered is not idleness.
func (c *conn) armIdleTimeout() {
	cfg := &c.srv.cfg
	if cfg.IdleInTransactionTimeout <= 0 && cfg.IdleSessionTimeout <= 0 || !c.ready || c.rd.buffered() > 0 {
		return
	}
	limit, timeout := errIdleSession, cfg.IdleSessionTimeout
	if st := c.sess.TxStatus(); st == 'T' || st == 'E' {
		limit, timeout = errIdleInTransaction, cfg.IdleInTransactionTimeout
	}
	if timeout <= 0 {
		return
	}
	c.idleLimit = limit
	c.setReadDeadline(time.Now().Add(timeout))
}

// disarmIdleTimeout stops the idle timeout once a message has begun to arrive.
func (c *conn) disarmIdleTimeout() {
	c.idleLimit = nil
	c.setReadDeadline(time.Time{})
}

// setReadDeadline is setDeadline for reads only.
func (c *conn) setReadDeadline(t time.Time) {
	_ = c.nc.SetReadDeadline(t)
	if c.killed.Load() {
		_ = c.nc.SetDeadline(time.Now())
	}
}
