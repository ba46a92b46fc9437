-- The activity sampler's views and pool advice.

CREATE FUNCTION activity_internal(
    OUT second timestamptz, OUT samples int8, OUT active float8,
    OUT active_cpu float8, OUT active_io float8, OUT active_lock float8, OUT active_lwlock float8,
    OUT active_client float8, OUT active_other float8, OUT idle_in_transaction float8, OUT idle float8,
    OUT max_active int, OUT max_idle_in_transaction int, OUT max_connections int,
    OUT longest_idle_in_transaction_ms int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_activity'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;

COMMENT ON FUNCTION activity_internal() IS 'the rows of insights.activity: query the view';

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

COMMENT ON FUNCTION activity_groups_internal() IS 'the rows of insights.activity_groups: query the view';

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
COMMENT ON FUNCTION reset_activity() IS 'forget the sampled activity and client groups (superuser, or granted)';

CREATE FUNCTION pool_advice(
    app_instances int DEFAULT NULL, workers_per_instance int DEFAULT 1, "window" interval DEFAULT '1 hour',
    OUT target text, OUT setting text, OUT current_value text, OUT recommended_value text, OUT rationale text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_pool_advice'
  LANGUAGE C VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION pool_advice(int, int, interval) IS
  'connection pool sizes (PgBouncer, SQLAlchemy, Go, HikariCP, node-postgres) and server settings from measured concurrency';

COMMENT ON COLUMN activity.second IS 'the second sampled';
COMMENT ON COLUMN activity.active IS 'mean client backends running a statement (the sum of the active_* columns)';
COMMENT ON COLUMN activity.active_cpu IS 'mean active backends not waiting (on CPU)';
COMMENT ON COLUMN activity.active_io IS 'mean active backends waiting on IO';
COMMENT ON COLUMN activity.active_lock IS 'mean active backends waiting on a heavyweight lock';
COMMENT ON COLUMN activity.active_lwlock IS 'mean active backends waiting on a lightweight lock';
COMMENT ON COLUMN activity.active_client IS 'mean active backends waiting on their client';
COMMENT ON COLUMN activity.active_other IS 'mean active backends waiting on anything else (timeouts, IPC, extensions)';
COMMENT ON COLUMN activity.idle_in_transaction IS 'mean backends idle inside an open transaction';
COMMENT ON COLUMN activity.idle IS 'mean idle client backends';
COMMENT ON COLUMN activity.max_idle_in_transaction IS 'most backends idle in transaction at once';
COMMENT ON COLUMN activity.longest_idle_in_transaction_ms IS 'the longest idle-in-transaction stretch seen in the second';
COMMENT ON COLUMN activity_groups.client_group IS
  'application_name, else the client address (local for a Unix socket); <insufficient privilege> where pg_stat_activity would hide the address';
COMMENT ON COLUMN activity_groups.mean_active IS 'mean active backends of the group';
COMMENT ON COLUMN activity_groups.mean_connections IS 'mean connections of the group';
