#!/usr/bin/env bash
# Installs the Debian 12 packages pg_insights needs to build, test, demo and
# benchmark. Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential g++ make cmake pkg-config binutils
  postgresql-15 postgresql-client-15 postgresql-server-dev-15 postgresql-contrib
  libfmt-dev   # libpg_query: built from Debian's source by scripts/build-libpg-query.sh
  python3      # test/matrix (the fingerprint corpus), test/security (stats file forgery)
  googletest libgtest-dev
  valgrind
  postgresql-15-pg-qualstats
  prometheus-postgres-exporter curl
  prometheus # test/integration/grafana_dashboard.sh: a real Prometheus evaluates the dashboard's queries
  chromium python3-websocket python3-pil # test/integration/report_html_browser.sh: the HTML report in a headless browser
  dpkg-dev   # apt-get source (scripts/fetch-pg-source.sh)
  bison flex # PostgreSQL 17/18 from source (scripts/build-pg.sh), in case a Debian patch touches a grammar
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
