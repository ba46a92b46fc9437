-- insights.report_html(), its renderer and the latency buckets behind its
-- charts (the page itself is checked in a browser by
-- test/integration/report_html_browser.sh).
SELECT insights.reset() AS start_clean;
SET insights.slow_threshold_ms = 10;
CREATE TABLE "</script><img src=x onerror=alert(1)>" (id int);
SELECT count(*) FROM "</script><img src=x onerror=alert(1)>";
SELECT pg_sleep(0.001) AS html_sleep;
SELECT pg_sleep(0.02) AS html_sleep;
-- every call of every statement is in exactly one bucket, bounds in order
SELECT count(*) AS statements_whose_buckets_miss_calls
FROM insights.statements s
WHERE s.calls <> (SELECT coalesce(sum(b.calls), 0) FROM insights.statement_latency_buckets() b
                  WHERE (b.fingerprint, b.userid, b.dbid, b.toplevel) = (s.fingerprint, s.userid, s.dbid, s.toplevel));
SELECT count(*) AS bad_bounds FROM insights.statement_latency_buckets() WHERE NOT (lower_ms < upper_ms) OR calls < 1;
SELECT count(*) AS sleep_buckets, sum(b.calls) AS sleep_calls,
       bool_or(b.lower_ms >= 16 AND b.upper_ms <= 64) AS a_bucket_within_16_64ms
FROM insights.statement_latency_buckets() b JOIN insights.statements s USING (fingerprint, userid, dbid, toplevel)
WHERE s.query LIKE '%html_sleep%';
-- the page: escaped names, the sections, one chart per statement at most
SELECT insights.report_html() AS page \gset
SELECT :'page' LIKE '<!DOCTYPE html>%' AS doctype, :'page' LIKE '%</html>' || chr(10) AS complete,
       strpos(:'page', '<img') = 0 AS no_img_element,
       strpos(:'page', '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;') > 0 AS name_as_text,
       (length(:'page') - length(replace(:'page', '</script>', ''))) / length('</script>') AS closing_script_tags,
       strpos(:'page', 'html_sleep') > 0 AS statement_listed,
       strpos(:'page', 'history could not be read') = 0 AS history_read;
SET insights.top_statements = 1;
SELECT (length(p) - length(replace(p, 'data-kind="histogram"', ''))) / length('data-kind="histogram"') AS charts
FROM insights.report_html() p;
RESET insights.top_statements;
RESET insights.slow_threshold_ms;
-- the renderer: any jsonb object, never a crash; anything else, an error
SELECT length(insights.render_report_html('{}')) > 1000 AS empty_document_renders;
SELECT strpos(insights.render_report_html('{"statements": [1, "x", null, {"charted": true, "key": "<k>"}],
          "buckets": 7, "history": [{}], "index_advice": {"error": "<e>"}, "slo": [[1]]}'), '<k>') = 0
       AS odd_document_renders_escaped;
SELECT insights.render_report_html('[1, 2]');
SELECT insights.render_report_html('"text"');
SET insights.top_statements = 0;
DROP TABLE "</script><img src=x onerror=alert(1)>";

-- Hostile documents (render_report_html() takes any jsonb object: a user
-- may hand it one). Names with quotes, markup and newlines come out as
-- text; one <script> element, the page's own.
SELECT insights.render_report_html(jsonb_build_object(
         'server', jsonb_build_object('version', E'15\n<script>alert(1)</script>',
                                      'settings', jsonb_build_object('a"><script>x</script>', '''; DROP', E'n\nl', '<b>')),
         'statements', jsonb_build_array(jsonb_build_object(
           'charted', true, 'key', '"><script>alert(2)</script>', 'fingerprint', '</script><script>alert(3)',
           'datname', 'd"b''', 'rolname', E'r\n<img src=x>', 'query', E'SELECT ''</pre><script>alert(4)</script>''\n--')),
         'buckets', jsonb_build_array(jsonb_build_object('key', '"><script>alert(2)</script>', 'lower_ms', 1,
                                                         'upper_ms', 2, 'calls', 3)),
         'regressions', jsonb_build_array(jsonb_build_object('<th>', '<td>', 'query', '</pre><script>alert(5)')),
         'index_advice', jsonb_build_object('error', '<e>', 'sqlstate', '"'))) AS page \gset
SELECT (length(:'page') - length(replace(:'page', '<script', ''))) / length('<script') AS script_elements,
       strpos(:'page', '<img') = 0 AS no_img_element, strpos(:'page', '<th><th>') = 0 AS no_th_from_a_key,
       strpos(:'page', '&lt;/script&gt;&lt;script&gt;alert(3)') > 0 AS fingerprint_as_text,
       strpos(:'page', 'id="s-&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"') > 0 AS key_escaped_in_attribute,
       strpos(:'page', 'r' || chr(10) || '&lt;img src=x&gt;') > 0 AS newline_kept_as_text,
       (length(:'page') - length(replace(:'page', 'class="bar"', ''))) / length('class="bar"') AS bars;
-- Odd types: numbers, objects and arrays where texts are expected and the
-- other way round; NaN and Infinity (jsonb holds them as strings) and
-- numbers beyond float8 are no numbers: a dash, never "nan" or "inf".
SELECT insights.render_report_html(jsonb_build_object(
         'generated_at', 12345, 'server', jsonb_build_array(1, 2),
         'statements', jsonb_build_array(jsonb_build_object(
           'charted', 'true', 'key', 1.5, 'fingerprint', jsonb_build_object('a', 1), 'datname', true,
           'rolname', jsonb_build_array('x'), 'query', 42, 'calls', 'many', 'total_ms', 'NaN',
           'mean_ms', 'Infinity', 'p95_ms', '-Infinity', 'rows', '1e999'::jsonb, 'slow_calls', -3)),
         'buckets', jsonb_build_array(jsonb_build_object('key', 1.5, 'lower_ms', 'NaN', 'upper_ms', 'Infinity',
                                                         'calls', '1e400'::jsonb),
                                      jsonb_build_object('key', 1.5, 'lower_ms', -5, 'upper_ms', 1e300, 'calls', -1)),
         'history', jsonb_build_array(jsonb_build_object('fingerprint', jsonb_build_object('a', 1), 'epoch', 'NaN',
                                                         'calls', 1e300, 'p95_ms', -1e300, 'bucket_start', null)),
         'regressions', jsonb_build_array(1, 'x', null, jsonb_build_array(1)),
         'waits', 'not rows', 'errors', 7, 'plans', null, 'pool_advice', jsonb_build_object()))
       AS page \gset
SELECT length(:'page') > 1000 AS renders, :'page' LIKE '%</html>' || chr(10) AS complete,
       :'page' !~* '"(-?nan|-?inf)' AS no_nan_or_inf_in_attributes,
       strpos(:'page', '<td class="n" data-v="-3">-3</td>') > 0 AS negative_count_shown,
       (length(:'page') - length(replace(:'page', '<td class="n" data-v="0">–</td>', '')))
         / length('<td class="n" data-v="0">–</td>') AS dashes_for_non_numbers;
-- JSON nulls anywhere; a NULL document is no document (STRICT).
SELECT length(insights.render_report_html('{"statements": [null, {"charted": null, "key": null}], "buckets": [null],
          "history": [null], "server": null, "slo": [null, {"a": null}]}')) > 1000 AS nulls_render;
SELECT insights.render_report_html(NULL) IS NULL AS null_document_null_page;
-- Huge arrays: every statement listed (report_html() lists a few hundred
-- at most), a section's rows cut at 100 with a note.
SELECT insights.render_report_html(jsonb_build_object(
         'statements', (SELECT jsonb_agg(jsonb_build_object('fingerprint', 'fp' || g, 'calls', g))
                        FROM generate_series(1, 10000) g),
         'regressions', (SELECT jsonb_agg(jsonb_build_object('query', repeat('q', 5000) || g))
                         FROM generate_series(1, 1000) g)))
       AS page \gset
SELECT strpos(:'page', '>fp10000<') > 0 AS last_statement_listed,
       strpos(:'page', '900 more rows not shown') > 0 AS rows_cut_with_a_note,
       strpos(:'page', repeat('q', 2001)) = 0 AS long_cells_cut;
-- Wide rows: a section shows the first row's columns, at most 64.
SELECT insights.render_report_html(jsonb_build_object('slo',
         (SELECT jsonb_agg(r) FROM (SELECT jsonb_object_agg('c' || c, c) AS r
                                    FROM generate_series(1, 20) g, generate_series(1, 1000) c GROUP BY g) rows)))
       AS page \gset
SELECT (length(:'page') - length(replace(:'page', '<th>', ''))) / length('<th>') AS slo_columns;
-- Deep nesting: 64 levels render; deeper is a clear error, however deep.
SELECT length(insights.render_report_html(('{"slo": ' || repeat('[', 63) || repeat(']', 63) || '}')::jsonb)) > 1000
       AS depth_64_renders;
SELECT insights.render_report_html(('{"slo": ' || repeat('[', 64) || repeat(']', 64) || '}')::jsonb);
SELECT insights.render_report_html(('{"a": ' || repeat('{"a": [', 5000) || repeat(']}', 5000) || '}')::jsonb);
