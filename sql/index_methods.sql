-- Index advice beyond B-tree: GIN (pg_trgm, jsonb, arrays), BRIN, and
-- pattern operator classes for LIKE 'prefix%' under a non-C collation.
-- Each advised DDL is run (\gexec), and the statement's plan then uses the
-- index; an index that exists serves the statement, so nothing more is advised.
CREATE TABLE goods (
  id int PRIMARY KEY, name text NOT NULL, tags text[] NOT NULL, attrs jsonb NOT NULL,
  code text COLLATE "C.utf8" NOT NULL, sku varchar(40) COLLATE "C.utf8" NOT NULL);
INSERT INTO goods
  SELECT g, 'item ' || md5(g::text), ARRAY['t' || g % 500, 'c' || g % 7],
         jsonb_build_object('color', (ARRAY['red', 'green', 'blue'])[1 + g % 3], 'size', g % 40, 'serial', g),
         md5(g::text), 'S-' || md5(g::text)
  FROM generate_series(1, 20000) g;
ANALYZE goods;

-- LIKE '%...%' without pg_trgm: advised, not validated (no costs after),
-- with the extension to install named
SELECT kind, index_ddl, cost_after IS NULL AS unmeasured, est_improvement_pct IS NULL AS no_improvement_claimed,
       rationale LIKE '%not validated by the planner%CREATE EXTENSION pg_trgm%' AS says_install
FROM insights.index_advice_for('SELECT id FROM goods WHERE name ILIKE ''%abcd%''');
-- a pattern without three characters in a row gains nothing from trigrams
SELECT count(*) AS short_pattern FROM insights.index_advice_for('SELECT id FROM goods WHERE name LIKE ''%ab%''');

-- with pg_trgm (in a schema of its own): measured, the class schema-qualified
CREATE SCHEMA trgm;
CREATE EXTENSION pg_trgm SCHEMA trgm;
SELECT kind, index_ddl, columns, est_improvement_pct > 50 AS large_gain
FROM insights.index_advice_for('SELECT id FROM goods WHERE name ILIKE ''%abcd%''');
SELECT index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE name ILIKE ''%abcd%''') \gexec
EXPLAIN (costs off) SELECT id FROM goods WHERE name ILIKE '%abcd%';
-- the index now exists: LIKE and similarity are served
SELECT count(*) AS served_like FROM insights.index_advice_for('SELECT id FROM goods WHERE name LIKE ''%bcde%''', 0);
SELECT count(*) AS served_similarity
FROM insights.index_advice_for('SELECT id FROM goods WHERE name OPERATOR(trgm.%) ''item abcdef''', 0);
-- similarity on a column without the index
SELECT kind, index_ddl FROM insights.index_advice_for(
  'SELECT id FROM goods WHERE sku OPERATOR(trgm.%) ''S-0123abc''');

-- jsonb containment: jsonb_path_ops
SELECT kind, index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE attrs @> ''{"serial": 77}''');
SELECT index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE attrs @> ''{"serial": 77}''') \gexec
EXPLAIN (costs off) SELECT id FROM goods WHERE attrs @> '{"serial": 77}';
-- key existence needs the default jsonb_ops (jsonb_path_ops cannot serve ?)
SELECT kind, index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE attrs ? ''discount''');
SELECT index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE attrs ? ''discount''') \gexec
EXPLAIN (costs off) SELECT id FROM goods WHERE attrs ? 'discount';

-- arrays: the default array_ops
SELECT kind, index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE tags && ARRAY[''t42'']');
SELECT index_ddl FROM insights.index_advice_for('SELECT id FROM goods WHERE tags && ARRAY[''t42'']') \gexec
EXPLAIN (costs off) SELECT id FROM goods WHERE tags && ARRAY['t42'];
SELECT count(*) AS served_contains FROM insights.index_advice_for('SELECT id FROM goods WHERE tags @> ARRAY[''t7'']', 0);

-- LIKE 'prefix%' under a non-C collation: a pattern class by the column's type
SELECT kind, index_ddl FROM insights.index_advice_for('SELECT name FROM goods WHERE code LIKE ''abc%''');
SELECT index_ddl FROM insights.index_advice_for('SELECT name FROM goods WHERE code LIKE ''abc%''') \gexec
EXPLAIN (costs off) SELECT name FROM goods WHERE code LIKE 'abc%';
SELECT kind, index_ddl FROM insights.index_advice_for('SELECT name FROM goods WHERE sku LIKE ''S-abc%''');
SELECT index_ddl FROM insights.index_advice_for('SELECT name FROM goods WHERE sku LIKE ''S-abc%''') \gexec
EXPLAIN (costs off) SELECT name FROM goods WHERE sku LIKE 'S-abc%';

-- a prepared statement's pattern is a parameter: its sample's value tells
-- a trigram search (here) from a prefix range
SET insights.advice_min_ms = 0;
SELECT insights.reset();
PREPARE by_model(text) AS SELECT id, name FROM goods WHERE sku ILIKE $1;
EXECUTE by_model('%0a1b2%');
SELECT kind, index_ddl, predicate FROM insights.index_advice() WHERE table_name = 'goods';
DEALLOCATE by_model;
RESET insights.advice_min_ms;

-- the DDL of every advised kind parsed and ran: the indexes are there
SELECT indexdef FROM pg_indexes WHERE tablename = 'goods' AND indexname <> 'goods_pkey' ORDER BY indexdef;

-- BRIN: a large append-only table physically ordered by the range column
-- (about 8 MB). Threshold 0: its inserts and no reads yet make it look
-- heavily written, which adds the largest write penalty (40 points).
CREATE TABLE app_events (id bigint NOT NULL, created_at timestamptz NOT NULL, kind int NOT NULL, payload text NOT NULL);
INSERT INTO app_events
  SELECT g, timestamptz '2024-01-01' + g * interval '1 minute', g % 10, 'event payload ' || g % 1000
  FROM generate_series(1, 130000) g;
ANALYZE app_events;
SELECT relpages >= 1000 AS large FROM pg_class WHERE relname = 'app_events';
-- two weeks of three months: a range spanning many block ranges
SELECT kind, index_ddl, est_size_bytes < 100000 AS tiny FROM insights.index_advice_for(
  'SELECT count(*) FROM app_events WHERE created_at >= ''2024-02-01'' AND created_at < ''2024-02-15''', 0);
-- one hour: fewer rows than one block range holds, so a B-tree
SELECT kind, index_ddl FROM insights.index_advice_for(
  'SELECT count(*) FROM app_events WHERE created_at >= ''2024-02-01'' AND created_at < ''2024-02-01 01:00''', 0);
SELECT index_ddl FROM insights.index_advice_for(
  'SELECT count(*) FROM app_events WHERE created_at >= ''2024-02-01'' AND created_at < ''2024-02-15''', 0) \gexec
EXPLAIN (costs off) SELECT count(*) FROM app_events WHERE created_at >= '2024-02-01' AND created_at < '2024-02-15';
-- a column in no physical order gets no BRIN
SELECT count(*) AS brin_on_unordered FROM insights.index_advice_for(
  'SELECT count(*) FROM app_events WHERE kind > 8', 0) WHERE kind LIKE 'brin%';

DROP TABLE goods, app_events;
DROP EXTENSION pg_trgm;
DROP SCHEMA trgm;
