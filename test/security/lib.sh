# shellcheck shell=bash
# test/security/lib.sh: the attack tests' common parts, on top of test/lib.sh.
#
# An attack's payload writes a mark file with COPY ... TO, which only a
# superuser (or pg_write_server_files) may do: a mark means the payload ran
# with privileges its author does not have. A file stays written whatever
# the transaction does afterwards, so an error or a rollback later in the
# same call cannot hide a successful attack.
#
#   sec_cluster [postgresql.conf line...]   a cluster with the extension and
#                                           the roles alice (attacker), bob
#                                           (another user), monitor (pg_read_all_stats)
#   sec_mark_sql NAME       SQL that leaves mark NAME
#   sec_control NAME        runs sec_mark_sql NAME as superuser: proves marks work
#   sec_no_mark NAME DESC   check: the attack left no mark
#   sec_psql ROLE ARGS...   psql as ROLE (SET ROLE semantics through the login)
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

sec_cluster() {
  pgi_cluster_init "$(pgi_mktemp)" "$@"
  SEC_MARKS=$PGI_DIR/marks
  mkdir -p "$SEC_MARKS"
  pgi_own "$SEC_MARKS"
  pgi_cluster_start
  pgi_psql -c "CREATE EXTENSION pg_insights" \
           -c "CREATE ROLE alice LOGIN" -c "CREATE ROLE bob LOGIN" \
           -c "CREATE ROLE monitor LOGIN IN ROLE pg_read_all_stats" \
           -c "CREATE SCHEMA alice AUTHORIZATION alice" \
           -c "GRANT CREATE ON SCHEMA public TO PUBLIC" >/dev/null
}

sec_mark_sql() { printf "COPY (SELECT 'attack ran') TO '%s/%s'" "$SEC_MARKS" "$1"; }

sec_control() {
  pgi_psql -c "$(sec_mark_sql "$1")" >/dev/null
  pgi_ok "control: a superuser's payload leaves mark $1" test -e "$SEC_MARKS/$1"
  rm -f "$SEC_MARKS/$1"
}

sec_no_mark() { pgi_ok "$2" test ! -e "$SEC_MARKS/$1"; }

sec_psql() { local role=$1; shift; psql -X -At -q -U "$role" "$@"; }
