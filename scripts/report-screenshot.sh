#!/usr/bin/env bash
# Makes docs/report-tuning.png, the README's picture of a report: tunes the simulated AWAKE line (Bayesian
# optimisation, 30 evaluations, seed 1 — what `make run` does) into a scratch run store, writes its report and
# has headless Chromium (Debian's `chromium`) take a 1000 × 1400 screenshot of the page's top.
#   scripts/report-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product vernier >/dev/null
vernier=$PWD/.build/release/vernier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$vernier" tune awake/Steering-v1 --optimizer bo --budget 30 --seed 1 --store "$work/runs.sqlite" --json >/dev/null
"$vernier" report latest --store "$work/runs.sqlite" --out "$work/report.html"
mkdir -p docs
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1000,1400 --screenshot="$PWD/docs/report-tuning.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/report-tuning.png"
