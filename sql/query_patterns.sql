-- N+1 loops and unparameterized statements: each detector on a workload
-- built to trigger it, and quiet on a clean one.
CREATE TABLE pat_items (id int PRIMARY KEY, name text);
INSERT INTO pat_items SELECT g, 'item ' || g FROM generate_series(1, 100) g;
SELECT insights.reset();

-- clean: a few statements per transaction, parameterized
BEGIN;
PREPARE pat_by_id(int) AS SELECT name FROM pat_items WHERE id = $1;
EXECUTE pat_by_id(1);
EXECUTE pat_by_id(2);
COMMIT;
SELECT count(*) AS n_plus_one FROM insights.n_plus_one WHERE query LIKE '%pat_items%';
SELECT count(*) AS unparameterized FROM insights.unparameterized WHERE query LIKE '%pat_items%';

-- N+1: 25 lookups by id in one transaction, twice (prepared: not unparameterized)
\set ECHO none
\o /dev/null
BEGIN;
SELECT 'EXECUTE pat_by_id(' || g || ')' FROM generate_series(1, 25) g \gexec
COMMIT;
BEGIN;
SELECT 'EXECUTE pat_by_id(' || g || ')' FROM generate_series(1, 30) g \gexec
COMMIT;
\o
\set ECHO all
SELECT query, max_repeats_per_transaction, mean_repeats_per_transaction, transactions_affected, rows_per_call,
       rationale LIKE '%returning 1.0 row per call%' AS says_one_row
FROM insights.n_plus_one WHERE query LIKE '%pat_items%';
SELECT count(*) AS unparameterized FROM insights.unparameterized WHERE query LIKE '%pat_items%';

-- below the threshold: 19 runs in a transaction is not N+1
SELECT insights.reset();
\set ECHO none
\o /dev/null
BEGIN;
SELECT 'EXECUTE pat_by_id(' || g || ')' FROM generate_series(1, 19) g \gexec
COMMIT;
\o
\set ECHO all
SELECT count(*) AS n_plus_one FROM insights.n_plus_one WHERE query LIKE '%pat_items%';

-- unparameterized: 60 literal texts of one statement (autocommit: no N+1)
\set ECHO none
\o /dev/null
SELECT 'SELECT name FROM pat_items WHERE id = ' || g FROM generate_series(1, 60) g \gexec
\o
\set ECHO all
SELECT query, calls, literal_texts BETWEEN 45 AND 60 AS about_sixty
FROM insights.unparameterized WHERE query LIKE '%pat_items%';
SELECT count(*) AS n_plus_one FROM insights.n_plus_one WHERE query LIKE '%pat_items%';
-- the same text over and over is one text
SELECT insights.reset();
\set ECHO none
\o /dev/null
SELECT 'SELECT name FROM pat_items WHERE id = 7' FROM generate_series(1, 30) g \gexec
\o
\set ECHO all
SELECT calls, literal_texts FROM insights.statements WHERE query LIKE 'SELECT name FROM pat_items%';
DEALLOCATE pat_by_id;
DROP TABLE pat_items;
