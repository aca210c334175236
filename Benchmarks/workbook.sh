#!/usr/bin/env bash
# Reading a register from an .xlsx against the same rows as CSV, at 20,000 and 100,000 rows.
# Writes Benchmarks/results/workbook.md. Extra arguments go to bench.py (--sizes, --runs).
#   Benchmarks/workbook.sh
#   Benchmarks/workbook.sh --sizes 20000 --runs 1     # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="Benchmarks/workbook.sh${*:+ $*}"
scratch="${WORKBOOK_BENCH_SCRATCH:-/tmp/bench-build}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
scripts/setup.sh >/dev/null
echo "== building riskpress (release, $scratch)"
swift build -c release --scratch-path "$scratch" --product riskpress >/dev/null
python3 Benchmarks/workbook/bench.py --riskpress "$scratch/release/riskpress" --command "$command_line" "$@"
