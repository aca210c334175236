#!/usr/bin/env bash
# riskpress against Hugo at province scale: the same pages from Benchmarks/province/generate.py
# (real text from Content/), built by both in one run at 5,000, 20,000 and 40,000 risk points.
# Prints and writes Benchmarks/results/province.md: wall time (min / median), peak memory, pages,
# the ratios, the cost of copying the Output (the floor), determinism, and the rebuild after a
# one-file edit. Extra arguments go to bench.py (e.g. --runs 5, --sizes 20000).
#   Benchmarks/province.sh
#   Benchmarks/province.sh --sizes 5000 --runs 1       # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="Benchmarks/province.sh${*:+ $*}"
scratch="${PROVINCE_BENCH_SCRATCH:-/tmp/bench-build}"

# What it needs from apt: Hugo and GNU time; only what is missing.
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need=()
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
scripts/setup.sh >/dev/null

echo "== building riskpress (release, $scratch)"
swift build -c release --scratch-path "$scratch" --product riskpress >/dev/null
python3 Benchmarks/province/bench.py --riskpress "$scratch/release/riskpress" --command "$command_line" "$@"
