#!/usr/bin/env bash
# Attacks 6, 7 and 9: index advice must not tell a role what it could not
# read otherwise.
#  6. index_advice_for() on a table the caller may not read: permission
#     denied, as EXPLAIN says it, not its sizes and selectivities.
#  7. Constants of another role's statements (a partial index's predicate,
#     a rationale) are not shown to a pg_read_all_stats member: it may read
#     the normalized texts only.
#  9. index_advice() in one database advises on that database's statements
#     only, and names no table of another.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.advice_min_ms = 0"
pgi_psql >/dev/null <<'SQL'
CREATE SCHEMA hr AUTHORIZATION bob;
SET ROLE bob;
CREATE TABLE hr.staff (id int PRIMARY KEY, status text NOT NULL, salary int NOT NULL, note text);
INSERT INTO hr.staff SELECT g, CASE WHEN g % 200 = 0 THEN 'fired' ELSE 'active' END, 1000 + g % 5000, md5(g::text)
  FROM generate_series(1, 200000) g;
ANALYZE hr.staff;
RESET ROLE;
GRANT USAGE ON SCHEMA hr TO alice, monitor;
SQL
# 6: alice may not read hr.staff.
out=$(sec_psql alice -c "SELECT * FROM insights.index_advice_for('SELECT * FROM hr.staff WHERE salary = 1234', 0)" 2>&1) && ran=yes || ran=no
pgi_is "$ran" no "index_advice_for() on a table alice may not read fails"
pgi_ok "with permission denied for the table ($out)" grep -q 'permission denied for table staff' <<<"$out"
pgi_ok "and says nothing of the table's rows" bash -c "! grep -q 'rows' <<<\"\$1\"" _ "$out"
pgi_psql -c "GRANT SELECT ON hr.staff TO alice" >/dev/null
pgi_ok "once granted SELECT, alice gets advice" \
  test "$(sec_psql alice -c "SELECT count(*) FROM insights.index_advice_for('SELECT * FROM hr.staff WHERE salary = 1234', 0)")" -ge 1
pgi_psql -c "REVOKE SELECT ON hr.staff FROM alice" >/dev/null

# 7: bob looks up the fired staff, always with the same hard-coded constant.
# And an expression holding a constant of his (an index on it would name it).
for i in $(seq 5); do
  echo "SELECT id, note FROM hr.staff WHERE status = 'fired' ORDER BY salary LIMIT 10;"
  echo "SELECT id FROM hr.staff WHERE strpos(note, 'zqx') = 3;"
done | sec_psql bob >/dev/null
advice="SELECT coalesce(string_agg(concat_ws(' | ', index_ddl, predicate, rationale, array_to_string(columns, ',')), E'\n'), '')
        FROM insights.index_advice(0)"
su=$(pgi_psql -c "$advice")
pgi_ok "control: the superuser's advice is a partial index on the constant ($su)" grep -q "'fired'" <<<"$su"
pgi_ok "control: ... and an expression index on the other constant" grep -q "strpos(note, 'zqx'::text)" <<<"$su"
pgi_ok "control: bob's own advice shows his constant" grep -q "'fired'" <<<"$(sec_psql bob -c "$advice")"
mon=$(sec_psql monitor -c "$advice")
pgi_ok "a pg_read_all_stats member's advice never shows bob's constants ($mon)" bash -c "! grep -Eq 'fired|zqx' <<<\"\$1\"" _ "$mon"
mon_report=$(sec_psql monitor -c "SELECT insights.report()")
pgi_ok "nor does its report()" bash -c "! grep -Eq 'fired|zqx' <<<\"\$1\"" _ "$mon_report"
pgi_ok "while it still sees bob's normalized text" grep -q 'status = \$1' <<<"$(sec_psql monitor -c "SELECT query FROM insights.statements")"
pgi_is "$(sec_psql alice -c "SELECT count(*) FROM insights.index_advice(0)")" 0 "alice (no pg_read_all_stats) gets no advice from bob's statements"

# 9: another database's workload.
pgi_psql -c "CREATE DATABASE other" >/dev/null
psql -X -q -d other >/dev/null <<'SQL'
CREATE TABLE ledger_secret AS SELECT g AS id, g % 1000 AS account FROM generate_series(1, 100000) g;
ANALYZE ledger_secret;
SELECT count(*) FROM ledger_secret WHERE account = 42;
SELECT count(*) FROM ledger_secret WHERE account = 42;
SQL
out=$(pgi_psql -c "SELECT string_agg(table_name || ' ' || rationale, ' ') FROM insights.index_advice(0)" 2>&1)
pgi_ok "index_advice() in postgres says nothing of the other database's table ($out)" bash -c "! grep -q 'ledger_secret' <<<\"\$1\"" _ "$out"
pgi_done
