#!/usr/bin/env bash
# Issue 13, part 3: the wait profile per statement. The activity sampler
# attributes each running backend to its statement (st_query_id → the
# fingerprint, through the shared query id map) with its wait event, or
# "CPU / on CPU" when it is active without one.
#  - an UPDATE blocked on a row lock another session holds: its profile is
#    Lock/transactionid, and report_text() says it mostly waits on Lock;
#  - a CPU-bound statement (a cross join in memory): its profile is CPU;
#  - both first runs: the query id is mapped only when the first execution
#    ends, so the samples taken before wait for it (history_sampler.cpp);
#  - reset(fingerprint) and reset() forget the profiles.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.sample_interval_ms = 50"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" \
         -c "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)" \
         -c "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 10) g"

# One session holds the row lock for 3 s; the other's UPDATE waits for it.
pgi_psql -c "BEGIN" -c "SELECT id FROM accounts WHERE id = 1 FOR UPDATE" -c "SELECT pg_sleep(3)" -c "COMMIT" >/dev/null &
holder=$!
for _ in $(seq 50); do
  [ "$(pgi_psql -c "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(3)'")" = 1 ] && break
  sleep 0.1
done
pgi_psql -c "UPDATE accounts SET balance = balance - 1 WHERE id = 1"
wait "$holder"

# A statement on CPU only: about a second of a cross join of cached rows.
pgi_psql -c "SELECT count(*) FROM (SELECT * FROM pg_attribute LIMIT 400) a, (SELECT * FROM pg_attribute LIMIT 400) b,
             (SELECT * FROM pg_attribute LIMIT 60) c" >/dev/null
sleep 0.3   # a sampler period or more: the pending samples are attributed

update_fp=$(pgi_psql -c "SELECT insights.fingerprint('UPDATE accounts SET balance = balance - 1 WHERE id = 1')")
cpu_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT count(*) FROM (SELECT * FROM pg_attribute LIMIT 1) a,
             (SELECT * FROM pg_attribute LIMIT 1) b, (SELECT * FROM pg_attribute LIMIT 1) c')")
profile() { pgi_psql -c "SELECT string_agg(wait_event_type || '/' || wait_event || '=' || samples || ' (' || round(share::numeric, 2) || ')', ', ' ORDER BY samples DESC)
                         FROM insights.statement_waits WHERE fingerprint = '$1'"; }
echo "# UPDATE: $(profile "$update_fp")"
echo "# cross join: $(profile "$cpu_fp")"

lock=$(pgi_psql -c "SELECT coalesce(sum(samples), 0) || ' ' || coalesce(round(sum(share)::numeric, 2), 0)
                    FROM insights.statement_waits
                    WHERE fingerprint = '$update_fp' AND wait_event_type = 'Lock' AND wait_event = 'transactionid'")
read -r lock_samples lock_share <<<"$lock"
# About 2.5 s blocked at 20 samples a second: ~50 samples.
pgi_ok "the blocked UPDATE has Lock/transactionid samples ($lock_samples; ~50 expected)" \
       test "$lock_samples" -ge 25
pgi_ok "Lock/transactionid is at least 90% of the UPDATE's samples ($lock_share)" \
       awk -v s="$lock_share" 'BEGIN { exit !(s >= 0.9) }'
pgi_is "$(pgi_psql -c "SELECT round(sum(share)::numeric, 6) FROM insights.statement_waits WHERE fingerprint = '$update_fp'")" \
       1.000000 "a statement's shares add up to 1"

cpu=$(pgi_psql -c "SELECT coalesce(sum(samples), 0) || ' ' || coalesce(round(sum(share)::numeric, 2), 0)
                   FROM insights.statement_waits WHERE fingerprint = '$cpu_fp' AND wait_event_type = 'CPU' AND wait_event = 'on CPU'")
read -r cpu_samples cpu_share <<<"$cpu"
pgi_ok "the cross join has CPU samples ($cpu_samples)" test "$cpu_samples" -ge 5
pgi_ok "CPU is at least 80% of the cross join's samples ($cpu_share)" awk -v s="$cpu_share" 'BEGIN { exit !(s >= 0.8) }'
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$cpu_fp' AND wait_event_type = 'Lock'")" \
       0 "the cross join never waited on a lock"

# The report says which statement mostly waits on a lock, and on which event.
report=$(pgi_psql -c "SELECT * FROM insights.report_text()")
waits_line=$(grep -F "$update_fp" <<<"$report" | grep -F "wait on Lock" || true)
pgi_ok "report_text() says the UPDATE mostly waits on Lock (${waits_line:0:120})" test -n "$waits_line"
pgi_ok "... naming the event" grep -q "transactionid" <<<"$waits_line"
pgi_is "$(grep -cF "$cpu_fp" <<<"$(sed -n '/^== waits/,/^== /p' <<<"$report")")" 0 \
       "the CPU-bound statement is not in the waits section"
pgi_is "$(pgi_psql -c "SELECT jsonb_path_exists(insights.report(), '\$.waits[*] ? (@.fingerprint == \"$update_fp\" && @.wait_event_type == \"Lock\")')")" \
       t "report() lists it in its waits section"

# reset(fingerprint) forgets one profile, reset() all of them.
pgi_psql -c "SELECT insights.reset('$update_fp')" >/dev/null
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$update_fp'")" 0 \
       "reset(fingerprint) forgets its wait profile"
pgi_ok "... and no other" test "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$cpu_fp'")" -ge 1
pgi_psql -c "SELECT insights.reset()" >/dev/null
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$cpu_fp'")" 0 \
       "reset() forgets every wait profile"
pgi_done
