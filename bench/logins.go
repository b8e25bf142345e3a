package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pgwired/pgwired/internal/auth"
	"github.com/pgwired/pgwired/internal/auth/oauthtest"
	"github.com/pgwired/pgwired/internal/irissim"
)

// loginsResult is the login benchmark: for each authentication method, n sequential
// logins (one client) and n logins by `workers` clients at once, through a pgwired that
// serves only that method, on plaintext loopback TCP.
type loginsResult struct {
	PerRun  int        `json:"logins_per_run"`
	Workers int        `json:"workers"`
	Rows    []loginRow `json:"rows"`
}

// loginRow is one method with one choice of users. A login is: TCP connect, startup,
// the method's exchange, pgwired's IRIS login or pooled IRIS connection, ReadyForQuery;
// latency stops at ReadyForQuery, and Terminate and close count in the logins/s.
type loginRow struct {
	Method  string `json:"method"`
	Users   string `json:"users"` // usersNew or usersSame
	Missing string `json:"missing,omitempty"`
	Logins  int    `json:"logins"`
	// One client, logins back to back.
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	PerSecond float64 `json:"logins_per_second"`
	// Workers clients at once, Logins logins in all.
	ConcP50ms     float64 `json:"concurrent_p50_ms"`
	ConcP99ms     float64 `json:"concurrent_p99_ms"`
	ConcPerSecond float64 `json:"concurrent_logins_per_second"`
	// New IRIS connections (each one an IRIS login) the simulator accepted, per client
	// login, in the sequential run: 0 when pgwired's pool had one for the user.
	IRISLoginsPerLogin float64 `json:"iris_logins_per_login"`
	// Requests to the OAuth server (token grants + introspections) or to the KDC
	// (TGS-REQs) per client login in the sequential run.
	ExternalPerLogin float64 `json:"external_requests_per_login"`
	External         string  `json:"external,omitempty"`
}

// The two kinds of rows: every login by a user pgwired has not seen (no pooled IRIS
// connection, no cached token), or one user again and again.
const (
	usersNew  = "new user each login"
	usersSame = "same user"
)

// loginFunc logs in as user, through to ReadyForQuery, and closes.
type loginFunc func(ctx context.Context, user string) error

// loginCase is one row to measure: login logs in as user; user(i, w) names the user of
// the i-th login, made by worker w (the sequential run is worker 0).
type loginCase struct {
	row      loginRow
	user     func(i, w int) string
	login    loginFunc
	external func() int64 // cumulative count for ExternalPerLogin; nil: none
}

// loginBed is what every method shares: a simulator of its own in this process (the
// irissim binary knows one user; the new-user rows need thousands, created here, and
// counting its accepted connections counts IRIS logins), the pgwired binary, a directory.
type loginBed struct {
	dir, pgwiredBin string
	sim             *irissim.Server
	simAddr         string
	accepted        atomic.Int64 // IRIS connections accepted by the simulator
	n, workers      int
}

// countingListener counts accepted connections: each is one IRIS login.
type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// measureLogins runs every method with n logins per run and 8 workers for the concurrent
// run. A method whose tools are missing is reported as such, not skipped silently.
func measureLogins(env *environment, n int) (loginsResult, error) {
	const workers = 8
	res := loginsResult{PerRun: n, Workers: workers}
	dir := filepath.Join(env.dir, "logins")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	sim, err := irissim.New(irissim.Config{DataDir: filepath.Join(dir, "iris"), Users: map[string]string{"_SYSTEM": "SYS"}})
	if err != nil {
		return res, err
	}
	defer sim.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	b := &loginBed{dir: dir, pgwiredBin: env.pgwiredBin, sim: sim, simAddr: l.Addr().String(), n: n, workers: workers}
	go sim.Serve(countingListener{Listener: l, n: &b.accepted})

	for _, m := range []func() ([]loginRow, error){b.password, b.scram, b.oauth, b.gss} {
		rows, err := m()
		if err != nil {
			return res, err
		}
		res.Rows = append(res.Rows, rows...)
	}
	return res, nil
}

// startPgwired runs a pgwired that serves one method, on plaintext TCP: the cleartext
// password of the password and OAuth methods is allowed without TLS, as in the pgbench
// columns, so that the figures are the methods' and not TLS handshakes.
func (b *loginBed) startPgwired(label string, extra ...string) (*process, int, error) {
	data := filepath.Join(b.dir, label)
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, 0, err
	}
	return startPgwired(b.pgwiredBin, data, "pgwired-"+label, b.simAddr, extra...)
}

// newName names the i-th user of a method's new-user rows.
func newName(prefix string, i int) string { return fmt.Sprintf("%s-n%04d", prefix, i) }

// users is how many distinct users the new-user row of a method needs: n for the
// sequential run, n for the concurrent one and one for the unmeasured warm-up.
func (b *loginBed) users() int { return 2*b.n + 1 }

// pgconnLogin logs in with pgx's pgconn (cleartext password or SCRAM, as the server asks)
// and closes; password(user) is the client's password.
func pgconnLogin(port int, password func(string) string) (loginFunc, error) {
	base, err := pgconn.ParseConfig(fmt.Sprintf("host=127.0.0.1 port=%d dbname=USER sslmode=disable", port))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, user string) error {
		c := base.Copy()
		c.User, c.Password = user, password(user)
		conn, err := pgconn.ConnectConfig(ctx, c)
		if err != nil {
			return err
		}
		return conn.Close(ctx)
	}, nil
}

// password: cleartext password (AuthenticationCleartextPassword), checked by pgwired
// logging into IRIS as the user with it.
func (b *loginBed) password() ([]loginRow, error) {
	pw := func(user string) string { return "iris-" + user }
	for i := range b.users() {
		u := newName("pw", i)
		b.sim.AddUser(u, pw(u))
	}
	b.sim.AddUser("pw-same", pw("pw-same"))
	return b.measurePasswordLogins("password", pw, newAndSame("password (cleartext)", "password (cleartext)", "pw", "pw-same", "", nil),
		"AUTH_METHODS=password")
}

// scram: SCRAM-SHA-256 (pgx, no channel binding on plaintext) against verifiers in
// AUTH_USERLIST_FILE (4,096 iterations, PostgreSQL's default); the IRIS password comes
// from the Wallet.
func (b *loginBed) scram() ([]loginRow, error) {
	clientPW := func(user string) string { return "client-" + user }
	names := []string{"scram-same"}
	for i := range b.users() {
		names = append(names, newName("scram", i))
	}
	var list strings.Builder
	for _, u := range names {
		v, err := auth.NewScramVerifier(clientPW(u), []byte("salt-"+u+"-0123456"), 4096)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&list, "%q %q\n", u, v.String())
		b.sim.AddUser(u, "iris-"+u)
		b.sim.SetWalletSecret("USER", "pgwire-user-"+u, "iris-"+u)
	}
	userlist := filepath.Join(b.dir, "userlist.txt")
	if err := os.WriteFile(userlist, []byte(list.String()), 0o600); err != nil {
		return nil, err
	}
	return b.measurePasswordLogins("scram", clientPW, newAndSame("scram-sha-256", "scram-sha-256", "scram", "scram-same", "", nil),
		"AUTH_METHODS=scram-sha-256", "AUTH_USERLIST_FILE="+userlist)
}

// oauth: pgwired exchanges the client's cleartext password for a token at a real OAuth
// server (fosite, password grant), checks it by introspection, caches it under (user,
// password), and logs into IRIS with the same password. Cold cache: every login is a
// user pgwired has never seen, so each costs a grant, an introspection and a new IRIS
// login. Warm cache: one user again and again, answered from the token cache.
func (b *loginBed) oauth() ([]loginRow, error) {
	pw := func(user string) string { return "iris-" + user }
	users := map[string]string{"oauth-same": pw("oauth-same")}
	for i := range b.users() {
		users[newName("oauth", i)] = pw(newName("oauth", i))
	}
	for u, p := range users {
		b.sim.AddUser(u, p)
	}
	secret := "bench-oauth-client-secret-0123456789abcdef"
	idp, err := oauthtest.Start("pgwired", secret, users, time.Hour)
	if err != nil {
		return nil, err
	}
	defer idp.Close()
	requests := func() int64 { return idp.TokenRequests.Load() + idp.Introspections.Load() }
	return b.measurePasswordLogins("oauth", pw,
		newAndSame("oauth, cold token cache", "oauth, warm token cache", "oauth", "oauth-same", "OAuth token grants + introspections", requests),
		"AUTH_METHODS=oauth", "OAUTH_CLIENT_ID=pgwired", "OAUTH_CLIENT_SECRET="+secret,
		"OAUTH_TOKEN_ENDPOINT="+idp.TokenURL(), "OAUTH_INTROSPECTION_ENDPOINT="+idp.IntrospectionURL(), "OAUTH_SCOPES=offline")
}

// measurePasswordLogins starts a pgwired with env (label names its files), logs in with a
// password, pw(user), as pgx sends it, and measures the cases made for that login.
func (b *loginBed) measurePasswordLogins(label string, pw func(string) string, cases func(login loginFunc) []loginCase, env ...string) ([]loginRow, error) {
	p, port, err := b.startPgwired(label, env...)
	if err != nil {
		return nil, err
	}
	defer p.stop()
	login, err := pgconnLogin(port, pw)
	if err != nil {
		return nil, err
	}
	return b.measureCases(p, cases(login)...)
}

// newAndSame makes a method's two rows: every login by a user new to pgwired (prefix and
// the login's number), then the user same again and again. external, if not nil, counts
// the requests to an outside server that extName names.
func newAndSame(newMethod, sameMethod, prefix, same, extName string, external func() int64) func(login loginFunc) []loginCase {
	return func(login loginFunc) []loginCase {
		return []loginCase{
			{row: loginRow{Method: newMethod, Users: usersNew, External: extName},
				user: func(i, _ int) string { return newName(prefix, i) }, login: login, external: external},
			{row: loginRow{Method: sameMethod, Users: usersSame, External: extName},
				user: func(int, int) string { return same }, login: login, external: external},
		}
	}
}

// measureCases measures each case on pgwired p in turn: an unmeasured warm-up (a spare
// user for the new-user row; every worker's user for the same-user row), the sequential
// run, then the concurrent run with fresh users. An error carries the tail of p's log.
func (b *loginBed) measureCases(p *process, cases ...loginCase) ([]loginRow, error) {
	rows, err := b.measureEach(cases)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s log:\n%s", err, p.name, readLog(p))
	}
	return rows, nil
}

func (b *loginBed) measureEach(cases []loginCase) ([]loginRow, error) {
	var rows []loginRow
	for _, c := range cases {
		r := c.row
		fmt.Printf("  %-28s %-20s ...\n", r.Method, r.Users)
		newUsers := r.Users == usersNew
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute+time.Duration(b.n)*100*time.Millisecond)
		warm := []string{c.user(2*b.n, 0)}
		if !newUsers {
			warm = warm[:0]
			for w := range b.workers {
				warm = append(warm, c.user(0, w))
			}
		}
		for _, u := range warm {
			if err := c.login(ctx, u); err != nil {
				cancel()
				return nil, fmt.Errorf("%s warm-up login as %s: %w", r.Method, u, err)
			}
		}
		irisBefore := b.accepted.Load()
		var extBefore int64
		if c.external != nil {
			extBefore = c.external()
		}
		lat, wall, err := runLogins(ctx, b.n, 1, func(ctx context.Context, i, w int) error { return c.login(ctx, c.user(i, w)) })
		if err != nil {
			cancel()
			return nil, fmt.Errorf("%s (%s): %w", r.Method, r.Users, err)
		}
		r.Logins = b.n
		r.IRISLoginsPerLogin = float64(b.accepted.Load()-irisBefore) / float64(b.n)
		if c.external != nil {
			r.ExternalPerLogin = float64(c.external()-extBefore) / float64(b.n)
		}
		r.P50ms, r.P99ms = millis(percentile(lat, 0.50)), millis(percentile(lat, 0.99))
		r.PerSecond = float64(b.n) / wall.Seconds()
		lat, wall, err = runLogins(ctx, b.n, b.workers, func(ctx context.Context, i, w int) error { return c.login(ctx, c.user(b.n+i, w)) })
		cancel()
		if err != nil {
			return nil, fmt.Errorf("%s (%s), %d workers: %w", r.Method, r.Users, b.workers, err)
		}
		r.ConcP50ms, r.ConcP99ms = millis(percentile(lat, 0.50)), millis(percentile(lat, 0.99))
		r.ConcPerSecond = float64(b.n) / wall.Seconds()
		rows = append(rows, r)
	}
	return rows, nil
}

// runLogins makes n logins with `workers` goroutines; login(i, w) is the i-th login, by
// worker w. It returns the sorted latencies and the wall time of all n.
func runLogins(ctx context.Context, n, workers int, login func(ctx context.Context, i, w int) error) ([]time.Duration, time.Duration, error) {
	lat := make([]time.Duration, n)
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	begin := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				t0 := time.Now()
				err := login(lctx, i, w)
				lat[i] = time.Since(t0)
				cancel()
				if err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("login %d of %d: %w", i+1, n, err)
					}
					mu.Unlock()
					next.Store(int64(n)) // stop the others too
					return
				}
			}
		}()
	}
	wg.Wait()
	wall := time.Since(begin)
	slices.Sort(lat)
	return lat, wall, first
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// missingRow reports a method that could not be measured, and why.
func missingRow(method, why string) loginRow {
	return loginRow{Method: method, Users: "–", Missing: why}
}

func (r *loginsResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nLogins per authentication method through pgwired (plaintext loopback TCP, IRIS simulator): %d logins by one client back to back, then %d by %d clients at once.\n\n",
		r.PerRun, r.PerRun, r.Workers)
	b.WriteString("| method | users | logins | p50 ms | p99 ms | logins/s (1 client) | logins/s (" + strconv.Itoa(r.Workers) + " clients) | p50 / p99 ms (" + strconv.Itoa(r.Workers) + " clients) | IRIS logins per login | IdP/KDC requests per login |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range r.Rows {
		if x.Missing != "" {
			fmt.Fprintf(&b, "| %s | – | missing: %s | | | | | | | |\n", x.Method, x.Missing)
			continue
		}
		ext := "–"
		if x.External != "" {
			ext = fmt.Sprintf("%.2f", x.ExternalPerLogin)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %.2f | %.2f | %.0f | %.0f | %.2f / %.2f | %.2f | %s |\n",
			x.Method, x.Users, x.Logins, x.P50ms, x.P99ms, x.PerSecond, x.ConcPerSecond, x.ConcP50ms, x.ConcP99ms,
			x.IRISLoginsPerLogin, ext)
	}
	b.WriteString(`
- A login is TCP connect, StartupMessage, the method's exchange, pgwired's IRIS login (or a
  pooled IRIS connection of the same user and password), ReadyForQuery; latency stops at
  ReadyForQuery, Terminate and close count in logins/s. Each method has its own pgwired
  (AUTH_METHODS=that method; default pool, Wallet cache and audit log, which is off); no
  TLS, so no handshake cost.
- "IRIS logins per login" counts new connections the simulator accepted: 1 when the
  user is new to pgwired, 0 when its pool still held a connection of that user
  (POOL_SIZE 100; with new users it evicts another user's idle connection).
- password, oauth: pgx (pgconn) sends the cleartext password. scram-sha-256: pgx computes
  the proof (4,096 PBKDF2 iterations on each side); verifiers in AUTH_USERLIST_FILE, the
  IRIS password from the Wallet. oauth: fosite (password grant, bcrypt cost 4 for the
  client secret, RFC 7662 introspection) in the benchmark process; cold = a user pgwired
  has never seen, so a grant, an introspection and an IRIS login; warm = the same user
  and password, answered from pgwired's token cache.
- gss: a real MIT KDC; a pure-Go client (gokrb5) with a TGT from an untimed AS exchange
  sends the AP-REQ over the PostgreSQL protocol, checks pgwired's AP-REP (mutual
  authentication, as libpq does), then waits for ReadyForQuery. A new principal's first
  login includes its TGS exchange with the KDC (as libpq's first connection after kinit
  does); the same principal's later logins use its cached service ticket. Concurrent
  same-user gss logins use one principal per client (the replay cache would refuse two
  authenticators of one principal in the same microsecond).
- The simulator, the OAuth server and the clients share the benchmark process; pgwired
  and the KDC are processes of their own; all on the same cores.
`)
	return b.String()
}
