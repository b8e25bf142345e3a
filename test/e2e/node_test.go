package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// nodeDir holds the node-postgres scenario and the package.json + package-lock.json that pin
// its pg version; `npm ci` installs exactly that lock into a cache directory.
const nodeDir = "testdata/node"

var (
	nodeModulesOnce sync.Once
	nodeModulesDir  string
	nodeModulesErr  error
)

// nodeModules returns a node_modules directory holding the locked pg package, running
// `npm ci` into a cache directory keyed by the lock file's hash when it is not there yet.
func nodeModules(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: the node-postgres tests need Node.js and npm (apt-get install nodejs npm; .ci/run does this)", tool)
		}
	}
	nodeModulesOnce.Do(func() { nodeModulesDir, nodeModulesErr = installNodeModules() })
	if nodeModulesErr != nil {
		t.Fatal(nodeModulesErr)
	}
	return nodeModulesDir
}

func installNodeModules() (string, error) {
	pkg, err := os.ReadFile(filepath.Join(nodeDir, "package.json"))
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(nodeDir, "package-lock.json"))
	if err != nil {
		return "", err
	}
	base := os.Getenv("PGWIRED_E2E_CACHE")
	if base == "" {
		if base, err = os.UserCacheDir(); err != nil {
			base = os.TempDir()
		}
		base = filepath.Join(base, "pgwired-e2e")
	}
	sum := sha256.Sum256(append(append(pkg, 0), lock...))
	dir := filepath.Join(base, "node-"+hex.EncodeToString(sum[:8]))
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "pg", "package.json")); err == nil {
		return modules, nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	// Install next to the final place and rename, so that a half-finished install (or two
	// test binaries installing at once) never leaves a broken cache behind.
	tmp, err := os.MkdirTemp(base, "install-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for name, data := range map[string][]byte{"package.json": pkg, "package-lock.json": lock} {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci of %s/package-lock.json: %v\n%s", nodeDir, err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(modules, "pg", "package.json")); statErr != nil {
			return "", fmt.Errorf("installing node modules into %s: %w", dir, err)
		}
	}
	return modules, nil
}

// nodeConn is the connection configuration scenario.js passes to pg.Client and pg.Pool.
type nodeConn struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	User     string `json:"user"`
	Password string `json:"password"`
	Database string `json:"database"`
	SSL      bool   `json:"ssl"`
}

func runNode(t *testing.T, modules string, conn nodeConn, table string) string {
	t.Helper()
	cfg, err := json.Marshal(conn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(nodeDir, "scenario.js"), string(cfg), table)
	// pg turns timestamp and date values into local-time Date objects: fix the zone.
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules, "TZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out) + "\nexit: " + err.Error()
	}
	return string(out)
}

// TestNodePostgresMatchesPostgres runs the same node-postgres program against PostgreSQL 15
// and pgwired and requires the same output.
func TestNodePostgresMatchesPostgres(t *testing.T) {
	compareNode(t, startOracle(t), sharedPgwired(t))
}

// TestNodePostgresMatchesPostgresTransactionPooling repeats it with POOL_MODE=transaction and
// one pooled IRIS connection (named prepared statements tracked per client, pg.Pool clients
// sharing that connection).
func TestNodePostgresMatchesPostgresTransactionPooling(t *testing.T) {
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	compareNode(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"))
}

func compareNode(t *testing.T, pg *postgres, pw *pgwired) {
	modules := nodeModules(t)
	const table = "e2e_node"
	want := runNode(t, modules, nodeConn{Host: "127.0.0.1", Port: pg.Port, User: "postgres", Password: "postgres", Database: pg.freshDBName(t)}, table)
	got := runNode(t, modules, nodeConn{Host: "127.0.0.1", Port: pw.Port, User: "_SYSTEM", Password: "SYS", Database: "USER", SSL: true}, table)
	if strings.Contains(want, "exit:") || !strings.Contains(want, `["pool end","ok"]`) {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	if got != want {
		t.Errorf("node-postgres sees something else through pgwired\n%s", lineDiff(want, got))
	}
}
