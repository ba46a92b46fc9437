#!/usr/bin/env bash
# A statistics file written with another libpg_query version (a build that
# fingerprinted with, say, Debian 12's 15-4.0.0) is discarded with a WARNING
# rather than mixed with this build's fingerprints: the server starts, the
# statistics start empty, and the next clean restart keeps the new ones.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
forge=$(dirname "$0")/../security/stats_file_forge.py

pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql >/dev/null <<'SQL'
CREATE EXTENSION pg_insights;
CREATE TABLE pgi_t AS SELECT g AS id FROM generate_series(1, 100) g;
SELECT insights.reset();
SQL
for i in $(seq 12); do echo "SELECT id FROM pgi_t WHERE id <= $i;"; done | pgi_psql >/dev/null
fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT id FROM pgi_t WHERE id <= 1')")
calls="SELECT coalesce(sum(calls), 0) FROM insights.statements WHERE fingerprint = '$fp'"
pgi_is "$(pgi_psql -c "$calls")" 12 "12 calls before the restart"
pgi_cluster_stop

stat_file=$PGI_DATA/pg_stat/pg_insights.stat
pgi_ok "statistics file written at shutdown" test -s "$stat_file"
# The header names this build's libpg_query (after the fixed fields, 40 bytes in).
pgi_is "$(dd if="$stat_file" bs=1 skip=40 count=16 status=none | tr -d '\0')" \
       "$("$(dirname "$0")/../../scripts/build-libpg-query.sh" --version)" "the file records the libpg_query version"

# The same file with another version in its header (and a correct checksum).
python3 "$forge" "$stat_file" "$PGI_DIR/other.stat" other_fingerprint_version
cp "$PGI_DIR/other.stat" "$stat_file"
pgi_own "$stat_file"
mark=$(pgi_log_mark)
pgi_ok "the server starts with a file of another libpg_query version" pgi_cluster_start
warning=$(pgi_log_since "$mark" | grep 'WARNING' | grep 'pg_insights' || true)
pgi_is "$(grep -c 'libpg_query 15-4.0.0' <<<"$warning" || true)" 1 \
       "one WARNING naming the file's libpg_query version: ${warning:-<none>}"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statements")" 0 "statistics start empty"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM pgi_t WHERE id <= 5")" 5 "the server answers queries"
pgi_ok "the refused file is removed" test ! -e "$stat_file"

# New statistics, kept by the next clean restart (written with this version).
for i in $(seq 3); do echo "SELECT id FROM pgi_t WHERE id <= $i;"; done | pgi_psql >/dev/null
pgi_cluster_stop
mark=$(pgi_log_mark)
pgi_cluster_start
pgi_is "$(pgi_psql -c "$calls")" 3 "the next restart keeps the 3 new calls, none of the 12 old ones"
pgi_is "$(pgi_log_since "$mark" | grep -c 'WARNING' || true)" 0 "no WARNING for a file of this version"
pgi_done
