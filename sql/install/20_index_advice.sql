-- Index advice.

CREATE TYPE index_advice_row AS (
    table_name text, index_ddl text, kind text,
    columns text[], include_columns text[], predicate text,
    est_size_bytes int8, cost_before float8, cost_after float8,
    est_improvement_pct float8, queries text[], total_ms_affected float8,
    rationale text);

CREATE FUNCTION index_advice(min_improvement_pct float8 DEFAULT 20)
  RETURNS SETOF index_advice_row
  AS 'MODULE_PATHNAME', 'insights_index_advice'
  LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION index_advice(float8) IS
  'CREATE INDEX statements that make the tracked statements faster, validated by the planner';

CREATE FUNCTION index_advice_for(query text, min_improvement_pct float8 DEFAULT 20)
  RETURNS SETOF index_advice_row
  AS 'MODULE_PATHNAME', 'insights_index_advice_for'
  LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION index_advice_for(text, float8) IS
  'CREATE INDEX statements that would make one given statement faster';
