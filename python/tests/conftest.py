"""Shared fixtures: the vernier binary under test (``$VERNIER_BIN``, else ``vernier`` on PATH)."""

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def vernier_bin():
    binary = os.environ.get("VERNIER_BIN") or shutil.which("vernier")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail("set VERNIER_BIN to the built vernier executable (make test-python does)")
    return binary
