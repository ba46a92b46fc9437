#!/usr/bin/env bash
# Instructions per statement added by pg_stat_statements and pg_insights,
# measured with callgrind on a single-user backend running N and 2N point
# selects; (I(2N) - I(N)) / N cancels startup and shutdown costs.
# Environment: N (3000), MODE (simple | prepared | new | mixed | repeat). new: every
# statement a shape not seen before (the columns it reads, filters and sorts
# on vary over a 30-column table), the cost of a statement's first call.
# mixed: new_statements_compare.sh's mixed workload, nine statements in ten
# on 50 hot shapes and the tenth a shape not seen before; with LIMIT below
# the number of shapes (50 + N/5) the second run's new shapes evict.
# repeat: every shape twice in a row, a new statement and its second call.
# LIMIT: the entry limit of both extensions (pg_stat_statements.max,
# insights.max_statements; their defaults otherwise); with MODE=new and
# LIMIT below 2N, the store evicts, and the cost of pg_insights' eviction
# rounds and text compactions is reported (callgrind_annotate, inclusive).
# CENSUS=1: every run starts with a CREATE INDEX on another table (dropped
# at its end, for the next run to create it again), so that
# pg_insights' plan census is open (its steady path: the atomic read and
# the compare in the fingerprint cache); without it no index is created and
# the census costs the atomic read alone.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

n=${N:-3000}
configs=(none pg_stat_statements pg_insights)
declare -A opts=(
  [none]="-c shared_preload_libraries= -c compute_query_id=off"
  [pg_stat_statements]="-c shared_preload_libraries=pg_stat_statements -c compute_query_id=on -c pg_stat_statements.save=off"
  [pg_insights]="-c shared_preload_libraries=pg_insights -c insights.save=off"
)
limit_opts=""
[ -n "${LIMIT:-}" ] && limit_opts="-c pg_stat_statements.max=$LIMIT -c insights.max_statements=$LIMIT"
opts[pg_stat_statements]+=" $limit_opts"
opts[pg_insights]+=" $limit_opts"
declare -A instr allocator hooks

pgi_cluster_init "$(pgi_mktemp)" "huge_pages = off"
pgi_cluster_start
pgbench -i -q -s 1 >/dev/null 2>&1
pgi_psql -c "CREATE TABLE wide ($(seq -s ', ' -f 'c%g int' 1 30))" >/dev/null
pgi_cluster_stop
# MODE=prepared: PREPARE once, then EXECUTE (the prepared-statement path:
# no parse per statement, as pgbench -M prepared).
for count in "$n" $((2 * n)); do
  awk -v n="$count" -v mode="${MODE:-simple}" -v census="${CENSUS:-0}" 'BEGIN {
    if (census == 1) print "CREATE INDEX branches_bbalance ON pgbench_branches (bbalance);"
    if (mode == "prepared") print "PREPARE q(int) AS SELECT abalance FROM pgbench_accounts WHERE aid = $1;"
    for (i = 1; i <= n; i++) {
      aid = (i * 7919) % 100000 + 1
      if (mode == "prepared") printf "EXECUTE q(%d);\n", aid
      else if (mode == "mixed") {
        k = (i % 10 == 0 ? 50 + i / 10 : (i * 7) % 50)
        printf "SELECT c%d, c%d FROM wide WHERE c%d = %d AND c30 >= 0 ORDER BY c%d LIMIT 3;\n", 1 + k % 30, 1 + int(k / 30) % 30, 1 + int(k / 900) % 28, aid % 20, 1 + int(k / 30) % 30
      }
      else if (mode == "repeat") {
        k = int(i / 2)
        printf "SELECT c%d, c%d FROM wide WHERE c%d = %d AND c30 >= 0 ORDER BY c%d LIMIT 3;\n", 1 + k % 30, 1 + int(k / 30) % 30, 1 + int(k / 900) % 28, aid % 20, 1 + int(k / 30) % 30
      }
      else if (mode == "new") printf "SELECT c%d, c%d FROM wide WHERE c%d = %d ORDER BY c%d;\n", 1 + i % 30, 1 + int(i / 30) % 30, 1 + int(i / 900) % 30, aid, 1 + int(i / 27000) % 30
      else printf "SELECT abalance FROM pgbench_accounts WHERE aid = %d;\n", aid
    }
    if (census == 1) print "DROP INDEX branches_bbalance;" }' >"$PGI_DIR/select.$count.sql"
done

# Single-user mode: no postmaster, nothing forks, one backend reads stdin.
for c in "${configs[@]}"; do
  for count in "$n" $((2 * n)); do
    out=$PGI_DIR/callgrind.$c.$count
    # shellcheck disable=SC2086  # opts holds several words
    pgi_as valgrind --tool=callgrind --callgrind-out-file="$out" \
      "$PGI_BINDIR/postgres" --single -D "$PGI_DATA" ${opts[$c]} postgres \
      <"$PGI_DIR/select.$count.sql" >/dev/null 2>"$out.log" ||
      { echo "valgrind run $c/$count failed:"; tail -n 20 "$out.log"; exit 1; }
    instr[$c.$count]=$(sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$out" | head -n 1)
    # Two figures from the inclusive profile. hooks: what the hooks add
    # around the server's work, each hooked server function's inclusive
    # instructions minus those of the standard_ function it ends in
    # (ExecutorStart ... ProcessUtility, planner, and parse analysis, which
    # holds the post_parse_analyze hook and the query id's jumble) — the
    # extension's own code and the server functions it calls, which repeat
    # exactly from run to run. allocator: glibc's malloc/free/realloc, whose
    # cost per call depends on the heap's layout, which any allocation
    # anywhere shifts (on PostgreSQL 18 it moved one build's prepared
    # statements by 500 instructions each).
    read -r hooks[$c.$count] allocator[$c.$count] < <(
      callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$out" 2>/dev/null | awk '
        { v = $1; gsub(",", "", v); if (v !~ /^[0-9]+$/) next
          name = $0; sub(/ \[.*$/, "", name); k = split(name, part, ":"); f = part[k]; incl[f] += v
          if (name ~ /malloc\/malloc\.c:(malloc|free|realloc|calloc)$/) alloc += v }
        END {
          split("ExecutorStart ExecutorRun ExecutorFinish ExecutorEnd ProcessUtility planner", hooked, " ")
          for (i in hooked) h += incl[hooked[i]] - incl["standard_" hooked[i]]
          h += incl["parse_analyze_fixedparams"] - incl["transformTopLevelStmt"]
          printf "%d %d\n", h, alloc }')
    echo "# $c, $count statements: ${instr[$c.$count]} instructions"
  done
done

echo
# none/this: no extension's instructions per statement over this
# configuration's, the throughput a CPU-bound server would keep.
printf '%-20s %15s %15s %12s %14s %14s %10s\n' config "I(N=$n)" "I(2N)" "per stmt" "+/stmt vs none" "(I-none)/N" "none/this"
for c in "${configs[@]}"; do
  awk -v c="$c" -v n="$n" -v i1="${instr[$c.$n]}" -v i2="${instr[$c.$((2 * n))]}" \
      -v b1="${instr[none.$n]}" -v b2="${instr[none.$((2 * n))]}" 'BEGIN {
    per = (i2 - i1) / n; base = (b2 - b1) / n
    printf "%-20s %15.0f %15.0f %12.0f %14.0f %14.0f %10.3f\n", c, i1, i2, per, per - base, (i1 - b1) / n, base / per }'
done
# The two extensions compared directly: the server's own work under "none"
# moves between runs by a few dozen instructions a statement (where memory
# lands, path lengths), which the subtraction above carries; this does not.
awk -v n="$n" -v p1="${instr[pg_stat_statements.$n]}" -v p2="${instr[pg_stat_statements.$((2 * n))]}" \
    -v i1="${instr[pg_insights.$n]}" -v i2="${instr[pg_insights.$((2 * n))]}" 'BEGIN {
  printf "pg_insights - pg_stat_statements: %+.0f instructions per statement\n", ((i2 - i1) - (p2 - p1)) / n }'
awk -v n="$n" -v p1="${instr[pg_stat_statements.$n]}" -v p2="${instr[pg_stat_statements.$((2 * n))]}" \
    -v i1="${instr[pg_insights.$n]}" -v i2="${instr[pg_insights.$((2 * n))]}" \
    -v pa1="${allocator[pg_stat_statements.$n]}" -v pa2="${allocator[pg_stat_statements.$((2 * n))]}" \
    -v ia1="${allocator[pg_insights.$n]}" -v ia2="${allocator[pg_insights.$((2 * n))]}" 'BEGIN {
  printf "pg_insights - pg_stat_statements, glibc malloc/free left out: %+.0f instructions per statement", \
    ((i2 - ia2 - i1 + ia1) - (p2 - pa2 - p1 + pa1)) / n
  printf " (malloc/free: pg_stat_statements %.0f, pg_insights %.0f per statement)\n", (pa2 - pa1) / n, (ia2 - ia1) / n }'
per_statement() { echo $(( (${1} - ${2}) / n )); }
h_none=$(per_statement "${hooks[none.$((2 * n))]}" "${hooks[none.$n]}")
h_pgss=$(( $(per_statement "${hooks[pg_stat_statements.$((2 * n))]}" "${hooks[pg_stat_statements.$n]}") - h_none ))
h_pgi=$(( $(per_statement "${hooks[pg_insights.$((2 * n))]}" "${hooks[pg_insights.$n]}") - h_none ))
echo "hooks add (their inclusive instructions minus the standard_ functions'): pg_stat_statements $h_pgss," \
     "pg_insights $h_pgi, pg_insights - pg_stat_statements $((h_pgi - h_pgss)) instructions per statement"

# Eviction under churn: a round evicts 5% of the entries (at least one);
# the rounds of a run of `count` new statements follow from the limit.
if [ "${MODE:-}" = new ] && [ -n "${LIMIT:-}" ] && [ "$LIMIT" -lt $((2 * n)) ]; then
  inclusive() {  # inclusive instructions of a function in a callgrind file
    callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
      awk -v f="$2" 'index($0, f) { gsub(",", "", $1); print $1 + 0; exit }'
  }
  echo
  for f in evict_round compact_texts; do
    awk -v f="$f" -v n="$n" -v limit="$LIMIT" -v i1="$(inclusive "$PGI_DIR/callgrind.pg_insights.$n" "$f")" \
        -v i2="$(inclusive "$PGI_DIR/callgrind.pg_insights.$((2 * n))" "$f")" 'BEGIN {
      per = int(limit * 0.05); if (per < 1) per = 1
      r1 = (n > limit ? int((n - limit + per - 1) / per) : 0); r2 = int((2 * n - limit + per - 1) / per)
      if (f == "evict_round")
        printf "pg_insights eviction at %d entries: %.0f instructions per round (%d victims), %.0f per new statement\n", limit, (i2 - i1) / (r2 - r1), per, (i2 - i1) / n
      else
        printf "pg_insights text compaction: %.0f instructions per new statement\n", (i2 - i1) / n }'
  done
fi
