"""Property tests (Hypothesis) over random instances for the identities the
C++ claims check, each with a negative control: a wrong identity that the
same check must reject on the same instance.

- eq. (13): w_i . grad_{w_i} L = v_i grad_{v_i} L for every unit i (population and empirical);
  control: the same with the right side doubled.
- permutation invariance: permuting the units (rows of W and v together) permutes the gradient
  and leaves L; control: permuting W's rows alone changes L.
- rescaling invariance: (c w_i, v_i / c), c > 0, leaves L; control: (c w_i, c v_i) changes it.
- rotation invariance (x ~ N(0, I) is): (W Q, v, Q^T a) for orthogonal Q leaves L and maps the
  gradient in W to grad_W Q; control: rotating W alone (a kept) changes L.
"""
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import assume, given, strategies as st  # noqa: E402

import bothlayers  # noqa: E402

EPS = np.finfo(float).eps

entries = st.floats(min_value=-3, max_value=3, allow_nan=False, allow_infinity=False)


@st.composite
def instances(draw, empirical=False):
    k = draw(st.integers(1, 4))
    d = draw(st.integers(1, 5))
    W = np.array(draw(st.lists(st.lists(entries, min_size=d, max_size=d), min_size=k, max_size=k)))
    v = np.array(draw(st.lists(entries, min_size=k, max_size=k)))
    a = np.array(draw(st.lists(entries, min_size=d, max_size=d)))
    assume(np.all(np.linalg.norm(W, axis=1) > 1e-3))  # the gradient needs w_i != 0
    assume(np.linalg.norm(a) > 1e-3)
    X = None
    if empirical:
        seed = draw(st.integers(0, 2**32 - 1))
        X = np.random.default_rng(seed).standard_normal((draw(st.integers(5, 40)), d))
    return W, v, a, X


def eq13_gap(W, v, a, X, factor, precision="double"):
    """max_i |w_i . g_{w_i} - factor v_i g_{v_i}| / scale: the identity with `factor` (1 = eq. (13))."""
    if X is None:
        gW, gv = bothlayers.population_gradient(W, v, a, precision=precision, output="numpy" if precision == "double" else None)
    else:
        gW, gv = bothlayers.empirical_gradient(W, v, a, X, precision=precision, output="numpy" if precision == "double" else None)
    gW = np.array(gW, dtype=object if precision != "double" else float)
    gv = np.array(gv, dtype=object if precision != "double" else float)
    lhs = np.array([sum(W[i, j] * gW[i, j] for j in range(W.shape[1])) for i in range(W.shape[0])])
    rhs = np.array([v[i] * gv[i] for i in range(len(v))])
    # The size of the terms the gradient is computed from (L's own scale: |v|^2 |W|^2 + |a| |v| |W| + |a|^2),
    # not only of the result: next to an optimum the gradient is small by cancellation.
    nW = np.sqrt(float(sum(abs(x) ** 2 for x in W.reshape(-1))))
    nv = np.sqrt(float(sum(abs(x) ** 2 for x in v)))
    na = np.sqrt(float(sum(abs(x) ** 2 for x in a)))
    scale = sum(abs(W[i, j] * gW[i, j]) for i in range(W.shape[0]) for j in range(W.shape[1])) + \
        sum(abs(x) for x in rhs) + (nv * nW) ** 2 + na * nv * nW + na ** 2
    return max(abs(lhs[i] - factor * rhs[i]) for i in range(len(v))), scale


def identity_holds(gap, scale, tolerance):
    return gap <= tolerance * (scale + 1e-300)


@given(instances())
def test_eq13_population(inst):
    W, v, a, _ = inst
    gap, scale = eq13_gap(W, v, a, None, 1)
    assert identity_holds(gap, scale, 64 * EPS)
    # negative control: the right side doubled must be rejected by the same check
    rhs_size = max(abs(v[i]) for i in range(len(v)))
    bad_gap, _ = eq13_gap(W, v, a, None, 2)
    assume(rhs_size > 0 and bad_gap > 1e-6 * (scale + 1e-300))
    assert not identity_holds(bad_gap, scale, 64 * EPS)


@given(instances(empirical=True))
def test_eq13_empirical(inst):
    W, v, a, X = inst
    gap, scale = eq13_gap(W, v, a, X, 1)
    assert identity_holds(gap, scale, 64 * EPS)
    bad_gap, _ = eq13_gap(W, v, a, X, 2)
    assume(bad_gap > 1e-6 * (scale + 1e-300))
    assert not identity_holds(bad_gap, scale, 64 * EPS)


@given(instances())
def test_eq13_population_mp50(inst):
    """At mp:50 the same identity holds to 1e-45 and the control still fails."""
    import mpmath

    W, v, a, _ = inst
    with mpmath.workdps(60):
        Wm = np.array([[mpmath.mpf(float(x)) for x in row] for row in W], dtype=object)
        vm = np.array([mpmath.mpf(float(x)) for x in v], dtype=object)
        gap, scale = eq13_gap(Wm, vm, a, None, 1, precision="mp:50")
        assert identity_holds(gap, scale, mpmath.mpf(10) ** -45)
        bad_gap, _ = eq13_gap(Wm, vm, a, None, 2, precision="mp:50")
        assume(bad_gap > mpmath.mpf(10) ** -6 * scale)
        assert not identity_holds(bad_gap, scale, mpmath.mpf(10) ** -45)


def close(x, y, tol=64 * EPS):
    return abs(x - y) <= tol * max(abs(x), abs(y), 1e-300)


@given(instances(), st.randoms(use_true_random=False))
def test_permutation_invariance(inst, rnd):
    W, v, a, _ = inst
    k = len(v)
    perm = list(range(k))
    rnd.shuffle(perm)
    L = bothlayers.population_loss(W, v, a)
    Lp = bothlayers.population_loss(W[perm], v[perm], a)
    assert close(L, Lp)
    gW, gv = bothlayers.population_gradient(W, v, a)
    gWp, gvp = bothlayers.population_gradient(W[perm], v[perm], a)
    np.testing.assert_allclose(gWp, gW[perm], rtol=1e-12, atol=1e-12 * (np.abs(gW).max() + 1e-300))
    np.testing.assert_allclose(gvp, gv[perm], rtol=1e-12, atol=1e-12 * (np.abs(gv).max() + 1e-300))
    # negative control: permuting W's rows alone (v not) must be caught by the same comparison
    Lbad = bothlayers.population_loss(W[perm], v, a)
    assume(abs(Lbad - L) > 1e-6 * max(abs(L), 1e-300))
    assert not close(L, Lbad)


@given(instances(), st.floats(min_value=0.05, max_value=20))
def test_rescaling_invariance(inst, c):
    W, v, a, _ = inst
    L = bothlayers.population_loss(W, v, a)
    assert close(L, bothlayers.population_loss(W * c, v / c, a), 256 * EPS)
    # negative control: scaling both layers the same way
    Lbad = bothlayers.population_loss(W * c, v * c, a)
    assume(abs(Lbad - L) > 1e-6 * max(abs(L), 1e-300))
    assert not close(L, Lbad, 256 * EPS)


@given(instances(), st.integers(0, 2**32 - 1))
def test_rotation_invariance(inst, seed):
    W, v, a, _ = inst
    d = W.shape[1]
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((d, d)))
    L = bothlayers.population_loss(W, v, a)
    scale = (np.linalg.norm(v) * np.linalg.norm(W)) ** 2 + np.linalg.norm(a) * np.linalg.norm(v) * np.linalg.norm(W) + a @ a
    assert abs(bothlayers.population_loss(W @ Q, v, Q.T @ a) - L) <= 256 * EPS * scale
    gW, gv = bothlayers.population_gradient(W, v, a)
    gWq, gvq = bothlayers.population_gradient(W @ Q, v, Q.T @ a)
    np.testing.assert_allclose(gWq, gW @ Q, rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(gvq, gv, rtol=0, atol=1e-12 * scale)
    # negative control: W rotated, a not
    Lbad = bothlayers.population_loss(W @ Q, v, a)
    assume(abs(Lbad - L) > 1e-6 * scale)
    assert not abs(Lbad - L) <= 256 * EPS * scale
