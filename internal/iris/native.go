package iris

import (
	"context"
	"fmt"
)

// ClassMethod calls ##class(class).method(args...) through the Native API
// (`4B C2`, §7) and returns its value: string, int64, float64, Decimal, or nil
// when the method returned nothing. A non-zero reply code becomes an error with
// the text OE returns (§7 leaves Native error replies unconfirmed, §10.13).
func (c *Conn) ClassMethod(ctx context.Context, class, method string, args ...any) (any, error) {
	payload, err := c.classCall(ctx, OpClassMethod, class, method, args)
	if err != nil {
		return nil, err
	}
	defer c.exit()
	r := NewListReader(payload)
	if !r.More() {
		return nil, nil
	}
	it, err := r.Next()
	if err != nil {
		return nil, c.protocolError("class method reply", err)
	}
	return nativeValue(it)
}

// ClassMethodVoid calls a method that returns nothing (`4C C2`).
func (c *Conn) ClassMethodVoid(ctx context.Context, class, method string, args ...any) error {
	_, err := c.classCall(ctx, OpClassMethodVoid, class, method, args)
	if err == nil {
		c.exit()
	}
	return err
}

// classCall sends a class method request and returns the reply payload with
// the call still entered (the caller decodes the payload, then calls exit).
func (c *Conn) classCall(ctx context.Context, op [2]byte, class, method string, args []any) ([]byte, error) {
	if err := c.enter(ctx); err != nil {
		return nil, err
	}
	c.start(op, 0)
	w := &c.out.ListWriter
	w.String(class)
	w.String(method)
	w.Int(int64(len(args)))
	for i, a := range args {
		if err := appendNativeArg(w, a); err != nil {
			c.exit()
			return nil, fmt.Errorf("iris: %s.%s argument %d: %w", class, method, i+1, err)
		}
	}
	h, payload, err := c.roundTrip(&c.auxBuf)
	if err == nil {
		if code := h.ReturnCode(); code != CodeOK {
			err = c.serverError(code)
		}
	}
	if err != nil {
		c.exit()
		return nil, err
	}
	return payload, nil
}

// nativeValue maps an ObjectScript return value to Go. ObjectScript's "" is a
// value, not NULL, so an empty string item reads as "" (undefined reads as nil).
func nativeValue(it Item) (any, error) {
	if it.Undefined || it.Type.Base() == TypePlaceholder {
		return nil, nil
	}
	switch it.Type.Base() {
	case TypePosInt, TypeNegInt:
		return it.Int()
	case TypePosDecimal, TypeNegDecimal:
		s, err := it.DecimalString()
		return Decimal(s), err
	case TypeDouble, TypeCompactDouble:
		return it.Float()
	}
	return it.Text()
}
