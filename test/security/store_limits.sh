#!/usr/bin/env bash
# Issue 8, item 14: the statement store's limits.
# - Texts are addressed by 32-bit offsets in an arena of max_statements ×
#   2 KiB, so insights.max_statements is capped at 2,000,000 (3.8 GiB of
#   text); it used to accept INT_MAX / 2, whose arena offsets would wrap.
# - insights.reset() starts the counters again, evictions included
#   (store_info().evictions used to survive a reset).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.max_statements = 100"

max_val=$(pgi_psql -c "SELECT max_val FROM pg_settings WHERE name = 'insights.max_statements'")
pgi_is "$max_val" 2000000 "insights.max_statements is capped at 2000000"

# 300 different statements in a store of 100: evictions.
# (different columns of one table, as test/integration/eviction_bound.sh
# does: constants and aliases do not change a fingerprint, columns do)
echo "CREATE TABLE wide ($(seq -f 'c%g int' -s ', ' 20))" | pgi_psql
for i in $(seq 20); do for j in $(seq 15); do echo "SELECT c$i FROM wide WHERE c$j = 1;"; done; done |
  pgi_psql >/dev/null
pgi_is "$(pgi_psql -c "SELECT evictions > 0 FROM insights.store_info()")" t "control: the workload evicted statements"
pgi_psql -c "SELECT insights.reset()" >/dev/null
pgi_is "$(pgi_psql -c "SELECT evictions FROM insights.store_info()")" 0 "reset() sets evictions back to 0"

# Over the cap in postgresql.conf: the server starts, with the default. Only
# tried when the cap exists: without it this would allocate ~9 GB.
if [ "$max_val" = 2000000 ]; then
  pgi_conf "insights.max_statements = 3000000"
  mark=$(pgi_log_mark)
  pgi_ok "with max_statements = 3000000 in postgresql.conf the server starts" pgi_cluster_restart
  pgi_is "$(pgi_psql -c "SHOW insights.max_statements")" 5000 "the setting keeps its default"
  pgi_ok "the log says why" bash -c "grep -q 'insights.max_statements' <<<\"\$(tail -c +$((mark + 1)) '$PGI_LOG')\""
fi
pgi_done
