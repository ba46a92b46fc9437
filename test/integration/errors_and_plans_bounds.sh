#!/usr/bin/env bash
# The errors and plans tables stay within their fixed sizes under more
# distinct failing statements and slow plans than they hold: the least
# recently seen make room (counted), a statement failing all along keeps
# its exact count, the client still gets each error whole (DETAIL
# included), a plan longer than 4 kB is cut, a statement failing through
# the extended protocol has its own fingerprint, and the server stays
# healthy.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

errors=1100 plans=540 hot_every=50
pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql <<SQL
CREATE EXTENSION pg_insights;
CREATE TABLE wide ($(seq -s ', ' -f 'c%g int' 1 30));
CREATE TABLE accounts (id int PRIMARY KEY, email text UNIQUE);
INSERT INTO accounts VALUES (1, 'dup.secret@example.com');
SQL
max_errors=$(pgi_psql -c "SELECT max_error_entries FROM insights.errors_and_plans_info()")
max_plans=$(pgi_psql -c "SELECT max_plan_entries FROM insights.errors_and_plans_info()")

# Each failing statement names a table that does not exist: a distinct
# fingerprint each (named in letters: libpg_query's fingerprint ignores a
# relation name's numeric suffix). Every $hot_every-th, the same unique
# violation.
workload=$PGI_DIR/errors.sql
awk -v n="$errors" -v every="$hot_every" 'BEGIN {
  for (i = 1; i <= n; i++) {
    name = ""; for (k = i; k > 0; k = int(k / 26)) name = name sprintf("%c", 97 + k % 26)
    printf "SELECT * FROM missing_%s;\n", name
    if (i % every == 0) printf "INSERT INTO accounts VALUES (%d, %s);\n", i + 1, "'"'"'dup.secret@example.com'"'"'"
  } }' >"$workload"
hot=$((errors / hot_every))
last=$(awk -v i="$errors" 'BEGIN { for (k = i; k > 0; k = int(k / 26)) printf "%c", 97 + k % 26 }')
client_out=$(psql -X -q -f "$workload" 2>&1 || true)
pgi_is "$(grep -c 'ERROR:  duplicate key value violates unique constraint "accounts_email_key"' <<<"$client_out")" "$hot" \
  "the client gets every unique violation"
pgi_is "$(grep -c 'DETAIL:  Key (email)=(dup.secret@example.com) already exists.' <<<"$client_out")" "$hot" \
  "... with its DETAIL, untouched"

pgi_is "$(pgi_psql -c "SELECT error_entries FROM insights.errors_and_plans_info()")" "$max_errors" \
  "error entries bounded at $max_errors"
evicted=$(pgi_psql -c "SELECT error_evictions FROM insights.errors_and_plans_info()")
pgi_ok "error evictions counted ($evicted >= $((errors + 1 - max_errors)))" test "$evicted" -ge $((errors + 1 - max_errors))
pgi_is "$(pgi_psql -c "SELECT errors FROM insights.statement_errors WHERE sqlstate = '23505'")" "$hot" \
  "a statement failing all along keeps its exact count"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_errors WHERE sqlstate = '42P01'
                       AND fingerprint = insights.fingerprint('SELECT * FROM missing_b')")" 0 \
  "the first, least recently seen, failing statement was evicted"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_errors WHERE sqlstate = '42P01'
                       AND fingerprint = insights.fingerprint('SELECT * FROM missing_$last')")" 1 \
  "the last one is there"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_errors WHERE message ~ 'secret|missing_'")" 0 \
  "no value or name the user sent in any message"

# Slow plans: every call is slow for this role.
pgi_psql -c "ALTER ROLE postgres SET insights.slow_threshold_ms = 0" >/dev/null
awk -v n="$plans" 'BEGIN {
  for (i = 0; i < n; i++) printf "SELECT c%d FROM wide WHERE c%d = %d;\n", 1 + i % 30, 1 + int(i / 30) % 30, i
  printf "SELECT 1 FROM wide"; for (i = 0; i < 120; i++) printf " UNION ALL SELECT %d FROM wide WHERE c%d = %d", i, 1 + i % 30, i; print ";"
}' >"$PGI_DIR/plans.sql"
pgi_psql -f "$PGI_DIR/plans.sql" >/dev/null
pgi_psql -c "ALTER ROLE postgres RESET insights.slow_threshold_ms" >/dev/null
pgi_is "$(pgi_psql -c "SELECT plan_entries FROM insights.errors_and_plans_info()")" "$max_plans" \
  "plan entries bounded at $max_plans"
evicted=$(pgi_psql -c "SELECT plan_evictions FROM insights.errors_and_plans_info()")
pgi_ok "plan evictions counted ($evicted > 0)" test "$evicted" -gt 0
pgi_is "$(pgi_psql -c "SELECT plan_truncated AND octet_length(plan) < 4096 AND plan ~ '^Append'
                       FROM insights.statement_plans WHERE plan ~ '^Append'")" t "a plan over 4 kB is cut, on a character boundary"

# The extended protocol (a parameter bound at execution): the failing
# statement has the fingerprint insights.statements would give it.
pgi_psql -c "SELECT insights.reset()" >/dev/null
printf '\\set x 0\nSELECT 1 / :x;\n' >"$PGI_DIR/divide.sql"
pgbench -n -M extended -t 1 -c 1 -f "$PGI_DIR/divide.sql" >/dev/null 2>&1 || true
pgi_is "$(pgi_psql -c "SELECT sqlstate || ' ' || errors || ' ' || (fingerprint = insights.fingerprint('SELECT 1 / \$1'))
                       FROM insights.statement_errors")" "22012 1 true" "extended protocol: counted under the statement's fingerprint"

pgi_ok "server accepts connections" pg_isready -q
crashes=$(grep -cE 'terminated by signal|PANIC|was terminated' "$PGI_LOG" || true)
pgi_is "$crashes" 0 "no crashed backends in the server log"
pgi_done
