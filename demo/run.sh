#!/usr/bin/env bash
# Demo: a throwaway cluster with pg_insights, a small shop schema, a bit over
# a minute of traffic, then the slowest statements, the index advice and the
# connection pool advice, and the HTML report. Takes about a minute and a half.
# Environment: DURATION seconds of traffic (65; pool advice needs a minute of
# samples), CLIENTS (4), REPORT (where the HTML report goes:
# $TMPDIR/pg_insights_report.html).
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
echo "== running the workload (${DURATION:-65} s, ${CLIENTS:-4} clients)"
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
if [ "$(pgi_psql -c "SELECT to_regproc('insights.pool_advice') IS NOT NULL")" = t ]; then
  # Defaults: the last hour, app instances inferred from application_name
  # (pgbench here), one pool per instance.
  echo "== SELECT target, setting, current_value, recommended_value FROM insights.pool_advice()"
  psql -X -P pager=off -v ON_ERROR_STOP=1 -c "
    SELECT target, setting, current_value, recommended_value
      FROM insights.pool_advice() WHERE target <> 'warning';"
  echo "== why: the rationale of the key rows, and the warnings"
  pgi_psql -F $'\t' -c "
    SELECT target || ' ' || setting || coalesce(' = ' || recommended_value, '')
             || CASE WHEN target = 'warning' THEN ' (' || current_value || ')' ELSE '' END,
           rationale
      FROM insights.pool_advice()
     WHERE (target, setting) IN (('pgbouncer', 'default_pool_size'), ('pgbouncer', 'max_db_connections'),
                                 ('sqlalchemy', 'max_overflow'), ('postgresql', 'max_connections'))
        OR target = 'warning';" |
    while IFS=$'\t' read -r row rationale; do
      echo "$row"
      fold -s -w 100 <<<"$rationale" | sed 's/^/    /'
    done
fi
echo "== SELECT * FROM insights.report_text()   (everything, including N+1, unparameterized statements,"
echo "   index health, latency objectives and maintenance; insights.report() gives the same as jsonb)"
pgi_psql -c "SELECT * FROM insights.report_text()" | cut -c1-240
# The same as a page to open in a browser (self-contained: no network).
report=${REPORT:-${TMPDIR:-/tmp}/pg_insights_report.html}
echo "== psql -XAtc 'SELECT insights.report_html()' > $report"
pgi_psql -c "SELECT insights.report_html()" >"$report"
echo "   $(stat -c %s "$report") bytes: open $report in a browser"
pgi_cluster_stop
