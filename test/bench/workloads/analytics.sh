# shellcheck shell=bash
# analytics: decision support over a TPC-H-like schema (see
# ../advice_workloads.sh for the functions a workload defines).
#
# region 5, nation 25, supplier 2k, customer 30k, part 40k, partsupp 160k,
# orders 300k, lineitem ~1.2M at scale 1 (about 300 MB with its primary
# keys; TPC-H's composite keys: partsupp (ps_partkey, ps_suppkey), lineitem
# (l_orderkey, l_linenumber)). Order dates are uniform over 1992-01-01 ..
# 1998-08-02, in no physical order. 19 join-heavy templates with date
# ranges, group-bys and parameters that vary per call, as a reporting tool
# sends them (pgbench -M simple: constants in the text).

# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_analytics=simple

aw_sets_analytics() {
  cat <<'EOF'
\set cust random(1, :ncust)
\set part random(1, :npart)
\set supp random(1, :nsupp)
\set ord random(1, :nord)
\set clerk random(1, :nclerk)
\set day random(0, 2280)
\set nation random(0, 24)
\set region random(1, 5)
\set seg random(1, 5)
\set brand random(1, 25)
\set size random(1, 50)
\set cont random(1, 40)
\set qty random(1, 40)
EOF
}

# Templates modelled on TPC-H's questions, each narrowed by a parameter (a
# customer, part, supplier, clerk, brand, nation) or a date range of one
# week to one year, so that an index decides its plan.
aw_statements_analytics() {
  cat <<'EOF'
cust_orders|slow|SELECT o.o_orderkey, o.o_orderdate, sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue FROM analytics.orders o JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey WHERE o.o_custkey = :cust GROUP BY o.o_orderkey, o.o_orderdate ORDER BY o.o_orderdate DESC LIMIT 20;
part_suppliers|fast|SELECT s.s_name, n.n_name, ps.ps_supplycost FROM analytics.partsupp ps JOIN analytics.supplier s ON s.s_suppkey = ps.ps_suppkey JOIN analytics.nation n ON n.n_nationkey = s.s_nationkey WHERE ps.ps_partkey = :part ORDER BY ps.ps_supplycost LIMIT 5;
supplier_month|slow|SELECT l.l_partkey, sum(l.l_quantity) AS qty FROM analytics.lineitem l WHERE l.l_suppkey = :supp AND l.l_shipdate >= date '1992-01-01' + :day AND l.l_shipdate < date '1992-01-01' + :day + 30 GROUP BY l.l_partkey ORDER BY qty DESC LIMIT 10;
part_year|slow|SELECT date_trunc('month', o.o_orderdate) AS month, sum(l.l_quantity) AS qty FROM analytics.lineitem l JOIN analytics.orders o ON o.o_orderkey = l.l_orderkey WHERE l.l_partkey = :part AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 365 GROUP BY 1 ORDER BY 1;
priority|slow|SELECT l.l_orderkey, sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue, o.o_orderdate, o.o_shippriority FROM analytics.customer c JOIN analytics.orders o ON o.o_custkey = c.c_custkey JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey WHERE c.c_mktsegment = (ARRAY['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'])[:seg] AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 7 AND l.l_shipdate > date '1992-01-01' + :day + 7 GROUP BY l.l_orderkey, o.o_orderdate, o.o_shippriority ORDER BY revenue DESC LIMIT 10;
order_lines|fast|SELECT l_linenumber, l_partkey, l_quantity, l_extendedprice, l_shipdate FROM analytics.lineitem WHERE l_orderkey = :ord ORDER BY l_linenumber;
nation_month|slow|SELECT n.n_name, sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue FROM analytics.customer c JOIN analytics.orders o ON o.o_custkey = c.c_custkey JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey JOIN analytics.supplier s ON s.s_suppkey = l.l_suppkey AND s.s_nationkey = c.c_nationkey JOIN analytics.nation n ON n.n_nationkey = s.s_nationkey WHERE n.n_regionkey = :region AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 30 GROUP BY n.n_name ORDER BY revenue DESC;
week_forecast|slow|SELECT sum(l_extendedprice * l_discount) AS revenue FROM analytics.lineitem WHERE l_shipdate >= date '1992-01-01' + :day AND l_shipdate < date '1992-01-01' + :day + 7 AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24;
returns|slow|SELECT c.c_custkey, c.c_name, sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue FROM analytics.customer c JOIN analytics.orders o ON o.o_custkey = c.c_custkey JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey WHERE c.c_nationkey = :nation AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 30 AND l.l_returnflag = 'R' GROUP BY c.c_custkey, c.c_name ORDER BY revenue DESC LIMIT 20;
supplier_stock|slow|SELECT ps_partkey, ps_availqty * ps_supplycost AS value FROM analytics.partsupp WHERE ps_suppkey = :supp ORDER BY value DESC LIMIT 10;
ship_modes|slow|SELECT l.l_shipmode, count(*) FILTER (WHERE o.o_orderpriority IN ('1-URGENT', '2-HIGH')) AS high, count(*) FILTER (WHERE o.o_orderpriority NOT IN ('1-URGENT', '2-HIGH')) AS low FROM analytics.orders o JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey WHERE l.l_shipmode IN ('MAIL', 'SHIP') AND l.l_receiptdate >= date '1992-01-01' + :day AND l.l_receiptdate < date '1992-01-01' + :day + 30 AND l.l_commitdate < l.l_receiptdate AND l.l_shipdate < l.l_commitdate GROUP BY l.l_shipmode ORDER BY l.l_shipmode;
promo_month|slow|SELECT 100.0 * sum(CASE WHEN p.p_type LIKE 'PROMO%' THEN l.l_extendedprice * (1 - l.l_discount) ELSE 0 END) / nullif(sum(l.l_extendedprice * (1 - l.l_discount)), 0) AS promo_pct FROM analytics.lineitem l JOIN analytics.part p ON p.p_partkey = l.l_partkey WHERE l.l_shipdate >= date '1992-01-01' + :day AND l.l_shipdate < date '1992-01-01' + :day + 30;
brand_size|slow|SELECT p.p_type, count(DISTINCT ps.ps_suppkey) AS suppliers FROM analytics.part p JOIN analytics.partsupp ps ON ps.ps_partkey = p.p_partkey WHERE p.p_brand = 'Brand#' || :brand AND p.p_size = :size GROUP BY p.p_type ORDER BY suppliers DESC;
small_quantity|slow|SELECT sum(l.l_extendedprice) / 7.0 AS avg_yearly FROM analytics.lineitem l WHERE l.l_partkey = :part AND l.l_quantity < (SELECT 0.2 * avg(l2.l_quantity) FROM analytics.lineitem l2 WHERE l2.l_partkey = :part);
clerk_quarter|slow|SELECT o.o_orderkey, o.o_totalprice, count(l.l_linenumber) AS lines FROM analytics.orders o JOIN analytics.lineitem l ON l.l_orderkey = o.o_orderkey WHERE o.o_clerk = 'Clerk#' || :clerk AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 90 GROUP BY o.o_orderkey, o.o_totalprice ORDER BY o.o_totalprice DESC LIMIT 10;
brand_container|slow|SELECT sum(l.l_extendedprice * (1 - l.l_discount)) AS revenue FROM analytics.lineitem l JOIN analytics.part p ON p.p_partkey = l.l_partkey WHERE p.p_brand = 'Brand#' || :brand AND p.p_container = 'C' || :cont AND l.l_quantity BETWEEN :qty AND :qty + 10 AND l.l_shipmode IN ('AIR', 'REG AIR');
nation_suppliers|slow|SELECT s.s_name, sum(l.l_quantity) AS qty FROM analytics.supplier s JOIN analytics.lineitem l ON l.l_suppkey = s.s_suppkey WHERE s.s_nationkey = :nation AND l.l_shipdate >= date '1992-01-01' + :day AND l.l_shipdate < date '1992-01-01' + :day + 30 GROUP BY s.s_name ORDER BY qty DESC LIMIT 10;
late_suppliers|slow|SELECT s.s_name, count(*) AS late FROM analytics.supplier s JOIN analytics.lineitem l ON l.l_suppkey = s.s_suppkey JOIN analytics.orders o ON o.o_orderkey = l.l_orderkey WHERE s.s_nationkey = :nation AND o.o_orderstatus = 'F' AND o.o_orderdate >= date '1992-01-01' + :day AND o.o_orderdate < date '1992-01-01' + :day + 7 AND l.l_receiptdate > l.l_commitdate GROUP BY s.s_name ORDER BY late DESC LIMIT 10;
idle_customers|slow|SELECT count(*) AS customers, sum(c.c_acctbal) AS balance FROM analytics.customer c WHERE c.c_nationkey = :nation AND c.c_acctbal > 0 AND NOT EXISTS (SELECT 1 FROM analytics.orders o WHERE o.o_custkey = c.c_custkey);
EOF
}

# cust_orders:                       the customer's orders (the join to
#                                    lineitem is its primary key)
# idle_customers, returns:           a nation's customers
# priority, nation_month, returns, part_year, late_suppliers: a date range of
#                                    orders, covering the columns the joins
#                                    take from it, then lineitem by its key
# clerk_quarter:                     equality and range
# supplier_month, nation_suppliers:  a supplier's lines of a month
# nation_suppliers, late_suppliers:  a nation's suppliers
# week_forecast, promo_month:        a range of ship dates, covering what
#                                    they sum and filter on
# ship_modes:                        a month of receipt dates per ship mode,
#                                    covering the date comparisons
# part_year, small_quantity, brand_container: a part's lines (brand_container
#                                    needs the part side too: a pair)
# supplier_stock:                    partsupp by supplier
# brand_size, brand_container:       part by brand and size / container
aw_ideal_analytics() {
  cat <<'EOF'
CREATE INDEX ON analytics.orders (o_custkey);
CREATE INDEX ON analytics.orders (o_orderdate) INCLUDE (o_custkey, o_orderkey, o_shippriority);
CREATE INDEX ON analytics.orders (o_clerk, o_orderdate);
CREATE INDEX ON analytics.customer (c_nationkey);
CREATE INDEX ON analytics.supplier (s_nationkey);
CREATE INDEX ON analytics.lineitem (l_partkey);
CREATE INDEX ON analytics.lineitem (l_suppkey, l_shipdate);
CREATE INDEX ON analytics.lineitem (l_shipdate) INCLUDE (l_discount, l_extendedprice, l_partkey, l_quantity);
CREATE INDEX ON analytics.lineitem (l_shipmode, l_receiptdate) INCLUDE (l_commitdate, l_orderkey, l_shipdate);
CREATE INDEX ON analytics.partsupp (ps_suppkey);
CREATE INDEX ON analytics.part (p_brand, p_size);
CREATE INDEX ON analytics.part (p_brand, p_container);
EOF
}

aw_load_analytics() {
  local s=$1
  pgi_psql -v nsupp="$(awk -v s="$s" 'BEGIN { print int(2000 * s) }')" \
           -v ncust="$(awk -v s="$s" 'BEGIN { print int(30000 * s) }')" \
           -v npart="$(awk -v s="$s" 'BEGIN { print int(40000 * s) }')" \
           -v nord="$(awk -v s="$s" 'BEGIN { print int(300000 * s) }')" \
           -v nclerk="$(awk -v s="$s" 'BEGIN { print int(1000 * s) }')" <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.42) \gset
DROP SCHEMA IF EXISTS analytics CASCADE;
CREATE SCHEMA analytics;
CREATE TABLE analytics.region (r_regionkey int PRIMARY KEY, r_name text NOT NULL);
INSERT INTO analytics.region VALUES (1, 'AFRICA'), (2, 'AMERICA'), (3, 'ASIA'), (4, 'EUROPE'), (5, 'MIDDLE EAST');
CREATE TABLE analytics.nation (n_nationkey int PRIMARY KEY, n_name text NOT NULL, n_regionkey int NOT NULL);
INSERT INTO analytics.nation SELECT g, 'NATION ' || g, 1 + g % 5 FROM generate_series(0, 24) g;
CREATE TABLE analytics.supplier (
  s_suppkey int NOT NULL, s_name text NOT NULL, s_nationkey int NOT NULL, s_acctbal numeric(12,2) NOT NULL);
INSERT INTO analytics.supplier
  SELECT g, 'Supplier#' || lpad(g::text, 9, '0'), floor(random() * 25)::int, round((random() * 10000 - 1000)::numeric, 2)
  FROM generate_series(1, :nsupp) g;
CREATE TABLE analytics.customer (
  c_custkey int NOT NULL, c_name text NOT NULL, c_nationkey int NOT NULL, c_phone text NOT NULL,
  c_acctbal numeric(12,2) NOT NULL, c_mktsegment text NOT NULL);
INSERT INTO analytics.customer
  SELECT g, 'Customer#' || lpad(g::text, 9, '0'), n, (10 + n) || '-' || (100 + g % 900) || '-' || (1000 + g % 9000),
         round((random() * 10000 - 1000)::numeric, 2),
         (ARRAY['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY'])[1 + floor(random() * 5)::int]
  FROM (SELECT g, floor(random() * 25)::int AS n FROM generate_series(1, :ncust) g) c;
CREATE TABLE analytics.part (
  p_partkey int NOT NULL, p_name text NOT NULL, p_brand text NOT NULL, p_type text NOT NULL,
  p_size int NOT NULL, p_container text NOT NULL, p_retailprice numeric(12,2) NOT NULL);
INSERT INTO analytics.part
  SELECT g, 'part ' || g, 'Brand#' || (1 + floor(random() * 25)::int),
         (ARRAY['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'])[1 + floor(random() * 6)::int] || ' ' ||
         (ARRAY['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'])[1 + floor(random() * 5)::int],
         1 + floor(random() * 50)::int, 'C' || (1 + floor(random() * 40)::int), 900 + g % 1000 + 0.01 * (g % 100)
  FROM generate_series(1, :npart) g;
-- four suppliers per part, spread as TPC-H spreads them
CREATE TABLE analytics.partsupp (
  ps_partkey int NOT NULL, ps_suppkey int NOT NULL, ps_availqty int NOT NULL, ps_supplycost numeric(12,2) NOT NULL);
INSERT INTO analytics.partsupp
  SELECT p, 1 + (p + k * (:nsupp / 4 + (p - 1) / :nsupp)) % :nsupp, 1 + floor(random() * 9999)::int,
         round((1 + random() * 999)::numeric, 2)
  FROM generate_series(1, :npart) p, generate_series(0, 3) k;
CREATE TABLE analytics.orders (
  o_orderkey int NOT NULL, o_custkey int NOT NULL, o_orderstatus char(1) NOT NULL, o_totalprice numeric(12,2) NOT NULL,
  o_orderdate date NOT NULL, o_orderpriority text NOT NULL, o_clerk text NOT NULL, o_shippriority int NOT NULL);
INSERT INTO analytics.orders
  SELECT g, 1 + floor(random() * :ncust)::int, CASE WHEN d < date '1995-06-17' THEN 'F' ELSE 'O' END,
         round((1000 + random() * 300000)::numeric, 2), d,
         (ARRAY['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'])[1 + floor(random() * 5)::int],
         'Clerk#' || (1 + floor(random() * :nclerk)::int), 0
  FROM (SELECT g, date '1992-01-01' + floor(random() * 2405)::int AS d FROM generate_series(1, :nord) g) o;
-- 1 to 7 lines per order (4 on average); a line's supplier is one of its part's four
CREATE TABLE analytics.lineitem (
  l_orderkey int NOT NULL, l_linenumber int NOT NULL, l_partkey int NOT NULL, l_suppkey int NOT NULL,
  l_quantity numeric(12,2) NOT NULL, l_extendedprice numeric(12,2) NOT NULL, l_discount numeric(12,2) NOT NULL,
  l_tax numeric(12,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL,
  l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL,
  l_shipinstruct text NOT NULL, l_shipmode text NOT NULL);
INSERT INTO analytics.lineitem
  SELECT o_orderkey, ln, p, 1 + (p + k * (:nsupp / 4 + (p - 1) / :nsupp)) % :nsupp, q, q * (900 + p % 1000),
         floor(random() * 11) / 100, floor(random() * 9) / 100,
         CASE WHEN ship + 30 > date '1995-06-17' THEN 'N' WHEN random() < 0.5 THEN 'R' ELSE 'A' END,
         CASE WHEN ship > date '1995-06-17' THEN 'O' ELSE 'F' END,
         ship, o_orderdate + 30 + floor(random() * 61)::int, ship + 1 + floor(random() * 30)::int,
         (ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'])[1 + floor(random() * 4)::int],
         (ARRAY['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'])[1 + floor(random() * 7)::int]
  FROM (SELECT o.o_orderkey, o.o_orderdate, ln, 1 + floor(random() * :npart)::int AS p, floor(random() * 4)::int AS k,
               1 + floor(random() * 50) AS q, o.o_orderdate + 1 + floor(random() * 121)::int AS ship
        FROM analytics.orders o, generate_series(1, 1 + (o.o_orderkey::bigint * 7919 % 7)::int) ln) l;
ALTER TABLE analytics.supplier ADD PRIMARY KEY (s_suppkey);
ALTER TABLE analytics.customer ADD PRIMARY KEY (c_custkey);
ALTER TABLE analytics.part ADD PRIMARY KEY (p_partkey);
ALTER TABLE analytics.partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey);
ALTER TABLE analytics.orders ADD PRIMARY KEY (o_orderkey);
ALTER TABLE analytics.lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber);
VACUUM ANALYZE analytics.region, analytics.nation, analytics.supplier, analytics.customer, analytics.part, analytics.partsupp, analytics.orders,
  analytics.lineitem;
SQL
}

aw_vars_analytics() {
  pgi_psql -c "SELECT '-Dncust=' || (SELECT max(c_custkey) FROM analytics.customer) ||
                      ' -Dnpart=' || (SELECT max(p_partkey) FROM analytics.part) ||
                      ' -Dnsupp=' || (SELECT max(s_suppkey) FROM analytics.supplier) ||
                      ' -Dnord=' || (SELECT max(o_orderkey) FROM analytics.orders) ||
                      ' -Dnclerk=' || (SELECT count(DISTINCT o_clerk) FROM analytics.orders)"
}
