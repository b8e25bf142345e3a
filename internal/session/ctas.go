package session

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgwired/pgwired/internal/translate"
	"github.com/pgwired/pgwired/internal/wire"
)

// createTableAs runs CREATE TABLE … AS and SELECT … INTO (translate.CreateTableAs): the
// query is described on IRIS, the table created with its columns as PostgreSQL would
// type them (through the translator, as if the client had written that CREATE TABLE),
// and filled by the plan's INSERT … SELECT. The tag is PostgreSQL's: SELECT n, or
// CREATE TABLE AS without data.
func (s *Session) createTableAs(ctx context.Context, p *translate.Plan, params []any, w wire.ResultWriter) error {
	c := p.CreateTableAs
	defer s.invalidateCatalog()
	query := s.withColumnTypes(ctx, c.Query)
	describe, err := query.RenderIntSplices(func(int) (int64, error) { return 0, nil })
	if err != nil {
		return translateError(err)
	}
	st, err := s.irisStatement(ctx, describe)
	if err != nil {
		return err
	}
	ddl, err := createTableText(c, rowDescription(st.Columns(), query.Columns, nil))
	if err != nil {
		return err
	}
	plans, err := s.translate(ddl)
	if err != nil {
		return translateError(err)
	}
	if err := s.runPlan(ctx, plans[0], nil, nil, untaggedWriter{w}); err != nil {
		if we, ok := err.(*wire.Error); ok && we.Code == "42P07" && c.IfNotExists {
			return s.skipExisting(c, w)
		}
		return err
	}
	if !c.WithData {
		return w.CommandComplete("CREATE TABLE AS")
	}
	fill := p
	if c.Temp {
		// Translated again now that the table is one of the session's temporary tables.
		plans, err := s.translate(p.Original)
		if err != nil {
			return translateError(err)
		}
		fill = plans[0]
	}
	if err := s.runExec(ctx, s.withColumnTypes(ctx, fill), params, w); err != nil {
		// PostgreSQL creates nothing when the query fails; IRIS has made the table.
		if drop, derr := s.translate("DROP TABLE " + pgTableName(c)); derr == nil && s.tx != txFailed {
			_ = s.runPlan(ctx, drop[0], nil, nil, untaggedWriter{w})
		}
		return err
	}
	return nil
}

func (s *Session) skipExisting(c *translate.CreateTableAs, w wire.ResultWriter) error {
	if err := w.Notice(&pgproto3.NoticeResponse{Severity: "NOTICE", SeverityUnlocalized: "NOTICE", Code: "42P07",
		Message: `relation "` + c.Name + `" already exists, skipping`}); err != nil {
		return err
	}
	return w.CommandComplete("CREATE TABLE AS")
}

// untaggedWriter passes on what a statement run for another writes, but its tag.
type untaggedWriter struct{ wire.ResultWriter }

func (untaggedWriter) CommandComplete(string) error { return nil }

// createTableText is the PostgreSQL CREATE TABLE for the described query columns,
// named as the statement names them (its column list first, then the query's names).
func createTableText(c *translate.CreateTableAs, fields []pgproto3.FieldDescription) (string, error) {
	if len(c.Columns) > len(fields) {
		return "", &wire.Error{Code: "42601", Message: "too many column names were specified"}
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	if c.Temp {
		b.WriteString("TEMP ")
	}
	b.WriteString("TABLE ")
	b.WriteString(pgTableName(c))
	b.WriteString(" (")
	seen := make(map[string]bool, len(fields))
	for i, f := range fields {
		name := string(f.Name)
		if i < len(c.Columns) {
			name = c.Columns[i]
		}
		if seen[name] {
			return "", &wire.Error{Code: "42701", Message: `column "` + name + `" specified more than once`}
		}
		seen[name] = true
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pgQuote(name))
		b.WriteByte(' ')
		b.WriteString(pgTypeName(f.DataTypeOID, f.TypeModifier))
	}
	b.WriteByte(')')
	return b.String(), nil
}

func pgTableName(c *translate.CreateTableAs) string {
	if c.Schema == "" || c.Temp {
		return pgQuote(c.Name)
	}
	return pgQuote(c.Schema) + "." + pgQuote(c.Name)
}

func pgQuote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// pgTypeName is the PostgreSQL type of a result column, as CREATE TABLE … AS gives it
// to the new column (typmods kept; types pgwired reads back as text become text).
func pgTypeName(oid uint32, typmod int32) string {
	switch oid {
	case oidBool:
		return "boolean"
	case oidInt2:
		return "smallint"
	case oidInt4:
		return "integer"
	case oidInt8:
		return "bigint"
	case oidFloat4:
		return "real"
	case oidFloat8:
		return "double precision"
	case oidNumeric:
		if typmod >= 4 {
			tm := typmod - 4
			return "numeric(" + strconv.Itoa(int(tm>>16)) + "," + strconv.Itoa(int(tm&0xffff)) + ")"
		}
		return "numeric"
	case oidVarchar, oidBpchar:
		name := "varchar"
		if oid == oidBpchar {
			name = "char"
		}
		if typmod >= 4 {
			return name + "(" + strconv.Itoa(int(typmod-4)) + ")"
		}
		if oid == oidBpchar {
			return "bpchar"
		}
		return name
	case oidDate:
		return "date"
	case oidTime:
		return "time"
	case oidTimestamp:
		return "timestamp"
	case oidTimestamptz:
		return "timestamptz"
	case oidUUID:
		return "uuid"
	case oidBytea:
		return "bytea"
	}
	return "text"
}
