-- Index advice on small fixed tables (ANALYZEd, deterministic data): the
-- DDL and its kind, not exact costs.
CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, country text);
CREATE TABLE orders (
  id int PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
  created_at timestamptz NOT NULL, total numeric NOT NULL, note text);
INSERT INTO customers SELECT g, 'user' || g || '@example.com', (ARRAY['de','fr','us'])[1 + g % 3]
  FROM generate_series(1, 20000) g;
INSERT INTO orders
  SELECT g, 1 + g % 20000, CASE WHEN g % 100 = 0 THEN 'pending' WHEN g % 7 = 0 THEN 'cancelled' ELSE 'shipped' END,
         timestamptz '2024-01-01' + g * interval '1 minute', g % 500, repeat('x', 200)
  FROM generate_series(1, 100000) g;
ANALYZE customers, orders;

-- composite: equality, then the ORDER BY with its direction (LIMIT)
SELECT index_ddl, kind, columns FROM insights.index_advice_for(
  'SELECT id, total FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10');
-- partial: a hard-coded selective status
SELECT index_ddl, kind, predicate FROM insights.index_advice_for(
  'SELECT id, created_at FROM orders WHERE status = ''pending'' ORDER BY created_at LIMIT 50');
-- expression
SELECT index_ddl, kind FROM insights.index_advice_for(
  'SELECT id FROM customers WHERE lower(email) = ''user7@example.com''');
-- join key into the inner table
SELECT index_ddl, kind FROM insights.index_advice_for(
  'SELECT c.email, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 17');
-- a primary-key lookup gets nothing
SELECT count(*) AS pk_advice FROM insights.index_advice_for('SELECT * FROM orders WHERE id = 5');
-- now() is never in an index predicate; the column is still a key
SELECT index_ddl FROM insights.index_advice_for(
  'SELECT count(*) FROM orders WHERE created_at > now() - interval ''1 day''', 0);

-- identifiers that need quoting, everywhere
CREATE TABLE "Order Items" ("Order ID" int, "Sku ""X""" text, qty int);
INSERT INTO "Order Items" SELECT g % 5000, 'sku' || (g % 300), g % 9 FROM generate_series(1, 50000) g;
ANALYZE "Order Items";
SELECT index_ddl FROM insights.index_advice_for(
  'SELECT qty FROM "Order Items" WHERE "Order ID" = 12 AND "Sku ""X""" = ''sku7''');
-- the advised DDL runs as is (not CONCURRENTLY inside this transaction block)
DO $$
DECLARE ddl text;
BEGIN
  SELECT replace(index_ddl, ' CONCURRENTLY', '') INTO ddl FROM insights.index_advice_for(
    'SELECT qty FROM "Order Items" WHERE "Order ID" = 12 AND "Sku ""X""" = ''sku7''');
  EXECUTE ddl;
END $$;
SELECT indexdef FROM pg_indexes WHERE tablename = 'Order Items';
-- and once it exists, nothing more is advised
SELECT count(*) AS after_applying FROM insights.index_advice_for(
  'SELECT qty FROM "Order Items" WHERE "Order ID" = 12 AND "Sku ""X""" = ''sku7''');

-- bad input
SELECT * FROM insights.index_advice_for('not sql');
SELECT * FROM insights.index_advice_for('SELECT * FROM no_such_table WHERE a = 1');
SELECT * FROM insights.index_advice_for('CREATE TABLE t (a int)');
SELECT * FROM insights.index_advice_for('SELECT 1; SELECT 2');
SELECT * FROM insights.index_advice_for('SELECT 1', -5);
-- a search_path that is not one, or that does not name the table's schema
SELECT * FROM insights.index_advice_for('SELECT * FROM orders WHERE id = 5', 20, '"');
SELECT * FROM insights.index_advice_for('SELECT * FROM orders WHERE id = 5', 20, 'pg_catalog');
SELECT * FROM insights.index_advice(101);

-- from the tracked workload
SET insights.advice_min_ms = 0;
SELECT insights.reset();
SELECT id, total FROM orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10;
SELECT id, total FROM orders WHERE customer_id = 43 ORDER BY created_at DESC LIMIT 10;
PREPARE pending_since(timestamptz) AS
  SELECT count(*) FROM orders WHERE status = 'pending' AND created_at > $1;
EXECUTE pending_since('2024-02-01');
SELECT * FROM orders WHERE id = 5;
SELECT index_ddl, kind, array_length(fingerprints, 1) AS statements
FROM insights.index_advice() ORDER BY index_ddl;
-- a statement whose table is gone is skipped with a NOTICE
CREATE TABLE doomed (a int, b int);
INSERT INTO doomed SELECT g, g FROM generate_series(1, 20000) g;
ANALYZE doomed;
SELECT count(*) FROM doomed WHERE b = 7;
DROP TABLE doomed;
SELECT count(*) > 0 AS still_advises FROM insights.index_advice();
RESET insights.advice_min_ms;

-- issue 10: a join that needs an index on each side. The log-side index
-- takes most of the cost away; the services-side one is judged against
-- the cost with it in place (42% of that, 8% of the original).
CREATE TABLE services (id int PRIMARY KEY, user_id int NOT NULL, name text NOT NULL);
CREATE TABLE service_logs (id bigint PRIMARY KEY, service_id int NOT NULL, level int NOT NULL, message text);
INSERT INTO services SELECT g, 1 + g % 2000, 'service ' || g FROM generate_series(1, 20000) g;
INSERT INTO service_logs SELECT g, 1 + g % 20000, g % 5, 'log line' FROM generate_series(1, 200000) g;
ANALYZE services, service_logs;
SELECT table_name, columns FROM insights.index_advice_for(
  'SELECT s.id, s.name, count(l.id) FROM services s LEFT JOIN service_logs l ON l.service_id = s.id
   WHERE s.user_id = 42 GROUP BY s.id, s.name') ORDER BY table_name;
SET insights.advice_min_ms = 0;
SELECT insights.reset();
SELECT s.id, s.name, count(l.id) FROM services s LEFT JOIN service_logs l ON l.service_id = s.id
WHERE s.user_id = 42 GROUP BY s.id, s.name;
SELECT s.id, s.name, count(l.id) FROM services s LEFT JOIN service_logs l ON l.service_id = s.id
WHERE s.user_id = 43 GROUP BY s.id, s.name;
SELECT table_name, columns, rationale LIKE '%ms of statement time per hour%' AS says_ms_per_hour
FROM insights.index_advice() ORDER BY table_name;
-- a storage budget: the best benefit per byte that fits (the log-side
-- index, 4.3 MB; the services one alone gains too little)
SELECT table_name, est_size_bytes <= 4500000 AS fits FROM insights.index_advice(20, 4500000);
SELECT count(*) AS nothing_fits FROM insights.index_advice(20, 0);
SELECT count(*) AS null_is_no_budget FROM insights.index_advice(20, NULL);
SELECT * FROM insights.index_advice(20, -1);
SELECT * FROM insights.index_advice(NULL);
-- index_health() never calls advised indexes redundant or duplicate: build
-- them, use them, and ask
DO $$
DECLARE ddl text;
BEGIN
  FOR ddl IN SELECT replace(index_ddl, ' CONCURRENTLY', '') FROM insights.index_advice() LOOP
    EXECUTE ddl;
  END LOOP;
END $$;
SELECT s.id, s.name, count(l.id) FROM services s LEFT JOIN service_logs l ON l.service_id = s.id
WHERE s.user_id = 44 GROUP BY s.id, s.name;
SELECT pg_stat_force_next_flush();
SELECT count(*) AS advised_built FROM pg_indexes WHERE tablename IN ('services', 'service_logs') AND indexname LIKE '%\_idx';
SELECT index_name, problem FROM insights.index_health()
WHERE table_name IN ('services', 'service_logs') AND problem IN ('redundant', 'duplicate');
-- and once built, nothing more is advised for the join
SELECT count(*) AS after_applying FROM insights.index_advice() WHERE table_name IN ('services', 'service_logs');
-- the write cost of an index comes from the tracked writes (calls × rows):
-- 100,000 rows inserted for one 5 ms count is not worth an index on kind
CREATE TABLE events (id int, kind int, payload text);
SELECT insights.reset();
INSERT INTO events SELECT g, g % 1000, 'x' FROM generate_series(1, 100000) g;
ANALYZE events;
SELECT count(*) FROM events WHERE kind = 7;
SELECT count(*) AS advised_despite_writes FROM insights.index_advice() WHERE table_name = 'events';
-- without the writes in the window, the same count gets its index
SELECT insights.reset();
SELECT count(*) FROM events WHERE kind = 7;
SELECT columns, rationale NOT LIKE '%rows written%' AS no_write_cost
FROM insights.index_advice() WHERE table_name = 'events';
-- an advised index that makes an existing one redundant says so (what
-- index_health() will say once it is built and used)
CREATE TABLE tasks (id int PRIMARY KEY, project int NOT NULL, due date NOT NULL, title text NOT NULL);
INSERT INTO tasks SELECT g, g % 500, date '2024-01-01' + g % 365, 'task ' || g FROM generate_series(1, 50000) g;
CREATE INDEX tasks_project ON tasks (project);
ANALYZE tasks;
SELECT columns, rationale LIKE '%the existing index tasks_project is redundant%' AS names_it
FROM insights.index_advice_for('SELECT * FROM tasks WHERE project = 7 ORDER BY due LIMIT 5');
RESET insights.advice_min_ms;
