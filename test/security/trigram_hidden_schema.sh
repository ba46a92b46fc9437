#!/usr/bin/env bash
# Attack 14: pg_trgm is installed in a schema (trgm_private, owned by bob)
# on which alice, whose ILIKE '%…%' search is advised on, has no USAGE. Her
# advice must not name that schema's operator class (she could not run the
# DDL's class, and it tells her what the schema holds), nor plan with it:
# without a class she may use, the trigram row says the extension is
# needed. Bob, owning the schema, plants lower(varchar) there, which beats
# pg_catalog's lower(text) for a varchar column: if the advice put the
# extension's schema on the path of alice's statement and ran it as the
# superuser calling index_advice(), bob's function would write the mark.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.advice_min_ms = 0"
sec_control trgm
payload=$(sec_mark_sql trgm)
pgi_psql >/dev/null <<'SQL'
CREATE SCHEMA trgm_private AUTHORIZATION bob;
CREATE EXTENSION pg_trgm SCHEMA trgm_private;
SQL
sec_psql bob >/dev/null <<SQL
CREATE FUNCTION trgm_private.lower(varchar) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN BEGIN EXECUTE \$q\$$payload\$q\$; EXCEPTION WHEN OTHERS THEN NULL; END; RETURN pg_catalog.lower(\$1::text); END \$f\$;
SQL
sec_psql alice >/dev/null <<'SQL'
CREATE TABLE alice.items (id int PRIMARY KEY, name varchar(60) NOT NULL);
INSERT INTO alice.items SELECT g, md5(g::text) FROM generate_series(1, 60000) g;
ANALYZE alice.items;
SQL
# The load's writes would weigh on a validated index: forget them.
pgi_psql -c "SELECT insights.reset()" >/dev/null
sec_psql alice >/dev/null <<'SQL'
SELECT id, lower(name) FROM alice.items WHERE name ILIKE '%k7q%';
SELECT id, lower(name) FROM alice.items WHERE name ILIKE '%k7q%';
SELECT id, lower(name) FROM alice.items WHERE name ILIKE '%k7q%';
SQL
# Control: bob's lower() does win for a varchar with his schema on the path.
pgi_psql -c "SET search_path = trgm_private, public" -c "SELECT lower(name) FROM alice.items LIMIT 1" >/dev/null
pgi_ok "control: with trgm_private on the path, bob's lower(varchar) runs" test -e "$SEC_MARKS/trgm"
rm -f "$SEC_MARKS/trgm"

advice="SELECT coalesce(string_agg(concat_ws(' | ', index_ddl, rationale), E'\n'), '') FROM insights.index_advice(0)
        WHERE table_name = 'items'"
out=$(pgi_psql -c "$advice")
echo "# superuser's advice on alice's search: $out"
pgi_ok "the superuser's advice on alice's search names no class of trgm_private" \
  bash -c "! grep -q 'trgm_private' <<<\"\$1\"" _ "$out"
pgi_ok "its trigram row says the extension (or USAGE on its schema) is needed" \
  grep -q 'needs the pg_trgm extension.*grant USAGE on its schema' <<<"$out"
sec_no_mark trgm "nothing of trgm_private ran as the superuser during index_advice()"
out=$(sec_psql alice -c "SELECT coalesce(string_agg(index_ddl || ' ' || rationale, E'\n'), '')
                         FROM insights.index_advice_for('SELECT id, lower(name) FROM alice.items WHERE name ILIKE ''%k7q%''', 0)")
pgi_ok "nor does alice's index_advice_for() ($out)" bash -c "! grep -q 'trgm_private' <<<\"\$1\"" _ "$out"
sec_no_mark trgm "nor during index_advice_for()"

# Once alice may use the schema, the class is hers to name and is measured.
pgi_psql -c "GRANT USAGE ON SCHEMA trgm_private TO alice" >/dev/null
out=$(pgi_psql -c "$advice")
pgi_ok "control: granted USAGE, the advice is a GIN index with trgm_private.gin_trgm_ops ($out)" \
  grep -q 'USING gin (name trgm_private.gin_trgm_ops)' <<<"$out"
sec_no_mark trgm "and bob's lower(varchar) still never ran as the superuser"
pgi_done
