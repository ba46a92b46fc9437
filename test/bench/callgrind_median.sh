#!/usr/bin/env bash
# callgrind_compare.sh several times, each with its cluster under a path of
# another length, and the median of its two comparisons of pg_insights with
# pg_stat_statements. One layout repeats its counts exactly, but the
# server's string and allocator functions (strncmp, strncpy, malloc) cost
# more or less per call with the alignment of what they read and with the
# heap's layout: tens of instructions a statement either way, on either
# extension. Other paths give other layouts; the median of a few is the
# figure to trust. Environment: RUNS (5), and callgrind_compare.sh's own
# (MODE, N, CENSUS, LIMIT).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-5}
base=$(mktemp -d "${PGI_TMP:-/tmp}/cgm.XXXXXX")
chmod 755 "$base"
trap 'rm -rf "$base"' EXIT
declare -a total allocator_free hooks
for ((r = 1; r <= runs; r++)); do
  dir=$base/$(printf "%0${r}d" 0)   # a path one character longer each run
  mkdir -p "$dir" && chmod 777 "$dir"
  out=$(PGI_TMP=$dir "$here/callgrind_compare.sh" 2>&1) || { echo "$out"; exit 1; }
  t=$(sed -n 's/^pg_insights - pg_stat_statements: \([-+0-9]*\) .*/\1/p' <<<"$out")
  a=$(sed -n 's/^pg_insights - pg_stat_statements, glibc malloc\/free left out: \([-+0-9]*\) .*/\1/p' <<<"$out")
  h=$(sed -n 's/^hooks add .*, pg_insights - pg_stat_statements \([-+0-9]*\) .*/\1/p' <<<"$out")
  echo "# run $r (path +$r): pg_insights - pg_stat_statements $t, without malloc/free $a, hooks alone $h instructions per statement"
  total+=("$t") allocator_free+=("$a") hooks+=("$h")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "pg_insights - pg_stat_statements, median of $runs: $(median "${total[@]}") instructions per statement" \
     "(without malloc/free: $(median "${allocator_free[@]}"); hooks alone: $(median "${hooks[@]}");" \
     "MODE=${MODE:-simple} CENSUS=${CENSUS:-0})"
