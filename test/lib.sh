# shellcheck shell=bash
# test/lib.sh: throwaway PostgreSQL clusters for the integration tests,
# benchmarks and demo. Source it, then:
#
#   pgi_cluster_init "$(pgi_mktemp)" ["insights.max_statements = 1000" ...]
#   pgi_cluster_start
#   pgi_psql -c "CREATE EXTENSION pg_insights"
#
# After pgi_cluster_init, PGHOST/PGPORT/PGUSER/PGDATABASE point at the
# cluster, so psql and pgbench need no connection options. An EXIT trap always
# stops the server and removes the directory (keep it with PGI_KEEP=1).
#
# Environment: PGI_BINDIR (PostgreSQL binaries), PGI_PRELOAD (default
# shared_preload_libraries, 'pg_insights'), PGI_PORT_BASE (54321).
# PostgreSQL refuses to run as root: as root, server-side commands run as
# the OS user "postgres" (PGI_OS_USER).

if [ -z "${PGI_BINDIR:-}" ]; then
  PGI_BINDIR=$("${PG_CONFIG:-pg_config}" --bindir 2>/dev/null) || PGI_BINDIR=""
  [ -x "$PGI_BINDIR/postgres" ] || PGI_BINDIR=/usr/lib/postgresql/15/bin
fi
export PATH="$PGI_BINDIR:$PATH"
PGI_OS_USER=${PGI_OS_USER:-postgres}
PGI_FAILED=0
# The EXIT trap reports on the script's original stdout: a signal can arrive
# while a function's output is redirected (pgi_psql ... >/dev/null).
exec {PGI_STDOUT}>&1

pgi_bindir() { echo "$PGI_BINDIR"; }

# pgi_as CMD...: run CMD as the unprivileged OS user when we are root
# (without our saved stdout, which a server must not keep open).
pgi_as() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u "$PGI_OS_USER" -- "$@") {PGI_STDOUT}>&-
  else
    "$@" {PGI_STDOUT}>&-
  fi
}

# pgi_own PATH...: hand files we (root) created over to the server's user.
pgi_own() {
  if [ "$(id -u)" -eq 0 ]; then chown -R "$PGI_OS_USER:" "$@"; fi
}

# pgi_mktemp: a fresh directory the server's user can use (short path, since
# the Unix socket lives inside it).
pgi_mktemp() { mktemp -d "${PGI_TMP:-/tmp}/pgi.XXXXXX"; }

# pgi_free_port: first TCP port on 127.0.0.1 from PGI_PORT_BASE nobody uses
# (among the next 1000, never above 65535).
pgi_free_port() {
  local p base=${PGI_PORT_BASE:-54321}
  local last=$((base + 999 > 65535 ? 65535 : base + 999))
  if ((base < 1 || base > 65535)); then
    echo "pgi_free_port: PGI_PORT_BASE=$base is not a TCP port (1..65535)" >&2; return 1
  fi
  for ((p = base; p <= last; p++)); do
    if command -v ss >/dev/null; then
      [ -z "$(ss -Htan "sport = :$p")" ] || continue
    fi
    pg_isready -q -h 127.0.0.1 -p "$p" -t 1 && continue
    [ $? -eq 2 ] || continue                      # 2 = nothing answered
    echo "$p"; return 0
  done
  echo "pgi_free_port: no free port in $base..$last" >&2; return 1
}

# pgi_port_base_at OFFSET [SPAN]: where a test's other servers (exporters,
# a browser) look for free ports, away from its clusters' (which start at
# PGI_PORT_BASE): PGI_PORT_BASE + OFFSET, or, when SPAN ports (100) from
# there would pass 65535, the last SPAN ports below 65536 if they still lie
# more than 10 above PGI_PORT_BASE. Else an error naming the limit.
pgi_port_base_at() {
  local base=${PGI_PORT_BASE:-54321} offset=$1 span=${2:-100}
  if ((base + offset + span - 1 <= 65535)); then
    echo $((base + offset))
  elif ((65536 - span > base + 10)); then
    echo $((65536 - span))
  else
    echo "PGI_PORT_BASE=$base leaves no room for $span more ports below 65536 (use a base of at most $((65525 - span)))" >&2
    return 1
  fi
}

# pgi_cluster_init DIR [postgresql.conf line...]
pgi_cluster_init() {
  PGI_DIR=$1; shift
  PGI_DATA=$PGI_DIR/data
  PGI_LOG=$PGI_DIR/server.log
  PGI_PORT=$(pgi_free_port)
  mkdir -p "$PGI_DIR/sock"
  pgi_own "$PGI_DIR"
  pgi_as initdb -D "$PGI_DATA" -U postgres -A trust -E UTF8 --no-sync >"$PGI_DIR/initdb.log" 2>&1 ||
    { cat "$PGI_DIR/initdb.log" >&2; return 1; }
  pgi_conf "listen_addresses = '127.0.0.1'" \
           "port = $PGI_PORT" \
           "unix_socket_directories = '$PGI_DIR/sock'" \
           "shared_preload_libraries = '${PGI_PRELOAD-pg_insights}'" \
           "fsync = off" \
           "log_line_prefix = '%m [%p] '" \
           "$@"
  export PGHOST=$PGI_DIR/sock PGPORT=$PGI_PORT PGUSER=postgres PGDATABASE=postgres
}

# pgi_conf LINE...: append to postgresql.conf (the last setting wins);
# takes effect at the next start or reload.
pgi_conf() { printf '%s\n' "$@" | pgi_as tee -a "$PGI_DATA/postgresql.conf" >/dev/null; }

# pgi_cluster_start [pg_ctl options]
pgi_cluster_start() {
  pgi_as pg_ctl -D "$PGI_DATA" -l "$PGI_LOG" -w -t 120 "$@" start >/dev/null ||
    { echo "pgi_cluster_start: server did not start, see $PGI_LOG" >&2; return 1; }
}

pgi_cluster_stop() { pgi_as pg_ctl -D "$PGI_DATA" -m fast -w -t 120 stop >/dev/null; }

# Stop then start (pg_ctl restart would reuse old -o options).
pgi_cluster_restart() { pgi_cluster_stop && pgi_cluster_start "$@"; }

pgi_psql() { psql -X -At -q -v ON_ERROR_STOP=1 "$@"; }

# pgi_log_mark / pgi_log_since MARK: the server log written after MARK.
pgi_log_mark() { if [ -f "$PGI_LOG" ]; then stat -c %s "$PGI_LOG"; else echo 0; fi; }
pgi_log_since() { tail -c +"$(($1 + 1))" "$PGI_LOG"; }

# TAP-like checks. pgi_is GOT WANT DESCRIPTION; pgi_ok DESCRIPTION CMD...
pgi_is() {
  if [ "$1" = "$2" ]; then echo "ok - $3 (got '$1')"
  else echo "not ok - $3 (got '$1', want '$2')"; PGI_FAILED=$((PGI_FAILED + 1)); fi
}
pgi_ok() {
  local desc=$1; shift
  if "$@"; then echo "ok - $desc"
  else echo "not ok - $desc"; PGI_FAILED=$((PGI_FAILED + 1)); fi
}
# pgi_done: exit status of the test.
pgi_done() { [ "$PGI_FAILED" -eq 0 ] || { echo "# $PGI_FAILED check(s) failed"; exit 1; }; }

pgi_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  exec >&"$PGI_STDOUT"
  if [ -n "${PGI_DIR:-}" ] && [ -d "$PGI_DIR" ]; then
    if [ -f "$PGI_DATA/postmaster.pid" ]; then
      pgi_as pg_ctl -D "$PGI_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ "$rc" -ne 0 ] && [ -s "${PGI_LOG:-}" ]; then
      echo "# exit status $rc; end of $PGI_LOG:"
      tail -n 15 "$PGI_LOG" | sed 's/^/#   /'
    fi
    if [ -n "${PGI_KEEP:-}" ]; then echo "# kept $PGI_DIR"; else rm -rf "$PGI_DIR"; fi
  fi
  exit "$rc"
}
trap pgi_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
