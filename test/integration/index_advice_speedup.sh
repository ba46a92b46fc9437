#!/usr/bin/env bash
# Index advice end to end: an e-commerce schema (4 tables, 1.32M rows, only
# primary keys), a pgbench workload, insights.index_advice(), every advised
# CREATE INDEX CONCURRENTLY applied as is, the same workload again. The slow
# statements' median call must get at least 5 times faster; the primary-key lookups must
# get no advice. Workload and ideal indexes: test/bench/advice_workloads.sh.
# Environment: TRANSACTIONS per client (10), CLIENTS (2).
set -euo pipefail
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/../bench/advice_workloads.sh"

transactions=${TRANSACTIONS:-10} clients=${CLIENTS:-2}
min_speedup=5

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 256MB"
pgi_cluster_start
log_mark=$(pgi_log_mark)
pgi_psql -c "CREATE EXTENSION pg_insights"
aw_load shop 1
script=$PGI_DIR/shop.sql
aw_script shop "$script"

# run_workload OUTFILE: "label median_ms calls" per statement of one run.
# Medians (p50_ms, within one 12.5% histogram bucket), not means: one call
# stalled on a loaded machine would move a mean of 20 calls by more than 5x.
run_workload() {
  local label
  pgi_psql -c "SELECT insights.reset()" >/dev/null
  aw_pgbench shop "$script" -c "$clients" -j "$clients" -t "$transactions" >"$PGI_DIR/pgbench.out" 2>&1 ||
    { cat "$PGI_DIR/pgbench.out"; return 1; }
  for label in $(aw_labels shop); do
    printf '%s %s\n' "$label" "$(pgi_psql -F' ' -c "SELECT coalesce(max(p50_ms), 0), coalesce(sum(calls), 0)
        FROM insights.statements WHERE fingerprint = '$(aw_fingerprint shop "$label")'")"
  done >"$1"
}

run_workload "$PGI_DIR/before"
# One call (a call is itself a tracked statement): DDL, then the statements served.
pgi_psql -F $'\t' -c "SELECT index_ddl, array_to_string(fingerprints, ' ') FROM insights.index_advice()" >"$PGI_DIR/advice"
cut -f1 "$PGI_DIR/advice" >"$PGI_DIR/ddl"
cut -f2 "$PGI_DIR/advice" | tr ' ' '\n' | sort -u >"$PGI_DIR/advised_queries"
echo "# advice:"
sed 's/^/#   /' "$PGI_DIR/ddl"
pgi_ok "index_advice() gives advice" test -s "$PGI_DIR/ddl"
pgi_is "$(grep -vc '^CREATE INDEX CONCURRENTLY ' "$PGI_DIR/ddl" || true)" 0 "every row is a CREATE INDEX CONCURRENTLY"
pgi_is "$(aw_apply_ddl "$PGI_DIR/ddl")" 0 "every advised DDL ran without error"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                        WHERE c.relnamespace = 'shop'::regnamespace AND NOT i.indisprimary")" \
       "$(wc -l <"$PGI_DIR/ddl")" "one new index per advised DDL"
pgi_is "$(pgi_psql -c "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" 0 "every index is valid"
pgi_psql -c "ANALYZE"

run_workload "$PGI_DIR/after"
printf '# %-10s %-5s %12s %12s %9s\n' statement class "before p50" "after p50" speedup
while read -r label before calls_before && read -r _ after calls_after <&3; do
  class=$(aw_class shop "$label")
  speedup=$(awk -v b="$before" -v a="$after" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')
  printf '# %-10s %-5s %12.3f %12.3f %8sx\n' "$label" "$class" "$before" "$after" "$speedup"
  pgi_is "$calls_before $calls_after" "$((clients * transactions)) $((clients * transactions))" \
         "$label: tracked once per transaction, before and after"
  fp=$(aw_fingerprint shop "$label")
  if [ "$class" = slow ]; then
    pgi_ok "$label: at least ${min_speedup}x faster" awk -v s="$speedup" -v m="$min_speedup" 'BEGIN { exit !(s >= m) }'
  else
    # shellcheck disable=SC2016
    pgi_ok "$label (fast, primary key) got no advice" bash -c '! grep -qx "$1" "$2"' _ "$fp" "$PGI_DIR/advised_queries"
  fi
done <"$PGI_DIR/before" 3<"$PGI_DIR/after"

pgi_is "$(pgi_log_since "$log_mark" | grep -c 'terminated by signal' || true)" 0 "no backend crashed"
pgi_done
