#!/usr/bin/env bash
# `vernier export --compat hls4ml` against hls4ml 1.3.0 itself, bit for bit, with the times side by side.
#
#   Benchmarks/hls4ml-compat.sh [POLICY...]     compare (default: the shipped AWAKE and JPA policies and random
#                                               10-32-32-10 tanh and ReLU nets); VERNIER=path/to/vernier
#   Benchmarks/hls4ml-compat.sh --fixture       rewrite Tests/VernierFPGATests/Fixtures/hls4ml/ (see its README)
#
# For each policy: `vernier export POLICY --compat hls4ml --vectors 10000 --verify --skip-synthesis --skip-icarus`
# (the network alone in hls4ml's arithmetic, Verilator on the RTL against the bit-exact reference), then
# python/hls4ml_compat.py builds the same MLP in PyTorch, converts it with hls4ml (Vivado backend, io_parallel,
# ap_fixed<16,6>), compile()s and predict()s the export's sim/inputs.hex (g++ only, no Vivado) and counts the
# vectors whose outputs differ from the export's sim/expected.hex.
#
# The venv lives at ${VERNIER_HLS4ML_VENV:-Benchmarks/.venv-hls4ml}: hls4ml==1.3.0 from PyPI and torch from the
# CPU wheel at ${TORCH_WHEEL:-/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl} (PyPI's torch
# pulls CUDA). Nothing here is needed to build or test Vernier.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${VERNIER_HLS4ML_VENV:-$here/.venv-hls4ml}"
wheel="${TORCH_WHEEL:-/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl}"
vernier="${VERNIER:-$root/.build/release/vernier}"
work="$(mktemp -d /tmp/vernier-hls4ml.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import hls4ml, torch" >/dev/null 2>&1; then
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet "$wheel"
    "$venv/bin/pip" install --quiet hls4ml==1.3.0
fi
python="$venv/bin/python"
compat="$here/python/hls4ml_compat.py"

if [[ "${1:-}" == "--fixture" ]]; then
    fixtures="$root/Tests/VernierFPGATests/Fixtures/hls4ml"
    mkdir -p "$fixtures"
    python3 "$here/fpga/synthetic-policy.py" 10,32,32,10 tanh 1 "$fixtures/tanh-10-32-32-10.json"
    python3 "$here/fpga/synthetic-policy.py" 10,32,32,4 relu 2 "$fixtures/relu-10-32-32-4.json"
    for net in tanh-10-32-32-10:1 relu-10-32-32-4:2; do
        name="${net%%:*}" seed="${net##*:}"
        "$python" "$compat" "$fixtures/$name.json" --work "$work/$name" --generated 10000 --seed "$seed" \
            --outputs "$fixtures/$name.hls4ml.i16" --json | sed -n '/^{/,$p'
    done
    exit 0
fi

if [[ ! -x "$vernier" ]]; then
    echo "no $vernier: run \`make build\` (release) or set VERNIER=path/to/vernier" >&2
    exit 64
fi
policies=("$@")
if [[ ${#policies[@]} -eq 0 ]]; then
    python3 "$here/fpga/synthetic-policy.py" 10,32,32,10 tanh 1 "$work/tanh-10-32-32-10.json"
    python3 "$here/fpga/synthetic-policy.py" 10,32,32,10 relu 2 "$work/relu-10-32-32-10.json"
    policies=("$root/policies/awake-steering-v1.json" "$root/policies/jpa-tuning-v1.json"
              "$work/tanh-10-32-32-10.json" "$work/relu-10-32-32-10.json")
fi
printf '%-26s %12s %11s %11s %11s %11s %14s %13s\n' policy mismatches "hls4ml conv" "compile" predict "total" \
    "vernier export" "+ Verilator"
for policy in "${policies[@]}"; do
    name="$(basename "$policy" .json)"
    export_dir="$work/export-$name"
    start=$(date +%s.%N)
    "$vernier" export "$policy" --compat hls4ml --vectors 10000 --out "$export_dir" --verify --skip-synthesis \
        --skip-icarus --json > "$work/$name.vernier.json"
    end=$(date +%s.%N)
    "$python" "$compat" "$policy" --work "$work/hls4ml-$name" --inputs-hex "$export_dir/sim/inputs.hex" \
        --expected-hex "$export_dir/sim/expected.hex" --json 2>/dev/null | sed -n '/^{/,$p' > "$work/$name.hls4ml.json" || true
    python3 - "$name" "$work/$name.hls4ml.json" "$work/$name.vernier.json" "$start" "$end" <<'PY'
import json, sys
name, hls_path, vernier_path, start, end = sys.argv[1:]
h = json.load(open(hls_path))
v = json.load(open(vernier_path))
verilator = next(s for s in v["simulations"] if s["simulator"].startswith("verilator"))
total = h["convert_seconds"] + h["compile_seconds"] + h["predict_seconds"]
print(f"{name:26s} {h['mismatches']:5d}/{h['vectors']:<6d} {h['convert_seconds']:9.2f} s {h['compile_seconds']:9.2f} s "
      f"{h['predict_seconds']:9.2f} s {total:9.2f} s {float(end) - float(start):12.1f} s "
      f"{verilator['seconds']:9.1f} s ({verilator['mismatches']} RTL mismatches)")
PY
done
