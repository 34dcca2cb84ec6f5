"""BO then LOCAL on AWAKE, emulated (would handing over to Powell or dfols help? issue 14):
`vernier tune --optimizer bo --budget K`, then `--optimizer LOCAL` from BO's best point (LOCAL's first
evaluation, that start, is what the hand-over answers with BO's value: not counted). Prints evaluations until
the true RMS < 1 mm per seed (0-9) and their median; 101 = never.

    python bo_then_local.py VERNIER LOCAL K     # run from Benchmarks/ with the venv of setup-local-venv.sh
"""
import json, subprocess, sys, tempfile, pathlib, statistics
vernier, local, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
py = ".venv/bin/python"
counts = []
for seed in range(10):
    d = pathlib.Path(tempfile.mkdtemp())
    space = subprocess.check_output([py, "python/local_peers.py", "space", "awake"], text=True)
    (d / "space.yaml").write_text(space)
    (d / "dfols.yaml").write_text("optimizer:\n  dfols: {residuals: [r0, r1, r2, r3, r4, r5, r6, r7, r8, r9]}\n")
    bo = json.loads(subprocess.check_output([vernier, "tune", "--objective-cmd",
        f"{py} -u python/local_peers.py evaluator awake {seed} {d}/bo.log", "--space", str(d / "space.yaml"),
        "--optimizer", "bo", "--budget", str(k), "--seed", str(seed), "--store", str(d / "runs.sqlite"), "--json"], text=True))
    best = min(bo["evaluations"], key=lambda e: e["objective"])["parameters"]
    lines = ["objective_name: objective", "parameters:"] + [
        f"  - {{name: x{i}, low: -1, high: 1, initial: {v!r}}}" for i, v in enumerate(best)] + ["timeout_seconds: 30"]
    (d / "space2.yaml").write_text("\n".join(lines) + "\n")
    config = ["--config", str(d / "dfols.yaml")] if local == "dfols" else []
    subprocess.check_output([vernier, "tune", "--objective-cmd",
        f"{py} -u python/local_peers.py evaluator awake {seed} {d}/local.log", "--space", str(d / "space2.yaml"),
        "--optimizer", local, "--budget", str(100 - k + 1), "--seed", str(seed), "--store", str(d / "runs.sqlite"), "--json"] + config, text=True)
    values = [float(v) for v in (d / "bo.log").read_text().split()] + [float(v) for v in (d / "local.log").read_text().split()[1:]]
    counts.append(next((i for i, v in enumerate(values, 1) if v < 1.0), 101))
print(local, k, counts, "median", statistics.median(counts))
