#!/usr/bin/env bash
# How long `vernier report` takes and how large the page is, for a 1,000-evaluation tuning run (AWAKE, random
# search: 10 parameters, the BPM picture) and a 1-million-step training run (Pendulum, RL Zoo preset, PPO's
# statistics every update). Release build; each report written 5 times, the fastest and the median wall time
# shown, with the file's size.
#   Benchmarks/report-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product vernier >/dev/null
vernier=$PWD/.build/release/vernier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store=$work/runs.sqlite
cd "$work"
"$vernier" tune awake/Steering-v1 --optimizer random --budget 1000 --seed 1 --store "$store" --json >/dev/null
"$vernier" train classic/Pendulum-v1 --config "$OLDPWD/config/ppo/pendulum.yaml" --steps 1000000 --seed 1 \
  --out "$work/pendulum.json" --store "$store" >/dev/null 2>&1
"$vernier" runs --store "$store"
printf '%-44s %-5s %10s %10s %12s\n' "run" "kind" "best ms" "median ms" "bytes"
for run in r1 r2; do
  for format in html md json; do
    times=()
    for _ in 1 2 3 4 5; do
      start=$(date +%s%N)
      "$vernier" report "$run" --store "$store" --format "$format" --out "$work/report.$format" >/dev/null
      end=$(date +%s%N)
      times+=($(( (end - start) / 1000000 )))
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    label=$([ "$run" = r1 ] && echo "tune, 1,000 evaluations (awake, random)" || echo "train, 1,000,000 steps (pendulum, PPO)")
    printf '%-44s %-5s %10s %10s %12s\n' "$label" "$format" "${sorted[0]}" "${sorted[2]}" "$(stat -c %s "$work/report.$format")"
  done
done
