package auth

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// ScramVerifier is what the server keeps for SCRAM-SHA-256 (RFC 5802/7677): enough to
// check a client's proof, not enough to log in as the client. Its text form is
// PostgreSQL's (and PgBouncer's): SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>,
// base64 throughout.
type ScramVerifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

const scramPrefix = "SCRAM-SHA-256$"

// ParseScramVerifier reads PostgreSQL's text form.
func ParseScramVerifier(s string) (ScramVerifier, error) {
	rest, ok := strings.CutPrefix(s, scramPrefix)
	if !ok {
		return ScramVerifier{}, fmt.Errorf("not a SCRAM-SHA-256 verifier (want %s<iterations>:<salt>$<StoredKey>:<ServerKey>)", scramPrefix)
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: missing '$' before the keys")
	}
	iter, salt, ok := strings.Cut(params, ":")
	stored, server, ok2 := strings.Cut(keys, ":")
	if !ok || !ok2 {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: want <iterations>:<salt>$<StoredKey>:<ServerKey>")
	}
	var v ScramVerifier
	var err error
	if v.Iterations, err = strconv.Atoi(iter); err != nil || v.Iterations < 1 {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: bad iteration count %q", iter)
	}
	dec := base64.StdEncoding.DecodeString
	if v.Salt, err = dec(salt); err != nil || len(v.Salt) == 0 {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: bad salt")
	}
	if v.StoredKey, err = dec(stored); err != nil || len(v.StoredKey) != sha256.Size {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: bad StoredKey")
	}
	if v.ServerKey, err = dec(server); err != nil || len(v.ServerKey) != sha256.Size {
		return ScramVerifier{}, fmt.Errorf("SCRAM verifier: bad ServerKey")
	}
	return v, nil
}

// String is the text form ParseScramVerifier reads.
func (v ScramVerifier) String() string {
	enc := base64.StdEncoding.EncodeToString
	return scramPrefix + strconv.Itoa(v.Iterations) + ":" + enc(v.Salt) + "$" + enc(v.StoredKey) + ":" + enc(v.ServerKey)
}

// NewScramVerifier derives a verifier from a password, as PostgreSQL does for
// password_encryption=scram-sha-256. Passwords are used as given: PostgreSQL applies
// SASLprep first, which changes only non-ASCII passwords, so those should be set by
// PostgreSQL's own tools.
func NewScramVerifier(password string, salt []byte, iterations int) (ScramVerifier, error) {
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return ScramVerifier{}, err
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	return ScramVerifier{
		Iterations: iterations,
		Salt:       append([]byte(nil), salt...),
		StoredKey:  stored[:],
		ServerKey:  hmacSHA256(salted, []byte("Server Key")),
	}, nil
}

func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}
