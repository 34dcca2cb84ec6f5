#!/usr/bin/env python3
"""The cost of recording one evaluation: the peer side of Vernier's run-store benchmark (target `Store`).

Two peers, each recording a 10-D evaluation (10 parameters, 10 observables, one constraint) per step:
  * sqlite3 (the standard library): the same SQL Vernier runs — in one BEGIN IMMEDIATE transaction, check the
    run's status, take the next index, insert the row (JSON vectors), update the run's summary, COMMIT — in WAL
    mode with synchronous=FULL (the floor any SQLite-backed store pays for the same durability), with
    synchronous=NORMAL, and in memory (the CPU side alone).
  * Optuna's RDB storage on SQLite (what an Optuna user gets with storage="sqlite:///..."): one trial is
    study.ask(), ten trial.suggest_float(...), trial.set_user_attr for the observables, study.tell(...).
Prints JSON: the median microseconds per recorded evaluation for each.
"""
import argparse
import json
import math
import os
import sqlite3
import statistics
import tempfile
import time

SCHEMA = """
CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT, status TEXT NOT NULL, summary TEXT NOT NULL,
                  updated_at TEXT NOT NULL);
CREATE TABLE evaluation (run_id INTEGER NOT NULL REFERENCES run(id), evaluation_index INTEGER NOT NULL,
                         parameters TEXT NOT NULL, objective, constraint_values TEXT NOT NULL,
                         observables TEXT NOT NULL, wall_time NOT NULL, feasible INTEGER NOT NULL,
                         recorded_at TEXT NOT NULL, UNIQUE (run_id, evaluation_index));
"""


def evaluation(step):
    x = float(step)
    parameters = [math.sin(x + j) for j in range(10)]
    observables = {f"bpm{j}": math.cos(x * j) for j in range(10)}
    return parameters, math.sqrt(x), [x - 5], observables


def sqlite_record_times(directory, count, synchronous):
    """Per-record times with `synchronous` FULL or NORMAL in WAL mode, or in memory when `directory` is None."""
    path = ":memory:" if directory is None else os.path.join(directory, f"runs-{synchronous}.sqlite")
    connection = sqlite3.connect(path, isolation_level=None)
    if directory is not None:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {synchronous}")
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO run (status, summary, updated_at) VALUES ('running', '{}', datetime('now'))")
    times = []
    for step in range(1, count + 1):
        parameters, objective, constraints, observables = evaluation(step)
        start = time.perf_counter()
        now = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())
        connection.execute("BEGIN IMMEDIATE")
        (status,) = connection.execute("SELECT status FROM run WHERE id = 1").fetchone()
        assert status == "running"
        (index,) = connection.execute(
            "SELECT COALESCE(MAX(evaluation_index) + 1, 0) FROM evaluation WHERE run_id = 1").fetchone()
        connection.execute(
            "INSERT INTO evaluation VALUES (1, ?, ?, ?, ?, ?, 0.5, 1, ?)",
            (index, json.dumps(parameters), objective, json.dumps(constraints),
             json.dumps(observables, sort_keys=True), now))
        summary = json.dumps({"best_objective": 1.0, "best_parameters": parameters, "best_evaluation_index": index})
        connection.execute("UPDATE run SET summary = ?, updated_at = ? WHERE id = 1", (summary, now))
        connection.execute("COMMIT")
        times.append(time.perf_counter() - start)
    connection.close()
    return times


def optuna_record_times(directory, count):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = "sqlite:///" + os.path.join(directory, "optuna.sqlite")
    study = optuna.create_study(storage=storage, study_name="bench", sampler=optuna.samplers.RandomSampler(seed=1))
    times = []
    for step in range(1, count + 1):
        parameters, objective, constraints, observables = evaluation(step)
        start = time.perf_counter()
        trial = study.ask()
        for j in range(10):
            trial.suggest_float(f"x{j}", -1.0, 1.0)
        for name, value in observables.items():
            trial.set_user_attr(name, value)
        trial.set_user_attr("constraints", constraints)
        study.tell(trial, objective)
        times.append(time.perf_counter() - start)
    return times, optuna.__version__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite-records", type=int, default=2000)
    parser.add_argument("--optuna-trials", type=int, default=200)
    args = parser.parse_args()
    result = {"sqlite_version": sqlite3.sqlite_version}
    with tempfile.TemporaryDirectory(prefix="vernier-store-peer-") as directory:
        for synchronous in ("FULL", "NORMAL"):
            times = sqlite_record_times(directory, args.sqlite_records, synchronous)
            result[f"sqlite3_{synchronous.lower()}_median_us"] = statistics.median(times) * 1e6
    result["sqlite3_memory_median_us"] = statistics.median(sqlite_record_times(None, args.sqlite_records, None)) * 1e6
    try:
        with tempfile.TemporaryDirectory(prefix="vernier-store-peer-") as directory:
            times, version = optuna_record_times(directory, args.optuna_trials)
            result["optuna_version"] = version
            result["optuna_median_us"] = statistics.median(times) * 1e6
    except ImportError:
        result["optuna_version"] = None
    print(json.dumps(result))


if __name__ == "__main__":
    main()
