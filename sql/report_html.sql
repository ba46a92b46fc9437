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
