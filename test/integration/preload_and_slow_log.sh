#!/usr/bin/env bash
# Without shared_preload_libraries: the parser functions work and the
# statistics functions say how to fix it. With insights.log_slow: one LOG
# line per slow call, with fingerprint, duration and normalized text.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

PGI_PRELOAD='' pgi_cluster_init "$(pgi_mktemp)"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" >/dev/null
pgi_is "$(pgi_psql -c "SELECT insights.fingerprint('SELECT 1')")" 50fde20626009aba \
  "fingerprint() works without preloading"
err=$(pgi_psql -c "SELECT count(*) FROM insights.statements" 2>&1 || true)
pgi_ok "the view says to preload the library ($err)" grep -q 'must be loaded via "shared_preload_libraries"' <<<"$err"
err=$(pgi_psql -c "SELECT * FROM insights.slow_queries()" 2>&1 || true)
pgi_ok "slow_queries() says to preload the library" grep -q 'shared_preload_libraries' <<<"$err"

# Now preloaded, with the slow log on.
pgi_conf "shared_preload_libraries = 'pg_insights'" "insights.log_slow = on" "insights.slow_threshold_ms = 40"
pgi_cluster_restart
mark=$(pgi_log_mark)
pgi_psql -c "SELECT pg_sleep(0.05)" -c "SELECT pg_sleep(0.001)" -c "SELECT pg_sleep(0.06)" >/dev/null
fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT pg_sleep(1)')")
lines=$(pgi_log_since "$mark" | grep -c "pg_insights: slow statement fingerprint=$fp duration=[0-9.]* ms: SELECT pg_sleep(\$1)" || true)
pgi_is "$lines" 2 "one LOG line per slow call, none for the fast one"
pgi_is "$(pgi_psql -c "SELECT calls || '/' || slow_calls FROM insights.statements WHERE fingerprint = '$fp'")" \
  "3/2" "the logged calls are counted too, once each"
pgi_done
