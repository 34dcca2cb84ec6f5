#!/usr/bin/env python3
"""Writes a random Vernier policy file (vernier-policy v1) of a given shape, for the FPGA benchmarks.

    synthetic-policy.py SIZES ACTIVATION SEED OUT      e.g. synthetic-policy.py 10,32,32,10 tanh 1 mlp.json

Weights uniform in +-1/sqrt(fan-in) (PyTorch's nn.Linear default), biases in +-0.1, linear last layer,
continuous actions in [-1, 1], no normalisation; plant id synthetic/Mlp-v1 (not registered, so
`vernier export` samples observations from a standard normal). The checksum is FNV-1a 64 over the fields in
PolicyFile.computedChecksum's order (numbers by their IEEE-754 bit patterns, little-endian).
"""
import json, random, struct, sys

PRIME, BASIS = 0x100000001B3, 0xCBF29CE484222325

class FNV:
    def __init__(self): self.value = BASIS
    def byte(self, b): self.value = ((self.value ^ b) * PRIME) & 0xFFFFFFFFFFFFFFFF
    def word(self, w):
        for shift in range(0, 64, 8): self.byte((w >> shift) & 0xFF)
    def int(self, i): self.word(i & 0xFFFFFFFFFFFFFFFF)
    def double(self, d): self.word(struct.unpack("<Q", struct.pack("<d", d))[0])
    def doubles(self, ds):
        self.int(len(ds))
        for d in ds: self.double(float(d))
    def text(self, s):
        for b in s.encode(): self.byte(b)
        self.byte(0)

def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    activation, seed, out = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    layers = []
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        bound = n_in ** -0.5
        layers.append({"inputs": n_in, "outputs": n_out,
                       "activation": "linear" if i == len(sizes) - 1 else activation,
                       "weights": [rng.uniform(-bound, bound) for _ in range(n_in * n_out)],
                       "bias": [rng.uniform(-0.1, 0.1) for _ in range(n_out)]})
    n = sizes[-1]
    policy = {"format": "vernier-policy", "format_version": 1, "plant_id": "synthetic/Mlp-v1",
              "observation_count": sizes[0], "layers": layers,
              "head": {"kind": "gaussian", "log_std": [-1.0] * n},
              "action_scaling": {"kind": "continuous", "scale": [1.0] * n, "offset": [0.0] * n,
                                 "low": [-1.0] * n, "high": [1.0] * n, "choices": 0, "start": 0},
              "provenance": {"algorithm": "synthetic", "steps": 0, "seed": seed}}
    h = FNV()
    h.text(policy["format"]); h.int(1); h.text(policy["plant_id"]); h.int(sizes[0]); h.int(len(layers))
    for layer in layers:
        h.int(layer["inputs"]); h.int(layer["outputs"]); h.text(layer["activation"])
        h.doubles(layer["weights"]); h.doubles(layer["bias"])
    h.text("gaussian"); h.doubles(policy["head"]["log_std"])
    h.int(0)
    s = policy["action_scaling"]
    h.text("continuous"); h.doubles(s["scale"]); h.doubles(s["offset"]); h.doubles(s["low"]); h.doubles(s["high"])
    h.int(0); h.int(0)
    h.text("synthetic"); h.int(0); h.int(seed)
    policy["checksum"] = "fnv1a64:%016x" % h.value
    with open(out, "w") as f: json.dump(policy, f, indent=1, sort_keys=True)

main()
