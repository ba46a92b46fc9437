#!/usr/bin/env bash
# Throughput and server CPU when most statements are new shapes (reporting
# tools, ORMs with dynamic filters): no extension, pg_stat_statements and
# pg_insights, alternating in one cluster, at two entry limits.
#
# pgbench substitutes :variables into the text before sending it (simple
# protocol), so one script yields thousands of structurally different
# statements over a 30-column table: libpg_query's fingerprint ignores
# constants, IN-list lengths, aliases and digits in table names, but not
# which columns a statement reads, filters and sorts on. 30 x 30 x 28 =
# 25,200 shapes.
#
# Workloads: all_new (every call picks one of the 25,200 shapes) and mixed
# (90% of calls on 50 hot shapes). Each run follows a restart and WARMUP
# seconds of the same workload (the store full, evicting, as in its steady
# state). Reports median TPS, the ratios of the medians, the median and
# range of each round's own ratios (a round runs the three back to back,
# in an order that rotates: the machine's speed drifts less within a round
# than across rounds), and the server CPU per statement (user + system
# time of every server process, from /proc, over the run) added to no
# extension's.
# Environment: ROUNDS (1), DURATION seconds (10), WARMUP seconds (2),
# CLIENTS (2), LIMITS ("1000 5000"), WORKLOADS ("all_new mixed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/new_statements_lib.sh"

rounds=${ROUNDS:-1} duration=${DURATION:-10} warmup=${WARMUP:-2} clients=${CLIENTS:-2}
limits=(${LIMITS:-1000 5000}) workloads=(${WORKLOADS:-all_new mixed})
configs=(none pg_stat_statements pg_insights)
work=$(pgi_mktemp)
pgi_own "$work"

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 128MB" "max_connections = 50"
pgi_cluster_start
ns_create_table
ns_write_workloads "$work"

declare -A tps cpu ratio round_tps
for limit in "${limits[@]}"; do
  declare -A conf=(
    [none]="shared_preload_libraries = ''|compute_query_id = auto"
    [pg_stat_statements]="shared_preload_libraries = 'pg_stat_statements'|compute_query_id = auto|pg_stat_statements.max = $limit"
    [pg_insights]="shared_preload_libraries = 'pg_insights'|compute_query_id = auto|insights.max_statements = $limit|insights.sample_activity = off"
  )
  for w in "${workloads[@]}"; do
    for ((r = 0; r < rounds; r++)); do
      for ((k = 0; k < ${#configs[@]}; k++)); do
        c=${configs[(r + k) % ${#configs[@]}]}
        IFS='|' read -ra lines <<<"${conf[$c]}"
        pgi_conf "${lines[@]}"
        pgi_cluster_restart
        [ "$warmup" -gt 0 ] && pgbench -n -M simple -c "$clients" -j "$clients" -T "$warmup" -f "$work/$w.sql" >/dev/null 2>&1
        before=$(ns_server_ticks "$PGI_DATA")
        out=$(pgbench -n -M simple -c "$clients" -j "$clients" -T "$duration" -f "$work/$w.sql" 2>&1)
        after=$(ns_server_ticks "$PGI_DATA")
        t=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
        us=$(ns_us_per_statement $((after - before)) "$n")
        echo "limit $limit, $w, round $((r + 1)), $c: $t tps, $us us server CPU per statement"
        tps[$limit,$w,$c]+="$t "
        round_tps[$c]=$t
        cpu[$limit,$w,$c]+="$us "
      done
      for c in pg_stat_statements pg_insights; do
        ratio[$limit,$w,$c]+="$(ns_ratio "${round_tps[$c]}" "${round_tps[none]}") "
      done
      ratio[$limit,$w,vs_pgss]+="$(ns_ratio "${round_tps[pg_insights]}" "${round_tps[pg_stat_statements]}") "
    done
  done
done

echo
echo "# $clients clients, $duration s per run after $warmup s of warm-up, $rounds round(s), simple protocol"
echo "# TPS: medians of the rounds; x none: the ratio of the medians, then each round's own ratios (median, range)"
printf '%-6s %-8s %8s %8s %8s %9s %9s %20s %20s %20s %9s %9s\n' limit workload none pgss insights "pgss/none" "ins/none" \
  "pgss/none by round" "ins/none by round" "ins/pgss by round" "+us pgss" "+us ins"
for limit in "${limits[@]}"; do
  for w in "${workloads[@]}"; do
    n=$(ns_median "${tps[$limit,$w,none]}") p=$(ns_median "${tps[$limit,$w,pg_stat_statements]}") i=$(ns_median "${tps[$limit,$w,pg_insights]}")
    cn=$(ns_median "${cpu[$limit,$w,none]}") cp=$(ns_median "${cpu[$limit,$w,pg_stat_statements]}") ci=$(ns_median "${cpu[$limit,$w,pg_insights]}")
    rp="$(ns_spread "${ratio[$limit,$w,pg_stat_statements]}")"
    ri="$(ns_spread "${ratio[$limit,$w,pg_insights]}")"
    rv="$(ns_spread "${ratio[$limit,$w,vs_pgss]}")"
    awk -v l="$limit" -v w="$w" -v n="$n" -v p="$p" -v i="$i" -v cn="$cn" -v cp="$cp" -v ci="$ci" -v rp="$rp" -v ri="$ri" -v rv="$rv" 'BEGIN {
      printf "%-6s %-8s %8.0f %8.0f %8.0f %9.3f %9.3f %20s %20s %20s %9.1f %9.1f\n", l, w, n, p, i, p / n, i / n, rp, ri, rv, cp - cn, ci - cn }'
  done
done
