package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

const jdbcJar = "/usr/share/java/postgresql.jar"

func runJava(t *testing.T, zone, url, user, password, table string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	// pgjdbc sends the JVM's zone as TimeZone and writes setTimestamp / LocalDateTime
	// values with its offset: the scenario runs in a zone other than UTC.
	out, err := exec.CommandContext(ctx, "java", "-Duser.timezone="+zone, "-cp", jdbcJar, "testdata/java/JdbcScenario.java", url, user, password, table).CombinedOutput()
	if err != nil {
		return string(out) + "\nexit: " + err.Error()
	}
	return string(out)
}

// TestJDBCMatchesPostgres runs the same pgjdbc program against PostgreSQL 15 and pgwired.
func TestJDBCMatchesPostgres(t *testing.T) {
	if _, err := os.Stat(jdbcJar); err != nil {
		t.Skipf("pgjdbc not installed (apt-get install libpostgresql-jdbc-java): %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("no java on PATH")
	}
	compareJDBC(t, startOracle(t), sharedPgwired(t), "Europe/Berlin")
}

// TestJDBCMatchesPostgresTransactionPooling repeats it with POOL_MODE=transaction and one
// pooled IRIS connection: pgjdbc's server-side prepared statements, executeBatch and a
// fetch-size cursor inside a transaction.
func TestJDBCMatchesPostgresTransactionPooling(t *testing.T) {
	if _, err := os.Stat(jdbcJar); err != nil {
		t.Skipf("pgjdbc not installed (apt-get install libpostgresql-jdbc-java): %v", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("no java on PATH")
	}
	if testing.Short() {
		t.Skip("starts its own pgwired")
	}
	compareJDBC(t, startOracle(t), startOwnPgwired(t, "POOL_MODE=transaction", "POOL_SIZE=1", "LOG_LEVEL=info"), "UTC")
}

func compareJDBC(t *testing.T, pg *postgres, pw *pgwired, zone string) {
	dbname := pg.freshDBName(t)
	want := runJava(t, zone, fmt.Sprintf("jdbc:postgresql://127.0.0.1:%d/%s?sslmode=disable", pg.Port, dbname), "postgres", "", "e2e_jdbc")
	if contains(want, "exit:") {
		t.Fatalf("scenario fails against PostgreSQL itself:\n%s", want)
	}
	got := runJava(t, zone, fmt.Sprintf("jdbc:postgresql://127.0.0.1:%d/USER?sslmode=require", pw.Port), "_SYSTEM", "SYS", "e2e_jdbc")
	if got != want {
		t.Errorf("pgjdbc sees something else through pgwired\n%s", lineDiff(want, got))
	}
}
