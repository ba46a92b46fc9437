#!/usr/bin/env bash
# contrib/grafana/pg_insights.json, end to end without Grafana: a primary
# and its streaming replica run the same workload, a real
# prometheus-postgres-exporter per server (contrib/prometheus's query file),
# a real Prometheus scraping both over loopback. Every PromQL expression of
# the dashboard is evaluated through Prometheus' HTTP API and must return
# series carrying the labels its legend names; the p95 of a statement across
# both servers (histogram_quantile over the summed buckets) must agree with
# each store's own p95 within one bucket.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
queries=$root/contrib/prometheus/pg_insights_queries.yaml
dashboard=$root/contrib/grafana/pg_insights.json
exporter=${PGI_POSTGRES_EXPORTER:-/usr/bin/prometheus-postgres-exporter}
prometheus=${PGI_PROMETHEUS:-/usr/bin/prometheus}
python=/usr/bin/python3
for need in "$exporter" "$prometheus" "$python" /usr/bin/curl; do
  [ -x "$need" ] || { echo "not ok - $need not found (scripts/install-deps.sh installs prometheus, prometheus-postgres-exporter, curl)"; exit 1; }
done

pids=()
replica=""
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  if [ -n "$replica" ] && [ -f "$replica/postmaster.pid" ]; then
    pgi_as pg_ctl -D "$replica" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}
cleanup() {
  local rc=$?
  set +e
  stop_all
  if [ "$rc" -ne 0 ]; then
    for f in prometheus.log exporter_primary.log exporter_replica.log; do
      [ -s "$PGI_DIR/$f" ] && { echo "# end of $f:"; tail -n 8 "$PGI_DIR/$f" | sed 's/^/#   /'; }
    done >&"$PGI_STDOUT"
  fi
  (exit "$rc")
  pgi_cleanup
}
trap cleanup EXIT

pgi_cluster_init "$(pgi_mktemp)" "insights.slow_threshold_ms = 5" "wal_level = replica"
pgi_cluster_start
pgi_psql >/dev/null <<'SQL'
CREATE EXTENSION pg_insights;
CREATE TABLE pgi_known AS SELECT g AS id FROM generate_series(1, 100) g;
ANALYZE pgi_known;
SQL

# The replica (as test/integration/hot_standby.sh): same directory, own port.
replica=$PGI_DIR/replica
replica_port=$(PGI_PORT_BASE=$((PGI_PORT + 1)) pgi_free_port)
mkdir -p "$PGI_DIR/replica_sock" && pgi_own "$PGI_DIR/replica_sock"
pgi_as pg_basebackup -D "$replica" -R -X stream -c fast -h "$PGI_DIR/sock" -p "$PGI_PORT" -U postgres ||
  { echo "not ok - pg_basebackup failed"; exit 1; }
printf '%s\n' "port = $replica_port" "unix_socket_directories = '$PGI_DIR/replica_sock'" "hot_standby = on" |
  pgi_as tee -a "$replica/postgresql.conf" >/dev/null
pgi_as pg_ctl -D "$replica" -l "$PGI_DIR/replica.log" -w -t 120 start >/dev/null
rpsql() { psql -X -At -q -v ON_ERROR_STOP=1 -h "$PGI_DIR/replica_sock" -p "$replica_port" "$@"; }
pgi_is "$(rpsql -c "SELECT pg_is_in_recovery()")" t "the replica is a hot standby"

# The known statement, on both servers: 18 calls of ~1 ms and 2 of ~20 ms
# per round (p95: one of the 20 ms calls).
workload() {
  local i
  for i in $(seq 1 20); do
    if [ $((i % 10)) -eq 0 ]; then echo "SELECT id, pg_sleep(0.02) FROM pgi_known WHERE id = $i;"
    else echo "SELECT id, pg_sleep(0.001) FROM pgi_known WHERE id = $i;"; fi
  done
}
workload | pgi_psql >/dev/null
workload | rpsql >/dev/null
# On each server, a statement that sleeps long enough for the activity
# sampler (10 samples a second) to see it wait, and one that fails.
for run in pgi_psql rpsql; do
  $run -c "SELECT pg_sleep(0.6)" >/dev/null
  $run -c "SELECT 1 / 0" >/dev/null 2>&1 && { echo "not ok - 1 / 0 did not fail"; exit 1; }
done
fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT id, pg_sleep(0.001) FROM pgi_known WHERE id = 1')")

# Two exporters and Prometheus, on free loopback ports.
base=$(pgi_port_base_at 700) || { echo "not ok - no ports for the exporters and Prometheus"; exit 1; }
port_primary=$(PGI_PORT_BASE=$base pgi_free_port)
port_replica=$(PGI_PORT_BASE=$((port_primary + 1)) pgi_free_port)
port_prometheus=$(PGI_PORT_BASE=$((port_replica + 1)) pgi_free_port)
start_exporter() {  # NAME SOCKET PORT LISTEN
  env -i DATA_SOURCE_NAME="host=$2 port=$3 user=postgres dbname=postgres sslmode=disable" \
    "$exporter" --web.listen-address="127.0.0.1:$4" --extend.query-path="$queries" \
    --disable-default-metrics --disable-settings-metrics >"$PGI_DIR/exporter_$1.log" 2>&1 {PGI_STDOUT}>&- &
  pids+=($!)
}
start_exporter primary "$PGI_DIR/sock" "$PGI_PORT" "$port_primary"
start_exporter replica "$PGI_DIR/replica_sock" "$replica_port" "$port_replica"
cat >"$PGI_DIR/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: pg_insights
    static_configs:
      - targets: ['127.0.0.1:$port_primary', '127.0.0.1:$port_replica']
YAML
"$prometheus" --config.file="$PGI_DIR/prometheus.yml" --storage.tsdb.path="$PGI_DIR/tsdb" \
  --web.listen-address="127.0.0.1:$port_prometheus" >"$PGI_DIR/prometheus.log" 2>&1 {PGI_STDOUT}>&- &
pids+=($!)

# promql EXPR: the instant query's JSON answer.
promql() { curl -fsS --max-time 10 "http://127.0.0.1:$port_prometheus/api/v1/query" --data-urlencode "query=$1"; }
# scalar EXPR: the value of a one-series answer ("" when none).
scalar() {
  promql "$1" 2>/dev/null | "$python" -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if len(r) == 1 else "")' 2>/dev/null || true
}
# wait_for EXPR WANT: until the expression's value is WANT (60 s at most).
wait_for() {
  local try
  for ((try = 0; try < 240; try++)); do
    [ "$(scalar "$1")" = "$2" ] && return 0
    sleep 0.25
  done
  echo "not ok - waited for $1 = $2, last '$(scalar "$1")'"; return 1
}

count_expr="sum(pg_insights_statement_latency_seconds_count{fingerprint=\"$fp\"})"
pgi_ok "Prometheus scrapes both exporters" wait_for 'count(up{job="pg_insights"} == 1)' 2
pgi_ok "both servers' histograms of the known statement are in Prometheus: 40 calls" wait_for "$count_expr" 40
# A second round after the first samples: rate() sees it on both servers.
workload | pgi_psql >/dev/null
workload | rpsql >/dev/null
pgi_ok "the second round is scraped: 80 calls" wait_for "$count_expr" 80
sleep 2   # one more sample of each series after the increase
sleep_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT pg_sleep(0.6)')")
pgi_ok "the sleeping statement's Timeout samples are exported by both servers" \
  wait_for "count(pg_insights_statement_waits_samples_total{fingerprint=\"$sleep_fp\",wait_event_type=\"Timeout\"} > 0)" 2
div_fp=$(pgi_psql -c "SELECT insights.fingerprint('SELECT 1 / 0')")
pgi_ok "the division by zero is exported once per server (SQLSTATE 22012)" \
  wait_for "sum(pg_insights_statement_errors_errors_total{fingerprint=\"$div_fp\",sqlstate=\"22012\"})" 2

# Every expression of the dashboard, with Grafana's variables given values.
exprs=$("$python" - "$dashboard" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
def panels(ps):
    for p in ps:
        yield p
        yield from panels(p.get("panels", []))
for p in panels(d["panels"]):
    for t in p.get("targets", []):
        expr = t["expr"].replace("$__rate_interval", "1m").replace('"$instance"', '".*"')
        labels = ",".join(sorted(set(re.findall(r"\{\{\s*(\w+)\s*\}\}", t.get("legendFormat", "")))))
        print(json.dumps({"title": p["title"], "expr": expr, "labels": labels}))
PY
)
n_exprs=$(grep -c . <<<"$exprs")
pgi_ok "the dashboard has at least 12 expressions (got $n_exprs)" test "$n_exprs" -ge 12
while IFS= read -r line; do
  title=$("$python" -c 'import json, sys; print(json.loads(sys.argv[1])["title"])' "$line")
  expr=$("$python" -c 'import json, sys; print(json.loads(sys.argv[1])["expr"])' "$line")
  labels=$("$python" -c 'import json, sys; print(json.loads(sys.argv[1])["labels"])' "$line")
  answer=$(promql "$expr" || echo '{}')
  verdict=$("$python" - "$answer" "$labels" <<'PY'
import json, sys
try:
    a = json.loads(sys.argv[1])
except ValueError:
    a = {}
want = [l for l in sys.argv[2].split(",") if l]
if a.get("status") != "success":
    print("query failed: " + json.dumps(a)[:200]); sys.exit()
series = a["data"]["result"]
if not series:
    print("no series"); sys.exit()
missing = [l for s in series for l in want if not s["metric"].get(l)]
print("missing labels " + ",".join(sorted(set(missing))) if missing else f"{len(series)} series")
PY
)
  pgi_ok "'$title': $verdict" grep -q '^[0-9]* series$' <<<"$verdict"
done <<<"$exprs"

# Cross-instance p95 of the known statement (the dashboard's expression)
# against each store's own p95: within one bucket of the folded histogram
# (a power of two of microseconds: [2^k, 2^(k+1)) holds the store's p95).
p95_prom=$(scalar "histogram_quantile(0.95, sum by (le, fingerprint) (rate(pg_insights_statement_latency_seconds_bucket{fingerprint=\"$fp\"}[1m])))")
for server in primary replica; do
  if [ $server = primary ]; then store=$(pgi_psql -c "SELECT p95_ms FROM insights.statements WHERE fingerprint = '$fp'")
  else store=$(rpsql -c "SELECT p95_ms FROM insights.statements WHERE fingerprint = '$fp'"); fi
  pgi_ok "p95 across instances $p95_prom s is within one bucket of the $server store's $store ms" \
    awk -v p="$p95_prom" -v s="$store" 'BEGIN {
      if (p == "" || s == "") exit 1
      us = s * 1000; k = int(log(us) / log(2)); width = 2 ^ k   # the store p95 lies in [2^k, 2^(k+1)) us
      exit !(p * 1e6 >= us - width && p * 1e6 <= us + width) }'
done
pgi_is "$(scalar "count(count by (instance) (pg_insights_statement_latency_seconds_count{fingerprint=\"$fp\"}))")" 2 \
  "the known statement's histogram comes from both servers"

stop_all
pgi_done
