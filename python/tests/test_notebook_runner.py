"""python/run_notebook.py, the harness of ctest python.notebook: a notebook whose cell
asserts something false must fail the run (the negative control of the notebook test),
a true one must pass, and a missing module named by --needs is a skip (77)."""
import os
import subprocess
import sys

import pytest

from conftest import REPO, require

nbformat = require("nbformat")
require("nbclient")
require("ipykernel")

RUNNER = os.path.join(REPO, "python", "run_notebook.py")


def run(tmp_path, source, *args):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import bothlayers\nx = bothlayers.population_loss([[1, 0]], [1], [1, 0])"),
                nbformat.v4.new_code_cell(source)]
    path = tmp_path / "check.ipynb"
    nbformat.write(nb, str(path))
    return subprocess.run([sys.executable, RUNNER, str(path), "--timeout", "60", *args],
                          capture_output=True, text=True, env=dict(os.environ, BOTHLAYERS_PYTHON_REQUIRE=""))


def test_a_true_assertion_passes(tmp_path):
    proc = run(tmp_path, "assert abs(x - 0.25) <= 1e-15, x", "--out", str(tmp_path / "out.ipynb"))
    assert proc.returncode == 0, proc.stderr
    executed = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4)
    assert executed.cells[1].execution_count == 2


def test_a_false_assertion_fails(tmp_path):
    proc = run(tmp_path, "assert x > 0.3, 'the loss is ' + repr(x)")
    assert proc.returncode == 1
    assert "AssertionError" in proc.stderr and "the loss is" in proc.stderr


def test_a_missing_module_skips(tmp_path):
    proc = run(tmp_path, "pass", "--needs", "no_such_module_bothlayers")
    assert proc.returncode == 77 and "notebook skipped" in proc.stdout
