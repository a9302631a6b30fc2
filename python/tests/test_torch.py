"""The bindings against PyTorch at float64 (skipped without torch; a failure instead when
BOTHLAYERS_PYTHON_REQUIRE names torch, as CI sets it).

- empirical loss and gradient (paper eq. (1)): the same network on the same sample,
  autograd against the library's fused kernel, to 1e-13 relative (measured: 1.3e-15 loss,
  8.7e-16 gradient);
- population loss and gradient: the library (its cancellation-free form) against a
  torch implementation of the paper's closed form, eq. (9) with autograd and the
  printed gradients eqs. (11)-(12), to 1e-13 relative to the size of the terms
  (measured: loss 8.5e-17 of that size, gradient 4.1e-16);
- an empirical GD run (n = 400, d = 20, 600 steps) in torch from initial_point's start and
  sample, against `train`'s rows (parameters to 1e-14 relative, measured 6.0e-16);
- Figure 3's run (d = 100, sigma = 1e-4, 486 steps): GD in torch from train's own start
  (initial_point) against `train`'s trajectory, v_i, |w_i| and theta to 1e-14 relative
  (measured: 1.6e-15), the loss to 16 eps of L(0) absolute (eq. (9) as printed cancels
  down to about 1e-16 where the library's form keeps relative accuracy).

The angle in torch is 2 atan2(|e - f|, |e + f|) of the unit vectors (as the library
computes it), not acos of the cosine: along Figure 3's run the computed cosine (clamped to
[-1, 1]) reaches -1 at step 360, where pi - theta = 3.6e-8 and 1 + cos theta = 6e-16 is a few
roundings, and acos's derivative there is infinite: the gradient is NaN from that step on.
"""
import json
import math
import os

import numpy as np
import pytest

from conftest import EXAMPLES, require

torch = require("torch")

import bothlayers  # noqa: E402

EPS = np.finfo(float).eps
F64 = torch.float64


def unit_angles(W):
    """theta_ij of the rows of W, 2 atan2(|e_i - e_j|, |e_i + e_j|), differentiable off the diagonal
    (the diagonal is 0 and carries no gradient)."""
    k = W.shape[0]
    eye = torch.eye(k, dtype=torch.bool)
    E = W / W.norm(dim=1, keepdim=True)
    diff = torch.where(eye[:, :, None], torch.ones((), dtype=F64), E[:, None, :] - E[None, :, :])
    diff_norm = torch.where(eye, torch.zeros((), dtype=F64), diff.norm(dim=-1))
    return 2 * torch.atan2(diff_norm, (E[:, None, :] + E[None, :, :]).norm(dim=-1))


def loss_eq9(W, v, a):
    """Paper eq. (9) (p. 19): 1/(4 pi) sum_ij v_i v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij)
    - 1/2 sum_i v_i a^T w_i + |a|^2 / 2."""
    n = W.norm(dim=1)
    t = unit_angles(W)
    K = n[:, None] * n[None, :] * (torch.sin(t) + (math.pi - t) * torch.cos(t))
    return v @ K @ v / (4 * math.pi) - (v * (W @ a)).sum() / 2 + a @ a / 2


def gradient_eq11_12(W, v, a):
    """The printed gradients (p. 20): eq. (11) grad_{w_i} = 1/(2 pi) sum_j v_i v_j |w_j| (sin t_ij wbar_i
    + (pi - t_ij) wbar_j) - v_i a / 2; eq. (12) grad_{v_i} = 1/(2 pi) sum_j v_j |w_i||w_j|
    (sin t_ij + (pi - t_ij) cos t_ij) - a^T w_i / 2."""
    n = W.norm(dim=1)
    Wbar = W / n[:, None]
    t = unit_angles(W)
    u = v * n
    gW = v[:, None] * (((math.pi - t) @ torch.diag(u) + torch.diag(torch.sin(t) @ u)) @ Wbar) / (2 * math.pi) \
        - v[:, None] * a[None, :] / 2
    K = n[:, None] * n[None, :] * (torch.sin(t) + (math.pi - t) * torch.cos(t))
    gv = K @ v / (2 * math.pi) - W @ a / 2
    return gW, gv


def loss_scale(W, v, a):
    """The size of eq. (9)'s terms: |v|^2 |W|^2 + |a| |v| |W| + |a|^2 (L is small by cancellation near an optimum)."""
    nW, nv, na = np.linalg.norm(W), np.linalg.norm(v), np.linalg.norm(a)
    return (nv * nW) ** 2 + na * nv * nW + na ** 2


def max_rel(x, y):
    """max |x - y| over max |y|: normwise, so a small component is not judged alone."""
    return float(np.abs(np.asarray(x) - np.asarray(y)).max() / np.abs(np.asarray(y)).max())


# --------------------------------------------------------------------------- empirical


@pytest.mark.parametrize("seed", range(8))
def test_empirical_against_autograd(seed):
    rng = np.random.default_rng(seed)
    k, d, r, n = [(3, 6, 2, 200), (2, 5, 1, 300), (5, 10, 3, 500), (4, 3, 1, 50)][seed % 4]
    W, A, X = rng.standard_normal((k, d)), rng.standard_normal((d, r)), rng.standard_normal((n, d))
    V = rng.standard_normal((k, r)) if r > 1 else rng.standard_normal(k)
    Wt = torch.tensor(W, requires_grad=True, dtype=F64)
    Vt = torch.tensor(V, requires_grad=True, dtype=F64)
    Xt, At = torch.tensor(X, dtype=F64), torch.tensor(A if r > 1 else A.reshape(-1), dtype=F64)
    residual = torch.relu(Xt @ Wt.T) @ Vt - Xt @ At
    loss = (residual ** 2).sum() / (2 * n)
    loss.backward()
    a = A if r > 1 else A.reshape(-1)
    assert bothlayers.empirical_loss(W, V, a, X) == pytest.approx(loss.item(), rel=1e-13)
    gW, gV = bothlayers.empirical_gradient(W, V, a, X, threads=1 + seed % 3)
    assert gV.shape == V.shape
    assert max_rel(gW, Wt.grad.numpy()) <= 1e-13
    assert max_rel(gV, Vt.grad.numpy()) <= 1e-13


def test_empirical_control():
    """Negative control: autograd at W (1 + 1e-10) is rejected by the same 1e-13 check."""
    rng = np.random.default_rng(99)
    W, v, a, X = rng.standard_normal((3, 6)), rng.standard_normal(3), rng.standard_normal(6), rng.standard_normal((100, 6))
    Wt = torch.tensor(W * (1 + 1e-10), requires_grad=True, dtype=F64)
    vt = torch.tensor(v, requires_grad=True, dtype=F64)
    Xt = torch.tensor(X, dtype=F64)
    loss = ((torch.relu(Xt @ Wt.T) @ vt - Xt @ torch.tensor(a, dtype=F64)) ** 2).sum() / 200
    loss.backward()
    gW, _ = bothlayers.empirical_gradient(W, v, a, X)
    assert max_rel(gW, Wt.grad.numpy()) > 1e-13


# --------------------------------------------------------------------------- population


def random_population_instance(seed):
    rng = np.random.default_rng(1000 + seed)
    k, d = int(rng.integers(2, 6)), int(rng.integers(2, 9))
    return rng.standard_normal((k, d)), rng.standard_normal(k), rng.standard_normal(d)


@pytest.mark.parametrize("seed", range(20))
def test_population_against_eq9_autograd_and_eq11(seed):
    W, v, a = random_population_instance(seed)
    Wt = torch.tensor(W, requires_grad=True, dtype=F64)
    vt = torch.tensor(v, requires_grad=True, dtype=F64)
    at = torch.tensor(a, dtype=F64)
    L = loss_eq9(Wt, vt, at)
    L.backward()
    scale = loss_scale(W, v, a)
    ours = bothlayers.population_loss(W, v, a)
    assert abs(ours - L.item()) <= 1e-13 * scale
    gW, gv = bothlayers.population_gradient(W, v, a)
    with torch.no_grad():
        pW, pv = gradient_eq11_12(Wt, vt, at)
    for mine, autograd, printed in ((gW, Wt.grad.numpy(), pW.numpy()), (gv, vt.grad.numpy(), pv.numpy())):
        assert max_rel(mine, autograd) <= 1e-13
        assert max_rel(mine, printed) <= 1e-13


def test_population_control():
    """Negative control: eq. (11) with the (pi - t) factor on wbar_i instead of wbar_j is rejected."""
    W, v, a = random_population_instance(3)
    Wt, vt, at = (torch.tensor(x, dtype=F64) for x in (W, v, a))
    n = Wt.norm(dim=1)
    Wbar = Wt / n[:, None]
    t = unit_angles(Wt)
    u = vt * n
    swapped = vt[:, None] * (torch.diag((math.pi - t) @ u + torch.sin(t) @ u) @ Wbar) / (2 * math.pi) \
        - vt[:, None] * at[None, :] / 2
    gW, _ = bothlayers.population_gradient(W, v, a)
    assert max_rel(gW, swapped.numpy()) > 1e-3


# --------------------------------------------------------------------------- Figure 3 in torch


def test_figure3_run_in_torch():
    with open(os.path.join(EXAMPLES, "figure3.json")) as f:
        config = json.load(f)
    run = bothlayers.train(config)
    t = run.trajectory
    start = bothlayers.initial_point(config)
    W = torch.tensor(start["W"], requires_grad=True, dtype=F64)
    v = torch.tensor(start["v"], requires_grad=True, dtype=F64)
    a = torch.tensor(start["a"], dtype=F64)
    step = float(config["step"])
    rows = []
    for _ in range(len(t)):
        L = loss_eq9(W, v, a)
        gW, gv = torch.autograd.grad(L, (W, v))
        with torch.no_grad():
            n = W.norm(dim=1)
            rows.append((L.item(), v[0].item(), v[1].item(), n[0].item(), n[1].item(), unit_angles(W)[0, 1].item()))
            W -= step * gW  # both layers from the same iterate (p. 5)
            v -= step * gv
    rows = np.array(rows)
    for j, name in enumerate(["v1", "v2", "w1_norm", "w2_norm", "theta"], start=1):
        rel = np.abs(rows[:, j] - t[name]) / np.abs(t[name])
        assert rel.max() <= 1e-14, (name, rel.max(), int(rel.argmax()))
    assert np.abs(rows[:, 0] - t["loss"]).max() <= 16 * EPS * t["loss"][0]
    big = t["loss"] > 1e-2
    assert (np.abs(rows[big, 0] - t["loss"][big]) / t["loss"][big]).max() <= 1e-13


def test_empirical_run_in_torch():
    """GD on the empirical loss (n = 400, d = 20, 600 steps) in torch from initial_point's start and
    sample against `train`: v_i, |w_i| to 1e-14 relative (measured 6.0e-16); the loss to 1e-12 relative
    while L > 1e-8 (measured 2.4e-13) and to 16 eps of L(0) absolute throughout (7.8e-16: near the end the
    residuals are differences of O(1) numbers, so the two sums' orders show relatively)."""
    config = {"d": 20, "n": 400, "k": 2, "r": 1, "sigma": 1e-2, "step": 0.1, "steps": 600, "seed": 3}
    t = bothlayers.train(config).trajectory
    start = bothlayers.initial_point(config)
    W = torch.tensor(start["W"], requires_grad=True, dtype=F64)
    v = torch.tensor(start["v"], requires_grad=True, dtype=F64)
    X, a = torch.tensor(start["X"], dtype=F64), torch.tensor(start["a"], dtype=F64)
    rows = []
    for _ in range(len(t)):
        L = ((torch.relu(X @ W.T) @ v - X @ a) ** 2).sum() / (2 * X.shape[0])
        gW, gv = torch.autograd.grad(L, (W, v))
        with torch.no_grad():
            rows.append((L.item(), v[0].item(), v[1].item(), W[0].norm().item(), W[1].norm().item()))
            W -= 0.1 * gW
            v -= 0.1 * gv
    rows = np.array(rows)
    assert t["loss"][-1] < 1e-12  # the run converged: the comparison covers the whole descent
    for j, name in enumerate(["v1", "v2", "w1_norm", "w2_norm"], start=1):
        assert (np.abs(rows[:, j] - t[name]) / np.abs(t[name])).max() <= 1e-14, name
    big = t["loss"] > 1e-8
    assert (np.abs(rows[big, 0] - t["loss"][big]) / t["loss"][big]).max() <= 1e-12
    assert np.abs(rows[:, 0] - t["loss"]).max() <= 16 * EPS * t["loss"][0]
