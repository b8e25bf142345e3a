package iris

import (
	"strconv"
	"unicode/utf8"
)

// rewriteMarkers appends sql to dst with every ? parameter marker replaced by
// " :%qpar(n) " (§4.2; IRIS clients never send ?), except inside string literals
// (single quotes, doubled to escape), quoted identifiers (double quotes, likewise)
// and comments (-- and /* */). It returns the new buffer and the number of markers.
func rewriteMarkers(dst []byte, sql string) ([]byte, int) {
	n := 0
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '?':
			n++
			dst = append(dst, " :%qpar("...)
			dst = strconv.AppendInt(dst, int64(n), 10)
			dst = append(dst, ") "...)
			i++
			continue
		case c == '\'' || c == '"':
			end := skipQuoted(sql, i, c)
			dst = append(dst, sql[i:end]...)
			i = end
			continue
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			end := len(sql)
			for j := i + 2; j < len(sql); j++ {
				if sql[j] == '\n' {
					end = j + 1
					break
				}
			}
			dst = append(dst, sql[i:end]...)
			i = end
			continue
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			end := len(sql)
			for j := i + 2; j+1 < len(sql); j++ {
				if sql[j] == '*' && sql[j+1] == '/' {
					end = j + 2
					break
				}
			}
			dst = append(dst, sql[i:end]...)
			i = end
			continue
		}
		dst = append(dst, c)
		i++
	}
	return dst, n
}

// skipQuoted returns the index just past the quoted run starting at sql[i]; a
// doubled quote is an escaped quote. An unterminated run extends to the end.
func skipQuoted(sql string, i int, q byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] == q {
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(sql)
}

// sqlChunkBytes is S1's chunk size for SQL text (§1.3); S2 sends one chunk. Chunks
// keep every item in the short/medium forms older servers surely accept.
const sqlChunkBytes = 31904

// appendSQLChunks writes the chunk count and the chunks (§4.4), cutting on rune
// boundaries.
func appendSQLChunks(w *ListWriter, sql []byte) {
	n := (len(sql) + sqlChunkBytes - 1) / sqlChunkBytes
	if n == 0 {
		n = 1
	}
	if n == 1 {
		w.Int(1)
		w.String(bytesToStringNoCopy(sql))
		return
	}
	// Count first: rune-boundary cuts can produce one extra chunk.
	count, rest := 0, sql
	for len(rest) > 0 {
		rest = rest[chunkEnd(rest):]
		count++
	}
	w.Int(int64(count))
	for rest = sql; len(rest) > 0; {
		end := chunkEnd(rest)
		w.String(bytesToStringNoCopy(rest[:end]))
		rest = rest[end:]
	}
}

func chunkEnd(b []byte) int {
	if len(b) <= sqlChunkBytes {
		return len(b)
	}
	end := sqlChunkBytes
	for end > 0 && !utf8.RuneStart(b[end]) {
		end--
	}
	return end
}

// isQuery classifies SQL for the choice between query and update messages
// (§10.15): SELECT/WITH/VALUES and parenthesised queries are queries.
func isQuery(sql string) bool {
	i := skipSpaceAndComments(sql, 0)
	if i < len(sql) && sql[i] == '(' {
		return true
	}
	return hasKeywordAt(sql, i, "SELECT") || hasKeywordAt(sql, i, "WITH") || hasKeywordAt(sql, i, "VALUES")
}

func skipSpaceAndComments(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r':
			i++
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			j := i + 2
			for j+1 < len(s) && !(s[j] == '*' && s[j+1] == '/') {
				j++
			}
			i = min(j+2, len(s))
		default:
			return i
		}
	}
	return i
}

func hasKeywordAt(s string, i int, kw string) bool {
	if len(s)-i < len(kw) {
		return false
	}
	for j := 0; j < len(kw); j++ {
		if s[i+j]&^0x20 != kw[j] {
			return false
		}
	}
	end := i + len(kw)
	return end == len(s) || !isIdentByte(s[end])
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
}
