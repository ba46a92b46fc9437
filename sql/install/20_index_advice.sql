-- Index advice.

CREATE TYPE index_advice_row AS (
    schema_name name, table_name name, index_ddl text, kind text,
    columns text[], include_columns text[], predicate text,
    est_size_bytes int8, cost_before float8, cost_after float8,
    est_improvement_pct float8, fingerprints text[], total_ms_affected float8,
    rationale text);
COMMENT ON TYPE index_advice_row IS 'a row of insights.index_advice() and insights.index_advice_for(): one advised index';
COMMENT ON COLUMN index_advice_row.index_ddl IS
  'CREATE INDEX CONCURRENTLY, ready to run: schema-qualified, identifiers quoted, a deterministic name';
COMMENT ON COLUMN index_advice_row.kind IS
  'gin or brin for those access methods, then composite, partial, covering, expression, pattern (a pattern operator class) joined by +; btree for a plain one-column B-tree';
COMMENT ON COLUMN index_advice_row.columns IS 'the key columns or expressions, in order, with DESC where descending';
COMMENT ON COLUMN index_advice_row.include_columns IS 'the INCLUDE columns (covering index), or empty';
COMMENT ON COLUMN index_advice_row.predicate IS 'the partial index''s WHERE clause, or NULL';
COMMENT ON COLUMN index_advice_row.est_size_bytes IS
  'estimated size of the index (B-tree leaf pages; GIN entries and posting items; BRIN range summaries)';
COMMENT ON COLUMN index_advice_row.cost_before IS
  'planner cost of the statements it serves, weighted by their calls, with the indexes listed before it in place';
COMMENT ON COLUMN index_advice_row.cost_after IS
  '... and with this one too (a hypothetical index); NULL when it could not be measured (its operator class needs an extension that is not installed, see rationale)';
COMMENT ON COLUMN index_advice_row.est_improvement_pct IS '100 × (cost_before − cost_after) / cost_before; NULL when cost_after is';
COMMENT ON COLUMN index_advice_row.fingerprints IS 'the fingerprints of the statements it serves';
COMMENT ON COLUMN index_advice_row.total_ms_affected IS 'the measured total time of those statements';

-- Not STRICT: budget_bytes NULL means no budget (a NULL threshold is an error).
CREATE FUNCTION index_advice_unfiltered(min_improvement_pct float8 DEFAULT 20, budget_bytes int8 DEFAULT NULL)
  RETURNS SETOF index_advice_row
  AS 'MODULE_PATHNAME', 'insights_index_advice'
  LANGUAGE C VOLATILE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION index_advice_unfiltered(float8, int8) IS
  'the rows of insights.index_advice() before it leaves out what was tried and made statements slower (58_advice_outcomes)';

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
