#!/usr/bin/env bash
# Attack 3: a role creates the schema "insights" before a superuser runs
# CREATE EXTENSION. Installed there, its owner could later swap the
# extension's functions (rename the schema, put her own in a new one).
# CREATE EXTENSION must refuse the schema.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster
sec_control squat
pgi_psql -c "DROP EXTENSION pg_insights" -c "DROP SCHEMA insights" -c "GRANT CREATE ON DATABASE postgres TO alice" >/dev/null
sec_psql alice -c "CREATE SCHEMA insights" >/dev/null

out=$(pgi_psql -c "CREATE EXTENSION pg_insights" 2>&1) && installed=yes || installed=no
pgi_is "$installed" no "CREATE EXTENSION refuses a schema another role owns"
pgi_ok "the error names the schema and its owner: $out" grep -q 'schema "insights" exists and is owned by role "alice"' <<<"$out"
if [ "$installed" = yes ]; then
  # What the squatter can do once it is installed: replace the functions.
  payload=$(sec_mark_sql squat)
  sec_psql alice >/dev/null <<SQL
ALTER SCHEMA insights RENAME TO insights_old;
CREATE SCHEMA insights;
CREATE FUNCTION insights.report_text() RETURNS SETOF text LANGUAGE plpgsql AS \$f\$
BEGIN BEGIN EXECUTE \$q\$$payload\$q\$; EXCEPTION WHEN OTHERS THEN NULL; END; RETURN NEXT 'report'; END \$f\$;
SQL
  pgi_psql -c "SELECT * FROM insights.report_text()" >/dev/null 2>&1 || true
fi
sec_no_mark squat "the squatter's functions never ran as superuser"

# A schema another role may create objects in is refused too.
sec_psql alice -c "DROP SCHEMA insights CASCADE" >/dev/null 2>&1 || true
pgi_psql -c "DROP SCHEMA IF EXISTS insights CASCADE" -c "CREATE SCHEMA insights" -c "GRANT CREATE ON SCHEMA insights TO alice" >/dev/null
out=$(pgi_psql -c "CREATE EXTENSION pg_insights" 2>&1) && installed=yes || installed=no
pgi_is "$installed" no "CREATE EXTENSION refuses a schema others may create objects in"
# A superuser's own empty schema, or none: installs.
pgi_psql -c "DROP SCHEMA insights" -c "CREATE SCHEMA insights" >/dev/null
pgi_ok "a superuser's own empty schema is used" pgi_psql -c "CREATE EXTENSION pg_insights"
pgi_psql -c "DROP EXTENSION pg_insights" -c "DROP SCHEMA insights" >/dev/null
pgi_ok "without a schema, CREATE EXTENSION creates it" pgi_psql -c "CREATE EXTENSION pg_insights"
pgi_done
