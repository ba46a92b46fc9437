# shellcheck shell=bash
# test/bench/advice_workloads.sh: realistic workloads with a known ideal index
# set, shared by test/integration/index_advice_speedup.sh and
# test/bench/index_advice_quality.sh. Source it after test/lib.sh, with a
# cluster running (PGHOST etc. set).
#
# Each workload W is one file test/bench/workloads/W.sh (aw_workloads lists
# them), for instance:
#
#   shop      e-commerce: customers, products, orders, order_items
#             (1.32M rows at scale 1); pgbench -M simple, i.e. constants in
#             the text, as client-side interpolating drivers send them
#   helpdesk  multi-tenant SaaS: tenants, users, tickets, ticket_events
#             (2.1M rows at scale 1); pgbench -M prepared, i.e. parameters,
#             as JDBC / Go / node-postgres send them, with reads and writes
#   partitioned_logs  logs and metrics partitioned by month (2.4M rows at
#             scale 1); pgbench -M prepared
#
# A workload file defines:
#
#   aw_mode_W                   pgbench's protocol: simple or prepared
#   aw_sets_W                   the pgbench \set lines
#   aw_statements_W             its statements, one "label|class|sql" per line
#   aw_ideal_W                  the hand-tuned index set, one CREATE INDEX per line
#   aw_load_W SCALE             schema W with data, VACUUM ANALYZE, only primary keys
#   aw_vars_W                   pgbench -D options from the loaded data
#   aw_repeats_W LABEL          optional: how many times the statement runs in
#                               one transaction (1 when not defined): a hot one
#
# Class "slow" is a statement some index makes fast, "fast" one that must get
# no advice (primary-key lookups and writes). Every statement runs once per
# pgbench transaction (aw_repeats times, for a hot one), so the workload time
# of one transaction is the sum of the statements' mean times (× repeats).
#
#   aw_workloads                the workloads, one per line
#   aw_load W SCALE             load W
#   aw_script W FILE            write the pgbench script
#   aw_repeats W LABEL          runs of the statement per transaction (1 by default)
#   aw_pgbench W FILE ARGS...   run it (-n, the workload's protocol, ARGS: -c/-j/-t/-T)
#   aw_labels W                 statement labels in script order
#   aw_class W LABEL            slow | fast
#   aw_fingerprint W LABEL      the statement's fingerprint as pg_insights tracks it
#   aw_means W                  "label mean_ms calls" from insights.statements
#   aw_ideal W                  the ideal index set, one CREATE INDEX per line
#   aw_drop_indexes W           drop every index in schema W but the primary keys
#   aw_apply_ddl FILE           run each line of FILE with psql -c; prints the
#                               number of statements that failed (errors on stderr)

aw_dir=$(dirname "${BASH_SOURCE[0]}")/workloads
for aw_file in "$aw_dir"/*.sh; do
  # shellcheck disable=SC1090
  . "$aw_file"
done
unset aw_file

aw_workloads() { for f in "$aw_dir"/*.sh; do basename "$f" .sh; done; }


aw_load() { "aw_load_$1" "$2"; }
aw_ideal() { "aw_ideal_$1"; }
aw_labels() { "aw_statements_$1" | cut -d'|' -f1; }
aw_class() { "aw_statements_$1" | awk -F'|' -v l="$2" '$1 == l { print $2 }'; }
aw_sql() { "aw_statements_$1" | awk -F'|' -v l="$2" '$1 == l { print substr($0, length($1) + length($2) + 3) }'; }

aw_repeats() { if declare -F "aw_repeats_$1" >/dev/null; then "aw_repeats_$1" "$2"; else echo 1; fi; }

aw_script() {
  local label i
  {
    "aw_sets_$1"
    for label in $(aw_labels "$1"); do
      for ((i = 0; i < $(aw_repeats "$1" "$label"); i++)); do aw_sql "$1" "$label"; done
    done
  } >"$2"
  pgi_own "$2"
}

# pgbench -D options from the loaded data.
aw_pgbench_vars() { "aw_vars_$1"; }

aw_pgbench() {
  local w=$1 file=$2 mode_var="aw_mode_$1"; shift 2
  # shellcheck disable=SC2046
  pgbench -n -M "${!mode_var}" $(aw_pgbench_vars "$w") -f "$file" "$@"
}

# The tracked fingerprint: libpg_query ignores constants and parameters, so
# the pgbench variables can stand as $1.
aw_fingerprint() {
  local sql
  # shellcheck disable=SC2016  # a literal $1
  sql=$(aw_sql "$1" "$2" | sed -E 's/(^|[^:]):[a-z]+/\1$1/g')
  pgi_psql -v q="$sql" <<<"SELECT insights.fingerprint(:'q')"
}

aw_means() {
  local w=$1 label
  for label in $(aw_labels "$w"); do
    printf '%s %s\n' "$label" "$(pgi_psql -F' ' -c "SELECT coalesce(sum(total_ms) / nullif(sum(calls), 0), 0),
        coalesce(sum(calls), 0) FROM insights.statements WHERE fingerprint = '$(aw_fingerprint "$w" "$label")'")"
  done
}

# An index of a partition that belongs to a partitioned index goes with it
# (it cannot be dropped by itself).
aw_drop_indexes() {
  pgi_psql -v schema="$1" <<'SQL'
SELECT format('DROP INDEX %s;', i.indexrelid::regclass)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE c.relnamespace = :'schema'::regnamespace AND NOT i.indisprimary AND NOT ic.relispartition
\gexec
SQL
}

aw_apply_ddl() {
  local ddl failed=0
  while IFS= read -r ddl; do
    [ -n "$ddl" ] || continue
    pgi_psql -c "$ddl" >/dev/null || { echo "DDL failed: $ddl" >&2; failed=$((failed + 1)); }
  done <"$1"
  echo "$failed"
}
