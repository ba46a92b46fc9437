#!/usr/bin/env bash
# Runs every attack test in this directory (each builds its own throwaway
# cluster) and prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
passed=0 failed=0
for t in *.sh; do
  case "$t" in run_all.sh | lib.sh) continue ;; esac
  echo "# $t"
  if ./"$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "# FAILED: $t"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
