package session

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// runPlan executes one translated statement to completion and writes its result.
// params are the Bind values by PostgreSQL parameter index; formats the result formats.
func (s *Session) runPlan(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) (err error) {
	if s.tx == txFailed && !allowedWhenFailed(p.Kind) {
		return abortedError
	}
	if err := s.writeInReadOnly(p); err != nil {
		return err
	}
	if p.CatalogError != nil {
		return withCatalogError(p)
	}
	if err := checkEnumParams(p.EnumParams, params); err != nil {
		return err
	}
	s.mathFuncs = p.MathFuncs
	s.running.original, s.running.params = p.Original, params
	if p.Kind == translate.KindDDL {
		defer s.invalidateCatalog()
		s.txDDL = s.txDDL || s.tx != txIdle
		if len(p.TypeRefs) > 0 {
			if err := s.checkTypeRefs(ctx, p.TypeRefs); err != nil {
				return err
			}
		}
		if p.TempTable != "" {
			return s.createTempTable(ctx, p, w)
		}
		if len(p.Dropped) > 0 {
			// Read before the drop: a snapshot loaded after it no longer has the table.
			snap, serr := s.catalogSnapshot(ctx)
			if serr != nil {
				return serr
			}
			defer func() {
				if err == nil {
					err = s.forgetChecks(ctx, snap, p.Dropped)
				}
			}()
		}
		if len(p.TempDrops) > 0 {
			defer func() {
				if err == nil {
					s.forgetDroppedTemp(p)
				}
			}()
		}
	}
	switch p.Kind {
	case translate.KindEmpty:
		return w.EmptyQuery()
	case translate.KindBegin, translate.KindCommit, translate.KindRollback:
		return s.runTxControl(ctx, p, w)
	case translate.KindSavepoint:
		return s.savepoint(ctx, p, w)
	case translate.KindRollbackTo:
		return s.rollbackTo(ctx, p, w)
	case translate.KindRelease:
		return s.release(p, w)
	case translate.KindSet, translate.KindReset, translate.KindShow:
		return s.runSetting(p, w)
	case translate.KindDiscard:
		return s.discard(ctx, p, w)
	case translate.KindDeallocate:
		return s.deallocateSQL(p, w)
	case translate.KindPrepare:
		return s.prepareSQL(ctx, p, w)
	case translate.KindExecute:
		return s.executeSQL(ctx, p, w)
	case translate.KindCreateTableAs:
		return s.createTableAs(ctx, p, params, w)
	case translate.KindRecursive:
		return s.runRecursive(ctx, p, params, formats, w)
	case translate.KindSetConstraints:
		if s.tx == txIdle {
			if err := s.notice(w, warning("25P01", "SET CONSTRAINTS can only be used in transaction blocks")); err != nil {
				return err
			}
		}
		return w.CommandComplete(p.Tag)
	case translate.KindSetTransaction:
		if err := s.execInternal(ctx, p.SQL); err != nil {
			return err
		}
		s.dirtyIsolation = true
		if p.Tx != nil && s.tx != txIdle {
			s.txReadOnly = p.Tx.ReadOnly || s.txReadOnly && !p.Tx.ReadWrite
		}
		return w.CommandComplete("SET")
	case translate.KindListen, translate.KindUnlisten:
		return &wire.Error{Code: "0A000", Message: p.Tag + " is not supported: IRIS has no asynchronous notifications"}
	case translate.KindCatalog:
		return s.runCatalog(ctx, p, params, formats, w)
	case translate.KindLocalQuery:
		return s.runLocal(ctx, p, params, formats, w)
	case translate.KindSequence:
		return s.runSequence(ctx, p, w)
	case translate.KindEnum:
		return s.runEnum(ctx, p, w)
	case translate.KindCopy:
		return s.runCopy(ctx, p, w)
	case translate.KindDeclareCursor:
		return s.declareCursor(ctx, p, params, w)
	case translate.KindFetch:
		return s.fetchCursor(ctx, p, formats, w)
	case translate.KindCloseCursor:
		return s.closeCursor(p, w)
	case translate.KindLockTable:
		if s.tx == txIdle && !s.implicitTx {
			// Without a block the lock would end with the statement.
			return &wire.Error{Code: "25P01", Message: "LOCK TABLE can only be used in transaction blocks"}
		}
		return s.runSteps(ctx, p, params, formats, w)
	}
	if hasSeqCalls(p) {
		var err error
		if p, err = s.withSeqValues(ctx, p); err != nil {
			return err
		}
	}
	if len(p.Truncated) > 0 {
		var err error
		if p, err = s.checkTruncate(ctx, p); err != nil {
			return err
		}
	}
	if p.Write != nil {
		checks, err := s.tableChecks(ctx, p.Write.Table)
		if err != nil {
			return err
		}
		if len(checks) > 0 {
			return s.runChecked(ctx, p, checks, params, formats, w)
		}
	}
	if len(p.Steps) > 0 {
		return s.runSteps(ctx, p, params, formats, w)
	}
	switch {
	case p.Setval != nil:
		return s.runSetvalQuery(ctx, p, params, formats, w)
	case p.Kind == translate.KindQuery:
		return s.runQuery(ctx, p, params, formats, w)
	default:
		return s.runExec(ctx, p, params, w)
	}
}

// allowedWhenFailed lists what a failed transaction block still accepts.
func allowedWhenFailed(k translate.Kind) bool {
	switch k {
	case translate.KindRollback, translate.KindCommit, translate.KindRollbackTo, translate.KindEmpty:
		return true
	}
	return false
}

func warning(code, msg string) *pgproto3.NoticeResponse {
	return &pgproto3.NoticeResponse{Severity: "WARNING", SeverityUnlocalized: "WARNING", Code: code, Message: msg}
}

// irisArgs picks the values for the IRIS markers: marker i takes PostgreSQL parameter
// p.Params[i], so a $n used twice is sent twice.
func irisArgs(mapping []int, params []any) ([]any, error) {
	if len(mapping) == 0 {
		return nil, nil
	}
	args := make([]any, len(mapping))
	for i, idx := range mapping {
		if idx < 0 || idx >= len(params) {
			return nil, &wire.Error{Code: "08P01", Message: "bind message supplies " + strconv.Itoa(len(params)) + " parameters, but the statement needs $" + strconv.Itoa(idx+1)}
		}
		args[i] = params[idx]
	}
	return args, nil
}

// runQuery runs a row-returning statement and streams its rows to the client.
func (s *Session) runQuery(ctx context.Context, p *translate.Plan, params []any, formats []int16, w wire.ResultWriter) error {
	sql, args, err := s.prepareCall(ctx, p, params)
	if err != nil {
		return err
	}
	snap := s.zoneSnapshot(ctx, p.Columns)
	sctx, done := s.statementContext(ctx)
	defer done()
	rows, err := s.conn.Query(sctx, sql, args)
	if err != nil {
		return s.irisError(sctx, err)
	}
	defer rows.Close()
	fields := rowDescription(rows.Columns(), p.Columns, formats)
	markCatalogTypes(snap, rows.Columns(), p.Columns, fields)
	if err := unsupportedArrays(rows.Columns(), p.Columns, fields); err != nil {
		return err
	}
	if err := w.RowDescription(fields); err != nil {
		return err
	}
	var pending bool
	n, err := s.streamRows(sctx, rows, fields, quotientColumns(rows.Columns(), p.Columns, fields), w, 0, &pending)
	if err != nil {
		return err
	}
	return w.CommandComplete("SELECT " + strconv.FormatInt(n, 10))
}

// streamRows writes up to max rows (0 = all), with the quotients qs computed by pgwired.
// pending says rows is positioned on a row read by an earlier call but not sent yet (a
// suspended portal); on return it says whether that is the case now, i.e. whether rows
// remain.
func (s *Session) streamRows(ctx context.Context, rows *iris.Rows, fields []pgproto3.FieldDescription, qs []quotient, w wire.ResultWriter, max int, pending *bool) (int64, error) {
	var n int64
	if cap(s.rowVal) < len(fields) {
		s.rowVal = make([][]byte, len(fields))
	}
	vals := s.rowVal[:len(fields)]
	for {
		if !*pending && !rows.Next() {
			break
		}
		*pending = false
		if max > 0 && n == int64(max) {
			*pending = true
			return n, nil
		}
		// Values are appended to one reused buffer; a slice taken before the buffer grew
		// still points at the old, unchanged array, so every value stays valid.
		buf := s.rowBuf[:0]
		for i := range fields {
			if rows.Item(i).IsNull() || (len(qs) > 0 && sessionWritten(qs, i)) {
				vals[i] = nil
				continue
			}
			start := len(buf)
			var err error
			buf, err = appendValue(buf, rows, i, &fields[i])
			if err != nil {
				return n, conversionError(err, fields[i].Name)
			}
			vals[i] = buf[start:len(buf):len(buf)]
		}
		if len(qs) > 0 {
			var err error
			if buf, err = appendQuotients(buf, vals, rows, qs, fields); err != nil {
				return n, toWireError(err)
			}
		}
		if err := w.DataRow(vals); err != nil {
			return n, err
		}
		s.rowBuf = buf
		n++
	}
	if err := rows.Err(); err != nil {
		return n, s.irisError(ctx, err)
	}
	return n, nil
}

// runExec runs a statement that returns no rows and reports its command tag.
func (s *Session) runExec(ctx context.Context, p *translate.Plan, params []any, w wire.ResultWriter) error {
	if p.SQL == "" {
		// Accepted without anything to run on IRIS (VACUUM, ANALYZE: IRIS keeps its own
		// storage statistics).
		if p.Tag == "VACUUM" && s.tx != txIdle {
			return &wire.Error{Code: "25001", Message: "VACUUM cannot run inside a transaction block"}
		}
		return w.CommandComplete(p.Tag)
	}
	sql, args, err := s.prepareCall(ctx, p, params)
	if err != nil {
		return err
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	n, err := s.conn.Exec(sctx, sql, args)
	if err != nil {
		return s.irisError(sctx, err)
	}
	return w.CommandComplete(commandTag(p.Tag, n))
}

// prepareCall gives the IRIS text and marker values of a one-call plan, on a live
// IRIS connection.
func (s *Session) prepareCall(ctx context.Context, p *translate.Plan, params []any) (string, []any, error) {
	args, err := irisArgs(p.Params, params)
	if err != nil {
		return "", nil, err
	}
	sql, err := renderSQL(p, params)
	if err != nil {
		return "", nil, err
	}
	if err := s.ensureConn(ctx); err != nil {
		return "", nil, err
	}
	return sql, args, nil
}

// renderSQL splices the integer parameters IRIS does not take as markers (LIMIT ?).
func renderSQL(p *translate.Plan, params []any) (string, error) {
	if len(p.IntSplices) == 0 {
		return p.SQL, nil
	}
	sql, err := p.RenderIntSplices(func(i int) (int64, error) { return spliceValue(params, i) })
	if err != nil {
		return "", translateError(err)
	}
	return sql, nil
}

// spliceValue is the value of integer parameter i for a LIMIT/OFFSET splice.
func spliceValue(params []any, i int) (int64, error) {
	if i >= len(params) {
		return 0, &wire.Error{Code: "08P01", Message: "missing value for parameter $" + strconv.Itoa(i+1)}
	}
	switch v := params[i].(type) {
	case int64:
		return v, nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, &wire.Error{Code: "22P02", Message: "invalid input syntax for type bigint: \"" + v + "\""}
		}
		return n, nil
	case nil:
		return 0, &wire.Error{Code: "22004", Message: "LIMIT/OFFSET parameter must not be null"}
	}
	return 0, &wire.Error{Code: "22P02", Message: "LIMIT/OFFSET parameter must be an integer"}
}

// commandTag appends the row count PostgreSQL reports for the tag's verb.
func commandTag(tag string, n int64) string {
	switch tag {
	case "INSERT":
		return "INSERT 0 " + strconv.FormatInt(n, 10)
	case "UPDATE", "DELETE", "SELECT", "MERGE", "COPY", "FETCH", "MOVE":
		return tag + " " + strconv.FormatInt(n, 10)
	}
	return tag
}

// irisError maps an IRIS failure to the PostgreSQL error the client sees. A statement
// stopped by a cancel or a timeout reports 57014 whatever the IRIS call returned.
func (s *Session) irisError(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		switch {
		case errors.Is(cause, errCanceledByUser):
			return &wire.Error{Code: "57014", Message: errCanceledByUser.Error()}
		case errors.Is(cause, errStatementTimeout):
			return &wire.Error{Code: "57014", Message: errStatementTimeout.Error()}
		}
	}
	var se *iris.SQLError
	if errors.As(err, &se) {
		msg := se.Message
		if se.Detail != "" {
			msg = se.Message + ": " + trimSpaceASCII(se.Detail)
		}
		werr := &wire.Error{Code: sqlStateForSQLCODE(se.SQLCODE, se.Detail), Message: msg, Detail: "IRIS SQLCODE " + strconv.Itoa(se.SQLCODE) + ": " + se.Raw}
		switch werr.Code {
		case "22012":
			// PostgreSQL's texts, which come without a DETAIL.
			werr.Message, werr.Detail = "division by zero", "" // IRIS's <DIVIDE>
		case "21000":
			werr.Message, werr.Detail = "more than one row returned by a subquery used as an expression", ""
		}
		if se.SQLCODE == -400 && strings.Contains(se.Detail, "<ILLEGAL VALUE>") {
			werr.Code, werr.Message = mathDomainError(s.mathFuncs)
			werr.Detail = ""
		}
		switch se.SQLCODE {
		case -108, -119, -120, -121, -122, -123, -124:
			if ce := s.constraintError(ctx, se.SQLCODE, se.Detail); ce != nil {
				return ce // PostgreSQL's wording and DETAIL, or none: not IRIS's text
			}
		case -320, -321:
			werr.Message, werr.Detail, werr.Hint = s.dependentObjects(ctx, se.Detail)
		case -116:
			if e := s.cardinalityError(se.Detail); e != nil {
				return e
			}
		case -306:
			if e := s.duplicateColumnError(se.Detail); e != nil {
				return e
			}
		case -29:
			if name, ok := undefinedName(werr); ok {
				werr.Hint = s.columnHint(ctx, strings.ToLower(name))
			}
		case -315:
			if e := undefinedConstraintError(se.Detail); e != nil {
				return e
			}
		}
		if ((se.SQLCODE == -104 || se.SQLCODE == -105) && werr.Code == "22P02") || se.SQLCODE == -146 || se.SQLCODE == -147 {
			if tl := s.tooLongError(ctx, se.Detail); tl != nil {
				return tl // PostgreSQL's wording: no IRIS DETAIL
			}
		}
		return werr
	}
	if s.conn != nil && s.conn.Broken() {
		if s.tx != txIdle {
			s.tx = txFailed
		}
		return &wire.Error{Code: "08006", Message: "lost the connection to IRIS", Detail: err.Error()}
	}
	return &wire.Error{Code: "XX000", Message: err.Error()}
}

func trimSpaceASCII(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// toWireError makes sure what reaches wire carries a SQLSTATE.
func toWireError(err error) error {
	if _, ok := err.(atStatement); ok {
		return err // placed by locateUndefinedAt
	}
	var we *wire.Error
	if errors.As(err, &we) {
		return we
	}
	var te *translate.Error
	if errors.As(err, &te) {
		return translateError(te)
	}
	return err
}

func translateError(err error) error {
	var te *translate.Error
	if errors.As(err, &te) {
		return &wire.Error{Code: te.SQLState, Message: te.Message, Position: int32(te.Position), Detail: te.Detail, Hint: te.Hint}
	}
	return err
}

// mathDomainError is PostgreSQL's SQLSTATE and message for an argument outside a math
// function's domain, which IRIS reports as -400 <ILLEGAL VALUE> whatever the function.
// The statement's functions (Plan.MathFuncs) tell which PostgreSQL error it is; IRIS does
// not say which value failed (zero or negative for a logarithm), so only sqrt's message
// is PostgreSQL's own.
func mathDomainError(f translate.MathFuncs) (code, msg string) {
	switch f {
	case translate.MathSqrt:
		return "2201F", "cannot take square root of a negative number"
	case translate.MathPower, translate.MathPower | translate.MathSqrt:
		return "2201F", "invalid argument for power function: zero raised to a negative power, or a negative number raised to a non-integer power"
	case translate.MathLog:
		return "2201E", "cannot take logarithm of zero or a negative number"
	}
	return "22023", "invalid argument of a mathematical function (IRIS <ILLEGAL VALUE>)"
}
