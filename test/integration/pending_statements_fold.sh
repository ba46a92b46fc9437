#!/usr/bin/env bash
# A statement new to the server is counted under the server's query id and
# fingerprinted later (docs/ARCHITECTURE.md, "Data flow"). Whatever the
# order of runs, folds, evictions and restarts, every view shows it under
# its fingerprint with exact counts.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

max=200
pgi_cluster_init "$(pgi_mktemp)" "insights.max_statements = $max" "insights.n_plus_one_min_repeats = 5"
pgi_cluster_start
pgi_psql <<'SQL' >/dev/null
CREATE EXTENSION pg_insights;
CREATE TABLE pgi_fold (a int, b int, c int);
INSERT INTO pgi_fold SELECT g, g, g FROM generate_series(1, 100) g;
SELECT insights.reset();
SQL
calls_of() {  # calls and rows of one fingerprint, summed over its entries
  pgi_psql -c "SELECT count(*) || ' ' || coalesce(sum(calls), 0) FROM insights.statements
               WHERE fingerprint = insights.fingerprint(\$q\$$1\$q\$)"
}

# 1. IN lists of 11..40 elements (30 query ids, one fingerprint), each run
#    once by each of 4 backends before anyone reads: one entry, every call.
for s in 1 2 3 4; do
  awk 'BEGIN { for (r = 1; r <= 3; r++) for (n = 1; n <= 10; n++) {
    printf "SELECT count(*) FROM pgi_fold WHERE a IN (1"; for (k = 2; k <= n + 10 * (r % 4); k++) printf ", %d", k; print ");" } }' |
    pgi_psql >/dev/null &
done
wait
pgi_is "$(calls_of 'SELECT count(*) FROM pgi_fold WHERE a IN (1, 2)')" "1 120" \
  "IN lists of 30 lengths from 4 backends: one entry, 120 calls"
# Read once: folded. More runs of the same lengths (their query ids now
# found folded by every backend) and of new lengths.
awk 'BEGIN { for (n = 1; n <= 60; n++) { printf "SELECT count(*) FROM pgi_fold WHERE a IN (1"; for (k = 2; k <= n; k++) printf ", %d", k; print ");" } }' |
  pgi_psql >/dev/null
pgi_is "$(calls_of 'SELECT count(*) FROM pgi_fold WHERE a IN (1, 2)')" "1 180" \
  "after a read, 60 more lengths: still one entry, 180 calls"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statements WHERE query LIKE '%pgi_fold WHERE a IN%'")" 1 \
  "the view has one row for every IN-list length"

# 2. Statements run once and never read are fingerprinted at shut-down,
#    saved, and back after the restart with their counts.
pgi_psql -c "SELECT b FROM pgi_fold WHERE c = 7 AND a = 1" >/dev/null
pgi_psql -c "SELECT b FROM pgi_fold WHERE c = 8 AND a = 2" >/dev/null
pgi_cluster_restart
pgi_is "$(calls_of 'SELECT b FROM pgi_fold WHERE c = 1 AND a = 1')" "1 2" \
  "two pending runs saved at shut-down under their fingerprint"
pgi_is "$(calls_of 'SELECT count(*) FROM pgi_fold WHERE a IN (1, 2)')" "1 180" "the folded entry survives a restart"
pgi_is "$(grep -c 'pg_insights.*WARNING\|WARNING.*pg_insights' "$PGI_LOG" || true)" 0 "the file loads without a warning"

# 3. N+1 from a statement's first transaction: 8 runs, the first three
#    pending, the fourth fingerprinted by its backend (kFingerprintAtCalls).
pgi_psql <<'SQL' >/dev/null
BEGIN;
SELECT c FROM pgi_fold WHERE b = 1 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 2 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 3 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 4 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 5 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 6 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 7 ORDER BY a;
SELECT c FROM pgi_fold WHERE b = 8 ORDER BY a;
COMMIT;
SQL
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || repeated_transactions || ' ' || max_repeats FROM insights.statements
                       WHERE fingerprint = insights.fingerprint('SELECT c FROM pgi_fold WHERE b = 1 ORDER BY a')")" \
  "8 1 8" "N+1 counted across the fold: 8 calls, one transaction of 8"

# 4. Evicted and seen again: counts start over, exactly. S1 ran four times
#    (its backend fingerprinted it), S2 once (pending); 2,000 other shapes
#    evict both; then each runs 7 times, in the same backend and in new ones.
# (Which columns a statement reads and filters on makes its fingerprint:
# repeated conditions, aliases and constants do not.)
echo "SELECT format('CREATE TABLE pgi_wide (%s)', string_agg(format('c%s int', g), ', ')) FROM generate_series(1, 50) g \\gexec" |
  pgi_psql >/dev/null
churn=$PGI_DIR/churn.sql
awk 'BEGIN { for (i = 1; i <= 50; i++) for (j = 1; j <= 40; j++) printf "SELECT c%d FROM pgi_wide WHERE c%d = %d;\n", i, j, i * j }' >"$churn"
s1='SELECT a, b FROM pgi_fold WHERE c = 3 ORDER BY b'
s2='SELECT b, c FROM pgi_fold WHERE a = 3 ORDER BY c'
{ for i in 1 2 3 4; do echo "$s1;"; done; echo "$s2;"; cat "$churn"; for i in 1 2 3 4; do echo "$s1;"; echo "$s2;"; done; } | pgi_psql >/dev/null
evictions=$(pgi_psql -c "SELECT evictions FROM insights.store_info()" 2>/dev/null || echo unknown)
pgi_is "$(calls_of "$s1") / $(calls_of "$s2")" "1 4 / 1 4" "evicted, then 4 runs in the same backend: exactly 4 each (evictions: $evictions)"
for i in 1 2 3; do pgi_psql -c "$s1" -c "$s2" >/dev/null; done
pgi_is "$(calls_of "$s1") / $(calls_of "$s2")" "1 7 / 1 7" "then 3 runs in new backends: exactly 7 each"
entries=$(pgi_psql -c "SELECT count(*) FROM insights.statements")
pgi_ok "entries bounded: $entries <= $max" test "$entries" -le "$max"

# 5. reset(fingerprint) removes a statement still pending.
pgi_psql -c "SELECT a FROM pgi_fold WHERE b = 9 AND c > 0" >/dev/null
pgi_is "$(pgi_psql -c "SELECT insights.reset(insights.fingerprint('SELECT a FROM pgi_fold WHERE b = 1 AND c > 0'))")" 1 \
  "reset(fingerprint) finds the pending entry"
pgi_is "$(calls_of 'SELECT a FROM pgi_fold WHERE b = 1 AND c > 0')" "0 0" "and it is gone"
# 6. Twice is not enough to be fingerprinted on the executor's path (under
#    churn many statements run twice before they are evicted, and the parse
#    costs more than the rest of a new statement); the fourth call is
#    (kFingerprintAtCalls). store_info() counts pending entries without
#    folding them; its own statement is one of them (+1 in both reads).
got=$(pgi_psql <<'SQL'
SELECT count(*) >= 0 AS folded FROM insights.statements \gset
SELECT pending_statements - 0 AS before FROM insights.store_info() \gset
SELECT count(*) FROM pgi_fold WHERE b = 11 AND c < 1000;
SELECT count(*) FROM pgi_fold WHERE b = 12 AND c < 1000;
SELECT pending_statements - :before AS after_two FROM insights.store_info();
SELECT count(*) FROM pgi_fold WHERE b = 13 AND c < 1000;
SELECT count(*) FROM pgi_fold WHERE b = 14 AND c < 1000;
SELECT pending_statements - :before AS after_four FROM insights.store_info();
SQL
)
pgi_is "$(paste -sd' ' <<<"$got")" "1 1 2 1 1 1" "pending after two calls (2 = it and the reader), fingerprinted at the fourth (1)"
pgi_is "$(calls_of 'SELECT count(*) FROM pgi_fold WHERE b = 1 AND c < 1')" "1 4" "one entry, exactly 4 calls"
pgi_done
