#!/usr/bin/env bash
# pg_insights' index selection against Extend (Schlosser et al., ICDE 2019;
# the best of the algorithms evaluated by Kossmann et al., PVLDB 13(11)) at
# equal storage budgets, on the analytical workload (workloads/analytics.sh).
# Extend runs inside pg_insights over the same candidates and hypothetical
# indexes (insights.advice_selection = 'extend'), so only the selection
# differs.
#
# One pgbench run feeds the advice. The budgets: the estimated size of
# pg_insights' advice without a budget, 1/2, 1/4 and 1/16 of it. For each
# budget, pg_insights' advice and Extend's (index_advice(budget_bytes => B),
# the selection chosen by insights.advice_selection); besides them the ideal set and no
# index. Each set is built for real (without CONCURRENTLY, to save time) and
# measured:
#   - est. cost/tx: the planner's total cost (EXPLAIN) of one transaction,
#     i.e. the sum over templates of calls (one per transaction) × cost,
#     each template's cost the mean over DRAWS parameter draws (the same
#     draws for every set); est. reduction: against no index;
#   - ms/tx: the server time of one transaction (sum of the templates' mean
#     times in insights.statements) over RUN_TX transactions per client, with
#     pgbench's --random-seed fixed so every set sees the same parameters.
# Summary per budget: pg_insights/Extend estimated reduction ratio (target
# >= 1.0) and pg_insights/Extend runtime ratio (target <= 1.0; timings are
# noisy, so it is reported as met within 5%). A missed target is reported,
# not an error: the script fails only when it cannot run.
#
# Environment: SCALE (1), CLIENTS (2), ADVICE_TX (3) and RUN_TX (5)
# transactions per client, DRAWS (3), BUDGET_FRACTIONS ("1 2 4 16": the
# budgets are the unbudgeted advice's size divided by each).
set -euo pipefail
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/advice_workloads.sh"

w=analytics
scale=${SCALE:-1} clients=${CLIENTS:-2} advice_tx=${ADVICE_TX:-3} run_tx=${RUN_TX:-5} draws=${DRAWS:-3}
read -r -a fractions <<<"${BUDGET_FRACTIONS:-1 2 4 16}"

pgi_cluster_init "$(pgi_mktemp)" "shared_buffers = 512MB" "insights.max_statements = 10000"
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights"
out=$PGI_DIR/results
mkdir -p "$out"
pgi_own "$out"

echo "## $w: loading scale $scale"
aw_load "$w" "$scale"
aw_script "$w" "$out/$w.pgbench"
pgi_psql -c "SELECT insights.reset()" >/dev/null
aw_pgbench "$w" "$out/$w.pgbench" -c "$clients" -j "$clients" -t "$advice_tx" >"$out/advice_run.log" 2>&1 ||
  { cat "$out/advice_run.log"; exit 1; }

# --- advice at each budget (before anything else is tracked) --------------

# advise SELECTION BUDGET_BYTES FILE: "ddl<TAB>estimated bytes" per advised
# index (BUDGET_BYTES empty: no budget).
advise() {
  local started=$SECONDS
  PGOPTIONS="-c insights.advice_selection=$1" pgi_psql -F $'\t' \
    -c "SELECT replace(index_ddl, 'CREATE INDEX CONCURRENTLY', 'CREATE INDEX'), est_size_bytes
        FROM insights.index_advice(budget_bytes => ${2:-NULL})" >"$3"
  echo "# $1 advice, budget ${2:-none}: $((SECONDS - started)) s"
}

advise pg_insights "" "$out/unbudgeted.advice"
unbudgeted_bytes=$(awk -F'\t' '{ s += $2 } END { printf "%.0f", s }' "$out/unbudgeted.advice")
[ "$unbudgeted_bytes" -gt 0 ] || { echo "pg_insights advised nothing: no budget to compare at"; exit 1; }
budgets=()
for f in "${fractions[@]}"; do budgets+=("$(awk -v b="$unbudgeted_bytes" -v f="$f" 'BEGIN { printf "%.0f", b / f }')"); done
for b in "${budgets[@]}"; do
  advise pg_insights "$b" "$out/pg_insights.$b.advice"
  advise extend "$b" "$out/extend.$b.advice"
done
aw_ideal "$w" | sed 's/$/\t0/' >"$out/ideal.advice"
: >"$out/none.advice"
for f in "$out"/*.advice; do
  echo "## $(basename "$f" .advice): $(grep -c . "$f" || true) indexes"
  cut -f1 "$f" | sed 's/^/#   /'
done

# --- the same parameter draws for every set ---------------------------------

# label<TAB>sql for DRAWS draws of the pgbench variables (\set x random(lo, hi)).
{ aw_sets_analytics; echo "@@"; aw_statements_analytics; } | awk -v vars="$(aw_pgbench_vars "$w")" -v draws="$draws" '
  function draw(  i) { for (i = 1; i <= nsets; i++) val[name[i]] = lo[i] + int(rand() * (hi[i] - lo[i] + 1)) }
  function bound(x) { return substr(x, 1, 1) == ":" ? val[substr(x, 2)] : x }
  function substitute(sql,  out, c, j, n) {
    out = ""
    while ((j = index(sql, ":")) > 0) {
      out = out substr(sql, 1, j - 1); sql = substr(sql, j + 1)
      if (substr(out, length(out)) == ":" || substr(sql, 1, 1) == ":" || substr(sql, 1, 1) !~ /[a-z]/) { out = out ":"; continue }
      for (n = 0; substr(sql, n + 1, 1) ~ /[a-z]/ && n < length(sql); n++) ;
      out = out val[substr(sql, 1, n)]; sql = substr(sql, n + 1)
    }
    return out sql
  }
  BEGIN { srand(42); n = split(vars, v, " "); for (i = 1; i <= n; i++) { sub(/^-D/, "", v[i]); split(v[i], kv, "="); val[kv[1]] = kv[2] } }
  $0 == "@@" { statements = 1; next }
  !statements { gsub(/[(),]/, " "); split($0, f, " "); nsets++; name[nsets] = f[2]; lo[nsets] = f[4]; hi[nsets] = f[5]; next }
  { line[++nlines] = $0 }
  END {
    for (i = 1; i <= nsets; i++) { lo[i] = bound(lo[i]); hi[i] = bound(hi[i]) }
    for (d = 1; d <= draws; d++) {
      draw()
      for (l = 1; l <= nlines; l++) {
        split(line[l], p, "|"); sql = substr(line[l], length(p[1]) + length(p[2]) + 3)
        printf "%s\t%s\n", p[1], substitute(sql)
      }
    }
  }' >"$out/instances"
{
  echo "SET insights.track = none;"
  while IFS=$'\t' read -r label sql; do printf '\\echo @@%s\nEXPLAIN %s\n' "$label" "$sql"; done <"$out/instances"
} >"$out/explain.sql"
pgi_own "$out"

# --- measuring each distinct set ---------------------------------------------

declare -A est_cost ms n_indexes real_mb failed_ddl measured

# measure SET: builds it (if no set with the same DDL was measured), EXPLAINs
# the draws and runs the workload.
measure() {
  local set=$1 key
  key=$(cut -f1 "$out/$set.advice" | sort | md5sum | cut -c1-12)
  if [ -n "${measured[$key]:-}" ]; then
    local same=${measured[$key]}
    est_cost[$set]=${est_cost[$same]} ms[$set]=${ms[$same]} n_indexes[$set]=${n_indexes[$same]}
    real_mb[$set]=${real_mb[$same]} failed_ddl[$set]=${failed_ddl[$same]}
    cp "$out/$same.per_template" "$out/$set.per_template"
    echo "# $set: the same indexes as $same"
    return
  fi
  measured[$key]=$set
  aw_drop_indexes "$w" >/dev/null
  cut -f1 "$out/$set.advice" >"$out/$set.ddl"
  failed_ddl[$set]=$(aw_apply_ddl "$out/$set.ddl")
  n_indexes[$set]=$(grep -c . "$out/$set.ddl" || true)
  real_mb[$set]=$(pgi_psql -c "SELECT round(coalesce(sum(pg_relation_size(i.indexrelid)), 0) / 1048576.0, 1)
                               FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                               WHERE c.relnamespace = '$w'::regnamespace AND NOT i.indisprimary")
  pgi_psql -f "$out/explain.sql" | awk '
    /^@@/ { label = substr($0, 3); want = 1; next }
    want && match($0, /cost=[0-9.]+\.\.[0-9.]+/) {
      split(substr($0, RSTART + 5, RLENGTH - 5), c, "\\.\\."); sum[label] += c[2]; n[label]++; want = 0 }
    END { for (l in sum) printf "%s %.1f\n", l, sum[l] / n[l] }' | sort >"$out/$set.per_template"
  est_cost[$set]=$(awk '{ s += $2 } END { printf "%.0f", s }' "$out/$set.per_template")
  local seed=(--random-seed=42)
  aw_pgbench "$w" "$out/$w.pgbench" -c "$clients" -j "$clients" -t 1 "${seed[@]}" >/dev/null 2>&1
  pgi_psql -c "SELECT insights.reset()" >/dev/null
  aw_pgbench "$w" "$out/$w.pgbench" -c "$clients" -j "$clients" -t "$run_tx" "${seed[@]}" >"$out/$set.log" 2>&1 ||
    { cat "$out/$set.log"; return 1; }
  aw_means "$w" >"$out/$set.means"
  ms[$set]=$(awk '{ s += $2 } END { printf "%.1f", s }' "$out/$set.means")
  echo "# $set: ${n_indexes[$set]} indexes (${real_mb[$set]} MB), ${failed_ddl[$set]} failed DDL," \
       "estimated cost ${est_cost[$set]} and ${ms[$set]} ms server time per transaction"
}

sets=(none ideal)
for b in "${budgets[@]}"; do sets+=("pg_insights.$b" "extend.$b"); done
for set in "${sets[@]}"; do measure "$set"; done
aw_drop_indexes "$w" >/dev/null

# --- report -------------------------------------------------------------------

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
est_mb() { awk -F'\t' '{ s += $2 } END { printf "%.1f", s / 1048576 }' "$out/$1.advice"; }
reduction() { awk -v n="${est_cost[none]}" -v c="${est_cost[$1]}" 'BEGIN { printf "%.1f", 100 * (n - c) / n }'; }

echo
echo "## estimated cost per transaction by template (mean of $draws draws)"
# none, ideal, pgi@MB, ext@MB
short() { case $1 in none | ideal) echo "$1" ;; pg_insights.*) echo "pgi@$(mb "${1#*.}")" ;; *) echo "ext@$(mb "${1#*.}")" ;; esac; }
printf '%-16s' template
for set in "${sets[@]}"; do printf ' %13s' "$(short "$set")"; done
echo
for label in $(aw_labels "$w"); do
  printf '%-16s' "$label"
  for set in "${sets[@]}"; do printf ' %13.0f' "$(awk -v l="$label" '$1 == l { print $2 }' "$out/$set.per_template")"; done
  echo
done

echo
echo "== index selection at storage budgets ($w, scale $scale)"
echo "   est. MB: the advisor's estimate; real MB: built; est. cost/tx: EXPLAIN, one call of each template;"
echo "   ms/tx: server time of one transaction"
printf '%-10s %-12s %7s %8s %8s %12s %9s %10s %8s\n' "budget MB" "index set" indexes "est. MB" "real MB" \
  "est. cost/tx" reduction "ms/tx" speedup
row() {
  local budget=$1 set=$2 label=$3 est=$4
  printf '%-10s %-12s %7s %8s %8s %12s %8s%% %10s %7sx\n' "$budget" "$label" "${n_indexes[$set]}" "$est" \
    "${real_mb[$set]}" "${est_cost[$set]}" "$(reduction "$set")" "${ms[$set]}" \
    "$(awk -v n="${ms[none]}" -v m="${ms[$set]}" 'BEGIN { printf "%.1f", n / m }')"
}
row - none none -
row - ideal ideal -
for b in "${budgets[@]}"; do
  row "$(mb "$b")" "pg_insights.$b" pg_insights "$(est_mb "pg_insights.$b")"
  row "$(mb "$b")" "extend.$b" extend "$(est_mb "extend.$b")"
done
echo
met() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "<=" ? v <= t : v >= t); print (ok ? "met" : "NOT met") }'; }
missed=()
for b in "${budgets[@]}"; do
  r_pgi=$(reduction "pg_insights.$b") r_ext=$(reduction "extend.$b")
  est_ratio=$(awk -v a="$r_pgi" -v e="$r_ext" 'BEGIN { if (e <= 0) print (a >= e ? "inf" : "0"); else printf "%.3f", a / e }')
  run_ratio=$(awk -v a="${ms[pg_insights.$b]}" -v e="${ms[extend.$b]}" 'BEGIN { printf "%.3f", a / e }')
  est_ok=met
  [ "$est_ratio" = inf ] || est_ok=$(met "$est_ratio" 1.0 '>=')
  [ "$est_ok" = met ] || missed+=("$(mb "$b") MB")
  echo "budget $(mb "$b") MB: pg_insights/extend estimated reduction ratio $est_ratio ($r_pgi% vs $r_ext%;" \
       "target >= 1.0: $est_ok); runtime ratio $run_ratio (pg_insights ${ms[pg_insights.$b]} ms vs extend" \
       "${ms[extend.$b]} ms per transaction; target <= 1.0 within 5% noise: $(met "$run_ratio" 1.05 '<='))"
done
echo "pg_insights' estimated reduction at least Extend's at every budget:" \
     "$([ ${#missed[@]} -eq 0 ] && echo yes || echo "no (${missed[*]})")"
failed=0
for set in "${sets[@]}"; do failed=$((failed + ${failed_ddl[$set]})); done
echo "failed DDL over all sets: $failed"
