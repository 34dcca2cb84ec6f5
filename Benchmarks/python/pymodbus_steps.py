"""pymodbus's side of the issue-6 control-loop benchmark (run by Benchmarks/compare-modbus.sh).

One control step = write 10 float32 setpoints (20 holding registers, function 16), read 10 float32 readings
(20 input registers, function 4), decode them and compute the RMS objective -- the same work as one
`ModbusPlant.evaluate` over hardware/awake.yaml (awake/Steering-v1: corrector kicks in ±1e-3 rad, BPMs in mm;
--half-range 1e-3) or hardware/quadratic.yaml (synthetic/Quadratic-v1, ±5). Alternates between the device's
present settings and a point 0.1 % of each range away, as `vernier device bench` does.
"""

import argparse
import json
import math
import statistics
import time

from pymodbus.client import ModbusTcpClient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--unit", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=1_000)
    parser.add_argument("--combined", action="store_true",
                        help="one function-23 transaction per step (hardware/quadratic-fc23.yaml: readings in holding 20-39)")
    parser.add_argument("--half-range", type=float, default=5.0,
                        help="half-width of the setpoints' bounds (5 for quadratic.yaml, 1e-3 for awake.yaml)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    client = ModbusTcpClient(args.host, port=args.port, timeout=2, retries=0)
    if not client.connect():
        raise SystemExit(f"cannot connect to {args.host}:{args.port}")
    float32 = client.DATATYPE.FLOAT32

    held = client.read_holding_registers(0, count=20, device_id=args.unit)
    if held.isError():
        raise SystemExit(f"reading the setpoints failed: {held}")
    start = [float(v) for v in client.convert_from_registers(held.registers, float32)]
    # 0.1 % of the range [-h, h], inwards.
    nudge = 0.002 * args.half_range
    nudged = [v + nudge if v + nudge <= args.half_range else v - nudge for v in start]
    points = [client.convert_to_registers(nudged, float32), client.convert_to_registers(start, float32)]

    def step(registers):
        if args.combined:
            exchanged = client.readwrite_registers(read_address=20, read_count=20, write_address=0,
                                                   values=registers, device_id=args.unit)
            if exchanged.isError():
                raise SystemExit(f"read/write failed: {exchanged}")
            readings = client.convert_from_registers(exchanged.registers, float32)
            return math.sqrt(sum(y * y for y in readings) / len(readings))
        written = client.write_registers(0, registers, device_id=args.unit)
        if written.isError():
            raise SystemExit(f"write failed: {written}")
        read = client.read_input_registers(0, count=20, device_id=args.unit)
        if read.isError():
            raise SystemExit(f"read failed: {read}")
        readings = client.convert_from_registers(read.registers, float32)
        return math.sqrt(sum(y * y for y in readings) / len(readings))

    for index in range(args.warmup):
        step(points[index % 2])
    durations = []
    cpu_began = time.process_time()
    began = time.perf_counter()
    for index in range(args.steps):
        t0 = time.perf_counter_ns()
        step(points[index % 2])
        durations.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - began
    cpu_total = time.process_time() - cpu_began
    step(points[1])
    client.close()

    durations.sort()
    report = {
        "steps": args.steps,
        "steps_per_second": args.steps / total,
        "median_microseconds": statistics.median(durations) / 1e3,
        "p99_microseconds": durations[min(len(durations) - 1, int(len(durations) * 0.99))] / 1e3,
        "mean_microseconds": statistics.fmean(durations) / 1e3,
        "cpu_microseconds": cpu_total / args.steps * 1e6,
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"pymodbus {args.steps} steps: {report['steps_per_second']:.5g} steps/s, "
              f"median {report['median_microseconds']:.4g} µs, p99 {report['p99_microseconds']:.4g} µs")


if __name__ == "__main__":
    main()
