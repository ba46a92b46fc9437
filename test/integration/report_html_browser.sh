#!/usr/bin/env bash
# insights.report_html() in a real headless browser (Debian's chromium,
# driven over the DevTools protocol by report_html_browser.py): the page
# loads without a console error, each charted statement has one bar per
# non-empty bucket of its histogram and one point per history row (1-second
# buckets here), markup injected through table names
# and column aliases stays text, sorting works, the screenshot is not blank;
# a role without pg_read_all_stats sees no other role's statement text; and
# 5,000 statements make a page under 2 MB with only the top N charted.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
chromium=${PGI_CHROMIUM:-/usr/bin/chromium}
python=/usr/bin/python3   # Debian's, with python3-websocket and python3-pil
for need in "$chromium" "$python"; do
  [ -x "$need" ] || { echo "not ok - $need not found (scripts/install-deps.sh installs chromium, python3-websocket, python3-pil)"; exit 1; }
done
"$python" -c 'import websocket, PIL' 2>/dev/null ||
  { echo "not ok - python3-websocket or python3-pil missing (scripts/install-deps.sh installs them)"; exit 1; }

pgi_cluster_init "$(pgi_mktemp)" "insights.slow_threshold_ms = 5" "insights.sample_activity = off" \
  "insights.max_statements = 6000" "insights.history_interval = 1"
pgi_cluster_start
browser_port=$(PGI_PORT_BASE=$(pgi_port_base_at 500) pgi_free_port) || { echo "not ok - no port for the browser"; exit 1; }

# browse FILE: the facts report_html_browser.py gathers, as JSON.
browse() {
  rm -rf "$PGI_DIR/profile"
  "$python" "$here/report_html_browser.py" "$chromium" "$browser_port" "$PGI_DIR/profile" "$1" "$PGI_DIR/shot.png"
}
# fact JSON EXPR: a Python expression over the facts `d`.
fact() { "$python" -c "import json, sys; d = json.loads(sys.argv[1]); print($2)" "$1"; }

# The harness itself sees an error when there is one (else "no console
# error" below would prove nothing).
printf '<!DOCTYPE html><title>t</title><p>x</p><script>console.error("seen"); undefined_function();</script>' \
  >"$PGI_DIR/broken.html"
broken=$(browse "$PGI_DIR/broken.html")
pgi_is "$(fact "$broken" 'len(d["console_errors"])')" 2 "the harness sees console.error and an exception"

hostile='</script><img src=x onerror=window.pwned=1>'
pgi_psql >/dev/null <<SQL
CREATE EXTENSION pg_insights;
CREATE ROLE pgi_reader LOGIN;
CREATE TABLE "$hostile" (id int);
CREATE TABLE pgi_secret_table (id int);
SQL
pgi_psql >/dev/null <<SQL
SELECT id AS "<b onmouseover=window.pwned=2>bold</b>" FROM "$hostile";
SELECT count(*) FROM pgi_secret_table;
SELECT pg_sleep(0.001); SELECT pg_sleep(0.004); SELECT pg_sleep(0.012); SELECT pg_sleep(0.03);
SELECT pg_sleep(0.03); SELECT pg_sleep(0.06);
SQL
psql -X -q -U pgi_reader -c "SELECT 1 AS pgi_reader_own_statement" >/dev/null

# The history: the buckets of 1 s close (the sampler writes them), the
# statements above in at least one.
sleep 2.5

# From here on, the checks' own statements are not tracked: the store stays
# as the page saw it.
export PGOPTIONS="-c insights.track=none"
pgi_psql -c "SELECT insights.report_html()" >"$PGI_DIR/report.html"
facts=$(browse "$PGI_DIR/report.html")
pgi_is "$(fact "$facts" 'd["console_errors"]')" "[]" "no console error or exception"
pgi_is "$(fact "$facts" 'd["title"]')" "pg_insights report" "page title"
pgi_is "$(fact "$facts" '",".join(d["sections"])')" \
  "server,statements,charts,regressions,waits,errors,plans,index_advice,pool_advice,n_plus_one,unparameterized,index_health,slo,maintenance" "sections"

# Bars: one per non-empty bucket of each charted statement, as the store says.
want_bars=$(pgi_psql -c "
  WITH top AS (SELECT * FROM insights.statements ORDER BY total_ms DESC, fingerprint, userid, dbid, toplevel
               LIMIT current_setting('insights.top_statements')::int)
  SELECT string_agg(format('%s-%s-%s-%s:%s', t.fingerprint, t.userid, t.dbid, CASE WHEN t.toplevel THEN 't' ELSE 'f' END,
                           (SELECT count(*) FROM insights.statement_latency_buckets() b
                            WHERE (b.fingerprint, b.userid, b.dbid, b.toplevel) = (t.fingerprint, t.userid, t.dbid, t.toplevel))),
                    ',' ORDER BY t.fingerprint, t.userid, t.dbid, t.toplevel)
  FROM top t")
pgi_is "$(fact "$facts" '",".join(f"{k}:{v}" for k, v in sorted(d["histograms"].items()))')" "$want_bars" \
  "one histogram per charted statement, one bar per non-empty bucket"
sleep_key=$(pgi_psql -c "SELECT concat_ws('-', fingerprint, userid, dbid, 't') FROM insights.statements
                         WHERE query = 'SELECT pg_sleep(\$1)'")
sleep_bars=$(fact "$facts" "d['histograms'].get('$sleep_key')")
pgi_ok "pg_sleep's six calls of 1 to 60 ms draw 4 to 6 bars (got $sleep_bars)" test "$sleep_bars" -ge 4 -a "$sleep_bars" -le 6
want_points=$(pgi_psql -c "
  WITH top AS (SELECT DISTINCT fingerprint FROM (SELECT fingerprint FROM insights.statements
               ORDER BY total_ms DESC, fingerprint, userid, dbid, toplevel
               LIMIT current_setting('insights.top_statements')::int) t)
  SELECT string_agg(format('%s:%s:%s', kind, t.fingerprint,
                           (SELECT count(*) FROM insights.statement_history(t.fingerprint, now() - interval '7 days'))),
                    ',' ORDER BY kind, t.fingerprint)
  FROM top t, (VALUES ('calls'), ('p95')) k(kind)")
pgi_is "$(fact "$facts" '",".join(sorted(f"{k}:{v}" for k, v in d["series_points"].items()))')" "$want_points" \
  "calls and p95 over time: one point per history row of each charted statement"
sleep_fp=${sleep_key%%-*}
pgi_ok "pg_sleep's history is drawn: at least one point ($want_points)" \
  grep -q "calls:$sleep_fp:[1-9]" <<<"$want_points"

# Injected markup stays text.
pgi_is "$(fact "$facts" 'd["img"]')" 0 "no <img> element (the table name's markup is text)"
pgi_is "$(fact "$facts" 'd["elements_with_handlers"]')" 0 "no element with an on* attribute"
pgi_is "$(fact "$facts" 'd["scripts"]')" 1 "one <script>: the page's own"
pgi_is "$(fact "$facts" "'$hostile' in d['text']")" True "the table name shows as its characters"
pgi_is "$(fact "$facts" "'<b onmouseover=window.pwned=2>bold</b>' in d['text']")" True "the column alias shows as its characters"
pgi_is "$(fact "$facts" 'd["sorted_by_calls"]')" True "clicking 'calls' sorts the statements by calls"
pgi_is "$(fact "$facts" '"pgi_secret_table" in d["text"]')" True "the superuser's page shows every text"

# The screenshot is a page, not a blank: many grays, real contrast.
pgi_ok "screenshot has contrast: $(fact "$facts" 'd["screenshot"]')" \
  "$python" -c "import json, sys; s = json.loads(sys.argv[1])['screenshot']; sys.exit(not (s['stddev'] > 15 and s['distinct_grays'] > 20 and s['height'] > 500))" "$facts"
pgi_ok "screenshot file written" test -s "$PGI_DIR/shot.png"

# The same visibility as the views: another role's texts stay hidden.
PGOPTIONS= psql -X -At -q -U pgi_reader -c "SELECT insights.report_html()" >"$PGI_DIR/reader.html"
pgi_is "$(grep -c pgi_secret_table "$PGI_DIR/reader.html" || true)" 0 "pgi_reader's page hides the superuser's statement text"
pgi_ok "pgi_reader's page shows its own statement" grep -q pgi_reader_own_statement "$PGI_DIR/reader.html"
pgi_ok "pgi_reader's page says where texts are hidden" grep -q '&lt;insufficient privilege&gt;' "$PGI_DIR/reader.html"

# 5,000 statements (column c<i> filtered on c<j>): under 2 MB, top N charted.
pgi_psql >/dev/null <<'SQL'
SELECT format('CREATE TABLE pgi_wide (%s)', string_agg(format('c%s int', g), ', ')) FROM generate_series(1, 100) g \gexec
SQL
awk 'BEGIN { for (i = 1; i <= 50; i++) for (j = 1; j <= 100; j++)
               printf "SELECT c%d, c%d + c%d AS total_of_two_columns FROM pgi_wide WHERE c%d = %d;\n", i, j, i, j, i * j }' |
  PGOPTIONS= pgi_psql >/dev/null
tracked=$(pgi_psql -c "SELECT count(*) FROM insights.statements")
pgi_ok "5,000 more statements tracked (got $tracked)" test "$tracked" -ge 5000
pgi_psql -c "SELECT insights.report_html()" >"$PGI_DIR/big.html"
size=$(stat -c %s "$PGI_DIR/big.html")
pgi_ok "the page for $tracked statements is under 2 MB (got $size bytes)" test "$size" -lt 2000000
pgi_is "$(grep -o 'data-kind="histogram"' "$PGI_DIR/big.html" | wc -l)" 20 "20 statements charted (insights.top_statements)"
pgi_is "$(PGOPTIONS="$PGOPTIONS -c insights.top_statements=5" pgi_psql -c "SELECT insights.report_html()" | grep -o 'data-kind="histogram"' | wc -l)" \
  5 "insights.top_statements = 5: 5 charted"
pgi_done
