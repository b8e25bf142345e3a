package session

import (
	"testing"

	"github.com/pgwired/pgwired/internal/wire"
)

func TestNormalizeDateStyle(t *testing.T) {
	for _, c := range []struct {
		value, current, want, code string
	}{
		{"ISO, DMY", "ISO, MDY", "ISO, DMY", ""},
		{"iso,ymd", "ISO, MDY", "ISO, YMD", ""},
		{"ISO", "ISO, DMY", "ISO, DMY", ""}, // a style alone keeps the order
		{"European", "ISO, MDY", "ISO, DMY", ""},
		{"US", "ISO, DMY", "ISO, MDY", ""},
		{"DMY, ISO", "ISO, MDY", "ISO, DMY", ""},
		{"DEFAULT", "ISO, YMD", "ISO, MDY", ""},
		{"ISO, MDY, MDY", "ISO, MDY", "ISO, MDY", ""},
		{"SQL, DMY", "ISO, MDY", "", "0A000"},
		{"Postgres", "ISO, MDY", "", "0A000"},
		{"German", "ISO, MDY", "", "0A000"},
		{"ISO, SQL", "ISO, MDY", "", "22023"},
		{"DMY, MDY", "ISO, MDY", "", "22023"},
		{"nonsense", "ISO, MDY", "", "22023"},
		{"ISO,", "ISO, MDY", "", "22023"},
	} {
		got, err := normalizeDateStyle(c.value, c.current)
		code := ""
		if err != nil {
			code = err.(*wire.Error).Code
		}
		if got != c.want || code != c.code {
			t.Errorf("%q (current %q): %q %s, want %q %s", c.value, c.current, got, code, c.want, c.code)
		}
	}
}

func TestGUCStateEndTransaction(t *testing.T) {
	s := newGUCState(map[string]string{"application_name": "app"})
	s.values["timezone"] = "UTC"
	// A transaction that SETs and SET LOCALs, then rolls back.
	s.save("timezone", false)
	s.values["timezone"] = "Asia/Tokyo"
	s.save("application_name", false)
	s.values["application_name"] = "other"
	s.save("myapp.x", true)
	s.custom = map[string]string{"myapp.x": "1"}
	s.local = map[string]string{"datestyle": "ISO, YMD"}
	s.endTransaction(false)
	if v, _ := s.get("timezone"); v != "UTC" {
		t.Errorf("timezone after rollback %q", v)
	}
	if v, _ := s.get("application_name"); v != "app" {
		t.Errorf("application_name after rollback %q", v)
	}
	if _, ok := s.custom["myapp.x"]; ok {
		t.Error("custom variable kept after rollback")
	}
	got := map[string]string{}
	for _, kv := range s.pending {
		got[kv[0]] = kv[1]
	}
	want := map[string]string{"TimeZone": "UTC", "application_name": "app", "DateStyle": "ISO, MDY"}
	if len(got) != len(want) {
		t.Errorf("pending %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("pending %s=%q, want %q", k, got[k], v)
		}
	}
	// A committed SET stays and is not reported again.
	s.pending = nil
	s.save("timezone", false)
	s.values["timezone"] = "Europe/Berlin"
	s.endTransaction(true)
	if v, _ := s.get("timezone"); v != "Europe/Berlin" || len(s.pending) != 0 {
		t.Errorf("after commit: %q, pending %v", v, s.pending)
	}
	// Nothing set: nothing to do.
	s.endTransaction(false)
	if s.pending != nil {
		t.Errorf("pending %v", s.pending)
	}
}
