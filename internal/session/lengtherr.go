package session

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/wire"
)

// tooLongError refines IRIS's field-validation failure (-104 INSERT, -105 UPDATE), which
// IRIS reports for any invalid value, into PostgreSQL's 22001 when the value is a string
// longer than its column's declared length. IRIS's %msg names the field and shows the
// value ("Field 'SQLUser.t.c' (value 'abcdef') failed validation"); the declared length
// comes from the catalog snapshot. nil when that cannot be established.
func (s *Session) tooLongError(ctx context.Context, detail string) *wire.Error {
	schema, table, column, value, ok := parseFieldValidation(detail)
	if !ok || ctx.Err() != nil {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil
	}
	col := findColumn(snap, schema, table, column)
	if col == nil || (col.TypeOID != oidVarchar && col.TypeOID != oidBpchar) || col.Typmod <= 4 {
		return nil
	}
	limit := int(col.Typmod - 4)
	n := utf8.RuneCountInString(value)
	if shown, cut := strings.CutSuffix(value, "..."); cut {
		// IRIS shortens long values in the message: the value is longer than what is
		// shown, which decides only when that already exceeds the limit.
		n = utf8.RuneCountInString(shown) + 1
	}
	if n <= limit {
		return nil
	}
	typ := "character varying"
	if col.TypeOID == oidBpchar {
		typ = "character"
	}
	return &wire.Error{Code: "22001", Message: "value too long for type " + typ + "(" + strconv.Itoa(limit) + ")"}
}

// parseFieldValidation reads "Field 'Schema.Table.Column' (value 'text') failed
// validation"; only string values (quoted) are of interest.
func parseFieldValidation(detail string) (schema, table, column, value string, ok bool) {
	_, rest, found := strings.Cut(detail, "Field '")
	if !found {
		return
	}
	field, rest, found := strings.Cut(rest, "' (value '")
	if !found {
		return
	}
	end := strings.LastIndex(rest, "') failed validation")
	if end < 0 {
		return
	}
	parts := strings.Split(field, ".")
	if len(parts) != 3 {
		return
	}
	return parts[0], parts[1], parts[2], rest[:end], true
}

func findColumn(snap *catalog.Snapshot, schema, table, column string) *catalog.TableColumn {
	for _, t := range snap.Tables {
		if !strings.EqualFold(t.Schema.IRISName, schema) || !strings.EqualFold(t.IRISName, table) {
			continue
		}
		for _, c := range t.Columns {
			if strings.EqualFold(c.IRISName, column) {
				return c
			}
		}
	}
	return nil
}
