"""train: the whole run as a structured array, the streamed run as an
iterator (the same rows, bounded memory, early close), the GIL released."""
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import bothlayers

CONFIG = {"d": 10, "n": "population", "k": 2, "r": 1, "sigma": 1e-3, "step": 0.1, "steps": 500, "seed": 5}


def test_structured_array():
    run = bothlayers.train(CONFIG)
    t = run.trajectory
    assert t.dtype.names[:3] == ("step", "loss", "grad_norm")
    assert t["step"].dtype == np.int64 and t["loss"].dtype == np.float64
    assert list(t["step"]) == list(range(len(t)))
    assert run.summary["steps"] == len(t) - 1 and run.summary["stop_reason"] == "max_steps"
    assert t["loss"][-1] < t["loss"][0]


def test_stream_gives_the_same_rows():
    whole = bothlayers.train(CONFIG, steps=20000).trajectory
    with bothlayers.train(CONFIG, stream=True, steps=20000) as s:
        rows = list(s)
        assert s.summary is not None and s.summary["steps"] == 20000
    assert len(rows) == len(whole)
    streamed = np.array(rows, dtype=whole.dtype)
    for name in whole.dtype.names:
        np.testing.assert_array_equal(streamed[name], whole[name])


def test_precision_override_and_exact_summary():
    run = bothlayers.train(CONFIG, precision="mp:40", steps=50)
    assert run.summary["precision"] == "mp:40"
    assert len(run.summary["final_loss"].split("e")[0].replace(".", "").lstrip("-")) >= 40


def test_stream_close_early_is_prompt():
    config = dict(CONFIG, steps=10**11)
    s = bothlayers.train(config, stream=True)
    first = next(iter(s))
    assert first["step"] == 0
    t0 = time.time()
    s.close()
    assert time.time() - t0 < 5


def test_gil_released_while_training():
    """Another Python thread runs while train computes."""
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    t0 = time.time()
    bothlayers.train(dict(CONFIG, d=100, stride=1000), steps=200000)
    elapsed = time.time() - t0
    done.set()
    t.join()
    assert elapsed > 0.05
    assert len(ticks) > 10 * elapsed  # the counter kept ticking during the run (about 1000/s)


MEMORY_SCRIPT = r"""
import resource, sys, bothlayers
config = {"d": 3, "k": 2, "sigma": 1e-3, "step": 0.1, "seed": 1}
steps = int(sys.argv[1])
n = 0
for row in bothlayers.train(config, stream=True, steps=steps):
    n += 1
assert n == steps + 1
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(steps):
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(steps)], capture_output=True, text=True,
                         env=dict(os.environ), check=True)
    return int(out.stdout.strip())


def test_stream_memory_bounded():
    """Peak memory of a 2e5-step stream is within a few MB of a 1e4-step one (the whole
    trajectory would be 66 MB of CSV text), as `train --out`'s test has it."""
    small, large = peak_kb(10000), peak_kb(200000)
    assert large - small < 40 * 1024, (small, large)


def test_stream_error_is_raised_on_iteration():
    s = bothlayers.train({"d": 3, "k": 2, "sigma": "1e-400", "steps": 2}, precision="mp:30", stream=True)
    assert len(list(s)) == 3  # mp:30 holds sigma = 1e-400


def test_paused_mp_stream_refuses_instead_of_deadlocking():
    """An mp:* stream holds MPFR's process-wide precision; a call at mp:* from the thread that
    consumes it, once the stream waits for that consumer, is an error, not a deadlock."""
    point = ([[0.3, -0.2], [-0.4, 0.7]], [0.9, -1.1], [1, -0.5])
    # wide rows cheap to compute (93 columns, an empirical loss over 10 inputs): the queue fills in seconds
    s = bothlayers.train({"d": 1, "n": 10, "k": 30, "init": "gaussian", "sigma": 1e-3, "steps": 10**9},
                         precision="mp:20", stream=True)
    next(iter(s))
    with pytest.raises(bothlayers.InvalidArgument, match="paused"):
        bothlayers.population_loss(*point, precision="mp:30")
    s.close()
    assert bothlayers.population_loss(*point, precision="mp:30") > 0  # free again


def test_threads_at_different_mp_precisions():
    """Calls at mp:50 and mp:300 from two threads at once each get their own precision."""
    point = ([["0.3", "-0.2"], ["-0.4", "0.7"]], ["0.9", "-1.1"], ["1", "-0.5"])
    expect = {p: bothlayers.population_hessian(*point, precision=p, output="str") for p in ("mp:50", "mp:300")}
    failures = []

    def work(p):
        for _ in range(20):
            if bothlayers.population_hessian(*point, precision=p, output="str").tolist() != expect[p].tolist():
                failures.append(p)

    threads = [threading.Thread(target=work, args=(p,)) for p in ("mp:50", "mp:300", "mp:50")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_initial_point_repeats_train_bit_for_bit():
    """initial_point gives train's start; population_gradient steps from it are train's rows exactly."""
    p = bothlayers.initial_point(CONFIG)
    assert p["W"].shape == (2, 10) and p["v"].shape == (2,) and p["a"].shape == (10,) and "X" not in p
    run = bothlayers.train(CONFIG, steps=30)
    W, v, a = p["W"], p["v"], p["a"]
    for row in run.trajectory:
        assert bothlayers.population_loss(W, v, a) == row["loss"]
        assert (v[0], v[1]) == (row["v1"], row["v2"])
        assert np.linalg.norm(W[0]) == pytest.approx(row["w1_norm"], rel=4e-16)
        gW, gv = bothlayers.population_gradient(W, v, a)
        W, v = W - 0.1 * gW, v - 0.1 * gv


def test_initial_point_empirical_sample():
    config = dict(CONFIG, n=60)
    p = bothlayers.initial_point(config)
    assert p["X"].shape == (60, 10)
    run = bothlayers.train(config, steps=5)
    W, v = p["W"], p["v"]
    for row in run.trajectory:
        assert bothlayers.empirical_loss(W, v, p["a"], p["X"]) == row["loss"]
        gW, gv = bothlayers.empirical_gradient(W, v, p["a"], p["X"])
        W, v = W - 0.1 * gW, v - 0.1 * gv
    assert bothlayers.initial_point(config, seed=6)["X"][0, 0] != p["X"][0, 0]  # seed override


def test_initial_point_at_mp():
    """At mp:* the start is exact mpf values (sigma applied in the type); its loss is the trajectory's first."""
    import mpmath

    p = bothlayers.initial_point(CONFIG, precision="mp:40")
    assert p["W"].dtype == object and isinstance(p["W"][0, 0], mpmath.mpf)
    first = bothlayers.train(CONFIG, precision="mp:40", steps=0).trajectory["loss"][0]
    assert float(bothlayers.population_loss(p["W"], p["v"], p["a"], precision="mp:40")) == first
    assert isinstance(bothlayers.initial_point(CONFIG, precision="mp:40", output="str")["v"][0], str)
    with pytest.raises(bothlayers.InvalidArgument, match="would round"):
        bothlayers.initial_point(CONFIG, precision="mp:40", output="numpy")
