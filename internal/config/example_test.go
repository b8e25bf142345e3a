package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestEnvironmentExampleListsEveryVariable keeps deploy/systemd/environment.example, which
// operators copy to /etc/pgwire/environment, in step with Config: every variable appears
// once, commented out, with its real default.
func TestEnvironmentExampleListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("../../deploy/systemd/environment.example")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{} // NAME → value
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "#"), "=")
		if !ok || name != strings.ToUpper(name) || strings.ContainsAny(name, " $") {
			continue
		}
		if _, dup := lines[name]; dup {
			t.Errorf("%s is listed twice", name)
		}
		lines[name] = value
	}
	defaults, err := FromEnvironment(map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(*defaults)
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name := envName(f)
		got, ok := lines[name]
		if !ok {
			t.Errorf("environment.example lacks %s", name)
			continue
		}
		want := f.Tag.Get("envDefault")
		if name == "METRICS_ADDR" {
			want = DefaultMetricsAddr
		}
		if got != want {
			t.Errorf("environment.example: %s=%s, but the default is %q", name, got, want)
		}
		delete(lines, name)
	}
	for name := range lines {
		t.Errorf("environment.example lists %s, which pgwired does not read", name)
	}
}
