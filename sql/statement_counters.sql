-- pg_stat_statements' columns (blocks, I/O time, WAL, planning, JIT,
-- stats_since, minmax reset), with their values asserted.
CREATE TABLE counted (id int PRIMARY KEY, v text);
SELECT insights.reset();

-- a write: WAL records and bytes, dirtied blocks
INSERT INTO counted SELECT g, 'v' || g FROM generate_series(1, 500) g;
SELECT calls, rows, wal_records >= 500 AS wal_per_row, wal_bytes > 0 AS wal_bytes, wal_fpi >= 0 AS fpi,
       shared_blks_dirtied > 0 AS dirtied, plans
FROM insights.statements WHERE query LIKE 'INSERT INTO counted%';

-- a statement that reads nothing writes no WAL and touches no block
SELECT 1 AS one;
SELECT wal_records, wal_bytes, shared_blks_hit + shared_blks_read + local_blks_hit AS blocks
FROM insights.statements WHERE query = 'SELECT $1 AS one';

-- a sort that spills: temporary blocks written and read back
SET work_mem = '64kB';
SELECT count(*) FROM (SELECT g FROM generate_series(1, 20000) g ORDER BY g DESC) s;
RESET work_mem;
SELECT temp_blks_written > 0 AS temp_written, temp_blks_read > 0 AS temp_read
FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM (SELECT g FROM generate_series%';

-- a temporary table: local blocks
CREATE TEMP TABLE scratch (g int);
INSERT INTO scratch SELECT generate_series(1, 2000);
SELECT count(*) FROM scratch;
SELECT local_blks_dirtied > 0 AS local_dirtied, local_blks_written >= 0 AS local_written
FROM insights.statements WHERE query LIKE 'INSERT INTO scratch%';
SELECT local_blks_hit + local_blks_read > 0 AS local_read, shared_blks_dirtied
FROM insights.statements WHERE query = 'SELECT count(*) FROM scratch';

-- I/O times: the shared/local split only where the server makes it (17+);
-- blk_read_time (1.10's name) everywhere; all zero without track_io_timing
SELECT bool_and((shared_blk_read_time IS NULL) = (current_setting('server_version_num')::int < 170000)
                AND (local_blk_write_time IS NULL) = (current_setting('server_version_num')::int < 170000)
                AND (jit_deform_count IS NULL) = (current_setting('server_version_num')::int < 170000)) AS as_the_server,
       bool_and(blk_read_time = 0 AND blk_write_time = 0 AND temp_blk_read_time = 0) AS no_timing
FROM insights.statements;

-- with track_io_timing, a spilling sort's temporary I/O is timed
SET track_io_timing = on;
SET work_mem = '64kB';
SELECT count(*) FROM (SELECT g FROM generate_series(1, 20000) g ORDER BY g) s;
RESET work_mem;
RESET track_io_timing;
SELECT temp_blk_write_time > 0 AS temp_write_timed, temp_blk_read_time > 0 AS temp_read_timed
FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM (SELECT g FROM generate_series($1, $2) g ORDER BY g) s';

-- planning: counted only with insights.track_planning (off by default)
SHOW insights.track_planning;
SELECT v FROM counted WHERE id = 5;
SET insights.track_planning = on;
SELECT v FROM counted WHERE id = 6;
SELECT v FROM counted WHERE id = 7;
SET insights.track_planning = off;
SELECT v FROM counted WHERE id = 8;
SELECT calls, plans, total_plan_time > 0 AS planned, min_plan_time <= max_plan_time AS ordered,
       mean_plan_time * plans BETWEEN total_plan_time * 0.999 AND total_plan_time * 1.001 AS mean_consistent
FROM insights.statements WHERE query = 'SELECT v FROM counted WHERE id = $1';

-- a generic plan is planned once: fewer plans than calls
SET insights.track_planning = on;
SET plan_cache_mode = force_generic_plan;
PREPARE by_v(text) AS SELECT id FROM counted WHERE v = $1;
EXECUTE by_v('v1');
EXECUTE by_v('v2');
EXECUTE by_v('v3');
DEALLOCATE by_v;
RESET plan_cache_mode;
SET insights.track_planning = off;
SELECT calls, plans FROM insights.statements WHERE query = 'PREPARE by_v(text) AS SELECT id FROM counted WHERE v = $1';

-- JIT: not compiled here (jit_above_cost is far above these statements)
SELECT bool_and(jit_functions = 0 AND jit_generation_time = 0 AND jit_emission_count = 0) AS no_jit
FROM insights.statements;

-- CPU: zero while insights.track_cpu is off
SELECT bool_and(cpu_user_time = 0 AND cpu_system_time = 0) AS no_cpu FROM insights.statements;

-- CPU with insights.track_cpu: a statement that computes shows user time,
-- never more CPU than it could have used in its duration
SET insights.track_cpu = on;
SELECT count(*) FROM generate_series(1, 300000) g WHERE g % 7 = 3;
SET insights.track_cpu = off;
SELECT cpu_user_time > 0 AS user_cpu, cpu_system_time >= 0 AS system_cpu,
       cpu_user_time + cpu_system_time <= total_ms + 20 AS within_duration
FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM generate_series($1, $2) g WHERE%';

-- stats_since is the first call; minmax_stats_since too until a minmax reset
SELECT bool_and(stats_since = first_seen AND minmax_stats_since = stats_since) AS since_first_call
FROM insights.statements;

-- reset_minmax: min and max forgotten, calls and totals kept
SELECT v FROM counted WHERE id = 9;
CREATE TEMP TABLE before_reset AS
  SELECT calls, total_ms, plans, stats_since FROM insights.statements WHERE query = 'SELECT v FROM counted WHERE id = $1';
SELECT insights.reset_minmax(insights.fingerprint('SELECT v FROM counted WHERE id = 0')) >= now() AS reset_now;
SELECT s.calls = b.calls AS calls_kept, s.total_ms = b.total_ms AS total_kept, s.plans = b.plans AS plans_kept,
       s.min_ms, s.max_ms, s.min_plan_time, s.max_plan_time, s.p50_ms > 0 AS quantiles_kept,
       s.stats_since = b.stats_since AS since_kept, s.minmax_stats_since > s.stats_since AS minmax_since_moved
FROM insights.statements s, before_reset b WHERE s.query = 'SELECT v FROM counted WHERE id = $1';
-- other statements keep theirs
SELECT min_ms > 0 AS untouched FROM insights.statements WHERE query LIKE 'INSERT INTO counted%';
-- the next call sets both
SELECT v FROM counted WHERE id = 10;
SELECT s.calls = b.calls + 1 AS counted, s.min_ms > 0 AND s.min_ms = s.max_ms AS one_call_min_max
FROM insights.statements s, before_reset b WHERE s.query = 'SELECT v FROM counted WHERE id = $1';
-- all statements
SELECT insights.reset_minmax() >= now() AS reset_all;
SELECT bool_and(min_ms = 0 AND max_ms = 0) AS all_reset FROM insights.statements WHERE query NOT LIKE '%insights.%';
SELECT insights.reset_minmax('not-a-fingerprint');
-- for superusers (or granted), as reset()
CREATE ROLE counters_reader;
SET ROLE counters_reader;
SELECT insights.reset_minmax();
RESET ROLE;
DROP ROLE counters_reader;

-- shared memory per statement: the entry (counters, histogram, sketch, key,
-- text references) and its hash overhead
SELECT shmem_bytes_per_statement BETWEEN 1300 AND 1400 AS about_1350_bytes FROM insights.store_info();
DROP TABLE counted;
