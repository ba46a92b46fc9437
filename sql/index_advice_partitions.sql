-- Index advice on partitioned tables and inheritance trees (real planner,
-- small ANALYZEd tables with deterministic data).
CREATE TABLE logs (
  id bigint NOT NULL, service_id int NOT NULL, created_at timestamptz NOT NULL,
  level text NOT NULL, message text) PARTITION BY RANGE (created_at);
CREATE TABLE logs_2024_01 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE logs_2024_02 PARTITION OF logs FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
-- a partition whose columns sit at other attribute numbers (a dropped
-- column before them): a propagated index must use its own numbers
CREATE TABLE logs_2024_03 (dropped int, level text NOT NULL, message text, created_at timestamptz NOT NULL,
  service_id int NOT NULL, id bigint NOT NULL);
ALTER TABLE logs_2024_03 DROP COLUMN dropped;
ALTER TABLE logs ATTACH PARTITION logs_2024_03 FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
INSERT INTO logs SELECT g, g % 100, timestamptz '2024-01-01' + g * interval '2 minutes',
  CASE WHEN g % 50 = 0 THEN 'error' ELSE 'info' END, repeat('m', 40)
  FROM generate_series(0, 64799) g;
ANALYZE logs;
-- the write statistics the advice weighs, flushed now rather than at some
-- later moment: the same answers every run
SELECT pg_stat_force_next_flush();

-- one service's logs over a week of March: the advice names the parent,
-- without CONCURRENTLY (PostgreSQL refuses it on a partitioned table)
SELECT table_name, index_ddl, kind, est_improvement_pct > 70 AS large_gain,
       rationale LIKE '%each of its 3 partitions%ATTACH PARTITION%' AS tells_recipe
FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-03-03'' AND created_at < ''2024-03-10''');
-- the same with the partition named: the advice is still for the parent
SELECT table_name, index_ddl FROM insights.index_advice_for(
  'SELECT id, level FROM logs_2024_02 WHERE service_id = 7 AND created_at >= ''2024-02-03''');
-- a generic statement ($2 on the partition key, no value): no pruning at
-- plan time, costed over every partition
SELECT table_name, index_ddl FROM insights.index_advice_for(
  'SELECT id, level FROM logs WHERE service_id = $1 AND created_at >= $2');

-- an index on one partition only serves statements that scan only it
CREATE INDEX logs_2024_01_service_created ON logs_2024_01 (service_id, created_at);
SELECT count(*) AS january_only FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-01-03'' AND created_at < ''2024-01-10''');
SELECT table_name, index_ddl FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-01-20'' AND created_at < ''2024-02-10''');
-- an index on the parent alone (ON ONLY, not yet attached everywhere) is
-- invalid and serves nothing
CREATE INDEX logs_service_only ON ONLY logs (service_id, created_at);
SELECT table_name, index_ddl FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-03-03'' AND created_at < ''2024-03-10''');
DROP INDEX logs_service_only;

-- from the tracked workload, a prepared statement: its sample's parameter
-- values are bound, so the planner prunes as for a custom plan
SET insights.advice_min_ms = 0;
SELECT insights.reset();
PREPARE service_day(int, timestamptz, timestamptz) AS
  SELECT id, level FROM logs WHERE service_id = $1 AND created_at >= $2 AND created_at < $3;
EXECUTE service_day(7, '2024-02-05', '2024-02-06');
SELECT table_name, index_ddl, cost_before < 1000 AS one_partition_cost
FROM insights.index_advice() WHERE table_name LIKE 'logs%';
RESET insights.advice_min_ms;
DEALLOCATE service_day;

-- the advised DDL runs as is; the January index is attached, not rebuilt
CREATE TEMP TABLE advised AS SELECT split_part(index_ddl, ' ', 3) AS name, index_ddl, est_size_bytes
FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-03-03'' AND created_at < ''2024-03-10''');
DO $$ BEGIN EXECUTE (SELECT index_ddl FROM advised); END $$;
SELECT c.relname AS partition, i.relname AS index
FROM advised a JOIN pg_inherits h ON h.inhparent = a.name::regclass JOIN pg_class i ON i.oid = h.inhrelid
JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class c ON c.oid = x.indrelid ORDER BY 1;
-- the size estimate is for every partition: within a factor of two of the
-- sizes built
SELECT a.est_size_bytes BETWEEN real.bytes / 2 AND real.bytes * 2 AS size_close
FROM advised a, LATERAL (SELECT sum(pg_relation_size(h.inhrelid)) AS bytes FROM pg_inherits h
                         WHERE h.inhparent = a.name::regclass) real;
-- the statement now uses the propagated index, on the pruned partition only
EXPLAIN (COSTS OFF) SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= '2024-03-03' AND created_at < '2024-03-10';
-- and nothing more is advised
SELECT count(*) AS after_applying FROM insights.index_advice_for('SELECT id, level FROM logs WHERE service_id = 7
  AND created_at >= ''2024-03-03'' AND created_at < ''2024-03-10''');
SELECT count(*) AS one_partition_after FROM insights.index_advice_for(
  'SELECT id, level FROM logs_2024_02 WHERE service_id = 7 AND created_at >= ''2024-02-03''');

-- old-style inheritance: an index on the parent does not reach the
-- children, so each table of the tree is advised on by itself
CREATE TABLE readings (sensor int NOT NULL, taken_on date NOT NULL, value float8);
CREATE TABLE readings_2023 (CHECK (taken_on < '2024-01-01')) INHERITS (readings);
CREATE TABLE readings_2024 (CHECK (taken_on >= '2024-01-01')) INHERITS (readings);
INSERT INTO readings_2023 SELECT g % 300, date '2023-01-01' + g % 365, g FROM generate_series(1, 45000) g;
INSERT INTO readings_2024 SELECT g % 300, date '2024-01-01' + g % 365, g FROM generate_series(1, 15000) g;
ANALYZE readings, readings_2023, readings_2024;
-- read far more than written, as a table worth an index usually is
DO $$ BEGIN FOR i IN 1..10 LOOP PERFORM count(*) FROM readings; END LOOP; END $$;
SELECT pg_stat_force_next_flush();
-- constraint exclusion leaves readings_2024 alone: the advice is for it
SELECT table_name, index_ddl FROM insights.index_advice_for(
  'SELECT avg(value) FROM readings WHERE sensor = 42 AND taken_on >= ''2024-03-01''');
-- both children scanned: an index on the larger child (whether the smaller
-- one's also clears the bar is the selection's business), none on the
-- empty parent
SELECT bool_or(table_name = 'readings_2023') AS larger_child_advised,
       bool_and(table_name <> 'readings') AS never_the_parent,
       bool_and(index_ddl LIKE 'CREATE INDEX CONCURRENTLY %') AS concurrently
FROM insights.index_advice_for('SELECT avg(value) FROM readings WHERE sensor = 42');
-- ONLY the parent: it is empty, nothing to gain
SELECT count(*) AS only_parent FROM insights.index_advice_for(
  'SELECT avg(value) FROM ONLY readings WHERE sensor = 42');
