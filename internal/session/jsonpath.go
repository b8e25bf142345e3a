package session

import (
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// A select-list item doc -> 'a' ->> 'b' (translate/jsonpath.go) reaches IRIS as the
// column doc; the session finds the value at the path in each row's JSON text, as
// PostgreSQL's json and jsonb operators do: a missing key or index, or a step into a
// scalar, gives NULL; a negative index counts from the end; of repeated keys the last
// counts. The result of -> / #> is JSON (json: the text as written; jsonb: its canonical
// form); ->> / #>> unquotes a string and gives NULL for JSON null.

// jsonPathValue appends the value at path in js to dst; null reports SQL NULL.
func jsonPathValue(dst, js []byte, path *translate.JSONPath, binary bool) (out []byte, null bool, err error) {
	p := jsonParser{s: js}
	p.ws()
	start, end, err := skipJSON(&p)
	if err == nil {
		err = p.end()
	}
	if err != nil {
		return dst, false, &wire.Error{Code: "22P02", Message: "invalid input syntax for type json", Detail: "The stored value is not JSON: " + err.Error()}
	}
	for _, st := range path.Steps {
		var ok bool
		if start, end, ok = jsonStep(js, start, end, st); !ok {
			return dst, true, nil
		}
	}
	v := js[start:end]
	if path.Text {
		switch v[0] {
		case '"':
			q := jsonParser{s: v}
			if dst, err = q.str(dst); err != nil {
				return dst, false, err
			}
			return dst, false, nil
		case 'n':
			return dst, true, nil
		}
	}
	if !path.JSONB {
		return append(dst, v...), false, nil
	}
	if binary && !path.Text {
		dst = append(dst, 1) // jsonb's binary form: version 1, then the text
	}
	if out, ok := appendJSONB(dst, v); ok {
		return out, false, nil
	}
	return append(dst, v...), false, nil
}

// jsonStep goes from the value js[start:end] to its member or element st.
func jsonStep(js []byte, start, end int, st translate.JSONStep) (int, int, bool) {
	p := jsonParser{s: js[:end], i: start}
	switch {
	case js[start] == '{' && st.HasKey:
		p.i++
		found := false
		var fs, fe int
		var key []byte
		for {
			p.ws()
			if p.eat('}') {
				return fs, fe, found
			}
			var err error
			if key, err = p.str(key[:0]); err != nil {
				return 0, 0, false
			}
			p.ws()
			p.eat(':')
			p.ws()
			s, e, err := skipJSON(&p)
			if err != nil {
				return 0, 0, false
			}
			if string(key) == st.Key {
				fs, fe, found = s, e, true // the last of repeated keys counts
			}
			p.ws()
			p.eat(',')
		}
	case js[start] == '[' && st.HasIndex:
		p.i++
		var spans [][2]int
		for {
			p.ws()
			if p.eat(']') {
				break
			}
			s, e, err := skipJSON(&p)
			if err != nil {
				return 0, 0, false
			}
			spans = append(spans, [2]int{s, e})
			p.ws()
			p.eat(',')
		}
		i := st.Index
		if i < 0 {
			i += len(spans)
		}
		if i < 0 || i >= len(spans) {
			return 0, 0, false
		}
		return spans[i][0], spans[i][1], true
	}
	return 0, 0, false
}

// skipJSON reads one JSON value at p.i and returns where it starts and ends.
func skipJSON(p *jsonParser) (int, int, error) {
	start := p.i
	if _, err := appendJSONBValue(nil, p, 0); err != nil {
		return 0, 0, err
	}
	return start, p.i, nil
}
