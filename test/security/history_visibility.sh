#!/usr/bin/env bash
# Issue 13: the history, the wait profile, regressions() and the report's
# new sections show what insights.statements shows, no more: every role
# sees every statement's numbers, another role's text only with
# pg_read_all_stats; a constant is never shown; a statement's text is data
# (a payload in it never runs when a superuser reads the report), and so is
# a fingerprint argument.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

sec_cluster "insights.sample_interval_ms = 50" "insights.history_interval = 1"
sec_control history_payload

secret='alice-s3cret-42'
payload="'); $(sec_mark_sql history_payload); --"
pgi_psql -c "CREATE TABLE alice.notes (id int PRIMARY KEY, body text)" -c "ALTER TABLE alice.notes OWNER TO alice" \
         -c "INSERT INTO alice.notes VALUES (1, 'x')" >/dev/null
# alice's UPDATE (a secret constant, a payload in a comment) waits 2 s on a
# row lock the superuser holds: it is in the wait profile and in report()'s
# waits section.
pgi_psql -c "BEGIN" -c "SELECT 1 FROM alice.notes WHERE id = 1 FOR UPDATE" -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
holder=$!
sleep 0.3
sec_psql alice -c "UPDATE alice.notes SET body = '$secret' /* $payload */ WHERE id = 1" >/dev/null
wait "$holder"
sleep 1.5   # its bucket closes

fp=$(pgi_psql -c "SELECT s.fingerprint FROM insights.statements s JOIN pg_roles r ON r.oid = s.userid
                  WHERE r.rolname = 'alice' AND s.query LIKE 'UPDATE alice.notes%'")
pgi_ok "alice's UPDATE is tracked ($fp)" test -n "$fp"
pgi_ok "control: its wait profile is Lock" \
       test "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$fp' AND wait_event_type = 'Lock'")" -ge 1
pgi_ok "control: the superuser's waits section shows its text" \
       test "$(pgi_psql -c "SELECT count(*) FROM insights.waiting_statements() WHERE fingerprint = '$fp' AND query LIKE 'UPDATE alice.notes%'")" -eq 1

# Numbers: what the statements view shows bob, the history shows him too.
# Buckets that closed before the comparison only: every query of the test
# adds rows to the buckets still open.
closed=$(pgi_psql -c "SELECT now() - interval '2 s'")
for view in "insights.statement_waits WHERE fingerprint = '$fp'" \
            "insights.statement_history('$fp', now() - interval '1 hour')" \
            "insights.history WHERE bucket_start < '$closed'"; do
  pgi_is "$(sec_psql bob -c "SELECT count(*) FROM $view")" "$(pgi_psql -c "SELECT count(*) FROM $view")" \
         "bob sees the numbers of $view, as insights.statements shows him alice's"
done
# Texts: bob sees none of alice's; monitor does, without the constant.
pgi_is "$(sec_psql bob -c "SELECT query FROM insights.waiting_statements() WHERE fingerprint = '$fp'")" \
       "<insufficient privilege>" "bob's waits section hides alice's text"
bob_report=$(sec_psql bob -c "SELECT * FROM insights.report_text()")
pgi_ok "bob's report names the waiting statement by fingerprint" grep -qF "$fp" <<<"$bob_report"
pgi_ok "bob's report does not show alice's text" bash -c "! grep -q 'SET body' <<<\"\$1\"" _ "$bob_report"
pgi_ok "... nor the payload in its comment" bash -c "! grep -q 'attack ran' <<<\"\$1\"" _ "$bob_report"
monitor_text=$(sec_psql monitor -c "SELECT query FROM insights.waiting_statements() WHERE fingerprint = '$fp'")
pgi_ok "monitor (pg_read_all_stats) sees alice's text ($monitor_text)" grep -q "^UPDATE alice.notes SET body = \$1" <<<"$monitor_text"
all=$(pgi_psql -c "SELECT * FROM insights.report_text()"; pgi_psql -c "SELECT insights.report()::text";
      sec_psql monitor -c "SELECT * FROM insights.report_text()")
pgi_ok "no report shows the constant" bash -c "! grep -q '$secret' <<<\"\$1\"" _ "$all"
# The payload was read as text by every report above, the superuser's too.
sec_no_mark history_payload "a payload in a statement's text never ran while a superuser read the report"

# A fingerprint argument is data: a hostile one is an error, nothing runs.
out=$(sec_psql bob -c "SELECT * FROM insights.statement_history(\$x\$$payload\$x\$)" 2>&1 || true)
pgi_ok "a hostile fingerprint is refused ($out)" grep -q "invalid fingerprint" <<<"$out"
sec_no_mark history_payload "a fingerprint argument never runs"
# Only a superuser (or a granted role) forgets the history.
out=$(sec_psql bob -c "SELECT insights.reset('$fp')" 2>&1 || true)
pgi_ok "bob may not reset alice's statement ($out)" grep -q "permission denied" <<<"$out"
pgi_ok "its wait profile is still there" \
       test "$(pgi_psql -c "SELECT count(*) FROM insights.statement_waits WHERE fingerprint = '$fp'")" -ge 1
pgi_done
