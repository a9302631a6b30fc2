"""Shared fixtures: the module under test (from PYTHONPATH: the build tree's
python/ folder), the CLI executable for the comparisons, the example points."""
import json
import os
import subprocess

import pytest

try:
    from hypothesis import settings

    # Deterministic under ctest (the same examples every run); BOTHLAYERS_HYPOTHESIS_EXAMPLES=N
    # explores N fresh random examples per test instead.
    explore = int(os.environ.get("BOTHLAYERS_HYPOTHESIS_EXAMPLES", "0"))
    settings.register_profile("bothlayers", database=None, deadline=None, max_examples=explore or 60,
                              derandomize=not explore)
    settings.load_profile("bothlayers")
except ImportError:  # the Hypothesis tests skip themselves
    pass

import bothlayers

#: Optional modules whose absence is a failure, not a skip (CI: torch,nbclient; see .ci/run).
REQUIRED = {m for m in os.environ.get("BOTHLAYERS_PYTHON_REQUIRE", "").split(",") if m}


def require(module):
    """Import an optional module, or skip the calling test file without it (fail when BOTHLAYERS_PYTHON_REQUIRE names it)."""
    if module in REQUIRED:
        import importlib

        return importlib.import_module(module)
    return pytest.importorskip(module)


REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(REPO, "cli", "examples")


@pytest.fixture(scope="session")
def exe():
    """The bothlayers executable the module was built with (skip when absent)."""
    try:
        return bothlayers._executable()
    except bothlayers.Error:
        pytest.skip("no bothlayers executable in this build")


def run_cli(exe, *args, check=True):
    proc = subprocess.run([exe, *args], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"bothlayers {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def cli_error(exe, *args):
    """The one-line message the CLI prints for a failing command."""
    proc = run_cli(exe, *args, check=False)
    assert proc.returncode == 2, proc.stderr
    line = [l for l in proc.stderr.splitlines() if l.startswith("bothlayers: error: ")][-1]
    return line[len("bothlayers: error: "):]


def example(name):
    """An example file with every number kept as its decimal text (as the CLI reads it)."""
    with open(os.path.join(EXAMPLES, name)) as f:
        return json.load(f, parse_float=str, parse_int=str)
