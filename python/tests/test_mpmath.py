"""The bindings at mp:60 and mp:100 against an independent mpmath implementation of the
paper's closed forms (eq. (9) p. 19, eqs. (11)-(12) p. 20) evaluated at twice the digits
plus 30: the library computes the loss in its cancellation-free form and the gradient as
that form's derivative, so the reference is a different formula, not the same code.

Inputs are exact binary fractions (at most 125 bits, below mp:60's 199), so the library and
mpmath see the same numbers. Accuracy asked: 10^-(digits - 2) relative to the size of
the terms (measured, worst of 6 instances: loss 8.1e-62 and gradient 1.8e-61 at mp:60,
3.1e-102 and 9.3e-102 at mp:100; mp:30 gives 5.7e-32 and 3.3e-31). Next to an optimum, at distance
delta, L ~ delta^2: the library's L keeps about digits - log10(1/delta) digits relative
(its terms are O(delta), rounded, then squared: measured 4.9e-52 at delta = 1e-10 and
4.7e-37 at 1e-25, mp:60), the printed eq. (9) at the same digits digits - 2 log10(1/delta)
(6.7e-42 and 2.0e-11). Negative controls: the same checks reject
mp:30's values (the precision is really used) and a wrong closed form (eq. (11) with
its sign of a flipped).
"""
import random

import pytest

from conftest import require

mpmath = require("mpmath")

import bothlayers  # noqa: E402

mpf = mpmath.mpf


def kernel_angle(p, q):
    """theta of p, q, as 2 atan2(|e - f|, |e + f|) of the unit vectors (acos would lose digits near 0, pi)."""
    e = [x / mpmath.norm(p) for x in p]
    f = [x / mpmath.norm(q) for x in q]
    return 2 * mpmath.atan2(mpmath.norm([x - y for x, y in zip(e, f)]), mpmath.norm([x + y for x, y in zip(e, f)]))


def eq9_loss(W, v, a):
    """Paper eq. (9): 1/(4 pi) sum_ij v_i v_j |w_i||w_j| (sin t + (pi - t) cos t) - 1/2 sum_i v_i a.w_i + |a|^2/2."""
    k = len(W)
    n = [mpmath.norm(w) for w in W]
    total = mpf(0)
    for i in range(k):
        for j in range(k):
            t = 0 if i == j else kernel_angle(W[i], W[j])
            total += v[i] * v[j] * n[i] * n[j] * (mpmath.sin(t) + (mpmath.pi - t) * mpmath.cos(t)) / (4 * mpmath.pi)
        total -= v[i] * mpmath.fdot(a, W[i]) / 2
    return total + mpmath.fdot(a, a) / 2


def eq11_12_gradient(W, v, a, sign_of_a=1):
    """Eq. (11): grad_{w_i} = 1/(2 pi) sum_j v_i v_j |w_j| (sin t_ij wbar_i + (pi - t_ij) wbar_j) - v_i a/2;
    eq. (12): grad_{v_i} = 1/(2 pi) sum_j v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij) - a.w_i/2.
    sign_of_a = -1 is the negative control's wrong formula."""
    k, d = len(W), len(a)
    n = [mpmath.norm(w) for w in W]
    bar = [[x / n[i] for x in W[i]] for i in range(k)]
    gW, gv = [], []
    for i in range(k):
        row = [-sign_of_a * v[i] * a[m] / 2 for m in range(d)]
        gvi = -mpmath.fdot(a, W[i]) / 2
        for j in range(k):
            t = 0 if i == j else kernel_angle(W[i], W[j])
            s, c = mpmath.sin(t), mpmath.cos(t)
            for m in range(d):
                row[m] += v[i] * v[j] * n[j] * (s * bar[i][m] + (mpmath.pi - t) * bar[j][m]) / (2 * mpmath.pi)
            gvi += v[j] * n[i] * n[j] * (s + (mpmath.pi - t) * c) / (2 * mpmath.pi)
        gW.append(row)
        gv.append(gvi)
    return gW, gv


def binary_fraction(rng, bits=40):
    """A random exact number m / 2^bits in (-2, 2): the same value at every precision."""
    return mpf(rng.randint(-(2 ** (bits + 1)), 2 ** (bits + 1))) / 2 ** bits


def random_instance(seed):
    rng = random.Random(seed)
    k, d = rng.randint(2, 4), rng.randint(2, 6)
    W = [[binary_fraction(rng) for _ in range(d)] for _ in range(k)]
    v = [binary_fraction(rng) for _ in range(k)]
    a = [binary_fraction(rng) for _ in range(d)]
    return W, v, a


def scale_of(W, v, a):
    """The size of eq. (9)'s terms: |v|^2 |W|^2 + |a| |v| |W| + |a|^2."""
    nW = mpmath.sqrt(sum(x * x for row in W for x in row))
    nv, na = mpmath.norm(v), mpmath.norm(a)
    return (nv * nW) ** 2 + na * nv * nW + na ** 2


def worst_errors(W, v, a, precision, reference_gradient=eq11_12_gradient):
    """(loss error, gradient error), each over the terms' size, of the library at `precision`
    against the closed forms at 2 * digits + 30."""
    digits = bothlayers.precision_info(precision)["digits"]
    L = bothlayers.population_loss(W, v, a, precision=precision)
    gW, gv = bothlayers.population_gradient(W, v, a, precision=precision)
    with mpmath.workdps(2 * digits + 30):
        scale = scale_of(W, v, a)
        ref_gW, ref_gv = reference_gradient(W, v, a)
        loss_error = abs(L - eq9_loss(W, v, a)) / scale
        grad_error = max([abs(gW[i, m] - ref_gW[i][m]) for i in range(len(W)) for m in range(len(a))] +
                         [abs(gv[i] - ref_gv[i]) for i in range(len(W))]) / scale
    return loss_error, grad_error


@pytest.mark.parametrize("precision", ["mp:60", "mp:100"])
@pytest.mark.parametrize("seed", range(6))
def test_population_against_closed_forms(precision, seed):
    W, v, a = random_instance(seed)
    digits = bothlayers.precision_info(precision)["digits"]
    loss_error, grad_error = worst_errors(W, v, a, precision)
    assert loss_error <= mpf(10) ** -(digits - 2)
    assert grad_error <= mpf(10) ** -(digits - 2)


def test_control_mp30_is_rejected():
    """mp:30's values fail the mp:60 check: the check sees the digits the precision adds."""
    W, v, a = random_instance(0)
    loss_error, grad_error = worst_errors(W, v, a, "mp:30")
    assert loss_error > mpf(10) ** -58 and grad_error > mpf(10) ** -58


def test_control_wrong_closed_form_is_rejected():
    """eq. (11) with the sign of a flipped: the mp:60 gradient does not match it."""
    W, v, a = random_instance(1)
    _, grad_error = worst_errors(W, v, a, "mp:60",
                                 reference_gradient=lambda W, v, a: eq11_12_gradient(W, v, a, sign_of_a=-1))
    assert grad_error > mpf(10) ** -3


@pytest.mark.parametrize("delta_exponent", [10, 25])
def test_near_the_optimum_relative_accuracy(delta_exponent):
    """k = 2, W = [a + delta p, -a + delta q], v = [1, -1], delta ~ 10^-e: L ~ delta^2. The library's L at
    mp:60 to 10^-(57 - e) relative; eq. (9) evaluated at 60 digits misses that bound (it loses 2 e digits)."""
    rng = random.Random(delta_exponent)
    d = 4
    a = [binary_fraction(rng) for _ in range(d)]
    delta = mpf(2) ** -(delta_exponent * 10 // 3)  # 2^-33 ~ 1e-10, 2^-83 ~ 1e-25
    with mpmath.workdps(60):  # exact: at most 42 + 83 bits, below mp:60's 199
        W = [[a[m] + delta * binary_fraction(rng) for m in range(d)],
             [-a[m] + delta * binary_fraction(rng) for m in range(d)]]
    v = [mpf(1), mpf(-1)]
    L = bothlayers.population_loss(W, v, a, precision="mp:60")
    with mpmath.workdps(200):
        exact = eq9_loss(W, v, a)
        assert exact < mpf(10) ** -(2 * delta_exponent - 3)
        bound = mpf(10) ** -(57 - delta_exponent) * exact
        assert abs(L - exact) <= bound
    with mpmath.workdps(60):  # negative control: the printed form at the same digits fails the same bound
        naive = eq9_loss(W, v, a)
    with mpmath.workdps(200):
        assert abs(naive - exact) > bound
