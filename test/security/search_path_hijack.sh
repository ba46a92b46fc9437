#!/usr/bin/env bash
# Attack 2: a role with CREATE on a schema in the caller's search_path plants
# functions that match the extension's calls better than pg_catalog's
# (format(text, text) beats format(text, VARIADIC "any")). Every function of
# the extension pins search_path, so none of them may run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.advice_min_ms = 0"
sec_control hijack
payload=$(sec_mark_sql hijack)
body="BEGIN BEGIN EXECUTE \$q\$$payload\$q\$; EXCEPTION WHEN OTHERS THEN NULL; END; RETURN"
sec_psql alice >/dev/null <<SQL
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS \$f\$ $body \$1; END \$f\$;
CREATE FUNCTION public.format(text, text, text) RETURNS text LANGUAGE plpgsql AS \$f\$ $body \$1; END \$f\$;
CREATE FUNCTION public.format(text, text, text, text) RETURNS text LANGUAGE plpgsql AS \$f\$ $body \$1; END \$f\$;
CREATE FUNCTION public.jsonb_build_object(text, text) RETURNS jsonb LANGUAGE plpgsql AS \$f\$ $body '{}'; END \$f\$;
CREATE FUNCTION public.round(float8, int) RETURNS numeric LANGUAGE plpgsql AS \$f\$ $body 0; END \$f\$;
CREATE FUNCTION public.quote_ident(name) RETURNS text LANGUAGE plpgsql AS \$f\$ $body ''; END \$f\$;
SQL
pgi_psql >/dev/null <<'SQL'
CREATE TABLE t AS SELECT g AS id, g % 50 AS k FROM generate_series(1, 20000) g;
ANALYZE t;
SELECT count(*) FROM t WHERE k = 7;
SELECT count(*) FROM t WHERE k = 7;
SQL
# Sanity: in the caller's own statement, the planted format() does win.
pgi_psql -c "SELECT format('%s', 'x'::text)" >/dev/null
pgi_ok "control: the planted function wins in the caller's own statement" test -e "$PGI_DIR/marks/hijack"
rm -f "$PGI_DIR/marks/hijack"

for call in "SELECT * FROM insights.report_text()" "SELECT insights.report()" "SELECT * FROM insights.slow_queries()" \
            "SELECT * FROM insights.index_advice(0)" "SELECT * FROM insights.index_health()" "SELECT * FROM insights.slo()" \
            "SELECT * FROM insights.maintenance()" "SELECT * FROM insights.pool_advice()" "SELECT * FROM insights.n_plus_one" \
            "SELECT * FROM insights.unparameterized" "SELECT * FROM insights.statements" \
            "SELECT * FROM insights.index_advice_for('SELECT * FROM t WHERE k = 3', 0)"; do
  pgi_psql -c "$call" >/dev/null 2>&1 || true
  sec_no_mark hijack "planted public functions do not run inside: $call"
  rm -f "$PGI_DIR/marks/hijack"
done
pgi_is "$(pgi_psql -c "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                       WHERE n.nspname = 'insights' AND p.prokind = 'f'
                         AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)")" 0 \
  "every function of the extension pins search_path = pg_catalog, pg_temp"
pgi_done
