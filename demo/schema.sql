-- demo/schema.sql: a small shop, about 300,000 rows (20k users, 2k products,
-- 80k orders, 200k order items). Only primary keys are indexed: lookups by
-- customer, status, e-mail and order are sequential scans, as in many young
-- applications. pg_insights should point that out.
SET client_min_messages = warning;
DROP TABLE IF EXISTS order_items, orders, products, users;
SELECT setseed(0.42);

CREATE TABLE users (
  id         bigint PRIMARY KEY,
  email      text NOT NULL,
  name       text NOT NULL,
  country    text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE products (
  id       int PRIMARY KEY,
  sku      text NOT NULL,
  name     text NOT NULL,
  category text NOT NULL,
  price    numeric(10, 2) NOT NULL
);
CREATE TABLE orders (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL,
  status      text NOT NULL,
  total       numeric(12, 2) NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE TABLE order_items (
  id         bigserial PRIMARY KEY,
  order_id   bigint NOT NULL,
  product_id int NOT NULL,
  quantity   int NOT NULL,
  unit_price numeric(10, 2) NOT NULL
);

INSERT INTO users
SELECT g, 'user' || g || '@example.com', 'User ' || g,
       (ARRAY['DE', 'FR', 'US', 'GB', 'NL', 'PL'])[1 + g % 6],
       now() - random() * interval '3 years'
  FROM generate_series(1, 20000) g;

INSERT INTO products
SELECT g, 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g,
       (ARRAY['books', 'garden', 'kitchen', 'toys', 'tools', 'office', 'sports'])[1 + g % 7],
       round((2 + random() * 200)::numeric, 2)
  FROM generate_series(1, 2000) g;

INSERT INTO orders (customer_id, status, total, created_at)
SELECT 1 + (random() * 19999)::int,
       CASE WHEN random() < 0.02 THEN 'pending' WHEN random() < 0.05 THEN 'cancelled' ELSE 'shipped' END,
       0, now() - random() * interval '2 years'
  FROM generate_series(1, 80000);

INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, 1 + (random() * 1999)::int, 1 + (random() * 4)::int, round((2 + random() * 200)::numeric, 2)
  FROM orders o, generate_series(1, 2 + (o.id % 2)::int);   -- 2 or 3 items per order

UPDATE orders o SET total = s.total
  FROM (SELECT order_id, sum(quantity * unit_price) AS total FROM order_items GROUP BY order_id) s
 WHERE s.order_id = o.id;

-- Foreign keys after loading (faster); like most ORMs, no index behind them.
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES users;
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders,
                        ADD FOREIGN KEY (product_id) REFERENCES products;

VACUUM ANALYZE users, products, orders, order_items;
