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

rounds=${ROUNDS:-1} duration=${DURATION:-10} warmup=${WARMUP:-2} clients=${CLIENTS:-2}
limits=(${LIMITS:-1000 5000}) workloads=(${WORKLOADS:-all_new mixed})
configs=(none pg_stat_statements pg_insights)
work=$(pgi_mktemp)
pgi_own "$work"

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 128MB" "max_connections = 50"
pgi_cluster_start
cols=$(seq -s ', ' -f 'c%g int' 1 30)
vals=$(seq -s ', ' -f 'g %% %g' 1 30)
pgi_psql -c "CREATE TABLE wide ($cols)" -c "INSERT INTO wide SELECT $(seq -s ', ' -f '(g %% (%g + 3))' 1 30) FROM generate_series(1, 100) g" \
         -c "ANALYZE wide" >/dev/null

shape='\set a 1 + :k % 30
\set b 1 + (:k / 30) % 30
\set c 1 + (:k / 900) % 28
\set v random(1, 20)
SELECT c:a, c:b FROM wide WHERE c:c = :v AND c30 >= 0 ORDER BY c:b LIMIT 3;'
printf '\\set k random(0, 25199)\n%s\n' "$shape" >"$work/all_new.sql"
printf '\\set hot random(1, 100)\n\\if :hot <= 90\n\\set k random(0, 49)\n\\else\n\\set k random(0, 25199)\n\\endif\n%s\n' \
  "$shape" >"$work/mixed.sql"

# Server CPU so far, in clock ticks: the postmaster's own and its exited
# children's (backends that ended, reaped by it), plus the live children's.
server_ticks() {
  local postmaster child total
  postmaster=$(head -1 "$PGI_DATA/postmaster.pid")
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster" || true); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

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
        before=$(server_ticks)
        out=$(pgbench -n -M simple -c "$clients" -j "$clients" -T "$duration" -f "$work/$w.sql" 2>&1)
        after=$(server_ticks)
        t=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
        us=$(awk -v d=$((after - before)) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
        echo "limit $limit, $w, round $((r + 1)), $c: $t tps, $us us server CPU per statement"
        tps[$limit,$w,$c]+="$t "
        round_tps[$c]=$t
        cpu[$limit,$w,$c]+="$us "
      done
      for c in pg_stat_statements pg_insights; do
        ratio[$limit,$w,$c]+="$(awk -v a="${round_tps[$c]}" -v b="${round_tps[none]}" 'BEGIN { printf "%.3f", a / b }') "
      done
      ratio[$limit,$w,vs_pgss]+="$(awk -v a="${round_tps[pg_insights]}" -v b="${round_tps[pg_stat_statements]}" 'BEGIN { printf "%.3f", a / b }') "
    done
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g |
           awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | sed -n '1p;$p' | paste -sd- ; }
echo
echo "# $clients clients, $duration s per run after $warmup s of warm-up, $rounds round(s), simple protocol"
echo "# TPS: medians of the rounds; x none: the ratio of the medians, then each round's own ratios (median, range)"
printf '%-6s %-8s %8s %8s %8s %9s %9s %20s %20s %20s %9s %9s\n' limit workload none pgss insights "pgss/none" "ins/none" \
  "pgss/none by round" "ins/none by round" "ins/pgss by round" "+us pgss" "+us ins"
for limit in "${limits[@]}"; do
  for w in "${workloads[@]}"; do
    n=$(median "${tps[$limit,$w,none]}") p=$(median "${tps[$limit,$w,pg_stat_statements]}") i=$(median "${tps[$limit,$w,pg_insights]}")
    cn=$(median "${cpu[$limit,$w,none]}") cp=$(median "${cpu[$limit,$w,pg_stat_statements]}") ci=$(median "${cpu[$limit,$w,pg_insights]}")
    rp="$(median "${ratio[$limit,$w,pg_stat_statements]}") ($(range "${ratio[$limit,$w,pg_stat_statements]}"))"
    ri="$(median "${ratio[$limit,$w,pg_insights]}") ($(range "${ratio[$limit,$w,pg_insights]}"))"
    rv="$(median "${ratio[$limit,$w,vs_pgss]}") ($(range "${ratio[$limit,$w,vs_pgss]}"))"
    awk -v l="$limit" -v w="$w" -v n="$n" -v p="$p" -v i="$i" -v cn="$cn" -v cp="$cp" -v ci="$ci" -v rp="$rp" -v ri="$ri" -v rv="$rv" 'BEGIN {
      printf "%-6s %-8s %8.0f %8.0f %8.0f %9.3f %9.3f %20s %20s %20s %9.1f %9.1f\n", l, w, n, p, i, p / n, i / n, rp, ri, rv, cp - cn, ci - cn }'
  done
done
