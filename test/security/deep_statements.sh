#!/usr/bin/env bash
# Attack: deeply nested statement texts (issue 8, item 4).
#
# libpg_query recurses over the parse tree with no working stack check, so
# insights.normalize('SELECT ' || repeat('1+', 100000) || '1') used to
# overflow the backend's stack: SIGSEGV, and the postmaster restarts every
# session. Any role can call the functions, and the capture path parses
# every new statement the server accepted again with libpg_query, on top of
# the executor's stack.
#
# For each construct (chains of +, casts, UNION ALL, JOINs, nested
# parentheses) and for fingerprint(), normalize(), index_advice_for() and
# capture, with texts just under the server's own limit and far over it:
# the server stays up (the checkpointer keeps its pid: a crash restarts
# every process, while pg_postmaster_start_time() stays the same; and the
# log has no "terminated by signal"), and the function returns a value or
# raises a clear ERROR. A statement the server accepted is counted in
# insights.statements.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# The server log would repeat every rejected statement (megabytes).
sec_cluster "log_min_error_statement = panic"
pgi_psql -c "CREATE TABLE public.t (x int)" -c "GRANT SELECT ON public.t TO PUBLIC" >/dev/null
log_start=$(pgi_log_mark)
checkpointer() { pgi_psql -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null; }
checkpointer_pid=$(checkpointer)

# server_up DESC: the server survived whatever ran last. After a crash the
# next checks compare with the new checkpointer, so each crash counts once.
server_up() {
  local now
  for _ in $(seq 20); do now=$(checkpointer) && [ -n "$now" ] && break; sleep 0.5; done
  pgi_is "${now:-down}" "$checkpointer_pid" "$1: server still up (same checkpointer)"
  checkpointer_pid=${now:-$checkpointer_pid}
}

# as_alice SQL: one statement from the attacker; prints its result or its
# error message (first line), never fails.
as_alice() { sec_psql alice -v ON_ERROR_STOP=1 -f - <<<"$1" 2>&1 | head -n 1 | sed 's/^psql:[^ ]* //' | cut -c 1-200; }

# The texts, built by the server: name -> SQL expression, @N@ the depth.
declare -A text=(
  [plus]="'SELECT ' || repeat('1+', @N@) || '1'"
  [cast]="'SELECT 1' || repeat('::int', @N@)"
  [union]="'SELECT 1' || repeat(' UNION ALL SELECT 1', @N@)"
  [join]="'SELECT 1 FROM t' || repeat(' JOIN t ON true', @N@)"
  [paren]="'SELECT ' || repeat('(', @N@) || '1' || repeat(')', @N@)"
)
# Just under what the server itself accepts with max_stack_depth = 2MB
# (it fails near 4,000 +, 13,000 casts, 7,200 UNION ALL branches, 10,000
# parentheses; JOINs plan too slowly to go near their limit).
declare -A under=([plus]=3500 [cast]=11000 [union]=6000 [join]=1000 [paren]=9900)
far=100000
# Far over, but under the 1 MB pg_insights parses at most (a text of 100,000
# of these would be over it, and refused for its length, not its depth).
declare -A far_of=([plus]=$far [cast]=$far [union]=50000 [join]=40000 [paren]=$far)
hex16='^[0-9a-f]{16}$'
clear_error='ERROR: .*(too deeply nested|stack depth limit exceeded|memory exhausted)'

for name in plus cast union join paren; do
  far=${far_of[$name]}
  under_sql=${text[$name]//@N@/${under[$name]}}
  far_sql=${text[$name]//@N@/$far}

  got=$(as_alice "SELECT insights.fingerprint($under_sql)")
  pgi_ok "fingerprint, $name x${under[$name]}: a fingerprint (got '$got')" grep -Eq "$hex16" <<<"$got"
  server_up "fingerprint, $name x${under[$name]}"
  got=$(as_alice "SELECT insights.fingerprint($far_sql)")
  # fingerprint's walker stops at 100 levels, so some deep texts have one.
  pgi_ok "fingerprint, $name x$far: a fingerprint or a clear error (got '$got')" \
    grep -Eq "$hex16|$clear_error" <<<"$got"
  server_up "fingerprint, $name x$far"

  got=$(as_alice "SELECT length(insights.normalize($under_sql)) > 0")
  pgi_is "$got" t "normalize, $name x${under[$name]}: a normalized text"
  server_up "normalize, $name x${under[$name]}"
  got=$(as_alice "SELECT length(insights.normalize($far_sql)) > 0")
  pgi_ok "normalize, $name x$far: a clear error (got '$got')" grep -Eq "$clear_error" <<<"$got"
  server_up "normalize, $name x$far"

  # The server parses and plans the text first: its own limits apply.
  got=$(as_alice "SELECT count(*) >= 0 FROM insights.index_advice_for($under_sql)")
  if [ "$name" = join ]; then
    pgi_ok "index_advice_for, $name x${under[$name]}: PostgreSQL's error (got '$got')" \
      grep -q 'specified more than once' <<<"$got"
  else
    pgi_is "$got" t "index_advice_for, $name x${under[$name]}: advice"
  fi
  server_up "index_advice_for, $name x${under[$name]}"
  got=$(as_alice "SELECT count(*) FROM insights.index_advice_for($far_sql)")
  pgi_ok "index_advice_for, $name x$far: an error (got '$got')" grep -q '^ERROR: ' <<<"$got"
  server_up "index_advice_for, $name x$far"
done

# Capture: statements the server accepts, each counted once, found by the
# name of their first column (stored texts are cut at max_query_length).
# The JOINs get distinct aliases.
capture() { # NAME SQL-EXPRESSION-BUILDING-THE-STATEMENT [SETTING]
  local name=$1 build=$2 setting=${3:-} statement got
  statement=$(pgi_psql -c "SELECT $build") || { pgi_ok "capture, $name: statement built" false; return; }
  got=$( { [ -z "$setting" ] || echo "$setting;"; echo "$statement;"; } |
    sec_psql alice -v ON_ERROR_STOP=1 -f - 2>&1 | tail -n 1 | sed 's/^psql:[^ ]* //' | cut -c 1-200)
  pgi_is "$got" 1 "capture, $name: the server runs it"
  server_up "capture, $name"
  got=$(pgi_psql -c "SELECT sum(calls), bool_or(parse_error), bool_and(strpos(query, '\$1') > 0)
                     FROM insights.statements WHERE query ~ '\\mdeep_$name\\M'")
  pgi_is "${got%%|*}" 1 "capture, $name: counted in insights.statements"
  # libpg_query fingerprinted and normalized it (on a stack of its own if
  # need be): the stored text has \$1 for the constant near its start.
  pgi_is "${got#*|}" "f|t" "capture, $name: fingerprinted and normalized by libpg_query"
}
capture plus "'SELECT deep_plus + 0 FROM (SELECT 0*(' || repeat('1+', ${under[plus]}) || '1)+1 AS deep_plus) s'"
capture cast "'SELECT deep_cast + 0 FROM (SELECT 1' || repeat('::int', ${under[cast]}) || ' AS deep_cast) s'"
capture union "'SELECT deep_union + 0 FROM (SELECT 1 AS deep_union' || repeat(' UNION ALL SELECT 1', ${under[union]}) || ') s LIMIT 1'"
capture join "'SELECT count(*) + 1 AS deep_join FROM t' ||
  (SELECT string_agg(' JOIN t t' || i || ' ON true', '') FROM generate_series(1, ${under[join]}) i)"
capture paren "'SELECT deep_paren + 0 FROM (SELECT ' || repeat('(', ${under[paren]}) || '1' || repeat(')', ${under[paren]}) || ' AS deep_paren) s'"

# A superuser may give the server more stack (up to the kernel's limit less
# 512kB): then it accepts statements much deeper than libpg_query could
# parse on what is left of the backend's stack.
if pgi_psql -c "SET max_stack_depth = '7MB'" 2>/dev/null; then
  pgi_psql -c "ALTER ROLE alice SET max_stack_depth = '7MB'" >/dev/null
  capture cast_7mb "'SELECT deep_cast_7mb + 0 FROM (SELECT 1' || repeat('::int', 40000) || ' AS deep_cast_7mb) s'"
  got=$(as_alice "SELECT length(insights.normalize('SELECT 1' || repeat('::int', 40000))) > 0")
  pgi_is "$got" t "normalize, cast x40000 with max_stack_depth = 7MB: a normalized text"
  server_up "normalize, cast x40000 with max_stack_depth = 7MB"
  pgi_psql -c "ALTER ROLE alice RESET max_stack_depth" >/dev/null
else
  echo "# skip: the kernel's stack limit is below 7.5MB, no capture with max_stack_depth = 7MB"
fi

# Far over the server's limit: its own error; nothing counted.
got=$(as_alice "SELECT 1$(printf '::int%.0s' $(seq $far)) AS deep_cast_far")
pgi_ok "capture, cast x$far: the server's own error (got '$got')" grep -q 'stack depth limit exceeded' <<<"$got"
server_up "capture, cast x$far"

# Long, not deep: libpg_query needs about a hundred times a text's length in
# memory, so texts over 1 MB are not given to it. The server still runs such
# a statement, and it is counted under the server's query id with its
# constants masked by the server's lexer.
got=$(as_alice "SELECT insights.normalize('SELECT 1 WHERE 1 IN (' || repeat('1,', 600000) || '1)')")
pgi_ok "normalize, a 1.2 MB text: a clear error (got '${got:0:120}')" grep -q 'statement too long for pg_insights' <<<"$got"
long_in=$(printf '7,%.0s' $(seq 600000))
as_alice "SELECT 1 AS long_in WHERE 7 IN (${long_in}7)" >/dev/null
pgi_is "$(pgi_psql -c "SELECT calls || ' ' || parse_error || ' ' || (query LIKE 'SELECT \$1 AS long_in WHERE \$2 IN (\$3,\$4,%')
                       || ' ' || (query !~ '(^|[^0-9$])7')
                       FROM insights.statements WHERE query LIKE '%AS long_in%'")" "1 true true true" \
  "capture, a 1.2 MB statement: counted once under the query id, every constant masked"
server_up "a 1.2 MB text"

crashes=$(pgi_log_since "$log_start" | grep -c 'terminated by signal')
pgi_is "$crashes" 0 "no server process terminated by a signal"
pgi_done
