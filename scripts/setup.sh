#!/usr/bin/env bash
# Installs every Debian package that building, running and testing Kamerwacht needs.
# Idempotent: does nothing when everything is present. Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  build-essential pkgconf cmake ninja-build git
  libcurl4-openssl-dev libssl-dev libxml2-dev libxml2-utils libsqlite3-dev sqlite3
  libmicrohttpd-dev libstemmer-dev libzip-dev libjansson-dev libcmocka-dev libjpeg62-turbo-dev
  poppler-utils mupdf-tools catdoc antiword unrtf unzip
  wdutch
  python3 python3-aiosmtpd curl procps valgrind time bc zlib1g-dev
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
