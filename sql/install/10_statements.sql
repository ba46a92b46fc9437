-- Statement statistics: fingerprints, the statements view, slow queries, reset.

CREATE FUNCTION fingerprint(query text) RETURNS text
  AS 'MODULE_PATHNAME', 'insights_fingerprint'
  LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION fingerprint(text) IS
  'libpg_query fingerprint of a statement: 16 lowercase hex digits, the same on every server';

CREATE FUNCTION "normalize"(query text) RETURNS text
  AS 'MODULE_PATHNAME', 'insights_normalize'
  LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION "normalize"(text) IS
  'libpg_query normalized text of a statement ($1, $2 … for constants)';

CREATE FUNCTION statements_internal(
    OUT fingerprint text, OUT userid oid, OUT dbid oid, OUT toplevel bool,
    OUT query text, OUT calls int8, OUT rows int8,
    OUT total_ms float8, OUT min_ms float8, OUT max_ms float8,
    OUT mean_ms float8, OUT stddev_ms float8,
    OUT p50_ms float8, OUT p95_ms float8, OUT p99_ms float8,
    OUT slow_calls int8,
    OUT shared_blks_hit int8, OUT shared_blks_read int8, OUT temp_blks_written int8,
    OUT first_seen timestamptz, OUT last_seen timestamptz,
    OUT parse_error bool, OUT query_truncated bool,
    OUT repeated_transactions int8, OUT max_repeats int8, OUT mean_repeats float8,
    OUT literal_texts int8, OUT cancelled int8, OUT cancelled_ms float8,
    OUT plans int8, OUT total_plan_time float8, OUT min_plan_time float8, OUT max_plan_time float8,
    OUT mean_plan_time float8, OUT stddev_plan_time float8,
    OUT shared_blks_dirtied int8, OUT shared_blks_written int8,
    OUT local_blks_hit int8, OUT local_blks_read int8, OUT local_blks_dirtied int8, OUT local_blks_written int8,
    OUT temp_blks_read int8,
    OUT blk_read_time float8, OUT blk_write_time float8,
    OUT shared_blk_read_time float8, OUT shared_blk_write_time float8,
    OUT local_blk_read_time float8, OUT local_blk_write_time float8,
    OUT temp_blk_read_time float8, OUT temp_blk_write_time float8,
    OUT wal_records int8, OUT wal_fpi int8, OUT wal_bytes numeric,
    OUT jit_functions int8, OUT jit_generation_time float8,
    OUT jit_inlining_count int8, OUT jit_inlining_time float8,
    OUT jit_optimization_count int8, OUT jit_optimization_time float8,
    OUT jit_emission_count int8, OUT jit_emission_time float8,
    OUT jit_deform_count int8, OUT jit_deform_time float8,
    OUT cpu_user_time float8, OUT cpu_system_time float8,
    OUT stats_since timestamptz, OUT minmax_stats_since timestamptz)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statements'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION statements_internal() IS 'the rows of insights.statements: query the view';

CREATE VIEW statements AS SELECT * FROM statements_internal();
COMMENT ON VIEW statements IS
  'one row per (fingerprint, userid, dbid, toplevel): calls, rows, latency and buffers';
COMMENT ON COLUMN statements.parse_error IS
  'libpg_query could not parse the statement: fingerprint is the server''s query id instead';
COMMENT ON COLUMN statements.query_truncated IS
  'the text was longer than insights.max_query_length and was cut';
COMMENT ON COLUMN statements.repeated_transactions IS
  'transactions that ran the statement at least insights.n_plus_one_min_repeats times (N+1)';

CREATE FUNCTION slow_queries(min_ms float8 DEFAULT NULL, n int DEFAULT 20)
  RETURNS SETOF statements
  LANGUAGE plpgsql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF n IS NULL OR n < 1 THEN
    RAISE EXCEPTION 'n must be a positive number of statements, not %', coalesce(n::text, 'NULL');
  END IF;
  IF min_ms < 0 THEN
    RAISE EXCEPTION 'min_ms must not be negative, not %', min_ms;
  END IF;
  RETURN QUERY
    SELECT s.* FROM insights.statements s
    WHERE CASE WHEN slow_queries.min_ms IS NULL THEN s.slow_calls > 0
               ELSE s.max_ms >= slow_queries.min_ms END
    ORDER BY s.total_ms DESC, s.fingerprint
    LIMIT slow_queries.n;
END
$$;
COMMENT ON FUNCTION slow_queries(float8, int) IS
  'statements with slow calls (or, given min_ms, a call of at least min_ms), worst total time first';

CREATE FUNCTION reset() RETURNS void
  AS 'MODULE_PATHNAME', 'insights_reset'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION reset() IS 'forget every statement and start the statistics anew (superuser, or granted)';

CREATE FUNCTION reset(fingerprint text) RETURNS int8
  AS 'MODULE_PATHNAME', 'insights_reset_fingerprint'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION reset(text) IS
  'forget one statement (every user, database and nesting level); returns the number of entries removed';

CREATE FUNCTION reset_minmax(fingerprint text DEFAULT NULL) RETURNS timestamptz
  AS 'MODULE_PATHNAME', 'insights_reset_minmax'
  LANGUAGE C VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION reset_minmax(text) IS
  'forget the minimum and maximum times (execution and planning) of every statement, or of one fingerprint, keeping the rest (pg_stat_statements_reset''s minmax_only); returns the time they count from';

CREATE FUNCTION store_info(
    OUT stats_since timestamptz, OUT max_statements int,
    OUT evictions int8, OUT shmem_bytes_per_statement float8,
    OUT history_max_rows int8, OUT history_rows int8, OUT history_oldest_bucket timestamptz,
    OUT wait_entries int8, OUT history_shmem_bytes float8, OUT shmem_bytes int8,
    OUT pending_statements int8)
  AS 'MODULE_PATHNAME', 'insights_store_info'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION store_info() IS
  'the statement store: statistics since, its size, evictions so far, shared memory per statement; the history (50_history.sql): its rows, the oldest bucket held, the wait table, their shared memory; shmem_bytes: all the shared memory pg_insights asked for at server start (the sum of shared_memory()); pending_statements: entries counted under the server''s query id, not yet fingerprinted (every reader of insights.statements fingerprints them first)';

CREATE FUNCTION shared_memory(OUT area text, OUT bytes int8, OUT grows_with text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_shared_memory'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION shared_memory() IS
  'every area of shared memory pg_insights allocates: its name (as in pg_shmem_allocations), its bytes (a hash table''s with its entries), the setting it grows with (NULL: fixed); they add up to store_info().shmem_bytes';
