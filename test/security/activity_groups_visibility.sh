#!/usr/bin/env bash
# Issue 8, item 10: insights.activity_groups (and pool_advice's rationale,
# which names the client groups it counted) must not show a client address
# that pg_stat_activity hides from the same caller. pg_stat_activity shows
# client_addr only to roles that have the privileges of the backend's role,
# or of pg_read_all_stats; application_name it shows to everybody.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.sample_interval_ms = 20"

# bob, connected over TCP with no application_name: the sampler names his
# group by his client address, 127.0.0.1.
psql -X -q -h 127.0.0.1 -p "$PGPORT" -U bob -d postgres \
     -c "SET application_name = ''" -c "SELECT pg_sleep(3)" >/dev/null &
bob_pid=$!
# A group named by application_name: visible to all, as in pg_stat_activity.
psql -X -q -h 127.0.0.1 -p "$PGPORT" -U bob -d postgres \
     -c "SET application_name = 'bobs_app'" -c "SELECT pg_sleep(3)" >/dev/null &
app_pid=$!
wait "$bob_pid" "$app_pid"

# Enough data for pool_advice to size pools (and name the groups it counted):
# two minutes of synthetic activity and 150 statements.
pgi_psql >/dev/null <<'SQL'
SELECT count(insights.inject_activity(date_trunc('second', now()) - s * interval '1 second',
                                      '{2,0,0,0,0,0,0,5}', 10))
FROM generate_series(1, 120) s;
SELECT 'SELECT ' || g || ' AS n' FROM generate_series(1, 150) g \gexec
SQL

groups="SELECT coalesce(string_agg(client_group, ',' ORDER BY client_group), '') FROM insights.activity_groups"
addr_rows="SELECT count(*) FROM insights.activity_groups WHERE client_group = '127.0.0.1'"
advice="SELECT coalesce(string_agg(rationale, ' '), '') LIKE '%127.0.0.1%' FROM insights.pool_advice()"

pgi_is "$(pgi_psql -c "$addr_rows")" 1 "control: the superuser sees bob's address group"
pgi_is "$(pgi_psql -c "$advice")" t "control: the superuser's pool_advice names it"
pgi_is "$(sec_psql monitor -c "$addr_rows")" 1 "pg_read_all_stats sees bob's address group"
pgi_is "$(sec_psql bob -c "$addr_rows")" 1 "bob sees his own address group"

# alice: pg_stat_activity hides bob's client_addr from her ...
pgi_is "$(sec_psql alice -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bob' AND client_addr IS NOT NULL")" \
       0 "pg_stat_activity hides bob's client_addr from alice"
# ... and so must pg_insights.
got=$(sec_psql alice -c "$groups")
pgi_ok "alice's activity_groups do not show 127.0.0.1 ($got)" bash -c "[[ '$got' != *127.0.0.1* ]]"
pgi_ok "alice still sees that a group exists, its name withheld ($got)" \
       bash -c "[[ '$got' == *'<insufficient privilege>'* ]]"
pgi_ok "alice sees bob's application_name group, as pg_stat_activity shows it ($got)" \
       bash -c "[[ '$got' == *bobs_app* ]]"
pgi_is "$(sec_psql alice -c "$advice")" f "alice's pool_advice rationale does not name 127.0.0.1"
pgi_is "$(sec_psql alice -c "SELECT count(*) FROM insights.activity_groups WHERE client_group IS NULL")" 0 \
       "no NULL group names"

# One address, two roles (database "other"): the group's backends are not
# all bob's, so bob no longer sees its address; pg_read_all_stats still does.
pgi_psql -c "CREATE DATABASE other" >/dev/null
for role in alice bob; do
  psql -X -q -h 127.0.0.1 -p "$PGPORT" -U "$role" -d other \
       -c "SET application_name = ''" -c "SELECT pg_sleep(2)" >/dev/null &
done
wait
other="SELECT client_group FROM insights.activity_groups
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'other') AND client_group <> 'psql'"
pgi_is "$(pgi_psql -c "$other")" 127.0.0.1 "control: the superuser sees the shared address group"
pgi_is "$(sec_psql monitor -c "$other")" 127.0.0.1 "pg_read_all_stats sees the shared address group"
pgi_is "$(sec_psql bob -c "$other")" "<insufficient privilege>" "bob does not see an address alice used too"
pgi_is "$(sec_psql alice -c "$other")" "<insufficient privilege>" "alice does not see an address bob used too"
pgi_done
