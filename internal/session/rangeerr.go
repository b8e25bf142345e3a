package session

import (
	"context"
	"math/big"
	"strings"

	"github.com/pgwired/pgwired/internal/wire"
)

// outOfRangeError refines IRIS's field-validation failure (-104 INSERT, -105 UPDATE)
// into PostgreSQL's 22003 when the value is a number too large for its integer or
// numeric(p,s) column (IRIS checks MAXVAL/MINVAL; PostgreSQL says "integer out of
// range" or "numeric field overflow"). The message names the field and shows the
// value, quoted or not ("Field 'SQLUser.t.n' (value 40000) failed validation"); the
// column's type comes from the catalog snapshot. nil when that cannot be established
// or the number would fit, so that other failures stay 22P02.
func (s *Session) outOfRangeError(ctx context.Context, detail string) *wire.Error {
	schema, table, column, value, ok := parseFieldValidationNumber(detail)
	if !ok || ctx.Err() != nil {
		return nil
	}
	snap, err := s.catalogSnapshot(ctx)
	if err != nil {
		return nil
	}
	col := findColumn(snap, schema, table, column)
	if col == nil {
		return nil
	}
	if msg := numberOutOfRange(value, col.TypeOID, col.Typmod); msg != "" {
		return &wire.Error{Code: "22003", Message: msg}
	}
	return nil
}

// numberOutOfRange is PostgreSQL's message for storing the decimal text v into a
// column of type oid (typmod as in pg_attribute), or "" when it fits or v is no number.
func numberOutOfRange(v string, oid uint32, typmod int32) string {
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(v), "+"))
	if !ok {
		return ""
	}
	// Round half away from zero to the column's scale, as PostgreSQL's assignment does.
	round := func(scale int) *big.Int {
		a := new(big.Rat).Abs(r)
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
		a.Mul(a, new(big.Rat).SetInt(pow))
		a.Add(a, big.NewRat(1, 2))
		n := new(big.Int).Quo(a.Num(), a.Denom())
		if r.Sign() < 0 {
			n.Neg(n)
		}
		return n
	}
	intRange := func(bits uint, name string) string {
		n := round(0)
		limit := new(big.Int).Lsh(big.NewInt(1), bits-1)
		if n.Cmp(limit) >= 0 || n.Cmp(new(big.Int).Neg(limit)) < 0 {
			return name + " out of range"
		}
		return ""
	}
	switch oid {
	case oidInt2:
		return intRange(16, "smallint")
	case oidInt4:
		return intRange(32, "integer")
	case oidInt8:
		return intRange(64, "bigint")
	case oidNumeric:
		if typmod < 4 {
			return ""
		}
		prec, scale := int((typmod-4)>>16), int((typmod-4)&0xffff)
		n := round(scale)
		limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(prec)), nil)
		if n.Abs(n).Cmp(limit) >= 0 {
			return "numeric field overflow"
		}
	}
	return ""
}

// parseFieldValidationNumber reads "Field 'Schema.Table.Column' (value V) failed
// validation" with V a number, quoted or not.
func parseFieldValidationNumber(detail string) (schema, table, column, value string, ok bool) {
	schema, table, column, value, _, ok = parseFieldValidation(detail)
	if !ok {
		return "", "", "", "", false
	}
	if _, isNum := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(value), "+")); !isNum {
		return "", "", "", "", false
	}
	return schema, table, column, value, true
}
