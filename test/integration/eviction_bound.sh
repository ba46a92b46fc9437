#!/usr/bin/env bash
# With insights.max_statements = 1000, 20,000 distinct statements keep the
# store bounded, the server healthy, and a hot statement with exact counts.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

max=1000 cols=200 shapes=100 hot_every=20   # 100 * 200 = 20,000 distinct statements
pgi_cluster_init "$(pgi_mktemp)" "insights.max_statements = $max"
pgi_cluster_start
pgi_psql <<SQL
CREATE EXTENSION pg_insights;
SELECT format('CREATE TABLE pgi_wide (%s)', string_agg(format('c%s int', g), ', '))
  FROM generate_series(1, $cols) g \gexec
INSERT INTO pgi_wide (c1) VALUES (1);
CREATE TABLE pgi_hot AS SELECT generate_series(1, 10) AS id;
SQL

# Statement n selects column c<i> filtered on column c<j>: distinct structure,
# hence distinct fingerprints (constants do not count). Every $hot_every-th
# statement is the hot one.
workload=$PGI_DIR/workload.sql
awk -v cols="$cols" -v shapes="$shapes" -v every="$hot_every" 'BEGIN {
  n = 0
  for (i = 1; i <= shapes; i++)
    for (j = 1; j <= cols; j++) {
      printf "SELECT c%d FROM pgi_wide WHERE c%d = %d;\n", i, j, n
      if (++n % every == 0) printf "SELECT count(*) FROM pgi_hot WHERE id <= %d;\n", n % 10
    }
}' >"$workload"
distinct=$((shapes * cols)) hot_calls=$((shapes * cols / hot_every))

pgi_is "$(pgi_psql -c "SELECT count(DISTINCT insights.fingerprint(format('SELECT c%s FROM pgi_wide WHERE c%s = 1', i, j)))
                       FROM generate_series(1, $shapes) i, generate_series(1, $cols) j")" \
  "$distinct" "workload has $distinct distinct fingerprints"

pgi_psql -c "SELECT insights.reset()" >/dev/null
start=$SECONDS
pgi_psql -f "$workload" >/dev/null
echo "# ran $((distinct + hot_calls)) statements in $((SECONDS - start)) s"

pgi_ok "server accepts connections" pg_isready -q
pgi_is "$(pgi_psql -c 'SELECT 1')" 1 "server answers queries"
crashes=$(grep -cE 'terminated by signal|PANIC|was terminated' "$PGI_LOG" || true)
pgi_is "$crashes" 0 "no crashed backends in the server log"
entries=$(pgi_psql -c "SELECT count(*) FROM insights.statements")
pgi_ok "entries bounded: $entries <= $max" test "$entries" -le "$max"
pgi_ok "entries present: $entries > 0" test "$entries" -gt 0
pgi_is "$(pgi_psql -c "SELECT coalesce(sum(calls), 0) FROM insights.statements
                       WHERE fingerprint = insights.fingerprint('SELECT count(*) FROM pgi_hot WHERE id <= 1')")" \
  "$hot_calls" "hot statement kept with exact calls"
pgi_done
