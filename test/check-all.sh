#!/usr/bin/env bash
# test/check-all.sh (make check-all): make check against every tested
# PostgreSQL release, one after the other from this one tree: 15 (PG_CONFIG,
# the Debian package's server by default), then 17 and 18, built first by
# scripts/build-pg.sh when not cached. Each run rebuilds the PostgreSQL side
# of the module for its server (Makefile, PG_STAMP) and installs it into
# that server's directories. Ends with "N passed, N failed", the sum of the
# three runs' closing lines.
#
# A release whose server cannot be built here (no source package) is
# SKIPPED with the reason, and counts as one failure with
# PGI_CHECK_ALL_REQUIRED=1. Environment: PG_CONFIG (the 15 server),
# PGI_VERSIONS ("15 17 18"), and whatever make check takes (PGI_SKIP_CORE,
# PGI_PORT_BASE).
set -uo pipefail
cd "$(dirname "$0")/.."

pg15=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
passed=0 failed=0 notes=()
summary=()
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
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
  else
    last="make check did not finish (no summary)"; failed=$((failed + 1))
  fi
  summary+=("PostgreSQL $v ($("$pg_config" --version)): $last in $(( $(date +%s) - start )) s")
done

echo "=== all versions"
printf '%s\n' "${summary[@]}"
for n in "${notes[@]}"; do echo "NOTE: $n"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
