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

# A file of the previous format (4, before pg_stat_statements' counters)
# still loads: the statistics it has are kept, the new counters start at
# zero. The file is this one rewritten as format 4 wrote it.
pgi_psql -c "CREATE TABLE pgi_w (a int); INSERT INTO pgi_w SELECT generate_series(1, 100)" >/dev/null
wal="SELECT wal_records FROM insights.statements WHERE query LIKE 'INSERT INTO pgi_w%'"
pgi_ok "a write has WAL records before the downgrade" test "$(pgi_psql -c "$wal")" -gt 0
new_counters="SELECT concat_ws(' ', plans, wal_records, wal_fpi, wal_bytes, shared_blks_dirtied, temp_blks_read,
                              local_blks_hit, jit_functions, cpu_user_time, minmax_stats_since = stats_since)
              FROM insights.statements WHERE fingerprint = '$fp'"
pgi_cluster_stop
stat_file=$PGI_DATA/pg_stat/pg_insights.stat
python3 "$(dirname "$0")/../security/stats_file_forge.py" "$stat_file" "$stat_file.v4" format4
cat "$stat_file.v4" >"$stat_file" && rm -f "$stat_file.v4"
pgi_ok "rewritten as format 4" python3 -c "import struct,sys; sys.exit(struct.unpack_from('<I', open('$stat_file','rb').read(), 4)[0] != 4)"
pgi_cluster_start
pgi_is "$(pgi_psql -c "$details")" "$before_details" "a format-4 file loads: every statistic it had is kept"
pgi_is "$(pgi_psql -c "$new_counters")" "0 0 0 0 0 0 0 0 0 t" "counters format 4 lacked start at zero"
pgi_is "$(pgi_psql -c "$wal")" "0" "the write's WAL count was not in format 4: zero"
pgi_is "$(grep -c 'ignoring statistics file' "$PGI_LOG" || true)" "0" "no WARNING for a format-4 file"

# insights.save = off: nothing is written at shutdown nor read at startup.
pgi_conf "insights.save = off"
pgi_psql -c "SELECT pg_reload_conf()" >/dev/null
pgi_cluster_restart
pgi_is "$(pgi_psql -c "$counts")" "0 calls, 0 rows" "statement gone after restart with insights.save = off"
pgi_is "$(pgi_psql -c "$old_entries")" 0 "no entries from before the restart with insights.save = off"
pgi_done
