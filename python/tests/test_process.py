"""The process's life: close ends it, a crash or a hang is an exception naming it, refusals keep the session."""

import os
import signal
import stat
import subprocess
import time

import pytest

import vernier


def test_close_ends_the_process(vernier_bin):
    env = vernier.make("awake/Steering-v1")
    process = env.unwrapped.process if hasattr(env, "unwrapped") else env.process
    assert process.poll() is None
    env.close()
    assert process.wait(timeout=5) == 0
    env.close()  # a second close is harmless


def test_problem_close_ends_the_process(vernier_bin):
    problem = vernier.problem("synthetic/Quadratic-v1")
    process = problem.process
    problem.close()
    assert process.wait(timeout=5) == 0


def test_a_killed_process_is_an_exception_naming_it(vernier_bin):
    env = vernier.make("awake/Steering-v1")
    env.reset(seed=1)
    pid = env.process.pid
    os.kill(pid, signal.SIGKILL)
    env.process.wait(timeout=5)
    started = time.monotonic()
    with pytest.raises(vernier.VernierProcessError) as raised:
        env.step([0.0] * 10)
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert f"pid {pid}" in message and "vernier serve awake/Steering-v1" in message and "SIGKILL" in message
    with pytest.raises(vernier.VernierProcessError):
        env.step([0.0] * 10)
    env.close()


def fake_binary(tmp_path, script):
    path = tmp_path / "vernier"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_process_that_dies_at_once_is_named_with_its_status_and_words(tmp_path):
    binary = fake_binary(tmp_path, "echo 'boom: out of coffee' >&2; exit 3")
    with pytest.raises(vernier.VernierProcessError) as raised:
        vernier.make("awake/Steering-v1", vernier_bin=binary)
    message = str(raised.value)
    assert "exited with status 3" in message and "boom: out of coffee" in message and binary in message


def test_a_hung_process_times_out_and_is_killed(tmp_path):
    binary = fake_binary(tmp_path, "exec sleep 30")
    started = time.monotonic()
    with pytest.raises(vernier.VernierProcessError) as raised:
        vernier.make("awake/Steering-v1", vernier_bin=binary, timeout=0.5)
    assert time.monotonic() - started < 5
    assert "did not answer" in str(raised.value) and "killed" in str(raised.value)


def test_a_missing_binary_says_how_to_point_at_one(tmp_path):
    with pytest.raises(vernier.VernierProcessError) as raised:
        vernier.make("awake/Steering-v1", vernier_bin=str(tmp_path / "nothing-here"))
    assert "not an executable file" in str(raised.value)


def test_bad_ids_and_options_carry_the_command_lines_messages(vernier_bin):
    cli = subprocess.run([vernier_bin, "check", "classic/Pendulm-v1"], capture_output=True, text=True)
    with pytest.raises(vernier.VernierError) as raised:
        vernier.make("classic/Pendulm-v1")
    assert raised.value.kind == "usage"
    assert f"Error: {raised.value}" in cli.stderr
    with pytest.raises(vernier.VernierError, match="unknown option 'gravity'"):
        vernier.make("classic/Pendulum-v1", gravity=9.81)


def test_a_refused_step_keeps_the_session(vernier_bin):
    env = vernier.make("awake/Steering-v1")
    try:
        env.reset(seed=1)
        with pytest.raises(vernier.VernierError, match="the action has 3 elements; awake/Steering-v1 takes 10"):
            env.step([0.0, 0.0, 0.0])
        with pytest.raises(vernier.VernierError, match="nan"):
            env.step([float("nan")] + [0.0] * 9)
        observation, *_ = env.step([0.0] * 10)
        assert observation.shape == (10,)
    finally:
        env.close()


def test_an_optimisation_only_plant_is_no_environment(vernier_bin):
    with pytest.raises(vernier.VernierError, match="not an environment"):
        vernier.make("synthetic/Quadratic-v1")
