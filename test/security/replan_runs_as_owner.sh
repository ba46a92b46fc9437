#!/usr/bin/env bash
# Attack 1: re-planning another role's statement must run that role's code as
# that role, inside a security-restricted operation — never as the caller.
# alice's statements call IMMUTABLE functions (directly, through an operator
# and through a view) that call a volatile one writing a file. Planning folds
# them; if that ever happens with a superuser's rights, the file appears.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.advice_min_ms = 0"
sec_control replan
payload=$(sec_mark_sql replan)
sec_psql alice >/dev/null <<SQL
CREATE TABLE alice.t AS SELECT g AS x, g % 10 AS y FROM generate_series(1, 5000) g;
ANALYZE alice.t;
-- As alice the write fails (not a superuser) and is swallowed, so her own
-- statements succeed and are tracked with samples.
CREATE FUNCTION alice.g() RETURNS int LANGUAGE plpgsql VOLATILE AS \$f\$
BEGIN
  BEGIN EXECUTE \$q\$$payload\$q\$; EXCEPTION WHEN OTHERS THEN NULL; END;
  RETURN 1;
END \$f\$;
CREATE FUNCTION alice.f(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS \$f\$ BEGIN RETURN alice.g() + \$1; END \$f\$;
CREATE FUNCTION alice.op(int, int) RETURNS bool LANGUAGE plpgsql IMMUTABLE AS \$f\$ BEGIN RETURN alice.g() + \$1 = \$2; END \$f\$;
CREATE OPERATOR alice.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = alice.op);
CREATE VIEW alice.v AS SELECT x, y FROM alice.t WHERE x = alice.f(3);
SELECT count(*) FROM alice.t WHERE x = alice.f(1);
SELECT count(*) FROM alice.t WHERE y = 2 AND 4 OPERATOR(alice.===) 5;
SELECT count(*) FROM alice.v WHERE y = 3;
SQL
sec_no_mark replan "alice's statements ran as alice without a mark"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM insights.statements s JOIN pg_roles r ON r.oid = s.userid
                       WHERE r.rolname = 'alice' AND s.query LIKE 'SELECT count(*) FROM alice.%'")" 3 "alice's three statements are tracked"

pgi_psql -c "SELECT count(*) FROM insights.index_advice(0)" >/dev/null 2>&1 || true
sec_no_mark replan "insights.index_advice() by a superuser does not run alice's functions as superuser"
pgi_psql -c "SELECT insights.report()" >/dev/null 2>&1 || true
sec_no_mark replan "insights.report() by a superuser does not run them as superuser"
pgi_psql -c "SELECT * FROM insights.report_text()" >/dev/null 2>&1 || true
sec_no_mark replan "insights.report_text() by a superuser does not run them as superuser"
sec_psql monitor -c "SELECT count(*) FROM insights.index_advice(0)" >/dev/null 2>&1 || true
sec_no_mark replan "insights.index_advice() by a pg_read_all_stats member does not either"
# The re-plans happened (as alice): the advice saw her statements, and
# nothing of the security-restricted operation stayed behind.
pgi_is "$(pgi_psql -c "SELECT current_user || ' ' || current_setting('search_path')")" 'postgres "$user", public' \
  "the caller's role and search_path are unchanged afterwards"
pgi_done
