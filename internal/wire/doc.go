// Package wire is pgwired's PostgreSQL frontend: it speaks protocol 3.0 to
// clients and knows nothing about IRIS or SQL. The layers meet through
// interfaces defined here:
//
//	client bytes ─► wire (framing, protocol state machine)
//	                 ├─► Authenticator (who is the client?)         — internal/auth
//	                 └─► Session / PreparedStatement / Portal        — internal/session
//	                        └─► ResultWriter ─► wire ─► client bytes
//
// # Connection life cycle
//
// Server.Serve accepts connections and runs each in one goroutine (conn.serve),
// a linear function: login, then a loop with one switch over message types
// and one handler per message. Everything up to the first ReadyForQuery runs
// under Config.LoginTimeout:
//
//  1. Encryption: an SSLRequest is answered 'S' (then TLS) or 'N'; a first
//     byte 0x16 is PostgreSQL 17 direct TLS (ALPN "postgresql" required); a
//     GSSENCRequest is answered 'N'. A CancelRequest is passed to
//     Config.Cancel and the connection closed without a reply.
//  2. StartupMessage 3.0; a newer 3.x or "_pq_." options get a
//     NegotiateProtocolVersion for 3.0; other versions a FATAL 0A000.
//     Replication connections and client encodings other than UTF8 are
//     refused (0A000). Then MaxConnections (FATAL 53300) and TLSRequired
//     (FATAL 28000) are checked, so that the client can read the refusal.
//  3. Authenticator.Authenticate, talking to the client through AuthExchange.
//  4. AuthenticationOk, Config.NewSession, ParameterStatus*, BackendKeyData,
//     ReadyForQuery — PostgreSQL's order.
//
// # Queries
//
// A Query message goes to Session.SimpleQuery, followed by ReadyForQuery
// with Session.TxStatus. The extended protocol is handled by wire:
// Parse → Session.Prepare, Bind → PreparedStatement.Bind, Execute →
// Portal.Execute (row limits and PortalSuspended), Describe, Close, Flush,
// Sync. After an error in an extended-protocol message every message up to
// Sync is discarded, then ReadyForQuery reports the state (PostgreSQL's
// "skip to Sync"). A Session that also implements SyncHandler is told
// about each Sync before ReadyForQuery, and one that implements Pipeliner
// is told before an Execute that more Executes may follow before the Sync
// (PostgreSQL runs them in one implicit transaction). Portals are closed when a Sync or Query finds no
// transaction open, since PostgreSQL destroys them at transaction end.
//
// Errors a session returns become ErrorResponse: an *Error keeps all its
// fields, an error with a SQLState() method keeps its code, anything else
// is XX000. FATAL errors close the connection.
//
// # Timeouts and shutdown
//
// LoginTimeout bounds the login. IdleInTransactionTimeout and
// IdleSessionTimeout end sessions that wait too long after ReadyForQuery
// (FATAL 25P03 / 57P05, as PostgreSQL). Statement timeouts belong to the
// session, which gets a context per call. Server.Shutdown stops accepting,
// lets sessions finish, and at its deadline cancels their contexts and
// sends FATAL 57P01. A panic in a session ends only its connection
// (FATAL XX000).
//
// # Buffers
//
// Output is buffered and written at Sync, Flush, ReadyForQuery, errors,
// notices, COPY IN start, and whenever 16 KiB are pending, so that a large
// result streams with bounded memory. Read and write buffers are borrowed
// from a pool while a connection is busy and given back when it is idle;
// an idle connection holds its goroutine, socket and a few hundred bytes
// of state. This is why wire frames messages itself instead of using
// pgproto3.Backend (which pins an 8 KiB read buffer per connection and
// cannot parse a 3.x startup it does not know); pgproto3 still encodes
// and decodes the message types that are not on the per-query path.
package wire
