package iris

import (
	"fmt"
	"time"
)

// timestampLayout is what S1 sends for time.Time parameters (§4.3): UTC, nine
// fraction digits.
const timestampLayout = "2006-01-02 15:04:05.000000000"

// appendParam encodes one SQL parameter value (§4.3, §9). The SQL empty string goes as
// $CHAR(0) (03 01 00), distinct from NULL (02 01).
func appendParam(w *ListWriter, v any) error {
	switch v := v.(type) {
	case nil:
		w.Null()
	case string:
		if v == "" {
			w.Empty()
		} else {
			w.String(v)
		}
	case []byte:
		switch {
		case v == nil:
			w.Null()
		case len(v) == 0:
			w.Empty()
		default:
			w.Bytes(v)
		}
	case bool:
		if v {
			w.Int(1)
		} else {
			w.Int(0)
		}
	case int:
		w.Int(int64(v))
	case int8:
		w.Int(int64(v))
	case int16:
		w.Int(int64(v))
	case int32:
		w.Int(int64(v))
	case int64:
		w.Int(v)
	case uint:
		w.Uint(uint64(v))
	case uint8:
		w.Int(int64(v))
	case uint16:
		w.Int(int64(v))
	case uint32:
		w.Int(int64(v))
	case uint64:
		w.Uint(v)
	case float32:
		w.Double(float64(v))
	case float64:
		w.Double(v)
	case Decimal:
		if err := w.Decimal(string(v)); err != nil {
			return fmt.Errorf("iris: parameter %q: %w", string(v), err)
		}
	case time.Time:
		var tmp [48]byte
		w.Bytes(v.UTC().AppendFormat(tmp[:0], timestampLayout))
	case Date:
		var tmp [16]byte
		w.Bytes(v.AppendODBC(tmp[:0]))
	case TimeOfDay:
		var tmp [24]byte
		w.Bytes(v.AppendODBC(tmp[:0]))
	default:
		return fmt.Errorf("iris: unsupported parameter type %T", v)
	}
	return nil
}

// appendNativeArg encodes a Native API argument (§7). ObjectScript has no NULL
// distinct from "", so both nil and "" go as the empty string 02 01.
func appendNativeArg(w *ListWriter, v any) error {
	switch v := v.(type) {
	case nil:
		w.Null()
	case string:
		w.String(v)
	case []byte:
		w.Bytes(v)
	default:
		return appendParam(w, v)
	}
	return nil
}
