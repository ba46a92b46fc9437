#!/usr/bin/env bash
# Attack (issue 13, parts 5 and 6): the plans of slow calls and the messages of failed statements
# must not give a role what it could not read otherwise, nor run anything.
#  - bob's slow statement filters on a constant and his failed INSERT
#    carries a duplicate key: neither value reaches alice (no privilege) or
#    monitor (pg_read_all_stats: normalized texts only) through
#    statement_plans, statement_errors or report(); bob and a superuser
#    see bob's plan with its constant (the controls).
#  - alice's slow statement calls a payload that leaves a mark when it runs
#    with a superuser's rights, and counts its runs in a sequence (neither
#    is undone by a rollback): the plan is printed in her own backend, as
#    her, without running the statement again, so the superuser's reading
#    of every view never runs it and it ran exactly once.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.slow_threshold_ms = 0"
sec_control plans_payload
pgi_psql >/dev/null <<'SQL'
CREATE SCHEMA crm AUTHORIZATION bob;
SET ROLE bob;
CREATE TABLE crm.customers (id int PRIMARY KEY, email text UNIQUE, note text);
INSERT INTO crm.customers SELECT g, 'user' || g || '@example.com', md5(g::text) FROM generate_series(1, 1000) g;
ANALYZE crm.customers;
RESET ROLE;
GRANT USAGE ON SCHEMA crm TO alice, monitor;
SQL
sec_psql bob -c "SELECT id FROM crm.customers WHERE note = 'zqx-plan-secret'" >/dev/null
sec_psql bob -c "INSERT INTO crm.customers VALUES (1001, 'user7@example.com', 'zqx-error-secret')" >/dev/null 2>&1 || true

plans="SELECT coalesce(string_agg(coalesce(plan, '<null>'), E'\n'), '') FROM insights.statement_plans"
errors="SELECT coalesce(string_agg(sqlstate || ' ' || coalesce(message, '<null>'), E'\n'), '') FROM insights.statement_errors"
pgi_ok "control: the superuser sees bob's plan with its constant" grep -q "zqx-plan-secret" <<<"$(pgi_psql -c "$plans")"
pgi_ok "control: bob sees his own plan with its constant" grep -q "zqx-plan-secret" <<<"$(sec_psql bob -c "$plans")"
pgi_ok "control: bob's unique violation is counted" grep -q "^23505 duplicate key value violates unique constraint" \
  <<<"$(pgi_psql -c "$errors")"
for role in alice monitor; do
  out="$(sec_psql "$role" -c "$plans") $(sec_psql "$role" -c "$errors") $(sec_psql "$role" -c "SELECT insights.report()")"
  pgi_ok "$role reads no constant of bob's from plans, errors or report()" bash -c "! grep -q 'zqx' <<<\"\$1\"" _ "$out"
done
pgi_ok "no role, not even a superuser, reads the duplicate key or the row" \
  bash -c "! grep -Eq 'zqx|user7' <<<\"\$1\"" _ "$(pgi_psql -c "$errors")"

# alice's payload: a mark when it runs as a superuser, a count of its runs.
sec_psql alice >/dev/null <<SQL
CREATE SEQUENCE alice.runs;
CREATE FUNCTION alice.payload() RETURNS int LANGUAGE plpgsql AS \$f\$
BEGIN
  PERFORM nextval('alice.runs');
  BEGIN
    $(sec_mark_sql plans_payload);
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END;
  RETURN 1;
END \$f\$;
SELECT alice.payload();
SQL
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statement_plans p JOIN pg_roles r ON r.oid = p.userid
                       WHERE r.rolname = 'alice' AND p.fingerprint = insights.fingerprint('SELECT alice.payload()')")" 1 \
  "control: alice's slow call has its plan"
for view in statement_plans statement_errors statements; do pgi_psql -c "SELECT * FROM insights.$view" >/dev/null; done
pgi_psql -c "SELECT insights.report()" >/dev/null
pgi_psql -c "SELECT insights.report_text()" >/dev/null
sec_no_mark plans_payload "reading plans, errors and the report as a superuser never runs alice's statement"
pgi_is "$(pgi_psql -c "SELECT last_value FROM alice.runs")" 1 "her statement ran once: printing its plan ran nothing"
pgi_done
