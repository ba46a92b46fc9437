#!/usr/bin/env bash
# test/matrix/fingerprint_corpus.sh: one corpus of statements through
# insights.fingerprint() on several servers; the same libpg_query is linked
# into every build (scripts/build-libpg-query.sh), so every statement must
# get the same fingerprint, or the same error, on each. Run by
# test/check-all.sh after the servers' make check (pg_insights installed in
# each).
#
#   fingerprint_corpus.sh corpus OUT.csv [PG_SOURCE_TREE...]
#       the corpus: every statement of the pg_regress suite (sql/*.sql),
#       test/matrix/newer_syntax.sql (syntax newer than PostgreSQL 15), and
#       PostgreSQL's own regression suite (src/test/regress/sql) of each
#       source tree given
#   fingerprint_corpus.sh dump CORPUS.csv OUT PG_CONFIG
#       each statement's fingerprint (or "ERROR: message") on that server,
#       one line per statement; checks that the statements of sql/*.sql and
#       newer_syntax.sql all fingerprint (but for a statement marked
#       "-- not SQL: a syntax error on purpose", which a regress file sends
#       to see how a statement without a fingerprint is counted)
#   fingerprint_corpus.sh compare CORPUS.csv OUT...
#       the dumps must be identical; the first differences are printed
#
# Each mode prints ok/not ok lines and ends with "N passed, N failed".
# Environment: PGI_PORT_BASE.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
mode=${1:-}
[ $# -ge 2 ] || { echo "usage: $0 corpus|dump|compare ..." >&2; exit 2; }
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# The project's own statements, which must fingerprint on every server.
own_files() { printf '%s\n' sql/*.sql test/matrix/newer_syntax.sql; }

case "$mode" in
corpus)
  out=$2; shift 2
  files=()
  mapfile -t files < <(own_files)
  for tree in "$@"; do
    files+=("$tree"/src/test/regress/sql/*.sql)
  done
  python3 test/matrix/split_statements.py "${files[@]}" >"$out"
  n=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' "$out")
  echo "# corpus: $n statements from ${#files[@]} files (sql/*.sql, newer_syntax.sql${*:+, the core suites of $*})"
  if [ "$n" -gt 0 ]; then ok "corpus of $n statements"; else not_ok "corpus is empty"; fi
  finish
  ;;

dump)
  corpus=$(realpath "$2") out=$(realpath -m "$3")
  export PG_CONFIG=$4
  unset PGI_BINDIR
  source test/lib.sh
  pgi_cluster_init "$(pgi_mktemp)"
  pgi_cluster_start
  cp "$corpus" "$PGI_DIR/corpus.csv"
  pgi_own "$PGI_DIR/corpus.csv"
  version=$(pgi_psql -c "SHOW server_version")
  # One subtransaction per statement: a text that does not parse gives its
  # error as the result instead of ending the run.
  # (psql does not substitute variables in \copy: the path is written in.)
  { echo "CREATE EXTENSION pg_insights;"
    echo "CREATE TABLE corpus (id serial PRIMARY KEY, file text NOT NULL, statement text NOT NULL);"
    echo "\\copy corpus (file, statement) FROM '$PGI_DIR/corpus.csv' WITH (FORMAT csv)"
    cat <<'SQL'
CREATE FUNCTION fingerprint_or_error(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN insights.fingerprint(statement);
EXCEPTION WHEN OTHERS THEN
  RETURN 'ERROR: ' || SQLERRM;
END $$;
CREATE TABLE result AS SELECT id, file, fingerprint_or_error(statement) AS fingerprint FROM corpus;
SQL
  } | pgi_psql
  pgi_psql -c "SELECT id || ' ' || fingerprint FROM result ORDER BY id" >"$out"
  summary=$(pgi_psql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE fingerprint ~ '^[0-9a-f]{16}$') FROM result")
  read -r total fingerprinted <<<"$summary"
  echo "# PostgreSQL $version: $total statements, $fingerprinted fingerprinted, $((total - fingerprinted)) errors"
  if [ "$total" -eq "$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1]))))' "$corpus")" ] &&
     [ "$fingerprinted" -gt 0 ]; then
    ok "PostgreSQL $version: every statement of the corpus has a result"
  else
    not_ok "PostgreSQL $version: $total results, $fingerprinted fingerprints"
  fi
  own=$(own_files | sed "s/.*/'&'/" | paste -sd,)
  failures=$(pgi_psql -c "SELECT file || ': ' || fingerprint || ': ' || left(regexp_replace(c.statement, '\s+', ' ', 'g'), 120)
                          FROM result JOIN corpus c USING (id, file)
                          WHERE file IN ($own) AND fingerprint !~ '^[0-9a-f]{16}$'
                            AND c.statement NOT LIKE '%-- not SQL: a syntax error on purpose%'")
  own_count=$(pgi_psql -c "SELECT count(*) FROM result WHERE file IN ($own)")
  newer=$(pgi_psql -c "SELECT count(*) FROM result WHERE file = 'test/matrix/newer_syntax.sql' AND fingerprint ~ '^[0-9a-f]{16}$'")
  if [ -z "$failures" ] && [ "$own_count" -gt 0 ] && [ "$newer" -ge 10 ]; then
    ok "PostgreSQL $version: all $own_count statements of sql/*.sql and newer_syntax.sql fingerprint ($newer in syntax newer than 15)"
  else
    not_ok "PostgreSQL $version: statements of sql/*.sql or newer_syntax.sql that do not fingerprint ($newer newer ones did):"
    echo "$failures" | head -n 20 | sed 's/^/#   /'
  fi
  pgi_cluster_stop
  finish
  ;;

compare)
  corpus=$2; shift 2
  first=$1; shift
  for other in "$@"; do
    if cmp -s "$first" "$other"; then
      ok "$(wc -l <"$first") fingerprints identical: $(basename "$first") and $(basename "$other")"
    else
      not_ok "fingerprints differ between $(basename "$first") and $(basename "$other"):"
      # The first differing statements, with their texts.
      diff "$first" "$other" | grep -E '^[<>]' | head -n 10 | sed 's/^/#   /'
      diff <(cut -d' ' -f1 "$first") <(cut -d' ' -f1 "$other") >/dev/null ||
        echo "#   (the dumps do not even list the same statements)"
      ids=$(diff --unchanged-line-format= --old-line-format='%L' --new-line-format= "$first" "$other" | cut -d' ' -f1 | head -n 5)
      for id in $ids; do
        python3 -c 'import csv, sys; rows = list(csv.reader(open(sys.argv[1]))); r = rows[int(sys.argv[2]) - 1]; print("#   statement %s (%s): %s" % (sys.argv[2], r[0], " ".join(r[1].split())[:200]))' "$corpus" "$id"
      done
    fi
  done
  finish
  ;;

*)
  echo "usage: $0 corpus|dump|compare ..." >&2; exit 2 ;;
esac
