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
. "$(dirname "$0")/new_statements_lib.sh"

rounds=${ROUNDS:-3} duration=${DURATION:-15} warmup=${WARMUP:-3} clients=${CLIENTS:-8}
limits=(${LIMITS:-1000 5000}) workloads=(${WORKLOADS:-all_new mixed})
configs=(none pg_stat_statements pg_insights)
work=$(pgi_mktemp)
pgi_own "$work"

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 128MB" "max_connections = 50" "shared_preload_libraries = ''"
pgi_cluster_start
ns_create_table
pgi_cluster_stop

ns_write_workloads "$work"

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
      for c in "${configs[@]}"; do before[$c]=$(ns_server_ticks "${data[$c]}"); done
      run "$duration" "$w"
      line="limit $limit, $w, round $r:"
      for c in "${configs[@]}"; do
        tps[$c]=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/out.$c")
        n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/out.$c")
        [ -n "${tps[$c]}" ] && [ -n "$n" ] || { echo "pgbench against $c failed:"; cat "$work/out.$c"; exit 1; }
        us=$(ns_us_per_statement $(($(ns_server_ticks "${data[$c]}") - ${before[$c]})) "$n")
        cpu[$c]+="$us "
        round_cpu[$c]=$us
        line+=" $c ${tps[$c]%.*} tps ($us us CPU a statement)"
      done
      echo "$line"
      ratios[pgss]+="$(ns_ratio "${tps[pg_stat_statements]}" "${tps[none]}") "
      ratios[ins]+="$(ns_ratio "${tps[pg_insights]}" "${tps[none]}") "
      ratios[vs]+="$(ns_ratio "${tps[pg_insights]}" "${tps[pg_stat_statements]}") "
      # CPU: no extension's CPU per statement over each one's, this round.
      ratios[cpu_pgss]+="$(ns_ratio "${round_cpu[none]}" "${round_cpu[pg_stat_statements]}") "
      ratios[cpu_ins]+="$(ns_ratio "${round_cpu[none]}" "${round_cpu[pg_insights]}") "
    done
    summary[$limit,$w]=$(printf '%-6s %-8s %20s %20s %20s %9.1f %9.1f %9.1f %20s %20s' "$limit" "$w" \
      "$(ns_spread "${ratios[pgss]}")" \
      "$(ns_spread "${ratios[ins]}")" \
      "$(ns_spread "${ratios[vs]}")" \
      "$(ns_median "${cpu[none]}")" "$(ns_median "${cpu[pg_stat_statements]}")" "$(ns_median "${cpu[pg_insights]}")" \
      "$(ns_spread "${ratios[cpu_pgss]}")" \
      "$(ns_spread "${ratios[cpu_ins]}")")
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
