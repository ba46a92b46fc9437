-- regressions(): statements whose latency rose, from the history (50_history)
-- with the wait change and the plan change (55_errors_and_plans) that came with it.

CREATE FUNCTION regressions_internal(recent interval, baseline interval, min_ratio float8, min_calls int8,
    min_extra_ms_per_hour float8,
    OUT fingerprint text, OUT started_at timestamptz, OUT baseline_calls int8, OUT recent_calls int8,
    OUT baseline_mean_ms float8, OUT recent_mean_ms float8, OUT baseline_p95_ms float8, OUT recent_p95_ms float8,
    OUT extra_ms_per_hour float8, OUT wait_change text)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_regressions'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION regressions_internal(interval, interval, float8, int8, float8) IS
  'the rows of insights.regressions(): call that';

CREATE FUNCTION regressions(recent interval DEFAULT '1 hour', baseline interval DEFAULT '23 hours',
                            min_ratio float8 DEFAULT 1.5, min_calls int8 DEFAULT 20,
                            min_extra_ms_per_hour float8 DEFAULT 0)
  RETURNS TABLE (fingerprint text, query text, started_at timestamptz, baseline_calls int8, recent_calls int8,
                 baseline_mean_ms float8, recent_mean_ms float8, baseline_p95_ms float8, recent_p95_ms float8,
                 extra_ms_per_hour float8, wait_change text, plan_change text)
  LANGUAGE sql STABLE
  SET search_path = pg_catalog, pg_temp
AS $$
  SELECT r.fingerprint,
         (SELECT s.query FROM @extschema@.statements s WHERE s.fingerprint OPERATOR(pg_catalog.=) r.fingerprint
          ORDER BY s.query OPERATOR(pg_catalog.=) '<insufficient privilege>', s.calls DESC LIMIT 1),
         r.started_at, r.baseline_calls, r.recent_calls, r.baseline_mean_ms, r.recent_mean_ms,
         r.baseline_p95_ms, r.recent_p95_ms, r.extra_ms_per_hour, r.wait_change,
         -- the newest plan first seen since the recent window before the rise
         -- began, with the plan it followed (plans are kept for slow calls,
         -- and by the census after an index is created)
         (SELECT pg_catalog.format('plan %s since %s (%s calls kept, mean %s ms) after plan %s (mean %s ms)',
                                   n.plan_id, n.first_seen, n.calls, pg_catalog.round(n.mean_ms::numeric, 3),
                                   o.plan_id, pg_catalog.round(o.mean_ms::numeric, 3))
          FROM @extschema@.statement_plans n,
               LATERAL (SELECT p.plan_id, p.mean_ms FROM @extschema@.statement_plans p
                        WHERE p.fingerprint OPERATOR(pg_catalog.=) n.fingerprint
                          AND p.plan_id OPERATOR(pg_catalog.<>) n.plan_id
                          AND p.first_seen OPERATOR(pg_catalog.<) n.first_seen
                        ORDER BY p.last_seen DESC LIMIT 1) o
          WHERE n.fingerprint OPERATOR(pg_catalog.=) r.fingerprint
            AND n.first_seen OPERATOR(pg_catalog.>=) (r.started_at OPERATOR(pg_catalog.-) regressions.recent)
          ORDER BY n.first_seen DESC LIMIT 1)
  FROM @extschema@.regressions_internal(regressions.recent, regressions.baseline, regressions.min_ratio,
                                        regressions.min_calls, regressions.min_extra_ms_per_hour) r
  ORDER BY r.extra_ms_per_hour DESC, r.fingerprint
$$;
COMMENT ON FUNCTION regressions(interval, interval, float8, int8, float8) IS
  'statements whose mean or p95 in the recent window is at least min_ratio times the baseline window''s before it, with when it started, the wait class that rose with it and the plan that replaced another; most extra time per hour first';
