#!/usr/bin/env bash
# Builds the bundled example Content/ into Output/ (open Output/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product riskpress
.build/release/riskpress build --content Content --output Output "$@"
