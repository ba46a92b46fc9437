#!/usr/bin/env bash
# test/check-all.sh (make check-all): make check against every tested
# PostgreSQL release, one after the other from this one tree: 15 (PG_CONFIG,
# the Debian package's server by default), then 17 and 18, built first by
# scripts/build-pg.sh when not cached. Each run rebuilds the PostgreSQL side
# of the module for its server (Makefile, PG_STAMP) and installs it into
# that server's directories. Ends with "N passed, N failed", the sum of the
# three runs' closing lines.
#
# Then, when two servers or more ran, one corpus of statements goes through
# insights.fingerprint() on each (test/matrix/fingerprint_corpus.sh: the
# pg_regress suite's statements, syntax newer than 15, and the core
# regression suites of the servers' sources): the fingerprints must be
# identical, since every build links the same libpg_query.
#
# A release whose server cannot be built here (no source package) is
# SKIPPED with the reason, and counts as one failure with
# PGI_CHECK_ALL_REQUIRED=1. Environment: PG_CONFIG (the 15 server),
# PGI_VERSIONS ("15 17 18"), and whatever make check takes (PGI_SKIP_CORE,
# PGI_PORT_BASE, PG_SOURCE_CACHE).
set -uo pipefail
cd "$(dirname "$0")/.."

pg15=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
passed=0 failed=0 notes=()
summary=()
servers=()   # the pg_config of each server make check ran against
# count OUTPUT: add its closing "N passed, N failed" line to the totals;
# $last says what was counted.
count() {
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$1" | tail -n 1)
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    failed=$((failed + 1))
    last="did not finish (no summary)"
  fi
}
for v in ${PGI_VERSIONS:-15 17 18}; do
  echo "=== PostgreSQL $v"
  start=$(date +%s)
  if [ "$v" = 15 ]; then
    pg_config=$pg15
  elif ! pg_config=$(scripts/build-pg.sh "$v"); then
    echo "PostgreSQL $v: SKIPPED: scripts/build-pg.sh $v could not build the server (see above)"
    notes+=("PostgreSQL $v SKIPPED: no server (scripts/build-pg.sh $v failed)")
    summary+=("PostgreSQL $v: SKIPPED")
    [ -z "${PGI_CHECK_ALL_REQUIRED:-}" ] || failed=$((failed + 1))
    continue
  fi
  out=$(make --no-print-directory check PG_CONFIG="$pg_config" 2>&1)
  echo "$out" | grep -vE "warning: (overriding|ignoring old) recipe for target 'check'"
  count "$out"
  servers+=("$pg_config")
  summary+=("PostgreSQL $v ($("$pg_config" --version)): $last in $(( $(date +%s) - start )) s")
done

if [ ${#servers[@]} -ge 2 ]; then
  echo "=== one fingerprint on every server"
  start=$(date +%s)
  work=$(mktemp -d "${PGI_TMP:-/tmp}/pgi_corpus.XXXXXX")
  # The core regression suites of the servers' sources (the 15 package's
  # from the cache make check's core suite filled; a built server names its
  # source in <prefix>/.source).
  trees=()
  for pg_config in "${servers[@]}"; do
    tree=$(cat "$("$pg_config" --bindir)/../.source" 2>/dev/null ||
           PG_CONFIG=$pg_config PG_SOURCE_OFFLINE=1 scripts/fetch-pg-source.sh 2>/dev/null) && trees+=("$tree")
  done
  out=$(test/matrix/fingerprint_corpus.sh corpus "$work/corpus.csv" "${trees[@]}" 2>&1)
  dumps=()
  for pg_config in "${servers[@]}"; do
    dumps+=("$work/$("$pg_config" --version | tr -c 'A-Za-z0-9.\n' _).txt")
    out+=$'\n'$(test/matrix/fingerprint_corpus.sh dump "$work/corpus.csv" "${dumps[-1]}" "$pg_config" 2>&1)
  done
  out+=$'\n'$(test/matrix/fingerprint_corpus.sh compare "$work/corpus.csv" "${dumps[@]}" 2>&1)
  echo "$out" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
  # The three modes' closing lines, summed into one.
  sums=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" |
         awk '{ p += $1; f += $3; n++ } END { if (n == 2 + '"${#servers[@]}"') print p " passed, " f " failed" }')
  count "$sums"
  summary+=("fingerprints across ${#servers[@]} servers: $last in $(( $(date +%s) - start )) s")
  if [[ $last == *" 0 failed" ]]; then rm -rf "$work"; else echo "(kept $work)"; fi
else
  notes+=("one fingerprint on every server: not compared (fewer than two servers ran)")
fi

echo "=== all versions"
printf '%s\n' "${summary[@]}"
for n in "${notes[@]}"; do echo "NOTE: $n"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
