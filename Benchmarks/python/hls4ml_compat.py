#!/usr/bin/env python3
"""Runs a Vernier policy's MLP through hls4ml 1.3 (Vivado backend, io_parallel, compile() + predict(): g++ only)
and writes hls4ml's output codes, to compare bit for bit with `vernier export --compat hls4ml`.

    hls4ml_compat.py POLICY --work DIR (--inputs-hex FILE | --generated N) [--expected-hex FILE]
                     [--precision W,I] [--seed S] [--outputs FILE] [--json]

The MLP is built in PyTorch from the policy file (nn.Linear per layer, float32 weights, nn.Tanh / nn.ReLU after
hidden layers as the file says, nothing after a linear layer). hls4ml sees only the network: no observation
normalisation, no action scaling or clip; the inputs are the network's inputs as codes of ap_fixed<W,I>.
The configuration is hls4ml's default: config_from_pytorch_model(granularity='model',
default_precision='ap_fixed<W,I>'), Latency strategy, reuse factor 1, tanh tables of 1024 entries in
ap_fixed<18,8>.

Inputs: --inputs-hex reads `vernier export`'s sim/inputs.hex (one vector per line, W-bit codes, element 0 in the
low bits); --generated N makes N vectors with splitmix64 from --seed: each code is the top 16 bits of the next
splitmix64 output as a signed integer, arithmetic-shifted right by 3 in odd-numbered vectors (0-based), so even
vectors span the whole ap_fixed<16,I> range (clamped table indices, wrapped sums) and odd ones 1/8 of it.
(Tests/VernierFPGATests/Hls4mlFixtureInputs.swift generates the same codes.)

--outputs writes hls4ml's output codes as little-endian int16, vector after vector (W <= 16); --expected-hex
compares them with `vernier export`'s sim/expected.hex and reports the mismatches.
"""
import argparse
import json
import os
import struct
import sys
import time

import numpy as np

MASK64 = (1 << 64) - 1


def splitmix64(state):
    """One splitmix64 step: (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def generated_inputs(count, width, seed):
    state = seed & MASK64
    rows = []
    for vector in range(count):
        row = []
        for _ in range(width):
            state, z = splitmix64(state)
            code = z >> 48
            if code >= 1 << 15:
                code -= 1 << 16
            if vector % 2 == 1:
                code >>= 3
            row.append(code)
        rows.append(row)
    return np.array(rows, dtype=np.int64)


def read_hex(path, count, width):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            value = int(line, 16)
            row = []
            for index in range(count):
                code = (value >> (index * width)) & ((1 << width) - 1)
                if code >= 1 << (width - 1):
                    code -= 1 << width
                row.append(code)
            rows.append(row)
    return np.array(rows, dtype=np.int64)


def build_torch_model(policy):
    import torch
    from torch import nn

    modules = []
    for layer in policy["layers"]:
        linear = nn.Linear(layer["inputs"], layer["outputs"])
        weights = np.array(layer["weights"], dtype=np.float64).reshape(layer["outputs"], layer["inputs"])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weights.astype(np.float32)))
            linear.bias.copy_(torch.from_numpy(np.array(layer["bias"], dtype=np.float32)))
        modules.append(linear)
        if layer["activation"] == "tanh":
            modules.append(nn.Tanh())
        elif layer["activation"] == "relu":
            modules.append(nn.ReLU())
        elif layer["activation"] != "linear":
            raise SystemExit(f"unsupported activation {layer['activation']!r}")
    return nn.Sequential(*modules).eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("policy")
    parser.add_argument("--work", required=True, help="hls4ml's project directory (created)")
    parser.add_argument("--inputs-hex")
    parser.add_argument("--generated", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--expected-hex")
    parser.add_argument("--precision", default="16,6")
    parser.add_argument("--outputs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    width, integer = (int(x) for x in args.precision.split(","))
    fraction = width - integer
    with open(args.policy) as f:
        policy = json.load(f)
    n_in = policy["layers"][0]["inputs"]
    n_out = policy["layers"][-1]["outputs"]
    if args.inputs_hex:
        codes = read_hex(args.inputs_hex, n_in, width)
    elif args.generated:
        codes = generated_inputs(args.generated, n_in, args.seed)
    else:
        raise SystemExit("give --inputs-hex FILE or --generated N")

    import hls4ml
    import torch

    started = time.perf_counter()
    model = build_torch_model(policy)
    config = hls4ml.utils.config_from_pytorch_model(
        model, input_shape=(n_in,), granularity="model", backend="Vivado",
        default_precision=f"ap_fixed<{width},{integer}>")
    hls_model = hls4ml.converters.convert_from_pytorch_model(
        model, hls_config=config, output_dir=args.work, backend="Vivado", io_type="io_parallel")
    converted = time.perf_counter()
    hls_model.compile()
    compiled = time.perf_counter()
    x = np.ascontiguousarray(codes.astype(np.float64) / float(1 << fraction))
    y = np.asarray(hls_model.predict(x), dtype=np.float64).reshape(len(codes), n_out)
    predicted = time.perf_counter()
    scaled = y * float(1 << fraction)
    outputs = np.rint(scaled).astype(np.int64)
    if not np.array_equal(outputs.astype(np.float64), scaled):
        raise SystemExit("hls4ml's outputs are not codes of the output type: precision mismatch?")

    if args.outputs:
        if width > 16:
            raise SystemExit("--outputs writes int16 codes: W must be at most 16")
        with open(args.outputs, "wb") as f:
            f.write(struct.pack(f"<{outputs.size}h", *outputs.reshape(-1).tolist()))
    result = {
        "hls4ml": hls4ml.__version__, "torch": torch.__version__, "vectors": int(len(codes)),
        "inputs": n_in, "outputs": n_out, "precision": f"ap_fixed<{width},{integer}>",
        "convert_seconds": converted - started, "compile_seconds": compiled - converted,
        "predict_seconds": predicted - compiled,
    }
    if args.expected_hex:
        expected = read_hex(args.expected_hex, n_out, width)
        if expected.shape != outputs.shape:
            raise SystemExit(f"expected {expected.shape} codes, hls4ml gave {outputs.shape}")
        differing = np.nonzero(np.any(expected != outputs, axis=1))[0]
        result["mismatches"] = int(len(differing))
        if len(differing):
            first = int(differing[0])
            result["first_mismatch"] = {"vector": first, "inputs": codes[first].tolist(),
                                        "vernier": expected[first].tolist(), "hls4ml": outputs[first].tolist()}
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"hls4ml {result['hls4ml']}: {result['vectors']} vectors, {result['precision']}; convert "
              f"{result['convert_seconds']:.2f} s, compile {result['compile_seconds']:.2f} s, predict "
              f"{result['predict_seconds']:.2f} s")
        if "mismatches" in result:
            print(f"mismatches against Vernier's reference: {result['mismatches']} / {result['vectors']}")
            if "first_mismatch" in result:
                print(f"first: {result['first_mismatch']}")
    if result.get("mismatches"):
        sys.exit(1)


if __name__ == "__main__":
    main()
