#!/usr/bin/env bash
# Pool advice follows the measured load: pgbench keeps 2, then 12 connections
# busy (pg_sleep plus a cheap lookup) for a bit over a minute each, and
# insights.pool_advice() over the last minute must size the pools from what
# the sampler measured: PgBouncer's default_pool_size is the busy p95 rounded
# up, capped by the core budget (max_db_connections); the application pools
# share that budget; and bad arguments are refused with a clear ERROR.
# Environment: DURATION seconds per run (65; the advice needs 60 s of samples).
# Takes about 2¼ minutes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

duration=${DURATION:-65}
window="60 seconds"
app=pool_advice_app
cores=$(getconf _NPROCESSORS_ONLN)

pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql >/dev/null <<'SQL'
CREATE EXTENSION pg_insights;
CREATE TABLE pgi_t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1000) g;
ALTER TABLE pgi_t ADD PRIMARY KEY (id);
SQL
# Connections the server lets clients use: the budget never exceeds them.
available=$(pgi_psql -c "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")

# Each transaction holds its connection for ~50 ms on a sleep, then does a
# primary-key lookup: the connection is active ~97% of the time (the rest is
# round trips, longer when 12 clients share few cores with pgbench).
script=$PGI_DIR/busy.sql
cat >"$script" <<'SQL'
\set id random(1, 1000)
SELECT pg_sleep(0.05);
SELECT v FROM pgi_t WHERE id = :id;
SQL

# error_of SQL: the ERROR psql reports for SQL, without the "ERROR:  " prefix.
error_of() { pgi_psql -c "$1" 2>&1 >/dev/null | sed -n 's/^[^:]*ERROR: *//p' | head -n 1; }

# run_load CLIENTS: fresh statistics and samples, then pgbench for $duration s
# under one application_name, then a snapshot (in one transaction, so all
# readings see the same moment) of pool_advice() for 1 and 2 app instances
# and of the window's seconds in insights.activity.
run_load() {
  local clients=$1
  pgi_psql -c "SELECT insights.reset(), insights.reset_activity()" >/dev/null
  echo "# pgbench: $clients clients, $duration s"
  PGAPPNAME=$app pgbench -n -c "$clients" -j 2 -T "$duration" -f "$script" >"$PGI_DIR/pgbench_$clients.out" 2>&1 ||
    { cat "$PGI_DIR/pgbench_$clients.out"; return 1; }
  grep -E '^(number of transactions actually processed|latency average|tps)' "$PGI_DIR/pgbench_$clients.out" |
    sed 's/^/#   /'
  pgi_psql >/dev/null <<SQL
BEGIN;
CREATE TABLE advice_${clients}_1 AS SELECT * FROM insights.pool_advice(app_instances => 1, "window" => '$window');
CREATE TABLE advice_${clients}_2 AS SELECT * FROM insights.pool_advice(app_instances => 2, "window" => '$window');
CREATE TABLE advice_${clients}_inferred AS SELECT * FROM insights.pool_advice("window" => '$window');
CREATE TABLE activity_$clients AS
  -- pool_advice's window: the last complete seconds (the current one is still being sampled).
  SELECT * FROM insights.activity
   WHERE second < date_trunc('second', clock_timestamp())
     AND second >= date_trunc('second', clock_timestamp()) - interval '$window';
COMMIT;
SQL
}

# rec TABLE TARGET SETTING: the recommended value of one row of a snapshot.
rec() { pgi_psql -c "SELECT coalesce(recommended_value, 'NULL') FROM $1 WHERE target = '$2' AND setting = '$3'"; }
# rationale_p95 TABLE: the busy p95 that default_pool_size's rationale states.
rationale_p95() {
  pgi_psql -c "SELECT substring(rationale from 'idle in transaction\) p50 [0-9.,]+, p95 ([0-9.,]+),')
               FROM $1 WHERE target = 'pgbouncer' AND setting = 'default_pool_size'"
}
# measured_p95 CLIENTS: the busy (active + idle in transaction) p95 computed
# here from the activity snapshot: per-second means weighted by their samples,
# nearest rank, as the model documents it.
measured_p95() {
  pgi_psql -c "WITH w AS (SELECT active + idle_in_transaction AS busy, samples FROM activity_$1),
                    r AS (SELECT busy, sum(samples) OVER (ORDER BY busy ROWS UNBOUNDED PRECEDING) AS cum,
                                 sum(samples) OVER () AS total FROM w)
               SELECT round(min(busy)::numeric, 1) FROM r WHERE cum >= ceil(0.95 * total)"
}
mean_active() { pgi_psql -c "SELECT round((sum(active * samples) / sum(samples))::numeric, 2) FROM activity_$1"; }
# active_split CLIENTS: mean active connections by what they were doing.
active_split() {
  pgi_psql -c "SELECT format('cpu %s, io %s, lock %s, lwlock %s, client %s, other %s', VARIADIC array_agg(round(m::numeric, 2)))
               FROM (SELECT unnest(array[sum(active_cpu * samples), sum(active_io * samples), sum(active_lock * samples),
                                         sum(active_lwlock * samples), sum(active_client * samples),
                                         sum(active_other * samples)]) / sum(samples) AS m
                     FROM activity_$1) s"
}
ceil_of() { awk -v x="$1" 'BEGIN { c = int(x); if (c < x - 1e-9) c++; print c }'; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 0.11 && d >= -0.11) }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
show() {
  echo "# $1:"
  pgi_psql -F ' | ' -c "SELECT target, setting, coalesce(recommended_value, 'NULL') FROM $1
                        WHERE target IN ('pgbouncer', 'sqlalchemy', 'go database/sql', 'hikaricp', 'node-postgres')
                           OR setting = 'max_connections'" | sed 's/^/#   /'
  pgi_psql -c "SELECT setting || ': ' || rationale FROM $1
               WHERE (target = 'pgbouncer' AND setting IN ('default_pool_size', 'max_db_connections'))
                  OR (target = 'sqlalchemy' AND setting = 'max_overflow') OR target = 'warning'" |
    fold -s -w 150 | sed 's/^/#     /'
}

# checks_for CLIENTS: what must hold after either run. Sets p95 (busy, as the
# rationale states it), pool (default_pool_size) and budget (max_db_connections).
checks_for() {
  local c=$1 t=advice_$1_1 measured per_pool half want
  show "$t"
  pgi_is "$(pgi_psql -c "SELECT count(*) FROM activity_$c")" 60 "$c clients: 60 seconds sampled in the window"
  pgi_is "$(pgi_psql -c "SELECT string_agg(target || ' ' || setting, ', ') FROM $t
                         WHERE recommended_value IS NULL AND target <> 'warning'")" "" \
         "$c clients: every setting has a recommended value after 60 s of samples"
  p95=$(rationale_p95 "$t") measured=$(measured_p95 "$c")
  echo "# $c clients: busy p95 $p95 (rationale), $measured (from insights.activity); mean active $(mean_active "$c") ($(active_split "$c"))"
  pgi_ok "$c clients: the rationale's busy p95 ($p95) is the one insights.activity shows ($measured)" near "$p95" "$measured"
  pool=$(rec "$t" pgbouncer default_pool_size) budget=$(rec "$t" pgbouncer max_db_connections)
  # The budget starts at 2 × cores (+1 spindle) and grows when the active
  # connections mostly wait on timers or clients (this workload sleeps).
  pgi_ok "$c clients: the budget (max_db_connections $budget) is between 2 × $cores cores and $available" \
         test "$budget" -ge $((2 * cores < available ? 2 * cores : available)) -a "$budget" -le "$available"
  want=$(ceil_of "$p95")
  [ "$want" -le "$budget" ] || want=$budget
  pgi_is "$pool" "$want" "$c clients: default_pool_size = min(ceil(busy p95 $p95), budget $budget)"
  # One app instance: a pool gets the whole budget.
  pgi_is "$(($(rec "$t" sqlalchemy pool_size) + $(rec "$t" sqlalchemy max_overflow)))" "$budget" \
         "$c clients, 1 instance: SQLAlchemy pool_size + max_overflow = budget"
  pgi_is "$(rec "$t" sqlalchemy pool_size)" "$pool" "$c clients, 1 instance: SQLAlchemy pool_size = default_pool_size"
  for row in "go database/sql|SetMaxOpenConns" "hikaricp|maximumPoolSize" "node-postgres|max"; do
    pgi_is "$(rec "$t" "${row%|*}" "${row#*|}")" "$budget" "$c clients, 1 instance: ${row/|/ } = budget"
  done
  # Two app instances: each gets floor(budget / 2).
  t=advice_$1_2 half=$((budget / 2)) per_pool=$(((pool + 1) / 2))
  [ "$per_pool" -le "$half" ] || per_pool=$half
  pgi_is "$(rec "$t" pgbouncer default_pool_size)" "$pool" "$c clients, 2 instances: default_pool_size unchanged"
  pgi_is "$(($(rec "$t" sqlalchemy pool_size) + $(rec "$t" sqlalchemy max_overflow)))" "$half" \
         "$c clients, 2 instances: SQLAlchemy pool_size + max_overflow = floor($budget / 2)"
  pgi_is "$(rec "$t" sqlalchemy pool_size)" "$per_pool" \
         "$c clients, 2 instances: SQLAlchemy pool_size = min(ceil($pool / 2), floor($budget / 2))"
  for row in "go database/sql|SetMaxOpenConns" "hikaricp|maximumPoolSize" "node-postgres|max"; do
    pgi_is "$(rec "$t" "${row%|*}" "${row#*|}")" "$half" "$c clients, 2 instances: ${row/|/ } = floor($budget / 2)"
  done
  # No app_instances: one application_name, so one instance (psql is a tool, not an instance).
  pgi_ok "$c clients: one app instance inferred from application_name $app" \
         grep -q "1 app instance (inferred from client groups: $app)" \
         <(pgi_psql -c "SELECT rationale FROM advice_${c}_inferred WHERE target = 'sqlalchemy' AND setting = 'max_overflow'")
  pgi_is "$(rec "advice_${c}_inferred" sqlalchemy max_overflow)" "$(rec "advice_${c}_1" sqlalchemy max_overflow)" \
         "$c clients: inferred instances size the pools as app_instances => 1"
}

# --- bad input ---
pgi_is "$(error_of "SELECT * FROM insights.pool_advice(app_instances => 0)")" \
       "app_instances must be a positive number of application instances, not 0" "app_instances => 0 is an ERROR"
pgi_is "$(error_of "SELECT * FROM insights.pool_advice(workers_per_instance => 0)")" \
       "workers_per_instance must be a positive number of pools per instance" "workers_per_instance => 0 is an ERROR"
pgi_is "$(error_of "SELECT * FROM insights.pool_advice(\"window\" => '10 milliseconds')")" \
       "window must be at least the sample interval (insights.sample_interval_ms = 100 ms)" \
       "a window shorter than the sample interval is an ERROR"

# --- 2 clients ---
run_load 2
checks_for 2
pool_2=$pool
pgi_is "$pool_2" 2 "2 clients: default_pool_size 2"

# --- right after a reset there is no minute of samples: no sizes ---
pgi_psql -c "SELECT insights.reset(), insights.reset_activity()" >/dev/null
pgi_is "$(pgi_psql -c "SELECT coalesce(recommended_value, 'NULL') || ' / ' || (rationale LIKE 'No recommendation: only % s of samples in the window%')
                       FROM insights.pool_advice(app_instances => 1, \"window\" => '$window')
                       WHERE target = 'pgbouncer' AND setting = 'default_pool_size'")" "NULL / true" \
       "after reset_activity(): default_pool_size NULL, the rationale says samples are missing"

# --- 12 clients ---
run_load 12
checks_for 12
p95_12=$p95 pool_12=$pool budget_12=$budget
mean12=$(mean_active 12)
pgi_ok "12 clients: mean active over the window ($mean12) is at least 11" at_least "$mean12" 11
pgi_ok "12 clients: busy p95 ($p95_12) is at least 11" at_least "$p95_12" 11
pgi_ok "default_pool_size grows with the load (2 clients: $pool_2, 12 clients: $pool_12)" test "$pool_12" -gt "$pool_2"
want=12
[ "$want" -le "$budget_12" ] || want=$budget_12
pgi_is "$pool_12" "$want" "12 clients: default_pool_size = min(12, budget $budget_12)"
pgi_ok "12 clients asleep most of the time: the pool follows them ($pool_12 ≥ 11), no core cap" test "$pool_12" -ge 11
pgi_done
