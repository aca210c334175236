#!/usr/bin/env bash
# Fuzzes riskpress's Content readers with libFuzzer (see Fuzz/README.md).
#
#   Fuzz/fuzz.sh build                   build Fuzz/.build/release/riskpress-fuzz (ASan + coverage)
#   Fuzz/fuzz.sh seed DIR                write seed corpora from the example Content and the test fixtures
#   Fuzz/fuzz.sh run HARNESS SECONDS DIR fuzz HARNESS until it has used SECONDS of CPU, corpus in DIR/HARNESS,
#                                        crashers in DIR/crashes; prints one results line
#   Fuzz/fuzz.sh ci [SECONDS]            build, replay the committed corpus and regressions, and (SECONDS > 0)
#                                        fuzz each harness that long from them; fails on any crash
set -euo pipefail
cd "$(dirname "$0")/.."
HARNESSES=(site yaml-register csv-register flow document disclosure workbook edition)
FUZZER=Fuzz/.build/release/riskpress-fuzz
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1"
# libFuzzer reports a crash itself; the Swift runtime's backtracer would get in its way.
export SWIFT_BACKTRACE=enable=no
# Each input is one Content file: 1 s is the hang limit the project holds its readers to (FUZZ_TIMEOUT
# raises it for runs that share a busy machine: the limit is wall time).
FLAGS=(-timeout="${FUZZ_TIMEOUT:-1}" -rss_limit_mb=3072 -max_len=65536 -dict=Fuzz/riskpress.dict -print_final_stats=1)

build() {
  local runtime
  runtime="$(dirname "$(dirname "$(command -v swiftc)")")/lib/clang"
  runtime=$(ls -d "$runtime"/*/lib/linux | head -1)
  # A failed build must not leave the last binary to be run as if it were this one.
  local status=0
  (cd Fuzz && swift build -c release \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,pc-table,inline-8bit-counters \
    -Xlinker "$runtime/libclang_rt.fuzzer_no_main-x86_64.a" -Xlinker -lstdc++ > Fuzz-build.log 2>&1) || status=$?
  grep -v "Cannot export" Fuzz/Fuzz-build.log || true
  rm -f Fuzz/Fuzz-build.log
  [ "$status" -eq 0 ] && test -x "$FUZZER" || { echo "fuzz: build failed" >&2; exit 1; }
}

seed() {
  local out=$1
  for h in "${HARNESSES[@]}"; do mkdir -p "$out/$h"; done
  cp Content/site.yaml "$out/site/example.yaml"
  find Content/registers -name '*.yaml' ! -name '*.csv.yaml' ! -name '*.xlsx.yaml' -exec cp {} "$out/yaml-register/" \;
  find Content/flows -name '*.yaml' -exec cp {} "$out/flow/" \;
  find Content/disclosures -name '*.yaml' -exec cp {} "$out/disclosure/" \;
  local i=0
  while IFS= read -r -d '' f; do i=$((i + 1)); cp "$f" "$out/document/doc$i.md"; done < <(find Content/documents -name '*.md' -print0)
  # A document with a ```flow block and a ```risks block, made from the example's own files.
  { printf -- '---\n标题: 用印办法\n单位: gs-bgs\n---\n\n第一条 用印按下列流程办理：\n\n```flow\n'
    sed '/^#/d' Content/flows/gs/gs-lc06.yaml; printf '```\n\n第二条 风险点如下：\n\n```risks\n'
    sed '/^#/d' Content/registers/czj/t01.yaml | sed '1,/风险清单/d' | sed 's/^/  /' | sed '1i 风险清单:'; printf '```\n'
  } > "$out/document/blocks.md"
  # The CSV register in every encoding the reader takes.
  while IFS= read -r -d '' f; do
    local name; name=$(basename "$f" .csv)
    sed '1s/^\xEF\xBB\xBF//' "$f" > "$out/csv-register/$name-utf8.csv"
    cp "$f" "$out/csv-register/$name-bom.csv"
    iconv -f UTF-8 -t GB18030 "$out/csv-register/$name-utf8.csv" > "$out/csv-register/$name-gb18030.csv"
    { printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$out/csv-register/$name-utf8.csv"; } > "$out/csv-register/$name-utf16.csv"
  done < <(find Content/registers Tests/Fixtures -name '*.csv' -print0)
  find Tests/Fixtures/Office -name '*.xlsx' ! -name 'bomb.xlsx' -exec cp {} "$out/workbook/" \;
  # An archived edition: its register.json alone, and edition.yaml above a "%%" line above it.
  while IFS= read -r -d '' f; do
    cp "$f/register.json" "$out/edition/register.json"
    { cat "$f/edition.yaml"; printf '%%%%\n'; cat "$f/register.json"; } > "$out/edition/with-edition.txt"
  done < <(find Tests/Fixtures/Editions/Archive -mindepth 1 -maxdepth 1 -type d -print0)
}

# CPU seconds used so far by process $1 (user + system, from /proc).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) / hz) }' "/proc/$1/stat" 2>/dev/null || echo 0
}

run() {
  local harness=$1 budget=$2 dir=$3
  mkdir -p "$dir/$harness" "$dir/crashes" "$dir/logs"
  local log="$dir/logs/$harness.log"
  local seeds=()
  [ -d "Fuzz/corpus/$harness" ] && seeds+=("Fuzz/corpus/$harness")
  "$FUZZER" "$harness" "${FLAGS[@]}" -artifact_prefix="$dir/crashes/$harness-" "$dir/$harness" "${seeds[@]}" > "$log" 2>&1 &
  local pid=$! used=0
  while kill -0 "$pid" 2>/dev/null; do
    used=$(cpu_seconds "$pid")
    if [ "$used" -ge "$budget" ]; then kill -INT "$pid"; break; fi
    sleep 5
  done
  wait "$pid" || true
  local runs crashes
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(find "$dir/crashes" -name "$harness-*" | wc -l)
  echo "$harness cpu_seconds=$used executions=$runs crashes=$crashes corpus=$(ls "$dir/$harness" | wc -l)"
}

ci() {
  local seconds=${1:-0}
  build
  local failed=0 work
  work=$(mktemp -d)
  for h in "${HARNESSES[@]}"; do
    local inputs=()
    [ -d "Fuzz/corpus/$h" ] && inputs+=("Fuzz/corpus/$h")
    [ -d "Fuzz/regressions/$h" ] && inputs+=("Fuzz/regressions/$h")
    if [ ${#inputs[@]} -gt 0 ]; then
      # Every committed input once: a crasher found before must stay fixed.
      if ! "$FUZZER" "$h" "${FLAGS[@]}" -runs=0 "${inputs[@]}" > "$work/$h-replay.log" 2>&1; then
        echo "fuzz: $h: a committed input fails" >&2; tail -30 "$work/$h-replay.log" >&2; failed=1; continue
      fi
    fi
    if [ "$seconds" -le 0 ]; then echo "fuzz: $h: committed inputs replayed, no crash"; continue; fi
    mkdir -p "$work/$h"
    if ! "$FUZZER" "$h" "${FLAGS[@]}" -max_total_time="$seconds" -artifact_prefix="$work/$h-" "$work/$h" "${inputs[@]}" > "$work/$h.log" 2>&1; then
      echo "fuzz: $h: crash" >&2; tail -40 "$work/$h.log" >&2; failed=1
    else
      echo "fuzz: $h: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$h.log" | grep -o '[0-9]*$') inputs, no crash"
    fi
  done
  rm -rf "$work"
  return $failed
}

case "${1:-}" in
  build) build ;;
  seed) seed "${2:?seed DIR}" ;;
  run) run "${2:?harness}" "${3:?cpu seconds}" "${4:?dir}" ;;
  ci) ci "${2:-0}" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
