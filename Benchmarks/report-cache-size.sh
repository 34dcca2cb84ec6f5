#!/usr/bin/env bash
# How long `vernier report` takes and how large the page is for cache studies with daily series of a year and more.
# The generator spreads any trace over about 215 days, so its clock is stretched with awk: a 200,000-request drift
# trace (seed 1) at 4× its times spans about 860 days; `vernier cache advise` scores nine policies on its second
# half (r1, over 400 days), `vernier cache simulate` seven policies on all of it (r2); and the same trace at 17×
# (about 10 years, 3,650+ days, past the 1,200 points a drawn line keeps) through three policies (r3). Release
# build; each report written 5 times, the fastest and the median wall time shown (process start and store reading
# included), with the file's size and the longest daily series.
#   Benchmarks/report-cache-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product vernier >/dev/null
vernier=$PWD/.build/release/vernier
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
store=$work/runs.sqlite
cd "$work"
"$vernier" cache generate --kind drift --requests 200000 --seed 1 --out generated.csv
stretch() { awk -F, -v OFS=, -v k="$1" 'NR == 1 { print; next } { $1 = sprintf("%.3f", $1 * k); print }' generated.csv; }
stretch 4 > trace.csv
stretch 17 > decade.csv
"$vernier" cache advise trace.csv --capacity 10% --bandwidth 10Gbit/s --store "$store" --quiet >/dev/null
"$vernier" cache simulate trace.csv --policy lru,lfu,lfuda,fifo,size-big,size-small,belady --capacity 10% \
  --bandwidth 10Gbit/s --store "$store" >/dev/null
"$vernier" cache simulate decade.csv --policy lru,lfu,belady --capacity 10% --bandwidth 10Gbit/s --store "$store" >/dev/null
"$vernier" runs --store "$store"
printf '%-50s %-5s %10s %10s %12s\n' "run" "kind" "best ms" "median ms" "bytes"
for run in r1 r2 r3; do
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
    case $run in
      r1) label="cache advise, 9 policies, $days days" ;;
      r2) label="cache simulate, 7 policies, $days days" ;;
      *) label="cache simulate, 3 policies, $days days" ;;
    esac
    printf '%-50s %-5s %10s %10s %12s\n' "$label" "$format" "${sorted[0]}" "${sorted[2]}" "$(stat -c %s "$work/report.$format")"
  done
done
