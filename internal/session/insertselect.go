package session

import (
	"context"
	"strconv"
	"time"

	"github.com/pgwired/pgwired/internal/iris"
	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// INSERT … SELECT … RETURNING (translate.StepInsertEach). IRIS has no RETURNING, and
// LAST_IDENTITY() names one row: so the query runs first and its rows are inserted one
// by one, each read back (the steps of Then) right after its INSERT. The rows returned
// are exactly the rows the statement inserted, in the query's order, whatever other
// sessions insert meanwhile. Two IRIS calls per row.
//
// The query is read to its end before the first INSERT: IRIS serves one open result
// per connection, and PostgreSQL's query does not see the rows its INSERT adds (INSERT
// INTO t SELECT … FROM t). Its rows wait in memory, at most maxHeldMemory.

// runInsertEach runs a StepInsertEach under one statement context, so that
// statement_timeout and a cancel stop it between rows too.
func (s *Session) runInsertEach(ctx context.Context, r *stepRun, st *translate.Step) error {
	args, err := irisArgs(st.Params, r.params)
	if err != nil {
		return err
	}
	var tableColumns []string
	if st.Insert.Columns == 0 {
		// The catalog first: it may read IRIS, which the query's open result would block.
		tableColumns = s.insertTargetColumns(ctx, st.Insert.Target)
	}
	sctx, done := s.statementContext(ctx)
	defer done()
	src, err := s.readInsertRows(sctx, st.SQL, args)
	if err != nil {
		return err
	}
	insert, err := st.Insert.SQL(src.width, tableColumns)
	if err != nil {
		return s.insertCountError(err, st.Insert, len(tableColumns))
	}
	if len(src.rows) == 0 {
		return s.describeReturning(sctx, r, st.Then)
	}
	r.sctx = sctx
	defer func() { r.sctx = nil }()
	for i, row := range src.rows {
		src.rows[i] = nil // inserted: its values can go
		n, err := s.conn.Exec(sctx, insert, row)
		if err != nil {
			return s.rowInsertError(sctx, st.Insert, row, err)
		}
		if st.CountRows {
			r.count += n
		}
		if err := s.runStepList(ctx, r, st.Then); err != nil {
			return err
		}
	}
	return nil
}

// insertCountError is PostgreSQL's 42601 for a query of more or fewer values than the
// INSERT's columns, placed at the first value too many when the text shows it.
func (s *Session) insertCountError(err error, r *translate.RowInsert, tableColumns int) error {
	werr, ok := translateError(err).(*wire.Error)
	if !ok || werr.Message != "INSERT has more expressions than target columns" {
		return translateError(err)
	}
	columns := r.Columns
	if columns == 0 {
		columns = tableColumns
	}
	return s.atInsertValue(werr, columns)
}

// rowInsertError maps the failure of one row's INSERT as the failure of a one-row
// INSERT … VALUES of that row: the DETAIL of a key or NOT NULL error shows its values, as
// PostgreSQL's does.
func (s *Session) rowInsertError(sctx context.Context, r *translate.RowInsert, row []any, err error) error {
	null := make([]bool, len(row))
	for i, v := range row {
		null[i] = v == nil
	}
	saved := s.running
	s.running.original, s.running.params = r.Text(null), row
	defer func() { s.running = saved }()
	return s.irisError(sctx, err)
}

// insertTargetColumns are the IRIS names of the table's columns in order, nil when the
// catalog does not know them (IRIS then takes the values as the statement gives them).
func (s *Session) insertTargetColumns(ctx context.Context, t translate.TableRef) []string {
	cat, err := s.sessionCatalog(ctx)
	if err != nil {
		return nil
	}
	return cat.ColumnNames(t)
}

// insertRows are the rows of an INSERT's query, as the parameters of one-row INSERTs.
type insertRows struct {
	width int
	rows  [][]any
	bytes int
}

// readInsertRows runs the query and reads all its rows into memory.
func (s *Session) readInsertRows(sctx context.Context, sql string, args []any) (*insertRows, error) {
	rows, err := s.conn.Query(sctx, sql, args)
	if err != nil {
		return nil, s.irisError(sctx, err)
	}
	defer rows.Close()
	cols := rows.Columns()
	out := &insertRows{width: len(cols)}
	for rows.Next() {
		row := make([]any, len(cols))
		for i := range cols {
			v, err := insertValue(rows, i, &cols[i])
			if err != nil {
				return nil, &wire.Error{Code: "XX000", Message: "cannot read IRIS value of column " + cols[i].Name + ": " + err.Error()}
			}
			row[i] = v
			out.bytes += valueBytes(v)
		}
		out.rows = append(out.rows, row)
		if out.bytes > maxHeldMemory {
			return nil, &wire.Error{Code: "54000", Message: "INSERT … SELECT … RETURNING holds the query's rows in pgwired's memory before inserting them, and they exceed " +
				strconv.Itoa(maxHeldMemory>>20) + " MiB", Hint: "Insert fewer rows per statement, or without RETURNING."}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.irisError(sctx, err)
	}
	return out, nil
}

// insertValue is column i of the current row as a parameter that gives IRIS the value
// back: as the IRIS client decodes it (numbers as numbers, the empty string apart from
// NULL), dates and times in the ODBC text pgwired sends PostgreSQL's own parameters in.
func insertValue(rows *iris.Rows, i int, col *iris.Column) (any, error) {
	if rows.Item(i).IsNull() {
		return nil, nil
	}
	var as int // the column's temporal type as the client decodes it
	switch pgTypeForODBC(col.ODBCType, col.Precision, col.Scale).OID {
	case oidDate:
		as = iris.ODBCDate
	case oidTime:
		as = iris.ODBCTime
	case oidTimestamp:
		as = iris.ODBCTimestamp
	default:
		return rows.Value(i)
	}
	if col.ODBCType == iris.ODBCDateHorolog || col.ODBCType == iris.ODBCTimeHorolog || col.ODBCType == iris.ODBCTimePosix {
		as = col.ODBCType // their integer forms
	}
	v, err := iris.DecodeItem(&iris.Column{Name: col.Name, ODBCType: as}, rows.Item(i))
	switch v := v.(type) {
	case iris.Date:
		return v.String(), err
	case iris.TimeOfDay:
		return v.String(), err
	case time.Time:
		return v.Format("2006-01-02 15:04:05.999999"), err
	}
	return v, err
}

// valueBytes is about what a held value costs.
func valueBytes(v any) int {
	switch v := v.(type) {
	case string:
		return 16 + len(v)
	case []byte:
		return 24 + len(v)
	case iris.Decimal:
		return 16 + len(v)
	}
	return 16
}

// describeReturning sends the RowDescription of the RETURNING read when no row was
// inserted (PostgreSQL describes the empty result), from IRIS's description of the
// query: running it would read the connection's last inserted row.
func (s *Session) describeReturning(sctx context.Context, r *stepRun, steps []translate.Step) error {
	q := firstQueryStep(steps)
	if q == nil || r.sentDesc {
		return nil
	}
	st, err := s.conn.Prepare(sctx, q.SQL)
	if err != nil {
		return s.irisError(sctx, err)
	}
	defer st.Close()
	fields := rowDescription(st.Columns(), r.plan.Columns, r.formats)
	markCatalogTypes(r.snap, st.Columns(), r.plan.Columns, fields)
	r.sentDesc = true
	return r.w.RowDescription(fields)
}

// describeInsertEach types the parameters of an INSERT … SELECT … RETURNING as
// PostgreSQL does: one that is a result column by itself as the column it goes into
// (IRIS's description of the one-row INSERT), the others as IRIS describes the query.
func (ps *preparedStatement) describeInsertEach(ctx context.Context, steps []translate.Step) error {
	s := ps.s
	for i := range steps {
		st := &steps[i]
		if st.Kind != translate.StepInsertEach {
			continue
		}
		if r := st.Insert; r.Params != nil {
			var names []string
			if r.Columns == 0 {
				names = s.insertTargetColumns(ctx, r.Target)
			}
			// A wrong count is the statement's error, at Execute.
			if sql, err := r.SQL(len(r.Params), names); err == nil {
				if ins, err := s.irisStatement(ctx, sql); err == nil {
					ps.typeParams(r.Params, ins.Params())
				}
			}
		}
		q, err := s.irisStatement(ctx, st.SQL)
		if err != nil {
			return err
		}
		ps.typeParams(st.Params, q.Params())
	}
	return nil
}
