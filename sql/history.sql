-- The statement history, the wait profile and regressions: their SQL
-- surface and argument checks (the buckets themselves are timed: see
-- test/integration/history_regressions.sh and statement_waits.sh).
SELECT name, setting, unit, context FROM pg_settings
WHERE name IN ('insights.history_interval', 'insights.history_max_rows') ORDER BY name;

-- store_info() reports the history's bounds and its shared memory.
SELECT history_max_rows, history_rows <= history_max_rows AS within_bound, wait_entries >= 0 AS has_waits,
       history_shmem_bytes > history_max_rows * 200 AS sized_per_row,
       history_shmem_bytes < 50 * 1024 * 1024 AS under_50_mib
FROM insights.store_info();

-- The columns another helper's report reads, by name.
SELECT fingerprint, bucket_start, calls, total_ms, mean_ms, p95_ms, rows, slow_calls, shared_blks_hit, shared_blks_read
FROM insights.statement_history(insights.fingerprint('SELECT 1'), now() - interval '1 hour') LIMIT 0;
SELECT fingerprint, bucket_start, calls, total_ms, mean_ms, p95_ms, rows, slow_calls, shared_blks_hit, shared_blks_read
FROM insights.history LIMIT 0;
SELECT fingerprint, wait_event_type, wait_event, samples, share FROM insights.statement_waits LIMIT 0;
SELECT fingerprint, query, started_at, baseline_calls, recent_calls, baseline_mean_ms, recent_mean_ms,
       baseline_p95_ms, recent_p95_ms, extra_ms_per_hour, wait_change, plan_change
FROM insights.regressions() LIMIT 0;

-- A statement never run has no history; the default window is a day.
SELECT count(*) FROM insights.statement_history('0123456789abcdef');
SELECT count(*) FROM insights.statement_history(NULL);

-- Arguments are checked.
SELECT * FROM insights.statement_history('not a fingerprint');
SELECT * FROM insights.statement_history('''); SELECT 1; --');
SELECT * FROM insights.regressions(recent => interval '-1 hour');
SELECT * FROM insights.regressions(baseline => interval '0');
SELECT * FROM insights.regressions(min_ratio => 1);
SELECT * FROM insights.regressions(min_ratio => 'NaN');
SELECT * FROM insights.regressions(min_calls => 0);
SELECT * FROM insights.regressions(min_extra_ms_per_hour => -1);
SELECT count(*) FROM insights.regressions(NULL);

-- reset() forgets the history and the wait profile with the statements.
SELECT insights.reset();
SELECT count(*) AS wait_rows FROM insights.statement_waits;
