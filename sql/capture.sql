-- Exact counts for a scripted workload.
CREATE TABLE items (id int PRIMARY KEY, category text, price numeric);
INSERT INTO items SELECT g, 'c' || (g % 5), g * 1.5 FROM generate_series(1, 100) g;
SELECT insights.reset();

SELECT count(*) FROM items WHERE category = 'c1';
SELECT count(*) FROM items WHERE category = 'c2';
SELECT count(*) FROM items WHERE category = 'c3';
SELECT id FROM items WHERE id IN (1, 2, 3);
SELECT id FROM items WHERE id IN (4, 5, 6, 7, 8);
SELECT id FROM items WHERE id IN (9);
UPDATE items SET price = price + 1 WHERE id <= 10;

SELECT query, calls, rows, toplevel FROM insights.statements
WHERE query LIKE '%items%' ORDER BY query;

-- timings are consistent with each other
SELECT bool_and(min_ms <= p50_ms AND p50_ms <= p95_ms AND p95_ms <= p99_ms AND p99_ms <= max_ms
                AND total_ms >= max_ms AND mean_ms * calls BETWEEN total_ms * 0.999 AND total_ms * 1.001
                AND shared_blks_hit + shared_blks_read > 0 AND first_seen <= last_seen) AS consistent
FROM insights.statements WHERE query LIKE '%items%';

-- the statements' fingerprints are libpg_query's
SELECT s.fingerprint = insights.fingerprint('SELECT count(*) FROM items WHERE category = ''c9''') AS same_fingerprint
FROM insights.statements s WHERE s.query LIKE 'SELECT count(*) FROM items%';

-- several statements in one query string are counted one by one
SELECT insights.reset();
SELECT count(*) FROM items WHERE id = 1 \; SELECT max(price) FROM items \; SELECT count(*) FROM items WHERE id = 2;
SELECT query, calls, rows FROM insights.statements WHERE query LIKE '%FROM items%' ORDER BY query;

-- nested statements: counted with track = all, not with track = top
CREATE FUNCTION items_in(cat text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM items WHERE category = cat);
END $$;
SELECT insights.reset();
SET insights.track = 'top';
SELECT items_in('c1');
SELECT items_in('c2');
SET insights.track = 'all';
SELECT items_in('c3');
SET insights.track = 'top';
SELECT query, calls, toplevel FROM insights.statements
WHERE query LIKE '%items%' ORDER BY query, toplevel;

-- utility statements, with and without track_utility
SELECT insights.reset();
SET insights.track_utility = off;
CREATE TABLE untracked_utility (a int);
SET insights.track_utility = on;
CREATE TABLE tracked_utility (a int);
DROP TABLE tracked_utility, untracked_utility;
SELECT query, calls FROM insights.statements WHERE query LIKE '%utility%' ORDER BY query;

-- prepared statements: EXECUTE counts the statement, not the EXECUTE
SELECT insights.reset();
PREPARE by_id(int) AS SELECT price FROM items WHERE id = $1;
EXECUTE by_id(1);
EXECUTE by_id(2);
DEALLOCATE by_id;
SELECT query, calls, rows FROM insights.statements WHERE query LIKE '%by_id%' OR query LIKE '%WHERE id = $1' ORDER BY query;

-- track = none counts nothing
SELECT insights.reset();
SET insights.track = 'none';
SELECT count(*) FROM items;
SET insights.track = 'top';
SELECT count(*) AS untracked FROM insights.statements WHERE query = 'SELECT count(*) FROM items';

-- reset one statement by fingerprint
SELECT count(*) FROM items WHERE price > 10;
SELECT count(*) FROM items WHERE id > 10;
SELECT insights.reset(insights.fingerprint('SELECT count(*) FROM items WHERE price > 0')) AS removed;
SELECT query FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM items WHERE%' ORDER BY query;
SELECT insights.reset('not-a-fingerprint');
SELECT insights.reset('00000000000000zz');
SELECT insights.reset('0000000000000000') AS removed_nothing;

-- store facts
SELECT max_statements, evictions, shmem_bytes_per_statement <= 1400 AS fits_1400_bytes
FROM insights.store_info();

-- long texts are truncated and marked
SET insights.max_query_length = 64;
SELECT insights.reset();
SELECT id, category, price, id + 1 AS a, id + 2 AS b, id + 3 AS c, id + 4 AS d FROM items WHERE id = 1;
SELECT length(query) <= 64 AS short, query_truncated FROM insights.statements WHERE query LIKE 'SELECT id, category%';
RESET insights.max_query_length;

-- compute_query_id = off: said once, still counted exactly
SELECT insights.reset();
SET compute_query_id = off;
SELECT count(*) FROM items WHERE price < 5;
SELECT count(*) FROM items WHERE price < 50;
SELECT count(*) FROM items WHERE price < 500;
RESET compute_query_id;
SELECT count(*) FROM items WHERE price < 7;
SELECT query, calls, rows FROM insights.statements WHERE query LIKE '%price <%';

-- a new statement's stored text is made from the constants parse analysis
-- found (as pg_stat_statements makes it): strings, booleans and a negative
-- number with its sign masked, numbered after the statement's own
-- parameters; an ORDER BY position is no constant
SELECT insights.reset();
SELECT id, 'secret-a' AS label FROM items WHERE price > -5 AND category <> 'hidden' AND true AND id < 3 ORDER BY 1;
PREPARE with_param(int) AS SELECT id FROM items WHERE id = $1 AND category = 'secret-b';
EXECUTE with_param(3);
DEALLOCATE with_param;
SELECT query, calls FROM insights.statements WHERE query LIKE '%FROM items WHERE%' ORDER BY query;
SELECT count(*) AS unmasked FROM insights.statements
WHERE query LIKE '%secret%' OR query LIKE '%hidden%' OR query LIKE '%-5%' OR query LIKE '%true%';

-- the lexer reads only from the first constant to the last when no quote
-- lies around them (a text without constants or quotes is not lexed), the
-- whole text when a quote before or after could hide a string: the texts
-- are the same either way, and a string the jumble did not record (the
-- UESCAPE character) sends the text to libpg_query
SELECT insights.reset();
SELECT id FROM items WHERE id = 11 AND price > -2.5 ORDER BY id LIMIT 3;
SELECT id FROM items WHERE category = 'c1' AND id = 12;
SELECT id FROM items WHERE id = 13 /* it's after */;
SELECT id FROM items WHERE id = 14 AND category <> $$secret-c$$;
SELECT id, 'secret-d' AS label FROM items WHERE id = 15;
SELECT id FROM items WHERE category = U&'c\0031' UESCAPE '\' AND id >= 16;
SELECT id FROM items WHERE id = $$17$$::int AND price > 18;
SELECT max(id) FROM items WHERE id > 0 - 1;
SELECT min(id) FROM items;
SELECT query, calls FROM insights.statements WHERE query LIKE '%FROM items%' ORDER BY query;
