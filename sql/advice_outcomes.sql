-- Index outcomes: the indexes noted at CREATE INDEX and advice_outcomes()'s
-- argument checks (the before/after figures are timed: see
-- test/integration/advice_outcomes.sh).
CREATE TABLE outcome_t (a int, b text);
CREATE INDEX outcome_t_a ON outcome_t (a);
CREATE INDEX ON outcome_t (lower(b)) WHERE a > 0;
-- A CREATE INDEX that fails, or IF NOT EXISTS that finds the index, is not
-- noted; one rolled back after it succeeded is (listed with no OID of
-- pg_class's: no plan ever names it, advice_outcomes() has no row for it).
CREATE INDEX outcome_t_a ON outcome_t (b);
CREATE INDEX IF NOT EXISTS outcome_t_a ON outcome_t (b);
BEGIN;
CREATE INDEX outcome_t_rolled_back ON outcome_t (b);
ROLLBACK;
-- CONCURRENTLY (catalog rows committed in transactions of its own) is, once.
-- The key columns are pg_get_indexdef_columns()'s: without DESC.
CREATE INDEX CONCURRENTLY IF NOT EXISTS outcome_t_b ON outcome_t (b DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS outcome_t_b ON outcome_t (b DESC);
SELECT index_name, schema_name, table_name, access_method, key_columns, partial,
       index_oid = (SELECT oid FROM pg_class WHERE relname = index_name) AS same_oid,
       table_oid = 'outcome_t'::regclass AS same_table, created_at <= now() AS created_before_now
FROM insights.noted_indexes() WHERE table_name = 'outcome_t' ORDER BY created_at;

-- No statement's kept plan names them yet: no rows.
SELECT count(*) FROM insights.advice_outcomes();
SELECT index_name, schema_name, table_name, key_columns, partial, created_at, index_exists, fingerprint, query,
       calls_before, calls_after, mean_before_ms, mean_after_ms, p95_before_ms, p95_after_ms, slower
FROM insights.advice_outcomes() LIMIT 0;

-- Arguments are checked.
SELECT * FROM insights.advice_outcomes(slower_ratio => 0);
SELECT * FROM insights.advice_outcomes(slower_ratio => -1.2);
SELECT * FROM insights.advice_outcomes(slower_ratio => 'NaN');
SELECT * FROM insights.advice_outcomes(slower_ratio => 'Infinity');
SELECT * FROM insights.advice_outcomes(NULL);
SELECT count(*) FROM insights.advice_outcomes(slower_ratio => 1.5);

DROP TABLE outcome_t;

-- Hostile names: quotes, markup, newlines, regular-expression characters,
-- a name past NAMEDATALEN (the server cuts it) and a key expression past
-- 255 bytes (noted cut): noted as the catalog spells them, shown as data.
-- (Letters beyond ASCII, in a UTF-8 database: advice_outcomes.sh.)
CREATE TABLE "ta""ble <script>" ("co""l" int, "x
y" text);
CREATE INDEX "ix ""q"" <script>alert(1)</script>" ON "ta""ble <script>" ("co""l");
CREATE INDEX "ix
nl" ON "ta""ble <script>" ("x
y");
CREATE INDEX "a.b*c(d)[e]{f}|g^h$i+j?k\l" ON "ta""ble <script>" ("co""l", "x
y");
SELECT format('CREATE INDEX %I ON "ta""ble <script>" ("co""l") WHERE "co""l" > 0', repeat('long', 20)) \gexec
SELECT format('CREATE INDEX long_key ON "ta""ble <script>" (("x
y" || %L))', repeat('<k>', 100)) \gexec
SELECT index_name, octet_length(index_name) AS name_bytes,
       index_name = (SELECT relname FROM pg_class WHERE oid = index_oid) AS name_as_in_the_catalog,
       schema_name, table_name, octet_length(key_columns) AS key_bytes, left(key_columns, 30) AS key_start,
       right(key_columns, 6) AS key_end, partial
FROM insights.noted_indexes() WHERE table_name = 'ta"ble <script>' ORDER BY created_at;
SELECT count(*) AS outcomes FROM insights.advice_outcomes();
DROP TABLE "ta""ble <script>";

-- The plan census: after an index is created, a call of a statement whose
-- plan scans it keeps its plan, fast as it is (insights.slow_threshold_ms
-- stays at its 100 ms), once: advice_outcomes() can then link the statement
-- to the index. Its first three runs are counted before it has a
-- fingerprint (pending: no census then), its fourth fingerprints it and
-- takes the census, the fifth finds it done. A statement that reads the
-- table without the index keeps no plan.
SHOW insights.slow_threshold_ms;
CREATE TABLE census_t AS SELECT g AS id, g % 1000 AS k FROM generate_series(1, 20000) g;
ANALYZE census_t;
CREATE INDEX census_t_k ON census_t (k);
SELECT count(*) FROM census_t WHERE k = 1;
SELECT count(*) FROM census_t WHERE k = 2;
SELECT count(*) FROM census_t WHERE k = 3;
SELECT count(*) FROM census_t WHERE k = 4;
SELECT count(*) FROM census_t WHERE k = 5;
SELECT sum(id) FROM census_t;
SELECT sum(id) FROM census_t;
SELECT sum(id) FROM census_t;
SELECT sum(id) FROM census_t;
SELECT sum(id) FROM census_t;
SELECT calls, census_calls, plan ~ 'census_t_k' AS scans_index, mean_ms < 100 AS fast,
       last_seen >= (SELECT created_at FROM insights.noted_indexes() WHERE index_name = 'census_t_k') AS after_index
FROM insights.statement_plans WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM census_t WHERE k = 1');
SELECT count(*) AS seq_scan_plans FROM insights.statement_plans
WHERE fingerprint = insights.fingerprint('SELECT sum(id) FROM census_t');
-- Another role sees the row, not the plan's text (its constants).
CREATE ROLE census_reader;
SET ROLE census_reader;
SELECT count(*) AS rows, count(plan) AS plan_texts FROM insights.statement_plans
WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM census_t WHERE k = 1');
RESET ROLE;
DROP ROLE census_reader;
-- A slow call of the plan adds to calls, not to census_calls.
SET insights.slow_threshold_ms = 0;
SELECT count(*) FROM census_t WHERE k = 6;
RESET insights.slow_threshold_ms;
SELECT calls, census_calls FROM insights.statement_plans
WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM census_t WHERE k = 1');

DROP TABLE census_t;
