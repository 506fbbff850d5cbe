#!/usr/bin/env bash
# Installs the system packages xueshi needs to build and test, if any is missing (Debian/Ubuntu).
# Idempotent: run it as often as you like. Used by scripts/setup.sh and by CI (.ci/run).
set -euo pipefail

packages=(
  libsqlite3-dev   # SQLite, under GRDB
  zlib1g-dev       # inflate, for reading .xlsx (ZIPFoundation)
  libxlsxwriter-dev  # writing .xlsx reports
  libfreexl-dev    # FreeXL: reading Excel 97-2003 .xls exports
  pkg-config       # finds zlib for the build
  sqlite3          # the sqlite3 shell: the benchmarks' reference
  libcurl4-openssl-dev  # libcurl: HTTP(S) and SMTP, the only network code (XueshiTransport)
  openssl          # makes the test CA and certificates for the transport tests
  python3-aiosmtpd # the SMTP server the transport tests send mail to
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all present (${packages[*]})."
  exit 0
fi

echo "Installing missing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to run apt-get install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
