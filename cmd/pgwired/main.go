// Command pgwired is a PostgreSQL wire-protocol proxy for InterSystems IRIS.
//
//	pgwired [serve]       run the daemon (configuration from the environment)
//	pgwired check-config  print the effective configuration, secrets masked; exit 1 if invalid
//	pgwired version       print the version
//	pgwired gen-secret    print a random secret (48 characters) for OAuth client secrets
//	pgwired wallet …      set, get or import secrets in the IRIS Wallet (walletcmd.go)
package main

import (
	"crypto/rand"
	"fmt"
	"os"

	"github.com/pgwired/pgwired/internal/config"
)

// Set at build time with -ldflags "-X main.version=... -X main.commit=...".
var (
	version = "0.1.0-dev"
	commit  = "unknown"
)

// pgCompatVersion is the PostgreSQL version pgwired reports: clients switch features on
// server_version, and pgwired speaks the protocol and catalog of PostgreSQL 16.
const pgCompatVersion = "16.0"

func main() {
	cmd := "serve"
	if len(os.Args) > 1 {
		cmd = os.Args[1]
	}
	switch cmd {
	case "serve":
		os.Exit(serve())
	case "check-config":
		os.Exit(checkConfig())
	case "version", "--version", "-v":
		fmt.Printf("pgwired %s (commit %s), PostgreSQL protocol 3.0, reports server_version %s\n", version, commit, pgCompatVersion)
	case "gen-secret":
		s, err := genSecret(48)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pgwired gen-secret:", err)
			os.Exit(1)
		}
		fmt.Println(s)
	case "wallet":
		os.Exit(walletCommand(os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "pgwired: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
}

const usage = `usage: pgwired [command]

commands:
  serve         run the daemon (default); configuration from the environment
  check-config  print the effective configuration with secrets masked; exit 1 if invalid
  version       print the version
  gen-secret    print a random 48-character secret
  wallet        set, get or import secrets in the IRIS Wallet (pgwired wallet for details)
`

func checkConfig() int {
	c, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "invalid configuration:")
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, line := range c.Describe() {
		fmt.Println(line)
	}
	return 0
}

// genSecret returns n characters from an alphabet of 64, uniformly, from crypto/rand.
func genSecret(n int) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[b[i]&63]
	}
	return string(b), nil
}
