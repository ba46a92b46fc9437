# shellcheck shell=bash
# shop: e-commerce (see ../advice_workloads.sh for the functions a workload defines)


# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_shop=simple

aw_sets_shop() {
  cat <<'EOF'
\set cid random(1, :ncust)
\set pid random(1, :nprod)
\set rid random(1, 20)
\set day random(0, 720)
EOF
}

# The customer's last orders, the fulfilment queue, weekly revenue of a
# region, what a customer bought (a join), login by e-mail, and two
# primary-key lookups.
aw_statements_shop() {
  cat <<'EOF'
history|slow|SELECT id, status, total, created_at FROM shop.orders WHERE customer_id = :cid ORDER BY created_at DESC LIMIT 10;
queue|slow|SELECT id, customer_id, total FROM shop.orders WHERE status = 'pending' ORDER BY created_at LIMIT 50;
revenue|slow|SELECT count(*), sum(total) FROM shop.orders WHERE region_id = :rid AND created_at >= timestamp '2023-01-01' + :day * interval '1 day' AND created_at < timestamp '2023-01-08' + :day * interval '1 day';
bought|slow|SELECT oi.product_id, sum(oi.quantity) AS qty FROM shop.orders o JOIN shop.order_items oi ON oi.order_id = o.id WHERE o.customer_id = :cid GROUP BY oi.product_id ORDER BY qty DESC LIMIT 5;
login|slow|SELECT id, name FROM shop.customers WHERE email = 'c' || :cid::text || '@shop.test';
product|fast|SELECT id, name, price FROM shop.products WHERE id = :pid;
customer|fast|SELECT id, name, email, region_id FROM shop.customers WHERE id = :cid;
EOF
}

# history:  composite and ORDER BY ... LIMIT (bought uses its prefix)
# queue:    partial on the hard-coded status literal (1% of the orders)
# revenue:  covering: equality, range, INCLUDE the summed column
# bought:   join key of order_items
# login:    equality on a unique column
aw_ideal_shop() {
  cat <<'EOF'
CREATE INDEX ON shop.orders (customer_id, created_at DESC);
CREATE INDEX ON shop.orders (created_at) WHERE status = 'pending';
CREATE INDEX ON shop.orders (region_id, created_at) INCLUDE (total);
CREATE INDEX ON shop.order_items (order_id);
CREATE INDEX ON shop.customers (email);
EOF
}

aw_load_shop() {
  local s=$1
  pgi_psql -v ncust=$((100000 * s)) -v nprod=$((20000 * s)) -v nord=$((400000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.42) \gset
DROP SCHEMA IF EXISTS shop CASCADE;
CREATE SCHEMA shop;
CREATE TABLE shop.customers (
  id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL,
  region_id int NOT NULL, created_at timestamp NOT NULL);
INSERT INTO shop.customers
  SELECT g, 'c' || g || '@shop.test', 'Customer ' || g, 1 + g % 20,
         timestamp '2021-01-01' + g % 730 * interval '1 day'
  FROM generate_series(1, :ncust) g;
CREATE TABLE shop.products (
  id int PRIMARY KEY, sku text NOT NULL, name text NOT NULL,
  category_id int NOT NULL, price numeric(10,2) NOT NULL, active bool NOT NULL);
INSERT INTO shop.products
  SELECT g, 'SKU-' || g, 'Product ' || g, 1 + g % 200, round((5 + random() * 500)::numeric, 2), random() < 0.95
  FROM generate_series(1, :nprod) g;
-- 1% pending, 4% paid, 15% shipped, 75% delivered, 5% cancelled
CREATE TABLE shop.orders (
  id bigint PRIMARY KEY, customer_id bigint NOT NULL, region_id int NOT NULL,
  status text NOT NULL, created_at timestamp NOT NULL, total numeric(12,2) NOT NULL);
INSERT INTO shop.orders
  SELECT g, 1 + floor(random() * :ncust)::bigint, 1 + floor(random() * 20)::int,
         CASE WHEN r < 0.01 THEN 'pending' WHEN r < 0.05 THEN 'paid' WHEN r < 0.20 THEN 'shipped'
              WHEN r < 0.95 THEN 'delivered' ELSE 'cancelled' END,
         timestamp '2023-01-01' + random() * interval '730 days',
         round((10 + random() * 990)::numeric, 2)
  FROM (SELECT g, random() AS r FROM generate_series(1, :nord) g) s;
-- two items per order
CREATE TABLE shop.order_items (
  id bigint PRIMARY KEY, order_id bigint NOT NULL, product_id int NOT NULL,
  quantity int NOT NULL, unit_price numeric(10,2) NOT NULL);
INSERT INTO shop.order_items
  SELECT g, 1 + (g - 1) / 2, 1 + floor(random() * :nprod)::int, 1 + floor(random() * 4)::int,
         round((5 + random() * 500)::numeric, 2)
  FROM generate_series(1, 2 * :nord) g;
VACUUM ANALYZE shop.customers, shop.products, shop.orders, shop.order_items;
SQL
}


aw_vars_shop() {
  pgi_psql -c "SELECT '-Dncust=' || (SELECT max(id) FROM shop.customers) ||
                      ' -Dnprod=' || (SELECT max(id) FROM shop.products)"
}
