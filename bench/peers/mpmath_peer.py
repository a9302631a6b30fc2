#!/usr/bin/python3
"""mpmath peer: how long a throw-away arbitrary-precision script takes.

Times, with mpmath at mp.dps = 50, 100 and 300 decimal digits (option
--digits), the closed-form population loss and gradient of a one-hidden-layer
ReLU network f(x) = sum_i v_i relu(w_i^T x) fitted to y = a^T x with Gaussian
inputs (docs/formulas.md, section 2):

  population_loss      eq (9)
  population_gradient  eqs (11) and (12), gradients in W and in v

written as plain Python loops over lists of mpf numbers, the way such a script
is usually written (no vectorization, no caching between calls).

Output: one JSON line per (op, digits) on stdout, e.g.
  {"peer": "mpmath", "op": "population_gradient", "digits": 50, "d": 100,
   "k": 2, "seconds_per_op": ..., "reps": ..., "check_error": ...}
If mpmath cannot be imported, prints a single line
  {"peer": "mpmath", "skipped": "<reason>"} and exits 0.
Exit status 3 means a correctness check exceeded its tolerance (the JSON lines
are still printed, with "check_ok": false).

The random instance (seeded by --seed through the random module) need not
match the C++ toolkit's instance bit for bit: only the time is compared, and
the time depends on the shape (d, k), which does match.
"""

import argparse
import json
import random
import statistics
import sys
import time

try:
    import mpmath
    from mpmath import mp, mpf
except Exception as exc:  # ImportError, or a broken install
    print(json.dumps({"peer": "mpmath", "skipped": f"mpmath not importable: {exc!r}"}))
    sys.exit(0)

OPS = ("population_gradient", "population_loss")


# ----------------------------------------------------------------------------
# Instance
# ----------------------------------------------------------------------------

def make_instance(d, k, seed):
    """Seeded random instance as Python floats (converted to mpf per precision).

    W: k rows of d entries, Gaussian with std sqrt(2/(d+k)) (Xavier normal);
    v: k entries with std sqrt(2/(k+1)); a: Gaussian, normalized to |a| = 1.
    """
    rng = random.Random(seed)
    W = [[rng.gauss(0.0, (2.0 / (d + k)) ** 0.5) for _ in range(d)] for _ in range(k)]
    v = [rng.gauss(0.0, (2.0 / (k + 1)) ** 0.5) for _ in range(k)]
    a = [rng.gauss(0.0, 1.0) for _ in range(d)]
    s = sum(x * x for x in a) ** 0.5
    a = [x / s for x in a]
    return W, v, a


def to_mpf(W, v, a):
    """Convert the float instance to mpf at the current mp.dps."""
    return [[mpf(x) for x in row] for row in W], [mpf(x) for x in v], [mpf(x) for x in a]


# ----------------------------------------------------------------------------
# Closed forms (plain loops)
# ----------------------------------------------------------------------------

def dot(x, y):
    """Plain-loop dot product of two mpf lists."""
    s = mpf(0)
    for xi, yi in zip(x, y):
        s += xi * yi
    return s


def angles(W):
    """Row norms and the k x k matrices of cos t_ij, sin t_ij and t_ij.

    t_ij = acos(clamp(w_i^T w_j / (|w_i||w_j|), -1, 1)); the diagonal is
    exactly t = 0 (cos 1, sin 0) rather than the acos of a rounded 1.
    """
    k = len(W)
    norms = [mp.sqrt(dot(w, w)) for w in W]
    cos_t = [[mpf(1)] * k for _ in range(k)]
    sin_t = [[mpf(0)] * k for _ in range(k)]
    t = [[mpf(0)] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1, k):
            c = dot(W[i], W[j]) / (norms[i] * norms[j])
            c = min(max(c, mpf(-1)), mpf(1))
            tij = mp.acos(c)
            cos_t[i][j] = cos_t[j][i] = c
            sin_t[i][j] = sin_t[j][i] = mp.sin(tij)
            t[i][j] = t[j][i] = tij
    return norms, cos_t, sin_t, t


def population_loss(W, v, a):
    """Closed-form population loss, docs/formulas.md eq (9).

    L = 1/(4 pi) sum_ij v_i v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij)
        - 1/2 sum_i v_i a^T w_i + |a|^2 / 2.
    """
    k = len(W)
    norms, cos_t, sin_t, t = angles(W)
    pi = mp.pi
    s = mpf(0)
    for i in range(k):
        for j in range(k):
            s += v[i] * v[j] * norms[i] * norms[j] * (sin_t[i][j] + (pi - t[i][j]) * cos_t[i][j])
    lin = mpf(0)
    for i in range(k):
        lin += v[i] * dot(a, W[i])
    return s / (4 * pi) - lin / 2 + dot(a, a) / 2


def population_gradient(W, v, a):
    """Closed-form population gradient, docs/formulas.md eqs (11) and (12).

    grad_{w_i} L = 1/(2 pi) sum_j v_i v_j |w_j| (sin t_ij wbar_i + (pi - t_ij) wbar_j) - v_i a / 2
    grad_{v_i} L = 1/(2 pi) sum_j v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij) - a^T w_i / 2
    Returns (gW, gv): k lists of d mpf, and k mpf.
    """
    k, d = len(W), len(W[0])
    norms, cos_t, sin_t, t = angles(W)
    pi = mp.pi
    two_pi = 2 * pi
    wbar = [[x / norms[i] for x in W[i]] for i in range(k)]
    gW, gv = [], []
    for i in range(k):
        g = [-v[i] * a[m] / 2 for m in range(d)]
        gvi = -dot(a, W[i]) / 2
        for j in range(k):
            cij = v[i] * v[j] * norms[j] / two_pi
            ci = cij * sin_t[i][j]           # coefficient of wbar_i
            cj = cij * (pi - t[i][j])        # coefficient of wbar_j
            for m in range(d):
                g[m] += ci * wbar[i][m] + cj * wbar[j][m]
            gvi += v[j] * norms[i] * norms[j] * (sin_t[i][j] + (pi - t[i][j]) * cos_t[i][j]) / two_pi
        gW.append(g)
        gv.append(gvi)
    return gW, gv


# ----------------------------------------------------------------------------
# Self-check
# ----------------------------------------------------------------------------

def check_gradient(W, v, a, directions=3, seed=1):
    """Largest error of the closed-form gradient against the loss (9).

    For a few random unit directions u in (W, v) space, compares <grad, u> with
    the central difference (L(x + h u) - L(x - h u)) / (2h), h = 10^(-dps/3),
    whose error is about 10^(-2 dps/3). Also checks identity (13),
    w_i^T grad_{w_i} L = v_i grad_{v_i} L. Returns the max abs error.
    """
    rng = random.Random(seed)
    k, d = len(W), len(W[0])
    gW, gv = population_gradient(W, v, a)
    h = mpf(10) ** (-(mp.dps // 3))
    err = mpf(0)
    for _ in range(directions):
        uW = [[mpf(rng.gauss(0, 1)) for _ in range(d)] for _ in range(k)]
        uv = [mpf(rng.gauss(0, 1)) for _ in range(k)]
        s = mp.sqrt(sum(dot(r, r) for r in uW) + dot(uv, uv))
        uW = [[x / s for x in r] for r in uW]
        uv = [x / s for x in uv]

        def shifted(sign):
            Ws = [[W[i][m] + sign * h * uW[i][m] for m in range(d)] for i in range(k)]
            vs = [v[i] + sign * h * uv[i] for i in range(k)]
            return population_loss(Ws, vs, a)

        fd = (shifted(1) - shifted(-1)) / (2 * h)
        an = sum(dot(gW[i], uW[i]) for i in range(k)) + dot(gv, uv)
        err = max(err, abs(fd - an))
    for i in range(k):
        err = max(err, abs(dot(W[i], gW[i]) - v[i] * gv[i]))
    return err


# ----------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------

def time_op(call, min_time, min_reps=5):
    """Median seconds per call of call(), the number of calls timed, and the
    median CPU seconds per call (time.process_time, which a loaded machine
    inflates far less than the wall time).

    One untimed warm-up call, then calls are timed one by one until at least
    min_time seconds and min_reps calls have been spent (each call takes
    milliseconds, far above perf_counter's resolution).
    """
    call()
    times, cpu = [], []
    total = 0.0
    while total < min_time or len(times) < min_reps:
        t0, c0 = time.perf_counter(), time.process_time()
        call()
        dt = time.perf_counter() - t0
        cpu.append(time.process_time() - c0)
        total += dt
        times.append(dt)
    return statistics.median(times), len(times), statistics.median(cpu)


def parse_ints(text, count=None):
    """'50,100,300' -> [50, 100, 300]; checks the count when given."""
    vals = [int(float(p)) for p in text.split(",")]
    if (count is not None and len(vals) != count) or min(vals) < 1:
        raise argparse.ArgumentTypeError(f"expected {count or 'some'} positive integers: {text!r}")
    return vals


def main():
    """Parse the command line, time each op at each precision, print JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--op", default="all", choices=("all",) + OPS,
                    help="operation to time (default: both)")
    ap.add_argument("--digits", type=parse_ints, default=[50, 100, 300],
                    help="comma-separated mp.dps values (default 50,100,300)")
    ap.add_argument("--shape", type=lambda s: parse_ints(s, 2), default=[100, 2],
                    help="d,k (default 100,2)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random instance")
    ap.add_argument("--min-time", type=float, default=0.5,
                    help="least seconds spent timing each op (default 0.5)")
    args = ap.parse_args()

    d, k = args.shape
    ops = OPS if args.op == "all" else (args.op,)
    Wf, vf, af = make_instance(d, k, args.seed)
    ok_all = True
    for digits in args.digits:
        mp.dps = digits
        W, v, a = to_mpf(Wf, vf, af)
        err = check_gradient(W, v, a)
        tol = mpf(10) ** (-(digits // 2))   # the check itself is good to ~10^(-2 dps/3)
        ok = bool(err <= tol)
        ok_all &= ok
        for op in ops:
            fn = population_gradient if op == "population_gradient" else population_loss
            sec, reps, cpu = time_op(lambda: fn(W, v, a), args.min_time)
            print(json.dumps({
                "peer": "mpmath", "op": op, "digits": digits, "d": d, "k": k,
                "seconds_per_op": sec, "cpu_seconds_per_op": cpu, "reps": reps,
                "check_error": float(err), "check_ok": ok,
                "mpmath_version": mpmath.__version__,
                "mpmath_backend": mpmath.libmp.BACKEND,
            }), flush=True)
    if not ok_all:
        print("mpmath_peer: a correctness check exceeded its tolerance", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
