#!/usr/bin/env bash
# Installs what riskpress needs on a Debian machine: the Swift toolchain is assumed
# (swift 6 on PATH); cmark (Debian's libcmark-dev) and pkg-config come from apt.
# Safe to run again: it installs only what is missing.
set -euo pipefail
need=()
for package in libcmark-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 from swift.org first" >&2; exit 1; }
