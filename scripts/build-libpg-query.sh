#!/usr/bin/env bash
# scripts/build-libpg-query.sh: the libpg_query that pg_insights links into
# its module for every server version (one parser, so one fingerprint for a
# statement on 15, 17 and 18, and statements in syntax newer than the
# server's own still fingerprint). Debian's libpg-query source, built once
# (static, position-independent) into a cache outside the clone; prints that
# prefix, which holds include/pg_query.h and lib/libpg_query.a. A second run
# that finds the prefix built only prints it.
#
#   scripts/build-libpg-query.sh             # build if needed, print the prefix
#   scripts/build-libpg-query.sh --prefix    # print the prefix only (the Makefile)
#   scripts/build-libpg-query.sh --version   # print the version, 17-6.1.0
#
# The source: Debian's libpg-query_<version>.orig.tar.gz (upstream's release
# tarball, with PostgreSQL's parser already extracted into it: building needs
# no PostgreSQL source and no network beyond this download). Debian's own
# changes (its .debian.tar.xz) are not applied: the mirror no longer serves
# that file or the .dsc (404), only the tarball.
# The newest version the mirror serves is trixie's 17-6.1.0 (sid's 18.x files
# answer 404). The download is checked against the SHA256 that trixie's
# source index lists for it: the index is fetched with apt-get through a
# temporary sources list, so apt verifies its signature with the machine's
# Debian keyring; without network a tarball already in the cache is checked
# against the SHA256 pinned below (copied from that index).
#
# About 2 minutes of a 2-core machine (-O3, as upstream's Makefile builds).
#
# Environment: PG_SOURCE_CACHE (/var/cache/pg_insights, shared with
# scripts/build-pg.sh), PG_BUILD_JOBS (2), PGI_DEBIAN_MIRROR (the machine's
# Debian mirror, else http://deb.debian.org/debian).
# Exit status: 0 with the prefix on stdout; 1 with the reason on stderr.
set -euo pipefail

version=17-6.1.0
suite=trixie
sha256=a3dc0e4084a23da35128d4e9809ff27241c29a44fde74ba40a378b33d2cdefe2
tarball=libpg-query_$version.orig.tar.gz

cache=${PG_SOURCE_CACHE:-/var/cache/pg_insights}
prefix=$cache/libpg_query-$version
jobs=${PG_BUILD_JOBS:-2}
die() { echo "build-libpg-query: $*" >&2; exit 1; }

case "${1:-}" in
  --prefix) echo "$prefix"; exit 0 ;;
  --version) echo "$version"; exit 0 ;;
  "") ;;
  *) die "usage: scripts/build-libpg-query.sh [--prefix|--version]" ;;
esac

built() { [ -f "$prefix/.complete" ] && [ -f "$prefix/lib/libpg_query.a" ] && [ -f "$prefix/include/pg_query.h" ]; }
if built; then echo "$prefix"; exit 0; fi

mkdir -p "$cache" || die "cannot create $cache"
# Several checkouts may build at once: one builds, the others wait and reuse.
exec {lock}>"$cache/.build-libpg-query.lock" || die "cannot write $cache/.build-libpg-query.lock"
flock -w 1800 "$lock" || die "timed out waiting for $cache/.build-libpg-query.lock"
if built; then echo "$prefix"; exit 0; fi

work=$(mktemp -d "$cache/.libpg-query.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# The machine's Debian mirror (the first non-security deb line), so that a
# local mirror or proxy is used as apt uses it.
mirror=${PGI_DEBIAN_MIRROR:-$(
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }'
  } | grep -E '/debian/?$' | grep -v security | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

# expected_sha256: the SHA256 trixie's signed source index lists for the
# tarball, or the pinned one when the index cannot be had.
expected_sha256() {
  mkdir -p "$work/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$work/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
              -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
              -o "APT::Sandbox::User=root" -o "Acquire::Retries=2" -o "Acquire::http::Timeout=30")
  local listed=""
  if apt-get -q "${opts[@]}" update >"$work/update.log" 2>&1 && compgen -G "$work/lists/*_Sources*" >/dev/null; then
    listed=$(apt-cache "${opts[@]}" showsrc libpg-query 2>/dev/null |
      awk -v f="$tarball" '/^Checksums-Sha256:/ { in_sums = 1; next } /^[^ ]/ { in_sums = 0 }
                           in_sums && $3 == f { print $1; exit }')
    if [ -z "$listed" ]; then
      echo "build-libpg-query: WARNING: $suite's source index no longer lists $tarball; checking it against the pinned SHA256" >&2
    elif [ "$listed" != "$sha256" ]; then
      die "$suite's source index lists SHA256 $listed for $tarball, this script pins $sha256"
    fi
  else
    echo "build-libpg-query: WARNING: could not fetch $suite's source index from $mirror; checking $tarball against the pinned SHA256" >&2
  fi
  echo "$sha256"
}

want=$(expected_sha256)
if [ -f "$cache/$tarball" ] && [ "$(sha256sum <"$cache/$tarball" | cut -d' ' -f1)" = "$want" ]; then
  cp "$cache/$tarball" "$work/$tarball"
else
  url=$mirror/pool/main/libp/libpg-query/$tarball
  echo "build-libpg-query: downloading $url" >&2
  curl -fsS --retry 2 --max-time 600 -o "$work/$tarball" "$url" || die "could not download $url"
fi
got=$(sha256sum <"$work/$tarball" | cut -d' ' -f1)
[ "$got" = "$want" ] || die "$tarball has SHA256 $got, $suite's source index lists $want"
cp "$work/$tarball" "$cache/$tarball.tmp" && mv "$cache/$tarball.tmp" "$cache/$tarball"

log=$prefix.build.log
echo "build-libpg-query: building libpg_query $version into $prefix (log: $log)" >&2
# Run from a make (the module's build), libpg_query's make would inherit its
# jobserver and flags.
unset MAKELEVEL MAKEFLAGS MFLAGS
build() {
  tar -xzf "$work/$tarball" -C "$work" || return 1
  cd "$work/libpg_query-$version" || return 1
  # "build" is the static archive alone; its Makefile compiles with -fPIC.
  make -j"$jobs" build || return 1
  rm -rf "$prefix"
  mkdir -p "$prefix/include" "$prefix/lib" || return 1
  cp pg_query.h "$prefix/include/" && cp libpg_query.a "$prefix/lib/" && cp LICENSE "$prefix/"
}
(build) >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "the build failed (log: $log)"; }
echo "$version" >"$prefix/VERSION"
chmod -R a+rX "$prefix"
touch "$prefix/.complete"
echo "build-libpg-query: libpg_query $version built in $(( $(date +%s) - start )) s" >&2
echo "$prefix"
