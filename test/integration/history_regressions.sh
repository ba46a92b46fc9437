#!/usr/bin/env bash
# Issue 13, parts 1 and 2: the statement history and regressions(), with
# 2-second buckets (insights.history_interval).
#  - every call lands in exactly one bucket: once the last bucket is closed,
#    each statement's history sums to its totals in insights.statements
#    (calls, rows, slow calls, blocks: exact; time: to rounding);
#  - a lookup made slower on purpose (its index dropped mid-run) and an
#    UPDATE that starts waiting on a row lock another session keeps taking
#    show in regressions(): mean and p95 up, when it started (the first
#    bucket after the change), the UPDATE's wait change (Lock); most extra
#    time per hour first; a steady statement does not;
#  - store_info() reports the ring's rows and the oldest bucket held;
#  - the history starts empty at a restart (it counts the calls after it,
#    not the restored totals); history_max_rows = 0
#    keeps none.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.history_interval = 2" "insights.sample_interval_ms = 50" \
                 "insights.slow_threshold_ms = 5"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" \
         -c "CREATE TABLE items (id int PRIMARY KEY, k int NOT NULL, pad text)" \
         -c "INSERT INTO items SELECT g, g, repeat('x', 40) FROM generate_series(1, 300000) g" \
         -c "CREATE INDEX items_k ON items (k)" -c "ANALYZE items" \
         -c "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)" -c "INSERT INTO counters VALUES (1, 0)"
started=$(pgi_psql -c "SELECT now()")

scripts=$PGI_DIR/scripts
mkdir -p "$scripts"
printf '\\set k random(1, 300000)\nSELECT count(*) FROM items WHERE k = :k;\n' >"$scripts/lookup.sql"
printf 'UPDATE counters SET n = n + 1 WHERE id = 1;\n' >"$scripts/bump.sql"
printf 'SELECT count(*) FROM counters;\n' >"$scripts/steady.sql"
# Holds the counter's row lock most of the time.
printf 'BEGIN;\nSELECT n FROM counters WHERE id = 1 FOR UPDATE;\nSELECT pg_sleep(0.2);\nCOMMIT;\n' >"$scripts/holder.sql"
# pgbench's rate limit keeps the fast phase from filling the machine (two
# cores shared with other tests); every call counts anyway.
load() { pgbench -n -T "$1" -R 200 -f "$scripts/$2.sql" >/dev/null 2>&1; }

# Six seconds (three buckets) of the fast phase ... (no call of the lookup
# is slow: its plan on the index is kept by the plan census, items_k being
# created since the server started, and regressions() can then show the
# plan that replaced it).
load 6 lookup & load 6 bump & load 6 steady & wait
# The change at the start of a bucket (buckets are aligned on the epoch): a
# bucket that began before it counts in regressions()' baseline, and one
# that held slow calls too would make the baseline's p95 a slow call's.
sleep "$(awk -v t="$(date +%s.%N)" 'BEGIN { printf "%.3f", 2 - (t % 2) + 0.05 }')"
changed=$(pgi_psql -c "SELECT to_timestamp(floor(extract(epoch FROM now()) / 2) * 2)")
# ... then the index goes and the row lock is contended, six seconds more.
pgi_psql -c "DROP INDEX items_k"
load 6 lookup & load 6 bump & load 6 steady & load 6 holder & wait
sleep 2.5   # the last bucket closes (one interval and a sampler period)

lookup_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT count(*) FROM items WHERE k = 1')")
bump_fp=$(pgi_psql -c "SELECT insights.fingerprint('UPDATE counters SET n = n + 1 WHERE id = 1')")
steady_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT count(*) FROM counters')")

# History sums = the statements' totals.
for fp in "$lookup_fp" "$bump_fp" "$steady_fp"; do
  got=$(pgi_psql -c "SELECT sum(calls) || ' ' || sum(rows) || ' ' || sum(slow_calls) || ' ' || sum(shared_blks_hit) || ' '
                            || sum(shared_blks_read) || ' ' || round(sum(total_ms)::numeric, 3)
                     FROM insights.statement_history('$fp', '$started')")
  want=$(pgi_psql -c "SELECT sum(calls) || ' ' || sum(rows) || ' ' || sum(slow_calls) || ' ' || sum(shared_blks_hit) || ' '
                             || sum(shared_blks_read) || ' ' || round(sum(total_ms)::numeric, 3)
                      FROM insights.statements WHERE fingerprint = '$fp'")
  pgi_is "$got" "$want" "$fp: the history's calls, rows, slow calls, blocks and time sum to its totals"
done
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.history WHERE fingerprint = '$lookup_fp' AND bucket_start + interval '2 s' > '$started'")" \
       "$(pgi_psql -c "SELECT count(*) FROM insights.statement_history('$lookup_fp', '$started')")" \
       "the history view has the same buckets as statement_history()"
pgi_ok "the lookup ran in at least 5 buckets" \
       test "$(pgi_psql -c "SELECT count(*) FROM insights.statement_history('$lookup_fp', '$started')")" -ge 5
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_history('$lookup_fp', '$started')
                       WHERE extract(epoch FROM bucket_start)::int8 % 2 <> 0 OR mean_ms <> total_ms / calls")" 0 \
       "buckets start on multiples of 2 s; mean = total / calls"

# Before the index went, fast; after, slower by far (mean and p95).
phases=$(pgi_psql -c "SELECT round((avg(p95_ms) FILTER (WHERE bucket_start + interval '2 s' <= '$changed'))::numeric, 3) || ' '
                             || round((avg(p95_ms) FILTER (WHERE bucket_start > '$changed'))::numeric, 3)
                      FROM insights.statement_history('$lookup_fp', '$started')")
read -r p95_before p95_after <<<"$phases"
pgi_ok "the lookup's bucket p95 rose over 5 times ($p95_before ms -> $p95_after ms)" \
       awk -v a="$p95_before" -v b="$p95_after" 'BEGIN { exit !(b > 5 * a) }'

regressions="SELECT fingerprint, started_at, round(baseline_mean_ms::numeric, 3), round(recent_mean_ms::numeric, 3),
                    round(baseline_p95_ms::numeric, 3), round(recent_p95_ms::numeric, 3), round(extra_ms_per_hour::numeric), coalesce(wait_change, '-'),
                    plan_change IS NULL, query
             FROM insights.regressions(recent => now() - '$changed'::timestamptz, baseline => interval '1 hour',
                                       min_calls => 10)"
out=$(pgi_psql -F ' | ' -c "$regressions")
echo "# changed at $changed"; echo "$out" | sed 's/^/# /'
lookup_row=$(grep -F "$lookup_fp" <<<"$out" || true)
bump_row=$(grep -F "$bump_fp" <<<"$out" || true)
pgi_ok "regressions() finds the lookup whose index was dropped" test -n "$lookup_row"
pgi_ok "regressions() finds the UPDATE that now waits on a row lock" test -n "$bump_row"
pgi_is "$(grep -cF "$steady_fp" <<<"$out")" 0 "the steady statement is not a regression"
pgi_ok "the lookup's regression shows its text" grep -q "SELECT count(\*) FROM items WHERE k = " <<<"$lookup_row"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.regressions(recent => now() - '$changed'::timestamptz,
                                                                  baseline => interval '1 hour', min_calls => 10) r
                       WHERE r.fingerprint = '$lookup_fp'
                         AND r.started_at BETWEEN '$changed'::timestamptz - interval '2 s' AND '$changed'::timestamptz + interval '4 s'
                         AND r.recent_mean_ms > 5 * r.baseline_mean_ms AND r.recent_p95_ms > 5 * r.baseline_p95_ms
                         AND r.extra_ms_per_hour > 0")" 1 \
       "the lookup's regression started within a bucket of the drop, mean and p95 over 5x ($lookup_row)"
plan_change() {
  pgi_psql -c "SELECT coalesce(plan_change, 'none') FROM insights.regressions(recent => now() - '$changed'::timestamptz,
                 baseline => interval '1 hour', min_calls => 10) WHERE fingerprint = '$1'"
}
new_plan=$(pgi_psql -c "SELECT plan_id FROM insights.statement_plans WHERE fingerprint = '$lookup_fp'
                        AND plan LIKE '%Seq Scan on items%' ORDER BY first_seen DESC LIMIT 1")
old_plan=$(pgi_psql -c "SELECT plan_id FROM insights.statement_plans WHERE fingerprint = '$lookup_fp'
                        AND plan LIKE '%items_k%' ORDER BY first_seen LIMIT 1")
pgi_ok "the lookup's plans: one on the index, one without ($old_plan, $new_plan)" \
       test -n "$old_plan" -a -n "$new_plan" -a "$old_plan" != "$new_plan"
pgi_ok "the lookup's plan change names the plan without the index after the one with it ($(plan_change "$lookup_fp"))" \
       grep -q "^plan $new_plan since .* after plan $old_plan " <<<"$(plan_change "$lookup_fp")"
pgi_is "$(plan_change "$bump_fp")" none "the UPDATE (same plan, now waiting) has no plan change"
pgi_ok "the UPDATE's wait change is Lock ($(cut -d'|' -f8 <<<"$bump_row"))" grep -q "| Lock: " <<<"$bump_row"
pgi_is "$(grep -c "| Lock: " <<<"$lookup_row" || true)" 0 "the lookup (no lock involved) has no Lock wait change"

pgi_is "$(pgi_psql -c "SELECT bool_and(ordered) FROM (
                         SELECT extra_ms_per_hour <= lag(extra_ms_per_hour) OVER () OR lag(extra_ms_per_hour) OVER () IS NULL AS ordered
                         FROM insights.regressions(recent => now() - '$changed'::timestamptz, baseline => interval '1 hour',
                                                   min_calls => 10)) o")" t "rows come most extra time per hour first"
# A bar above the rise finds nothing; a window with no baseline neither.
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.regressions(recent => now() - '$changed'::timestamptz,
                                                                  baseline => interval '1 hour', min_ratio => 100000)")" 0 \
       "min_ratio above every rise: no regression"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.regressions(recent => interval '1 hour', baseline => interval '1 hour')")" 0 \
       "no baseline calls (everything is recent): no regression"

info=$(pgi_psql -c "SELECT history_rows > 0 AND history_rows <= history_max_rows AND history_oldest_bucket <= '$started'
                    FROM insights.store_info()")
pgi_is "$info" t "store_info(): the ring holds rows, within its bound, back to the start"
# A restart: the history is in shared memory only (the store is saved).
pgi_cluster_restart
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.history")" 0 "the history starts empty after a restart"
pgi_ok "... while the statements were kept (insights.save)" \
       test "$(pgi_psql -c "SELECT calls FROM insights.statements WHERE fingerprint = '$steady_fp'")" -gt 0
# The sampler starts from the restored counters: the calls since count.
pgi_psql -c "SELECT count(*) FROM counters" >/dev/null
sleep 2.2
pgi_psql -c "SELECT count(*) FROM counters" >/dev/null
sleep 2.5
pgi_is "$(pgi_psql -c "SELECT sum(calls) FROM insights.statement_history('$steady_fp')")" 2 \
       "after a restart, the history counts the calls since (not the restored totals)"
# reset() empties the history. Its own statement is counted after it ran
# (at its ExecutorEnd), so a bucket the sampler closes before the next
# read may hold that one call: it is not history from before the reset.
pgi_psql -c "SELECT insights.reset()" >/dev/null
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.history
                       WHERE fingerprint <> insights.fingerprint('SELECT insights.reset()')")" 0 "reset() forgets the history"

# insights.history_max_rows = 0: no history, nothing else changes.
pgi_conf "insights.history_max_rows = 0"
pgi_cluster_restart
load 3 steady
sleep 2.5
pgi_is "$(pgi_psql -c "SELECT history_max_rows || ' ' || history_rows || ' ' || (history_oldest_bucket IS NULL) FROM insights.store_info()")" \
       "0 0 true" "history_max_rows = 0: store_info() says so"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.history")" 0 "... and the history stays empty"
pgi_ok "... while the statements count" \
       test "$(pgi_psql -c "SELECT calls FROM insights.statements WHERE fingerprint = '$steady_fp'")" -gt 0
pgi_done
