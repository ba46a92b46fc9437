#!/usr/bin/env bash
# insights.shared_memory() at the defaults and as the two settings it grows
# with change: an area that grows with a setting grows in proportion, the
# others keep their size, the areas add up to what store_info() says was
# asked for, and PostgreSQL's own shared_memory_size moves by as much. The
# README's shared-memory figures are the ones this prints.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.sample_activity = off"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights"

# measure NAME: the areas as "area bytes" lines in $PGI_DIR/NAME, and
# "total requested server_mb" in $NAME_facts.
measure() {
  pgi_psql -F ' ' -c "SELECT replace(area, ' ', '_'), bytes FROM insights.shared_memory() ORDER BY 1" >"$PGI_DIR/$1"
  read -r total requested server_mb < <(pgi_psql -F ' ' -c "
    SELECT (SELECT sum(bytes) FROM insights.shared_memory()), shmem_bytes,
           (SELECT setting FROM pg_settings WHERE name = 'shared_memory_size')
    FROM insights.store_info()")
  printf -v "${1}_facts" '%s %s %s' "$total" "$requested" "$server_mb"
}
# bytes NAME AREA
bytes() { awk -v a="${2// /_}" '$1 == a { print $2 }' "$PGI_DIR/$1"; }
# ratio NAME1 NAME2 AREA: NAME2's bytes / NAME1's, 3 decimals
ratio() { awk -v x="$(bytes "$1" "$3")" -v y="$(bytes "$2" "$3")" 'BEGIN { printf "%.3f", y / x }'; }
# same_total NAME: the areas add up to the request
same_total() { local facts=${1}_facts; read -r t r _ <<<"${!facts}"; [ "$t" = "$r" ]; }
# server_moved_as_ours A B: shared_memory_size (whole MB, rounded up) moved
# by our total's change, within its rounding
server_moved_as_ours() {
  local fa=${1}_facts fb=${2}_facts
  read -r ta _ ma <<<"${!fa}"; read -r tb _ mb <<<"${!fb}"
  awk -v d=$((tb - ta)) -v m=$(((mb - ma) * 1048576)) 'BEGIN { x = m - d; exit !(x > -1048576 && x < 1048576) }'
}

measure defaults
echo "# at the defaults (insights.max_statements = 5000, insights.history_max_rows = 50000):"
pgi_psql -F ' | ' -c "SELECT area, bytes, pg_size_pretty(bytes), coalesce(grows_with, 'fixed')
                      FROM insights.shared_memory()" | sed 's/^/#   /'
read -r total_defaults _ <<<"$defaults_facts"
echo "#   total $total_defaults bytes ($(pgi_psql -c "SELECT pg_size_pretty($total_defaults::int8)"))"
pgi_ok "the areas add up to the request (defaults)" same_total defaults

pgi_cluster_stop
pgi_conf "insights.max_statements = 10000"
pgi_cluster_start
measure statements
pgi_ok "the areas add up to the request (10,000 statements)" same_total statements
pgi_is "$(ratio defaults statements 'pg_insights texts')" 2.000 "texts: 2 KiB per statement"
pgi_is "$(ratio defaults statements 'pg_insights query ids')" 2.000 "query id map: twice the statements, a power of two"
for area in 'pg_insights statements' 'pg_insights statement waits' 'pg_insights folded query ids'; do
  r=$(ratio defaults statements "$area")
  pgi_ok "$area: doubled with the statements ($r)" awk -v r="$r" 'BEGIN { exit !(r >= 1.95 && r <= 2.05) }'
done
for area in 'pg_insights history rows' 'pg_insights statement errors' 'pg_insights statement plans' \
            'pg_insights activity' 'pg_insights noted indexes' 'pg_insights state' 'pg_insights history'; do
  pgi_is "$(ratio defaults statements "$area")" 1.000 "$area: does not grow with the statements"
done
pgi_ok "PostgreSQL's shared_memory_size moved as the total ($defaults_facts -> $statements_facts)" \
  server_moved_as_ours defaults statements
read -r total_statements _ <<<"$statements_facts"
echo "# per statement of insights.max_statements: $(((total_statements - total_defaults) / 5000)) bytes"

pgi_cluster_stop
pgi_conf "insights.history_max_rows = 100000"
pgi_cluster_start
measure history
pgi_ok "the areas add up to the request (100,000 history rows)" same_total history
pgi_is "$(ratio statements history 'pg_insights history rows')" 2.000 "history rows: in proportion"
for area in 'pg_insights statements' 'pg_insights texts' 'pg_insights statement waits' 'pg_insights query ids'; do
  pgi_is "$(ratio statements history "$area")" 1.000 "$area: does not grow with the history"
done
pgi_ok "PostgreSQL's shared_memory_size moved as the total ($statements_facts -> $history_facts)" \
  server_moved_as_ours statements history
read -r total_history _ <<<"$history_facts"
echo "# per row of insights.history_max_rows: $(((total_history - total_statements) / 50000)) bytes"
pgi_done
