-- insights.report(): every section, as jsonb; report_text() the same as lines.
SELECT insights.reset() AS start_clean;
SELECT array_agg(k ORDER BY k) AS sections FROM jsonb_object_keys(insights.report()) k;
SELECT array_agg(k ORDER BY k) AS server_facts FROM jsonb_object_keys(insights.report() -> 'server') k;
SELECT jsonb_typeof(r -> 'slow_queries') AS slow_queries, jsonb_typeof(r -> 'index_advice') AS index_advice,
       jsonb_typeof(r -> 'pool_advice') AS pool_advice, jsonb_typeof(r -> 'maintenance') AS maintenance,
       (r #>> '{server,settings,insights.slow_threshold_ms}') AS slow_threshold
FROM insights.report() r;
-- a slow statement shows up in both forms
SET insights.slow_threshold_ms = 10;
SELECT pg_sleep(0.02) AS report_sleep;
SELECT count(*) AS slow_in_json FROM jsonb_array_elements(insights.report() -> 'slow_queries') e
WHERE e ->> 'query' LIKE '%report_sleep%';
SELECT count(*) AS headings FROM insights.report_text() line WHERE line LIKE '== %';
SELECT count(*) >= 1 AS slow_in_text FROM insights.report_text() line WHERE line LIKE '%report_sleep%';
SELECT line FROM insights.report_text() line LIMIT 1 \gset
SELECT :'line' LIKE 'pg_insights report, %' AS first_line;
-- the slow call's plan and a failing statement, in both forms
SELECT 1 / 0 AS report_fail;
SELECT e ->> 'sqlstate' AS sqlstate, e ->> 'errors' AS errors, e ->> 'message' AS message
FROM jsonb_array_elements(insights.report() -> 'errors') e
WHERE e ->> 'fingerprint' = insights.fingerprint('SELECT 1 / 0 AS report_fail');
SELECT e ->> 'calls' AS plan_calls, e ->> 'plans_known' AS plans_known, split_part(e ->> 'plan', ' ', 1) AS plan_top
FROM jsonb_array_elements(insights.report() -> 'plans') e
WHERE e ->> 'fingerprint' = insights.fingerprint('SELECT pg_sleep(0.02) AS report_sleep');
SELECT count(*) FILTER (WHERE line LIKE '%1 errors, SQLSTATE 22012, last % division by zero') AS error_lines,
       count(*) FILTER (WHERE line LIKE '% (1 known) since %: 1 calls kept, mean % ms: Result %') AS plan_lines
FROM insights.report_text() line;
RESET insights.slow_threshold_ms;
-- a failing section reports its error instead of failing the report
CREATE ROLE report_reader;
REVOKE EXECUTE ON FUNCTION insights.pool_advice(int, int, interval) FROM PUBLIC;
SET ROLE report_reader;
SELECT r #>> '{pool_advice,error}' AS section_error, jsonb_typeof(r -> 'slow_queries') AS other_sections
FROM insights.report() r;
RESET ROLE;
GRANT EXECUTE ON FUNCTION insights.pool_advice(int, int, interval) TO PUBLIC;
DROP ROLE report_reader;
