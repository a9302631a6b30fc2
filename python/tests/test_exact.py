"""Exact values at every precision: inputs reach the type without rounding
through a double and come back bit for bit (mp:300 included); the losses
against an independent mpmath implementation of the paper's formulas at 60 digits."""
import random

import mpmath
import numpy as np
import pytest

import bothlayers

TYPES = ["long-double", "double-double", "float128", "bin-float-50", "mp:60", "mp:300"]


def random_mpf(rng, bits, exp_range=60):
    """A random mpf with exactly `bits` significant bits (top bit set, odd last bit)."""
    man = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
    sign = rng.choice([1, -1])
    return mpmath.mp.make_mpf(mpmath.libmp.from_man_exp(sign * man, rng.randint(-exp_range, exp_range) - bits))


def test_mp300_round_trip_bit_for_bit():
    info = bothlayers.precision_info("mp:300")
    assert info["digits"] == 300 and info["bits"] > 990
    rng = random.Random(300)
    values = [random_mpf(rng, info["bits"]) for _ in range(200)]
    values += [random_mpf(rng, info["bits"], exp_range=3000) for _ in range(50)]  # far outside double's range
    back = bothlayers.round_trip(values, "mp:300")
    assert back.dtype == object and back.shape == (250,)
    for x, y in zip(values, back):
        assert isinstance(y, mpmath.mpf)
        assert y._mpf_ == x._mpf_  # sign, mantissa, exponent, bit count: the same bits


def test_mp300_longer_inputs_round_once():
    """An input with more bits than the type is rounded correctly (to nearest), once."""
    bits = bothlayers.precision_info("mp:300")["bits"]
    rng = random.Random(1)
    for _ in range(50):
        x = random_mpf(rng, bits + 40)
        y = bothlayers.round_trip([x], "mp:300")[0]
        expect = mpmath.mp.make_mpf(mpmath.libmp.mpf_pos(x._mpf_, bits, "n"))
        assert y._mpf_ == expect._mpf_


@pytest.mark.parametrize("precision", ["long-double", "float128", "bin-float-50", "mp:60"])
def test_round_trip_at_the_type_width(precision):
    bits = bothlayers.precision_info(precision)["bits"]
    rng = random.Random(bits)
    values = [random_mpf(rng, bits) for _ in range(100)]
    back = bothlayers.round_trip(values, precision)
    assert [y._mpf_ for y in back] == [x._mpf_ for x in values]


def test_double_double_round_trip():
    """double-double holds hi + lo: sums of two doubles come back exactly."""
    rng = random.Random(5)
    values = []
    for _ in range(100):
        hi = rng.uniform(-10, 10)
        lo = np.spacing(hi) * rng.uniform(-0.5, 0.5) * 2.0 ** -5
        exact_sum = mpmath.libmp.mpf_add(mpmath.libmp.from_float(hi), mpmath.libmp.from_float(float(lo)), 0)
        values.append(mpmath.mp.make_mpf(exact_sum))
    back = bothlayers.round_trip(values, "double-double")
    assert [y._mpf_ for y in back] == [x._mpf_ for x in values]


def test_floats_are_exact_at_every_type():
    """A Python float is a binary number: it reaches every type exactly (0.1 is 0.1000000000000000055...)."""
    for precision in TYPES:
        back = bothlayers.round_trip([0.1, -2.5, 1e-300, 3.0], precision)
        assert [y._mpf_ for y in back] == [mpmath.mpf(x)._mpf_ for x in (0.1, -2.5, 1e-300, 3.0)]


def test_strings_are_read_as_decimals():
    """A decimal string is read at the type's precision, as the CLI reads it."""
    with mpmath.workdps(80):
        y = bothlayers.round_trip(["0.1"], "mp:60")[0]
        bits = bothlayers.precision_info("mp:60")["bits"]
        assert y._mpf_ == mpmath.libmp.from_str("0.1", bits, "n")
        assert bothlayers.round_trip(["0.1"], "mp:60", output="str")[0].startswith("1.000000000000000000000000000000000")


# --------------------------------------------------------------------------- against mpmath


def arccos_kernel(p, q):
    """E[relu(p.x) relu(q.x)] = |p||q| (sin t + (pi - t) cos t) / (2 pi), paper eq. (8)."""
    np_, nq = mpmath.norm(p), mpmath.norm(q)
    c = max(min(mpmath.fdot(p, q) / (np_ * nq), 1), -1)
    t = mpmath.acos(c)
    return np_ * nq * (mpmath.sin(t) + (mpmath.pi - t) * mpmath.cos(t)) / (2 * mpmath.pi)


def loss_eq9(W, v, a):
    """Paper eq. (9): 1/2 [sum_ij v_i v_j K(w_i, w_j) - sum_i v_i w_i.a + |a|^2] (E[relu(w.x) a.x] = w.a / 2)."""
    k = len(W)
    total = mpmath.mpf(0)
    for i in range(k):
        for j in range(k):
            total += v[i] * v[j] * arccos_kernel(W[i], W[j])
        total -= v[i] * mpmath.fdot(W[i], a)
    total += mpmath.fdot(a, a)
    return total / 2


INSTANCE = {"W": [["0.3", "-0.2", "0.1"], ["-0.4", "0.25", "-0.1"]], "v": ["0.9", "-1.1"], "a": ["1", "0.5", "-0.25"]}


def test_population_loss_against_mpmath_60_digits():
    with mpmath.workdps(90):
        W = [[mpmath.mpf(x) for x in row] for row in INSTANCE["W"]]
        v = [mpmath.mpf(x) for x in INSTANCE["v"]]
        a = [mpmath.mpf(x) for x in INSTANCE["a"]]
        ref = loss_eq9(W, v, a)
        ours = bothlayers.population_loss(INSTANCE["W"], INSTANCE["v"], INSTANCE["a"], precision="mp:60")
        assert abs(ours - ref) <= mpmath.mpf(10) ** -58 * abs(ref)


def test_population_gradient_against_mpmath_60_digits():
    """grad of eq. (9) by mpmath's numerical differentiation at 120 digits."""
    gW, gv = bothlayers.population_gradient(INSTANCE["W"], INSTANCE["v"], INSTANCE["a"], precision="mp:60")
    H = bothlayers.population_hessian(INSTANCE["W"], INSTANCE["v"], INSTANCE["a"], precision="mp:60")
    with mpmath.workdps(120):
        W0 = [[mpmath.mpf(x) for x in row] for row in INSTANCE["W"]]
        v0 = [mpmath.mpf(x) for x in INSTANCE["v"]]
        a = [mpmath.mpf(x) for x in INSTANCE["a"]]
        flat0 = [x for row in W0 for x in row] + v0

        def L(*theta):
            W = [list(theta[3 * i:3 * i + 3]) for i in range(2)]
            return loss_eq9(W, list(theta[6:]), a)

        grad = []
        for n in range(len(flat0)):
            def along(t, n=n):
                th = list(flat0)
                th[n] += t
                return L(*th)
            grad.append(mpmath.diff(along, 0))
        ours = [x for row in gW for x in row] + list(gv)
        for g, o in zip(grad, ours):
            assert abs(o - g) <= mpmath.mpf(10) ** -57 * (1 + abs(g))
        # one Hessian row (w_11 against everything) by differentiating along two directions
        for m in range(len(flat0)):
            def both(s, t, m=m):
                th = list(flat0)
                th[0] += s
                th[m] += t
                return L(*th)
            h = mpmath.diff(both, (0, 0), (1, 1))
            assert abs(H[0, m] - h) <= mpmath.mpf(10) ** -50 * (1 + abs(h))


def test_double_results_match_mpmath():
    """The same instance at double: within a few eps of the 60-digit answer."""
    f = lambda m: np.array(m, dtype=float)  # noqa: E731
    loss = bothlayers.population_loss(f(INSTANCE["W"]), f(INSTANCE["v"]), f(INSTANCE["a"]))
    exact = bothlayers.population_loss([[float(x) for x in r] for r in INSTANCE["W"]],
                                       [float(x) for x in INSTANCE["v"]], [float(x) for x in INSTANCE["a"]],
                                       precision="mp:60")
    assert abs(loss - float(exact)) <= 16 * np.finfo(float).eps * abs(float(exact))
