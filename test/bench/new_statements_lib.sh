# Shared by new_statements_compare.sh and new_statements_simultaneous.sh:
# the workloads, the server CPU reading and the statistics of the rounds.
# Sourced after ../lib.sh.

# The 30-column table the shapes read, in the cluster psql points at.
ns_create_table() {
  pgi_psql -c "CREATE TABLE wide ($(seq -s ', ' -f 'c%g int' 1 30))" \
           -c "INSERT INTO wide SELECT $(seq -s ', ' -f '(g %% (%g + 3))' 1 30) FROM generate_series(1, 100) g" \
           -c "ANALYZE wide" >/dev/null
}

# ns_write_workloads DIR: DIR/all_new.sql (every call picks one of 25,200
# shapes: libpg_query's fingerprint ignores constants, IN-list lengths,
# aliases and digits in table names, but not which columns a statement
# reads, filters and sorts on) and DIR/mixed.sql (90% of calls on 50 of
# them). pgbench substitutes the :variables into the text (simple protocol).
ns_write_workloads() {
  local shape='\set a 1 + :k % 30
\set b 1 + (:k / 30) % 30
\set c 1 + (:k / 900) % 28
\set v random(1, 20)
SELECT c:a, c:b FROM wide WHERE c:c = :v AND c30 >= 0 ORDER BY c:b LIMIT 3;'
  printf '\\set k random(0, 25199)\n%s\n' "$shape" >"$1/all_new.sql"
  printf '\\set hot random(1, 100)\n\\if :hot <= 90\n\\set k random(0, 49)\n\\else\n\\set k random(0, 25199)\n\\endif\n%s\n' \
    "$shape" >"$1/mixed.sql"
}

# ns_server_ticks DATADIR: the server's CPU so far, in clock ticks: the
# postmaster's own and its exited children's (backends that ended, reaped
# by it), plus the live children's.
ns_server_ticks() {
  local postmaster child total
  postmaster=$(head -1 "$1/postmaster.pid")
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
  for child in $(pgrep -P "$postmaster" || true); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# ns_us_per_statement TICKS STATEMENTS: server CPU per statement, in µs.
ns_us_per_statement() {
  awk -v d="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }'
}

# ns_median / ns_range VALUES: of space-separated numbers.
ns_median() { tr ' ' '\n' <<<"$1" | grep . | sort -g |
              awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ns_range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | sed -n '1p;$p' | paste -sd- ; }

# ns_ratio A B: A / B to three decimals.
ns_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# ns_spread VALUES: "median (lowest-highest)".
ns_spread() { echo "$(ns_median "$1") ($(ns_range "$1"))"; }
