package catalog

import (
	"context"
	"fmt"
	"testing"
)

// bigSchema is n tables of 10 columns, each with a primary key, an index and a foreign
// key to the previous table.
func bigSchema(n int) *fakeIRIS {
	f := &fakeIRIS{rows: map[string][][]any{qSchemas: {{"SQLUser"}}, qViews: nil, qReferential: nil}}
	for i := 0; i < n; i++ {
		t := fmt.Sprintf("t%04d", i)
		f.rows[qTables] = append(f.rows[qTables], []any{"SQLUser", t, "BASE TABLE", nil})
		for c := 1; c <= 10; c++ {
			f.rows[qColumns] = append(f.rows[qColumns], []any{"SQLUser", t, fmt.Sprintf("c%d", c), int64(c), nil, "YES", "NO", "integer", nil, int64(10), int64(0), "NO", nil})
		}
		f.rows[qConstraints] = append(f.rows[qConstraints], []any{"SQLUser", t, t + "_pkey", "PRIMARY KEY"})
		f.rows[qKeyColumns] = append(f.rows[qKeyColumns], []any{"SQLUser", t, t + "_pkey", "c1", int64(1), nil, nil, nil})
		f.rows[qIndexes] = append(f.rows[qIndexes], []any{"SQLUser", t, t + "_c2_idx", int64(1), int64(1), "c2", ""})
		if i > 0 {
			prev := fmt.Sprintf("t%04d", i-1)
			f.rows[qConstraints] = append(f.rows[qConstraints], []any{"SQLUser", t, t + "_fk", "FOREIGN KEY"})
			f.rows[qKeyColumns] = append(f.rows[qKeyColumns], []any{"SQLUser", t, t + "_fk", "c3", int64(1), "SQLUser", prev, "c1"})
		}
	}
	return f
}

// BenchmarkPsqlDescribeBigSchema runs psql's \d index query and pgjdbc's foreign-key
// query (a nine-way join) over 500 tables.
func BenchmarkPsqlDescribeBigSchema(b *testing.B) {
	s, err := Load(context.Background(), bigSchema(500), "USER", "alice")
	if err != nil {
		b.Fatal(err)
	}
	queries := []string{
		`SELECT c2.relname, i.indisprimary, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true), contype
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = 't0250'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname`,
		`SELECT pkc.relname, pka.attname, fkc.relname, fka.attname, pos.n FROM pg_catalog.pg_namespace pkn, pg_catalog.pg_class pkc, pg_catalog.pg_attribute pka,
 pg_catalog.pg_namespace fkn, pg_catalog.pg_class fkc, pg_catalog.pg_attribute fka, pg_catalog.pg_constraint con,
 pg_catalog.generate_series(1, 32) pos(n), pg_catalog.pg_class pkic
 WHERE pkn.oid = pkc.relnamespace AND pkc.oid = pka.attrelid AND pka.attnum = con.confkey[pos.n] AND con.confrelid = pkc.oid
 AND fkn.oid = fkc.relnamespace AND fkc.oid = fka.attrelid AND fka.attnum = con.conkey[pos.n] AND con.conrelid = fkc.oid
 AND con.contype = 'f' AND (pkic.relkind = 'i' OR pkic.relkind = 'I') AND pkic.oid = con.conindid
 AND fkn.nspname = 'public' AND fkc.relname = 't0250' ORDER BY pkn.nspname, pkc.relname, con.conname, pos.n`,
	}
	for _, q := range queries {
		res, err := runErr(s, q)
		if err != nil || len(res.Rows) == 0 {
			b.Fatalf("%v, %d rows", err, len(res.Rows))
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			if _, err := runErr(s, q); err != nil {
				b.Fatal(err)
			}
		}
	}
}
