"""The bindings against the CLI's JSON on the same inputs: eval, train,
landscape, compare-precisions give the same values, digit for digit."""
import csv
import io
import json
import os

import numpy as np
import pytest

import bothlayers
from conftest import EXAMPLES, example, run_cli

PRECISIONS = ["double", "long-double", "double-double", "float128", "bin-float-50", "mp:60"]

SAMPLE_POINT = {
    "a": ["1", "-0.5"],
    "W": [["0.3", "-0.2"], ["-0.4", "0.7"], ["0.05", "0.9"]],
    "v": ["0.9", "-1.1", "0.2"],
    "X": [["0.1", "0.2"], ["-1.5", "0.3"], ["0.7", "-0.8"], ["2.0", "1.1"], ["-0.3", "-0.9"]],
}


def cli_eval(exe, point, precision, tmp_path):
    path = tmp_path / "point.json"
    path.write_text(json.dumps(point))
    return json.loads(run_cli(exe, "eval", "--point", str(path), "--precision", precision).stdout)


@pytest.mark.parametrize("precision", PRECISIONS)
@pytest.mark.parametrize("empirical", [False, True])
def test_eval_strings_equal_cli(exe, tmp_path, precision, empirical):
    point = SAMPLE_POINT if empirical else example("point_k2_d3.json")
    cli = cli_eval(exe, point, precision, tmp_path)
    args = (point["W"], point["v"], point["a"]) + ((point["X"],) if empirical else ())
    prefix = "empirical" if empirical else "population"
    loss = getattr(bothlayers, f"{prefix}_loss")(*args, precision=precision, output="str")
    gW, gv = getattr(bothlayers, f"{prefix}_gradient")(*args, precision=precision, output="str")
    H = getattr(bothlayers, f"{prefix}_hessian")(*args, precision=precision, output="str")
    assert loss == cli["loss"]
    assert gW.tolist() == cli["grad_W"]
    assert gv.tolist() == cli["grad_v"]
    assert H.tolist() == cli["hessian"]


@pytest.mark.parametrize("empirical", [False, True])
def test_double_arrays_equal_cli(exe, tmp_path, empirical):
    """At double, float64 arrays in and out give the bits `eval` prints."""
    point = SAMPLE_POINT if empirical else example("point_k2_d3.json")
    cli = cli_eval(exe, point, "double", tmp_path)
    f = lambda m: np.array(m, dtype=float)  # noqa: E731  (decimal text read by strtod, as the CLI does)
    args = (f(point["W"]), f(point["v"]), f(point["a"])) + ((f(point["X"]),) if empirical else ())
    prefix = "empirical" if empirical else "population"
    loss = getattr(bothlayers, f"{prefix}_loss")(*args)
    gW, gv = getattr(bothlayers, f"{prefix}_gradient")(*args)
    H = getattr(bothlayers, f"{prefix}_hessian")(*args)
    assert isinstance(loss, float) and gW.dtype == np.float64 and H.dtype == np.float64
    assert loss == float(cli["loss"])
    np.testing.assert_array_equal(gW, f(cli["grad_W"]))
    np.testing.assert_array_equal(gv, f(cli["grad_v"]))
    np.testing.assert_array_equal(H, f(cli["hessian"]))


def test_train_equals_cli_csv(exe, tmp_path):
    config = {"d": 20, "n": "population", "k": 2, "r": 1, "sigma": 1e-3, "step": 0.1, "steps": 300, "seed": 3}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    out = tmp_path / "run.csv"
    summary = json.loads(run_cli(exe, "train", "--config", str(path), "--out", str(out)).stdout)
    rows = list(csv.reader(io.StringIO(out.read_text())))
    result = bothlayers.train(config)
    assert list(result.trajectory.dtype.names) == rows[0]
    assert len(result.trajectory) == len(rows) - 1
    for name_index, name in enumerate(rows[0]):
        np.testing.assert_array_equal(result.trajectory[name], np.array([float(r[name_index]) for r in rows[1:]]))
    for key in ("stop_reason", "steps", "final_loss", "final_gradient_norm", "phases", "precision"):
        assert result.summary[key] == summary[key]


def test_landscape_equals_cli(exe):
    path = os.path.join(EXAMPLES, "saddle_k2_d3.json")
    cli = json.loads(run_cli(exe, "landscape", "--point", path, "--precision", "mp:30").stdout)
    ours = bothlayers.landscape(example("saddle_k2_d3.json"), precision="mp:30")
    assert ours == cli
    assert ours["kind"] == "non_strict_saddle"


def test_compare_precisions_equals_cli(exe, tmp_path):
    config = {"d": 10, "n": "population", "k": 2, "r": 1, "sigma": 1e-3, "step": 0.1, "steps": 40, "seed": 2}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    js = tmp_path / "cmp.json"
    run_cli(exe, "compare-precisions", "--config", str(path), "--precisions", "double,float128,mp:40",
            "--json", str(js))
    cli = json.loads(js.read_text())
    ours = bothlayers.compare_precisions(config, precisions=["double", "float128", "mp:40"])

    def strip_time(doc):  # wall times differ run to run
        doc = json.loads(json.dumps(doc))
        for row in doc["runs"]:
            for key in ("seconds", "seconds_per_step"):
                row.pop(key, None)
        return doc

    assert strip_time(ours) == strip_time(cli)
