package session

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
)

// copyTarget is a COPY … FROM with what its errors name: the columns it fills, in order,
// as PostgreSQL names them.
type copyTarget struct {
	*translate.CopyCommand
	names []string
}

// relation is the table as PostgreSQL's COPY context names it.
func (c *copyTarget) relation() string {
	if c.Target.Name != "" {
		return c.Target.Name
	}
	return c.Table
}

// name is the i-th column's name ("" when unknown).
func (c *copyTarget) name(i int) string {
	if i < len(c.names) {
		return c.names[i]
	}
	return ""
}

// maxCopyDataDisplay is how much of a line or value PostgreSQL's COPY context shows.
const maxCopyDataDisplay = 100

func clip(s string) string {
	if len(s) <= maxCopyDataDisplay {
		return s
	}
	s = s[:maxCopyDataDisplay]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "..."
}

// columnContext is PostgreSQL's CONTEXT for a value its column's type cannot read.
func (c *copyTarget) columnContext(line, i int, value string) string {
	return "COPY " + c.relation() + ", line " + strconv.Itoa(line) + ", column " + c.name(i) + ": \"" + clip(value) + "\""
}

// lineContext is PostgreSQL's CONTEXT naming the line, with its text: here the row's
// values written back in the COPY's format (the input line itself is not kept).
func (c *copyTarget) lineContext(line int, row []any) string {
	return "COPY " + c.relation() + ", line " + strconv.Itoa(line) + ": \"" + clip(c.lineText(row)) + "\""
}

func (c *copyTarget) lineText(row []any) string {
	var b strings.Builder
	csv := c.Format == "csv"
	for i, v := range row {
		if i > 0 {
			b.WriteString(c.Delimiter)
		}
		text, null := copyValueText(v)
		switch {
		case null:
			b.WriteString(c.Null)
		case csv && (strings.ContainsAny(text, c.Delimiter+c.Quote+"\r\n") || text == c.Null):
			b.WriteString(c.Quote + strings.ReplaceAll(text, c.Quote, c.Escape+c.Quote) + c.Quote)
		case csv:
			b.WriteString(text)
		default:
			b.WriteString(copyTextEscaper.Replace(text))
		}
	}
	return b.String()
}

var copyTextEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// copyValueText is a decoded COPY value as text; null for NULL.
func copyValueText(v any) (text string, null bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, false
	case iris.Decimal:
		return string(x), false
	case int64:
		return strconv.FormatInt(x, 10), false
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), false
	case bool:
		if x {
			return "t", false
		}
		return "f", false
	case []byte:
		return `\x` + hex.EncodeToString(x), false
	}
	return "?", false // not a type COPY decodes to
}

// insertText is the row as a one-row INSERT of its columns (constants only), the form
// whose values constraint errors show in their DETAIL (keydetail.go).
func (c *copyTarget) insertText(row []any) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO "` + strings.ReplaceAll(c.relation(), `"`, `""`) + `" (`)
	for i := range row {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + strings.ReplaceAll(c.name(i), `"`, `""`) + `"`)
	}
	b.WriteString(") VALUES (")
	for i, v := range row {
		if i > 0 {
			b.WriteString(", ")
		}
		if text, null := copyValueText(v); null {
			b.WriteString("NULL")
		} else if text == "?" {
			b.WriteString("DEFAULT") // no constant: the DETAIL is left out
		} else {
			b.WriteString("'" + strings.ReplaceAll(text, "'", "''") + "'")
		}
	}
	b.WriteString(")")
	return b.String()
}

// refusedValue finds the column and value of IRIS's field-validation failure err among
// the COPY's columns.
func (c *copyTarget) refusedValue(err error) (int, string, bool) {
	var se *iris.SQLError
	if !errors.As(err, &se) {
		return 0, "", false
	}
	_, _, column, value, _, ok := parseFieldValidation(se.Detail)
	if !ok {
		return 0, "", false
	}
	for i, n := range c.names {
		if strings.EqualFold(n, column) {
			return i, value, true
		}
	}
	return 0, "", false
}
