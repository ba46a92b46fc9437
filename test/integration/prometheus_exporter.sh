#!/usr/bin/env bash
# contrib/prometheus/pg_insights_queries.yaml in the real
# prometheus-postgres-exporter (Debian package): a throwaway cluster with a
# known workload, our own exporter process on a free loopback port, two
# scrapes over HTTP. The pg_insights series must be there with the values the
# workload implies, and the per-statement series must stay at the top 20
# however many statements are tracked.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

exporter=${PGI_POSTGRES_EXPORTER:-/usr/bin/prometheus-postgres-exporter}
queries=$(cd "$(dirname "$0")/../.." && pwd)/contrib/prometheus/pg_insights_queries.yaml

if [ ! -x "$exporter" ]; then
  echo "not ok - $exporter not found: install the Debian package prometheus-postgres-exporter" \
       "(apt-get install prometheus-postgres-exporter; scripts/install-deps.sh does it for make check)"
  exit 1
fi
if ! command -v curl >/dev/null; then
  echo "not ok - curl not found: install the Debian package curl (scripts/install-deps.sh does it for make check)"
  exit 1
fi
[ -r "$queries" ] || { echo "not ok - $queries missing"; exit 1; }
# N of the top N statements exported: insights.top_statements, set for the
# exporter's role below (not the default 20, so the setting is seen to count).
top_n=12

# The exporter is ours to stop, whatever happens; then lib.sh's cleanup
# (which takes the exit status from $?, so hand it on).
exporter_pid=""
stop_exporter() {
  if [ -n "$exporter_pid" ]; then
    kill "$exporter_pid" 2>/dev/null || true
    wait "$exporter_pid" 2>/dev/null || true
    exporter_pid=""
  fi
}
cleanup() {
  local rc=$?
  set +e            # nothing here may end the trap early (set -e, (exit) below)
  stop_exporter
  if [ "$rc" -ne 0 ] && [ -s "${PGI_DIR:-/nonexistent}/exporter.log" ]; then
    echo "# end of the exporter's log:" >&"$PGI_STDOUT"
    tail -n 15 "$PGI_DIR/exporter.log" | sed 's/^/#   /' >&"$PGI_STDOUT"
  fi
  (exit "$rc")      # pgi_cleanup reads the status from $?
  pgi_cleanup
}
trap cleanup EXIT

# Activity comes only from inject_activity() (deterministic); 40 ms sleeps
# count as slow calls.
pgi_cluster_init "$(pgi_mktemp)" "insights.sample_activity = off" "insights.slow_threshold_ms = 5"
pgi_cluster_start

pgi_psql >/dev/null <<SQL
CREATE EXTENSION pg_insights;
ALTER ROLE postgres SET insights.top_statements = $top_n;
CREATE TABLE pgi_known AS SELECT g AS id FROM generate_series(1, 100) g;
CREATE TABLE pgi_big AS SELECT g AS id, g % 5000 AS v, md5(g::text) AS pad FROM generate_series(1, 200000) g;
ANALYZE pgi_known, pgi_big;
-- a statement index_advice() has an index for
SELECT count(*) FROM pgi_big WHERE v = 17;
SELECT count(*) FROM pgi_big WHERE v = 18;
SELECT count(*) FROM pgi_big WHERE v = 19;
SQL

# The known statement: 25 calls of 40 ms or more, one row each: with 1 s in
# all, among the top 20 by total time.
known_sql() { for i in $(seq "$1" "$2"); do echo "SELECT id, pg_sleep(0.04) FROM pgi_known WHERE id = $i;"; done; }
known_sql 1 25 | pgi_psql >/dev/null
fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT id, pg_sleep(0.04) FROM pgi_known WHERE id = 1')")
# filler_sql FROM TO: two distinct statements per table. The names are
# letters (1 -> pgi_f_b, 12 -> pgi_f_cd): libpg_query's fingerprint takes
# pgi_f10 and pgi_f11 for one table (numbered partitions, as it were).
filler_sql() {
  local i t
  for i in $(seq "$1" "$2"); do
    t=pgi_f_$(tr 0-9 a-j <<<"$i")
    echo "CREATE TABLE $t (id int); SELECT count(*) FROM $t;"
  done
}
# More distinct statements than the top N: 60 (30 tables, created and read).
filler_sql 1 30 | pgi_psql >/dev/null

# Activity, just before the first scrape (which looks at the last minute):
# the last 90 seconds, per second 10 samples of 1 backend active on CPU, 2 on
# IO, 9 waiting on a lock, 4 on an LWLock, 3 on the client, 5 other; 7 idle
# in transaction, 8 idle. Lock waits are 13 of the 24 active: a pool warning.
pgi_psql >/dev/null <<'SQL'
SELECT count(insights.inject_activity(date_trunc('second', now()) - s * interval '1 second',
                                      '{1,2,9,4,3,5,7,8}', 10))
FROM generate_series(1, 90) s;
SQL

# Our own exporter on a free loopback port, nothing from the environment.
port=$(PGI_PORT_BASE=${PGI_EXPORTER_PORT_BASE:-59187} pgi_free_port)
env -i DATA_SOURCE_NAME="host=$PGHOST port=$PGPORT user=postgres dbname=postgres sslmode=disable" \
  "$exporter" --web.listen-address="127.0.0.1:$port" --extend.query-path="$queries" \
  --disable-default-metrics --disable-settings-metrics \
  >"$PGI_DIR/exporter.log" 2>&1 {PGI_STDOUT}>&- &
exporter_pid=$!

# scrape: the exporter's /metrics into $scrape (bounded: 40 tries, 5 s each).
scrape=""
scrape() {
  local try
  for ((try = 0; try < 40; try++)); do
    kill -0 "$exporter_pid" 2>/dev/null || { echo "not ok - the exporter exited (port $port)"; return 1; }
    if scrape=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/metrics" 2>/dev/null) &&
       [[ $scrape == *pg_insights_statement_calls_total* ]]; then
      return 0
    fi
    sleep 0.25
  done
  echo "not ok - no pg_insights metrics from http://127.0.0.1:$port/metrics"; return 1
}

# value NAME [LABEL=VALUE ...]: the values of the scraped series NAME that
# carry these labels, one per line.
value() {
  local name=$1; shift
  awk -v name="$name" -v want="$*" '
    BEGIN { n = split(want, w, " ") }
    /^#/ { next }
    { series = $1; base = series; sub(/\{.*/, "", base); if (base != name) next
      for (i = 1; i <= n; i++) {
        eq = index(w[i], "="); label = substr(w[i], 1, eq - 1) "=\"" substr(w[i], eq + 1) "\""
        if (index(series, "{" label) == 0 && index(series, "," label) == 0) next
      }
      print $2 }' <<<"$scrape"
}
series_count() { value "$@" | wc -l | tr -d ' '; }
between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x + 0 >= lo && x + 0 <= hi) }'; }
# label_names NAME: the label names of the series NAME, sorted, comma-separated.
label_names() {
  grep "^$1{" <<<"$scrape" | sed 's/^[^{]*{//; s/}.*//' | tr ',' '\n' | sed 's/=.*//' | sort -u | paste -sd, -
}

scrape
pgi_is "$(value pg_up)" 1 "the exporter reaches the cluster"
pgi_is "$(value pg_exporter_user_queries_load_error filename="$queries")" 0 "the query file loads"
pgi_is "$(value pg_exporter_last_scrape_error)" 0 "every query of the file runs without error"
pgi_is "$(series_count pg_insights_store_statements server="$PGHOST:$PGPORT")" 1 \
  "the series come from this cluster (server label)"

# Statements: the known one, by fingerprint.
pgi_is "$(value pg_insights_statement_calls_total fingerprint="$fp")" 25 "calls counter of the known statement"
pgi_is "$(value pg_insights_statement_rows_total fingerprint="$fp")" 25 "rows counter of the known statement"
pgi_is "$(value pg_insights_statement_slow_calls_total fingerprint="$fp")" 25 "slow calls counter of the known statement (40 ms >= 5 ms)"
secs=$(value pg_insights_statement_seconds_total fingerprint="$fp")
pgi_ok "total seconds of the known statement in [1, 20] (got '$secs')" between "$secs" 1 20
p95=$(value pg_insights_statement_p95_seconds fingerprint="$fp")
pgi_ok "p95 seconds of the known statement in [0.04, 1] (got '$p95')" between "$p95" 0.04 1
pgi_is "$(series_count pg_insights_statement_calls_total fingerprint="$fp" datname=postgres usename=postgres)" 1 \
  "the known statement is labelled datname=postgres, usename=postgres"
pgi_is "$(label_names pg_insights_statement_calls_total)" "datname,fingerprint,server,usename" \
  "statement series labels: no query text"

# The latency histogram of the known statement: 25 calls of 40 ms or more,
# none at or under 32.768 ms, all by +Inf; the sum is the total time.
hist=pg_insights_statement_latency_seconds
pgi_is "$(value ${hist}_count fingerprint="$fp")" 25 "histogram count of the known statement"
pgi_is "$(value ${hist}_bucket fingerprint="$fp" le=+Inf)" 25 "+Inf bucket holds every call"
pgi_is "$(value ${hist}_bucket fingerprint="$fp" le=0.032768)" 0 "no call at or under 32.768 ms (each sleeps 40 ms)"
in_65=$(value ${hist}_bucket fingerprint="$fp" le=0.065536)
pgi_ok "most calls at or under 65.536 ms (got '$in_65')" between "$in_65" 15 25
pgi_is "$(value ${hist}_bucket fingerprint="$fp" le=0.000128)" 0 "first bound: 128 µs"
pgi_is "$(value ${hist}_sum fingerprint="$fp")" "$secs" "histogram sum = seconds_total"
pgi_is "$(grep -c "^${hist}_bucket{.*fingerprint=\"$fp\"" <<<"$scrape")" 22 \
  "22 buckets per statement: 2^7 .. 2^27 µs and +Inf"
pgi_is "$(grep -o "^${hist}_bucket{[^}]*fingerprint=\"$fp\"[^}]*}" <<<"$scrape" | grep -o 'le="[^"]*"' | paste -sd' ' -)" \
  'le="0.000128" le="0.000256" le="0.000512" le="0.001024" le="0.002048" le="0.004096" le="0.008192" le="0.016384" le="0.032768" le="0.065536" le="0.131072" le="0.262144" le="0.524288" le="1.048576" le="2.097152" le="4.194304" le="8.388608" le="16.777216" le="33.554432" le="67.108864" le="134.217728" le="+Inf"' \
  "the documented le bounds"
# Each bound holds exactly the calls of the store's buckets that end at or
# under it (the folding moves no call across a bound).
mismatch=""
for le in $(grep -o "^${hist}_bucket{[^}]*fingerprint=\"$fp\"[^}]*}" <<<"$scrape" | sed -n 's/.*le="\([0-9.]*\)".*/\1/p'); do
  want=$(pgi_psql -c "SELECT coalesce(sum(calls), 0) FROM insights.statement_latency_buckets()
                      WHERE fingerprint = '$fp' AND upper_ms <= $le * 1000 * (1 + 1e-12)")
  got=$(value ${hist}_bucket fingerprint="$fp" le="$le")
  [ "$got" = "$want" ] || mismatch+=" le=$le:$got!=$want"
done
pgi_is "$mismatch" "" "every le bucket = the store's calls in buckets ending at or under it"
# Cumulative: each bucket holds at least the one before.
pgi_ok "buckets are cumulative" awk '{ if ($2 + 0 < prev) exit 1; prev = $2 + 0 }' \
  <<<"$(grep "^${hist}_bucket{.*fingerprint=\"$fp\"" <<<"$scrape")"
pgi_is "$(series_count ${hist}_count)" "$top_n" "histograms for the top $top_n statements only"

# Bounded cardinality: 60+ statements tracked, N series per metric.
tracked=$(value pg_insights_store_statements)
pgi_ok "more statements tracked than exported (got '$tracked')" between "$tracked" $((top_n + 1)) 100000
for m in calls_total rows_total seconds_total p95_seconds slow_calls_total latency_seconds_count; do
  pgi_is "$(series_count pg_insights_statement_$m)" "$top_n" "pg_insights_statement_$m: top $top_n series only"
done
pgi_is "$(value pg_insights_store_max_statements)" \
  "$(pgi_psql -c "SELECT current_setting('insights.max_statements')")" "max_statements gauge"
pgi_is "$(value pg_insights_store_evictions_total)" 0 "evictions counter"
shmem=$(pgi_psql -c "SELECT shmem_bytes FROM insights.store_info()")
pgi_ok "shared memory gauge: $shmem bytes (got '$(value pg_insights_store_shared_memory_bytes)')" \
  awk -v got="$(value pg_insights_store_shared_memory_bytes)" -v want="$shmem" 'BEGIN { exit !(got != "" && want > 1000000 && got + 0 == want + 0) }'
calls_all=$(value pg_insights_store_calls_total)
pgi_ok "calls of all statements >= 25 + 60 (got '$calls_all')" between "$calls_all" 85 100000

# Activity of the last minute: the injected means, per state and whole.
declare -A want=([active_cpu]=1 [active_io]=2 [active_lock]=9 [active_lwlock]=4
                 [active_client]=3 [active_other]=5 [idle_in_transaction]=7 [idle]=8)
for state in active_cpu active_io active_lock active_lwlock active_client active_other idle_in_transaction idle; do
  pgi_is "$(value pg_insights_activity_backends state="$state")" "${want[$state]}" "mean $state backends over the last minute"
done
pgi_is "$(series_count pg_insights_activity_backends)" 8 "one activity series per state"
pgi_is "$(value pg_insights_activity_active_backends)" 24 "mean active backends"
pgi_is "$(value pg_insights_activity_peak_active_backends)" 24 "peak active backends"
pgi_is "$(value pg_insights_activity_peak_idle_in_transaction_backends)" 7 "peak idle-in-transaction backends"
pgi_is "$(value pg_insights_activity_peak_connections)" 39 "peak connections"
pgi_is "$(value pg_insights_activity_longest_idle_in_transaction_seconds)" 0 "longest idle in transaction"
samples=$(value pg_insights_activity_samples)
pgi_ok "samples of the last minute: 10 per injected second (got '$samples')" between "$samples" 10 600

# Advice counts, as the SQL functions give them.
pgi_is "$(value pg_insights_pool_advice_warnings)" \
  "$(pgi_psql -c "SELECT count(*) FROM insights.pool_advice() WHERE target = 'warning'")" \
  "pool advice warnings gauge = rows of insights.pool_advice() with target 'warning'"
pgi_is "$(value pg_insights_pool_warning_active warning=lock_waits_dominate)" 1 "lock_waits_dominate warning series"
indexes=$(value pg_insights_index_advice_indexes)
pgi_is "$indexes" "$(pgi_psql -c "SELECT count(*) FROM insights.index_advice()")" \
  "index advice gauge = rows of insights.index_advice()"
pgi_ok "index advice recommends an index (got '$indexes')" between "$indexes" 1 1000
best=$(value pg_insights_index_advice_best_improvement_percent)
pgi_ok "best index improvement in [20, 100] percent (got '$best')" between "$best" 20 100

# More calls and 60 more statements: the counter follows, the series stay N.
known_sql 26 30 | pgi_psql >/dev/null
filler_sql 31 60 | pgi_psql >/dev/null
scrape
pgi_is "$(value pg_insights_statement_calls_total fingerprint="$fp")" 30 "calls counter after 5 more calls"
pgi_ok "tracked statements grew past 120 (got '$(value pg_insights_store_statements)')" \
  between "$(value pg_insights_store_statements)" 120 1000
pgi_is "$(series_count pg_insights_statement_calls_total)" "$top_n" "still top $top_n statement series"
# 5 statement metrics x N, 24 histogram series x N, 7 store, 8 + 6 activity,
# 2 + 1 advice, <= 5 warnings.
all=$(grep -c '^pg_insights' <<<"$scrape")
pgi_ok "pg_insights series in all stay bounded: <= $((29 * top_n + 30)) (got $all)" between "$all" 1 $((29 * top_n + 30))
pgi_is "$(value pg_exporter_last_scrape_error)" 0 "second scrape without error"

stop_exporter
pgi_done
