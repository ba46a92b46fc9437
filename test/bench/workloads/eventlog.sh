# shellcheck shell=bash
# eventlog: an append-only event log (see ../advice_workloads.sh for the functions a workload defines)


# shellcheck disable=SC2034  # read as aw_mode_$w by aw_pgbench
aw_mode_eventlog=simple

aw_sets_eventlog() {
  cat <<'EOF'
\set day random(0, 190)
\set eid random(1, :nevents)
EOF
}

# Dashboards over time ranges of an append-only log (rows arrive in time
# order): one week's statistics, a fortnight's counts by kind, and a
# primary-key read.
aw_statements_eventlog() {
  cat <<'EOF'
week|slow|SELECT count(*), avg(value) FROM eventlog.events WHERE created_at >= timestamp '2024-01-01' + :day * interval '1 day' AND created_at < timestamp '2024-01-08' + :day * interval '1 day';
kinds|slow|SELECT kind, count(*) FROM eventlog.events WHERE created_at >= timestamp '2024-01-01' + :day * interval '1 day' AND created_at < timestamp '2024-01-15' + :day * interval '1 day' GROUP BY kind;
event|fast|SELECT id, created_at, device_id, kind, value FROM eventlog.events WHERE id = :eid;
EOF
}

# week, kinds: BRIN on created_at. The heap is in time order (correlation
# 1), the ranges span thousands of pages: BRIN reads them for about a
# thousandth of a B-tree's size.
aw_ideal_eventlog() {
  cat <<'EOF'
CREATE INDEX ON eventlog.events USING brin (created_at);
EOF
}

aw_load_eventlog() {
  local s=$1
  pgi_psql -v nevents=$((2000000 * s)) <<'SQL'
SET client_min_messages = warning;
SELECT setseed(0.53) \gset
DROP SCHEMA IF EXISTS eventlog CASCADE;
CREATE SCHEMA eventlog;
-- 200 days, in arrival order.
CREATE TABLE eventlog.events (
  id bigint PRIMARY KEY, created_at timestamp NOT NULL, device_id int NOT NULL, kind smallint NOT NULL,
  value float8 NOT NULL, payload text NOT NULL);
INSERT INTO eventlog.events
  SELECT g, timestamp '2024-01-01' + (g::float8 / :nevents) * interval '200 days', 1 + g % 5000, g % 12,
         random() * 100, 'reading ' || g % 997
  FROM generate_series(1, :nevents) g;
VACUUM ANALYZE eventlog.events;
SQL
}

aw_vars_eventlog() {
  pgi_psql -c "SELECT '-Dnevents=' || (SELECT max(id) FROM eventlog.events)"
}
