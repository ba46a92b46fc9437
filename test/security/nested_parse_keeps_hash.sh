#!/usr/bin/env bash
# Issue 8, item 14: a statement parsed while another runs (dynamic EXECUTE in
# a PL/pgSQL function) must not clear the running statement's literal hash:
# literal_texts counts every distinct text of the top-level statement.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster
pgi_psql >/dev/null <<'SQL'
CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 100) g;
CREATE FUNCTION dyn(int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE r int; BEGIN EXECUTE 'SELECT $1 + 1' INTO r USING $1; RETURN r; END $$;
SQL
for i in $(seq 1 12); do echo "SELECT dyn(id) FROM t WHERE id = $i;"; done | pgi_psql >/dev/null
pgi_is "$(pgi_psql -c "SELECT calls || ' calls, ' || literal_texts || ' texts' FROM insights.statements WHERE query LIKE 'SELECT dyn(id)%'")" \
  "12 calls, 12 texts" "every distinct text of the top-level statement is counted"
pgi_done
