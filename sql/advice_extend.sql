-- insights.advice_selection = 'extend': the published Extend algorithm over
-- pg_insights' candidates and hypothetical indexes (a benchmark comparison,
-- test/bench/index_advice_budget.sh). Small fixed tables, ANALYZEd.
CREATE TABLE ext_customers (id int PRIMARY KEY, region int NOT NULL, name text NOT NULL);
CREATE TABLE ext_orders (
  id int PRIMARY KEY, customer_id int NOT NULL, created_at timestamptz NOT NULL, total numeric NOT NULL, note text);
INSERT INTO ext_customers SELECT g, g % 1000, 'customer ' || g FROM generate_series(1, 20000) g;
INSERT INTO ext_orders
  SELECT g, 1 + g % 20000, timestamptz '2024-01-01' + g * interval '1 minute', g % 500, repeat('x', 100)
  FROM generate_series(1, 200000) g;
ANALYZE ext_customers, ext_orders;

SHOW insights.advice_selection;
SET insights.advice_selection = extend;
-- one key (the ORDER BY key would cut the cost of 10 rows by less than 0.3%)
SELECT table_name, columns FROM insights.index_advice_for(
  'SELECT id, total FROM ext_orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10');
-- a join that needs an index on each side
SELECT table_name, columns FROM insights.index_advice_for(
  'SELECT c.name, sum(o.total) FROM ext_customers c JOIN ext_orders o ON o.customer_id = c.id
   WHERE c.region = 7 GROUP BY c.name') ORDER BY table_name;
-- nothing an existing index serves
SELECT count(*) AS pk_advice FROM insights.index_advice_for('SELECT * FROM ext_orders WHERE id = 5');

-- the tracked workload, within index_advice()'s budget_bytes
SET insights.advice_min_ms = 0;
SELECT insights.reset();
SELECT id, total FROM ext_orders WHERE customer_id = 42 ORDER BY created_at DESC LIMIT 10;
SELECT id, total FROM ext_orders WHERE customer_id = 43 ORDER BY created_at DESC LIMIT 10;
SELECT count(*) FROM ext_orders WHERE created_at >= '2024-02-01' AND created_at < '2024-02-02';
SELECT count(*) FROM ext_orders WHERE created_at >= '2024-03-01' AND created_at < '2024-03-02';
SELECT table_name, columns FROM insights.index_advice() ORDER BY columns;
SELECT count(*) AS indexes, sum(est_size_bytes) <= 5000000 AS within_budget
FROM insights.index_advice(20, 5000000);
SELECT count(*) AS nothing_fits FROM insights.index_advice(20, 0);
RESET insights.advice_min_ms;

SET insights.advice_selection = 'best';
RESET insights.advice_selection;
DROP TABLE ext_orders, ext_customers;
