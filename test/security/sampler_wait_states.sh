#!/usr/bin/env bash
# Issue 8, item 14: the sampler no longer holds ProcArrayLock while it walks
# the backends (nor looks each one up linearly under it): it copies the
# PGPROC wait events in one unlocked pass and matches them by pid. This
# checks that the states it records are still right: a backend waiting on
# a heavyweight lock is "active_lock", one sleeping is "active_other"
# (a Timeout wait), one idle in a transaction "idle_in_transaction".
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.sample_interval_ms = 20"
pgi_psql -c "CREATE TABLE locked (id int)" >/dev/null

# holder: takes the lock, stays idle in transaction; waiter: blocks on it.
{ echo "BEGIN; LOCK TABLE locked; SELECT pg_sleep(3); COMMIT;"; } | psql -X -q >/dev/null &
holder=$!
sleep 0.5
psql -X -q -c "SET lock_timeout = '2s'" -c "SELECT * FROM locked" >/dev/null 2>&1 &
waiter=$!
# idle in transaction for two seconds
{ echo "BEGIN; SELECT 1;"; sleep 2; echo "COMMIT;"; } | psql -X -q >/dev/null &
idler=$!
wait "$holder" "$waiter" "$idler" || true

got=$(pgi_psql -c "SELECT max(active_lock) > 0, max(active_other) > 0, max(idle_in_transaction) > 0,
                          max(longest_idle_in_transaction_ms) >= 1000
                   FROM insights.activity WHERE second > now() - interval '1 minute'")
pgi_is "$got" "t|t|t|t" "lock waits, sleeps and idle-in-transaction backends are told apart"
pgi_done
