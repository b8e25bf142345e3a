package session

import (
	"math"
	"strconv"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// seqDef is one sequence's definition and state, as PostgreSQL keeps them (pg_sequence
// and the sequence's own row): the arithmetic of CREATE/ALTER SEQUENCE, nextval and
// setval, without I/O.
type seqDef struct {
	Type                        string // smallint, integer, bigint
	Last                        int64
	Called                      bool
	Inc, Min, Max, Start, Cache int64
	Cycle                       bool
}

func seqTypeBounds(typ string) (int64, int64) {
	switch typ {
	case "smallint":
		return math.MinInt16, math.MaxInt16
	case "integer":
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

func invalidParam(msg string) error { return &wire.Error{Code: "22023", Message: msg} }

// newSeqDef applies CREATE SEQUENCE's options to PostgreSQL's defaults.
func newSeqDef(o translate.SeqOptions) (seqDef, error) {
	d := seqDef{Type: "bigint", Inc: 1, Cache: 1}
	return d, d.apply(o, true)
}

// apply sets the options given, as PostgreSQL's init_params does for CREATE (create)
// and ALTER SEQUENCE, and checks the result; d is unchanged on error.
func (d *seqDef) apply(o translate.SeqOptions, create bool) error {
	n := *d
	oldMin, oldMax := seqTypeBounds(n.Type)
	if o.Type != "" {
		n.Type = o.Type
	}
	typeMin, typeMax := seqTypeBounds(n.Type)
	if o.Increment != nil {
		if *o.Increment == 0 {
			return invalidParam("INCREMENT must not be zero")
		}
		n.Inc = *o.Increment
	}
	switch {
	case o.Max != nil:
		n.Max = *o.Max
	case o.NoMax || create || (o.Type != "" && n.Max == oldMax):
		if n.Inc > 0 {
			n.Max = typeMax
		} else {
			n.Max = -1
		}
	}
	if n.Max < typeMin || n.Max > typeMax {
		return invalidParam("MAXVALUE (" + i64(n.Max) + ") is out of range for sequence data type " + n.Type)
	}
	switch {
	case o.Min != nil:
		n.Min = *o.Min
	case o.NoMin || create || (o.Type != "" && n.Min == oldMin):
		if n.Inc > 0 {
			n.Min = 1
		} else {
			n.Min = typeMin
		}
	}
	if n.Min < typeMin || n.Min > typeMax {
		return invalidParam("MINVALUE (" + i64(n.Min) + ") is out of range for sequence data type " + n.Type)
	}
	if n.Min >= n.Max {
		return invalidParam("MINVALUE (" + i64(n.Min) + ") must be less than MAXVALUE (" + i64(n.Max) + ")")
	}
	switch {
	case o.Start != nil:
		n.Start = *o.Start
	case create:
		if n.Inc > 0 {
			n.Start = n.Min
		} else {
			n.Start = n.Max
		}
	}
	if n.Start < n.Min {
		return invalidParam("START value (" + i64(n.Start) + ") cannot be less than MINVALUE (" + i64(n.Min) + ")")
	}
	if n.Start > n.Max {
		return invalidParam("START value (" + i64(n.Start) + ") cannot be greater than MAXVALUE (" + i64(n.Max) + ")")
	}
	switch {
	case o.RestartWith != nil:
		n.Last, n.Called = *o.RestartWith, false
	case o.Restart || create:
		n.Last, n.Called = n.Start, false
	}
	if n.Last < n.Min {
		return invalidParam("RESTART value (" + i64(n.Last) + ") cannot be less than MINVALUE (" + i64(n.Min) + ")")
	}
	if n.Last > n.Max {
		return invalidParam("RESTART value (" + i64(n.Last) + ") cannot be greater than MAXVALUE (" + i64(n.Max) + ")")
	}
	if o.Cache != nil {
		if *o.Cache <= 0 {
			return invalidParam("CACHE (" + i64(*o.Cache) + ") must be greater than zero")
		}
		n.Cache = *o.Cache
	}
	if o.Cycle != nil {
		n.Cycle = *o.Cycle
	}
	*d = n
	return nil
}

// next advances the sequence as PostgreSQL's nextval does and returns the value; name is
// the sequence's name for the error PostgreSQL gives at the end of a sequence without
// CYCLE (the sequence is then unchanged).
func (d *seqDef) next(name string) (int64, error) {
	if !d.Called {
		d.Called = true
		return d.Last, nil
	}
	v := d.Last
	if d.Inc > 0 {
		if (d.Max >= 0 && v > d.Max-d.Inc) || (d.Max < 0 && v+d.Inc > d.Max) {
			if !d.Cycle {
				return 0, &wire.Error{Code: "2200H", Message: `nextval: reached maximum value of sequence "` + name + `" (` + i64(d.Max) + ")"}
			}
			v = d.Min
		} else {
			v += d.Inc
		}
	} else {
		if (d.Min < 0 && v < d.Min-d.Inc) || (d.Min >= 0 && v+d.Inc < d.Min) {
			if !d.Cycle {
				return 0, &wire.Error{Code: "2200H", Message: `nextval: reached minimum value of sequence "` + name + `" (` + i64(d.Min) + ")"}
			}
			v = d.Max
		} else {
			v += d.Inc
		}
	}
	d.Last = v
	return v, nil
}

// setval sets the sequence as PostgreSQL's setval does.
func (d *seqDef) setval(name string, v int64, called bool) error {
	if v < d.Min || v > d.Max {
		return &wire.Error{Code: "22003", Message: "setval: value " + i64(v) + ` is out of bounds for sequence "` + name + `" (` + i64(d.Min) + ".." + i64(d.Max) + ")"}
	}
	d.Last, d.Called = v, called
	return nil
}
