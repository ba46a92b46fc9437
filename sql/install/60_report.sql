-- One report: everything above as one jsonb document, and as lines of text
-- for a person at a terminal.
--
-- Like every function of the extension, these pin search_path: index
-- advice re-plans each tracked statement with the search_path it ran with,
-- as the role that ran it, never with the caller's.

CREATE FUNCTION report() RETURNS jsonb
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  s constant text := quote_ident('@extschema@') || '.';
  section record;
  part jsonb;
  sections jsonb := '{}';
BEGIN
  -- Each section in a block of its own: one that fails (the library not
  -- preloaded, a statement's table dropped mid-run, a lock timeout) reports
  -- its error instead of failing the whole report.
  FOR section IN SELECT * FROM (VALUES
      ('store', 'SELECT i.stats_since AS statistics_since, i.evictions, (SELECT count(*) FROM ' || s
                || 'statements) AS statements_tracked FROM ' || s || 'store_info() i'),
      ('slow_queries', 'SELECT * FROM ' || s || 'slow_queries()'),
      ('regressions', 'SELECT * FROM ' || s || 'regressions()'),
      ('waits', 'SELECT * FROM ' || s || 'waiting_statements()'),
      -- The statements failing most, per SQLSTATE (every user and database).
      ('errors', 'SELECT e.fingerprint, e.sqlstate, sum(e.errors) AS errors, max(e.last_seen) AS last_seen,
                         (array_agg(e.message ORDER BY e.last_seen DESC) FILTER (WHERE e.message IS NOT NULL))[1] AS message
                  FROM ' || s || 'statement_errors e GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 20'),
      -- The statements' latest kept plans (slow calls', the census's), those whose plan changed first;
      -- the plan's text only to whom the view shows it.
      ('plans', 'SELECT p.fingerprint, p.plan_id, p.plans_known, p.first_seen, p.calls, p.mean_ms, p.p95_ms, p.plan
                 FROM (SELECT sp.fingerprint, sp.plan_id, sp.first_seen, sp.calls, sp.mean_ms, sp.p95_ms, sp.plan,
                              count(*) OVER w AS plans_known, row_number() OVER (w ORDER BY sp.last_seen DESC) AS n
                       FROM (SELECT fingerprint, plan_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                                    sum(calls) AS calls, sum(mean_ms * calls) / sum(calls) AS mean_ms,
                                    max(p95_ms) AS p95_ms, max(plan) AS plan
                             FROM ' || s || 'statement_plans GROUP BY 1, 2) sp
                       WINDOW w AS (PARTITION BY sp.fingerprint)) p
                 WHERE p.n = 1 ORDER BY p.plans_known > 1 DESC, p.mean_ms * p.calls DESC, p.fingerprint LIMIT 20'),
      ('index_advice', 'SELECT * FROM ' || s || 'index_advice()'),
      ('pool_advice', 'SELECT * FROM ' || s || 'pool_advice()'),
      ('n_plus_one', 'SELECT * FROM ' || s || 'n_plus_one'),
      ('unparameterized', 'SELECT * FROM ' || s || 'unparameterized'),
      ('index_health', 'SELECT * FROM ' || s || 'index_health()'),
      ('slo', 'SELECT * FROM ' || s || 'slo()'),
      ('maintenance', 'SELECT * FROM ' || s || 'maintenance()')) AS v(name, query)
  LOOP
    BEGIN
      EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(r)), ''[]''::jsonb) FROM (%s) r', section.query) INTO part;
    EXCEPTION WHEN OTHERS THEN
      part := jsonb_build_object('error', SQLERRM, 'sqlstate', SQLSTATE);
    END;
    sections := sections || jsonb_build_object(section.name, part);
  END LOOP;
  RETURN jsonb_build_object(
    'generated_at', now(),
    'server', jsonb_build_object(
      'version', version(),
      'server_version_num', current_setting('server_version_num')::int,
      'postmaster_start_time', pg_postmaster_start_time(),
      'statistics_since', sections #> '{store,0,statistics_since}',
      'statements_tracked', sections #> '{store,0,statements_tracked}',
      'evictions', sections #> '{store,0,evictions}',
      'settings', (SELECT jsonb_object_agg(name, setting || coalesce(unit, '') ORDER BY name)
                   FROM pg_settings
                   WHERE name LIKE 'insights.%'
                      OR name IN ('max_connections', 'shared_buffers', 'work_mem', 'compute_query_id',
                                  'statement_timeout', 'idle_in_transaction_session_timeout')))
      || CASE WHEN sections -> 'store' ? 'error'
              THEN jsonb_build_object('statistics_error', sections #> '{store,error}') ELSE '{}' END)
    || (sections - 'store');
END
$$;
COMMENT ON FUNCTION report() IS
  'slow queries, regressions, statements that mostly wait on locks or I/O, errors, slow plans, index advice, pool advice, N+1, unparameterized statements, index health, SLO, maintenance and server facts as one jsonb document';

-- The report as lines for a terminal: psql -At -c 'SELECT * FROM insights.report_text()'.
CREATE FUNCTION report_text() RETURNS SETOF text
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r jsonb := @extschema@.report();
  item jsonb;
  section text;
BEGIN
  RETURN NEXT format('pg_insights report, %s', to_char(now(), 'YYYY-MM-DD HH24:MI:SS TZ'));
  RETURN NEXT format('%s', r #>> '{server,version}');
  IF r #> '{server,statistics_error}' IS NOT NULL THEN
    RETURN NEXT 'statistics could not be read: ' || (r #>> '{server,statistics_error}');
  ELSE
    RETURN NEXT format('statistics since %s: %s statements tracked, %s evicted', r #>> '{server,statistics_since}',
                       r #>> '{server,statements_tracked}', r #>> '{server,evictions}');
  END IF;
  FOREACH section IN ARRAY ARRAY['slow_queries', 'regressions', 'waits', 'errors', 'plans', 'index_advice', 'pool_advice', 'n_plus_one', 'unparameterized',
                                 'index_health', 'slo', 'maintenance'] LOOP
    RETURN NEXT '';
    RETURN NEXT '== ' || replace(section, '_', ' ');
    IF jsonb_typeof(r -> section) = 'object' THEN
      RETURN NEXT '  (could not be computed: ' || (r -> section ->> 'error') || ')';
      CONTINUE;
    END IF;
    IF jsonb_array_length(r -> section) = 0 THEN
      RETURN NEXT '  nothing to report';
      CONTINUE;
    END IF;
    FOR item IN SELECT * FROM jsonb_array_elements(r -> section) LOOP
      RETURN NEXT '  ' || CASE section
        WHEN 'slow_queries' THEN format('%s  %s calls, %s ms total, p95 %s ms, %s slow: %s',
               item ->> 'fingerprint', item ->> 'calls', round((item ->> 'total_ms')::numeric),
               round((item ->> 'p95_ms')::numeric, 1), item ->> 'slow_calls', left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 100))
        WHEN 'regressions' THEN format('%s  mean %s -> %s ms, p95 %s -> %s ms since %s, +%s ms per hour%s: %s',
               item ->> 'fingerprint', round((item ->> 'baseline_mean_ms')::numeric, 2),
               round((item ->> 'recent_mean_ms')::numeric, 2), round((item ->> 'baseline_p95_ms')::numeric, 2),
               round((item ->> 'recent_p95_ms')::numeric, 2), item ->> 'started_at',
               round((item ->> 'extra_ms_per_hour')::numeric),
               coalesce('; ' || (item ->> 'wait_change'), '') || coalesce('; ' || (item ->> 'plan_change'), ''),
               left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 80))
        WHEN 'waits' THEN format('%s  %s: %s', item ->> 'fingerprint', item ->> 'rationale',
               left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 80))
        WHEN 'errors' THEN format('%s  %s errors, SQLSTATE %s, last %s: %s', coalesce(item ->> 'fingerprint', 'unparsed'),
               item ->> 'errors', item ->> 'sqlstate', item ->> 'last_seen', coalesce(item ->> 'message', '<insufficient privilege>'))
        WHEN 'plans' THEN format('%s  plan %s (%s known) since %s: %s calls kept, mean %s ms, p95 %s ms%s',
               item ->> 'fingerprint', item ->> 'plan_id', item ->> 'plans_known', item ->> 'first_seen', item ->> 'calls',
               round((item ->> 'mean_ms')::numeric, 2), round((item ->> 'p95_ms')::numeric, 2),
               coalesce(': ' || btrim(split_part(item ->> 'plan', E'\n', 1)), ''))
        WHEN 'index_advice' THEN format('%s  -- %s%% better: %s', item ->> 'index_ddl',
               round((item ->> 'est_improvement_pct')::numeric), item ->> 'rationale')
        WHEN 'pool_advice' THEN format('%s %s: %s (now %s) -- %s', item ->> 'target', item ->> 'setting',
               coalesce(item ->> 'recommended_value', 'no recommendation'), coalesce(item ->> 'current_value', '-'),
               left(item ->> 'rationale', 160))
        WHEN 'n_plus_one' THEN format('%s  %s', left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 80), item ->> 'rationale')
        WHEN 'unparameterized' THEN format('%s  %s', left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 80), item ->> 'rationale')
        WHEN 'index_health' THEN format('%s: %s  -- %s', item ->> 'problem', item ->> 'drop_ddl', item ->> 'reason')
        WHEN 'slo' THEN format('%s  %s', left(regexp_replace(item ->> 'query', '\s+', ' ', 'g'), 80), item ->> 'rationale')
        WHEN 'maintenance' THEN format('%s  -- %s', item ->> 'action', item ->> 'details')
      END;
    END LOOP;
  END LOOP;
END
$$;
COMMENT ON FUNCTION report_text() IS 'insights.report() as lines of text for a terminal';
