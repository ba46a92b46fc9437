#!/usr/bin/env bash
# Issue 13, part 7: index outcomes, with 2-second history buckets, at the
# default insights.slow_threshold_ms (100 ms: every lookup is faster).
#  - a seq-scanning lookup gets its index mid-run: advice_outcomes() shows
#    it faster (mean and p95 before > after, slower = false), linked to the
#    index by the plan the census kept (no call of it was slow: its plan
#    before is not kept, and the one after only by the census);
#  - an index that leads the planner into a bad plan (a LIMIT walking an
#    index in ORDER BY order past most of the table: the textbook trap)
#    makes a statement slower: slower = true (and false with a ratio far
#    above the rise);
#  - once that index is dropped, index_advice() no longer proposes an index
#    with its table and key, while index_advice_unfiltered() still does.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.history_interval = 2" "insights.sample_interval_ms = 50" \
                 "autovacuum = off"
pgi_cluster_start
# trap: the pad of z's only on the rows with the highest b, which lie in
# random places of the heap; the planner expects one in 300 rows to match,
# so with an index on b it walks it from the lowest b and stops early: it
# does not. (No B-tree serves the LIKE: the only index advised on trap is
# on b, for the point lookups.)
pgi_psql -c "CREATE EXTENSION pg_insights" \
         -c "CREATE TABLE items (id int PRIMARY KEY, k int NOT NULL, pad text)" \
         -c "INSERT INTO items SELECT g, g, repeat('x', 40) FROM generate_series(1, 300000) g" \
         -c "CREATE TABLE trap (b int NOT NULL, pad text NOT NULL)" \
         -c "INSERT INTO trap SELECT g, repeat(CASE WHEN g > 299000 THEN 'z' ELSE 'y' END, 40)
             FROM generate_series(1, 300000) g ORDER BY random()" \
         -c "ANALYZE items" -c "ANALYZE trap"

scripts=$PGI_DIR/scripts
mkdir -p "$scripts"
printf '\\set k random(1, 300000)\nSELECT count(*) FROM items WHERE k = :k;\n' >"$scripts/lookup.sql"
printf "SELECT b FROM trap WHERE pad LIKE '%%z%%' ORDER BY b LIMIT 1;\\n" >"$scripts/first.sql"
printf '\\set b random(1, 300000)\nSELECT pad FROM trap WHERE b = :b;\n' >"$scripts/point.sql"
load() { pgbench -n -T "$1" -R "$2" -f "$scripts/$3.sql" >/dev/null 2>&1; }

# The point lookups run before the index on trap (b) only: they make the
# advice for it (checked at the end) clear its bars by far.
load 6 20 lookup & load 6 10 first & load 6 10 point & wait
pgi_psql -c "CREATE INDEX items_k ON items (k)" -c "CREATE INDEX ON trap (b)"
load 6 20 lookup & load 6 10 first & wait
sleep 2.5   # the last bucket closes

lookup_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT count(*) FROM items WHERE k = 1')")
first_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT b FROM trap WHERE pad LIKE ''%z%'' ORDER BY b LIMIT 1')")
pgi_psql -F ' | ' -c "SELECT index_name, key_columns, fingerprint, calls_before, calls_after, round(mean_before_ms::numeric, 3),
                             round(mean_after_ms::numeric, 3), round(p95_before_ms::numeric, 3),
                             round(p95_after_ms::numeric, 3), slower FROM insights.advice_outcomes()" | sed 's/^/# /'
pgi_is "$(pgi_psql -c "SELECT o.index_name || ' ' || o.schema_name || '.' || o.table_name || ' (' || o.key_columns || ') ' || o.index_exists
                       FROM insights.noted_indexes() n JOIN insights.advice_outcomes() o ON o.index_name = n.index_name
                       WHERE n.key_columns = 'k' AND n.access_method = 'btree' LIMIT 1")" \
       "items_k public.items (k) true" "the index is noted with its table and key"
pgi_is "$(pgi_psql -c "SELECT index_name FROM insights.noted_indexes() WHERE table_name = 'trap'")" "trap_b_idx" \
       "an index created without a name is noted under the name the server gave it"
pgi_is "$(pgi_psql -c "SELECT calls_before > 20 AND calls_after > 20 AND mean_before_ms > 5 * mean_after_ms
                              AND p95_before_ms > p95_after_ms AND NOT slower
                       FROM insights.advice_outcomes() WHERE index_name = 'items_k' AND fingerprint = '$lookup_fp'")" t \
       "the lookup got faster with its index: mean over 5x lower, p95 lower, not slower"
pgi_psql -F ' | ' -c "SELECT plan_id, calls, census_calls, round(mean_ms::numeric, 3), plan ~ 'items_k'
                      FROM insights.statement_plans WHERE fingerprint = '$lookup_fp'" | sed 's/^/# plan: /'
pgi_is "$(pgi_psql -c "SELECT current_setting('insights.slow_threshold_ms') || ' ' || count(*) || ' '
                              || bool_and(calls = census_calls AND census_calls >= 1) || ' ' || bool_and(mean_ms < 5)
                       FROM insights.statement_plans WHERE fingerprint = '$lookup_fp' AND plan ~ 'items_k'")" "100 1 true true" \
       "at the default slow threshold, the lookup's plan on the index was kept by the census (no slow call ran it)"
pgi_is "$(pgi_psql -c "SELECT query FROM insights.advice_outcomes() WHERE index_name = 'items_k' AND fingerprint = '$lookup_fp'")" \
       "SELECT count(*) FROM items WHERE k = \$1" "... with its text"
pgi_is "$(pgi_psql -c "SELECT calls_before > 10 AND calls_after > 10 AND mean_after_ms > 1.5 * mean_before_ms AND slower
                       FROM insights.advice_outcomes() WHERE index_name = 'trap_b_idx' AND fingerprint = '$first_fp'")" t \
       "the LIMIT that walks the new index got slower: flagged"
pgi_is "$(pgi_psql -c "SELECT slower FROM insights.advice_outcomes(slower_ratio => 1000)
                       WHERE index_name = 'trap_b_idx' AND fingerprint = '$first_fp'")" f \
       "... not with a ratio far above its rise"

# Dropped, it is not advised again; the statement that would want it does.
pgi_psql -c "DROP INDEX trap_b_idx"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.advice_outcomes() WHERE index_name = 'trap_b_idx' AND slower AND NOT index_exists")" 1 \
       "advice_outcomes() says the slower index is gone"
pgi_psql -c "SELECT index_ddl FROM insights.index_advice_unfiltered()" | sed 's/^/# unfiltered: /'
pgi_ok "without the rule, an index on trap (b) is advised (the point lookups want it)" \
       test "$(pgi_psql -c "SELECT count(*) FROM insights.index_advice_unfiltered() WHERE table_name = 'trap' AND columns = '{b}' AND predicate IS NULL")" -ge 1
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.index_advice() WHERE table_name = 'trap' AND columns = '{b}' AND predicate IS NULL")" 0 \
       "index_advice() does not propose again what was tried, made a statement slower and was dropped"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM (SELECT index_ddl FROM insights.index_advice_unfiltered()
                                              WHERE NOT (table_name = 'trap' AND columns = '{b}' AND predicate IS NULL)
                                              EXCEPT SELECT index_ddl FROM insights.index_advice()) missing")" 0 \
       "... and leaves the rest of the advice as it was"

# A hostile name (quotes, markup, regular-expression characters, letters
# beyond ASCII), in a database whose character classes make those letters
# letters (C.UTF-8): the kept plan is matched to the index by a regular
# expression built from the quoted name (every other character escaped), so
# the statement is still found and nothing fails. A name past NAMEDATALEN
# is cut by the server between two characters and noted as cut.
pgi_psql -c "CREATE DATABASE utf8_letters TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
upsql() { pgi_psql -d utf8_letters "$@"; }
upsql -c "CREATE EXTENSION pg_insights" -c "CREATE TABLE tablé (k int NOT NULL)" \
      -c "INSERT INTO tablé SELECT generate_series(1, 100000)" -c "ANALYZE tablé"
printf '\\set k random(1, 100000)\nSELECT count(*) FROM tablé WHERE k = :k;\n' >"$scripts/letters.sql"
long_name=$(printf 'é%.0s' $(seq 40))   # 80 bytes; never used by a plan (k < 0)
upsql -c "SET client_min_messages = warning" -c 'CREATE INDEX "índice ""ü"" <é>.*" ON tablé (k)' -c "CREATE INDEX \"$long_name\" ON tablé (k) WHERE k < 0"
PGDATABASE=utf8_letters PGOPTIONS='-c insights.slow_threshold_ms=0' \
  pgbench -n -T 5 -R 20 -f "$scripts/letters.sql" >/dev/null 2>&1
sleep 2.5   # the last bucket closes
upsql -F ' | ' -c "SELECT index_name, fingerprint, calls_after FROM insights.advice_outcomes()" | sed 's/^/# /'
pgi_is "$(upsql -c "SELECT string_agg(index_name || ' ' || (calls_after > 0), ', ' ORDER BY index_name)
                    FROM insights.advice_outcomes()")" 'índice "ü" <é>.* true' \
       "advice_outcomes() finds the statement that uses an index named with letters beyond ASCII"
pgi_is "$(upsql -c "SELECT octet_length(index_name) || ' ' || (index_name = repeat('é', 31))
                    FROM insights.noted_indexes() WHERE index_name LIKE 'éé%'")" "62 true" \
       "a name past NAMEDATALEN is noted as the server cut it, between two characters"
pgi_ok "index_advice() answers in that database" upsql -c "SELECT count(*) FROM insights.index_advice()"
pgi_done
