#!/usr/bin/env bash
# A corrupt statistics file must not keep the server from starting: it logs a
# WARNING mentioning pg_insights and starts with empty statistics.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights"
pgi_psql -c "CREATE TABLE pgi_t AS SELECT generate_series(1, 100) AS id" >/dev/null
for i in $(seq 50); do
  echo "SELECT count(*) FROM pgi_t WHERE id < $i;"
  echo "SELECT id FROM pgi_t WHERE id = $i;"
  echo "SELECT id, id * $i AS x$((i % 7)) FROM pgi_t ORDER BY id LIMIT $i;"
done | pgi_psql >/dev/null
pgi_cluster_stop

stat_file=$PGI_DATA/pg_stat/pg_insights.stat
valid=$PGI_DIR/valid.stat
cp "$stat_file" "$valid"
size=$(stat -c %s "$valid")
pgi_ok "valid statistics file written at shutdown ($size bytes)" test "$size" -gt 0

# check_start CASE: the file is in place; start and check.
check_start() {
  pgi_own "$stat_file"
  local mark; mark=$(pgi_log_mark)
  pgi_ok "$1: server starts" pgi_cluster_start
  # Entries loaded from the file would predate this start.
  pgi_is "$(pgi_psql -c "SELECT count(*) FILTER (WHERE first_seen < pg_postmaster_start_time())
                                  || ' loaded, ' || count(*) || ' total'
                         FROM insights.statements")" "0 loaded, 0 total" "$1: statistics are empty"
  local warning; warning=$(pgi_log_since "$mark" | grep 'WARNING' | grep -i 'pg_insights' | head -n 1 || true)
  pgi_ok "$1: log has a WARNING mentioning pg_insights: ${warning:-<none>}" test -n "$warning"
  pgi_cluster_stop
}

head -c 8192 /dev/urandom >"$stat_file"
check_start "random bytes"
head -c $((size / 2)) "$valid" >"$stat_file"
check_start "truncated to $((size / 2)) of $size bytes"
head -c $((size - 1)) "$valid" >"$stat_file"
check_start "last byte missing"
: >"$stat_file"
check_start "empty file"
pgi_done
