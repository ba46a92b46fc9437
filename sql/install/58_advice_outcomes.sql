-- Index outcomes: the indexes created since the server started (noted by
-- the utility hook, src/pg/advice/index_outcomes.cpp), and for the
-- statements whose kept plans use one, their history before and after.
--
-- A statement is linked to an index by the text of a plan of it in
-- insights.statement_plans: kept for a slow call, or by the plan census
-- (src/pg/advice/plan_census.h) for the first call of the statement in each
-- backend after the index was created, fast or slow, when its plan scans it.
--
-- Visibility: a plan's text only its role and superusers may read: other
-- roles see no rows for the statement. Numbers come from insights.history
-- (every role sees them), texts from insights.statements (its rules).

CREATE FUNCTION noted_indexes(
    OUT index_oid oid, OUT database_oid oid, OUT table_oid oid, OUT index_name text, OUT schema_name text,
    OUT table_name text, OUT access_method text, OUT key_columns text, OUT partial bool,
    OUT created_at timestamptz)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_noted_indexes'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION noted_indexes() IS
  'indexes of the current database created by CREATE INDEX since the server started (of the last 128 of every database), '
  'with their key columns as pg_get_indexdef_columns() prints them; not kept across a restart';

CREATE FUNCTION advice_outcomes(slower_ratio float8 DEFAULT 1.2)
  RETURNS TABLE (index_name text, schema_name text, table_name text, key_columns text, partial bool,
                 created_at timestamptz,
                 index_exists bool, fingerprint text, query text, calls_before int8, calls_after int8,
                 mean_before_ms float8, mean_after_ms float8, p95_before_ms float8, p95_after_ms float8,
                 slower bool)
  LANGUAGE plpgsql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  bucket interval;
BEGIN
  IF slower_ratio IS NULL OR NOT (slower_ratio > 0) OR slower_ratio = 'NaN'::float8
     OR slower_ratio = 'Infinity'::float8 THEN
    RAISE EXCEPTION 'slower_ratio must be a finite number above 0, not %', coalesce(slower_ratio::text, 'NULL')
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'A statement is flagged slower when its mean or p95 after the index is over slower_ratio times the one before (1.2: 20% worse).';
  END IF;
  SELECT pg_catalog.make_interval(secs => s.setting::float8) INTO bucket
  FROM pg_catalog.pg_settings s WHERE s.name OPERATOR(pg_catalog.=) 'insights.history_interval';
  RETURN QUERY
  WITH noted AS (
    SELECT n.*, EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) n.index_oid
                          AND c.relname OPERATOR(pg_catalog.=) n.index_name::name) AS still_there
    FROM @extschema@.noted_indexes() n
    WHERE n.database_oid OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                 WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())),
  -- the statements whose kept plans name the index (EXPLAIN writes
  -- "using <index>" or "on <index>", the name quoted when it must be)
  users AS (
    SELECT n.index_oid, n.created_at, p.fingerprint, pg_catalog.max(p.last_seen) AS last_seen
    FROM noted n JOIN @extschema@.statement_plans p
      ON p.dbid OPERATOR(pg_catalog.=) n.database_oid AND p.last_seen OPERATOR(pg_catalog.>=) n.created_at
     AND p.plan OPERATOR(pg_catalog.~) ('(using|on) ' OPERATOR(pg_catalog.||)
           pg_catalog.regexp_replace(pg_catalog.quote_ident(n.index_name), '([^A-Za-z0-9_])', '\\\1', 'g')
           OPERATOR(pg_catalog.||) '(\s|$)')
    GROUP BY n.index_oid, n.created_at, p.fingerprint),
  -- before: the buckets that ended by the creation; after: those that
  -- began at it or later, up to now (the index still there) or to the end
  -- of the bucket of the last kept plan that used it (dropped since)
  phases AS (
    SELECT u.index_oid, u.created_at, u.fingerprint,
           pg_catalog.sum(h.calls) FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.+) bucket
                                                 OPERATOR(pg_catalog.<=) u.created_at) AS calls_b,
           pg_catalog.sum(h.total_ms) FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.+) bucket
                                                    OPERATOR(pg_catalog.<=) u.created_at) AS total_b,
           pg_catalog.sum(h.p95_ms OPERATOR(pg_catalog.*) h.calls)
             FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.+) bucket OPERATOR(pg_catalog.<=) u.created_at) AS p95w_b,
           pg_catalog.sum(h.calls) FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.>=) u.created_at) AS calls_a,
           pg_catalog.sum(h.total_ms) FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.>=) u.created_at) AS total_a,
           pg_catalog.sum(h.p95_ms OPERATOR(pg_catalog.*) h.calls)
             FILTER (WHERE h.bucket_start OPERATOR(pg_catalog.>=) u.created_at) AS p95w_a
    FROM users u JOIN noted n ON n.index_oid OPERATOR(pg_catalog.=) u.index_oid
                             AND n.created_at OPERATOR(pg_catalog.=) u.created_at
    JOIN @extschema@.history h ON h.fingerprint OPERATOR(pg_catalog.=) u.fingerprint
    WHERE n.still_there OR h.bucket_start OPERATOR(pg_catalog.<=) u.last_seen
    GROUP BY u.index_oid, u.created_at, u.fingerprint)
  SELECT n.index_name, n.schema_name, n.table_name, n.key_columns, n.partial, n.created_at, n.still_there, ph.fingerprint,
         (SELECT s.query FROM @extschema@.statements s WHERE s.fingerprint OPERATOR(pg_catalog.=) ph.fingerprint
          ORDER BY s.query OPERATOR(pg_catalog.=) '<insufficient privilege>', s.calls DESC LIMIT 1),
         coalesce(ph.calls_b, 0)::int8, coalesce(ph.calls_a, 0)::int8,
         ph.total_b OPERATOR(pg_catalog./) ph.calls_b, ph.total_a OPERATOR(pg_catalog./) ph.calls_a,
         ph.p95w_b OPERATOR(pg_catalog./) ph.calls_b, ph.p95w_a OPERATOR(pg_catalog./) ph.calls_a,
         CASE WHEN ph.calls_b OPERATOR(pg_catalog.>) 0 AND ph.calls_a OPERATOR(pg_catalog.>) 0 THEN
           (ph.total_a OPERATOR(pg_catalog./) ph.calls_a) OPERATOR(pg_catalog.>)
             (slower_ratio OPERATOR(pg_catalog.*) (ph.total_b OPERATOR(pg_catalog./) ph.calls_b))
           OR (ph.p95w_a OPERATOR(pg_catalog./) ph.calls_a) OPERATOR(pg_catalog.>)
             (slower_ratio OPERATOR(pg_catalog.*) (ph.p95w_b OPERATOR(pg_catalog./) ph.calls_b)) END
  FROM phases ph JOIN noted n ON n.index_oid OPERATOR(pg_catalog.=) ph.index_oid
                            AND n.created_at OPERATOR(pg_catalog.=) ph.created_at
  ORDER BY n.created_at, n.index_name, ph.fingerprint;
END
$$;
COMMENT ON FUNCTION advice_outcomes(float8) IS
  'per index created since the server started and per statement whose kept plan (insights.statement_plans: a slow '
  'call''s, or the plan census''s after the index was created) uses it: calls, mean and p95 (the calls-weighted mean '
  'of the history buckets'' p95) before and after '
  'the creation; slower when the mean or p95 after is over slower_ratio times the one before';

-- insights.index_advice(): what index_advice_unfiltered() advises, less an
-- index with the same table and key columns (and partial or not) as one that was created, made
-- a statement slower (advice_outcomes() at its default ratio) and was
-- dropped since. The rule applies after the selection: the statements that
-- index would have served get no other index in its place this time.
CREATE FUNCTION index_advice(min_improvement_pct float8 DEFAULT 20, budget_bytes int8 DEFAULT NULL)
  RETURNS SETOF index_advice_row
  LANGUAGE sql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT a.* FROM @extschema@.index_advice_unfiltered(index_advice.min_improvement_pct, index_advice.budget_bytes) a
  WHERE NOT EXISTS (
    SELECT FROM @extschema@.advice_outcomes() o
    WHERE o.slower AND NOT o.index_exists
      AND o.schema_name OPERATOR(pg_catalog.=) a.schema_name::text
      AND o.table_name OPERATOR(pg_catalog.=) a.table_name::text
      AND o.key_columns OPERATOR(pg_catalog.=) pg_catalog.array_to_string(a.columns, ', ')
      AND o.partial OPERATOR(pg_catalog.=) (a.predicate IS NOT NULL))
$$;
COMMENT ON FUNCTION index_advice(float8, int8) IS
  'CREATE INDEX statements that make the tracked statements faster, validated by the planner; '
  'within budget_bytes of new indexes when given; never an index with the table, key columns and partialness of '
  'one that was created, made a statement slower (advice_outcomes()) and was dropped';
