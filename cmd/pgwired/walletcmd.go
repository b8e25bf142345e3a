package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/pgwired/pgwired/internal/config"
	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/wallet"
)

const walletUsage = `usage:
  pgwired wallet set KEY          store the value read from standard input under KEY
  pgwired wallet get KEY          print the value stored under KEY
  pgwired wallet import FILE      store user:password lines as pgwire-user-{user} keys
  pgwired wallet check            report whether the Wallet answers (IsEnabled)

Values are read from standard input or FILE, never from the command line, so they stay
out of shell history and ps. IRIS is reached with IRIS_HOST/IRIS_PORT/IRIS_USERNAME/
IRIS_PASSWORD in WALLET_NAMESPACE (default IRIS_NAMESPACE); WALLET_CLASS and
WALLET_*_METHOD name the class (docs/WALLET_TROUBLESHOOTING.md).
`

// walletCommand is `pgwired wallet …`: what operators use to put the IRIS passwords of
// password-less users, SCRAM verifiers and the OAuth client secret into the Wallet.
func walletCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, walletUsage)
		return 2
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(stderr, "pgwired wallet: invalid configuration:")
		fmt.Fprintln(stderr, err)
		return 1
	}
	if cfg.BackendType == config.BackendSim {
		fmt.Fprintln(stderr, "pgwired wallet: BACKEND_TYPE=sim keeps its Wallet inside the running daemon; point IRIS_HOST/IRIS_PORT at an IRIS (or cmd/irissim) instead")
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Through the failover list: Wallet writes must reach the mirror's current primary.
	conn, err := newIRISMembers(cfg.IRISAddrs(), slog.Default()).connect(ctx, iris.Options{
		Namespace: cfg.WalletNS(), Username: cfg.IRISUsername, Password: cfg.IRISPassword,
		DialTimeout: 10 * time.Second, AppName: "pgwired wallet",
	})
	if err != nil {
		fmt.Fprintln(stderr, "pgwired wallet: connecting to IRIS:", err)
		return 1
	}
	defer conn.Close()
	w := wallet.New(wallet.Config{
		Names: wallet.Names{Class: cfg.WalletClass, Get: cfg.WalletGetMethod, Set: cfg.WalletSetMethod, IsEnabled: cfg.WalletEnabledMethod},
		Dial: func(context.Context) (wallet.Caller, func(bool), error) {
			return conn, func(bool) {}, nil
		},
	})

	switch {
	case args[0] == "set" && len(args) == 2:
		v, err := readSecret(stdin)
		if err != nil {
			fmt.Fprintln(stderr, "pgwired wallet set:", err)
			return 1
		}
		if err := w.Set(ctx, args[1], v); err != nil {
			fmt.Fprintln(stderr, "pgwired wallet set:", err)
			return 1
		}
		fmt.Fprintf(stdout, "stored %s\n", args[1])
	case args[0] == "get" && len(args) == 2:
		v, err := w.Get(ctx, args[1])
		if err != nil {
			fmt.Fprintln(stderr, "pgwired wallet get:", err)
			return 1
		}
		fmt.Fprintln(stdout, v)
	case args[0] == "import" && len(args) == 2:
		n, err := importUsers(ctx, w, args[1], stdout)
		if err != nil {
			fmt.Fprintln(stderr, "pgwired wallet import:", err)
			return 1
		}
		fmt.Fprintf(stdout, "imported %d user passwords\n", n)
	case args[0] == "check" && len(args) == 1:
		ok, err := w.Enabled(ctx)
		if err != nil {
			fmt.Fprintln(stderr, "pgwired wallet check:", err)
			return 1
		}
		if !ok {
			fmt.Fprintf(stderr, "pgwired wallet check: %s.%s() answered false\n", cfg.WalletClass, cfg.WalletEnabledMethod)
			return 1
		}
		fmt.Fprintf(stdout, "Wallet %s in namespace %s is enabled\n", cfg.WalletClass, cfg.WalletNS())
	default:
		fmt.Fprint(stderr, walletUsage)
		return 2
	}
	return 0
}

// readSecret reads one line (the value) from r, without its line ending.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	v := strings.TrimRight(line, "\r\n")
	if v == "" {
		return "", errors.New("no value on standard input")
	}
	return v, nil
}

// importUsers stores every "user:password" line of file as pgwire-user-{user}. It names
// each key it writes and never prints a password. Blank lines and '#' comments are
// skipped; a password may contain ':' (the user name may not).
func importUsers(ctx context.Context, w *wallet.Wallet, file string, stdout io.Writer) (int, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	type pair struct{ user, password string }
	var pairs []pair
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		user, pw, ok := strings.Cut(line, ":")
		user = strings.TrimSpace(user)
		if !ok || user == "" || pw == "" {
			return 0, fmt.Errorf("%s:%d: want user:password", file, n)
		}
		pairs = append(pairs, pair{user, pw})
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	// The whole file is checked before the first write: a typo on line 90 must not leave
	// 89 users imported and the rest not.
	for i, p := range pairs {
		key := wallet.UserKey(p.user)
		if err := w.Set(ctx, key, p.password); err != nil {
			return i, err
		}
		fmt.Fprintf(stdout, "stored %s\n", key)
	}
	return len(pairs), nil
}
