package e2e

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestZZScratch(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		cfg, _ := pgx.ParseConfig("postgres://_SYSTEM:SYS@127.0.0.1:23456/USER?sslmode=require")
		cfg.DefaultQueryExecMode = mode
		c, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := c.Query(ctx, "SELECT 41 + 1, 7, 2*3")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rows.FieldDescriptions() {
			t.Logf("mode %v %s oid %d", mode, f.Name, f.DataTypeOID)
		}
		rows.Close()
		c.Close(ctx)
	}
}
