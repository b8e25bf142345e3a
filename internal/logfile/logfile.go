// Package logfile is an append-only file that can be reopened by name while other
// goroutines write to it: after logrotate moved it away, SIGHUP points the writer at a
// fresh file of the same name and no line is lost or split.
package logfile

import (
	"os"
	"sync"
)

// File is the reopenable file. Mode 0640: logs and audit trails name users and
// addresses, so they are not world-readable.
type File struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

// Open opens (creating, appending) the file at path.
func Open(path string) (*File, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	return &File{path: path, f: f}, nil
}

func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
}

// Write writes p with one write(2), serialised with other writes and Reopen.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Write(p)
}

// Reopen switches to a freshly opened file at the same path; on failure the old file
// stays in use.
func (l *File) Reopen() error {
	f, err := open(l.path)
	if err != nil {
		return err
	}
	l.mu.Lock()
	old := l.f
	l.f = f
	l.mu.Unlock()
	return old.Close()
}

// Close closes the file.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// Path is the file's path.
func (l *File) Path() string { return l.path }
