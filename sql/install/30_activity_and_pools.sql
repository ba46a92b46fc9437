-- The activity sampler's views and pool advice.

CREATE FUNCTION activity_internal(
    OUT second timestamptz, OUT samples int, OUT active float8,
    OUT active_cpu float8, OUT active_io float8, OUT active_lock float8, OUT active_lwlock float8,
    OUT active_client float8, OUT active_other float8, OUT idle_in_transaction float8, OUT idle float8,
    OUT max_active int, OUT max_idle_in_transaction int, OUT max_connections int,
    OUT longest_idle_in_transaction_ms int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_activity'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;

CREATE VIEW activity AS SELECT * FROM activity_internal() ORDER BY second;
COMMENT ON VIEW activity IS
  'client backend states sampled by the pg_insights sampler, one row per second (means over the second''s samples)';

CREATE FUNCTION activity_groups_internal(
    OUT dbid oid, OUT client_group text, OUT first_seen timestamptz, OUT last_seen timestamptz,
    OUT samples int8, OUT mean_active float8, OUT mean_connections float8,
    OUT max_active int, OUT max_connections int)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_activity_groups'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;

CREATE VIEW activity_groups AS SELECT * FROM activity_groups_internal();
COMMENT ON VIEW activity_groups IS
  'client groups (application_name, else client address) per database, as the sampler saw them';

CREATE FUNCTION inject_activity(at timestamptz, states int[], samples int DEFAULT 10,
                                longest_idle_in_transaction_ms int DEFAULT 0) RETURNS void
  AS 'MODULE_PATHNAME', 'insights_inject_activity'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION inject_activity(timestamptz, int[], int, int) IS
  'superuser only: add synthetic samples (states: active_cpu, active_io, active_lock, active_lwlock, active_client, active_other, idle_in_transaction, idle)';

CREATE FUNCTION reset_activity() RETURNS void
  AS 'MODULE_PATHNAME', 'insights_reset_activity'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;

CREATE FUNCTION pool_advice(
    app_instances int DEFAULT NULL, workers_per_instance int DEFAULT 1, "window" interval DEFAULT '1 hour',
    OUT target text, OUT setting text, OUT current_value text, OUT recommended_value text, OUT rationale text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_pool_advice'
  LANGUAGE C VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pool_advice(int, int, interval) IS
  'connection pool sizes (PgBouncer, SQLAlchemy, Go, HikariCP, node-postgres) and server settings from measured concurrency';
