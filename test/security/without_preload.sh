#!/usr/bin/env bash
# Issue 8, item 13: without shared_preload_libraries, index_advice_for()
# needs no store and works; report() answers section by section, each that
# needs the store with the same clear error.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PGI_PRELOAD='' sec_cluster
pgi_psql >/dev/null <<'SQL'
CREATE TABLE t AS SELECT g AS id, g % 1000 AS k FROM generate_series(1, 100000) g;
ANALYZE t;
SQL
pgi_is "$(pgi_psql -c "SELECT regexp_replace(string_agg(index_ddl, ';'), '_[0-9a-f]{8}_', '_X_')
                       FROM insights.index_advice_for('SELECT * FROM t WHERE k = 5')")" \
  "CREATE INDEX CONCURRENTLY t_k_X_idx ON public.t (k);" "index_advice_for() advises without the preloaded library"
report=$(pgi_psql -c "SELECT insights.report()" 2>&1) && ok=yes || ok=no
pgi_is "$ok" yes "report() answers"
pgi_is "$(pgi_psql -c "SELECT insights.report() #>> '{slow_queries,error}'")" \
  'pg_insights must be loaded via "shared_preload_libraries"' "slow_queries says why it is missing"
pgi_is "$(pgi_psql -c "SELECT jsonb_typeof(insights.report() -> 'index_health')")" array "index_health, which needs no store, is there"
pgi_ok "report_text() answers" pgi_psql -c "SELECT * FROM insights.report_text()"
err=$(pgi_psql -c "SELECT * FROM insights.statements" 2>&1) || true
pgi_ok "the statements view raises the clear error ($err)" grep -q "shared_preload_libraries" <<<"$err"
pgi_done
