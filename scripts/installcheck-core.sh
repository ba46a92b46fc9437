#!/usr/bin/env bash
# scripts/installcheck-core.sh: PostgreSQL's own core regression suite
# (src/test/regress of Debian's postgresql-15 source, parallel_schedule)
# against the installed server binaries, twice, each in a temporary instance:
# once without pg_insights and once with it preloaded (insights.track = all,
# a sample for every statement, query ids computed). It passes when no test
# fails with pg_insights that does not fail without it.
#
# Both runs set compute_query_id = regress: "auto" (query ids computed when
# a module asks, as pg_insights does), except that EXPLAIN VERBOSE does not
# print the "Query Identifier" line, which PostgreSQL added for running its
# suites with such modules (pg_stat_statements alike). With
# PGI_CORE_QUERYID=auto, every EXPLAIN VERBOSE in the suite (about 25 tests)
# differs by that line alone.
#
#   scripts/installcheck-core.sh          # or: make installcheck-core
#
# Prints every test whose result differs and its diff (all of them are kept
# in the work directory, which is kept when the check fails), then
# "N passed, N failed": tests whose result with pg_insights is no worse than
# without, and tests that fail only with pg_insights.
#
# The source comes from scripts/fetch-pg-source.sh (cached outside the
# tree) for the Debian package's server; a server built by
# scripts/build-pg.sh names its source tree in <prefix>/.source. When the
# source cannot be had the check is skipped with a message saying why
# ("SKIPPED"), and fails instead with PGI_CORE_REQUIRED=1.
#
# Environment: PG_CONFIG; PG_SOURCE_DIR (a PostgreSQL source tree to use
# instead of fetching one); PGI_CORE_SCHEDULE (default parallel_schedule;
# serial_schedule, or a schedule file); PGI_CORE_CONF (extra
# postgresql.conf lines for the run with pg_insights, ';'-separated);
# PGI_CORE_QUERYID (compute_query_id of both runs, default regress);
# PGI_PORT_BASE; PGI_KEEP=1 keeps the work directory.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
source test/lib.sh
trap - EXIT   # lib.sh's trap is for its own clusters: pg_regress manages these

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
pgxs=$("$PG_CONFIG" --pgxs)
pg_regress="$(dirname "$pgxs")/../test/regress/pg_regress"
bindir=$("$PG_CONFIG" --bindir)
pkglibdir=$("$PG_CONFIG" --pkglibdir)

skip() {
  echo "installcheck-core: SKIPPED: $*"
  if [ -n "${PGI_CORE_REQUIRED:-}" ]; then echo "0 passed, 1 failed"; exit 1; fi
  echo "0 passed, 0 failed"
  exit 0
}

major=$("$PG_CONFIG" --version | sed -nE 's/^PostgreSQL ([0-9]+).*/\1/p')
[ -x "$pg_regress" ] || skip "no pg_regress at $pg_regress (postgresql-server-dev-$major)"
[ -f "$pkglibdir/pg_insights.so" ] || skip "pg_insights is not installed in $pkglibdir (make install first)"

if [ -n "${PG_SOURCE_DIR:-}" ]; then
  src=$PG_SOURCE_DIR
elif [ -f "$bindir/../.source" ]; then
  src=$(cat "$bindir/../.source")
else
  src=$(scripts/fetch-pg-source.sh) ||
    skip "the PostgreSQL source could not be fetched (scripts/fetch-pg-source.sh failed, see above); set PG_SOURCE_DIR to a PostgreSQL $major source tree"
fi
regress_src=$src/src/test/regress
[ -f "$regress_src/parallel_schedule" ] || skip "$regress_src has no parallel_schedule"
schedule=${PGI_CORE_SCHEDULE:-parallel_schedule}
[[ $schedule == */* ]] || schedule=$regress_src/$schedule
server_version=$("$bindir/postgres" --version)
echo "== core regression suite: $regress_src"
echo "   server: $server_version; schedule: $schedule"
installed=$(dpkg-query -W -f='${Version}' "postgresql-$major" 2>/dev/null)
case "$src" in
  */postgresql-"$major-$installed") ;;
  */postgresql-"$major"-*) [ -z "$installed" ] || echo "   NOTE: the source is not the installed server's exact version: tests whose expected output changed between minor releases fail in both runs alike" ;;
esac

work=$(mktemp -d "${PGI_TMP:-/tmp}/pgi_core.XXXXXX")
keep=${PGI_KEEP:-}

# regress.so (the suite's C functions) from the source's regress.c, built
# against the installed server headers; autoinc and refint (contrib/spi)
# come with the server package.
mkdir -p "$work/lib"
cp "$regress_src/regress.c" "$work/lib/"
printf 'MODULES = regress\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n' >"$work/lib/Makefile"
if ! make -s -C "$work/lib" PG_CONFIG="$PG_CONFIG" with_llvm=no >"$work/lib/build.log" 2>&1; then
  cat "$work/lib/build.log"
  echo "installcheck-core: could not build regress.so (kept $work)"
  echo "0 passed, 1 failed"; exit 1
fi
for lib in autoinc refint; do
  [ -f "$pkglibdir/$lib.so" ] && ln -sf "$pkglibdir/$lib.so" "$work/lib/$lib.so"
done

# The suite's inputs with one test of ours added (a farm of links, so both
# runs read the very same files): test/core/sql/pg_insights_after.sql runs
# after the suite in the run with pg_insights, and uses everything it
# captured (index advice, the report, ...).
mkdir -p "$work/input"
cp -as "$(realpath "$regress_src")/." "$work/input/"
cp test/core/sql/*.sql "$work/input/sql/"
cp test/core/expected/*.out "$work/input/expected/"
cp "$schedule" "$work/without.schedule"
{ cat "$schedule"; echo; echo "# pg_insights: after the suite"; echo "test: pg_insights_after"; } >"$work/with.schedule"

queryid=${PGI_CORE_QUERYID:-regress}
# fsync = off in both: the suite needs no durability, and on a busy shared
# disk fsync stalls (probably what once made alter_table take 284 s instead
# of 3 s) would make timings meaningless.
printf '%s\n' "fsync = off" "compute_query_id = $queryid" >"$work/without.conf"
{
  printf '%s\n' "fsync = off" "compute_query_id = $queryid" \
    "shared_preload_libraries = 'pg_insights'" \
    "insights.track = all" \
    "insights.advice_sample_rate = 1.0"
  [ -z "${PGI_CORE_CONF:-}" ] || tr ';' '\n' <<<"$PGI_CORE_CONF"
} >"$work/with.conf"
pgi_own "$work"

# run NAME: the suite in a temporary instance configured by NAME.conf;
# results in $work/NAME, test outcomes in $work/NAME/outcomes ("test ok|FAILED").
run() {
  local name=$1 out=$work/$1 port start rc
  mkdir -p "$out"; pgi_own "$out"
  port=$(pgi_free_port) || return 1
  start=$(date +%s)
  (cd "$out" && pgi_as "$pg_regress" --temp-instance="$out/instance" --port="$port" \
    --bindir="$bindir" --dlpath="$work/lib" --inputdir="$work/input" --outputdir="$out" \
    --schedule="$work/$name.schedule" --temp-config="$work/$name.conf" --encoding=UTF8 --no-locale \
    >"$out/pg_regress.out" 2>&1)
  rc=$?
  echo "$(( $(date +%s) - start ))" >"$out/seconds"
  # "test foo ... ok 12 ms", "     foo ... FAILED 12 ms", "... failed (ignored)";
  # PostgreSQL 16 and later print TAP: "ok 12  + foo  12 ms", "not ok 13  - bar  12 ms".
  sed -nE -e 's/^(test +| +)([^ ]+) +\.\.\. +(ok|FAILED|failed \(ignored\)).*/\2 \3/p' \
    -e 's/^ok +[0-9]+ +[-+] +([^ ]+) .*/\1 ok/p' -e 's/^not ok +[0-9]+ +[-+] +([^ ]+) .*/\1 FAILED/p' \
    "$out/pg_regress.out" | sed 's/failed (ignored)/ignored/' | sort >"$out/outcomes"
  # "test ms" for the timing comparison
  sed -nE -e 's/^(test +| +)([^ ]+) +\.\.\. +[a-zA-Z() ]+ +([0-9]+) ms.*/\2 \3/p' \
    -e 's/^(not )?ok +[0-9]+ +[-+] +([^ ]+) +([0-9]+) ms.*/\2 \3/p' "$out/pg_regress.out" |
    sort >"$out/times"
  echo "   $name pg_insights: $(grep -c ' ok$' "$out/outcomes") ok, $(grep -c ' FAILED$' "$out/outcomes") failed," \
    "$(grep -c ' ignored$' "$out/outcomes") failed (ignored) in $(cat "$out/seconds") s (pg_regress exit $rc)"
  grep -qE '(tests passed|tests failed|failed \(ignored\))' "$out/pg_regress.out" && [ -s "$out/outcomes" ] || {
    echo "   pg_regress did not finish in the run $name pg_insights:"
    tail -n 20 "$out/pg_regress.out" | sed 's/^/     /'
    return 1
  }
}

broken=0 crashes=0
run without || broken=1
run with || broken=1

words() { tr -s '\n' ' ' <<<"$*" | sed 's/^ //; s/ $//'; }
failing() { awk '$2 != "ok" { print $1 }' "$work/$1/outcomes"; }
only_with=$(comm -13 <(failing without) <(failing with))
only_without=$(comm -23 <(failing without) <(failing with))
both=$(comm -12 <(failing without) <(failing with))
missing=$(comm -23 <(cut -d' ' -f1 "$work/without/outcomes") <(cut -d' ' -f1 "$work/with/outcomes"))
total=$(wc -l <"$work/with/outcomes")

# diffs_of RUN TEST...: the sections of RUN's regression.diffs for TESTs.
diffs_of() {
  local run=$1; shift
  awk -v want=" $* " '
    /^diff / { f = $NF; sub(/.*\//, "", f); sub(/\.out$/, "", f); keep = index(want, " " f " ") > 0 }
    keep' "$work/$run/regression.diffs" 2>/dev/null
}

# A test failing in both runs must fail the same way: its output with
# pg_insights must be the output without it.
changed=""
for t in $both; do
  cmp -s "$work/without/results/$t.out" "$work/with/results/$t.out" || changed="$changed $t"
done
same=$(comm -23 <(printf '%s\n' $both) <(printf '%s\n' $changed) | sed '/^$/d')
[ -z "$same" ] || echo "   failing in both runs alike (not counted against pg_insights): $(words "$same")"
if [ -n "$changed" ]; then
  echo "   FAILING IN BOTH RUNS, BUT DIFFERENTLY with pg_insights:$changed"
  for t in $changed; do
    echo "diff -U3 without/results/$t.out with/results/$t.out"
    diff -U3 --label "without/results/$t.out" --label "with/results/$t.out" \
      "$work/without/results/$t.out" "$work/with/results/$t.out"
  done >"$work/changed.diffs"
fi
[ -z "$only_without" ] || echo "   failing only WITHOUT pg_insights (flaky?): $(words "$only_without")"
if [ -n "$missing" ]; then
  echo "   tests that did not run with pg_insights: $(words "$missing")"
fi
if [ -n "$only_with" ]; then
  echo "   FAILING ONLY WITH pg_insights: $(words "$only_with")"
  diffs_of with $only_with >"$work/only_with.diffs"
fi
# What the library said in the server log (a crash shows there first).
log=$work/with/log/postmaster.log
if [ -f "$log" ]; then
  crashes=$(grep -cE 'terminated by signal|PANIC' "$log")
  pgi_lines=$(grep -c 'pg_insights' "$log")
  echo "   server log with pg_insights: $crashes crash/PANIC lines, $pgi_lines lines naming pg_insights"
  grep -E 'terminated by signal|PANIC' "$log" | head -n 5 | sed 's/^/     /'
  # the most frequent lines naming pg_insights, without time stamps and pids
  grep 'pg_insights' "$log" | sed -E 's/^[0-9-]+ [0-9:.]+ [A-Z]+ //; s/\[[0-9]+\]//g; s/\(PID [0-9]+\)//' |
    sort | uniq -c | sort -rn | head -n 5 | sed 's/^/     /'
fi

# Information only (a shared machine is noisy): tests that took over 5 s and
# over 5 times as long with pg_insights.
slow=$(join "$work/without/times" "$work/with/times" | awk '$3 > 5000 && $3 > 5 * $2 { printf "%s (%d ms -> %d ms) ", $1, $2, $3 }')
[ -z "$slow" ] || echo "   much slower with pg_insights (timing only, not counted): $slow"

nfail=$(( $(grep -c . <<<"$only_with") + $(wc -w <<<"$changed") + $(grep -c . <<<"$missing") + broken ))
[ "$((crashes + 0))" -eq 0 ] || nfail=$((nfail + 1))
echo "   timings: without $(cat "$work/without/seconds") s, with $(cat "$work/with/seconds") s"
if [ "$nfail" -eq 0 ] && [ -z "$keep" ]; then
  rm -rf "$work"
else
  echo "   (kept $work: with/ and without/ hold each run's regression.diffs, results/ and log/)"
fi
if [ -s "$work/only_with.diffs" ]; then
  echo "   diffs of the tests failing only with pg_insights ($work/only_with.diffs, first 200 lines):"
  head -n 200 "$work/only_with.diffs"
fi
if [ -s "$work/changed.diffs" ]; then
  echo "   how their output differs, without -> with pg_insights ($work/changed.diffs, first 200 lines):"
  head -n 200 "$work/changed.diffs"
fi
echo "$((total - $(grep -c . <<<"$only_with") - $(wc -w <<<"$changed"))) passed, $nfail failed"
[ "$nfail" -eq 0 ]
