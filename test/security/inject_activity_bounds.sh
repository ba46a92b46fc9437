#!/usr/bin/env bash
# Issue 8, item 5: insights.inject_activity() and the other SQL functions
# over the activity sampler validate every argument. A second before the
# Unix epoch used to index the shared-memory ring at -1 (and crash the
# server); INT_MAX counts used to wrap the ring's 32-bit sums into negative
# means. Each bad call must fail with invalid_parameter_value (22023), the
# server must stay up, and the views must show only what was validly added.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.sample_activity = off"
postmaster_pid() { head -n 1 "$PGI_DATA/postmaster.pid"; }
pid_before=$(postmaster_pid)
mark=$(pgi_log_mark)

pgi_psql >/dev/null <<'SQL'
CREATE FUNCTION sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
SELECT insights.reset_activity();
SQL

# try DESCRIPTION SQL: the call must fail with invalid_parameter_value.
try() {
  local got
  got=$(pgi_psql -c "SELECT sqlstate_of(\$q\$$2\$q\$)" 2>&1 || echo "connection lost")
  pgi_is "$got" 22023 "$1"
}
z="0,0,0,0,0,0,0"
try "a second before the Unix epoch" \
    "SELECT insights.inject_activity('1969-12-31 23:59:59+00', '{1,$z}')"
try "the Unix epoch itself (the ring's empty-slot marker)" \
    "SELECT insights.inject_activity('1970-01-01 00:00:00+00', '{1,$z}')"
try "the earliest timestamptz" \
    "SELECT insights.inject_activity('4714-11-24 00:00:00+00 BC', '{1,$z}')"
try "-infinity" "SELECT insights.inject_activity('-infinity', '{1,$z}')"
try "infinity" "SELECT insights.inject_activity('infinity', '{1,$z}')"
try "a state count of INT_MAX" "SELECT insights.inject_activity(now(), '{2147483647,$z}')"
try "state counts summing past INT_MAX" \
    "SELECT insights.inject_activity(now(), '{1073741824,1073741824,1073741824,0,0,0,0,0}')"
try "more backends than PostgreSQL can have (MAX_BACKENDS = 262143)" \
    "SELECT insights.inject_activity(now(), '{262144,$z}')"
try "samples = INT_MAX" "SELECT insights.inject_activity(now(), '{1,$z}', 2147483647)"
try "samples = 0" "SELECT insights.inject_activity(now(), '{1,$z}', 0)"
try "a NULL state count" "SELECT insights.inject_activity(now(), '{NULL,$z}')"
try "a two-dimensional states array" \
    "SELECT insights.inject_activity(now(), '{{1,0,0,0},{0,0,0,0}}')"
try "a negative longest_idle_in_transaction_ms" \
    "SELECT insights.inject_activity(now(), '{1,$z}', 1, -1)"

# Valid extremes, added again and again to one second: the second refuses
# more samples than it can sum rather than wrapping.
at="'2001-02-03 04:05:06+00'"
pgi_is "$(pgi_psql -c "SELECT sqlstate_of(\$q\$SELECT insights.inject_activity($at, '{262143,$z}', 100)\$q\$)")" \
       ok "the largest valid call is accepted"
got=$(for i in $(seq 200); do
        echo "SELECT sqlstate_of(\$q\$SELECT insights.inject_activity($at, '{262143,$z}', 100)\$q\$);"
      done | pgi_psql | sort | uniq -c | awk '{print $2 "x" $1}' | paste -sd' ')
pgi_ok "repeating it into one second either succeeds or fails with 22023 ($got)" \
       bash -c "[[ '$got' =~ ^(22023x[0-9]+\ )?okx[0-9]+$ ]]"
pgi_is "$(pgi_psql -c "SELECT samples > 0, active, active_cpu, max_active, max_connections
                       FROM insights.activity WHERE second = $at")" \
       "t|262143|262143|262143|262143" "that second's means and maxima are exact, not wrapped"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.activity
                       WHERE samples <= 0 OR active < 0 OR idle < 0 OR max_active < 0
                          OR max_connections < 0 OR longest_idle_in_transaction_ms < 0
                          OR second < '1970-01-02'")" 0 "no negative, wrapped or pre-epoch row in insights.activity"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.activity")" 1 "only the valid second was recorded"

# pool_advice: extreme but valid arguments work, bad ones are refused.
pgi_is "$(pgi_psql -c "SELECT sqlstate_of(\$q\$SELECT count(*) FROM insights.pool_advice(2147483647, 2147483647, '178000000 years')\$q\$)")" \
       ok "pool_advice with INT_MAX instances and workers and a huge window"
pgi_is "$(pgi_psql -c "SELECT count(*) > 0 FROM insights.pool_advice(2147483647, 2147483647, '1 hour')
                       WHERE recommended_value ~ '-'  AND setting NOT IN ('statement_timeout')")" f \
       "no negative recommendation from INT_MAX pools"
try "pool_advice with a negative window" "SELECT * FROM insights.pool_advice(1, 1, '-1 hour')"
try "pool_advice with a zero window" "SELECT * FROM insights.pool_advice(1, 1, '0 seconds')"
try "pool_advice with app_instances = -1" "SELECT * FROM insights.pool_advice(-1, 1, '1 hour')"
try "pool_advice with workers_per_instance = -2147483648" \
    "SELECT * FROM insights.pool_advice(1, -2147483648, '1 hour')"

pgi_is "$(postmaster_pid)" "$pid_before" "same postmaster: the server never restarted"
pgi_is "$(pgi_log_since "$mark" | grep -c 'terminated by signal' || true)" 0 "no backend terminated by a signal"
pgi_done
