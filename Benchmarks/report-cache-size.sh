#!/usr/bin/env bash
# How long `vernier report` takes and how large the page is for a cache study with a daily series of over a year:
# a 200,000-request synthetic drift trace (seed 1; it spans about 430 days) scored by `vernier cache advise` (nine
# policies; the scored second half spans over 200 days) and by `vernier cache simulate` of seven policies over the
# whole trace (over 400 days). Release build; each report written 5 times, the fastest and the median wall time
# shown (process start and store reading included), with the file's size.
#   Benchmarks/report-cache-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product vernier >/dev/null
vernier=$PWD/.build/release/vernier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store=$work/runs.sqlite
cd "$work"
"$vernier" cache generate --kind drift --requests 200000 --seed 1 --out trace.csv
"$vernier" cache advise trace.csv --capacity 10% --bandwidth 10Gbit/s --store "$store" --quiet >/dev/null
"$vernier" cache simulate trace.csv --policy lru,lfu,lfuda,fifo,size-big,size-small,belady --capacity 10% \
  --bandwidth 10Gbit/s --store "$store" >/dev/null
"$vernier" runs --store "$store"
printf '%-50s %-5s %10s %10s %12s\n' "run" "kind" "best ms" "median ms" "bytes"
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
    days=$("$vernier" report "$run" --store "$store" --json | python3 -c \
      'import json,sys; p=[q for q in json.load(sys.stdin)["plots"] if q["title"]=="Daily hit ratio"][0]; print(max(len(s["x"]) for s in p["series"]))')
    label=$([ "$run" = r1 ] && echo "cache advise, 9 policies, $days days" || echo "cache simulate, 7 policies, $days days")
    printf '%-50s %-5s %10s %10s %12s\n' "$label" "$format" "${sorted[0]}" "${sorted[2]}" "$(stat -c %s "$work/report.$format")"
  done
done
