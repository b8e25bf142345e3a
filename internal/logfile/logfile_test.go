package logfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReopenAfterRename(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write([]byte("before\n"))
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("moved\n"))
	if err := f.Reopen(); err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("after\n"))
	old, _ := os.ReadFile(path + ".1")
	cur, _ := os.ReadFile(path)
	if string(old) != "before\nmoved\n" || string(cur) != "after\n" {
		t.Fatalf("rotated %q, current %q", old, cur)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
}
