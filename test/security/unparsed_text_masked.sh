#!/usr/bin/env bash
# Attack 8: a statement libpg_query cannot parse was stored as its raw text.
# With standard_conforming_strings = off, ALTER ROLE ... PASSWORD 'x\'y'
# is such a statement: its password must never be stored, so never shown
# (to pg_read_all_stats, in the stats file, in the slow log).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.log_slow = on" "insights.slow_threshold_ms = 0"
secret='S3cr3t-pw'
sec_psql alice >/dev/null 2>&1 <<SQL
SET standard_conforming_strings = off;
ALTER ROLE alice PASSWORD '$secret\\'y';
SELECT 'another $secret\\'s text' AS t;
SQL
rows=$(pgi_psql -c "SELECT query FROM insights.statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'alice'")
pgi_ok "the statements are tracked ($rows)" test "$(wc -l <<<"$rows")" -ge 3
pgi_ok "no stored text holds the password" bash -c "! grep -q '$secret' <<<\"\$1\"" _ "$rows"
pgi_ok "the ALTER ROLE text is kept with its constant masked" grep -q "ALTER ROLE alice PASSWORD \\\$1" <<<"$rows"
pgi_ok "the SELECT text is kept with its constant masked" grep -q "SELECT \\\$1 AS t" <<<"$rows"
pgi_ok "monitor (pg_read_all_stats) sees no password" \
  bash -c "! grep -q '$secret' <<<\"\$1\"" _ "$(sec_psql monitor -c "SELECT string_agg(query, ' ') FROM insights.statements")"
pgi_cluster_stop
pgi_ok "the stats file holds no password" bash -c "! grep -aq '$secret' '$PGI_DATA/pg_stat/pg_insights.stat'"
pgi_ok "the slow log line holds no password" bash -c "! grep 'pg_insights: slow statement' '$PGI_LOG' | grep -q '$secret'"
pgi_done
