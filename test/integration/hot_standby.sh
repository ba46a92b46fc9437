#!/usr/bin/env bash
# pg_insights on a hot standby: a primary with the extension and a streaming
# replica of it (pg_basebackup -R), the library preloaded on both. The
# replica's own read traffic gets statistics (exact counts, its own, not the
# primary's), slow queries, index advice (for a query only the replica
# runs) and pool advice from its own activity sampler; nothing pg_insights
# does writes, so all of it works on a read-only server; its statistics
# file, written when the replica shuts down, is read back when it starts.
# Environment: DURATION seconds of load on the replica (65; pool advice
# needs a minute of samples). Takes about 1½ minutes.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

duration=${DURATION:-65}
pgi_cluster_init "$(pgi_mktemp)" "insights.slow_threshold_ms = 50"
pgi_cluster_start
# Everything the replica needs is on the primary before the base backup:
# the extension, a table big enough for an index to matter, its statistics.
pgi_psql >/dev/null <<'SQL'
CREATE EXTENSION pg_insights;
CREATE TABLE orders AS
  SELECT g AS id, g % 5000 AS customer_id, now() - g * interval '1 minute' AS created_at, md5(g::text) AS note
  FROM generate_series(1, 200000) g;
ALTER TABLE orders ADD PRIMARY KEY (id);
ANALYZE orders;
SQL

# The replica: in the same directory (removed with it), its own port and
# socket; primary_conninfo written by pg_basebackup -R.
replica=$PGI_DIR/replica
replica_log=$PGI_DIR/replica.log
replica_port=$(pgi_free_port)
mkdir -p "$PGI_DIR/replica_sock"
pgi_own "$PGI_DIR/replica_sock"
pgi_as pg_basebackup -D "$replica" -R -X stream -c fast -h "$PGI_DIR/sock" -p "$PGI_PORT" -U postgres ||
  { echo "pg_basebackup failed"; exit 1; }
printf '%s\n' "port = $replica_port" "unix_socket_directories = '$PGI_DIR/replica_sock'" "hot_standby = on" |
  pgi_as tee -a "$replica/postgresql.conf" >/dev/null
replica_start() { pgi_as pg_ctl -D "$replica" -l "$replica_log" -w -t 120 start >/dev/null; }
replica_stop() { pgi_as pg_ctl -D "$replica" -m fast -w -t 120 stop >/dev/null; }
rpsql() { psql -X -At -q -v ON_ERROR_STOP=1 -h "$PGI_DIR/replica_sock" -p "$replica_port" "$@"; }
# The replica is stopped before lib.sh's own clean-up removes the directory.
trap 'rc=$?; [ ! -f "$replica/postmaster.pid" ] || pgi_as pg_ctl -D "$replica" -m immediate -w stop >/dev/null 2>&1
      [ "$rc" -eq 0 ] || { echo "# end of $replica_log:"; tail -n 15 "$replica_log" 2>/dev/null | sed "s/^/#   /"; }
      (exit "$rc"); pgi_cleanup' EXIT

pgi_ok "the replica starts" replica_start
pgi_is "$(rpsql -c "SELECT pg_is_in_recovery()")" t "the replica is in recovery (a hot standby)"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" 1 \
       "the primary streams to it"
# sampling: whether the replica's activity sampler samples (it has no
# database connection, so pg_stat_activity does not list it): samples
# within 1.5 s of a reset, at 100 ms.
sampling() {
  rpsql -c "SELECT insights.reset_activity()" >/dev/null
  sleep 1.5
  rpsql -c "SELECT coalesce(sum(samples), 0) >= 5 FROM insights.activity"
}
pgi_is "$(sampling)" t "the activity sampler samples on the replica"

# Exact counts: the replica's own statements, none of which the primary sees.
rpsql -c "SELECT insights.reset()" >/dev/null
pgi_psql -c "SELECT insights.reset()" >/dev/null
for i in $(seq 25); do echo "SELECT id, note FROM orders WHERE id = $i;"; done | rpsql >/dev/null
for i in $(seq 7); do echo "SELECT count(*) FROM orders WHERE id <= $((i * 10));"; done | rpsql >/dev/null
point=$(rpsql -c "SELECT insights.fingerprint('SELECT id, note FROM orders WHERE id = 1')")
range=$(rpsql -c "SELECT insights.fingerprint('SELECT count(*) FROM orders WHERE id <= 1')")
counts() { "$1" -c "SELECT coalesce(sum(calls), 0) || ' calls, ' || coalesce(sum(rows), 0) || ' rows'
                     FROM insights.statements WHERE fingerprint = '$2'"; }
pgi_is "$(counts rpsql "$point")" "25 calls, 25 rows" "replica: point lookups counted exactly"
pgi_is "$(counts rpsql "$range")" "7 calls, 7 rows" "replica: range counts counted exactly"
pgi_is "$(counts pgi_psql "$point")" "0 calls, 0 rows" "primary: the replica's statements are not counted there"

# A slow query, on the replica only.
rpsql -c "SELECT pg_sleep(0.12) AS replica_nap" >/dev/null
pgi_is "$(rpsql -c "SELECT calls || ' call, ' || slow_calls || ' slow' FROM insights.slow_queries() WHERE query LIKE '%replica_nap%'")" \
       "1 call, 1 slow" "replica: slow_queries() lists the slow statement"

# The read load the replica serves behind its pool: a query only the replica
# runs (a customer's recent orders: a sequential scan of 200,000 rows) and
# primary-key lookups, from 4 clients for $duration s.
script=$PGI_DIR/replica_load.sql
cat >"$script" <<'SQL'
\set c random(1, 4999)
\set id random(1, 200000)
SELECT id, created_at FROM orders WHERE customer_id = :c ORDER BY created_at DESC LIMIT 10;
SELECT note FROM orders WHERE id = :id;
SQL
pgi_own "$script"
rpsql -c "SELECT insights.reset_activity()" >/dev/null
echo "# pgbench on the replica: 4 clients, $duration s"
PGAPPNAME=replica_app pgbench -n -c 4 -j 2 -T "$duration" -f "$script" -h "$PGI_DIR/replica_sock" -p "$replica_port" \
  -U postgres postgres >"$PGI_DIR/pgbench.out" 2>&1 || { cat "$PGI_DIR/pgbench.out"; exit 1; }
grep -E '^(number of transactions actually processed|tps)' "$PGI_DIR/pgbench.out" | sed 's/^/#   /'
transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$PGI_DIR/pgbench.out")
recent=$(rpsql -c "SELECT insights.fingerprint('SELECT id, created_at FROM orders WHERE customer_id = 1 ORDER BY created_at DESC LIMIT 10')")
pgi_is "$(rpsql -c "SELECT sum(calls) FROM insights.statements WHERE fingerprint = '$recent'")" "$transactions" \
       "replica: the load's query counted once per pgbench transaction"

# Index advice for the replica's query, planned on the replica.
advice=$(rpsql -F '|' -c "SELECT index_ddl, '$recent' = ANY (fingerprints) FROM insights.index_advice()
                          WHERE table_name = 'orders'")
echo "$advice" | sed 's/^/#   /'
pgi_ok "replica: index advice for the replica-only query, keyed on customer_id" \
       grep -qE '^CREATE INDEX CONCURRENTLY .*\(customer_id.*\|t$' <<<"$advice"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.index_advice() WHERE table_name = 'orders'")" 0 \
       "primary: no advice for a query it never ran"

# Pool advice from the replica's sampler: its own clients, a minute of samples.
pgi_is "$(rpsql -c "SELECT count(DISTINCT client_group) FROM insights.activity_groups WHERE client_group = 'replica_app' AND max_connections = 4")" 1 \
       "replica: the sampler saw the 4 pgbench clients (activity_groups)"
pool=$(rpsql -F '|' -c "SELECT recommended_value, rationale FROM insights.pool_advice(\"window\" => '60 seconds')
                        WHERE target = 'pgbouncer' AND setting = 'default_pool_size'")
echo "# pgbouncer default_pool_size: $pool"
# 4 clients never need more than 4 server connections.
pgi_ok "replica: pool advice recommends 1 to 4 connections from the measured load" \
       grep -qE '^[1-4]\|.*busy connections .* over 60 s' <<<"$pool"

# Every other function too: report() runs each section (index health,
# maintenance, N+1, ...) and carries the error of one that fails.
pgi_is "$(rpsql -c "SELECT count(*) || ' sections, ' || count(*) FILTER (WHERE jsonb_typeof(value) = 'object' AND value ? 'error') || ' failed'
                    FROM jsonb_each(insights.report()) WHERE key <> 'server' AND key <> 'generated_at'")" \
       "12 sections, 0 failed" "replica: report() computes every section"

# Nothing of this wrote: the replica is still a standby and logged no ERROR.
pgi_is "$(rpsql -c "SELECT pg_is_in_recovery()")" t "the replica is still in recovery"
pgi_is "$(grep -c 'ERROR' "$replica_log" || true)" 0 "no ERROR in the replica's log"

# The replica's statistics survive its clean restart (the file it writes at
# shutdown, read back as it starts as a standby again).
before=$(counts rpsql "$point")
replica_stop
pgi_ok "replica: statistics file written at shutdown" test -s "$replica/pg_stat/pg_insights.stat"
mark=$(stat -c %s "$replica_log")
replica_start
pgi_is "$(counts rpsql "$point")" "$before" "replica: exact counts kept across its restart"
pgi_is "$(tail -c +"$((mark + 1))" "$replica_log" | grep -c 'WARNING' || true)" 0 "replica: no WARNING at start"
pgi_is "$(sampling)" t "replica: the sampler samples again after the restart"
replica_stop
pgi_done
