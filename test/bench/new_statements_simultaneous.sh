#!/usr/bin/env bash
# new_statements_compare.sh's workloads with the three configurations at
# the same time, each in its own cluster (copies of one data directory)
# under its own pgbench: whatever the shared machine's speed does during a
# run, it does to all three alike, where the alternating benchmark's runs
# meet different moments of it. The CPU is saturated and shared fairly
# among the runnable processes (the same number in each cluster), so each
# configuration's TPS follows its CPU per statement: the ratios are what a
# CPU-bound server would keep (throughput x no extension), lock waits
# included. Reports each round's TPS and, over the rounds, the median and
# range of the ratios, and the server CPU per statement (user + system
# time of each cluster's processes, from /proc) with no extension's over
# each configuration's: the steadier measure, since the three pgbench
# clients ping-pong with their servers and do not split the CPU exactly.
# Environment: ROUNDS (3), DURATION seconds (15), WARMUP seconds (3),
# CLIENTS per configuration (8), LIMITS ("1000 5000"), WORKLOADS
# ("all_new mixed").
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

rounds=${ROUNDS:-3} duration=${DURATION:-15} warmup=${WARMUP:-3} clients=${CLIENTS:-8}
limits=(${LIMITS:-1000 5000}) workloads=(${WORKLOADS:-all_new mixed})
configs=(none pg_stat_statements pg_insights)
work=$(pgi_mktemp)
pgi_own "$work"

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 128MB" "max_connections = 50" "shared_preload_libraries = ''"
pgi_cluster_start
pgi_psql -c "CREATE TABLE wide ($(seq -s ', ' -f 'c%g int' 1 30))" \
         -c "INSERT INTO wide SELECT $(seq -s ', ' -f '(g %% (%g + 3))' 1 30) FROM generate_series(1, 100) g" \
         -c "ANALYZE wide" >/dev/null
pgi_cluster_stop

# The workloads: new_statements_compare.sh's (25,200 shapes; mixed: 90% of
# calls on 50 of them).
shape='\set a 1 + :k % 30
\set b 1 + (:k / 30) % 30
\set c 1 + (:k / 900) % 28
\set v random(1, 20)
SELECT c:a, c:b FROM wide WHERE c:c = :v AND c30 >= 0 ORDER BY c:b LIMIT 3;'
printf '\\set k random(0, 25199)\n%s\n' "$shape" >"$work/all_new.sql"
printf '\\set hot random(1, 100)\n\\if :hot <= 90\n\\set k random(0, 49)\n\\else\n\\set k random(0, 25199)\n\\endif\n%s\n' \
  "$shape" >"$work/mixed.sql"

# One cluster per configuration, each a copy of the first, started on its
# own port (a port is taken only once its server listens).
declare -A data port
for c in "${configs[@]}"; do
  data[$c]=$PGI_DIR/$c
  pgi_as cp -a "$PGI_DATA" "${data[$c]}"
  mkdir -p "$PGI_DIR/sock-$c" && pgi_own "$PGI_DIR/sock-$c"
done
stop_all() {
  local c
  for c in "${configs[@]}"; do
    [ -f "${data[$c]}/postmaster.pid" ] && pgi_as pg_ctl -D "${data[$c]}" -m immediate -w stop >/dev/null 2>&1
  done
  return 0
}
trap 'rc=$?; stop_all; (exit $rc); pgi_cleanup' EXIT
start() {  # start CONFIG [postgresql.conf line...]
  local c=$1; shift
  [ -f "${data[$c]}/postmaster.pid" ] && pgi_as pg_ctl -D "${data[$c]}" -m fast -w stop >/dev/null
  [ -n "${port[$c]:-}" ] || port[$c]=$(pgi_free_port)
  printf '%s\n' "port = ${port[$c]}" "unix_socket_directories = '$PGI_DIR/sock-$c'" "$@" |
    pgi_as tee -a "${data[$c]}/postgresql.conf" >/dev/null
  pgi_as pg_ctl -D "${data[$c]}" -l "$PGI_DIR/$c.log" -w -t 120 start >/dev/null ||
    { echo "$c did not start:"; tail -n 20 "$PGI_DIR/$c.log"; exit 1; }
}

# A cluster's server CPU so far, in clock ticks (new_statements_compare.sh).
server_ticks() {
  local postmaster child total
  postmaster=$(head -1 "${data[$1]}/postmaster.pid")
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster" || true); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

# run SECONDS WORKLOAD: pgbench against the three at once; each one's
# output in $work/out.CONFIG.
run() {
  local c pids=()
  for c in "${configs[@]}"; do
    pgbench -n -M simple -h "$PGI_DIR/sock-$c" -p "${port[$c]}" -U postgres -c "$clients" -j "$clients" \
      -T "$1" -f "$work/$2.sql" postgres >"$work/out.$c" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
}

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g |
           awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | sed -n '1p;$p' | paste -sd- ; }

declare -A summary
for limit in "${limits[@]}"; do
  start none "shared_preload_libraries = ''" "compute_query_id = auto"
  start pg_stat_statements "shared_preload_libraries = 'pg_stat_statements'" "compute_query_id = auto" \
    "pg_stat_statements.max = $limit"
  start pg_insights "shared_preload_libraries = 'pg_insights'" "compute_query_id = auto" \
    "insights.max_statements = $limit" "insights.sample_activity = off"
  for w in "${workloads[@]}"; do
    run "$warmup" "$w"
    declare -A ratios=() cpu=()
    for ((r = 1; r <= rounds; r++)); do
      declare -A before=() tps=() round_cpu=()
      for c in "${configs[@]}"; do before[$c]=$(server_ticks "$c"); done
      run "$duration" "$w"
      line="limit $limit, $w, round $r:"
      for c in "${configs[@]}"; do
        tps[$c]=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/out.$c")
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/out.$c")
        [ -n "${tps[$c]}" ] && [ -n "$n" ] || { echo "pgbench against $c failed:"; cat "$work/out.$c"; exit 1; }
        us=$(awk -v d=$(($(server_ticks "$c") - ${before[$c]})) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')
        cpu[$c]+="$us "
        round_cpu[$c]=$us
        line+=" $c ${tps[$c]%.*} tps ($us us CPU a statement)"
      done
      echo "$line"
      ratios[pgss]+="$(awk -v a="${tps[pg_stat_statements]}" -v b="${tps[none]}" 'BEGIN { printf "%.3f", a / b }') "
      ratios[ins]+="$(awk -v a="${tps[pg_insights]}" -v b="${tps[none]}" 'BEGIN { printf "%.3f", a / b }') "
      ratios[vs]+="$(awk -v a="${tps[pg_insights]}" -v b="${tps[pg_stat_statements]}" 'BEGIN { printf "%.3f", a / b }') "
      # CPU: no extension's CPU per statement over each one's, this round.
      ratios[cpu_pgss]+="$(awk -v a="${round_cpu[none]}" -v b="${round_cpu[pg_stat_statements]}" 'BEGIN { printf "%.3f", a / b }') "
      ratios[cpu_ins]+="$(awk -v a="${round_cpu[none]}" -v b="${round_cpu[pg_insights]}" 'BEGIN { printf "%.3f", a / b }') "
    done
    summary[$limit,$w]=$(printf '%-6s %-8s %20s %20s %20s %9.1f %9.1f %9.1f %20s %20s' "$limit" "$w" \
      "$(median "${ratios[pgss]}") ($(range "${ratios[pgss]}"))" \
      "$(median "${ratios[ins]}") ($(range "${ratios[ins]}"))" \
      "$(median "${ratios[vs]}") ($(range "${ratios[vs]}"))" \
      "$(median "${cpu[none]}")" "$(median "${cpu[pg_stat_statements]}")" "$(median "${cpu[pg_insights]}")" \
      "$(median "${ratios[cpu_pgss]}") ($(range "${ratios[cpu_pgss]}"))" \
      "$(median "${ratios[cpu_ins]}") ($(range "${ratios[cpu_ins]}"))")
  done
done

echo
echo "# the three at once, $clients clients each, $duration s a round after $warmup s of warm-up, $rounds round(s);"
echo "# TPS ratios per round: median (range); server CPU per statement, median of the rounds (us), and no"
echo "# extension's over each one's per round (what a CPU-bound server keeps of its throughput): median (range)"
printf '%-6s %-8s %20s %20s %20s %9s %9s %9s %20s %20s\n' limit workload "pgss/none" "ins/none" "ins/pgss" "us none" "us pgss" "us ins" \
  "CPU none/pgss" "CPU none/ins"
for limit in "${limits[@]}"; do
  for w in "${workloads[@]}"; do echo "${summary[$limit,$w]}"; done
done
