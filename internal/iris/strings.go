package iris

import (
	"unicode/utf16"
	"unicode/utf8"
)

// scanString classifies s for String: pure ASCII (copy as is), all code points
// ≤ U+00FF (Latin-1, units = rune count) or wider (UTF-16, units = code units).
func scanString(s string) (ascii, latin1 bool, units int) {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return true, true, len(s)
	}
	latin1 = true
	units = i
	for _, r := range s[i:] {
		if r > 0xFF {
			latin1 = false
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	return false, latin1, units
}

// appendUTF16LE appends s as UTF-16LE; invalid UTF-8 becomes U+FFFD.
func appendUTF16LE(b []byte, s string) []byte {
	for _, r := range s {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			b = append(b, byte(r1), byte(r1>>8), byte(r2), byte(r2>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// appendLatin1AsUTF8 converts 8-bit IRIS text (Latin-1 on Unicode servers, §3) to UTF-8.
func appendLatin1AsUTF8(b, src []byte) []byte {
	for _, c := range src {
		if c < utf8.RuneSelf {
			b = append(b, c)
		} else {
			b = utf8.AppendRune(b, rune(c))
		}
	}
	return b
}

// isASCII reports whether b has no byte ≥ 0x80.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// appendUTF16LEAsUTF8 decodes UTF-16LE (surrogate pairs included; a lone
// surrogate becomes U+FFFD) and appends it as UTF-8.
func appendUTF16LEAsUTF8(b, src []byte) ([]byte, error) {
	if len(src)%2 != 0 {
		return b, errOddUTF16
	}
	for i := 0; i < len(src); i += 2 {
		r := rune(src[i]) | rune(src[i+1])<<8
		if utf16.IsSurrogate(r) && r < 0xDC00 && i+3 < len(src) {
			r2 := rune(src[i+2]) | rune(src[i+3])<<8
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				b = utf8.AppendRune(b, dec)
				i += 2
				continue
			}
		}
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		b = utf8.AppendRune(b, r)
	}
	return b, nil
}
