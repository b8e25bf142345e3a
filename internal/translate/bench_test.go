package translate

import (
	"strconv"
	"testing"
)

// Typical statements from ORMs and drivers (pgx, psycopg, SQLAlchemy, Prisma).
var ormStatements = []string{
	`SELECT "users"."id", "users"."email", "users"."created_at" FROM "users" WHERE "users"."id" = $1 LIMIT $2`,
	`SELECT id, name, price FROM products WHERE category_id = $1 AND active ORDER BY name LIMIT $2 OFFSET $3`,
	`INSERT INTO "orders" ("user_id", "total", "status") VALUES ($1, $2, $3) RETURNING "id"`,
	`UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2`,
	`SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email ILIKE $1`,
	`DELETE FROM sessions WHERE expires_at < now()`,
	`BEGIN`,
	`SELECT id FROM items ORDER BY embedding <=> $1 LIMIT 10`,
}

func BenchmarkCacheHit(b *testing.B) {
	c := NewCache(1024, DefaultOptions())
	for _, s := range ormStatements {
		if _, err := c.Translate(s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Translate(ormStatements[i%len(ormStatements)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCacheMiss(b *testing.B) {
	c := NewCache(1024, DefaultOptions())
	// Distinct texts so every call parses and emits; built before timing.
	texts := make([]string, b.N)
	for i := range texts {
		texts[i] = ormStatements[i%len(ormStatements)] + " -- " + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Translate(texts[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShapeHit: texts with literals interpolated (psycopg2), each new, one shape.
func BenchmarkShapeHit(b *testing.B) {
	c := NewCache(1024, DefaultOptions())
	texts := make([]string, b.N+2)
	for i := range texts {
		texts[i] = "SELECT abalance FROM pgbench_accounts WHERE aid = " + strconv.Itoa(i)
	}
	for _, s := range texts[:2] { // the second text of a shape records it
		if _, err := c.Translate(s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Translate(texts[i+2]); err != nil {
			b.Fatal(err)
		}
	}
}
