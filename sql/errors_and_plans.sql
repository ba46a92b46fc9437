-- Errors and plans per statement (insights.statement_errors, insights.statement_plans).
SELECT insights.reset();
CREATE TABLE ep_accounts (id int PRIMARY KEY, email text UNIQUE, balance int CHECK (balance >= 0));
INSERT INTO ep_accounts VALUES (1, 'alice.secret@example.com', 10);

-- The four failures whose messages carry a user's value.
INSERT INTO ep_accounts VALUES (2, 'alice.secret@example.com', 5);
INSERT INTO ep_accounts VALUES (3, 'alice.secret@example.com', 7);
SELECT 1 / 0;
INSERT INTO ep_accounts VALUES (4, 'bob@example.com', -424242);
SELECT 'secret'::int;
-- Before it has a fingerprint (-- not SQL: a syntax error on purpose).
SELEC 'secret';
-- Caught inside the statement: it did not fail, nothing is counted.
DO $$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN NULL; END $$;
-- Raised in a function: counted under the statement that called it.
CREATE FUNCTION ep_fail(v text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'no account for %', v USING ERRCODE = 'P0002'; END $$;
SELECT ep_fail('carol.secret@example.com');

SELECT fingerprint IS NULL AS unparsed, sqlstate, errors, message, first_seen <= last_seen AS ordered,
       userid = 'postgres'::regrole AS own, dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AS here
FROM insights.statement_errors ORDER BY sqlstate, message;
-- The same fingerprint as insights.statements gives the statement.
SELECT sqlstate, fingerprint = insights.fingerprint('INSERT INTO ep_accounts VALUES (9, ''x'', 1)') AS insert_fp
FROM insights.statement_errors WHERE sqlstate IN ('23505', '23514') ORDER BY sqlstate;
SELECT fingerprint = insights.fingerprint('SELECT ep_fail($1)') AS caller_fp
FROM insights.statement_errors WHERE sqlstate = 'P0002';
-- No value the user sent is stored, whatever the role.
SELECT count(*) AS leaks FROM insights.statement_errors WHERE message ~ '(secret|alice|bob|carol|424242|integer)';
-- Not counted while tracking is off; counted again after.
SET insights.track = none;
SELECT 1 / 0;
RESET insights.track;
SELECT errors AS while_off FROM insights.statement_errors WHERE sqlstate = '22012';
SELECT 1 / 0;
SELECT errors AS after FROM insights.statement_errors WHERE sqlstate = '22012';

-- Plans of slow calls: every call is slow here.
CREATE TABLE ep_orders AS SELECT g AS id, g % 500 AS customer FROM generate_series(1, 20000) g;
ANALYZE ep_orders;
SET insights.slow_threshold_ms = 0;
SELECT count(*) FROM ep_orders WHERE customer = 42;
SELECT count(*) FROM ep_orders WHERE customer = 7;
CREATE INDEX ep_orders_customer ON ep_orders (customer);
SELECT count(*) FROM ep_orders WHERE customer = 42;
SELECT count(*) FROM ep_orders WHERE customer = 8;
SELECT count(*) FROM ep_orders WHERE customer = 9;
RESET insights.slow_threshold_ms;
-- Two plans: constants do not change the id, the index does.
SELECT calls, plan ~ '^Aggregate' AS top, plan ~ 'Seq Scan on ep_orders' AS seq_scan,
       plan ~ 'ep_orders_customer' AS uses_index, plan ~ 'customer = 42' AS constants_in_text,
       mean_ms > 0 AS timed, p95_ms > 0 AS p95, first_seen <= last_seen AS ordered, plan_id ~ '^[0-9a-f]{16}$' AS id,
       toplevel, plan_truncated
FROM insights.statement_plans WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM ep_orders WHERE customer = 1')
ORDER BY first_seen;
-- Not for fast calls (100 ms by default).
SELECT count(*) AS fast_plans FROM insights.statement_plans
WHERE fingerprint = insights.fingerprint('INSERT INTO ep_accounts VALUES (9, ''x'', 1)');
-- At most three plans per statement: the least recently seen makes room.
CREATE TABLE ep_shapes (a int, b int);
SET insights.slow_threshold_ms = 0;
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT count(*) FROM ep_orders o JOIN ep_shapes s ON s.a = o.id;
SET enable_hashjoin = off;
SELECT count(*) FROM ep_orders o JOIN ep_shapes s ON s.a = o.id;
SET enable_mergejoin = off;
SELECT count(*) FROM ep_orders o JOIN ep_shapes s ON s.a = o.id;
SET enable_material = off;
SELECT count(*) FROM ep_orders o JOIN ep_shapes s ON s.a = o.id;
RESET ALL;
SELECT count(*) AS plans, count(DISTINCT plan_id) AS ids, bool_or(plan ~ 'Hash Join') AS hash_join_kept,
       bool_or(plan ~ 'Merge Join') AS merge_join, bool_or(plan ~ 'Materialize') AS materialized,
       count(*) FILTER (WHERE plan ~ 'Nested Loop' AND plan !~ 'Materialize') AS plain_nested_loop
FROM insights.statement_plans WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM ep_orders o JOIN ep_shapes s ON s.a = o.id');

-- Who sees what: counters to everybody; messages to those who may read the
-- statement's text; plan texts (constants) to its role and superusers only.
CREATE ROLE ep_reader;
CREATE ROLE ep_monitor IN ROLE pg_read_all_stats;
SET ROLE ep_reader;
SELECT count(*) > 0 AS rows, count(message) AS messages FROM insights.statement_errors;
SELECT count(*) > 0 AS rows, count(plan) AS plan_texts FROM insights.statement_plans;
SET ROLE ep_monitor;
SELECT count(*) = count(message) AS sees_messages FROM insights.statement_errors;
SELECT count(*) > 0 AS rows, count(plan) AS plan_texts FROM insights.statement_plans;
RESET ROLE;
SELECT error_entries > 0 AS errors, max_error_entries, error_evictions, plan_entries > 0 AS plans, max_plan_entries,
       plan_evictions, shmem_bytes > 2000000 AS shmem
FROM insights.errors_and_plans_info();
-- reset(fingerprint) and reset() forget them too.
SELECT insights.reset(insights.fingerprint('SELECT 1 / 0')) >= 0 AS reset_one;
SELECT count(*) AS division_rows FROM insights.statement_errors WHERE sqlstate = '22012';
SELECT insights.reset();
SELECT (SELECT count(*) FROM insights.statement_errors) AS errors, (SELECT count(*) FROM insights.statement_plans) AS plans;
DROP TABLE ep_accounts, ep_orders, ep_shapes;
DROP FUNCTION ep_fail(text);
DROP ROLE ep_reader, ep_monitor;
