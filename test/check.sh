#!/usr/bin/env bash
# Runs every test after the extension is built and installed (make check):
# unit tests (ctest), pg_regress in a temporary instance that preloads the
# library, the integration scripts, the security tests and PostgreSQL's own
# core regression suite with and without the library
# (scripts/installcheck-core.sh; PGI_SKIP_CORE=1 leaves it out). Ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source test/lib.sh

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG   # test/lib.sh (the integration and security scripts) takes the server from it
pg_regress="$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress"
passed=0
failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

echo "== unit tests"
unit_out=$(cd build 2>/dev/null && ctest --output-on-failure 2>&1)
echo "$unit_out" | tail -n 25
if [ ! -x build/unit_tests ]; then
  echo "unit tests not built: run 'make unit' first (make check does)"; count 0 1
elif [[ $unit_out =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
  count $((BASH_REMATCH[2] - BASH_REMATCH[1])) "${BASH_REMATCH[1]}"
else
  echo "unit tests did not report a summary"; count 0 1
fi

# The pg_regress files: the arguments (make check passes REGRESS), else the
# Makefile's list, so that running this script alone never runs none.
if [ $# -eq 0 ]; then
  read -r -a regress_files <<<"$(sed -n 's/^REGRESS = //p' Makefile)"
  set -- "${regress_files[@]}"
fi
[ $# -gt 0 ] || { echo "no pg_regress files: the Makefile has no REGRESS line"; exit 1; }
echo "== pg_regress: $*"
# pg_regress refuses to run as root; give it a directory the server user owns.
workdir=$(mktemp -d /tmp/pg_insights_regress.XXXXXX)
cp -r sql expected test/regress.conf "$workdir"/
pgi_own "$workdir"
regress_out=$(cd "$workdir" && pgi_as "$pg_regress" --temp-instance="$workdir/instance" \
  --inputdir="$workdir" --outputdir="$workdir" --temp-config="$workdir/regress.conf" \
  --bindir="$("$PG_CONFIG" --bindir)" "$@" 2>&1)
echo "$regress_out" | tail -n 20
if [[ $regress_out =~ All\ ([0-9]+)\ tests\ passed ]]; then
  count "${BASH_REMATCH[1]}" 0
  rm -rf "$workdir"
elif [[ $regress_out =~ ([0-9]+)\ of\ ([0-9]+)\ tests\ failed ]]; then
  count $((BASH_REMATCH[2] - BASH_REMATCH[1])) "${BASH_REMATCH[1]}"
  cat "$workdir/regression.diffs" 2>/dev/null | head -n 200
  echo "(kept $workdir)"
else
  echo "pg_regress did not report a summary"; count 0 1
fi

# suite TITLE SCRIPT: a suite of scripts that ends with "N passed, N failed".
suite() {
  echo "== $1"
  local out
  out=$("$2" 2>&1)
  echo "$out" | tail -n 40
  # The tail may not reach a failure: name failed scripts and checks in full.
  grep -E '^(not ok|# FAILED)' <<<"$out" || true
  if [[ $out =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    count "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    echo "$1 did not report a summary"; count 0 1
  fi
}
suite "integration scripts" test/integration/run_all.sh
suite "security tests" test/security/run_all.sh

echo "== PostgreSQL core regression suite, without and with pg_insights"
notes=""
if [ -n "${PGI_SKIP_CORE:-}" ]; then
  echo "SKIPPED (PGI_SKIP_CORE is set)"
  notes="core regression suite SKIPPED (PGI_SKIP_CORE is set)"
else
  core_out=$(PG_CONFIG=$PG_CONFIG scripts/installcheck-core.sh 2>&1)
  echo "$core_out"
  if grep -q 'installcheck-core: SKIPPED' <<<"$core_out"; then
    notes=$(grep -m1 'installcheck-core: SKIPPED' <<<"$core_out")
  fi
  if [[ $core_out =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    count "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  else
    echo "the core regression suite did not report a summary"; count 0 1
  fi
fi

[ -z "$notes" ] || echo "NOTE: $notes"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
