#!/usr/bin/env bash
# scripts/build-pg.sh MAJOR: a PostgreSQL server of another major release
# (17: Debian 13 "trixie", 18: Debian "sid"), built from Debian's source
# package (scripts/fetch-pg-source.sh, Debian's patches applied) and installed
# into its own prefix, /var/cache/pg_insights/pg-MAJOR-<debian version>;
# prints that prefix's pg_config. A second run that finds the prefix built
# only prints the path.
#
#   pg_config=$(scripts/build-pg.sh 18)
#   make check PG_CONFIG=$pg_config
#
# What is built: the server and client programs (./configure without ICU,
# readline, zlib and docs: the tests need none of them), contrib's
# pg_stat_statements (benchmarks), spi (autoinc, refint) for the core
# regression suite, pg_trgm (trigram index advice), and pg_regress (installed with PGXS). About 6 minutes
# of a 2-core machine.
#
# Environment: PG_SOURCE_CACHE (/var/cache/pg_insights), PG_BUILD_JOBS (2).
# Exit status: 0 with the pg_config path on stdout; 1 with the reason on
# stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

major=${1:-}
cache=${PG_SOURCE_CACHE:-/var/cache/pg_insights}
jobs=${PG_BUILD_JOBS:-2}
die() { echo "build-pg: $*" >&2; exit 1; }
case "$major" in
  17) suites="trixie trixie-updates" ;;
  18) suites="sid" ;;
  *) die "usage: scripts/build-pg.sh 17|18" ;;
esac

built() {
  local d
  for d in "$cache/pg-$major"-*; do
    if [ -f "$d/.complete" ] && [ -x "$d/bin/pg_config" ]; then echo "$d/bin/pg_config"; return 0; fi
  done
  return 1
}
# A build cached before pg_trgm joined the contrib modules built here
# (the trigram index advice is tested with it) gets it from the same source.
has_pg_trgm() { [ -f "$("$1" --sharedir)/extension/pg_trgm.control" ]; }
add_pg_trgm() {
  local pg_config=$1 src
  has_pg_trgm "$pg_config" && return 0
  src=$(cat "$(dirname "$(dirname "$pg_config")")/.source") || return 1
  (unset MAKELEVEL MAKEFLAGS MFLAGS; make -C "$src/contrib/pg_trgm" -j"$jobs" install) >&2 || return 1
  chmod -R a+rX "$("$pg_config" --sharedir)" "$("$pg_config" --pkglibdir)"
}
if pg_config=$(built) && has_pg_trgm "$pg_config"; then echo "$pg_config"; exit 0; fi

mkdir -p "$cache" || die "cannot create $cache"
exec {lock}>"$cache/.build-$major.lock" || die "cannot write $cache/.build-$major.lock"
flock -w 3600 "$lock" || die "timed out waiting for $cache/.build-$major.lock"
if pg_config=$(built); then add_pg_trgm "$pg_config" || die "cannot add pg_trgm to $pg_config"; echo "$pg_config"; exit 0; fi

src=$(PG_PACKAGE=postgresql-$major PG_SOURCE_SUITES=$suites PG_SOURCE_CACHE=$cache \
      scripts/fetch-pg-source.sh) ||
  die "PostgreSQL $major cannot be built here: its Debian source package could not be fetched (see above; README.md, \"Versions\")"
version=${src##*/postgresql-$major-}
prefix=$cache/pg-$major-$version
log=$cache/pg-$major-$version.build.log
echo "build-pg: building $src into $prefix (log: $log)" >&2

# build: every step, stopping at the first that fails (set -e does not
# apply to a function called with ||).
build() {
  cd "$src" || return 1
  if [ -f GNUmakefile ]; then make distclean || return 1; fi   # a tree an earlier, failed run left built
  ./configure --prefix="$prefix" --without-icu --without-readline --without-zlib || return 1
  # Debian's 50-per-version-dirs.patch hard-codes the module directory as
  # /usr/lib/postgresql/MAJOR/lib: put it back under the prefix (before
  # anything is compiled, since the path is built into the binaries).
  sed -i "s|^override pkglibdir := /usr/lib/postgresql/$major/lib\$|override pkglibdir := \$(libdir)/postgresql|" src/Makefile.global
  if grep -n '/usr/lib/postgresql' src/Makefile.global; then echo "build-pg: Debian's directory patch changed"; return 1; fi
  make -j"$jobs" || return 1
  make -j"$jobs" -C contrib/pg_stat_statements || return 1
  make -j"$jobs" -C contrib/spi || return 1
  make -j"$jobs" -C contrib/pg_trgm || return 1
  make -j"$jobs" -C src/test/regress || return 1
  make install || return 1
  make -C contrib/pg_stat_statements install || return 1
  make -C contrib/spi install || return 1
  make -C contrib/pg_trgm install
}

start=$(date +%s)
rm -rf "$prefix"
# Run from a make (make check-all), PostgreSQL's make would see MAKELEVEL > 0,
# take itself for a sub-make and skip generating its headers.
unset MAKELEVEL MAKEFLAGS MFLAGS
build >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "the build failed (log: $log)"; }
case "$("$prefix/bin/pg_config" --pkglibdir)" in
  "$prefix"/*) ;;
  *) die "the build's module directory is outside $prefix: $("$prefix/bin/pg_config" --pkglibdir)" ;;
esac
echo "$src" >"$prefix/.source"   # scripts/installcheck-core.sh runs its regression suite
chmod -R a+rX "$prefix"
touch "$prefix/.complete"
echo "build-pg: PostgreSQL $version built in $(( $(date +%s) - start )) s" >&2
echo "$prefix/bin/pg_config"
