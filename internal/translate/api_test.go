package translate

import (
	"errors"
	"strings"
	"testing"
)

func mustTranslate(t *testing.T, sql string, opt Options) []*Plan {
	t.Helper()
	plans, err := Translate(sql, opt)
	if err != nil {
		t.Fatalf("Translate(%q): %v", sql, err)
	}
	return plans
}

func TestOriginalTextPerStatement(t *testing.T) {
	plans := mustTranslate(t, "  SELECT 1 ;\n\tUPDATE t SET a = $2 WHERE b = $1;  ", DefaultOptions())
	if len(plans) != 2 {
		t.Fatalf("got %d plans, want 2", len(plans))
	}
	if plans[0].Original != "SELECT 1" {
		t.Errorf("plan 0 Original = %q", plans[0].Original)
	}
	if plans[1].Original != "UPDATE t SET a = $2 WHERE b = $1" {
		t.Errorf("plan 1 Original = %q", plans[1].Original)
	}
	if plans[1].NumParams != 2 || plans[0].NumParams != 0 {
		t.Errorf("NumParams = %d, %d", plans[0].NumParams, plans[1].NumParams)
	}
}

func TestEmptyMessage(t *testing.T) {
	for _, sql := range []string{"", "   ", ";", "/* c */", "-- c\n"} {
		plans := mustTranslate(t, sql, DefaultOptions())
		if len(plans) != 1 || plans[0].Kind != KindEmpty {
			t.Errorf("%q: got %+v, want one KindEmpty plan", sql, plans)
		}
	}
}

func TestSyntaxErrorIsPostgresError(t *testing.T) {
	plans, err := Translate("SELECT 1; SELEC 2", DefaultOptions())
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("err = %v (%T), want *Error", err, err)
	}
	if te.SQLState != "42601" || te.Position != 11 || te.Message != `syntax error at or near "SELEC"` {
		t.Errorf("got %+v", te)
	}
	if plans != nil {
		t.Errorf("syntax error must reject the whole message, got %d plans", len(plans))
	}
}

func TestUnsupportedReturnsEarlierPlans(t *testing.T) {
	plans, err := Translate("INSERT INTO t VALUES (1); SELECT ARRAY[1]; SELECT 2", DefaultOptions())
	var te *Error
	if !errors.As(err, &te) || te.SQLState != "0A000" {
		t.Fatalf("err = %v", err)
	}
	if len(plans) != 1 || plans[0].Kind != KindDML {
		t.Fatalf("want the INSERT plan before the failing statement, got %d plans", len(plans))
	}
	// Position counts characters, not bytes.
	_, err = Translate("SELECT 'é', ARRAY[1]", DefaultOptions())
	if !errors.As(err, &te) || te.Position != 13 {
		t.Errorf("position = %+v, want 13", err)
	}
}

func TestOptionsSchemaAndCollation(t *testing.T) {
	opt := Options{Schema: "App Data", ExactCollation: false}
	p := mustTranslate(t, "SELECT name FROM public.users WHERE name = 'Bob' ORDER BY name", opt)[0]
	want := `SELECT name FROM "App Data".users WHERE name = 'Bob' ORDER BY CASE WHEN name IS NULL THEN 1 ELSE 0 END, name`
	if p.SQL != want {
		t.Errorf("got  %s\nwant %s", p.SQL, want)
	}
	p = mustTranslate(t, "CREATE TABLE public.t (a text)", opt)[0]
	if p.SQL != `CREATE TABLE "App Data".t (a VARCHAR(3641144))` {
		t.Errorf("DDL without exact collation: %s", p.SQL)
	}
	// The zero Options value still gets the SQLUser default schema.
	p = mustTranslate(t, "SELECT 1 FROM public.t", Options{})[0]
	if p.SQL != `SELECT 1 AS "?column?" FROM SQLUser.t` {
		t.Errorf("zero options: %s", p.SQL)
	}
}

func TestCatalogPlanKeepsTree(t *testing.T) {
	p := mustTranslate(t, "SELECT relname FROM pg_catalog.pg_class", DefaultOptions())[0]
	if p.Kind != KindCatalog || p.Stmt == nil || p.Stmt.GetSelectStmt() == nil {
		t.Fatalf("got kind %v stmt %v", p.Kind, p.Stmt)
	}
	if p.SQL != "" {
		t.Errorf("catalog plan must not carry IRIS SQL: %q", p.SQL)
	}
}

func TestRenderIDs(t *testing.T) {
	p := mustTranslate(t, "DELETE FROM t WHERE a = $1 RETURNING a", DefaultOptions())[0]
	del := p.Steps[2]
	if got := del.RenderIDs([]int64{3, 10, -1}); got != "DELETE FROM t WHERE %ID IN (3,10,-1)" {
		t.Errorf("RenderIDs = %q", got)
	}
	if got := del.RenderIDs(nil); got != "DELETE FROM t WHERE %ID IN (NULL)" {
		t.Errorf("RenderIDs(nil) = %q", got)
	}
	plain := Step{Kind: StepExec, SQL: "DELETE FROM t"}
	if got := plain.RenderIDs([]int64{1}); got != "DELETE FROM t" {
		t.Errorf("step without splice changed: %q", got)
	}
}

func TestRenderIntSplices(t *testing.T) {
	p := mustTranslate(t, "SELECT a FROM t WHERE b = $3 LIMIT $1 OFFSET $2", DefaultOptions())[0]
	values := map[int]int64{0: 25, 1: 50}
	got, err := p.RenderIntSplices(func(i int) (int64, error) { return values[i], nil })
	if err != nil {
		t.Fatal(err)
	}
	if got != "SELECT a FROM t WHERE b = ? LIMIT 25 OFFSET 50" {
		t.Errorf("got %q", got)
	}
	if len(p.Params) != 1 || p.Params[0] != 2 || p.NumParams != 3 {
		t.Errorf("Params %v NumParams %d", p.Params, p.NumParams)
	}
	values[1] = -1
	_, err = p.RenderIntSplices(func(i int) (int64, error) { return values[i], nil })
	var te *Error
	if !errors.As(err, &te) || te.SQLState != "2201X" || te.Message != "OFFSET must not be negative" {
		t.Errorf("negative offset: err = %v", err)
	}
	values[0], values[1] = -5, 0
	_, err = p.RenderIntSplices(func(i int) (int64, error) { return values[i], nil })
	if !errors.As(err, &te) || te.SQLState != "2201W" {
		t.Errorf("negative limit: err = %v", err)
	}
	bad := errors.New("not an integer")
	if _, err := p.RenderIntSplices(func(int) (int64, error) { return 0, bad }); !errors.Is(err, bad) {
		t.Errorf("value error not propagated: %v", err)
	}
}

func TestStepsOfUpsertBranch(t *testing.T) {
	p := mustTranslate(t, "INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v", DefaultOptions())[0]
	if len(p.Steps) != 1 || p.Steps[0].Kind != StepCheck {
		t.Fatalf("steps: %+v", p.Steps)
	}
	chk := p.Steps[0]
	if len(chk.Then) != 1 || !chk.Then[0].CountRows || len(chk.Else) != 1 || !chk.Else[0].CountRows {
		t.Fatalf("branches: %+v", chk)
	}
	if chk.Then[0].SQL != "UPDATE kv SET v = ? WHERE k = ?" || !equalInts(chk.Then[0].Params, []int{1, 0}) {
		t.Errorf("then: %q %v", chk.Then[0].SQL, chk.Then[0].Params)
	}
}

func TestLocalQueryArguments(t *testing.T) {
	p := mustTranslate(t, "SELECT current_setting($2), 'x' AS c, set_config('a', 'b', false)", DefaultOptions())[0]
	if p.Kind != KindLocalQuery || p.NumParams != 2 {
		t.Fatalf("kind %v nparams %d", p.Kind, p.NumParams)
	}
	items := p.Local.Items
	if items[0].Func != "current_setting" || items[0].Args[0].Param != 1 {
		t.Errorf("item 0: %+v", items[0])
	}
	if items[1].Func != "" || items[1].Const.Value != "x" || items[1].Const.Param != -1 || items[1].Column.Name != "c" {
		t.Errorf("item 1: %+v", items[1])
	}
	if a := items[2].Args; len(a) != 3 || a[2].Value != "false" {
		t.Errorf("item 2 args: %+v", a)
	}
}

func TestCopyInsertFor(t *testing.T) {
	p := mustTranslate(t, "COPY public.t FROM STDIN", DefaultOptions())[0]
	if p.Copy.InsertSQL != "" {
		t.Fatalf("no column list: InsertSQL must be built by the session, got %q", p.Copy.InsertSQL)
	}
	if got := p.Copy.InsertFor([]string{"ID", "user", "b"}); got != `INSERT INTO SQLUser.t ("ID", "user", b) VALUES (?, ?, ?)` {
		t.Errorf("InsertFor = %q", got)
	}
}

func TestKindString(t *testing.T) {
	if KindCatalog.String() != "Catalog" || Kind(99).String() != "Kind(99)" || StepCollectIDs.String() != "ids" {
		t.Error("String methods")
	}
}

func TestErrorImplementsError(t *testing.T) {
	var err error = &Error{SQLState: "0A000", Message: "x is not supported by pgwired/IRIS"}
	if err.Error() != "x is not supported by pgwired/IRIS" {
		t.Error(err.Error())
	}
}

// Plans must be immutable once returned: translating the same text again must
// not share or alter earlier results.
func TestPlansIndependent(t *testing.T) {
	a := mustTranslate(t, "SELECT a FROM t WHERE b = $1", DefaultOptions())[0]
	a.Params[0] = 7
	b := mustTranslate(t, "SELECT a FROM t WHERE b = $1", DefaultOptions())[0]
	if b.Params[0] != 0 {
		t.Error("second translation shares state with the first")
	}
}

func TestEveryKindHasATag(t *testing.T) {
	for _, c := range readCases(t) {
		plans, _ := Translate(c.input, DefaultOptions())
		for _, p := range plans {
			if p.Kind != KindEmpty && strings.TrimSpace(p.Tag) == "" {
				t.Errorf("%q: plan of kind %v has no tag", c.input, p.Kind)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestParameterNumberBound: a $n no Bind can carry is 42P02 at translation, so nothing
// downstream sizes an array by it.
func TestParameterNumberBound(t *testing.T) {
	_, err := Translate("SELECT $2000000000", DefaultOptions())
	var te *Error
	if !errors.As(err, &te) || te.SQLState != "42P02" {
		t.Fatalf("$2000000000: %v; want 42P02", err)
	}
	plans, err := Translate("SELECT $65535", DefaultOptions())
	if err != nil || plans[0].NumParams != 65535 {
		t.Fatalf("$65535: %v", err)
	}
}
