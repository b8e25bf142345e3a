package session

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pgwired/pgwired/internal/catalog"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// tooLongError refines IRIS's field-validation failure (-104 INSERT, -105 UPDATE), which
// IRIS reports for any invalid value, into PostgreSQL's code when the cause can be
// established: 22001 for a string longer than its column's declared length, 22003 for a
// number beyond the range of its smallint/integer/bigint column (IRIS's SmallInt and
// Integer classes check MAXVAL/MINVAL) or its numeric(p,s), 23514 for a whole number
// within that range (a narrower MINVAL or MAXVAL: a CHECK bounding the column). IRIS's %msg names the field and shows the value
// ("Field 'SQLUser.t.c' (value 'abcdef') failed validation", numbers unquoted); the
// declared type comes from the catalog snapshot. nil when that cannot be established.
func (s *Session) tooLongError(ctx context.Context, detail string) error {
	schema, table, column, value, quoted, ok := parseFieldValidation(detail)
	if !ok || ctx.Err() != nil {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil
	}
	_, col := snap.SourceColumn(schema, table, column)
	if col == nil {
		return nil
	}
	if quoted {
		if e := s.invalidLiteral(col.TypeOID, value); e != nil {
			return e
		}
	}
	if e := validationCause(col, table, column, value, quoted); e != nil {
		return e
	}
	return nil
}

// validationCause is tooLongError's answer from the value and its column's type.
func validationCause(col *catalog.TableColumn, table, column, value string, quoted bool) *wire.Error {
	// A number within the type's range fails only a narrower MINVAL or MAXVAL of the
	// field's class: what pgwired wrote for a CHECK bounding it before it kept CHECK
	// constraints itself (checks.go), so tables made then still report PostgreSQL's name
	// for that constraint: table_column_check.
	checkFailed := &wire.Error{Code: "23514", Message: "new row for relation \"" + table + "\" violates check constraint \"" + table + "_" + column + "_check\""}
	switch col.TypeOID {
	case oidInt2, oidInt4, oidInt8:
		if e := integerRangeError(col.TypeOID, value); e != nil || quoted {
			return e
		}
		if r, ok := decimalValue(value); ok && r.IsInt() {
			return checkFailed
		}
		return nil
	case oidNumeric:
		if e := numericOverflowError(col.Typmod, value); e != nil || quoted || col.Typmod < 4 {
			return e
		}
		if _, ok := decimalValue(value); ok {
			return checkFailed
		}
		return nil
	}
	if !quoted || (col.TypeOID != oidVarchar && col.TypeOID != oidBpchar) || col.Typmod <= 4 {
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

// integerRangeError is PostgreSQL's 22003 for a number outside the range of an
// int2/int4/int8 column once rounded half away from zero, as PostgreSQL's assignment
// rounds it (-32768.5 is out of smallint's range), or nil when value fits or is no
// number (text stays IRIS's 22P02).
func integerRangeError(oid uint32, value string) *wire.Error {
	r, ok := decimalValue(value)
	if !ok {
		return nil
	}
	bits, name := 64, "bigint"
	switch oid {
	case oidInt2:
		bits, name = 16, "smallint"
	case oidInt4:
		bits, name = 32, "integer"
	}
	// |v| < 2^(bits-1), or = for the most negative value.
	m := roundedMagnitude(r, 0)
	if c := m.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(bits-1))); c < 0 || c == 0 && r.Sign() < 0 {
		return nil
	}
	return &wire.Error{Code: "22003", Message: name + " out of range"}
}

// numericOverflowError is PostgreSQL's 22003 for a value that does not fit a
// numeric(p,s) column once rounded to s digits, or nil when value is not such a number.
func numericOverflowError(typmod int32, value string) *wire.Error {
	if typmod < 4 {
		return nil
	}
	prec, scale := int((typmod-4)>>16), int((typmod-4)&0xffff)
	r, ok := decimalValue(value)
	if !ok {
		return nil
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil) // 10^(p-s) · 10^s
	if roundedMagnitude(r, scale).Cmp(limit) < 0 {
		return nil
	}
	return &wire.Error{Code: "22003", Message: "numeric field overflow", Detail: translate.NumericOverflowDetail(prec, scale)}
}

// decimalValue reads the decimal text IRIS shows in a field-validation message.
func decimalValue(value string) (*big.Rat, bool) {
	v := strings.TrimSpace(value)
	if !isDecimalText(v) {
		return nil, false
	}
	return new(big.Rat).SetString(strings.TrimPrefix(v, "+"))
}

// roundedMagnitude is |r| · 10^scale rounded half away from zero, as PostgreSQL rounds
// a value to a column's scale.
func roundedMagnitude(r *big.Rat, scale int) *big.Int {
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	scaled := new(big.Rat).Mul(new(big.Rat).Abs(r), new(big.Rat).SetInt(pow))
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(scaled.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// parseFieldValidation reads "Field 'Schema.Table.Column' (value 'text') failed
// validation" or, for a number, "(value 12345) failed validation". quoted tells which.
func parseFieldValidation(detail string) (schema, table, column, value string, quoted, ok bool) {
	_, rest, found := strings.Cut(detail, "Field '")
	if !found {
		return
	}
	field, rest, found := strings.Cut(rest, "' (value ")
	if !found {
		return
	}
	end := strings.LastIndex(rest, ") failed validation")
	if end < 0 {
		return
	}
	v := rest[:end]
	if strings.HasPrefix(v, "'") {
		if len(v) < 2 || !strings.HasSuffix(v, "'") {
			return
		}
		v, quoted = v[1:len(v)-1], true
	}
	parts := strings.Split(field, ".")
	if len(parts) != 3 {
		return
	}
	return parts[0], parts[1], parts[2], v, quoted, true
}

// invalidLiteral is PostgreSQL's error for a string literal that is no value of the
// column's type (IRIS refuses it as it refuses every invalid value), pointing at the
// literal as PostgreSQL does; nil when the value may be valid syntax (too long, out of
// range: the callers decide those) or the type is not one PostgreSQL would parse so.
func (s *Session) invalidLiteral(oid uint32, value string) error {
	name := inputTypeNames[oid]
	if name == "" || strings.HasSuffix(value, "...") {
		return nil
	}
	code := "22P02"
	switch oid {
	case oidInt2, oidInt4, oidInt8, oidNumeric, oidFloat4, oidFloat8:
		if _, ok := decimalValue(value); ok {
			return nil
		}
	case oidBool:
		if _, ok := parseBool(value); ok {
			return nil
		}
	case oidDate, oidTime, oidTimestamp, oidTimestamptz:
		// Digits may be a date out of range (22008 in PostgreSQL): only words are sure.
		if strings.ContainsAny(value, "0123456789") {
			return nil
		}
		code = "22007"
	default:
		return nil
	}
	e := &wire.Error{Code: code, Message: `invalid input syntax for type ` + name + `: "` + value + `"`}
	literal := "'" + strings.ReplaceAll(value, "'", "''") + "'"
	if at := strings.Index(s.running.original, literal); at >= 0 {
		return atStatement{e, utf8.RuneCountInString(s.running.original[:at]) + 1}
	}
	return e
}
