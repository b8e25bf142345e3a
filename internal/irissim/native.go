package irissim

import (
	"strings"

	"github.com/pgwired/pgwired/internal/iris"
)

// nativeError is the reply code of a failed Native API call; the text (an
// ObjectScript error such as <CLASS DOES NOT EXIST>) is fetched with OE.
const nativeError = -400

// classMethod answers `4B C2` / `4C C2`: class, method, argc, args.
func (c *serverConn) classMethod(h iris.Header, payload []byte) error {
	r := iris.NewListReader(payload)
	var class, method string
	var args []string
	it, err := nextItem(&r)
	if err == nil {
		class, err = it.Text()
	}
	if err == nil {
		if it, err = nextItem(&r); err == nil {
			method, err = it.Text()
		}
	}
	var argc int64
	if err == nil {
		argc, err = nextInt(&r)
	}
	for i := int64(0); err == nil && i < argc; i++ {
		if it, err = nextItem(&r); err == nil {
			var s string
			s, err = it.Text()
			args = append(args, s)
		}
	}
	if err != nil {
		return c.nativeFail(h, "<LIST> malformed class method request")
	}
	value, errText := c.callClassMethod(class, method, args)
	if errText != "" {
		return c.nativeFail(h, errText)
	}
	return c.reply(h, iris.CodeOK, func(w *iris.ListWriter) {
		switch v := value.(type) {
		case nil:
		case int64:
			w.Int(v)
		case string:
			w.String(v)
		}
	})
}

func (c *serverConn) nativeFail(h iris.Header, text string) error {
	c.lastErr = &sqlError{Code: nativeError, Msg: text, Raw: true}
	return c.reply(h, nativeError, nil)
}

// callClassMethod implements the few classes the proxy uses. It returns the
// value or an ObjectScript error text.
func (c *serverConn) callClassMethod(class, method string, args []string) (any, string) {
	argc := func(n int) string {
		if len(args) != n {
			return "<PARAMETER> " + method + "+1^" + class + ".1"
		}
		return ""
	}
	switch class {
	case "%SYSTEM.Version":
		if e := argc(0); e != "" {
			return nil, e
		}
		v := c.srv.cfg.Version
		switch method {
		case "GetVersion":
			return v, ""
		case "GetNumber":
			return versionNumber(v), ""
		case "GetProduct":
			return "IRIS", ""
		case "GetMajor", "GetMinor":
			major, minor, _ := strings.Cut(versionNumber(v), ".")
			if method == "GetMajor" {
				return int64(atoiSafe(major)), ""
			}
			return int64(atoiSafe(minor)), ""
		}
	case "%IRIS.Wallet":
		switch method {
		case "IsEnabled":
			if e := argc(0); e != "" {
				return nil, e
			}
			return int64(1), ""
		case "GetSecret":
			if e := argc(1); e != "" {
				return nil, e
			}
			v, ok := c.srv.walletSecret(c.nsName, args[0])
			if !ok {
				return nil, "<WALLET> ERROR #" + "9805: Secret '" + args[0] + "' does not exist"
			}
			return v, ""
		case "SetSecret":
			if e := argc(2); e != "" {
				return nil, e
			}
			c.srv.SetWalletSecret(c.nsName, args[0], args[1])
			return int64(1), ""
		}
	default:
		return nil, "<CLASS DOES NOT EXIST> *" + class
	}
	return nil, "<METHOD DOES NOT EXIST> *" + method + "," + class
}

// versionNumber extracts "2025.1" from a $ZVERSION text.
func versionNumber(v string) string {
	for _, f := range strings.Fields(v) {
		if len(f) >= 6 && f[4] == '.' && isDigit(f[0]) && isDigit(f[5]) {
			return f
		}
	}
	return ""
}

func atoiSafe(s string) int {
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
