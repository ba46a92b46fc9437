-- pg_insights 0.1.0
\echo Use "CREATE EXTENSION pg_insights" to load this file. \quit

CREATE FUNCTION fingerprint(query text) RETURNS text
  AS 'MODULE_PATHNAME', 'insights_fingerprint'
  LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION fingerprint(text) IS
  'libpg_query fingerprint of a statement: 16 lowercase hex digits, the same on every server';

CREATE FUNCTION "normalize"(query text) RETURNS text
  AS 'MODULE_PATHNAME', 'insights_normalize'
  LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
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
    OUT parse_error bool, OUT query_truncated bool)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statements'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

CREATE VIEW statements AS SELECT * FROM statements_internal();
COMMENT ON VIEW statements IS
  'one row per (fingerprint, userid, dbid, toplevel): calls, rows, latency and buffers';
COMMENT ON COLUMN statements.parse_error IS
  'libpg_query could not parse the statement: fingerprint is the server''s query id instead';
COMMENT ON COLUMN statements.query_truncated IS
  'the text was longer than insights.max_query_length and was cut';

CREATE FUNCTION slow_queries(min_ms float8 DEFAULT NULL, n int DEFAULT 20)
  RETURNS SETOF statements
  LANGUAGE plpgsql STABLE
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
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

CREATE FUNCTION reset(fingerprint text) RETURNS int8
  AS 'MODULE_PATHNAME', 'insights_reset_fingerprint'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION reset(text) IS
  'forget one statement (every user, database and nesting level); returns the number of entries removed';

CREATE FUNCTION store_info(
    OUT stats_since timestamptz, OUT max_statements int,
    OUT evictions int8, OUT shmem_bytes_per_statement float8)
  AS 'MODULE_PATHNAME', 'insights_store_info'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

CREATE FUNCTION index_advice(
    min_improvement_pct float8 DEFAULT 20,
    OUT table_name text, OUT index_ddl text, OUT kind text,
    OUT columns text[], OUT include_columns text[], OUT predicate text,
    OUT est_size_bytes int8, OUT cost_before float8, OUT cost_after float8,
    OUT est_improvement_pct float8, OUT queries text[], OUT total_ms_affected float8,
    OUT rationale text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_index_advice'
  LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION index_advice(float8) IS
  'CREATE INDEX statements that make the tracked statements faster, validated by the planner';

CREATE FUNCTION index_advice_for(
    query text, min_improvement_pct float8 DEFAULT 20,
    OUT table_name text, OUT index_ddl text, OUT kind text,
    OUT columns text[], OUT include_columns text[], OUT predicate text,
    OUT est_size_bytes int8, OUT cost_before float8, OUT cost_after float8,
    OUT est_improvement_pct float8, OUT queries text[], OUT total_ms_affected float8,
    OUT rationale text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_index_advice_for'
  LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION index_advice_for(text, float8) IS
  'CREATE INDEX statements that would make one given statement faster';

CREATE FUNCTION activity_internal(
    OUT second timestamptz, OUT samples int, OUT active float8,
    OUT active_cpu float8, OUT active_io float8, OUT active_lock float8, OUT active_lwlock float8,
    OUT active_client float8, OUT active_other float8, OUT idle_in_transaction float8, OUT idle float8,
    OUT max_active int, OUT max_idle_in_transaction int, OUT max_connections int,
    OUT longest_idle_in_transaction_ms int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_activity'
  LANGUAGE C STRICT VOLATILE;

CREATE VIEW activity AS SELECT * FROM activity_internal() ORDER BY second;
COMMENT ON VIEW activity IS
  'client backend states sampled by the pg_insights sampler, one row per second (means over the second''s samples)';

CREATE FUNCTION activity_groups_internal(
    OUT dbid oid, OUT client_group text, OUT first_seen timestamptz, OUT last_seen timestamptz,
    OUT samples int8, OUT mean_active float8, OUT mean_connections float8,
    OUT max_active int, OUT max_connections int)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_activity_groups'
  LANGUAGE C STRICT VOLATILE;

CREATE VIEW activity_groups AS SELECT * FROM activity_groups_internal();
COMMENT ON VIEW activity_groups IS
  'client groups (application_name, else client address) per database, as the sampler saw them';

CREATE FUNCTION inject_activity(at timestamptz, states int[], samples int DEFAULT 10,
                                longest_idle_in_transaction_ms int DEFAULT 0) RETURNS void
  AS 'MODULE_PATHNAME', 'insights_inject_activity'
  LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION inject_activity(timestamptz, int[], int, int) IS
  'superuser only: add synthetic samples (states: active_cpu, active_io, active_lock, active_lwlock, active_client, active_other, idle_in_transaction, idle)';

CREATE FUNCTION reset_activity() RETURNS void
  AS 'MODULE_PATHNAME', 'insights_reset_activity'
  LANGUAGE C STRICT VOLATILE;

CREATE FUNCTION pool_advice(
    app_instances int DEFAULT NULL, workers_per_instance int DEFAULT 1, "window" interval DEFAULT '1 hour',
    OUT target text, OUT setting text, OUT current_value text, OUT recommended_value text, OUT rationale text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_pool_advice'
  LANGUAGE C VOLATILE;
COMMENT ON FUNCTION pool_advice(int, int, interval) IS
  'connection pool sizes (PgBouncer, SQLAlchemy, Go, HikariCP, node-postgres) and server settings from measured concurrency';

-- As with pg_stat_statements: everybody may read (texts of other users'
-- statements are hidden from those without pg_read_all_stats), only
-- superusers reset unless granted.
REVOKE ALL ON FUNCTION reset() FROM PUBLIC;
REVOKE ALL ON FUNCTION reset(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION inject_activity(timestamptz, int[], int, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION reset_activity() FROM PUBLIC;
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT SELECT ON statements, activity, activity_groups TO PUBLIC;
