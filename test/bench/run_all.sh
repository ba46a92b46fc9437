#!/usr/bin/env bash
# Runs every benchmark (README.md); fails only when one could not run.
set -euo pipefail
cd "$(dirname "$0")"
status=0
for b in pgbench_compare.sh new_statements_compare.sh new_statements_simultaneous.sh callgrind_compare.sh sampler_overhead.sh index_advice_quality.sh \
         index_advice_budget.sh; do
  echo "# $b"
  ./"$b" || { echo "# FAILED: $b"; status=1; }
done
exit "$status"
