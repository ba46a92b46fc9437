#!/usr/bin/env bash
# Issue 8, item 12: the capture path never sends a message to a client. A
# statement without a query id although compute_query_id = auto (a
# SQL-standard function body) must not draw a WARNING; with
# compute_query_id really off, one LOG line in the server log only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.track = all"
out=$(pgi_psql -c "CREATE FUNCTION lsn_plus() RETURNS pg_lsn LANGUAGE sql RETURN 16::numeric + '0/16AE7F7'::pg_lsn" \
               -c "SELECT lsn_plus()" 2>&1)
pgi_is "$out" "0/16AE807" "a SQL-standard function body draws no message with compute_query_id = auto"
mark=$(pgi_log_mark)
out=$(pgi_psql -c "SET compute_query_id = off" -c "SELECT 1" -c "SELECT 2" 2>&1)
pgi_is "$out" $'1\n2' "compute_query_id = off: no message to the client"
pgi_is "$(pgi_log_since "$mark" | grep -c 'pg_insights: compute_query_id is off' || true)" 1 "and one LOG line in the server log"
pgi_is "$(pgi_psql -c "SELECT sum(calls) FROM insights.statements WHERE query IN ('SELECT \$1')")" 2 "those statements are still counted"
pgi_done
