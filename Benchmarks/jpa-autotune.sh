#!/usr/bin/env bash
# Issue 18's figures: the JPA operating point from cold, and the haloscope scan (BENCHMARKS.md, last section).
#
#   Benchmarks/jpa-autotune.sh [--seeds N] [--vernier PATH] [--cold "contour bo unseeded-bo paramap"]
#                              [--scan "search policy policy-placed policy-ended nelder-mead bo"] [--modbus] [--traps N] [--out DIR]
#
# 1. Cold start on seeds 1…N (default 100) of jpa/Tuning-v1, default options (gain noise, flux drift, traps on):
#    `vernier tune --optimizer contour --budget 40` and `--optimizer bo --budget 40` (seeded by the level set, the
#    default), `unseeded-bo` = `--optimizer bo` with `optimizer: {bayesian: {level_set_seed: false}}` (BO as it was), and the paramap baseline
#    (`vernier paramap --context 2.3` over the optimiser's box, 60 × 60 and 200 × 200, interpolated).
# 2. The scan over the whole default range (2.39 → 2.10 GHz) at 0.5 MHz, seed 1: `vernier scan` with
#    search, the shipped policy (policies/jpa-tuning-v1.json; `policy` from a predicted start, `policy-placed`
#    and `policy-ended` the other --policy-start choices), Nelder–Mead from the previous point, and bo.
# 3. With --modbus: the search scan and the policy scan (predicted start) over hardware/jpa-float64.yaml against `vernier device serve` (noise and
#    drift off, seed 1, the device starting at the safe start of 2.39 GHz as the simulation does) beside the same scan simulated: operating points compared step by step, every write's
#    largest move and range against the map's bounds and max_step.
# 4. With --traps N: the scan 2.10 → 2.11 GHz every 1 MHz, seeds 1…N, with the trap region widened to 0.106 Φ₀ about
#    Φ₀/2 (no hysteresis), so that the cold step's passive readings meet it: crashes, scans that met a trap, steps
#    within 0.5 dB (all, and from each scan's first trap on).
# Aggregation: Benchmarks/python/jpa_autotune.py (standard library). Figures are measurement counts, the same
# in debug and release builds. Raw results stay in the folder printed first.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=100
VERNIER=""
COLD="contour bo paramap"
SCAN="search policy nelder-mead bo"
OUT=""
MODBUS=0
TRAPS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) SEEDS=$2; shift 2 ;;
    --vernier) VERNIER=$2; shift 2 ;;
    --cold) COLD=$2; shift 2 ;;
    --scan) SCAN=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --modbus) MODBUS=1; shift ;;
    --traps) TRAPS=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
if [ -z "$VERNIER" ]; then
  swift build -c release --product vernier >&2
  VERNIER=.build/release/vernier
fi
[ -n "$OUT" ] || OUT=$(mktemp -d)
mkdir -p "$OUT"
echo "raw results in $OUT" >&2
export VERNIER_STORE="$OUT/runs.sqlite"
if [ -n "$COLD" ]; then
  for seed in $(seq 1 "$SEEDS"); do
    for method in $COLD; do
      case "$method" in
        contour|bo)
          "$VERNIER" tune jpa/Tuning-v1 --optimizer "$method" --budget 40 --seed "$seed" --json > "$OUT/$method-$seed.json" ;;
        unseeded-bo)
          echo "optimizer: {bayesian: {level_set_seed: false}}" > "$OUT/unseeded-bo.yaml"
          "$VERNIER" tune jpa/Tuning-v1 --optimizer bo --config "$OUT/unseeded-bo.yaml" --budget 40 --seed "$seed" --json \
            > "$OUT/$method-$seed.json" ;;
        paramap)
          for points in 60 200; do
            "$VERNIER" paramap jpa/Tuning-v1 --context 2.3 --bias-points $points --power-points $points --seed "$seed" \
              --out "$OUT/paramap-$seed-$points.csv" > /dev/null
          done ;;
        *) echo "unknown cold-start method $method" >&2; exit 64 ;;
      esac
    done
  done
  python3 Benchmarks/python/jpa_autotune.py cold "$OUT"
fi
FILES=()
for method in $SCAN; do
  # policy = the shipped policy from a predicted start (the default); policy-placed, policy-ended the other starts.
  extra=()
  case "$method" in
    policy) method=policy:policies/jpa-tuning-v1.json; extra=(--policy-start predicted) ;;
    policy-placed|policy-ended) extra=(--policy-start "${method#policy-}"); method=policy:policies/jpa-tuning-v1.json ;;
  esac
  file="$OUT/scan-$(echo "$method ${extra[*]:-}" | tr ':/. ' '____').json"
  "$VERNIER" scan jpa/Tuning-v1 --method "$method" "${extra[@]}" --seed 1 --json > "$file" || true
  FILES+=("$file")
done
if [ ${#FILES[@]} -gt 0 ]; then
  python3 Benchmarks/python/jpa_autotune.py scan "${FILES[@]}"
  python3 Benchmarks/python/jpa_autotune.py reached "$VERNIER_STORE"
fi
if [ "$MODBUS" = 1 ]; then
  QUIET='{gain_noise_db: 0, flux_drift_phi0: 0}'
  for method in search policy:policies/jpa-tuning-v1.json; do
    name=$(echo "$method" | tr ':/.' '___')
    rm -f "$OUT/ready"
    "$VERNIER" device serve jpa/Tuning-v1 --map hardware/jpa-float64.yaml --options "$QUIET" --seed 1 --context 2.39 --port 0 \
      --ready-file "$OUT/ready" --quiet &
    SERVER=$!
    for _ in $(seq 100); do [ -s "$OUT/ready" ] && break; sleep 0.1; done
    ENDPOINT=$(cat "$OUT/ready")
    "$VERNIER" scan jpa/Tuning-v1 --options "$QUIET" --seed 1 --method "$method" --backend modbus --map hardware/jpa-float64.yaml \
      --endpoint "$ENDPOINT" --json > "$OUT/scan-modbus-$name.json" || true
    kill "$SERVER"
    "$VERNIER" scan jpa/Tuning-v1 --options "$QUIET" --seed 1 --method "$method" --json > "$OUT/scan-quiet-simulated-$name.json" || true
    python3 Benchmarks/python/jpa_autotune.py compare "$OUT/scan-modbus-$name.json" "$OUT/scan-quiet-simulated-$name.json"
  done
fi
if [ "$TRAPS" -gt 0 ]; then
  WIDE='{jump_half_width_phi0: 0.106, jump_release_half_width_phi0: 0.106}'
  for seed in $(seq 1 "$TRAPS"); do
    status=0
    "$VERNIER" scan jpa/Tuning-v1 --options "$WIDE" --from 2.10 --to 2.11 --step 1 --seed "$seed" --json \
      > "$OUT/trap-$seed.json" 2> "$OUT/trap-$seed.err" || status=$?
    echo "$seed $status"
  done > "$OUT/trap-status.txt"
  python3 Benchmarks/python/jpa_autotune.py traps "$OUT"
fi
