#!/usr/bin/env bash
# Issue 8, item 11 (logs): a clean shutdown must not log a FATAL for the
# activity sampler. It used to take SIGTERM through die(), so every stop
# logged 'FATAL: terminating background worker "pg_insights sampler" due to
# administrator command'. The sampler now exits quietly (status 0) on a
# shutdown request, as PostgreSQL's own auxiliary processes do.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "log_min_messages = debug1"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" >/dev/null

# The sampler has no database connection, so no pg_stat_activity row: find
# it among the postmaster's children.
sampler_pid() { ps --ppid "$(head -n 1 "$PGI_DATA/postmaster.pid")" -o pid=,args= | awk '/pg_insights/ {print $1}'; }
sampler_running() {
  local i
  for i in $(seq 100); do
    [ -n "$(sampler_pid)" ] && return 0
    sleep 0.1
  done
  return 1
}

# stop_and_check MODE: stop the server in that mode; the sampler left quietly.
stop_and_check() {
  pgi_ok "$1: the sampler is running" sampler_running
  local mark; mark=$(pgi_log_mark)
  pgi_as pg_ctl -D "$PGI_DATA" -m "$1" -w -t 60 stop >/dev/null
  local log; log=$(pgi_log_since "$mark")
  pgi_is "$(grep -c 'FATAL' <<<"$log" || true)" 0 "$1 shutdown: no FATAL in the log"
  pgi_is "$(grep -c 'pg_insights sampler.*exit code [^0]' <<<"$log" || true)" 0 \
         "$1 shutdown: the sampler exited with status 0"
  pgi_ok "$1 shutdown: the server shut down" grep -q 'database system is shut down' <<<"$log"
}

stop_and_check fast
pgi_cluster_start
stop_and_check smart
pgi_cluster_start

# A configuration reload still reaches it (SIGHUP), and it keeps sampling.
pgi_ok "the sampler is running" sampler_running
before=$(sampler_pid)
pgi_conf "insights.sample_interval_ms = 20"
pgi_psql -c "SELECT pg_reload_conf()" >/dev/null
reload_at=$(pgi_psql -c "SELECT now()")
sampled_since_reload() {
  local i
  for i in $(seq 100); do
    [ "$(pgi_psql -c "SELECT count(*) > 0 FROM insights.activity WHERE second > '$reload_at'")" = t ] && return 0
    sleep 0.1
  done
  return 1
}
pgi_ok "after a reload, the sampler still samples" sampled_since_reload
pgi_is "$(sampler_pid)" "$before" "after a reload, the sampler is still the same process"
pgi_done
