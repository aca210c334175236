#!/usr/bin/env bash
# Runs every test: unit tests of the parsers and end-to-end builds of the example Content.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build --build-tests
swift test --skip-build
# The fuzz harnesses, built with the address sanitizer, replay every committed input (Fuzz/README.md).
Fuzz/fuzz.sh ci
