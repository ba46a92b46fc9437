#!/usr/bin/env bash
# Demo: a throwaway cluster with pg_insights, a small shop schema, half a
# minute of traffic, then the slowest statements. Takes about a minute.
set -euo pipefail
demo=$(cd "$(dirname "$0")" && pwd)
. "$demo/../test/lib.sh"

pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
echo "== throwaway cluster on port $PGI_PORT, shared_preload_libraries = pg_insights"
pgi_psql -c "CREATE EXTENSION pg_insights"
echo "== loading demo/schema.sql"
pgi_psql -f "$demo/schema.sql" >/dev/null
pgi_psql -c "SELECT insights.reset()" >/dev/null
echo "== running the workload (${DURATION:-25} s, ${CLIENTS:-4} clients)"
"$demo/workload.sh"

echo "== SELECT ... FROM insights.slow_queries()"
psql -X -P pager=off -v ON_ERROR_STOP=1 -c "
  SELECT fingerprint, calls, round(total_ms) AS total_ms, round(p95_ms::numeric, 1) AS p95_ms,
         slow_calls, left(regexp_replace(query, '\s+', ' ', 'g'), 80) AS query
    FROM insights.slow_queries();"
if [ "$(pgi_psql -c "SELECT to_regproc('insights.index_advice') IS NOT NULL")" = t ]; then
  echo "== SELECT ... FROM insights.index_advice()"
  psql -X -P pager=off -v ON_ERROR_STOP=1 -c "
    SELECT index_ddl, round(est_improvement_pct) AS improvement_pct FROM insights.index_advice();"
fi
pgi_cluster_stop
