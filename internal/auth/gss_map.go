package auth

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// ReadPrincipalMap reads the Kerberos mapping file: one "principal@REALM IRISUSER" per
// line, '#' comments, for principals the default rule (first component, upper case) maps
// wrongly, e.g. "svc-reporting/etl@EXAMPLE.COM REPORTING".
func ReadPrincipalMap(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 || !strings.Contains(fields[0], "@") {
			return nil, fmt.Errorf("%s:%d: want \"principal@REALM IRISUSER\"", path, n)
		}
		if _, dup := m[fields[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %s is mapped twice", path, n, fields[0])
		}
		m[fields[0]] = fields[1]
	}
	return m, sc.Err()
}
