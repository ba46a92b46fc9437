#!/usr/bin/env bash
# Statements that never finish are counted, with the time they ran, and
# keep a sample for index advice: cancelled by pg_cancel_backend from
# another session (at the top level and inside a function), by lock_timeout
# on a row lock, and many times in a row by statement_timeout (exact
# counts). The client still gets the cancellation, not anything of ours.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.track = all" "insights.log_slow = on" "insights.slow_threshold_ms = 50"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights"
pgi_psql -c "CREATE TABLE events (id int PRIMARY KEY, device_id int NOT NULL, payload text)" \
         -c "INSERT INTO events SELECT g, 1 + g % 20000, repeat('p', 60) FROM generate_series(1, 100000) g" \
         -c "ANALYZE events" \
         -c "CREATE FUNCTION device_events(p_device int) RETURNS bigint LANGUAGE plpgsql AS \$\$
               DECLARE n bigint;
               BEGIN
                 SELECT count(*) INTO n FROM events WHERE device_id = p_device AND pg_sleep(5) IS NOT NULL;
                 RETURN n;
               END \$\$"

# cancel_when_running SQL: runs SQL in the background, cancels it once it
# has run for 300 ms, and prints what its client printed.
cancel_when_running() {
  local out=$PGI_DIR/client.out
  pgi_psql -c "$1" >"$out" 2>&1 &
  local client=$!
  local pid=""
  for _ in $(seq 100); do
    pid=$(pgi_psql -c "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query = \$q\$$1\$q\$
                         AND now() - query_start > interval '300 ms'")
    [ -n "$pid" ] && break
    sleep 0.1
  done
  pgi_psql -c "SELECT pg_cancel_backend($pid)" >/dev/null
  wait "$client" || true
  cat "$out"
}

pgi_psql -c "SELECT insights.reset()" >/dev/null
mark=$(pgi_log_mark)
sql="SELECT count(*) FROM events WHERE device_id = 42 AND pg_sleep(5) IS NOT NULL"
err=$(cancel_when_running "$sql")
pgi_ok "the client gets the cancellation ($err)" grep -q "canceling statement due to user request" <<<"$err"
fp=$(pgi_psql -c "SELECT insights.fingerprint(\$q\$$sql\$q\$)")
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || cancelled || ' ' || slow_calls || ' ' || rows || ' ' ||
                               (cancelled_ms >= 300 AND cancelled_ms < 5000 AND cancelled_ms = total_ms)
                        FROM insights.statements WHERE fingerprint = '$fp'")" \
  "1 1 1 0 true" "pg_cancel_backend: one call, cancelled, slow, with the time it ran (300 ms .. 5 s)"
pgi_ok "the slow log marks it cancelled" \
  grep -q "pg_insights: slow statement fingerprint=$fp duration=[0-9.]* ms (cancelled)" <(pgi_log_since "$mark")
pgi_is "$(pgi_psql -c "SELECT regexp_replace(index_ddl, 'events_\w+_idx', 'events_…_idx')
                        FROM insights.index_advice() WHERE '$fp' = ANY (fingerprints)")" \
  "CREATE INDEX CONCURRENTLY events_…_idx ON public.events (device_id);" \
  "index_advice() advises the cancelled statement's index (its sample was kept)"

# Inside a function: the statement in it and the call, both cancelled.
pgi_psql -c "SELECT insights.reset()" >/dev/null
err=$(cancel_when_running "SELECT device_events(7)")
pgi_ok "the client gets the cancellation, from inside the function" \
  grep -q "canceling statement due to user request" <<<"$err"
pgi_is "$(pgi_psql -c "SELECT string_agg(toplevel || ':' || calls || '/' || cancelled, ' ' ORDER BY toplevel)
                        FROM insights.statements WHERE query LIKE '%events%' OR query LIKE '%device_events%'")" \
  "false:1/1 true:1/1" "pg_cancel_backend inside a function: the nested statement and the call"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.index_advice() a JOIN insights.statements s
                         ON s.fingerprint = ANY (a.fingerprints) WHERE NOT s.toplevel AND a.table_name = 'events'")" \
  1 "index_advice() advises the cancelled statement inside the function"

# lock_timeout while waiting for a row lock (in the executor).
pgi_psql -c "SELECT insights.reset()" >/dev/null
pgi_psql -c "BEGIN" -c "SELECT id FROM events WHERE id = 1 FOR UPDATE" -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
holder=$!
sleep 0.5
err=$(pgi_psql -c "SET lock_timeout = '200ms'" -c "UPDATE events SET payload = 'q' WHERE id = 1" 2>&1 || true)
wait "$holder"
pgi_ok "the client gets the lock timeout ($err)" grep -q "canceling statement due to lock timeout" <<<"$err"
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || cancelled || ' ' || (cancelled_ms >= 150)
                        FROM insights.statements WHERE query LIKE 'UPDATE events%'")" \
  "1 1 true" "lock_timeout: one call, cancelled, with the time it waited"

# Exact counts: 30 timeouts and 10 finished calls of one statement.
pgi_psql -c "SELECT insights.reset()" >/dev/null
{
  echo "SET statement_timeout = '20ms';"
  for i in $(seq 30); do echo "SELECT count(*) FROM events WHERE device_id = $i AND pg_sleep(0.5) IS NOT NULL;"; done
  echo "RESET statement_timeout;"
  for i in $(seq 10); do echo "SELECT count(*) FROM events WHERE device_id = $i AND pg_sleep(0) IS NOT NULL;"; done
} | psql -X -q >/dev/null 2>&1 || true
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || cancelled || ' ' || rows FROM insights.statements
                        WHERE query LIKE 'SELECT count(*) FROM events%'")" \
  "40 30 10" "statement_timeout: every call counted once, the 30 cancelled ones as cancelled"
pgi_cluster_restart
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || cancelled || ' ' || (cancelled_ms > 0 AND cancelled_ms < total_ms)
                        FROM insights.statements WHERE query LIKE 'SELECT count(*) FROM events%'")" \
  "40 30 true" "a clean restart keeps the cancelled calls and their time"
pgi_done
