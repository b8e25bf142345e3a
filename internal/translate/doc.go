// Package translate turns the SQL text of one PostgreSQL client message into
// plans that the session layer runs on InterSystems IRIS.
//
// The text is parsed by the real PostgreSQL parser (pg_query_go, PostgreSQL 17
// grammar); statements are split by the parser, never by looking for ';'. Each
// statement's AST is rewritten and printed as IRIS SQL by this package's own
// emitter: no regular expressions ever run over SQL text. Translate is pure (no
// I/O); Cache memoises it per exact SQL text, and per shape: a text that differs
// from one translated before only in its literals gets that translation with its
// own literals filled in, where the translator declared it only copied them
// (shape.go). Plans are immutable and shared.
//
// # Result shape
//
// One Plan per statement. Plan.Kind says who answers it: IRIS (KindQuery,
// KindDML, KindDDL, transaction kinds, KindSetTransaction), the session
// (KindSet/Show/Reset/Discard/Deallocate/Listen/Unlisten/Copy/LocalQuery/Empty,
// and the SQL cursors KindDeclareCursor/Fetch/CloseCursor, whose query is a
// KindQuery plan in Plan.Cursor) or the catalog layer (KindCatalog, with the AST in Plan.Stmt). IRIS SQL never
// ends with ';' (SQLCODE -25) and uses "?" markers; Plan.Params maps each marker
// to a PostgreSQL parameter ($1 → 0), repeating an index when $n is reused.
// Statements that need several IRIS calls carry Steps (see Step and the
// sections below); the session runs them in one transaction.
//
// Errors are *Error: 42601 with PostgreSQL's own message and cursor position for
// syntax errors (the whole message is rejected); 0A000 "<construct> is not
// supported by pgwired/IRIS" for anything IRIS cannot run with the same result;
// PostgreSQL's codes for what PostgreSQL itself rejects at parse/analysis time
// (22P02 bad literal casts, 22003 out of range, 2201W/2201X negative
// LIMIT/OFFSET, 42P10 bad ORDER/GROUP BY position, 42P02 $0). When statement k
// of a multi-statement message fails, the plans of statements 1..k-1 are
// returned with the error, because PostgreSQL runs those first.
//
// # Names
//
// PostgreSQL folds unquoted identifiers to lower case; the emitter writes plain
// lower-case names bare and delimits everything else ("Id", names with other
// characters, IRIS reserved words such as "user", "value", "key"). IRIS compares
// identifiers case-insensitively, delimited or not. Result columns are named by
// PostgreSQL's FigureColname rules (count(*) → count, 1 → ?column?,
// CAST(x AS int) → x, '1'::int → int4, CASE → case …) and reported in
// Plan.Columns with a type OID when the text determines it; computed columns get
// an explicit AS "name" so IRIS reports the same name. Plan.Columns is nil when
// the list contains *. "public" maps to Options.Schema (default SQLUser);
// unqualified names stay unqualified (IRIS default schema).
//
// # Types
//
//	smallint/int/bigint → SMALLINT/INTEGER/BIGINT     boolean → BIT (TRUE/FALSE → 1/0)
//	numeric(p,s) → NUMERIC(p,s); bare numeric → NUMERIC(36,17): IRIS's bare
//	  NUMERIC has scale 0, and 36/17 are IRIS's arithmetic limits. Values come
//	  back with 17 fraction digits.
//	real, double precision → DOUBLE (IRIS REAL is a double anyway)
//	text, varchar, json, jsonb → VARCHAR(3641144), the IRIS long-string limit:
//	  IRIS TEXT is a stream (string functions fail, SQLCODE -37) and bare VARCHAR
//	  means length 1. json/jsonb are stored as text, marked by a %DESCRIPTION (JSONMarker,
//	  JSONBMarker) that the catalog reads back as their types. ->, ->>, #>, #>> with
//	  literal keys over a column, as a whole select-list item, are read by the session
//	  (jsonpath.go); elsewhere JSON operators and functions are refused.
//	char(n) → CHAR(n). IRIS does not blank-pad: values read back without
//	  PostgreSQL's trailing spaces.
//	bytea → VARBINARY(3641144); a bytea literal ('\xdeadbeef'::bytea, or given to a
//	  bytea column) is decoded and written as the string of its bytes, CHAR(n) for
//	  the unprintable ones (bytea.go); uuid → UNIQUEIDENTIFIER; date, time → DATE, TIME
//	An ISO 8601 literal cast to timestamp ('2024-01-02T03:04:05.5', psycopg2's
//	  datetime) is written in the ODBC form IRIS reads (space, seconds); its zone
//	  is dropped as PostgreSQL drops it for timestamp.
//	timestamp, timestamptz → TIMESTAMP. IRIS has no time-zone-aware type: the
//	  column stores the value as sent. The session must send timestamptz values
//	  normalised to UTC and report TimeZone=UTC; now()/CURRENT_TIMESTAMP are the
//	  IRIS server's clock, so IRIS should run in UTC.
//	vector(n) → VECTOR(DOUBLE, n); vector → VECTOR (DOUBLE, any length);
//	  '…'::vector → TO_VECTOR('…', DOUBLE); time literal 'hh:mm' → 'hh:mm:00'.
//	A time literal with a fraction → CAST('hh:mm:ss.f' AS TIME(n)) (IRIS's TIME keeps
//	  no fraction), rounded as PostgreSQL rounds (microseconds, or time(p)); one that
//	  rounds to 24:00:00 → 0A000. A date literal → CAST('YYYY-MM-DD' AS DATE) when
//	  PostgreSQL reads it alike in every DateStyle ('2024-1-2', '20240102', a time
//	  stamp's date); other forms ('01/02/2024', 'Jan 2 2024') → 22007, special values
//	  ('today', 'infinity') → 0A000, a day that does not exist → 22008.
//	serial/bigserial/smallserial → INTEGER/BIGINT/SMALLINT AUTO_INCREMENT: like
//	  PostgreSQL serial it accepts explicit values without moving the counter
//	  (IRIS IDENTITY refuses them, SQLCODE -111). Differences: an explicit 0 or
//	  NULL also takes the next value; one per table (more → 0A000).
//	GENERATED ALWAYS AS IDENTITY → IDENTITY (explicit values refused, as in PG);
//	GENERATED BY DEFAULT AS IDENTITY → AUTO_INCREMENT.
//	arrays, interval, money, network, geometric, range, timetz … → 0A000; a name that
//	  is no built-in type is an enum type's (see Enum types).
//
// Casts become CAST(x AS type); a string literal cast to an integer or boolean is
// folded to the constant (and refused as PostgreSQL refuses it); one cast to numeric,
// real or double precision is checked (IRIS reads 'x' as 0): not a number → 22P02,
// too large for numeric(p,s) or a double → 22003, NaN/Infinity → 0A000; an unbounded text
// cast of a literal is the literal; any other cast to an integer type rounds
// first, CAST(ROUND(x, 0) AS INTEGER), as PostgreSQL rounds (IRIS truncates).
// COALESCE/CASE with a boolean value report type bool (IRIS returns 1/0).
// "x ± interval 'N unit'" becomes
// DATEADD(unit, ±N, x); several whole-number fields ('1 year 2 months 3 hours')
// are added as PostgreSQL adds an interval, months first, then days, then time:
// DATEADD('ss', s, DATEADD('dd', d, DATEADD('mm', m, x))) (IRIS's DATEADD keeps the
// day valid, Jan 31 + 1 month = Feb 28/29, as PostgreSQL does). The literal is read as
// PostgreSQL reads it (interval.go): decimal fields carried into smaller ones ('1.5
// months' = 1 month 15 days), 'h:mm[:ss]', abbreviations, 'ago'; an interval literal
// times or divided by a number literal is folded as PostgreSQL's interval_mul does; times
// a column it is DATEADD(unit, N * c, x), refused by WithCatalog unless c is an integer
// column. Fractions of a second, a repeated field, ISO 8601 forms and an interval times
// a parameter → 0A000.
//
// # Collation (Options.ExactCollation, on in DefaultOptions)
//
// IRIS string columns default to SQLUPPER collation: comparisons, ORDER BY,
// GROUP BY, DISTINCT and UNION ignore case and trailing blanks. PostgreSQL
// compares exactly. pgwired fixes this in two places:
//   - DDL: every string column it creates gets COLLATE %EXACT, so tables made
//     through pgwired behave exactly like PostgreSQL everywhere (indexes too).
//   - Queries (for tables created outside pgwired): %EXACT(col) wraps a column
//     reference (a) compared by =, <>, <, <=, >, >=, BETWEEN or IN with a string
//     literal containing a letter or white space — a literal that cannot be a
//     number, date or time, whose logical IRIS form %EXACT would expose;
//     (b) the left side of LIKE, column or expression; (c) as an ORDER BY key (%EXACT orders
//     numbers numerically, so this is harmless for numeric columns); (d) as a
//     GROUP BY item. ILIKE compares UPPER() forms and needs no wrapping.
//
// Not wrapped (documented gaps on SQLUPPER columns of foreign tables):
// comparisons with parameters (their type is unknown when translating),
// column-to-column comparisons (joins), DISTINCT and UNION (wrapping the select
// list would change the values IRIS returns), MIN/MAX. x COLLATE "C" is %EXACT(x).
//
// # Booleans and NULL
//
// IRIS conditions are not values and vice versa. A value used as a condition
// becomes "v = 1" (WHERE active → active = 1); a condition used as a value
// becomes CASE WHEN c THEN 1 WHEN NOT (c) THEN 0 END, which keeps NULL for
// unknown. IS [NOT] TRUE/FALSE/UNKNOWN become never-NULL comparisons;
// IS [NOT] DISTINCT FROM becomes a NULL-safe CASE. LIKE gets ESCAPE '\' when the
// pattern may contain a backslash (PostgreSQL's default escape; IRIS has none).
//
// ORDER BY: PostgreSQL puts NULLs last ascending and first descending (or as
// NULLS FIRST/LAST says); every key that may be NULL is preceded by
// CASE WHEN k IS NULL THEN 1 ELSE 0 END (or 0/1), which forces that order
// whatever IRIS does. Keys that cannot be NULL (constants, COUNT) get none. With
// DISTINCT or set operations IRIS allows only output columns as keys, so when a
// key may be NULL the query is wrapped, SELECT * FROM (…) AS sorted (or setop)
// ORDER BY <CASE key>, <output name>, and sorted outside by output names (a
// key naming a duplicated output name → 0A000).
// A $n sort key orders nothing and is dropped. The pgvector keys a <=> b and
// a <#> b become VECTOR_COSINE / VECTOR_DOT_PRODUCT sorted in the opposite
// direction (the form IRIS's HNSW index serves), without a NULL key.
//
// # Operators and functions
//
// || stays; coalesce(a, b, 0) → COALESCE(COALESCE(a, b), 0) and arguments after
// the first non-NULL constant dropped (IRIS types a literal in COALESCE as VARCHAR
// unless it follows a single other argument); % → MOD(a, b); ^ → POWER; integer / integer → "\" when the text
// shows both are integers (literals, integer casts, count(*), length(…) and
// arithmetic of those; IRIS "/" never truncates); a "/" whose operands are integers
// when some columns are integer columns is recorded in Plan.Divisions, which the
// session resolves from the catalog (Plan.WithCatalog); date -
// date (a date literal, cast or CURRENT_DATE on one side, a date or a column
// on the other) → DATEDIFF('dd', b, a); date ± integer constant →
// CAST(DATEADD('dd', ±n, d) AS DATE); the same for columns (d ± n, n + d, d1 - d2,
// n an integer by its text, a parameter or an integer column) when the catalog says
// they are dates, recorded in Plan.DateAriths; timestamp - timestamp → 0A000 (an
// interval); ILIKE → UPPER(a) LIKE UPPER(b);
// x ~ 're' / x !~ 're' → [NOT] x %PATTERN 'p' when re is a literal of characters,
// '.', [0-9] or \d, quantifiers and anchors, which read alike as an ObjectScript
// pattern (regexpattern.go); ~*, !~* and other regular expressions → 0A000 (no IRIS
// predicate has regex semantics); x [NOT] SIMILAR TO 'p' [ESCAPE 'c'] → [NOT] x
// %MATCHES 'glob' (similarto.go) when p is a literal of characters, % (*), _ (?) and
// bracket lists of characters and ranges or [^A-Z] [^a-z] [^0-9] (the negations
// %MATCHES documents), characters special to the glob escaped with \; a glob that
// could match IRIS's $CHAR(0) empty string (a lone _ or [^…]) adds AND CHAR_LENGTH(x)
// > 0, the empty pattern is CHAR_LENGTH(x) = 0; | * + ? {…} (…), class escapes (\d),
// other brackets, escape-double-quotes, parameters → 0A000, a multi-character ESCAPE
// → 22025, an unclosed [ → 2201B; = ANY(ARRAY[…]) → IN (…); <> ALL(ARRAY[…]) → NOT IN;
// other array comparisons → 0A000. length → CHAR_LENGTH (IRIS LENGTH ignores
// trailing blanks); position(a in b)/strpos(b, a) → INSTR(b, a);
// substr/substring → SUBSTRING (the regex form → 0A000); trim family → TRIM/
// LTRIM/RTRIM or TRIM(LEADING|TRAILING|BOTH c FROM s); left/right →
// {fn LEFT/RIGHT}; concat → COALESCE(x, empty string) || …; concat_ws → a NULL-skipping
// SUBSTRING form; round(x[, n]) → CAST(ROUND(x, n) AS NUMERIC(36, n)) and
// trunc → the same with {fn TRUNCATE} (PostgreSQL's result has exactly n
// fraction digits; n defaults to 0); split_part(s, 'd', n) → $PIECE(s, 'd', n)
// with an empty string for an empty piece (literal delimiter, n > 0); ln → LOG;
// log → LOG10; random() → RAND() [?]; now()/current_timestamp/localtimestamp/
// clock_timestamp() → CURRENT_TIMESTAMP (IRIS evaluates it per statement, not
// per transaction); extract/date_part → DATEPART for year, quarter, month, day,
// hour, minute, doy, dow (−1: PostgreSQL Sunday = 0), isodow (Monday = 1 …
// Sunday = 7, MOD(dw + 5, 7) + 1), week and isoyear (ISO 8601: those of the
// week's Thursday, DATEADD('dd', 4 - isodow, x)), epoch via DATEDIFF;
// second/… → 0A000; date_trunc(unit, x) → DATEADD(u, DATEDIFF(u, origin,
// x), origin) for year…second; week counts days from a Monday origin in
// sevens; to_char(x, format) (tochar.go) for YYYY YYY YY Y MM DD DDD D Q IYYY IW
// ID HH24 HH12 HH MI SS (zero-padded DATEPART arithmetic), Month Mon Day Dy and
// the AM/PM markers in their cases (English names by CASE over DATEPART,
// blank-padded as PostgreSQL pads them), FM, separators and "text", joined by ||;
// other formats (fractions, IDDD, TH, TM, numbers) → 0A000.
// x AT TIME ZONE 'UTC' (timezone('UTC', x)) → CAST(x AS TIMESTAMP) (a timestamptz is
// kept as its UTC time); other zones → 0A000. Aggregates keep their names;
// agg(x) FILTER (WHERE c) → agg(CASE WHEN c THEN x END), exact because
// aggregates skip NULLs (COUNT still gives 0); string_agg(x, ',') → LIST(x);
// string_agg(x, 'sep') → SUBSTRING(XMLAGG('sep' || x), CHAR_LENGTH('sep') + 1) (any
// other literal separator, or COALESCE(?, empty string) for a parameter; a NULL
// separator is none: XMLAGG(x); IRIS has no STRING_AGG); FILTER (WHERE c) as for
// other aggregates; DISTINCT → the aggregate's DISTINCT over %EXACT values;
// string_agg with an expression as separator → 0A000; array_agg([DISTINCT] x) [FILTER
// (WHERE c)] as a whole item of the outer select list → JSON_ARRAYAGG(x)
// (JSON_ARRAYAGG(DISTINCT %EXACT(x))) with hidden COUNT(*), COUNT(x)[, COUNT(DISTINCT
// %EXACT(x))], MIN(x) columns from which the session adds the NULLs JSON_ARRAYAGG leaves
// out and takes the element type (arrayagg.go); array_agg(x ORDER BY …) and
// string_agg(x, 'sep' ORDER BY …) as whole items of the outer select list →
// JSON_ARRAYAGG(JSON_ARRAY(x, key1, … NULL ON NULL)) with a hidden COUNT, the session
// sorting the tuples (no IRIS aggregate orders its values); with a parameter as
// separator, elsewhere, of a row or an array → 0A000; percentile_cont(f),
// percentile_disc(f) and mode() WITHIN GROUP (ORDER BY x [DESC]) [FILTER (WHERE c)] as
// whole items of the outer select list → JSON_ARRAYAGG(x) of the non-NULL values with
// hidden COUNT(x), MIN(x) [, CAST(? AS DOUBLE) for a parameter f] (withingroup.go): the
// session sorts them as array_agg's ORDER BY does and interpolates (float8), picks the
// value at ceil(f·n) or the first longest run (typed as x); f a number or string
// literal, NULL, a cast of these to numeric/float8/real, ARRAY[…] of them (an array
// result) or a parameter, its range checked per group (22003); elsewhere, with OVER or
// USING, of an interval, other fractions, hypothetical-set aggregates (rank(…) WITHIN
// GROUP) and WITHIN GROUP on other functions → 0A000;
// bool_and/bool_or → MIN/MAX. reverse → REVERSE; repeat(s, n) → REPEAT(s, n) with a
// negative n made 0 (IRIS gives NULL there); translate(s, 'from', 'to') →
// $TRANSLATE(s, 'from'[, 'to']) for literals (from neither empty nor repeating a
// character; an empty to is left out). chr(n) → CHAR(n) (smallfuncs.go): an integer
// literal is checked as PostgreSQL checks it (0 and surrogates 54000, negative 22023,
// beyond U+10FFFF 54000) and above 65535 is 0A000 (IRIS's CHAR gives NULL there); for a
// column IRIS gives NULL above 65535 and for negative codes, and an empty string for 0,
// where PostgreSQL fails or (above 65535) returns the character. ascii(s) → CASE WHEN s
// IS NOT NULL THEN COALESCE(ASCII(s), 0) END (IRIS's ASCII is NULL for an empty
// string, PostgreSQL's 0). make_date(y, m, d) of integer literals → CAST('YYYY-MM-DD'
// AS DATE), checked as PostgreSQL checks it (22008; BC years and years after 9999 →
// 0A000); of other arguments → CAST of the ODBC text built with {fn RIGHT('000' || y,
// 4)} … after a CASE checks year, month and the month's days, else a text that is no
// date, which IRIS's CAST refuses (-146: 22007 where PostgreSQL gives 22008).
// to_timestamp(n) of a number literal → the UTC time stamp computed here, PostgreSQL's
// rounding to microseconds and errors (22008 for NaN and out of range; infinity and
// years IRIS cannot hold → 0A000); of other arguments → DATEADD('mcs', ROUND((n -
// FLOOR(n)) * 1000000, 0), DATEADD('s', FLOOR(n), '1970-01-01 00:00:00')); typed
// timestamptz (the UTC instant, as pgwired keeps timestamptz); to_timestamp(text,
// format) → 0A000. initcap, md5, regexp_*, age, overlay,
// gen_random_uuid: no IRIS SQL function found (docs/compatibility.md) → 0A000, as
// are other unknown functions.
//
// Window functions (row_number, rank, dense_rank, ntile, lag, lead,
// first_value, last_value, count/sum/avg/min/max) with PARTITION BY/ORDER BY
// are emitted as written — IRIS is believed to support them [?, not
// established in iris-sql.md]; their ORDER BY places NULLs as a query's ORDER
// BY does (CASE keys); named windows (WINDOW w AS …, OVER w, OVER (w ORDER BY …)) are
// written out in place with PostgreSQL's merge rules and errors (window.go). A frame
// clause is dropped where the default frame gives the same result (the default written
// out; the whole partition for aggregates, first_value, and last_value as first_value
// over the reversed order; any frame of rank, lag and the other frame-blind functions;
// ROWS UNBOUNDED PRECEDING to CURRENT ROW when WithCatalog finds the keys hold the one
// table's primary key); a moving ROWS frame (n PRECEDING / m FOLLOWING) of sum, count and
// avg is written with LAG/LEAD over its offsets (movingframe.go); other frames → 0A000. JOIN … USING is emitted as written
// (IRIS supports it partially [?]); NATURAL JOIN → 0A000. Plain
// WITH is emitted.
//
// # WITH RECURSIVE, generate_series and unnest
//
// SELECT with WITH RECURSIVE (IRIS has none [?]) → KindRecursive (recursive.go):
// Recursive holds, per recursive WITH query, the non-recursive term (described for
// the work table's column types), the INSERT … SELECT that fills its work table with
// it and the one that appends the recursive term's rows over the last iteration
// (UNION: DISTINCT and NOT EXISTS against the table); and the outer query over the work
// tables. Work tables are named by markers (Recursive.Render), iterations by IntSplices
// of IterParam/PrevParam; other WITH queries are inlined as derived tables. Plan.SQL
// is the outer query over the non-recursive terms, for Describe. Mutual recursion,
// SEARCH/CYCLE, ORDER BY/LIMIT in the recursive query, * in its terms, WITH RECURSIVE
// below the top level (subqueries, INSERT, CREATE TABLE AS, cursors) → 0A000; PostgreSQL's
// own errors (42P19) for a second self-reference or one in the non-recursive term.
//
// generate_series(start, stop [, step]) in FROM, or alone in a select list without
// FROM (series.go), with constant integer, numeric, or date/timestamp-and-interval
// ('N unit') arguments → a derived table over cross-joined ten-row digit tables, the
// row count computed here (step 0 → 22023; over 10^7 rows, parameters, timestamptz,
// month steps from a day after the 28th, WITH ORDINALITY → 0A000).
//
// unnest(ARRAY[literal, …]) [WITH ORDINALITY] [AS a | AS a(x[, n])] in FROM, or alone
// in a select list without FROM (unnest.go) → (SELECT CAST(lit AS type) AS "x"[,
// CAST(1 AS BIGINT) AS "n"] UNION ALL SELECT … ) AS a, the type as PostgreSQL resolves
// the array's: integers INTEGER (BIGINT when one needs it), numbers with a fraction
// NUMERIC(36, s) when all have s decimals (mixed scales → 0A000: PostgreSQL shows each
// as written), strings or only NULLs VARCHAR(3641144) (text). Its integer column
// divides as integers. An empty ARRAY[] → 42P18, too many column aliases → 42P10;
// unnest of a column, a parameter, a cast array, several arrays, strings mixed with
// numbers, booleans → 0A000.
//
// # DISTINCT ON
//
// SELECT DISTINCT ON (k…) t… FROM … ORDER BY s… → SELECT pgw_c1 AS t1, … FROM
// (SELECT t1 AS pgw_c1, …, s1 AS pgw_k1, …, ROW_NUMBER() OVER (PARTITION BY k…
// ORDER BY s…) AS pgw_rn FROM …) AS distinct_on WHERE pgw_rn = 1 ORDER BY pgw_k1, …
// (distincton.go): the first row of each group in ORDER BY order, as PostgreSQL
// keeps. Items naming an output alias or position are resolved first; PostgreSQL's
// 42P10 when DISTINCT ON does not match the leading ORDER BY items; * → 0A000.
//
// # LIMIT
//
// Top level: LIMIT n OFFSET m as written (IRIS LIMIT clause). Inside subqueries,
// CTEs, views and INSERT … SELECT IRIS refuses LIMIT after ORDER BY, so the
// limit becomes TOP n and an OFFSET there → 0A000. LIMIT $n without OFFSET →
// TOP ? (documented IRIS form). "?" in LIMIT/OFFSET is not documented, so
// otherwise a parameter is spliced as a literal at execution time: Plan.IntSplices
// and Plan.RenderIntSplices (negative values → 2201W). A LIMIT on a whole
// UNION wraps it: SELECT * FROM (…) AS setop … LIMIT n. LIMIT ALL/NULL = none;
// FETCH FIRST n ROWS ONLY = LIMIT n; WITH TIES → 0A000. INTERSECT ALL and
// EXCEPT ALL (IRIS documents only the plain forms) number each leg's equal rows with
// ROW_NUMBER() OVER (PARTITION BY every column) and keep a left row whose number the
// right has (not) (setops.go: multisetOperation).
//
// # INSERT, UPDATE, DELETE, RETURNING
//
// Multi-row VALUES → one INSERT step per row (IRIS INSERT takes one row); the
// tag count is the sum of the CountRows steps. DEFAULT in a row drops that column
// from that row's column list. WITH on INSERT/UPDATE/DELETE: each reference to a
// (non-recursive, read-only) WITH query becomes that query as a derived table
// (inlinecte.go). Subqueries in VALUES (IRIS -144), data-modifying or recursive WITH on
// DML, OVERRIDING → 0A000. UPDATE t SET c = v FROM f WHERE w (IRIS's UPDATE … FROM
// is not established) → UPDATE t SET c = (SELECT v FROM f WHERE w) WHERE EXISTS
// (SELECT 1 FROM f WHERE w). DELETE FROM t USING f WHERE w → DELETE FROM t WHERE
// EXISTS (SELECT 1 FROM f WHERE w). INSERT … SELECT without RETURNING is one IRIS
// statement (the query nested: LIMIT as TOP, OFFSET → 0A000).
//
// RETURNING (IRIS has none) — all inside the session's transaction:
//   - INSERT … VALUES: each row's INSERT step is followed by a StepQuery
//     "SELECT <returning> FROM t WHERE %ID = LAST_IDENTITY()".
//   - INSERT … SELECT: one StepInsertEach. Its SQL is the query, written as for
//     INSERT … SELECT; the session reads it to its end (PostgreSQL's query does not see
//     the rows the statement adds, and IRIS serves one open result per connection),
//     then for each row runs Step.Insert, "INSERT INTO t (cols) VALUES (?, …)" with the
//     row's values as parameters (RowInsert.SQL: without a column list the catalog names
//     the table's first columns; more or fewer values than columns → 42601, checked here
//     when the query's items are known, else by the session), and then the steps of
//     Then, the LAST_IDENTITY() read above. The rows returned are exactly the rows
//     inserted, in the query's order, whatever other sessions insert meanwhile.
//     RowInsert.Params marks result columns that are a parameter by themselves, which
//     Describe types as their target columns, as PostgreSQL does.
//   - UPDATE: StepCollectIDs "SELECT %ID FROM t WHERE <cond>" fixes the rows;
//     then "UPDATE … WHERE %ID IN (<ids>)" (CountRows); then the returning
//     SELECT over the same ids (new values).
//   - DELETE: collect ids; the returning SELECT over them (old values); then
//     "DELETE … WHERE %ID IN (<ids>)".
//   - UPDATE … FROM and DELETE … USING: the same steps over the EXISTS rewrite. The rows
//     are read back without the other tables, so the list may read the target only:
//     t.c, t.*, and unqualified columns, which Plan.TargetColumns has WithCatalog check
//     are the target's alone (another table's too → 42702, as in PostgreSQL; only
//     another table's → 0A000). RETURNING *, other tables' columns, subqueries, and
//     unqualified columns with a subquery or function among the tables → 0A000: after
//     the update the join may not match the changed rows, and several of its rows can
//     match one target row.
//
// The ids are spliced at Step.SpliceAt (Step.RenderIDs; "NULL" when none, which
// matches nothing). Concurrent writers can change rows between steps unless the
// isolation level prevents it — the same exposure as any read-then-write.
//
// # ON CONFLICT
//
// IRIS INSERT OR UPDATE matches on any unique key and updates every supplied
// column; whether that equals the PostgreSQL statement depends on keys the
// translator cannot see, so it is never used. Instead, per row:
//
//	check  SELECT TOP 1 1 FROM t WHERE k1 = v1 AND …   (conflict target)
//	then   DO UPDATE: UPDATE t SET … WHERE k1 = v1 … [AND (where)]  (CountRows)
//	else   INSERT …                                                 (CountRows)
//
// EXCLUDED.c becomes the value inserted for c; t.c / alias.c become c. The key
// values are evaluated twice, so they must be constants or parameters (else
// 0A000). The key test uses IRIS's "=" (the collation IRIS's unique index
// uses). A concurrent insert between check and insert surfaces as a unique
// violation (23505). ON CONFLICT DO NOTHING without a target → an INSERT step
// with IgnoreUniqueViolation (SQLCODE -119 counts 0 rows), its RETURNING read run only
// when the row went in (Step.Then). ON CONSTRAINT, expression targets, partial-index
// predicates, RETURNING with DO UPDATE … WHERE → 0A000. A target on an INSERT … VALUES
// without a column list: the statement is translated again with the catalog's column
// names written in (columnlist.go).
//
// # DDL
//
// CREATE TABLE [IF NOT EXISTS] (IRIS 2025 syntax; storage parameters such as
// WITH (fillfactor=100) are dropped: they never change results) with NOT NULL, DEFAULT
// (literals, CURRENT_DATE/TIME/TIMESTAMP, now(); other expressions → 0A000),
// PRIMARY KEY, UNIQUE, REFERENCES with ON DELETE/UPDATE actions. CHECK (IRIS has none)
// is left out of the IRIS DDL and kept by pgwired: StepConstraint steps carry each
// definition and its IRIS condition for the session to store and test rows with
// (checks.go; INSERT, UPDATE and COPY record their table in Plan.Write). Unlogged, partitioned,
// inherited tables, generated columns, deferrable keys, column COLLATE → 0A000. A
// foreign key's DEFERRABLE [INITIALLY DEFERRED] (every Django foreign key) is dropped:
// IRIS checks the key at each statement (docs/compatibility.md). CREATE TEMP TABLE → a
// table in the session's own schema (Options.TempSchema; without it the plan only names
// the table, Plan.TempTable, and the session translates again); with
// Options.TempTables every unqualified (or pg_temp.) reference to such a table, DROP
// included, names that schema.
// CREATE INDEX (btree/hash → plain IRIS index; ASC/DESC dropped since it does not
// change results; CONCURRENTLY dropped); USING hnsw (v vector_cosine_ops |
// vector_ip_ops) WITH (m, ef_construction) → AS HNSW(Distance='Cosine' |
// 'DotProduct', M=…, efConstruction=…); L2 HNSW, gin/gist/ivfflat, expression
// and partial indexes → 0A000; an unnamed index gets PostgreSQL's name
// (t_a_idx). IF [NOT] EXISTS on CREATE INDEX, DROP TABLE/VIEW/INDEX/SCHEMA,
// CREATE SCHEMA, ALTER TABLE and ADD/DROP COLUMN become a StepCheck on IRIS
// INFORMATION_SCHEMA with Then/Else branches (an unqualified name is looked up in
// Options.Schema, which must be IRIS's default schema); DROP of several objects → one step
// each. CASCADE → 0A000, except DROP TABLE and DROP COLUMN … CASCADE → without it (IRIS refuses
// the drop where PostgreSQL would drop dependent objects). ALTER TABLE ADD/DROP
// COLUMN and ADD/DROP CONSTRAINT are supported (one ALTER per subcommand); ALTER
// TABLE [IF EXISTS] t RENAME [COLUMN] a TO b → ALTER TABLE t ALTER COLUMN a RENAME b,
// run by the StepConstraint that rewrites the CHECK constraints naming the column
// (RenameCheckColumn); ALTER TABLE [IF EXISTS] t RENAME TO u → ALTER TABLE t RENAME u
// (the new name qualified as the old one), a StepRenameTable after which the session
// moves the table's CHECK constraints and records its former name (catalog.RenameTable:
// PostgreSQL keeps the names of its constraints and sequences); temporary tables → 0A000,
// and the session refuses views and tables a view reads; ALTER
// COLUMN a TYPE t → ALTER COLUMN a t, DROP NOT NULL → ALTER COLUMN a NULL, SET NOT
// NULL → ALTER COLUMN a NOT NULL, SET DEFAULT v → ALTER COLUMN a DEFAULT v, DROP
// DEFAULT → ALTER COLUMN a DROP DEFAULT (IRIS ALTER TABLE synopsis; TYPE … USING,
// COLLATE, serial types → 0A000); other renames (views, indexes, constraints,
// sequences: no IRIS statement for them was found) → 0A000 naming the statement.
// TRUNCATE t → DELETE FROM t: PostgreSQL's default CONTINUE IDENTITY keeps
// sequences and is transactional, IRIS TRUNCATE TABLE resets counters and never
// runs in an automatic transaction; TRUNCATE … RESTART IDENTITY → TRUNCATE TABLE.
// One step per table (KindDML for the DELETE form: several run as one transaction);
// Plan.Truncated names the tables, which the session checks against foreign keys and
// orders (referencing tables first), as PostgreSQL truncates them at once.
// CREATE/DROP EXTENSION vector → accepted no-op (VECTOR is built into IRIS);
// other extensions → 0A000. VACUUM/ANALYZE → accepted no-op (KindDDL, no SQL).
//
// COMMENT ON TABLE t | VIEW v | COLUMN t.c IS 'text' | NULL (comment.go): IRIS has no
// statement for it, so the plan is one StepComment (CommentOp: the relation as a
// CheckTable, the kind named, the column, the text; IS NULL and an empty string remove the
// comment, as PostgreSQL reads them) and the session keeps the text in
// catalog.CommentTable (session/comments.go). PostgreSQL's 42601 for a column name
// without its relation and for too many dotted names; a database-qualified name, a system
// catalog (pg_catalog, information_schema, unqualified pg_*), a temporary table, and
// every other object kind (INDEX, SEQUENCE, CONSTRAINT, SCHEMA, FUNCTION, DATABASE, TYPE,
// MATERIALIZED VIEW, …) → 0A000 naming it. DROP TABLE and DROP VIEW list their relations
// in Plan.Dropped, whose comments the session deletes; the steps of DROP COLUMN and of
// the renames (StepConstraint, StepRenameTable) name the column or table whose comments
// the session deletes or moves.
//
// # Transactions and session commands
//
// BEGIN/START TRANSACTION → START TRANSACTION ISOLATION LEVEL READ COMMITTED
// (IRIS defaults to READ UNCOMMITTED; PostgreSQL's READ UNCOMMITTED behaves as
// READ COMMITTED, so it maps there too) [, READ ONLY|READ WRITE]; REPEATABLE
// READ and SERIALIZABLE → 0A000 rather than a weaker level. COMMIT/END,
// ROLLBACK/ABORT, SAVEPOINT s, ROLLBACK TO [SAVEPOINT] s → ROLLBACK TO SAVEPOINT
// s; RELEASE → KindRelease (no IRIS statement; the session emulates it). AND
// CHAIN and two-phase commit → 0A000. SET TRANSACTION / SET SESSION
// CHARACTERISTICS → KindSetTransaction with IRIS SET TRANSACTION (which lasts
// for the process: the session restores the default after a PostgreSQL
// SET TRANSACTION's transaction ends). SET CONSTRAINTS ALL IMMEDIATE|DEFERRED →
// KindSetConstraints, no IRIS statement (IRIS checks keys per statement; names →
// 0A000). SET/RESET/SHOW/DISCARD/DEALLOCATE/
// LISTEN/UNLISTEN are described for the session (SetCommand, Plan.Name);
// NOTIFY → 0A000.
//
// A SELECT without FROM made only of session functions (version(),
// current_database(), current_schema(), current_schemas(b), current_user and
// friends, pg_backend_pid(), current_setting(), set_config(), inet_server_addr/
// port(), txid_current(), pg_is_in_recovery()) and constants is KindLocalQuery.
// Mixed with IRIS data they map to $ZVERSION, $NAMESPACE, 'public', $USERNAME,
// CAST($JOB AS INTEGER); current_setting() there → 0A000. A SELECT without any
// relation that computes with current_setting() or pg_is_in_recovery() beyond a
// local query (Grafana's current_setting('server_version_num')::int/100, a CASE over
// a setting) is KindCatalog: the catalog layer evaluates it. A column merely named
// "version" is ordinary data.
//
// Statements reading pg_catalog or information_schema relations (also
// unqualified pg_* relations), calling pg_* catalog functions, format_type,
// has_*_privilege, obj_description …, or casting to reg* types / oid are
// KindCatalog with the AST in Plan.Stmt; combined with data changes → 0A000.
// pg_typeof(x) is not a catalog function: it becomes the name of x's type when the
// text tells it (literal, cast, function of a known type) or, for a column of the
// statement's tables, PG_TYPEOF(col) that the session replaces from the catalog
// (ColumnLiteral.TypeOf); other arguments → 0A000.
//
// COPY … FROM STDIN / TO STDOUT (text or csv, with PostgreSQL's defaults applied;
// binary, files, programs, WHERE → 0A000) → CopyCommand with the per-row INSERT
// (or CopyCommand.InsertFor when there is no column list) or the SELECT.
//
// # Sequences
//
// IRIS has no SQL sequences; the session keeps them (internal/session/sequences.go).
// CREATE/ALTER/DROP SEQUENCE → KindSequence with Plan.Sequence (options as written;
// OWNED BY a column, temporary and unlogged sequences, DROP … CASCADE → 0A000). A SELECT
// without FROM of nextval/currval/setval/lastval (and constants, session functions) is a
// KindLocalQuery the session answers. In an INSERT … VALUES row, nextval('s'),
// currval('s') and lastval() (name a string literal, optionally ::regclass) are written as
// nothing and recorded in Plan.SeqCalls (Step.SeqCalls for the rows of a multi-row
// INSERT), which the session fills with values before running the statement.
// SELECT setval('s', <aggregate>[, b]) FROM … without GROUP BY (one row) is the KindQuery
// of the value with Plan.Setval, which the session passes to setval. Anywhere else (with
// FROM, WHERE, UPDATE, INSERT … SELECT, ON CONFLICT, RETURNING, setval in VALUES, column
// DEFAULT) → 0A000: one value would serve several rows, or PostgreSQL would call it at
// another time.
//
// # Enum types
//
// IRIS has none; the session keeps them (internal/session/enums.go, enum.go). CREATE TYPE
// … AS ENUM, ALTER TYPE … ADD VALUE [IF NOT EXISTS] [BEFORE|AFTER] and DROP TYPE [IF
// EXISTS] → KindEnum with Plan.Enum (labels checked here: 42602 over 63 bytes, 23505
// repeated; RENAME VALUE, CASCADE and types without labels → 0A000). A column whose type
// is not a PostgreSQL built-in (nor vector) is taken as an enum type: VARCHAR(3641144)
// %DESCRIPTION 'enum:schema.name' COLLATE %EXACT (EnumMarker, unqualified names in
// public), its DEFAULT a label or NULL, recorded in Plan.TypeRefs for the session to
// check (42704, 22P02) before the DDL runs; arrays of them, typmods (42601) and ALTER
// COLUMN … TYPE to one → 0A000. Casts to such a type ('ok'::mood, NULL::mood, $1::mood,
// a column of that type) are written as the value and recorded (EnumCast); casts of
// other expressions → 0A000.
//
// Only the catalog knows which columns are of an enum type and its labels, so WithCatalog
// resolves the places (enumvalues.go, enumorder.go): string literals read as values of a
// column (EnumLiterals: compared, assigned, in IN or BETWEEN) must be labels (22P02);
// parameters so read or cast are typed as the enum and checked by the session
// (Plan.EnumParams); ORDER BY keys (also window, ordered-aggregate and SELECT * position
// keys, and those outside DISTINCT, set operations and derived tables, whose outputs are
// traced to their columns), operands of <, <=, >, >=, BETWEEN (EnumRanks) and min/max
// (EnumAggs) of an enum column are written as label positions, CASE c WHEN 'sad' THEN 1
// … END, a literal as its position, a parameter as CASE %EXACT(?) WHEN 'sad' THEN 1 …
// END, min/max as CASE MIN(<position>) WHEN 1 THEN 'sad' … END. Orderings that cannot be
// written so (against an expression, greatest/least, an output sorted by reference, CHECK
// constraints) → 0A000, never text order. pg_typeof of an enum column, of min/max of one or of a cast is the type's name.
// enum_range/enum_first/enum_last are catalog functions (KindCatalog).
//
// # Other refusals (0A000)
//
// DISTINCT ON with * in the select list, LATERAL, functions in FROM but generate_series and
// unnest(ARRAY[literals]), array constructors (but in that unnest) and subscripts, row constructors, JSON operators, bit strings,
// SELECT INTO TEMP, materialized views, FOR SHARE, FOR UPDATE over subqueries in FROM
// (see forupdate.go) or in a subquery or cursor, NOWAIT, SKIP LOCKED, NATURAL JOIN,
// JOIN aliases, column aliases in
// FROM, GROUPING SETS/ROLLUP/CUBE over expressions or with DISTINCT or subqueries
// (over columns they are a UNION ALL of one query per set: groupingsets.go), WITHIN
// GROUP but for the ordered-set aggregates above, ORDER BY inside aggregates but
// array_agg's and string_agg's,
// EXPLAIN, functions, triggers, DO, RENAME (but for tables and columns), GRANT, COMMENT (but on
// tables, views and columns), LOCK,
// EXECUTE with arguments other than constants, MERGE.
//
// CREATE TABLE … AS query and SELECT … INTO → KindCreateTableAs: SQL is INSERT INTO
// the table SELECT …; the session creates the table from the described query first.
//
// SQL-level PREPARE / EXECUTE → KindPrepare (PreparedCommand.Query holds the statement's
// plan) and KindExecute (its arguments as text); the session keeps the statements.
package translate
