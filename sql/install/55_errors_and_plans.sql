-- Errors and plans per statement: statements that fail, by SQLSTATE, and
-- the plans of slow calls.

CREATE FUNCTION statement_errors_internal(
    OUT fingerprint text, OUT sqlstate text, OUT errors int8,
    OUT first_seen timestamptz, OUT last_seen timestamptz, OUT message text,
    OUT userid oid, OUT dbid oid, OUT parse_error bool)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statement_errors'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION statement_errors_internal() IS 'the rows of insights.statement_errors: query the view';

CREATE VIEW statement_errors AS SELECT * FROM statement_errors_internal();
COMMENT ON VIEW statement_errors IS
  'statements that failed: one row per (fingerprint, SQLSTATE, userid, dbid); fingerprint NULL for those that failed '
  'before they had one (syntax errors), counted under that key of their own';
COMMENT ON COLUMN statement_errors.sqlstate IS 'the error''s SQLSTATE (23505 unique_violation, 22012 division_by_zero, …)';
COMMENT ON COLUMN statement_errors.errors IS 'times the statement failed with this SQLSTATE';
COMMENT ON COLUMN statement_errors.message IS
  'the latest error''s message template, every value in it replaced by $1, $2, … (never a DETAIL, never a value); '
  'NULL for a role that may not read the statement''s text';
COMMENT ON COLUMN statement_errors.parse_error IS
  'libpg_query could not parse the statement: fingerprint is the server''s query id instead';

CREATE FUNCTION statement_plans_internal(
    OUT fingerprint text, OUT plan_id text,
    OUT first_seen timestamptz, OUT last_seen timestamptz,
    OUT calls int8, OUT mean_ms float8, OUT p95_ms float8, OUT plan text,
    OUT userid oid, OUT dbid oid, OUT toplevel bool, OUT plan_truncated bool, OUT census_calls int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statement_plans'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION statement_plans_internal() IS 'the rows of insights.statement_plans: query the view';

CREATE VIEW statement_plans AS SELECT * FROM statement_plans_internal();
COMMENT ON VIEW statement_plans IS
  'plans of slow calls (at or over insights.slow_threshold_ms), and after an index is created the plan of one call '
  'of each statement whose plan scans it (the plan census): the most recent few per statement; calls, mean_ms and '
  'p95_ms count the calls kept: the slow calls that ran the plan and the census calls (census_calls of them: at most '
  'one per index created; other faster calls are not explained)';
COMMENT ON COLUMN statement_plans.calls IS
  'calls kept under the plan: its slow calls, and its census calls (census_calls)';
COMMENT ON COLUMN statement_plans.census_calls IS
  'calls kept by the plan census, fast or slow: after an index was created, the first call of the statement in a '
  'backend whose plan scans it (counted once per plan and index: not again once the row was seen after the creation)';
COMMENT ON COLUMN statement_plans.plan_id IS
  'hash of the plan''s shape (nodes, tables, indexes, strategies), without costs, conditions or constants';
COMMENT ON COLUMN statement_plans.plan IS
  'EXPLAIN (no ANALYZE) of the plan, with the call''s constants: NULL unless the caller is the statement''s role or a superuser';
COMMENT ON COLUMN statement_plans.plan_truncated IS 'the plan''s text was longer than 4 kB and was cut';

CREATE FUNCTION errors_and_plans_info(
    OUT error_entries int, OUT max_error_entries int, OUT error_evictions int8,
    OUT plan_entries int, OUT max_plan_entries int, OUT plan_evictions int8,
    OUT shmem_bytes int8)
  AS 'MODULE_PATHNAME', 'insights_errors_and_plans_info'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION errors_and_plans_info() IS
  'the errors and plans tables: entries, their fixed limits, evictions, shared memory they take';

GRANT SELECT ON statement_errors, statement_plans TO PUBLIC;
