-- The HTML report (insights.report_html()) and the latency buckets behind
-- its charts and the Prometheus histograms (contrib/prometheus).
--
--   psql -XAtc 'SELECT insights.report_html()' > report.html

CREATE FUNCTION statement_latency_buckets(
    OUT fingerprint text, OUT userid oid, OUT dbid oid, OUT toplevel bool,
    OUT lower_ms float8, OUT upper_ms float8, OUT calls int8)
  RETURNS SETOF record
  AS 'MODULE_PATHNAME', 'insights_statement_latency_buckets'
  LANGUAGE C STRICT VOLATILE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION statement_latency_buckets() IS
  'the non-empty buckets of each statement''s latency histogram: calls with a time in [lower_ms, upper_ms)';

-- Renders the document report_html() gathers; the rendering is pure C++
-- (src/core/report), every text from the document HTML-escaped.
CREATE FUNCTION render_report_html(document jsonb) RETURNS text
  AS 'MODULE_PATHNAME', 'insights_render_report_html'
  LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE
  SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION render_report_html(jsonb) IS
  'the HTML page of a report document (insights.report_html() builds the document)';

-- The page gathers everything as the calling user, from the same views and
-- functions as insights.report(): it shows what the caller may see.
CREATE FUNCTION report_html() RETURNS text
  LANGUAGE plpgsql VOLATILE
  SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  -- statements listed per sort key (total time, calls, p95, slow calls)
  listed constant int := 50;
  -- statements charted: the top by total time
  charted constant int := coalesce(nullif(current_setting('insights.top_statements', true), '')::int, 20);
  history_since constant timestamptz := now() - interval '7 days';
  doc jsonb := @extschema@.report() - 'slow_queries';
  statements jsonb;
  buckets jsonb;
  history jsonb;
  note text;
BEGIN
  -- No temporary table: the report also runs on a hot standby.
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'key', r.key, 'fingerprint', (r.s).fingerprint, 'datname', coalesce(d.datname::text, (r.s).dbid::text),
           'rolname', coalesce(a.rolname::text, (r.s).userid::text), 'toplevel', (r.s).toplevel,
           'query', (r.s).query, 'calls', (r.s).calls, 'rows', (r.s).rows, 'total_ms', (r.s).total_ms,
           'mean_ms', (r.s).mean_ms, 'p95_ms', (r.s).p95_ms, 'slow_calls', (r.s).slow_calls,
           'charted', r.by_total <= charted) ORDER BY r.by_total), '[]')
  INTO statements
  FROM (SELECT s, concat_ws('-', s.fingerprint, s.userid, s.dbid, CASE WHEN s.toplevel THEN 't' ELSE 'f' END) AS key,
               row_number() OVER (ORDER BY s.total_ms DESC, s.fingerprint, s.userid, s.dbid, s.toplevel) AS by_total,
               row_number() OVER (ORDER BY s.calls DESC, s.fingerprint, s.userid, s.dbid, s.toplevel) AS by_calls,
               row_number() OVER (ORDER BY s.p95_ms DESC, s.fingerprint, s.userid, s.dbid, s.toplevel) AS by_p95,
               row_number() OVER (ORDER BY s.slow_calls DESC, s.fingerprint, s.userid, s.dbid, s.toplevel) AS by_slow
        FROM @extschema@.statements s) r
  LEFT JOIN pg_catalog.pg_database d ON d.oid = (r.s).dbid
  LEFT JOIN pg_catalog.pg_roles a ON a.oid = (r.s).userid
  WHERE r.by_total <= listed OR r.by_calls <= listed OR r.by_p95 <= listed
     OR (r.by_slow <= listed AND (r.s).slow_calls > 0);

  SELECT coalesce(jsonb_agg(jsonb_build_object('key', t ->> 'key', 'lower_ms', b.lower_ms,
           'upper_ms', CASE WHEN b.upper_ms = 'Infinity' THEN NULL ELSE b.upper_ms END, 'calls', b.calls)
           ORDER BY t ->> 'key', b.lower_ms), '[]')
  INTO buckets
  FROM jsonb_array_elements(statements) t
  JOIN @extschema@.statement_latency_buckets() b
    ON concat_ws('-', b.fingerprint, b.userid, b.dbid, CASE WHEN b.toplevel THEN 't' ELSE 'f' END) = t ->> 'key'
  WHERE (t ->> 'charted')::bool;

  -- Calls and p95 over time (the page still works when the history cannot
  -- be read: it says why).
  BEGIN
    SELECT coalesce(jsonb_agg(jsonb_build_object('fingerprint', h.fingerprint, 'bucket_start', h.bucket_start,
             'epoch', extract(epoch FROM h.bucket_start), 'calls', h.calls, 'p95_ms', h.p95_ms)
             ORDER BY h.fingerprint, h.bucket_start), '[]')
    INTO history
    FROM (SELECT DISTINCT e ->> 'fingerprint' AS fingerprint
          FROM jsonb_array_elements(statements) e WHERE (e ->> 'charted')::bool) t,
         LATERAL @extschema@.statement_history(t.fingerprint, history_since) h;
  EXCEPTION WHEN OTHERS THEN
    history := NULL;
    note := 'The history could not be read: ' || SQLERRM;
  END;

  RETURN @extschema@.render_report_html(doc || jsonb_build_object(
    'statements', statements, 'buckets', buckets, 'history', history, 'history_note', note));
END
$$;
COMMENT ON FUNCTION report_html() IS
  'the report as one self-contained HTML page (psql -XAtc ''SELECT insights.report_html()'' > report.html)';
