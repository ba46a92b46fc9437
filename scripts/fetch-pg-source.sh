#!/usr/bin/env bash
# scripts/fetch-pg-source.sh: Debian's postgresql-15 source package, the
# version of the installed server, unpacked (Debian's patches applied) into a
# cache outside the source tree; prints the directory of the source tree.
#
#   src=$(scripts/fetch-pg-source.sh)      # e.g. /var/cache/pg_insights/postgresql-15-15.20-0+deb12u1
#
# A second run only prints the cached directory. When the mirror does not
# serve that exact version (a security upload whose source is gone, a proxy
# that lacks it), the nearest version of the same major release it does serve
# is used instead, with a warning on stderr, and remembered in
# <cache>/<package>-<version>.substitute (PG_SOURCE_EXACT=1 refuses that;
# PG_SOURCE_REFRESH=1 tries the exact version again). `apt-get source` runs with
# its own sources list (deb-src lines for the suites of the deb lines in
# /etc/apt/sources.list*) and its own, temporary list directory, so the
# machine's apt state is not touched; both are removed afterwards.
#
# Environment: PG_SOURCE_CACHE (/var/cache/pg_insights), PG_PACKAGE
# (postgresql-15), PG_SOURCE_VERSION (default: the installed package's
# version; for a package not installed here, the newest version the suites
# serve), PG_SOURCE_SUITES (other Debian suites to take the deb-src lines
# from instead of the machine's, e.g. "trixie trixie-updates"; the machine's
# Debian mirror and keyring are used), PG_SOURCE_OFFLINE=1 (only look in the
# cache).
# Exit status: 0 with the path on stdout; 1 when the source cannot be had
# (the reason on stderr).
set -euo pipefail

cache=${PG_SOURCE_CACHE:-/var/cache/pg_insights}
package=${PG_PACKAGE:-postgresql-15}
die() { echo "fetch-pg-source: $*" >&2; exit 1; }

version=${PG_SOURCE_VERSION:-$(dpkg-query -W -f='${source:Version}' "$package" 2>/dev/null || true)}
[ -n "$version" ] || [ -n "${PG_SOURCE_SUITES:-}" ] ||
  die "$package is not installed and neither PG_SOURCE_VERSION nor PG_SOURCE_SUITES is set"
srcpkg=$(dpkg-query -W -f='${source:Package}' "$package" 2>/dev/null || true)
srcpkg=${srcpkg:-$package}
# Without a version (another suite's package): any complete cached tree.
if [ -z "$version" ]; then
  for d in "$cache/$srcpkg"-*; do
    if [ -f "$d/.complete" ] && [ -f "$d/src/test/regress/parallel_schedule" ]; then echo "$d"; exit 0; fi
  done
fi
dest=$cache/$srcpkg-$version

complete() { [ -f "$1/.complete" ] && [ -f "$1/src/test/regress/parallel_schedule" ]; }
# cached DIR: print where the source is, if the cache has it.
cached() {
  if complete "$dest"; then echo "$dest"; return 0; fi
  [ -z "${PG_SOURCE_EXACT:-}" ] && [ -z "${PG_SOURCE_REFRESH:-}" ] && [ -f "$dest.substitute" ] || return 1
  local sub; sub=$(cat "$dest.substitute")
  complete "$sub" || return 1
  echo "fetch-pg-source: WARNING: $srcpkg $version could not be fetched; using $(basename "$sub") instead" >&2
  echo "$sub"
}
cached && exit 0
[ -z "${PG_SOURCE_OFFLINE:-}" ] || die "no $srcpkg $version in $cache (PG_SOURCE_OFFLINE is set)"

mkdir -p "$cache" 2>/dev/null || die "cannot create $cache"
# Several checkouts may ask at once: one fetches, the others wait and reuse.
exec {lock}>"$cache/.lock" || die "cannot write $cache/.lock"
flock -w 900 "$lock" || die "timed out waiting for $cache/.lock"
[ -n "${PG_SOURCE_REFRESH:-}" ] || ! cached || exit 0

command -v dpkg-source >/dev/null || {
  [ "$(id -u)" -eq 0 ] || die "dpkg-dev is missing (apt-get install dpkg-dev)"
  echo "fetch-pg-source: installing dpkg-dev" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q dpkg-dev >&2 || die "could not install dpkg-dev"
}

work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# deb-src lines for every Debian archive and suite the machine's deb lines
# use (one-line and deb822 formats); the machine's keyring verifies them.
{
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && awk '$1 == "deb" { $1 = "deb-src"; print }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
         { delete v
           for (i = 1; i <= NF; i++) {
             line = $i; sub(/#.*/, "", line)
             if (match(line, /^[A-Za-z-]+:/)) {
               key = substr(line, 1, RLENGTH - 1); val = substr(line, RLENGTH + 1)
               gsub(/^[ \t]+|[ \t]+$/, "", val); v[key] = val
             }
           }
           if (v["Types"] !~ /(^| )deb( |$)/ || v["URIs"] == "" || v["Enabled"] == "no") next
           opt = (v["Signed-By"] != "" && v["Signed-By"] !~ / /) ? "[signed-by=" v["Signed-By"] "] " : ""
           nu = split(v["URIs"], uris, " "); ns = split(v["Suites"], suites, " ")
           for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++)
             print "deb-src " opt uris[u] " " suites[s] " " v["Components"]
         }' "$f"
  done
} | { grep -E 'debian\.org|/debian(-security)?/? ' || true; } | sort -u >"$work/sources.list"
# Other suites: the machine's (non-security) Debian mirror lines, suite replaced.
if [ -n "${PG_SOURCE_SUITES:-}" ]; then
  awk -v suites="$PG_SOURCE_SUITES" '
    { i = ($2 ~ /^\[/) ? 4 : 3; if ($(i - 1) ~ /security/) next
      n = split(suites, s, " "); for (k = 1; k <= n; k++) { $i = s[k]; print } }' \
    "$work/sources.list" | sort -u >"$work/sources.other"
  mv "$work/sources.other" "$work/sources.list"
fi
[ -s "$work/sources.list" ] || die "no Debian deb lines in /etc/apt/sources.list* to derive deb-src lines from"

mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/src"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
          -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
          -o "APT::Sandbox::User=root" -o "Acquire::Retries=2" -o "Acquire::http::Timeout=30")
echo "fetch-pg-source: apt-get source $srcpkg${version:+=$version} from:" >&2
sed 's/^/  /' "$work/sources.list" >&2
# apt-get update succeeds even when nothing could be downloaded.
if ! apt-get -q "${apt_opts[@]}" update >"$work/update.log" 2>&1 ||
   ! compgen -G "$work/lists/*_Sources*" >/dev/null; then
  grep -E '^(E|W|Err):' "$work/update.log" | head -n 6 | sed 's/^/  /' >&2
  die "apt-get update could not download the source indexes (no network to Debian's mirrors?)"
fi

# No version asked for: the newest the suites serve.
if [ -z "$version" ]; then
  version=$(apt-cache "${apt_opts[@]}" showsrc "$srcpkg" 2>/dev/null |
    awk '/^Version: / { print $2 }' | sort -V | tail -n 1)
  [ -n "$version" ] || die "the suites $PG_SOURCE_SUITES have no source package $srcpkg"
  dest=$cache/$srcpkg-$version
fi

# fetch V: unpack source version V into the cache.
fetch() {
  local v=$1 dir=$work/src-$1 tree
  mkdir -p "$dir"
  (cd "$dir" && apt-get -q "${apt_opts[@]}" source "$srcpkg=$v") >"$work/source-$v.log" 2>&1 ||
    { grep -E '^(E|W|Err):|404' "$work/source-$v.log" | head -n 8 | sed 's/^/  /' >&2; return 1; }
  tree=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -n "$tree" ] && [ -f "$tree/src/test/regress/parallel_schedule" ] ||
    { echo "fetch-pg-source: apt-get source $srcpkg=$v did not unpack a PostgreSQL tree" >&2; return 1; }
  touch "$tree/.complete"
  rm -rf "$cache/$srcpkg-$v"
  mv "$tree" "$cache/$srcpkg-$v"
  chmod -R a+rX "$cache/$srcpkg-$v"
  echo "fetch-pg-source: unpacked into $cache/$srcpkg-$v" >&2
}

if fetch "$version"; then
  rm -f "$dest.substitute"
  echo "$dest"; exit 0
fi
echo "fetch-pg-source: apt-get source $srcpkg=$version failed" >&2
[ -z "${PG_SOURCE_EXACT:-}" ] || die "not trying other versions (PG_SOURCE_EXACT is set)"

# The nearest other version of the same major release: the newest older one
# first (same server behaviour, older expected files), then newer ones.
major=${version%%.*}
mapfile -t known < <(apt-cache "${apt_opts[@]}" showsrc "$srcpkg" 2>/dev/null |
  awk -v m="$major" '/^Version: / && index($2, m ".") == 1 { print $2 }' | sort -u)
older=() newer=()
for v in "${known[@]}"; do
  if [ "$v" = "$version" ]; then continue
  elif dpkg --compare-versions "$v" lt "$version"; then older+=("$v")
  else newer+=("$v"); fi
done
mapfile -t older < <(printf '%s\n' "${older[@]}" | sort -r -V | sed '/^$/d')
mapfile -t newer < <(printf '%s\n' "${newer[@]}" | sort -V | sed '/^$/d')
for v in "${older[@]}" "${newer[@]}"; do
  echo "fetch-pg-source: trying $srcpkg=$v instead" >&2
  if complete "$cache/$srcpkg-$v" || fetch "$v"; then
    echo "$cache/$srcpkg-$v" >"$dest.substitute"
    echo "fetch-pg-source: WARNING: $srcpkg $version could not be fetched; using $srcpkg-$v instead" >&2
    echo "$cache/$srcpkg-$v"; exit 0
  fi
done
die "no version of $srcpkg $major could be fetched (known: ${known[*]:-none})"
