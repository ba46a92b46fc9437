-- The statement history (per statement, per time bucket), the wait profile
-- per statement, and regressions found in the history.
--
-- Visibility: as insights.statements, every role sees every statement's
-- numbers; texts (regressions(), waiting_statements()) come from the
-- statements view, which shows another role's text only to pg_read_all_stats
-- (of a fingerprint several roles ran, the caller's own text first).

CREATE FUNCTION statement_history(fingerprint text, since timestamptz DEFAULT now() - interval '24 hours')
  RETURNS TABLE (fingerprint text, bucket_start timestamptz, calls int8, total_ms float8, mean_ms float8,
                 p95_ms float8, rows int8, slow_calls int8, shared_blks_hit int8, shared_blks_read int8)
  AS 'MODULE_PATHNAME', 'insights_statement_history'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION statement_history(text, timestamptz) IS
  'one statement''s calls per bucket of insights.history_interval since a time (every user and database summed); p95 from a coarse histogram';

CREATE FUNCTION history_internal(
    OUT fingerprint text, OUT bucket_start timestamptz, OUT calls int8, OUT total_ms float8, OUT mean_ms float8,
    OUT p95_ms float8, OUT rows int8, OUT slow_calls int8, OUT shared_blks_hit int8, OUT shared_blks_read int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_history'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION history_internal() IS 'the rows of insights.history: query the view';

CREATE VIEW history AS SELECT * FROM history_internal();
COMMENT ON VIEW history IS
  'every statement''s calls per history bucket that the ring still holds (the columns of statement_history())';
COMMENT ON COLUMN history.bucket_start IS
  'start of the bucket (insights.history_interval long, aligned on the epoch); its figures are the calls that ended in it';

CREATE FUNCTION statement_waits_internal(
    OUT fingerprint text, OUT wait_event_type text, OUT wait_event text, OUT samples int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statement_waits'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION statement_waits_internal() IS 'the rows of insights.statement_waits: query the view';

CREATE VIEW statement_waits AS
  SELECT w.fingerprint, w.wait_event_type, w.wait_event, w.samples,
         w.samples::float8 / (sum(w.samples) OVER (PARTITION BY w.fingerprint))::float8 AS share
  FROM @extschema@.statement_waits_internal() w;
COMMENT ON VIEW statement_waits IS
  'per statement, what the activity sampler saw its backends doing: a wait event, or CPU / on CPU (active without one)';
COMMENT ON COLUMN statement_waits.share IS 'the share of the statement''s samples (0..1)';
COMMENT ON COLUMN statement_waits.wait_event_type IS
  'the wait event''s type, as in pg_stat_activity; CPU when the backend was active without a wait event';
COMMENT ON COLUMN statement_waits.wait_event IS 'the wait event, as in pg_stat_activity; on CPU for the CPU state';

-- Statements that mostly wait on a lock or on I/O: report()'s "waits".
CREATE FUNCTION waiting_statements(min_share float8 DEFAULT 0.5, min_samples int8 DEFAULT 10)
  RETURNS TABLE (fingerprint text, query text, wait_event_type text, share float8, samples int8,
                 wait_events text, rationale text)
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT t.fingerprint,
         (SELECT s.query FROM @extschema@.statements s WHERE s.fingerprint OPERATOR(pg_catalog.=) t.fingerprint
          ORDER BY s.query OPERATOR(pg_catalog.=) '<insufficient privilege>', s.calls DESC LIMIT 1),
         t.wait_event_type, t.share, t.samples, t.wait_events,
         pg_catalog.format('%s%% of its %s samples wait on %s (%s)%s', pg_catalog.round((100 * t.share)::numeric),
                           t.all_samples, t.wait_event_type, t.wait_events,
                           CASE t.wait_event_type
                             WHEN 'Lock' THEN ': other transactions hold what it needs; look for long transactions or idle ones holding locks'
                             ELSE ': it reads from disk; check its plan (insights.index_advice()) and shared_buffers' END)
  FROM (SELECT w.fingerprint, w.wait_event_type, sum(w.share) AS share, sum(w.samples)::int8 AS samples,
               pg_catalog.string_agg(w.wait_event, ', ' ORDER BY w.samples DESC) AS wait_events,
               (SELECT sum(x.samples)::int8 FROM @extschema@.statement_waits x
                WHERE x.fingerprint OPERATOR(pg_catalog.=) w.fingerprint) AS all_samples
        FROM @extschema@.statement_waits w
        WHERE w.wait_event_type IN ('Lock', 'IO')
        GROUP BY w.fingerprint, w.wait_event_type) t
  WHERE t.share >= waiting_statements.min_share AND t.all_samples >= waiting_statements.min_samples
  ORDER BY t.samples DESC, t.fingerprint
$$;
COMMENT ON FUNCTION waiting_statements(float8, int8) IS
  'statements whose sampled time is mostly a Lock or IO wait (at least min_share of at least min_samples samples)';

