#!/usr/bin/env bash
# Issue 8, item 11: whatever sits where pg_stat/pg_insights.stat should be,
# the server starts (within a timeout), logs exactly one WARNING that
# mentions pg_insights, starts with an empty statement store, and
# insights.report_text() works. Cases: a directory, a FIFO (used to hang
# the postmaster in open()), a file over 1 GB (used to fail with "invalid
# memory alloc request size"), and files with a correct checksum but an
# impossible record (stats_file_forge.py), which used to be loaded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

pgi_cluster_init "$(pgi_mktemp)" "insights.advice_min_ms = 0"  # every statement keeps a sample
pgi_cluster_start
pgi_psql -c "CREATE EXTENSION pg_insights" -c "CREATE TABLE t AS SELECT generate_series(1, 100) AS id" >/dev/null
for i in $(seq 30); do
  echo "SELECT count(*) FROM t WHERE id < $i;"
  echo "SELECT id, 'héllo wörld' AS greeting FROM t WHERE id = $i;"
done | pgi_psql >/dev/null
# Samples with parameter values (statement NUL type:Vvalue NUL type:N).
pgi_psql >/dev/null <<'SQL'
PREPARE p(int, text) AS SELECT id FROM t WHERE id = $1 AND $2 IS DISTINCT FROM 'héllo';
EXECUTE p(1, 'wörld');
EXECUTE p(2, NULL);
SQL
pgi_cluster_stop

stat_file=$PGI_DATA/pg_stat/pg_insights.stat
valid=$PGI_DIR/valid.stat
cp "$stat_file" "$valid"
pgi_ok "a statistics file was written at shutdown" test -s "$valid"
pgi_ok "it holds a sample with parameter values (25:Vwörld)" bash -c "LC_ALL=C grep -qa '25:Vw' '$valid'"

loaded="SELECT count(*) FROM insights.statements WHERE first_seen < pg_postmaster_start_time()"

# start_case NAME: start the server on whatever is at $stat_file now.
start_case() {
  pgi_own "$stat_file"
  mark=$(pgi_log_mark)
  local as=(); [ "$(id -u)" -ne 0 ] || as=(runuser -u "$PGI_OS_USER" --)
  if (cd / && timeout 60 "${as[@]}" pg_ctl -D "$PGI_DATA" -l "$PGI_LOG" -w -t 30 start \
        >/dev/null 2>&1 {PGI_STDOUT}>&-); then
    echo "ok - $1: server starts"
    return 0
  fi
  echo "not ok - $1: server starts"
  PGI_FAILED=$((PGI_FAILED + 1))
  # A postmaster stuck in its start: kill it (it is ours) and move on.
  local pm; pm=$(head -n 1 "$PGI_DATA/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pm" ]; then pkill -KILL -P "$pm" 2>/dev/null || true; kill -KILL "$pm" 2>/dev/null || true; fi
  sleep 1
  rm -f "$PGI_DATA/postmaster.pid"
  return 1
}

# hostile NAME: the case is in place; start and check.
hostile() {
  if start_case "$1"; then
    pgi_is "$(pgi_psql -c "$loaded")" 0 "$1: no statement loaded from it"
    pgi_is "$(pgi_psql -c "SELECT count(*) > 0 FROM insights.report_text()" 2>&1)" t "$1: report_text() works"
    local warnings; warnings=$(pgi_log_since "$mark" | grep 'WARNING' | grep -i 'pg_insights' || true)
    pgi_is "$(grep -c . <<<"$warnings" || true)" 1 "$1: one WARNING mentioning pg_insights: ${warnings:-<none>}"
    pgi_cluster_stop
  fi
  rm -rf "$stat_file"
}

# Control: the generator's re-checksummed copy of a valid file is loaded.
python3 "$here/stats_file_forge.py" "$valid" "$stat_file" unchanged
if start_case "control (valid file, rewritten)"; then
  pgi_ok "control: statements are loaded from it" test "$(pgi_psql -c "$loaded")" -gt 0
  pgi_is "$(pgi_log_since "$mark" | grep -c 'WARNING' || true)" 0 "control: no WARNING"
  pgi_cluster_stop
fi

rm -f "$stat_file"; mkdir "$stat_file"; touch "$stat_file/x"
hostile "a directory"
rm -f "$stat_file"; pgi_as mkfifo "$stat_file"
hostile "a FIFO"
cp "$valid" "$stat_file"; truncate -s 1100M "$stat_file"
hostile "a valid file grown to 1.1 GB (sparse)"
truncate -s 1100M "$stat_file"
hostile "1.1 GB of zeros (sparse)"
for c in negative_calls nan_total_ms min_above_max invalid_utf8 text_length_out_of_range \
         text_length_overlapping text_length_out_of_range_in_record text_length_overlapping_in_record \
         invalid_utf8_in_sample duplicate_key bad_key_source bad_toplevel future_version \
         other_fingerprint_version cancelled_above_calls; do
  python3 "$here/stats_file_forge.py" "$valid" "$stat_file" "$c"
  hostile "valid checksum, $c"
done

# And a normal restart still keeps everything.
cp "$valid" "$stat_file"
if start_case "the original file again"; then
  pgi_ok "the original file is loaded" test "$(pgi_psql -c "$loaded")" -gt 0
  calls="SELECT sum(calls) FROM insights.statements WHERE query NOT LIKE '%insights.statements%'"
  before=$(pgi_psql -c "$calls")
  pgi_cluster_stop
  pgi_cluster_start
  pgi_is "$(pgi_psql -c "$calls")" "$before" \
         "a clean restart keeps every call"
fi
pgi_done
