#!/usr/bin/env bash
# CPU used by the pg_insights activity sampler with many connections open,
# at the default sample interval (100 ms): read from /proc over a window.
# Env: CONNECTIONS (100), SECONDS (60).
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

connections=${CONNECTIONS:-100}
seconds=${SECONDS_MEASURED:-60}
pgi_cluster_init "$(pgi_mktemp)" "max_connections = $((connections + 20))"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" >/dev/null

# Idle connections: each psql waits on its standard input.
pids=()
for _ in $(seq "$connections"); do
  (sleep $((seconds + 30)) | psql -X -q >/dev/null 2>&1) &
  pids+=($!)
done
for _ in $(seq 60); do
  n=$(pgi_psql -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
  [ "$n" -ge "$connections" ] && break
  sleep 1
done

# The sampler has no database connection, so pg_stat_activity does not list
# it: find it among the postmaster's children.
postmaster=$(head -1 "$PGI_DATA/postmaster.pid")
sampler=$(pgrep -P "$postmaster" -f 'pg_insights activity sampler')
# Nanoseconds the sampler spent on a CPU (finer than /proc/PID/stat's ticks).
cpu_ns() { awk '{print $1}' "/proc/$sampler/schedstat"; }
before=$(cpu_ns)
sleep "$seconds"
after=$(cpu_ns)
observed=$(pgi_psql -c "SELECT max(max_connections) FROM insights.activity WHERE second > now() - interval '$seconds seconds'")
kill "${pids[@]}" 2>/dev/null || true
awk -v b="$before" -v a="$after" -v s="$seconds" -v n="$observed" \
  'BEGIN { printf "sampler CPU: %.3f%% of one core over %d s with %d client connections sampled every 100 ms (%.1f ms of CPU)\n", 100 * (a - b) / 1e9 / s, s, n, (a - b) / 1e6 }'
