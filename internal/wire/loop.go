package wire

import "errors"

// errTerminate ends the command loop after a Terminate message.
var errTerminate = errors.New("client sent Terminate")

// commandLoop serves the session: one message at a time, one handler per
// message type.
//
// It returns true when it parked the session: the client is idle, and the wait for its next
// message goes on in a fresh goroutine (resumeOnInput), which then runs the loop again.
func (c *conn) commandLoop(resumed bool) (parked bool) {
	idler, _ := c.sess.(Idler)
	for {
		if !resumed {
			if idler != nil && c.ready && c.rd.buffered() == 0 {
				idler.Idle()
			}
			c.armIdleTimeout()
			if c.ready && c.rd.buffered() == 0 && c.srv.active.Load() >= parkIdleFrom {
				go c.resumeFn()
				return true
			}
		}
		idle := resumed || c.ready && c.rd.buffered() == 0
		resumed = false
		typ, body, err := c.readMessage()
		if idle {
			c.srv.commandBegins(c.info.ID)
		}
		if err == nil {
			if c.skipToSync && typ != 'S' && typ != 'X' {
				continue // PostgreSQL discards everything up to Sync after an error
			}
			err = c.dispatch(typ, body)
		}
		if err != nil && !c.reportError(typ, err) {
			return
		}
	}
}

func (c *conn) dispatch(typ byte, body []byte) error {
	switch typ {
	case 'Q':
		return c.handleQuery(body)
	case 'P':
		return c.handleParse(body)
	case 'B':
		return c.handleBind(body)
	case 'D':
		return c.handleDescribe(body)
	case 'E':
		return c.handleExecute(body)
	case 'C':
		return c.handleClose(body)
	case 'S':
		return c.handleSync()
	case 'H':
		return c.wr.flush()
	case 'X':
		return errTerminate
	case 'F':
		return c.handleFunctionCall()
	case 'd', 'c', 'f':
		// Left over from a COPY that already failed: PostgreSQL drops them.
		return nil
	default: // 'p' outside authentication
		return Fatalf(CodeProtocolViolation, "invalid frontend message type %d", typ)
	}
}

// reportError tells the client about err and reports whether the
// connection can go on.
func (c *conn) reportError(typ byte, err error) bool {
	switch {
	case errors.Is(err, errTerminate):
		return false
	case isClientGone(err), c.killed.Load():
		c.connectionLost(err)
		return false
	}
	we := toWireError(err)
	if we.fatal() {
		c.fatal(we)
		return false
	}
	if we.SQLState() == CodeInternalError {
		c.log.Error("internal error", "err", err)
	}
	c.sendError(we)
	c.skipToSync = isExtendedMessage(typ)
	// PostgreSQL flushes every error at once, so a client waiting without
	// Sync still learns what happened.
	if err := c.wr.flush(); err != nil {
		c.connectionLost(err)
		return false
	}
	return true
}

func isExtendedMessage(t byte) bool {
	switch t {
	case 'P', 'B', 'D', 'E', 'C', 'H':
		return true
	}
	return false
}
