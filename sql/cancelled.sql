-- Statements that never finish: cancelled by statement_timeout (and, in
-- test/integration/cancelled_statements.sh, by pg_cancel_backend and
-- lock_timeout) they are counted with the time they ran, and keep a sample
-- that index advice uses.
CREATE TABLE shipments (id int PRIMARY KEY, carrier_id int NOT NULL, weight int, label text);
INSERT INTO shipments SELECT g, 1 + g % 20000, g % 90, repeat('x', 80) FROM generate_series(1, 100000) g;
ANALYZE shipments;
SET insights.slow_threshold_ms = 20;
SELECT insights.reset();

-- one matching row, then a 300 ms sleep: always cancelled at 50 ms. The
-- time counted is the executor's, as for every call (the timeout also
-- counts parsing and planning, and the machine may be busy): at least 25 ms.
SET statement_timeout = '50ms';
SELECT count(*) FROM shipments WHERE carrier_id = 42 AND pg_sleep(0.3) IS NOT NULL;
RESET statement_timeout;
SELECT calls, cancelled, rows, slow_calls, cancelled_ms >= 25 AS ran_until_cancelled, cancelled_ms = total_ms AS all_cancelled,
       max_ms < 300 AS stopped_early
FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM shipments%';

-- it finishes once: still one statement, now one call of two cancelled
-- (pg_sleep(0): the planner tests it before the equality, on every row)
SELECT count(*) FROM shipments WHERE carrier_id = 43 AND pg_sleep(0) IS NOT NULL;
SELECT calls, cancelled, rows, total_ms > cancelled_ms AS finished_call_counted
FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM shipments%';

-- the timed-out statement gets its index (its sample was kept)
SELECT index_ddl, s.fingerprint = ANY (a.fingerprints) AS for_it
FROM insights.index_advice() a, insights.statements s
WHERE a.table_name = 'shipments' AND s.query LIKE 'SELECT count(*) FROM shipments%';

-- in a transaction block: counted once, though the transaction rolls back
SELECT insights.reset();
BEGIN;
SELECT count(*) FROM shipments WHERE weight = 7;
SET LOCAL statement_timeout = '50ms';
SELECT count(*) FROM shipments WHERE carrier_id = 44 AND pg_sleep(0.3) IS NOT NULL;
ROLLBACK;
SELECT query, calls, cancelled, cancelled_ms >= 25 AS ran_until_cancelled FROM insights.statements
WHERE query LIKE '%FROM shipments%' ORDER BY query;

-- inside a function: the statement in it (track = all) and the call
CREATE FUNCTION heavy_carrier(p_carrier int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM shipments WHERE carrier_id = p_carrier AND pg_sleep(0.3) IS NOT NULL;
  RETURN n;
END $$;
SELECT insights.reset();
SET insights.track = 'all';
SET statement_timeout = '50ms';
SELECT heavy_carrier(45);
RESET statement_timeout;
SET insights.track = 'top';
SELECT toplevel, calls, cancelled, cancelled_ms >= 25 AS ran_until_cancelled FROM insights.statements
WHERE query LIKE '%shipments%' OR query LIKE '%heavy_carrier%' ORDER BY toplevel;
-- advice for the statement inside the function, with its variable as a parameter
SELECT index_ddl, s.fingerprint = ANY (a.fingerprints) AS for_it
FROM insights.index_advice() a, insights.statements s
WHERE a.table_name = 'shipments' AND s.query LIKE '%shipments%' AND NOT s.toplevel;

-- a cancellation that a function catches is still counted where it happened
CREATE FUNCTION patient_carrier(p_carrier int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM count(*) FROM shipments WHERE carrier_id = p_carrier AND pg_sleep(0.3) IS NOT NULL;
  RETURN 'finished';
EXCEPTION WHEN query_canceled THEN
  RETURN 'caught';
END $$;
SELECT insights.reset();
SET insights.track = 'all';
SET statement_timeout = '50ms';
SELECT patient_carrier(46);
RESET statement_timeout;
SET insights.track = 'top';
SELECT toplevel, calls, cancelled FROM insights.statements
WHERE query LIKE '%shipments%' OR query LIKE '%patient_carrier%' ORDER BY toplevel;
-- a utility statement too (a DO block, counted with track_utility)
SELECT insights.reset();
SET statement_timeout = '50ms';
DO $$ BEGIN PERFORM pg_sleep(0.3); END $$;
RESET statement_timeout;
SELECT query, calls, cancelled, cancelled_ms >= 25 AS ran_until_cancelled FROM insights.statements
WHERE query LIKE 'DO %';
RESET insights.slow_threshold_ms;
