#!/usr/bin/env bash
# Full-text search benchmark: index size, bytes and files loaded per query and query time in headless
# Chromium (Selenium, Debian's chromium-driver) for the example Content/ and for generated registers
# of 20,000 and 40,000 risk points (Benchmarks/search/generate.py, real text from Content/).
# Writes Benchmarks/results/search.md. Extra arguments go to measure.py (e.g. --repeat 5, --seed 7).
#   Benchmarks/search.sh
#   SEARCH_BENCH_RISKS=5000 Benchmarks/search.sh --repeat 1      # a quick look
#   SEARCH_BENCH_BASELINE=89d1c6c Benchmarks/search.sh           # the example also measured at that
#                                                                # commit (its own measure.py), query by query
set -euo pipefail
cd "$(dirname "$0")/.."
command_line="Benchmarks/search.sh${*:+ $*}"
[ -n "${SEARCH_BENCH_RISKS:-}" ] && command_line="SEARCH_BENCH_RISKS='$SEARCH_BENCH_RISKS' $command_line"
[ -n "${SEARCH_BENCH_BASELINE:-}" ] && command_line="SEARCH_BENCH_BASELINE=$SEARCH_BENCH_BASELINE $command_line"
sizes="${SEARCH_BENCH_RISKS:-20000 40000}"
baseline="${SEARCH_BENCH_BASELINE:-}"
scratch="${SEARCH_BENCH_SCRATCH:-/tmp/search-bench-build}"

# What it needs: Chromium and its driver from apt, Selenium from PyPI; only what is missing.
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
need=()
for package in chromium chromium-driver; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
fi
if ! python3 -c "import selenium" 2>/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || {
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-pip
  }
  # Debian's own Python refuses installs into the system (PEP 668) unless told.
  python3 -m pip install -q selenium 2>/dev/null || python3 -m pip install -q --break-system-packages selenium
fi
[ -x /usr/bin/chromedriver ] || { echo "/usr/bin/chromedriver is missing (chromium-driver)" >&2; exit 1; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== building riskpress (release, $scratch)"
swift build -c release --scratch-path "$scratch" --product riskpress >/dev/null
riskpress="$scratch/release/riskpress"

work=$(mktemp -d /tmp/search-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

seconds() { local s=$(date +%s.%N); "$@"; awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }' > "$work/seconds"; }

echo "== example Content/"
seconds "$riskpress" build --content Content --output "$work/example" --no-pdf >/dev/null
example_build=$(cat "$work/seconds")
echo "== measuring: example"
python3 Benchmarks/search/measure.py --site "$work/example" --label example --json "$work/example.json" "$@"
sites=(--site "example Content/=$work/example.json")
notes="Builds (\`riskpress build --no-pdf\`, whole site): example ${example_build} s"
baseline_args=()
if [ -n "$baseline" ]; then
  echo "== the example at $baseline (its own riskpress and measure.py)"
  # Kept between runs (its sources in one place, so its build is reused).
  source_dir="$scratch-baseline-src-$baseline"
  if [ ! -d "$source_dir" ]; then
    mkdir -p "$source_dir"
    git archive "$baseline" | tar -x -C "$source_dir"
  fi
  swift build -c release --package-path "$source_dir" --scratch-path "$scratch-baseline" --product riskpress >/dev/null
  # Its own templates: riskpress lays ./Templates over its theme, and ours would not fit its index.
  "$scratch-baseline/release/riskpress" build --content Content --templates "$source_dir/Templates" \
    --output "$work/example-baseline" --no-pdf >/dev/null
  python3 "$source_dir/Benchmarks/search/measure.py" --site "$work/example-baseline" --label "example at $baseline" \
    --json "$work/example-baseline.json" "$@"
  baseline_args=(--baseline "example Content/=$work/example-baseline.json=$baseline")
fi

for risks in $sizes; do
  echo "== generated Content: $risks risk points"
  python3 Benchmarks/search/generate.py --out "$work/gen-$risks" --risks "$risks"
  "$riskpress" check --content "$work/gen-$risks" 2>&1 | tee "$work/check.log"
  if grep -qi "error" "$work/check.log"; then
    echo "riskpress check reports errors in the generated Content" >&2
    exit 1
  fi
  seconds "$riskpress" build --content "$work/gen-$risks" --output "$work/generated-$risks" --no-pdf >/dev/null
  notes="$notes, $risks risk points $(cat "$work/seconds") s"
  echo "== measuring: $risks risk points"
  python3 Benchmarks/search/measure.py --site "$work/generated-$risks" --label "generated-$risks" \
    --json "$work/generated-$risks.json" --http 20 "$@"
  sites+=(--site "generated ($(python3 -c "print(f'{$risks:,}')") risk points)=$work/generated-$risks.json")
done

result=Benchmarks/results/search.md
python3 Benchmarks/search/report.py --out "$result" --command "$command_line" "${sites[@]}" "${baseline_args[@]}" \
  --note "Generated Content: \`Benchmarks/search/generate.py --risks N\` (default seed): real risk texts and measures of Content/registers recombined, 100 units, 40 register files; \`riskpress check\` clean. $notes. Load average at the start: ${load_start} (other work on the machine makes the times noisy)."
keep=/tmp/search-bench-results
mkdir -p "$keep" && cp "$work"/*.json "$keep/" && echo "(every query's numbers: $keep/)"
cat "$result"
