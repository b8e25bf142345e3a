package iris

import "unsafe"

// bytesToStringNoCopy views b as a string for a call that only reads it before
// b changes (encoding the rewritten SQL into the request buffer).
func bytesToStringNoCopy(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
