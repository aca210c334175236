#!/usr/bin/env bash
# The floor under search's time from file://: how long headless Chromium takes to load K classic
# script files after an input event (Benchmarks/results/search-floor.md). Needs chromium,
# chromedriver and selenium (Benchmarks/search.sh installs them). Usage: search-floor.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/search-floor/make.py" "$work"
python3 "$here/search-floor/run.py" "$work" "${1:-25}" "$work/floor.json"
