# shellcheck shell=bash
# test/bench/advice_workloads.sh: two realistic workloads with a known ideal
# index set, shared by test/integration/index_advice_speedup.sh and
# test/bench/index_advice_quality.sh. Source it after test/lib.sh, with a
# cluster running (PGHOST etc. set).
#
#   shop      e-commerce: customers, products, orders, order_items
#             (1.32M rows at scale 1); pgbench -M simple, i.e. constants in
#             the text, as client-side interpolating drivers send them
#   helpdesk  multi-tenant SaaS: tenants, users, tickets, ticket_events
#             (2.1M rows at scale 1); pgbench -M prepared, i.e. parameters,
#             as JDBC / Go / node-postgres send them, with reads and writes
#
# Each statement is "label|class|sql": class "slow" is a statement some index
# makes fast, "fast" one that must get no advice (primary-key lookups and
# writes). Every statement runs once per pgbench transaction, so the workload
# time of one transaction is the sum of the statements' mean times.
#
#   aw_load W SCALE             schema W with data, VACUUM ANALYZE, only primary keys
#   aw_script W FILE            write the pgbench script
#   aw_pgbench W FILE ARGS...   run it (-n, the workload's protocol, ARGS: -c/-j/-t/-T)
#   aw_labels W                 statement labels in script order
#   aw_class W LABEL            slow | fast
#   aw_fingerprint W LABEL      the statement's fingerprint as pg_insights tracks it
#   aw_means W                  "label mean_ms calls" from insights.statements
#   aw_ideal W                  the ideal index set, one CREATE INDEX per line
#   aw_drop_indexes W           drop every index in schema W but the primary keys
#   aw_apply_ddl FILE           run each line of FILE with psql -c; prints the
#                               number of statements that failed (errors on stderr)

# --- shop: e-commerce -------------------------------------------------------

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

# --- helpdesk: multi-tenant SaaS tickets ------------------------------------

# shellcheck disable=SC2034
aw_mode_helpdesk=prepared

aw_sets_helpdesk() {
  cat <<'EOF'
\set tid random(1, 1000)
\set uid random(1, :nusers)
\set tk random(1, :ntickets)
\set day random(0, 350)
EOF
}

# An agent's open-ticket queue, a ticket's timeline, an agent's tickets with
# their event counts (a join), a tenant's weekly activity, login by e-mail
# (case-insensitive), and the fast part: open a ticket by id, touch it, add
# an event.
aw_statements_helpdesk() {
  cat <<'EOF'
queue|slow|SELECT id, subject, priority, updated_at FROM helpdesk.tickets WHERE tenant_id = :tid AND status = 'open' ORDER BY updated_at DESC LIMIT 25;
timeline|slow|SELECT e.kind, e.created_at, u.name FROM helpdesk.ticket_events e JOIN helpdesk.users u ON u.id = e.user_id WHERE e.ticket_id = :tk ORDER BY e.created_at;
agent|slow|SELECT t.id, t.subject, count(e.id) AS events FROM helpdesk.tickets t JOIN helpdesk.ticket_events e ON e.ticket_id = t.id WHERE t.assignee_id = :uid GROUP BY t.id, t.subject;
activity|slow|SELECT kind, count(*) FROM helpdesk.ticket_events WHERE tenant_id = :tid AND created_at >= timestamp '2024-01-01' + :day * interval '1 day' AND created_at < timestamp '2024-01-08' + :day * interval '1 day' GROUP BY kind;
login|slow|SELECT id, tenant_id, role FROM helpdesk.users WHERE lower(email) = 'user' || :uid::text || '@example.com';
ticket|fast|SELECT id, tenant_id, subject, status, priority FROM helpdesk.tickets WHERE id = :tk;
touch|fast|UPDATE helpdesk.tickets SET updated_at = localtimestamp WHERE id = :tk;
comment|fast|INSERT INTO helpdesk.ticket_events (tenant_id, ticket_id, user_id, kind, created_at) VALUES (:tid, :tk, :uid, 'comment', localtimestamp);
EOF
}

# queue:    partial on the hard-coded status (4% open), composite, ORDER BY ... DESC LIMIT
# timeline: equality then ORDER BY; also the join key of agent
# agent:    equality on the assignee
# activity: covering: equality, range, INCLUDE the grouped column
# login:    expression index on lower(email)
aw_ideal_helpdesk() {
  cat <<'EOF'
CREATE INDEX ON helpdesk.tickets (tenant_id, updated_at DESC) WHERE status = 'open';
CREATE INDEX ON helpdesk.ticket_events (ticket_id, created_at);
CREATE INDEX ON helpdesk.tickets (assignee_id);
CREATE INDEX ON helpdesk.ticket_events (tenant_id, created_at) INCLUDE (kind);
CREATE INDEX ON helpdesk.users (lower(email));
EOF
}

aw_load_helpdesk() {
  local s=$1
  pgi_psql -v nusers=$((100000 * s)) -v ntickets=$((500000 * s)) -v nevents=$((1500000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.17) \gset
DROP SCHEMA IF EXISTS helpdesk CASCADE;
CREATE SCHEMA helpdesk;
CREATE TABLE helpdesk.tenants (id int PRIMARY KEY, name text NOT NULL, plan text NOT NULL);
INSERT INTO helpdesk.tenants
  SELECT g, 'Tenant ' || g, (ARRAY['free', 'team', 'business', 'enterprise'])[1 + g % 4]
  FROM generate_series(1, 1000) g;
CREATE TABLE helpdesk.users (
  id bigint PRIMARY KEY, tenant_id int NOT NULL, email text NOT NULL, name text NOT NULL, role text NOT NULL);
INSERT INTO helpdesk.users
  SELECT g, 1 + g % 1000, 'User' || g || '@Example.com', 'User ' || g,
         CASE WHEN g % 10 = 0 THEN 'agent' ELSE 'requester' END
  FROM generate_series(1, :nusers) g;
-- 4% open, 6% pending, 30% solved, 60% closed
CREATE TABLE helpdesk.tickets (
  id bigint PRIMARY KEY, tenant_id int NOT NULL, requester_id bigint NOT NULL, assignee_id bigint,
  status text NOT NULL, priority int NOT NULL, subject text NOT NULL,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL);
INSERT INTO helpdesk.tickets
  SELECT g, 1 + g % 1000, 1 + floor(random() * :nusers)::bigint,
         CASE WHEN random() < 0.9 THEN 1 + floor(random() * :nusers)::bigint END,
         CASE WHEN r < 0.04 THEN 'open' WHEN r < 0.10 THEN 'pending' WHEN r < 0.40 THEN 'solved' ELSE 'closed' END,
         1 + floor(random() * 4)::int, 'Ticket ' || g || ': something is broken',
         c, c + random() * interval '30 days'
  FROM (SELECT g, random() AS r, timestamp '2024-01-01' + random() * interval '360 days' AS c
        FROM generate_series(1, :ntickets) g) s;
CREATE TABLE helpdesk.ticket_events (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, tenant_id int NOT NULL, ticket_id bigint NOT NULL,
  user_id bigint NOT NULL, kind text NOT NULL, created_at timestamp NOT NULL);
INSERT INTO helpdesk.ticket_events (id, tenant_id, ticket_id, user_id, kind, created_at)
  SELECT g, 1 + t % 1000, t, 1 + floor(random() * :nusers)::bigint,
         (ARRAY['created', 'comment', 'assigned', 'status', 'tag', 'mention', 'merge', 'rating'])[1 + floor(random() * 8)::int],
         timestamp '2024-01-01' + random() * interval '360 days'
  FROM (SELECT g, 1 + floor(random() * :ntickets)::bigint AS t FROM generate_series(1, :nevents) g) s;
SELECT setval(pg_get_serial_sequence('helpdesk.ticket_events', 'id'), :nevents) \gset
VACUUM ANALYZE helpdesk.tenants, helpdesk.users, helpdesk.tickets, helpdesk.ticket_events;
SQL
}

# --- common -----------------------------------------------------------------

aw_load() { "aw_load_$1" "$2"; }
aw_ideal() { "aw_ideal_$1"; }
aw_labels() { "aw_statements_$1" | cut -d'|' -f1; }
aw_class() { "aw_statements_$1" | awk -F'|' -v l="$2" '$1 == l { print $2 }'; }
aw_sql() { "aw_statements_$1" | awk -F'|' -v l="$2" '$1 == l { print substr($0, length($1) + length($2) + 3) }'; }

aw_script() {
  { "aw_sets_$1"; "aw_statements_$1" | cut -d'|' -f3-; } >"$2"
  pgi_own "$2"
}

# Table sizes for the \set lines, from the loaded data.
aw_pgbench_vars() {
  case $1 in
    shop) pgi_psql -c "SELECT '-Dncust=' || (SELECT max(id) FROM shop.customers) ||
                              ' -Dnprod=' || (SELECT max(id) FROM shop.products)" ;;
    helpdesk) pgi_psql -c "SELECT '-Dnusers=' || (SELECT max(id) FROM helpdesk.users) ||
                                  ' -Dntickets=' || (SELECT max(id) FROM helpdesk.tickets)" ;;
  esac
}

aw_pgbench() {
  local w=$1 file=$2 mode_var="aw_mode_$1"; shift 2
  # shellcheck disable=SC2046
  pgbench -n -M "${!mode_var}" $(aw_pgbench_vars "$w") -f "$file" "$@"
}

# The tracked fingerprint: libpg_query ignores constants and parameters, so
# the pgbench variables can stand as $1.
aw_fingerprint() {
  local sql
  # shellcheck disable=SC2016  # a literal $1
  sql=$(aw_sql "$1" "$2" | sed -E 's/(^|[^:]):[a-z]+/\1$1/g')
  pgi_psql -v q="$sql" <<<"SELECT insights.fingerprint(:'q')"
}

aw_means() {
  local w=$1 label
  for label in $(aw_labels "$w"); do
    printf '%s %s\n' "$label" "$(pgi_psql -F' ' -c "SELECT coalesce(sum(total_ms) / nullif(sum(calls), 0), 0),
        coalesce(sum(calls), 0) FROM insights.statements WHERE fingerprint = '$(aw_fingerprint "$w" "$label")'")"
  done
}

aw_drop_indexes() {
  pgi_psql -v schema="$1" <<'SQL'
SELECT format('DROP INDEX %s;', i.indexrelid::regclass)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace = :'schema'::regnamespace AND NOT i.indisprimary
\gexec
SQL
}

aw_apply_ddl() {
  local ddl failed=0
  while IFS= read -r ddl; do
    [ -n "$ddl" ] || continue
    pgi_psql -c "$ddl" >/dev/null || { echo "DDL failed: $ddl" >&2; failed=$((failed + 1)); }
  done <"$1"
  echo "$failed"
}
