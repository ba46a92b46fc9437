-- Index advice.

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
