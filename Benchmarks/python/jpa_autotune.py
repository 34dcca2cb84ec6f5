"""Aggregates Benchmarks/jpa-autotune.sh's raw results (standard library only: no venv needed).

    python3 Benchmarks/python/jpa_autotune.py cold DIR     # DIR/{contour,bo,unseeded-bo}-SEED.json, DIR/paramap-SEED-N.csv
    python3 Benchmarks/python/jpa_autotune.py scan FILE…   # `vernier scan --json` outputs
    python3 Benchmarks/python/jpa_autotune.py traps DIR    # DIR/trap-status.txt, DIR/trap-SEED.json (--traps N)

Cold start: per seed, the least pump power found (the best feasible evaluation, gain >= 19.5 dB and stable)
against the plant's own `minimum_pump_power_dbm`; "within" = |found - minimum| <= 0.5 dB; measurements = the
evaluations the run made (contour stops on its own; bo runs its whole budget, and the figure quoted for it is
the evaluation at which it first came within 0.5 dB). The paramap baseline reads a bias x pump grid over the
optimiser's box at the target and interpolates, per bias, the pump power where the gain crosses 20 dB (linear in
dB between stable cells; from the last two stable cells below 20 dB when the next cell is already unstable,
capped at that cell), then takes the least over biases: what an operator reads off a paramap.
"""
import csv
import glob
import json
import os
import statistics
import sys


def median(values):
    return statistics.median(values) if values else float("nan")


def cold(directory):
    rows = {"contour": [], "bo": [], "unseeded-bo": []}
    minimum_of = {}
    for method in rows:
        for path in sorted(glob.glob(os.path.join(directory, f"{method}-*.json"))):
            seed = int(path.rsplit("-", 1)[1].split(".")[0])
            try:
                report = json.load(open(path))
            except ValueError:
                continue  # a run still being written
            evaluations = report["evaluations"]
            minimum = evaluations[-1]["observables"]["minimum_pump_power_dbm"]
            minimum_of[seed] = minimum
            best, first_within = None, None
            # Readings with the pump more than 1 dB (the default instability_margin) above the lowest pump power
            # seen unstable so far, after the first unstable one.
            lowest_unstable, above = None, 0
            for evaluation in evaluations:
                pump = evaluation["parameters"][1]
                if lowest_unstable is not None and pump > lowest_unstable + 1.0 + 1e-12:
                    above += 1
                if evaluation["observables"].get("unstable") == 1:
                    lowest_unstable = pump if lowest_unstable is None else min(lowest_unstable, pump)
            for index, evaluation in enumerate(evaluations, start=1):
                if evaluation["feasible"] and (best is None or evaluation["objective"] < best):
                    best = evaluation["objective"]
                if first_within is None and best is not None and abs(best - minimum) <= 0.5:
                    first_within = index
            rows[method].append({"seed": seed, "found": best, "minimum": minimum, "measurements": len(evaluations),
                                 "first_within": first_within,
                                 "above_margin": above, "unstable": lowest_unstable is not None})
    for method, results in rows.items():
        if not results:
            continue
        within = [r for r in results if r["found"] is not None and abs(r["found"] - r["minimum"]) <= 0.5]
        feasible = [r for r in results if r["found"] is not None]
        counts = [r["measurements"] for r in results]
        firsts = [r["first_within"] for r in within]
        print(f"{method}: {len(results)} seeds; within 0.5 dB {len(within)}; a feasible point {len(feasible)}; "
              f"measurements median {median(counts)}, worst {max(counts)}; "
              f"evaluation first within 0.5 dB: median {median(firsts)}, worst {max(firsts) if firsts else '-'}; "
              f"runs that saw instability {sum(r['unstable'] for r in results)}, readings above its margin (1 dB) "
              f"after it {sum(r['above_margin'] for r in results)} (in {sum(r['above_margin'] > 0 for r in results)} runs)")
    # Seeded BO against the contour search it starts with (the same readings first): did the GP improve on it?
    contour_found = {r["seed"]: r["found"] for r in rows["contour"]}
    pairs = [(r["found"], contour_found[r["seed"]]) for r in rows["bo"]
             if r["found"] is not None and contour_found.get(r["seed"]) is not None]
    if pairs:
        better = [c - b for b, c in pairs if b < c - 1e-9]
        print(f"bo after its seed: a lower feasible pump power than the contour search's in {len(better)} of "
              f"{len(pairs)} runs (by median {median(better):.3f} dB)")
    grids = {}
    for path in sorted(glob.glob(os.path.join(directory, "paramap-*.csv"))):
        name = os.path.basename(path)[len("paramap-"):-len(".csv")]
        seed, points = (int(part) for part in name.split("-"))
        by_bias = {}
        for row in csv.DictReader(open(path)):
            by_bias.setdefault(float(row["flux_bias_ua"]), []).append(
                (float(row["pump_power_dbm"]), float(row["gain_db"]), row["unstable"] == "1"))
        estimate = None
        for bias, cells in by_bias.items():
            cells.sort()
            crossing = None
            for (p0, g0, u0), (p1, g1, u1) in zip(cells, cells[1:]):
                if u0:
                    break
                if not u1 and g0 < 20 <= g1:
                    crossing = p0 + (20 - g0) * (p1 - p0) / (g1 - g0)
                    break
                if u1 and g0 < 20:
                    stable = [c for c in cells if c[0] <= p0 and not c[2]]
                    if len(stable) >= 2 and stable[-1][1] > stable[-2][1]:
                        (pa, ga, _), (pb, gb, _) = stable[-2], stable[-1]
                        crossing = min(pb + (20 - gb) * (pb - pa) / (gb - ga), p1)
                    break
            if crossing is not None and (estimate is None or crossing < estimate):
                estimate = crossing
        grids.setdefault(points, []).append((seed, estimate, minimum_of.get(seed)))
    for points, results in sorted(grids.items()):
        scored = [(s, e, m) for s, e, m in results if m is not None]
        found = [r for r in scored if r[1] is not None]
        within = [r for r in found if abs(r[1] - r[2]) <= 0.5]
        errors = [abs(r[1] - r[2]) for r in found]
        print(f"paramap {points}x{points} + interpolation: {len(scored)} seeds; a 20 dB crossing read off {len(found)}; "
              f"estimate within 0.5 dB {len(within)}; |error| median {median(errors):.3g} dB; "
              f"measurements {points * points} each")


def scan(paths):
    for path in paths:
        report = json.load(open(path))
        steps = report.get("step_records", [])
        counts = sorted(s["measurements"] for s in steps)
        within = sum(1 for s in steps if s.get("feasible") and abs(s.get("excess_pump_db", 99)) <= 0.5)
        warm = counts if not steps else sorted(s["measurements"] for s in steps[1:])
        start = f", start {report['policy_start']}" if report.get("policy_start") else ""
        if report.get("policy_start"):
            acted = [s for s in steps[1:] if "policy" in s.get("events", [])] if report["policy_start"] == "predicted" else steps[1:]
            acted_within = sum(1 for s in acted if s.get("feasible") and abs(s.get("excess_pump_db", 99)) <= 0.5)
            acted_counts = sorted(s["measurements"] for s in acted)
            start += (f"; the policy acted at {len(acted)} of {len(steps) - 1} warm steps (measurements there: median "
                      f"{median(acted_counts) if acted_counts else '-'}, within 0.5 dB {acted_within})")
        print(f"{report['method']}{start} ({report['backend']}): {len(steps)} steps, status {report['status']}; measurements "
              f"per step median {median(counts)}, mean {statistics.mean(counts):.3g}, max {max(counts)} "
              f"(after the cold start: median {median(warm)}, max {max(warm) if warm else '-'}); "
              f"cold start {report.get('cold_start_measurements')}; within 0.5 dB {within}/{len(steps)} "
              f"({100 * within / max(len(steps), 1):.1f} %); no feasible point {report['steps_without_feasible_point']}; "
              f"replaced {report['replacements']}; flux traps {report['flux_trap_events']}; "
              f"above margin {report['measurements_above_margin']}; total {report['total_measurements']}")


def reached(store_path):
    """Per scan run in a run store: at each step, the measurement at which the best feasible pump power so far
    first came within 0.5 dB of the plant's least pump power (an oracle count, as Benchmarks/PPOTasks counts;
    a step that never does counts as +inf in the median)."""
    import sqlite3
    db = sqlite3.connect(store_path)
    for run_id, algorithm in db.execute("SELECT id, algorithm FROM run WHERE kind = 'scan' ORDER BY id"):
        steps = {}
        for parameters, observables, feasible in db.execute(
                "SELECT parameters, observables, feasible FROM evaluation WHERE run_id = ? ORDER BY evaluation_index", (run_id,)):
            observed = json.loads(observables)
            step = steps.setdefault(int(observed["scan_step"]), {"count": 0, "best": None, "reached": None})
            step["count"] += 1
            pump = json.loads(parameters)[1]
            if feasible and (step["best"] is None or pump < step["best"]):
                step["best"] = pump
            minimum = observed.get("minimum_pump_power_dbm")
            if step["reached"] is None and step["best"] is not None and minimum is not None and abs(step["best"] - minimum) <= 0.5:
                step["reached"] = step["count"]
        counts = sorted(s["reached"] if s["reached"] is not None else float("inf") for s in steps.values())
        done = [c for c in counts if c != float("inf")]
        first = sum(1 for c in counts if c == 1)
        print(f"{algorithm}: {len(counts)} steps; reached within 0.5 dB on {len(done)} (at the first reading on {first}); measurements to reach it: "
              f"median {median(counts)}, mean (reached) {statistics.mean(done) if done else float('nan'):.3g}, "
              f"max (reached) {max(done) if done else '-'}")


def compare(modbus_path, simulated_path):
    modbus, simulated = json.load(open(modbus_path)), json.load(open(simulated_path))
    a, b = modbus.get("step_records", []), simulated.get("step_records", [])
    keys = ["flux_bias_ua", "pump_power_dbm", "pump_detuning_mhz", "gain_db", "measurements"]
    same = sum(1 for x, y in zip(a, b) if all(x.get(k) == y.get(k) for k in keys))
    print(f"modbus vs simulated: {len(a)} / {len(b)} steps, status {modbus['status']} / {simulated['status']}; "
          f"identical operating points, gains and measurement counts on {same} steps; writes {modbus.get('writes')}, "
          f"largest move per write {modbus.get('largest_write_move')} (max_step 5 µA, 3 dB), written range "
          f"{modbus.get('lowest_written')} .. {modbus.get('highest_written')}")
    scan([modbus_path, simulated_path])


def traps(directory):
    """The widened-trap scans: crashes, scans that met a trap, steps within 0.5 dB (all; from the first trap on)."""
    crashed = met = steps = within = after = after_within = above = 0
    statuses = [line.split() for line in open(os.path.join(directory, "trap-status.txt")) if line.strip()]
    for seed, status in statuses:
        if status != "0":
            crashed += 1
            continue
        report = json.load(open(os.path.join(directory, f"trap-{seed}.json")))
        records = report["step_records"]
        steps += len(records)
        within += report["steps_within_half_db"]
        above += report["measurements_above_margin"]
        first = next((r["index"] for r in records if "flux_trap" in r["events"]), None)
        if first is None:
            continue
        met += 1
        for record in records:
            if record["index"] >= first:
                after += 1
                after_within += bool(record["feasible"] and abs(record.get("excess_pump_db", 99)) <= 0.5)
    print(f"widened trap, {len(statuses)} scans of 11 steps: crashed {crashed}; met a trap {met}; steps within 0.5 dB "
          f"{within}/{steps}; from the first trap on (scans that met one) {after_within}/{after}; readings above the "
          f"margin {above}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "cold":
        cold(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "reached":
        reached(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "scan":
        scan(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "traps":
        traps(sys.argv[2])
    else:
        sys.exit("usage: jpa_autotune.py cold DIR | scan FILE…")
