#!/bin/sh
# Fetches Xilinx's open-source ap_fixed headers (Apache-2.0; never committed here) into Benchmarks/.cache and
# runs the HLS C-simulation tests against them: the exported HLS C++ must equal Vernier's reference bit for bit.
#   Benchmarks/fpga/hls-csim.sh
set -eu
cd "$(dirname "$0")/../.."
cache=Benchmarks/.cache/HLS_arbitrary_Precision_Types
[ -d "$cache" ] || git clone --depth 1 https://github.com/Xilinx/HLS_arbitrary_Precision_Types "$cache"
VERNIER_AP_TYPES="$PWD/$cache/include" swift test --filter HLSCSimulationTests
