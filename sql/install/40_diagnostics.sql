-- Diagnostics from the catalog, the cumulative statistics and the statement
-- store: index health, latency objectives, maintenance, cache hit ratios.
-- Plain SQL: these read only what any user may read (pg_index, pg_stat_*,
-- pg_statio_*, insights.statements) and run with the caller's rights.

-- Index health ---------------------------------------------------------------
--
-- One row per index worth dropping, with the reason and the statement that
-- drops it. Each index appears once, under the first problem that applies:
--   invalid    indisvalid is false (a failed or cancelled CREATE INDEX
--              CONCURRENTLY / REINDEX CONCURRENTLY); queries never use it.
--   duplicate  same table, access method, key columns or expressions,
--              operator classes, collations, ASC/DESC/NULLS options, INCLUDE
--              columns and predicate as another valid index. One of each group
--              is kept: replica identity, primary key, constraint, used by a
--              foreign key, unique, NULLS NOT DISTINCT first, then the lowest
--              oid (the oldest). A constraint's index is dropped with the
--              constraint (ALTER TABLE ... DROP CONSTRAINT).
--   redundant  a non-unique btree whose key is a prefix of another btree's
--              key on the same table with the same predicate (or the same key
--              with fewer INCLUDE columns), its INCLUDE columns all in the
--              other index, and that other index is kept and used.
--   unused     no index scan since the statistics were reset (scans of its
--              dropped duplicates count for it). Never unique, primary key,
--              exclusion, replica identity or constraint-backing indexes.
-- Indexes of system schemas, of other sessions' temporary tables, of
-- extension member tables and partitions of partitioned indexes (dropped only
-- with their parent) are left out. A partitioned index cannot be dropped
-- CONCURRENTLY: its DDL is a plain DROP INDEX.
CREATE FUNCTION index_health(
    OUT schema_name name, OUT table_name name, OUT index_name name,
    OUT problem text, OUT index_size_bytes int8, OUT scans int8,
    OUT drop_ddl text, OUT reason text)
  RETURNS SETOF record
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
  -- The planner cannot estimate the CTEs below and would pair every index
  -- with every other one in a nested loop (quadratic); hash on the table.
  SET enable_nestloop = off
AS $$
WITH since AS (
  SELECT CASE WHEN d.stats_reset IS NOT NULL
              THEN format('since the statistics were reset at %s',
                          to_char(d.stats_reset, 'YYYY-MM-DD HH24:MI:SS TZ'))
              ELSE format('since the statistics began (never reset in this database; the server has been up since %s)',
                          to_char(pg_postmaster_start_time(), 'YYYY-MM-DD HH24:MI:SS TZ'))
         END AS txt
  FROM (SELECT pg_stat_get_db_stat_reset_time(oid) AS stats_reset
          FROM pg_database WHERE datname = current_database()) d
),
idx AS (
  SELECT i.indexrelid AS oid, i.indrelid AS relid, n.nspname AS schema_name,
         t.relname AS table_name, c.relname AS index_name, c.relkind, c.relam AS am,
         i.indisunique, i.indisprimary, i.indisexclusion, i.indisvalid, i.indisready,
         i.indislive, i.indisreplident, i.indnullsnotdistinct, i.indkey,
         coalesce(pg_get_expr(i.indpred, i.indrelid), '') AS pred,
         -- key column k: its column or expression, operator class, collation, options
         ARRAY(SELECT cols.c[k] || ' ' || i.indclass[k - 1]::text
                      || ' ' || i.indcollation[k - 1]::text || ' ' || i.indoption[k - 1]::text
               FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS keysig,
         cols.c[1:i.indnkeyatts] AS keycols,
         ARRAY(SELECT x FROM unnest(cols.c[i.indnkeyatts + 1:]) x ORDER BY x) AS inccols,
         con.conname, con.contype,
         (SELECT string_agg(format('%I on %s', f.conname, f.conrelid::regclass), ', ' ORDER BY f.conname)
            FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid) AS referenced_by,
         CASE WHEN c.relkind = 'I'
              THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0)::int8
                      FROM pg_partition_tree(i.indexrelid) p WHERE p.isleaf)
              ELSE pg_relation_size(i.indexrelid) END AS size_bytes,
         CASE WHEN c.relkind = 'I'
              THEN (SELECT coalesce(sum(pg_stat_get_numscans(p.relid)), 0)::int8
                      FROM pg_partition_tree(i.indexrelid) p WHERE p.isleaf)
              ELSE pg_stat_get_numscans(i.indexrelid) END AS scans,
         CASE WHEN c.relkind = 'I'
              THEN format('DROP INDEX %I.%I;', n.nspname, c.relname)
              ELSE format('DROP INDEX CONCURRENTLY %I.%I;', n.nspname, c.relname) END AS drop_index
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL (SELECT ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                                   FROM generate_series(1, i.indnatts) k ORDER BY k) AS c) cols
  LEFT JOIN pg_constraint con
         ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
  WHERE c.relkind IN ('i', 'I')
    AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_toast'
    AND (n.nspname !~ '^pg_temp_' OR n.oid = pg_my_temp_schema())
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = i.indrelid AND e.deptype = 'e')
),
usable AS (   -- valid indexes that duplicate / prefix comparisons may consider
  SELECT x.*,
         x.indisprimary OR x.indisunique OR x.indisexclusion OR x.indisreplident
           OR x.conname IS NOT NULL OR x.referenced_by IS NOT NULL AS protected
  FROM idx x
  WHERE x.indisvalid AND x.indisready AND x.indislive AND NOT x.indisexclusion
),
dup AS (
  SELECT u.*,
         first_value(u.oid) OVER w AS keeper,
         row_number() OVER w = 1 AS is_keeper,
         sum(u.scans) OVER (PARTITION BY u.relid, u.am, u.keysig, u.inccols, u.pred) AS group_scans,
         count(*) OVER (PARTITION BY u.relid, u.am, u.keysig, u.inccols, u.pred) AS group_size
  FROM usable u
  WINDOW w AS (PARTITION BY u.relid, u.am, u.keysig, u.inccols, u.pred
               ORDER BY u.indisreplident DESC, u.indisprimary DESC, (u.conname IS NOT NULL) DESC,
                        (u.referenced_by IS NOT NULL) DESC, u.indisunique DESC,
                        u.indnullsnotdistinct DESC, u.oid)
),
duplicate AS (
  SELECT d.oid, 'duplicate'::text AS problem, 1 AS prio,
         CASE WHEN d.conname IS NOT NULL
              THEN format('ALTER TABLE %I.%I DROP CONSTRAINT %I;', d.schema_name, d.table_name, d.conname)
              ELSE d.drop_index END AS ddl,
         format('same definition as %I (%s): it answers the same queries, and every write updates both',
                k.index_name, regexp_replace(pg_get_indexdef(k.oid), '^.* USING ', ''))
         || CASE WHEN d.conname IS NOT NULL
                 THEN format('; it backs constraint %I, so the constraint is dropped (%I enforces the same rule)',
                             d.conname, k.index_name)
                 ELSE '' END
         || CASE WHEN d.referenced_by IS NOT NULL
                 THEN format('; foreign keys use it (%s): drop and re-create them after %I exists, or this fails',
                             d.referenced_by, k.index_name)
                 ELSE '' END AS reason
  FROM dup d JOIN usable k ON k.oid = d.keeper
  WHERE NOT d.is_keeper
),
kept AS (     -- what stays after the duplicates go, and whether it is used
  SELECT d.*, d.protected OR d.group_scans > 0 AS in_use
  FROM dup d WHERE d.is_keeper
),
redundant AS (
  SELECT DISTINCT ON (a.oid) a.oid, 'redundant'::text AS problem, 2 AS prio, a.drop_index AS ddl,
         CASE WHEN cardinality(a.keysig) < cardinality(b.keysig)
              THEN format('its key (%s) is a prefix of the key of %I (%s)',
                          array_to_string(a.keycols, ', '), b.index_name, regexp_replace(pg_get_indexdef(b.oid), '^.* USING ', ''))
              ELSE format('%I (%s) has the same key', b.index_name, regexp_replace(pg_get_indexdef(b.oid), '^.* USING ', '')) END
         || CASE WHEN cardinality(a.inccols) > 0
                 THEN format(' and holds its INCLUDE columns (%s)', array_to_string(a.inccols, ', '))
                 ELSE '' END
         || ', so it serves the same queries' AS reason
  FROM kept a
  JOIN kept b ON b.relid = a.relid AND b.oid <> a.oid AND b.am = a.am AND b.pred = a.pred
  WHERE a.am = (SELECT oid FROM pg_am WHERE amname = 'btree')
    AND NOT a.protected
    AND b.in_use
    AND cardinality(a.keysig) <= cardinality(b.keysig)
    AND a.keysig = b.keysig[1:cardinality(a.keysig)]
    AND a.inccols <@ (b.keycols || b.inccols)
    AND (cardinality(a.keysig) < cardinality(b.keysig) OR NOT a.inccols @> b.inccols)
  ORDER BY a.oid, cardinality(b.keysig) DESC, cardinality(b.keycols || b.inccols) DESC, b.oid
),
unused AS (
  SELECT k.oid, 'unused'::text AS problem, 3 AS prio, k.drop_index AS ddl,
         format('no index scans %s; it still takes space and every write to %I updates it (scans on standbys are not counted here)',
                (SELECT txt FROM since), k.table_name)
         || coalesce((SELECT format('; it covers foreign key %I to %s: without it, deletes and key updates there scan %I',
                                    f.conname, f.confrelid::regclass, k.table_name)
                        FROM pg_constraint f
                       WHERE f.contype = 'f' AND f.conrelid = k.relid
                         AND ARRAY(SELECT k.indkey[j] FROM generate_series(0, cardinality(f.conkey) - 1) j)::int2[]
                             @> f.conkey
                         AND ARRAY(SELECT k.indkey[j] FROM generate_series(0, cardinality(f.conkey) - 1) j)::int2[]
                             <@ f.conkey
                       ORDER BY f.conname LIMIT 1), '') AS reason
  FROM kept k
  WHERE NOT k.in_use
    AND k.oid NOT IN (SELECT r.oid FROM redundant r)
),
invalid AS (
  SELECT x.oid, 'invalid'::text AS problem, 0 AS prio, x.drop_index AS ddl,
         'invalid: a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY failed or was cancelled'
         || CASE WHEN x.index_name ~ '_cc(new|old)[0-9]*$' THEN ' (the name is a REINDEX CONCURRENTLY leftover)' ELSE '' END
         || '; queries never use it'
         || CASE WHEN x.indisready THEN ', but every write still updates it' ELSE '' END
         || CASE WHEN x.indisready AND x.indisunique THEN ' and, being unique, it still rejects duplicate keys' ELSE '' END
         || '. Drop it and create it again if it is needed (check first that no such command is still building it)' AS reason
  FROM idx x
  WHERE NOT x.indisvalid AND x.relkind = 'i'
    AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = x.oid)
),
found AS (
  SELECT * FROM invalid
  UNION ALL SELECT * FROM duplicate
  UNION ALL SELECT * FROM redundant
  UNION ALL SELECT * FROM unused
)
SELECT x.schema_name, x.table_name, x.index_name, f.problem, x.size_bytes, x.scans, f.ddl, f.reason
FROM found f JOIN idx x ON x.oid = f.oid
ORDER BY f.prio, x.size_bytes DESC, x.schema_name, x.table_name, x.index_name
$$;
COMMENT ON FUNCTION index_health() IS
  'indexes worth dropping (invalid, duplicate, redundant, unused), each with its DROP statement and the reason';

-- Latency objectives ---------------------------------------------------------
--
-- The arguments are named like two of the result columns, so the result is a
-- composite type rather than OUT parameters.
CREATE TYPE slo_violation AS (
  fingerprint text, userid oid, dbid oid, toplevel bool, query text, calls int8,
  p50_ms float8, p95_ms float8, p50_target_ms float8, p95_target_ms float8,
  violated text, over_by_pct float8, score float8, rationale text);
COMMENT ON TYPE slo_violation IS 'a row of insights.slo()';
COMMENT ON COLUMN slo_violation.p50_target_ms IS 'the p50 target given to slo()';
COMMENT ON COLUMN slo_violation.p95_target_ms IS 'the p95 target given to slo()';
COMMENT ON COLUMN slo_violation.violated IS '''p50'', ''p95'' or ''p50 and p95''';
COMMENT ON COLUMN slo_violation.over_by_pct IS
  'how far the worse percentile is over its target, in percent of the target';
COMMENT ON COLUMN slo_violation.score IS
  'calls × over_by_pct / 100: the ordering key (worst first)';

CREATE FUNCTION slo(p50_ms float8 DEFAULT 20, p95_ms float8 DEFAULT 50)
  RETURNS SETOF slo_violation
  LANGUAGE plpgsql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF slo.p50_ms IS NULL OR slo.p95_ms IS NULL THEN
    RAISE EXCEPTION 'latency targets must not be NULL (p50_ms %, p95_ms %)',
      coalesce(slo.p50_ms::text, 'NULL'), coalesce(slo.p95_ms::text, 'NULL');
  END IF;
  IF NOT (slo.p50_ms > 0 AND slo.p50_ms < 'Infinity') THEN
    RAISE EXCEPTION 'p50_ms must be a positive number of milliseconds, not %', slo.p50_ms;
  END IF;
  IF NOT (slo.p95_ms > 0 AND slo.p95_ms < 'Infinity') THEN
    RAISE EXCEPTION 'p95_ms must be a positive number of milliseconds, not %', slo.p95_ms;
  END IF;
  IF slo.p95_ms < slo.p50_ms THEN
    RAISE EXCEPTION 'p95_ms (%) must not be below p50_ms (%): the 95th percentile is never below the median',
      slo.p95_ms, slo.p50_ms;
  END IF;
  RETURN QUERY
    WITH m AS (
      SELECT s.fingerprint, s.userid, s.dbid, s.toplevel, s.query, s.calls,
             s.p50_ms AS p50, s.p95_ms AS p95,
             100 * (s.p50_ms / slo.p50_ms - 1) AS p50_over,
             100 * (s.p95_ms / slo.p95_ms - 1) AS p95_over
      FROM insights.statements s
      WHERE s.p50_ms > slo.p50_ms OR s.p95_ms > slo.p95_ms
    ), v AS (
      SELECT m.*, greatest(m.p50_over, m.p95_over) AS over
      FROM m
    )
    SELECT v.fingerprint, v.userid, v.dbid, v.toplevel, v.query, v.calls,
           v.p50, v.p95, slo.p50_ms, slo.p95_ms,
           CASE WHEN v.p50_over > 0 AND v.p95_over > 0 THEN 'p50 and p95'
                WHEN v.p50_over > 0 THEN 'p50' ELSE 'p95' END,
           round(v.over::numeric, 1)::float8,
           round((v.calls * v.over / 100)::numeric, 1)::float8,
           format('p50 %s ms %s the %s ms target; p95 %s ms %s the %s ms target; %s call%s, ranked by calls × overrun%s',
                  round(v.p50::numeric, CASE WHEN v.p50 < 1 THEN 3 WHEN v.p50 < 10 THEN 2 ELSE 1 END),
                  CASE WHEN v.p50_over > 0 THEN format('is %s%% over', round(v.p50_over::numeric)) ELSE 'is within' END,
                  slo.p50_ms,
                  round(v.p95::numeric, CASE WHEN v.p95 < 1 THEN 3 WHEN v.p95 < 10 THEN 2 ELSE 1 END),
                  CASE WHEN v.p95_over > 0 THEN format('is %s%% over', round(v.p95_over::numeric)) ELSE 'is within' END,
                  slo.p95_ms,
                  v.calls, CASE WHEN v.calls = 1 THEN '' ELSE 's' END,
                  CASE WHEN v.calls < 20 THEN ' (few calls: the percentiles are rough)' ELSE '' END)
    FROM v
    ORDER BY v.calls * v.over DESC, v.over DESC, v.fingerprint, v.userid, v.dbid, v.toplevel;
END
$$;
COMMENT ON FUNCTION slo(float8, float8) IS
  'statements whose measured p50 or p95 exceeds the target, worst (calls × overrun) first';

-- Maintenance ----------------------------------------------------------------
--
-- stale_statistics: never analyzed while holding rows, or more than 1000 rows
--   and more than 10% of the live rows modified since the last analyze.
-- dead_tuples: more than 1000 dead rows and more than 20% of the live rows.
-- The details compare with the point at which autovacuum would act
-- (threshold + scale factor × reltuples, per-table settings included).
CREATE FUNCTION maintenance(
    OUT schema_name name, OUT table_name name, OUT problem text,
    OUT action text, OUT details text)
  RETURNS SETOF record
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
WITH t AS (
  SELECT n.nspname AS schema_name, c.relname AS table_name, n.oid = pg_my_temp_schema() AS is_temp,
         pg_stat_get_live_tuples(c.oid) AS live,
         pg_stat_get_dead_tuples(c.oid) AS dead,
         pg_stat_get_mod_since_analyze(c.oid) AS mods,
         greatest(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)) AS analyzed,
         greatest(pg_stat_get_last_vacuum_time(c.oid), pg_stat_get_last_autovacuum_time(c.oid)) AS vacuumed,
         greatest(c.reltuples, 0) AS reltuples,
         current_setting('autovacuum')::bool
           AND coalesce((SELECT split_part(o, '=', 2)::bool FROM unnest(c.reloptions) o
                          WHERE split_part(o, '=', 1) = 'autovacuum_enabled'), true) AS autovacuum,
         current_setting('autovacuum')::bool AS autovacuum_global,
         coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o
                    WHERE split_part(o, '=', 1) = 'autovacuum_analyze_threshold'),
                  current_setting('autovacuum_analyze_threshold')::float8) AS an_threshold,
         coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o
                    WHERE split_part(o, '=', 1) = 'autovacuum_analyze_scale_factor'),
                  current_setting('autovacuum_analyze_scale_factor')::float8) AS an_scale,
         coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o
                    WHERE split_part(o, '=', 1) = 'autovacuum_vacuum_threshold'),
                  current_setting('autovacuum_vacuum_threshold')::float8) AS vac_threshold,
         coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o
                    WHERE split_part(o, '=', 1) = 'autovacuum_vacuum_scale_factor'),
                  current_setting('autovacuum_vacuum_scale_factor')::float8) AS vac_scale
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'm')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_toast'
    AND (n.nspname !~ '^pg_temp_' OR n.oid = pg_my_temp_schema())
),
a AS (
  SELECT t.*,
         t.an_threshold + t.an_scale * t.reltuples AS an_at,
         t.vac_threshold + t.vac_scale * t.reltuples AS vac_at,
         t.dead > 1000 AND t.dead > 0.2 * t.live AS dead_problem,
         CASE WHEN t.is_temp THEN 'autovacuum never processes temporary tables'
              WHEN NOT t.autovacuum_global THEN 'autovacuum is off on this server'
              WHEN NOT t.autovacuum THEN 'autovacuum is disabled for this table (autovacuum_enabled = off)'
         END AS no_autovacuum
  FROM t
),
found AS (
  SELECT a.schema_name, a.table_name, 'stale_statistics'::text AS problem, 1 AS prio, a.mods AS amount,
         format('ANALYZE %I.%I;', a.schema_name, a.table_name) AS action,
         CASE WHEN a.analyzed IS NULL
              THEN format('never analyzed, with %s live rows: the planner has no column statistics for it', a.live)
              ELSE format('%s rows modified since the last analyze (%s%% of %s live rows), last analyzed %s',
                          a.mods,
                          CASE WHEN a.live > 0 THEN round(100.0 * a.mods / a.live)::text ELSE 'all' END,
                          a.live, to_char(a.analyzed, 'YYYY-MM-DD HH24:MI:SS TZ'))
         END
         || format('; autovacuum analyzes it after %s modifications (autovacuum_analyze_threshold %s + autovacuum_analyze_scale_factor %s × %s rows)',
                   round(a.an_at::numeric), a.an_threshold, a.an_scale, round(a.reltuples::numeric))
         || CASE WHEN a.no_autovacuum IS NOT NULL THEN ', but ' || a.no_autovacuum
                 WHEN a.mods > a.an_at THEN ', so it is due and autovacuum has not got to it yet'
                 ELSE ', not yet: the row estimates may already be off' END
         || CASE WHEN a.dead_problem THEN '; the VACUUM (ANALYZE) for its dead rows also does this' ELSE '' END
         AS details
  FROM a
  WHERE (a.analyzed IS NULL AND a.live > 0)
     OR (a.mods > 1000 AND a.mods > 0.1 * a.live)
  UNION ALL
  SELECT a.schema_name, a.table_name, 'dead_tuples', 2, a.dead,
         format('VACUUM (ANALYZE) %I.%I;', a.schema_name, a.table_name),
         format('%s dead rows (%s%% of %s live rows), %s',
                a.dead,
                CASE WHEN a.live > 0 THEN round(100.0 * a.dead / a.live)::text ELSE 'all' END,
                a.live,
                coalesce('last vacuumed ' || to_char(a.vacuumed, 'YYYY-MM-DD HH24:MI:SS TZ'), 'never vacuumed'))
         || format('; autovacuum vacuums it after %s dead rows (autovacuum_vacuum_threshold %s + autovacuum_vacuum_scale_factor %s × %s rows)',
                   round(a.vac_at::numeric), a.vac_threshold, a.vac_scale, round(a.reltuples::numeric))
         || CASE WHEN a.no_autovacuum IS NOT NULL THEN ', but ' || a.no_autovacuum
                 WHEN a.dead > a.vac_at THEN ', so it is due and autovacuum has not got to it yet'
                 ELSE ', not yet' END
         || '; if they survive a VACUUM, an old transaction, prepared transaction or replication slot is holding them'
  FROM a
  WHERE a.dead_problem
)
SELECT f.schema_name, f.table_name, f.problem, f.action, f.details
FROM found f
ORDER BY f.prio, f.amount DESC, f.schema_name, f.table_name
$$;
COMMENT ON FUNCTION maintenance() IS
  'tables with stale planner statistics or many dead rows, with the ANALYZE or VACUUM to run';

-- Buffer cache hit ratios ------------------------------------------------------
--
-- Hits are blocks found in shared_buffers; a "read" may still have come from
-- the operating system's page cache. Ratios are NULL when nothing was read.
CREATE FUNCTION table_cache_hit(
    OUT schema_name name, OUT table_name name,
    OUT heap_blks_hit int8, OUT heap_blks_read int8,
    OUT idx_blks_hit int8, OUT idx_blks_read int8,
    OUT heap_hit_ratio float8, OUT index_hit_ratio float8, OUT hit_ratio float8)
  RETURNS SETOF record
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
SELECT s.schemaname, s.relname, s.heap_blks_hit, s.heap_blks_read,
       coalesce(s.idx_blks_hit, 0), coalesce(s.idx_blks_read, 0),
       s.heap_blks_hit::float8 / nullif(s.heap_blks_hit + s.heap_blks_read, 0),
       s.idx_blks_hit::float8 / nullif(s.idx_blks_hit + s.idx_blks_read, 0),
       (s.heap_blks_hit + coalesce(s.idx_blks_hit, 0))::float8
         / nullif(s.heap_blks_hit + s.heap_blks_read + coalesce(s.idx_blks_hit, 0) + coalesce(s.idx_blks_read, 0), 0)
FROM pg_statio_user_tables s
WHERE s.heap_blks_hit + s.heap_blks_read + coalesce(s.idx_blks_hit, 0) + coalesce(s.idx_blks_read, 0) > 0
ORDER BY s.heap_blks_read + coalesce(s.idx_blks_read, 0) DESC, s.schemaname, s.relname
$$;
COMMENT ON FUNCTION table_cache_hit() IS
  'shared buffer hit ratio per table: heap, indexes, and both together; most blocks read first';

CREATE FUNCTION statement_cache_hit(
    OUT fingerprint text, OUT userid oid, OUT dbid oid, OUT toplevel bool,
    OUT query text, OUT calls int8,
    OUT shared_blks_hit int8, OUT shared_blks_read int8, OUT hit_ratio float8)
  RETURNS SETOF record
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
SELECT s.fingerprint, s.userid, s.dbid, s.toplevel, s.query, s.calls,
       s.shared_blks_hit, s.shared_blks_read,
       s.shared_blks_hit::float8 / nullif(s.shared_blks_hit + s.shared_blks_read, 0)
FROM insights.statements s
WHERE s.shared_blks_hit + s.shared_blks_read > 0
ORDER BY s.shared_blks_read DESC, s.fingerprint, s.userid, s.dbid, s.toplevel
$$;
COMMENT ON FUNCTION statement_cache_hit() IS
  'shared buffer hit ratio per tracked statement: shared_blks_hit / (hit + read); most blocks read first';

-- Everybody may run these (they read what the caller may read); nothing to
-- grant beyond the schema USAGE of 90_privileges.sql.
