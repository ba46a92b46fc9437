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
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION index_advice(float8) IS
  'CREATE INDEX statements that make the tracked statements faster, validated by the planner';

-- The query's names resolve through the caller's search_path: the default
-- of the last argument is evaluated before the function's own pinned
-- search_path applies. The query is analyzed and planned as the caller,
-- inside a security-restricted operation, and only if the caller may run it.
CREATE FUNCTION index_advice_for(query text, min_improvement_pct float8 DEFAULT 20,
                                 search_path text DEFAULT pg_catalog.current_setting('search_path'))
  RETURNS SETOF index_advice_row
  AS 'MODULE_PATHNAME', 'insights_index_advice_for'
  LANGUAGE C STRICT VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION index_advice_for(text, float8, text) IS
  'CREATE INDEX statements that would make one given statement faster (names resolved with search_path, by default the caller''s)';
