-- One meaning per column name: every view and row type of the extension that
-- has a column of one of these names gets this comment, so the same name
-- never means two things (a regression test checks that every column of
-- every view and row type has a comment).
DO $$
DECLARE
  meaning record;
  col record;
BEGIN
  FOR meaning IN SELECT * FROM (VALUES
    ('fingerprint', 'libpg_query fingerprint of the statement (16 hex digits), the same on every server; the server''s query id when parse_error'),
    ('userid', 'the role that ran the statement'),
    ('dbid', 'the database it ran in'),
    ('toplevel', 'true for a statement sent by a client, false for one run inside a function'),
    ('query', 'normalized text (constants as $1, $2 …); <insufficient privilege> for another role''s statement unless the reader has pg_read_all_stats'),
    ('calls', 'executions counted, those cancelled included'),
    ('rows', 'rows returned or affected, over all calls'),
    ('total_ms', 'time spent executing, over all calls'),
    ('min_ms', 'fastest call'),
    ('max_ms', 'slowest call'),
    ('mean_ms', 'mean time per call'),
    ('stddev_ms', 'population standard deviation of the time per call'),
    ('p50_ms', 'median time per call, from the histogram (within one bucket, ≤ 12.5%)'),
    ('p95_ms', '95th percentile of the time per call, from the histogram'),
    ('p99_ms', '99th percentile of the time per call, from the histogram'),
    ('slow_calls', 'calls that took at least insights.slow_threshold_ms when they ran'),
    ('shared_blks_hit', 'shared buffer hits'),
    ('shared_blks_read', 'shared blocks read from the OS'),
    ('temp_blks_written', 'temporary blocks written (sorts and hashes that spilled)'),
    ('first_seen', 'when it was first seen since the last reset'),
    ('last_seen', 'when it was last seen'),
    ('max_repeats', 'most runs within one transaction'),
    ('mean_repeats', 'mean runs per transaction, among transactions that repeated it (N+1)'),
    ('rationale', 'why, with the measured figures and their sources'),
    ('schema_name', 'the table''s schema (unquoted)'),
    ('table_name', 'the table (unquoted, without its schema)'),
    ('index_name', 'the index (unquoted)'),
    ('problem', 'what is wrong, as a short keyword'),
    ('max_connections', 'most client connections seen at once'),
    ('max_active', 'most active client connections seen at once'),
    ('samples', 'activity samples taken'),
    ('cancelled', 'calls cancelled by statement_timeout, lock_timeout or a cancel request (pg_cancel_backend, Ctrl-C); counted in calls, total_ms and the latency figures with the time they ran'),
    ('cancelled_ms', 'time spent in the cancelled calls (part of total_ms)'),
    ('plans', 'plannings, counted with the execution that followed them, while insights.track_planning was on (off by default, as pg_stat_statements.track_planning)'),
    ('total_plan_time', 'ms spent planning, over all plannings counted'),
    ('min_plan_time', 'fastest planning (0 after insights.reset_minmax() until the next)'),
    ('max_plan_time', 'slowest planning (0 after insights.reset_minmax() until the next)'),
    ('mean_plan_time', 'mean ms per planning'),
    ('stddev_plan_time', 'population standard deviation of the ms per planning'),
    ('shared_blks_dirtied', 'shared blocks dirtied'),
    ('shared_blks_written', 'shared blocks written by the statement itself'),
    ('local_blks_hit', 'local (temporary table) buffer hits'),
    ('local_blks_read', 'local (temporary table) blocks read'),
    ('local_blks_dirtied', 'local (temporary table) blocks dirtied'),
    ('local_blks_written', 'local (temporary table) blocks written'),
    ('temp_blks_read', 'temporary blocks read (sorts and hashes that spilled)'),
    ('blk_read_time', 'ms reading blocks, shared and local together (pg_stat_statements 1.10''s name), under track_io_timing'),
    ('blk_write_time', 'ms writing blocks, shared and local together (pg_stat_statements 1.10''s name), under track_io_timing'),
    ('shared_blk_read_time', 'ms reading shared blocks, under track_io_timing; NULL before PostgreSQL 17, whose server does not split shared and local (see blk_read_time)'),
    ('shared_blk_write_time', 'ms writing shared blocks, under track_io_timing; NULL before PostgreSQL 17 (see blk_write_time)'),
    ('local_blk_read_time', 'ms reading local blocks, under track_io_timing; NULL before PostgreSQL 17 (see blk_read_time)'),
    ('local_blk_write_time', 'ms writing local blocks, under track_io_timing; NULL before PostgreSQL 17 (see blk_write_time)'),
    ('temp_blk_read_time', 'ms reading temporary blocks, under track_io_timing'),
    ('temp_blk_write_time', 'ms writing temporary blocks, under track_io_timing'),
    ('wal_records', 'WAL records generated'),
    ('wal_fpi', 'WAL full page images generated'),
    ('wal_bytes', 'bytes of WAL generated'),
    ('jit_functions', 'functions JIT-compiled'),
    ('jit_generation_time', 'ms generating JIT code'),
    ('jit_inlining_count', 'calls whose JIT inlined functions'),
    ('jit_inlining_time', 'ms inlining functions for JIT'),
    ('jit_optimization_count', 'calls whose JIT code was optimized'),
    ('jit_optimization_time', 'ms optimizing JIT code'),
    ('jit_emission_count', 'calls whose JIT code was emitted'),
    ('jit_emission_time', 'ms emitting JIT code'),
    ('jit_deform_count', 'calls whose tuple deforming was JIT-compiled; NULL before PostgreSQL 17'),
    ('jit_deform_time', 'ms JIT-compiling tuple deforming; NULL before PostgreSQL 17'),
    ('cpu_user_time', 'ms of user CPU time spent executing (getrusage), while insights.track_cpu was on'),
    ('cpu_system_time', 'ms of system CPU time spent executing (getrusage), while insights.track_cpu was on'),
    ('stats_since', 'since when the entry counts (its first call after the last reset)'),
    ('minmax_stats_since', 'since when the minimum and maximum times count (insights.reset_minmax(), else stats_since)'),
    ('literal_texts', 'estimated distinct texts among calls with literal constants (a 256-bit sketch: exact-ish below ~200, saturates near 1,400); 0 when always parameterized')
  ) AS m(name, comment) LOOP
    FOR col IN
      SELECT c.oid::pg_catalog.regclass AS rel
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid
      WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
        AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['v', 'c']::"char"[])
        AND a.attname OPERATOR(pg_catalog.=) meaning.name::pg_catalog.name AND NOT a.attisdropped
    LOOP
      EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', col.rel, meaning.name, meaning.comment);
    END LOOP;
  END LOOP;
END
$$;
