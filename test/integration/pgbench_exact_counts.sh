#!/usr/bin/env bash
# Under 8 concurrent pgbench clients every statement is counted exactly once:
# each TPC-B statement gets clients * transactions calls, in simple and
# prepared protocol; BEGIN/END too with insights.track_utility = on.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

clients=8 txns=200 want=$((8 * 200))
pgi_cluster_init "$(pgi_mktemp)" "insights.track_utility = on"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights"
pgbench -i -q -s 1 >/dev/null 2>&1

# "label calls" per TPC-B statement, recognised by their text.
report="SELECT label || ' ' || coalesce(sum(s.calls), 0)
  FROM (VALUES (1, 'update_accounts', '^UPDATE pgbench_accounts '),
               (2, 'select_abalance', '^SELECT abalance FROM pgbench_accounts '),
               (3, 'update_tellers',  '^UPDATE pgbench_tellers '),
               (4, 'update_branches', '^UPDATE pgbench_branches '),
               (5, 'insert_history',  '^INSERT INTO pgbench_history '),
               (6, 'begin',           '^BEGIN\s*;?\s*\$'),
               (7, 'end',             '^(END|COMMIT)\s*;?\s*\$')) AS p(ord, label, re)
  LEFT JOIN insights.statements s ON ltrim(s.query) ~* p.re
  GROUP BY ord, label ORDER BY ord"

for mode in simple prepared; do
  pgi_psql -c "SELECT insights.reset()" >/dev/null
  out=$(pgbench -n -M "$mode" -c "$clients" -j 2 -t "$txns" 2>&1)
  pgi_is "$(sed -n 's/^number of transactions actually processed: //p' <<<"$out")" "$want/$want" \
    "$mode: pgbench processed all transactions"
  rows=$(pgi_psql -c "$report")
  while read -r label calls; do
    pgi_is "$calls" "$want" "$mode: $label calls"
  done <<<"$rows"
done
pgi_done
