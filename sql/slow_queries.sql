-- slow_calls and insights.slow_queries()
SET insights.slow_threshold_ms = 50;
SELECT insights.reset();
SELECT pg_sleep(0.06);
SELECT pg_sleep(0.07);
SELECT pg_sleep(0.001);
SELECT 'fast' AS never_slow;

SELECT query, calls, slow_calls, max_ms >= 60 AS max_ok, p99_ms >= 60 AS p99_ok
FROM insights.slow_queries();
SELECT query, calls FROM insights.slow_queries(min_ms => 0, n => 100)
WHERE query LIKE '%never_slow%';
SELECT count(*) FROM insights.slow_queries(min_ms => 1e9);
SELECT count(*) FROM insights.slow_queries(n => 1);

-- bad arguments
SELECT * FROM insights.slow_queries(n => 0);
SELECT * FROM insights.slow_queries(min_ms => -1);

RESET insights.slow_threshold_ms;
