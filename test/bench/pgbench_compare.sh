#!/usr/bin/env bash
# Read-only pgbench throughput with no extension, pg_stat_statements and
# pg_insights, in one cluster. Every round restarts the server once per
# configuration; the report gives the median TPS and the ratios.
# Environment: ROUNDS (3), DURATION seconds per run (15), SCALE (10),
# CLIENTS (2), WARMUP seconds (3), TRACK_CPU (1: also pg_insights with
# insights.track_cpu = on, and its ratio to pg_insights without).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

rounds=${ROUNDS:-3} duration=${DURATION:-15} scale=${SCALE:-10} clients=${CLIENTS:-2} warmup=${WARMUP:-3}
configs=(none pg_stat_statements pg_insights)
[ "${TRACK_CPU:-0}" = 1 ] && configs+=(pg_insights_cpu)
# insights.track_cpu is set in every configuration: each one's lines are
# appended to postgresql.conf, and the last setting wins.
declare -A settings=(
  [none]="shared_preload_libraries = ''|compute_query_id = auto|insights.track_cpu = off"
  [pg_stat_statements]="shared_preload_libraries = 'pg_stat_statements'|compute_query_id = on|insights.track_cpu = off"
  [pg_insights]="shared_preload_libraries = 'pg_insights'|compute_query_id = auto|insights.track_cpu = off"
  [pg_insights_cpu]="shared_preload_libraries = 'pg_insights'|compute_query_id = auto|insights.track_cpu = on"
)
declare -A tps

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 512MB"
pgi_cluster_start
pgbench -i -q -s "$scale" >/dev/null 2>&1
echo "# pgbench -S -M prepared -c $clients -j $clients -T $duration, scale $scale, $rounds rounds"

for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#configs[@]}; k++)); do
    c=${configs[(r + k) % ${#configs[@]}]}    # rotate the order from round to round
    IFS='|' read -ra lines <<<"${settings[$c]}"
    pgi_conf "${lines[@]}"
    pgi_cluster_restart
    pgbench -n -S -M prepared -c "$clients" -j "$clients" -T "$warmup" >/dev/null 2>&1
    t=$(pgbench -n -S -M prepared -c "$clients" -j "$clients" -T "$duration" 2>&1 |
        sed -n 's/^tps = \([0-9]*\)\..*/\1/p')
    echo "round $((r + 1)) $c: $t tps (shared_preload_libraries '$(pgi_psql -c 'SHOW shared_preload_libraries')')"
    tps[$c]+="$t "
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g |
           awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
printf '%-20s %12s   %s\n' config "median tps" "all runs"
for c in "${configs[@]}"; do
  printf '%-20s %12.1f   %s\n' "$c" "$(median "${tps[$c]}")" "${tps[$c]}"
done
ratio() {   # ratio NAME NUMERATOR DENOMINATOR TARGET
  awk -v name="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
    r = a / b; printf "%-34s %.4f  (target >= %.2f: %s)\n", name, r, t, (r >= t ? "met" : "NOT met") }'
}
echo
ratio "pg_insights / pg_stat_statements" "$(median "${tps[pg_insights]}")" "$(median "${tps[pg_stat_statements]}")" 0.99
ratio "pg_insights / none" "$(median "${tps[pg_insights]}")" "$(median "${tps[none]}")" 0.97
if [ "${TRACK_CPU:-0}" = 1 ]; then
  ratio "track_cpu on / off" "$(median "${tps[pg_insights_cpu]}")" "$(median "${tps[pg_insights]}")" 0.98
fi
