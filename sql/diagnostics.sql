-- Diagnostics: index health, latency objectives, maintenance, cache hit ratios.
-- Everything is built in schema diag; the cumulative statistics are flushed
-- (pg_stat_force_next_flush takes effect when the statement ends) before
-- they are read. Times in the reasons are masked, sizes are not printed.
CREATE SCHEMA diag;
CREATE FUNCTION diag.mask(t text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT regexp_replace(t, '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Za-z0-9:+-]+', '<time>', 'g') $$;
CREATE VIEW diag.health AS
  SELECT table_name, index_name, problem, scans, drop_ddl, diag.mask(reason) AS reason
  FROM insights.index_health() WHERE schema_name = 'diag';

---------------------------------------------------------------- index health
-- unused: only the plain indexes that no scan used are reported; primary
-- key, unique index, unique constraint and exclusion constraint never are.
CREATE TABLE diag.customers (id int PRIMARY KEY);
INSERT INTO diag.customers SELECT generate_series(1, 10);
CREATE TABLE diag.unused_t (
  id int PRIMARY KEY,
  customer_id int REFERENCES diag.customers,
  a int, b int, c int,
  d int CONSTRAINT unused_t_d_key UNIQUE,
  r int4range,
  CONSTRAINT unused_t_r_excl EXCLUDE USING gist (r WITH &&));
INSERT INTO diag.unused_t
  SELECT i, i % 10 + 1, i, i, i, i, int4range(i * 10, i * 10 + 5) FROM generate_series(1, 200) i;
CREATE INDEX unused_t_a_idx ON diag.unused_t (a);
CREATE INDEX unused_t_b_idx ON diag.unused_t (b);
CREATE UNIQUE INDEX unused_t_c_uq ON diag.unused_t (c);
CREATE INDEX unused_t_customer_idx ON diag.unused_t (customer_id);
SET enable_seqscan = off;
SELECT count(*) FROM diag.unused_t WHERE b = 5;
RESET enable_seqscan;
SELECT pg_stat_force_next_flush();
\x on
SELECT * FROM diag.health WHERE table_name = 'unused_t' ORDER BY index_name;
\x off

-- duplicate: same key, opclass, collation, options, INCLUDE and predicate;
-- the look-alikes differ in one of them. The one kept prefers constraints
-- and unique indexes, then the oldest; the others are dropped.
CREATE TABLE diag.dup_t (id int PRIMARY KEY, a int, b text, c int);
INSERT INTO diag.dup_t SELECT i, i % 50, 'v' || i, i FROM generate_series(1, 200) i;
-- (in CREATE TABLE, PostgreSQL itself would fold this into the primary key)
ALTER TABLE diag.dup_t ADD CONSTRAINT dup_t_id_key UNIQUE (id);
CREATE INDEX dup_t_a_idx ON diag.dup_t (a);
CREATE INDEX dup_t_a_idx2 ON diag.dup_t (a);                  -- duplicate
CREATE INDEX dup_t_a_desc ON diag.dup_t (a DESC);             -- other order
CREATE INDEX dup_t_a_part ON diag.dup_t (a) WHERE a > 0;      -- other predicate
CREATE INDEX dup_t_a_hash ON diag.dup_t USING hash (a);       -- other method
CREATE INDEX dup_t_b ON diag.dup_t (b);
CREATE INDEX dup_t_b_c ON diag.dup_t (b COLLATE "C");         -- other collation
CREATE INDEX dup_t_b_pattern ON diag.dup_t (b text_pattern_ops); -- other opclass
CREATE INDEX dup_t_lower_b ON diag.dup_t (lower(b));
CREATE INDEX dup_t_lower_b2 ON diag.dup_t (lower(b));         -- duplicate expression
CREATE INDEX dup_t_c_idx ON diag.dup_t (c);                   -- duplicate of the unique one
CREATE UNIQUE INDEX dup_t_c_uq ON diag.dup_t (c);
SELECT pg_stat_force_next_flush();
-- every index once, under one problem (the kept copies are unused)
SELECT index_name, problem, scans FROM diag.health WHERE table_name = 'dup_t' ORDER BY index_name;
\x on
SELECT index_name, drop_ddl, reason FROM diag.health
WHERE table_name = 'dup_t' AND problem = 'duplicate' ORDER BY index_name;
\x off

-- redundant: a btree whose key is a prefix of a used btree's key, same
-- predicate. Each used index is scanned right after it is created, while it
-- is the only index the query can use.
CREATE TABLE diag.red_t (a int, b int, c int, d int);
INSERT INTO diag.red_t SELECT i % 10, i, i, i % 7 FROM generate_series(1, 1000) i;
ANALYZE diag.red_t;
SET enable_seqscan = off;
CREATE INDEX red_t_a_b_c ON diag.red_t (a, b, c);
SELECT count(*) FROM diag.red_t WHERE a = 1 AND b = 1 AND c = 1;
CREATE INDEX red_t_b_c ON diag.red_t (b, c);
SELECT count(*) FROM diag.red_t WHERE b = 2 AND c = 2;
CREATE INDEX red_t_d_inc ON diag.red_t (d) INCLUDE (a);
SELECT count(*) FROM diag.red_t WHERE d = 3;
CREATE INDEX red_t_c_a_part ON diag.red_t (c, a) WHERE d > 3;
SELECT count(*) FROM diag.red_t WHERE c = 4 AND a = 4 AND d > 3;
RESET enable_seqscan;
CREATE INDEX red_t_a ON diag.red_t (a);                       -- prefix of (a, b, c)
CREATE INDEX red_t_a_b ON diag.red_t (a, b);                  -- prefix of (a, b, c)
CREATE INDEX red_t_a_inc ON diag.red_t (a) INCLUDE (d);       -- d is not in (a, b, c)
CREATE INDEX red_t_a_desc ON diag.red_t (a DESC);             -- other order
CREATE INDEX red_t_a_part ON diag.red_t (a) WHERE d > 3;      -- other predicate
CREATE UNIQUE INDEX red_t_b_uq ON diag.red_t (b);             -- unique: never redundant
CREATE INDEX red_t_d ON diag.red_t (d);                       -- same key, no INCLUDE
CREATE INDEX red_t_c_part ON diag.red_t (c) WHERE d > 3;      -- prefix, same predicate
CREATE INDEX red_t_b_inc ON diag.red_t (b) INCLUDE (c);       -- prefix of (b, c), c in it
SELECT pg_stat_force_next_flush();
SELECT index_name, problem, scans > 0 AS scanned FROM diag.health WHERE table_name = 'red_t' ORDER BY index_name;
-- the indexes that serve the others were scanned
SELECT indexrelname, idx_scan FROM pg_stat_user_indexes
WHERE schemaname = 'diag' AND relname = 'red_t' AND idx_scan > 0 ORDER BY indexrelname;
\x on
SELECT index_name, drop_ddl, reason FROM diag.health
WHERE table_name = 'red_t' AND problem = 'redundant' ORDER BY index_name;
\x off

-- invalid: a unique index built concurrently over duplicate keys fails and
-- stays behind, invalid
CREATE TABLE diag.inv_t (x int);
INSERT INTO diag.inv_t VALUES (1), (1), (2);
CREATE UNIQUE INDEX CONCURRENTLY inv_t_x_uq ON diag.inv_t (x);
\x on
SELECT * FROM diag.health WHERE table_name = 'inv_t';
\x off

-- partitioned: the parent index is reported (a plain DROP INDEX: it cannot
-- be dropped concurrently), never its partitions' indexes
CREATE TABLE diag.part_t (k int, v int) PARTITION BY RANGE (k);
CREATE TABLE diag.part_t_1 PARTITION OF diag.part_t FOR VALUES FROM (0) TO (100);
CREATE TABLE diag.part_t_2 PARTITION OF diag.part_t FOR VALUES FROM (100) TO (200);
CREATE INDEX part_t_k ON diag.part_t (k);
CREATE INDEX part_t_k2 ON diag.part_t (k);
SELECT table_name, index_name, problem, drop_ddl FROM diag.health
WHERE table_name LIKE 'part_t%' ORDER BY index_name;

-- clean: every index is used or protected, nothing to say
CREATE TABLE diag.clean_t (id int PRIMARY KEY, a int, b int);
INSERT INTO diag.clean_t SELECT i, i, i FROM generate_series(1, 100) i;
SET enable_seqscan = off;
CREATE INDEX clean_t_a_b ON diag.clean_t (a, b) WHERE b > 50;
SELECT count(*) FROM diag.clean_t WHERE a = 60 AND b = 60 AND b > 50;
CREATE INDEX clean_t_a ON diag.clean_t (a);                   -- other predicate
SELECT count(*) FROM diag.clean_t WHERE a = 3;
RESET enable_seqscan;
SELECT pg_stat_force_next_flush();
SELECT count(*) AS clean_findings FROM diag.health WHERE table_name = 'clean_t';

-- what was found in the whole schema, by kind
SELECT problem, count(*) FROM diag.health GROUP BY problem ORDER BY problem;
-- every DDL is runnable: drop what was found, and nothing is left to say
-- (DROP INDEX CONCURRENTLY cannot run inside a function: run the texts one
-- by one, here through \gexec)
SELECT drop_ddl FROM diag.health ORDER BY problem, index_name \gexec
SELECT pg_stat_force_next_flush();
SELECT index_name, problem FROM diag.health ORDER BY index_name;

----------------------------------------------------------- latency objectives
-- three statements (different fingerprints): 2 calls of 30 ms; 1 call of
-- 80 ms; 10 calls of which 8 take 1 ms and 2 take 80 ms
SELECT insights.reset();
SELECT pg_sleep(0.03);
SELECT pg_sleep(0.03);
SELECT pg_sleep_for('80 ms');
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.001);
SELECT 1 FROM pg_sleep(0.08);
SELECT 1 FROM pg_sleep(0.08);
SELECT 'fast' AS quick;
-- default targets 20 ms / 50 ms. Worst first by calls × overrun: 10 calls
-- about 60% over on p95, then 1 call 300% over, then 2 calls 50% over.
SELECT query, calls, violated, p50_target_ms, p95_target_ms,
       over_by_pct > 0 AS over, score > 0 AS scored,
       rationale LIKE 'p50 % ms is % the 20 ms target; p95 % ms is % the 50 ms target; % call%' AS rationale_ok
FROM insights.slo() WHERE query LIKE '%pg_sleep%';
SELECT query, rationale ~ '^p50 [0-9.]+ ms is within the 20 ms target; p95 [0-9.]+ ms is [0-9]+% over the 50 ms target; 10 calls, ranked by calls × overrun \(few calls: the percentiles are rough\)$' AS rationale_ok
FROM insights.slo() WHERE query LIKE '%FROM pg_sleep%';
-- 70 ms for both: the 30 ms statement passes
SELECT query, violated FROM insights.slo(p50_ms => 70, p95_ms => 70) WHERE query LIKE '%pg_sleep%';
-- lax targets: quiet
SELECT count(*) AS over_one_second FROM insights.slo(1000, 1000) WHERE query LIKE '%pg_sleep%';
SELECT count(*) AS fast_statement_flagged FROM insights.slo() WHERE query LIKE '%quick%';
-- wrong arguments
SELECT * FROM insights.slo(NULL);
SELECT * FROM insights.slo(p95_ms => NULL);
SELECT * FROM insights.slo(0);
SELECT * FROM insights.slo(p95_ms => -5);
SELECT * FROM insights.slo('NaN');
SELECT * FROM insights.slo(20, 'Infinity');
SELECT * FROM insights.slo(30, 20);

------------------------------------------------------------------ maintenance
-- autovacuum is off for these tables so that nothing changes under the test
CREATE TABLE diag.maint_stale (id int, v int) WITH (autovacuum_enabled = off);
INSERT INTO diag.maint_stale SELECT i, i FROM generate_series(1, 5000) i;
-- counts still pending in this backend would be added on top of what
-- ANALYZE or VACUUM sets: flush them first
SELECT pg_stat_force_next_flush();
ANALYZE diag.maint_stale;
INSERT INTO diag.maint_stale SELECT i, i FROM generate_series(5001, 7000) i;
CREATE TABLE diag.maint_never (id int) WITH (autovacuum_enabled = off);
INSERT INTO diag.maint_never SELECT generate_series(1, 100);
CREATE TABLE diag."Maint Dead" (id int, v text) WITH (autovacuum_enabled = off);
INSERT INTO diag."Maint Dead" SELECT i, 'x' FROM generate_series(1, 5000) i;
SELECT pg_stat_force_next_flush();
VACUUM (ANALYZE) diag."Maint Dead";
DELETE FROM diag."Maint Dead" WHERE id <= 3000;
-- quiet: 10% updated, under both thresholds; an empty table never analyzed
CREATE TABLE diag.maint_clean (id int, v int) WITH (autovacuum_enabled = off);
INSERT INTO diag.maint_clean SELECT i, i FROM generate_series(1, 5000) i;
SELECT pg_stat_force_next_flush();
VACUUM (ANALYZE) diag.maint_clean;
UPDATE diag.maint_clean SET v = v + 1 WHERE id <= 500;
CREATE TABLE diag.maint_empty (id int) WITH (autovacuum_enabled = off);
SELECT pg_stat_force_next_flush();
\x on
SELECT table_name, problem, action, diag.mask(details) AS details
FROM insights.maintenance()
WHERE schema_name = 'diag' AND table_name ILIKE 'maint%'
ORDER BY table_name, problem;
\x off
SELECT count(*) AS quiet_tables_flagged FROM insights.maintenance()
WHERE schema_name = 'diag' AND table_name IN ('maint_clean', 'maint_empty');
-- running the actions clears them
SELECT action FROM insights.maintenance()
WHERE schema_name = 'diag' AND table_name ILIKE 'maint%' ORDER BY problem DESC, table_name \gexec
SELECT pg_stat_force_next_flush();
SELECT count(*) AS after_maintenance FROM insights.maintenance()
WHERE schema_name = 'diag' AND table_name ILIKE 'maint%';

------------------------------------------------------------ cache hit ratios
SELECT count(*) FROM diag.maint_clean;
SELECT pg_stat_force_next_flush();
SELECT table_name,
       heap_hit_ratio BETWEEN 0 AND 1 AS heap_ok,
       hit_ratio = (heap_blks_hit + idx_blks_hit)::float8
                   / (heap_blks_hit + heap_blks_read + idx_blks_hit + idx_blks_read) AS ratio_ok,
       index_hit_ratio BETWEEN 0 AND 1 AS index_ok, index_hit_ratio IS NULL AS no_index
FROM insights.table_cache_hit() WHERE schema_name = 'diag' AND table_name IN ('maint_clean', 'clean_t')
ORDER BY table_name;
-- a table nobody has read or written has no row
CREATE TABLE diag.cold (a int);
SELECT pg_stat_force_next_flush();
SELECT count(*) AS cold_rows FROM insights.table_cache_hit() WHERE schema_name = 'diag' AND table_name = 'cold';
SELECT query, calls, shared_blks_hit + shared_blks_read > 0 AS touched_blocks,
       hit_ratio = shared_blks_hit::float8 / (shared_blks_hit + shared_blks_read) AS ratio_ok
FROM insights.statement_cache_hit() WHERE query = 'SELECT count(*) FROM diag.maint_clean';

SET client_min_messages = warning;
DROP SCHEMA diag CASCADE;
RESET client_min_messages;
