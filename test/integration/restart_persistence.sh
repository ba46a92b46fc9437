#!/usr/bin/env bash
# Statistics survive a clean restart (insights.save = on, the default) and
# are gone after a restart with insights.save = off.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql >/dev/null <<'SQL'
CREATE EXTENSION pg_insights;
CREATE TABLE pgi_t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 100) g;
SELECT insights.reset();
SQL

# Workload: 37 calls returning 1 + 2 + ... + 37 = 703 rows.
for i in $(seq 37); do echo "SELECT id, v FROM pgi_t WHERE id <= $i;"; done | pgi_psql >/dev/null

fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT id, v FROM pgi_t WHERE id <= 1')")
counts="SELECT coalesce(sum(calls), 0) || ' calls, ' || coalesce(sum(rows), 0) || ' rows'
        FROM insights.statements WHERE fingerprint = '$fp'"
details="SELECT concat_ws(' ', calls, rows, total_ms, min_ms, max_ms, mean_ms, stddev_ms,
                        p50_ms, p95_ms, p99_ms, slow_calls, shared_blks_hit, shared_blks_read,
                        first_seen, last_seen)
         FROM insights.statements WHERE fingerprint = '$fp'"
old_entries="SELECT count(*) FROM insights.statements WHERE first_seen < pg_postmaster_start_time()"

before=$(pgi_psql -c "$counts")
before_details=$(pgi_psql -c "$details")
pgi_is "$before" "37 calls, 703 rows" "workload recorded before restart"

pgi_cluster_stop
pgi_ok "statistics file written at shutdown" test -s "$PGI_DATA/pg_stat/pg_insights.stat"
pgi_cluster_start
pgi_is "$(pgi_psql -c "$counts")" "$before" "calls and rows identical after restart"
pgi_is "$(pgi_psql -c "$details")" "$before_details" "all statistics of the statement identical after restart"

# insights.save = off: nothing is written at shutdown nor read at startup.
pgi_conf "insights.save = off"
pgi_psql -c "SELECT pg_reload_conf()" >/dev/null
pgi_cluster_restart
pgi_is "$(pgi_psql -c "$counts")" "0 calls, 0 rows" "statement gone after restart with insights.save = off"
pgi_is "$(pgi_psql -c "$old_entries")" 0 "no entries from before the restart with insights.save = off"
pgi_done
