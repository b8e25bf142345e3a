package catalog

import (
	"context"
	"strings"
	"testing"
)

// The enum types pgwired keeps in EnumTable are read only when that table exists; a
// column whose description names one is of that type, which pg_type, pg_enum,
// format_type, regtype, pg_attribute and information_schema show as PostgreSQL does.
func TestSnapshotEnums(t *testing.T) {
	src := shopSchema()
	src.rows[qTables] = append(src.rows[qTables], []any{"PGWIRED_META", "enum_labels", "BASE TABLE", nil})
	src.rows[qEnums] = [][]any{
		{"public", "mood", "happy", float64(3)}, {"public", "mood", "sad", float64(1)},
		{"public", "mood", "meh", float64(1.5)}, {"public", "mood", "ok", float64(2)},
		{"sales", "tier", "gold", float64(1)},
	}
	src.rows[qColumns] = append(src.rows[qColumns],
		[]any{"SQLUser", "customers", "mood", int64(7), "'ok'", "YES", "NO", "varchar", int64(3641144), nil, nil, "NO", "enum:public.mood"},
		[]any{"Sales", "Region", "tier", int64(2), nil, "YES", "NO", "varchar", int64(3641144), nil, nil, "NO", "enum:sales.tier"},
		[]any{"Sales", "Region", "gone", int64(3), nil, "YES", "NO", "varchar", int64(3641144), nil, nil, "NO", "enum:public.gone"})
	s, err := Load(context.Background(), src, "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	mood := s.Enum("", "mood")
	if mood == nil || mood.OID < firstUserOID || mood.ArrayOID == mood.OID {
		t.Fatalf("mood = %+v", mood)
	}
	if got := mood.LabelNames(); len(got) != 4 || got[0] != "sad" || got[1] != "meh" || got[3] != "happy" {
		t.Fatalf("labels %v", got)
	}
	if c := s.Column("public", "customers", "mood"); c.TypeOID != mood.OID || c.Default != "'ok'::mood" || c.Enum != mood {
		t.Fatalf("column %+v", c)
	}
	if c := s.Column("sales", "region", "gone"); c.TypeOID != oidText || c.Description != "enum:public.gone" {
		t.Fatalf("a column of a missing type: %+v", c)
	}
	_, rows := run(t, s, `SELECT t.typname, t.typtype, t.typcategory, t.typlen, format_type(t.oid, NULL), t.oid::regtype::text,
		pg_type_is_visible(t.oid), e.typname FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem
		WHERE t.typname IN ('mood', '_mood', 'tier', '_tier') ORDER BY 1`)
	expectRows(t, rows,
		"_mood|b|A|-1|mood[]|mood[]|t|mood",
		"_tier|b|A|-1|sales.tier[]|sales.tier[]|f|tier",
		"mood|e|E|4|mood|mood|t|∅",
		"tier|e|E|4|sales.tier|sales.tier|f|∅")
	_, rows = run(t, s, `SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder`)
	expectRows(t, rows, "sad|1", "meh|1.5", "ok|2", "happy|3")
	_, rows = run(t, s, `SELECT format_type(a.atttypid, a.atttypmod), a.attlen, a.attbyval, pg_get_expr(d.adbin, d.adrelid)
		FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attrelid = 'customers'::regclass AND a.attname = 'mood'`)
	expectRows(t, rows, "mood|4|t|'ok'::mood")
	_, rows = run(t, s, `SELECT table_name, column_name, data_type, udt_schema, udt_name FROM information_schema.columns
		WHERE column_name IN ('mood', 'tier') ORDER BY 1`)
	expectRows(t, rows, "customers|mood|USER-DEFINED|public|mood", "region|tier|USER-DEFINED|sales|tier")
	_, rows = run(t, s, `SELECT 'sales.tier'::regtype::oid = (SELECT oid FROM pg_type WHERE typname = 'tier'), to_regtype('mood[]')::text`)
	expectRows(t, rows, "t|mood[]")
}

// enum_range, enum_first and enum_last read the labels of their argument's type; a cast
// to an enum type must be one of its labels.
func TestEnumFunctions(t *testing.T) {
	src := shopSchema()
	src.rows[qTables] = append(src.rows[qTables], []any{"PGWIRED_META", "enum_labels", "BASE TABLE", nil})
	src.rows[qEnums] = [][]any{{"public", "mood", "sad", float64(1)}, {"public", "mood", "a b", float64(1.5)}, {"public", "mood", "ok", float64(2)}}
	s, err := Load(context.Background(), src, "USER", "alice")
	if err != nil {
		t.Fatal(err)
	}
	cols, rows := run(t, s, `SELECT enum_range(NULL::mood), enum_first(NULL::mood), enum_last('ok'::mood), enum_range('a b'::mood, NULL),
		enum_range('ok'::mood, 'sad'::mood)`)
	expectRows(t, rows, `{sad,"a b",ok}|sad|ok|{"a b",ok}|{}`)
	if e := s.Enum("", "mood"); cols[0].TypeOID != e.ArrayOID || cols[1].TypeOID != e.OID {
		t.Errorf("columns %+v", cols)
	}
	if _, err := runErr(s, `SELECT enum_first('x'::mood)`); err == nil || !strings.Contains(err.Error(), `invalid input value for enum mood: "x"`) {
		t.Errorf("a label that is not one: %v", err)
	}
	if _, err := runErr(s, `SELECT enum_first(NULL::text)`); err == nil || !strings.Contains(err.Error(), "enum_first(text) does not exist") {
		t.Errorf("not an enum: %v", err)
	}
}
