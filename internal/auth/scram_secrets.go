package auth

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// ScramSecrets finds a user's SCRAM verifier.
type ScramSecrets interface {
	// ScramVerifier returns the user's verifier, or an error wrapping ErrNoVerifier when
	// this source has none for the user.
	ScramVerifier(ctx context.Context, user string) (ScramVerifier, error)
}

// ErrNoVerifier means a source holds no verifier for the user.
var ErrNoVerifier = errors.New("no SCRAM verifier for this user")

// ScramSources asks each source in turn; the first that knows the user answers.
type ScramSources []ScramSecrets

// ScramVerifier is ScramSecrets.ScramVerifier.
func (ss ScramSources) ScramVerifier(ctx context.Context, user string) (ScramVerifier, error) {
	for _, s := range ss {
		v, err := s.ScramVerifier(ctx, user)
		if errors.Is(err, ErrNoVerifier) {
			continue
		}
		return v, err
	}
	return ScramVerifier{}, ErrNoVerifier
}

// Userlist is a PgBouncer-style auth file: one `"user" "SCRAM-SHA-256$…"` per line, ';'
// or '#' starting a comment line, '""' standing for a quote inside a quoted field. Reload
// re-reads it (SIGHUP); a file that fails to parse leaves the previous contents in use.
// Only SCRAM verifiers are accepted: an md5 hash cannot answer a SCRAM exchange and a
// plain password does not belong in a file.
type Userlist struct {
	path  string
	users atomic.Pointer[map[string]ScramVerifier]
}

// OpenUserlist reads the file at path.
func OpenUserlist(path string) (*Userlist, error) {
	u := &Userlist{path: path}
	return u, u.Reload()
}

// Reload re-reads the file.
func (u *Userlist) Reload() error {
	m, err := readUserlist(u.path)
	if err != nil {
		return err
	}
	u.users.Store(&m)
	return nil
}

// Len is the number of users in the file.
func (u *Userlist) Len() int { return len(*u.users.Load()) }

// ScramVerifier is ScramSecrets.ScramVerifier.
func (u *Userlist) ScramVerifier(_ context.Context, user string) (ScramVerifier, error) {
	v, ok := (*u.users.Load())[user]
	if !ok {
		return ScramVerifier{}, ErrNoVerifier
	}
	return v, nil
}

func readUserlist(path string) (map[string]ScramVerifier, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]ScramVerifier{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == ';' || line[0] == '#' {
			continue
		}
		fields, err := quotedFields(line)
		if err != nil || len(fields) < 2 {
			return nil, fmt.Errorf("%s:%d: want \"user\" \"SCRAM-SHA-256$…\"", path, n)
		}
		v, err := ParseScramVerifier(fields[1])
		if err != nil {
			// The error text never contains the field itself: it may be a plain password.
			return nil, fmt.Errorf("%s:%d: user %q: %w", path, n, fields[0], err)
		}
		m[fields[0]] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// quotedFields splits `"a" "b""c"` into a, b"c.
func quotedFields(line string) ([]string, error) {
	var out []string
	for i := 0; i < len(line); {
		switch line[i] {
		case ' ', '\t':
			i++
			continue
		case '"':
		default:
			return nil, errors.New("field not quoted")
		}
		var b strings.Builder
		i++
		for {
			if i >= len(line) {
				return nil, errors.New("unterminated quote")
			}
			if line[i] == '"' {
				if i+1 < len(line) && line[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				i++
				break
			}
			b.WriteByte(line[i])
			i++
		}
		out = append(out, b.String())
	}
	return out, nil
}
