#!/usr/bin/python3
"""PyTorch peer: how long a typical PyTorch research script takes per step.

Times, in float64 on the CPU, three operations on a one-hidden-layer ReLU
network f(x) = sum_i v_i relu(w_i^T x) (W is k x d, v has k entries) fitted to
a linear target y = a^T x (notation of docs/formulas.md, sections 1 and 2):

  empirical_step               one gradient-descent step on the empirical loss
                               Lhat = 1/(2n) sum_s (f(x_s) - a^T x_s)^2, with
                               the gradient from autograd (loss.backward()).
  population_step_closed_form  one GD step with the closed-form population
                               gradient, docs/formulas.md eqs (11) and (12), written
                               in vectorized torch ops.
  population_step_autograd     the same step, the gradient coming from autograd
                               through the closed-form population loss (9).

Each op is written the way a researcher would write it, not tuned. Every op
also reports a correctness figure "check_error" (see the check_* functions).

Output: one JSON line per op on stdout, e.g.
  {"peer": "torch", "op": "empirical_step", "n": 100000, "d": 100, "k": 2,
   "threads": 1, "seconds_per_op": ..., "reps": ..., "check_error": ...}
If torch (or numpy) cannot be imported, prints a single line
  {"peer": "torch", "skipped": "<reason>"} and exits 0.
Exit status 3 means a correctness check exceeded its tolerance (the JSON lines
are still printed, with "check_ok": false).

The random instance (seeded by --seed through numpy) need not match the C++
toolkit's instance bit for bit: only the time is compared, and the time depends
on the shapes (n, d, k), which do match.
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import time


def _pin_blas_threads():
    """Set the BLAS/OpenMP thread counts from --threads before torch loads.

    Debian's torch does its float64 matrix products in the system BLAS
    (libblas.so.3: reference BLAS, or OpenBLAS when that is installed and
    selected). torch.set_num_threads does not reach OpenBLAS in this build,
    and OpenBLAS reads OPENBLAS_NUM_THREADS only when it is loaded, so the
    variable is set here, before `import torch`, unless already set.
    """
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--threads", type=int, default=1)
    threads = pre.parse_known_args()[0].threads
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))


_pin_blas_threads()

try:
    import numpy as np
    import torch
except Exception as exc:  # ImportError, or a broken install
    print(json.dumps({"peer": "torch", "skipped": f"torch/numpy not importable: {exc!r}"}))
    sys.exit(0)

DTYPE = torch.float64
MU = 0.1  # GD step size, as in the paper's experiments (docs/formulas.md section 4)
OPS = ("empirical_step", "population_step_closed_form", "population_step_autograd")
TOL_EMPIRICAL = 1e-10  # autograd vs hand-written empirical gradient
TOL_POPULATION = 1e-12  # closed form (11),(12) vs autograd through (9)


# ----------------------------------------------------------------------------
# Instance
# ----------------------------------------------------------------------------

def make_instance(n, d, k, seed, with_data=True):
    """Seeded random instance as float64 torch tensors.

    W: k x d Xavier-normal (std sqrt(2/(d+k))), v: k Xavier-normal
    (std sqrt(2/(k+1))), a: a Gaussian vector normalized to |a| = 1,
    X: n x d standard Gaussian (only if with_data), y = X a.
    Returns (W, v, a, X, y); X and y are None without data.
    """
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((k, d)) * math.sqrt(2.0 / (d + k))
    v = rng.standard_normal(k) * math.sqrt(2.0 / (k + 1))
    a = rng.standard_normal(d)
    a /= np.linalg.norm(a)
    W, v, a = (torch.from_numpy(t).to(DTYPE) for t in (W, v, a))
    X = y = None
    if with_data:
        X = torch.from_numpy(rng.standard_normal((n, d))).to(DTYPE)
        y = X @ a
    return W, v, a, X, y


# ----------------------------------------------------------------------------
# Empirical loss (1), gradient by autograd
# ----------------------------------------------------------------------------

def empirical_loss(W, v, X, y):
    """Lhat = 1/(2n) sum_s (f(x_s) - y_s)^2 with f(x) = v^T relu(W x)."""
    f = torch.relu(X @ W.T) @ v
    return 0.5 * ((f - y) ** 2).mean()


def empirical_step(W, v, X, y, mu=MU):
    """One GD step on Lhat: backward(), in-place update of W and v, zero grads.

    W and v must be leaf tensors with requires_grad=True.
    """
    loss = empirical_loss(W, v, X, y)
    loss.backward()
    with torch.no_grad():
        W -= mu * W.grad
        v -= mu * v.grad
        W.grad.zero_()
        v.grad.zero_()


def empirical_grad_by_hand(W, v, X, y):
    """Hand-written gradient of Lhat (relu'(0) = 0), for the self-check.

    grad_{v_i} = 1/n sum_s r_s relu(w_i^T x_s),
    grad_{w_i} = 1/n sum_s r_s v_i 1{w_i^T x_s > 0} x_s,  r_s = f(x_s) - y_s.
    """
    n = X.shape[0]
    pre = X @ W.T                      # n x k
    act = torch.relu(pre)
    r = act @ v - y                    # residuals, n
    gv = act.T @ r / n
    gW = ((pre > 0).to(DTYPE) * r[:, None]).T @ X / n * v[:, None]
    return gW, gv


def check_empirical(W, v, X, y):
    """Max abs difference between the autograd and hand-written gradients of Lhat."""
    Wg = W.clone().requires_grad_(True)
    vg = v.clone().requires_grad_(True)
    empirical_loss(Wg, vg, X, y).backward()
    gW, gv = empirical_grad_by_hand(W, v, X, y)
    return max((Wg.grad - gW).abs().max().item(), (vg.grad - gv).abs().max().item())


# ----------------------------------------------------------------------------
# Population loss (9) and its closed-form gradient (11), (12)
# ----------------------------------------------------------------------------

def cosines(W):
    """Unit rows Wbar, row norms and the k x k cosine matrix C of the rows.

    Angles are later taken as arccos(C) after a clamp to [-1, 1], as a typical
    script does. The diagonal is set to exactly 1 (angle exactly 0): computed
    as wbar_i . wbar_i it comes out as 1 - 2^-52 or so, whose arccos is ~2e-8,
    an error of 1e-8 in the j = i term; and autograd through arccos at 1 gives
    NaN. Off the diagonal, at a generic point, arccos is accurate enough.
    """
    norms = W.norm(dim=1)
    Wbar = W / norms[:, None]
    C = (Wbar @ Wbar.T).clamp(-1.0, 1.0)
    eye = torch.eye(W.shape[0], dtype=torch.bool)
    C = torch.where(eye, torch.ones_like(C), C)
    return Wbar, norms, C


def population_loss(W, v, a):
    """Closed-form population loss, docs/formulas.md eq (9).

    L = 1/(4 pi) sum_ij v_i v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij)
        - 1/2 sum_i v_i a^T w_i + |a|^2 / 2.
    Differentiable by autograd (see cosines() for the diagonal).
    """
    _, norms, C = cosines(W)
    T = torch.arccos(C)
    K = torch.sin(T) + (math.pi - T) * C          # arc-cosine kernel times 2 pi
    u = v * norms                                  # v_i |w_i|
    return (u @ K @ u) / (4 * math.pi) - 0.5 * (v @ (W @ a)) + 0.5 * (a @ a)


def population_grad(W, v, a):
    """Closed-form population gradient, docs/formulas.md eqs (11) and (12).

    grad_{w_i} L = 1/(2 pi) sum_j v_i v_j |w_j| (sin t_ij wbar_i + (pi - t_ij) wbar_j) - v_i a / 2
    grad_{v_i} L = 1/(2 pi) sum_j v_j |w_i||w_j| (sin t_ij + (pi - t_ij) cos t_ij) - a^T w_i / 2
    Vectorized over i, j. Returns (gW, gv), shapes k x d and k.
    """
    Wbar, norms, C = cosines(W)
    T = torch.arccos(C)
    S = torch.sin(T)
    P = math.pi - T
    u = v * norms                                  # v_j |w_j|
    gW = (v[:, None] / (2 * math.pi)) * ((S @ u)[:, None] * Wbar + P @ (u[:, None] * Wbar)) \
        - 0.5 * v[:, None] * a[None, :]
    gv = norms * ((S + P * C) @ u) / (2 * math.pi) - 0.5 * (W @ a)
    return gW, gv


def population_step_closed_form(W, v, a, mu=MU):
    """One GD step with the closed-form gradient (11), (12); W, v updated in place."""
    gW, gv = population_grad(W, v, a)
    W -= mu * gW
    v -= mu * gv


def population_step_autograd(W, v, a, mu=MU):
    """One GD step with autograd through the loss (9): backward(), update, zero grads.

    W and v must be leaf tensors with requires_grad=True.
    """
    loss = population_loss(W, v, a)
    loss.backward()
    with torch.no_grad():
        W -= mu * W.grad
        v -= mu * v.grad
        W.grad.zero_()
        v.grad.zero_()


def check_population(W, v, a):
    """Max abs difference between the closed-form gradient and autograd through (9)."""
    Wg = W.clone().requires_grad_(True)
    vg = v.clone().requires_grad_(True)
    population_loss(Wg, vg, a).backward()
    gW, gv = population_grad(W, v, a)
    return max((Wg.grad - gW).abs().max().item(), (vg.grad - gv).abs().max().item())


# ----------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------

def time_op(step, reset, min_time, min_chunks=5, max_chunk=20):
    """Median seconds per call of step(), and the number of calls timed.

    The calls are timed in chunks of c consecutive calls (c chosen so a chunk
    takes ~10 ms, at most max_chunk calls); reset() restores the starting
    iterate before each chunk, untimed, so that GD never runs long enough to
    reach a degenerate point (angle 0 or pi) or drift far from the instance.
    Two untimed warm-up chunks come first. Chunks are timed until at least
    min_time seconds and min_chunks chunks have been spent; the result is the
    median over chunks of (chunk time / c); also the median CPU time per call
    (time.process_time: all of the process's threads), which a loaded machine
    inflates far less than the wall time.
    """
    # Warm-up, also used to size the chunks.
    reset()
    t0 = time.perf_counter()
    step()
    one = time.perf_counter() - t0
    c = max(1, min(max_chunk, int(0.01 / max(one, 1e-9))))
    reset()
    for _ in range(c):
        step()

    per_call, cpu_per_call = [], []
    total = 0.0
    while total < min_time or len(per_call) < min_chunks:
        reset()
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(c):
            step()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        total += dt
        per_call.append(dt / c)
        cpu_per_call.append(dc / c)
    return statistics.median(per_call), len(per_call) * c, statistics.median(cpu_per_call)


def bench_empirical(n, d, k, seed, min_time):
    """Time empirical_step at shape (n, d, k); returns (seconds, reps, check_error, cpu seconds)."""
    W0, v0, _, X, y = make_instance(n, d, k, seed)
    check = check_empirical(W0, v0, X, y)
    W = W0.clone().requires_grad_(True)
    v = v0.clone().requires_grad_(True)

    def reset():
        with torch.no_grad():
            W.copy_(W0)
            v.copy_(v0)

    sec, reps, cpu = time_op(lambda: empirical_step(W, v, X, y), reset, min_time)
    return sec, reps, check, cpu


def bench_population(op, d, k, seed, min_time):
    """Time one population step op at shape (d, k); returns (seconds, reps, check_error, cpu seconds)."""
    W0, v0, a, _, _ = make_instance(0, d, k, seed, with_data=False)
    check = check_population(W0, v0, a)
    if op == "population_step_autograd":
        W = W0.clone().requires_grad_(True)
        v = v0.clone().requires_grad_(True)
        step = lambda: population_step_autograd(W, v, a)  # noqa: E731
    else:
        W = W0.clone()
        v = v0.clone()
        step = lambda: population_step_closed_form(W, v, a)  # noqa: E731

    def reset():
        with torch.no_grad():
            W.copy_(W0)
            v.copy_(v0)

    sec, reps, cpu = time_op(step, reset, min_time)
    return sec, reps, check, cpu


def blas_library():
    """Paths of the BLAS shared libraries loaded in this process (from /proc/self/maps),
    joined by "+" when there are several (e.g. OpenBLAS's liblapack.so.3 loads
    libopenblas.so.0 beside the reference libblas.so.3)."""
    found = []
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                path = line.split()[-1]
                if re.search(r"lib(open)?blas[^/]*\.so", os.path.basename(path)):
                    real = os.path.realpath(path)
                    if real not in found:
                        found.append(real)
    except OSError:
        pass
    return "+".join(found) or None


def parse_shape(text):
    """'n,d,k' -> (n, d, k) as ints (accepts 1e5-style numbers)."""
    parts = [int(float(p)) for p in text.split(",")]
    if len(parts) != 3 or min(parts) < 1:
        raise argparse.ArgumentTypeError("shape must be n,d,k with positive entries")
    return tuple(parts)


def main():
    """Parse the command line, run the requested ops, print one JSON line each."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--op", default="all", choices=("all",) + OPS,
                    help="operation to time (default: all three)")
    ap.add_argument("--shape", type=parse_shape, default=(100000, 100, 2),
                    help="n,d,k (default 100000,100,2); n is ignored by the population ops")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random instance")
    ap.add_argument("--min-time", type=float, default=0.5,
                    help="least seconds spent timing each op (default 0.5)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    n, d, k = args.shape
    ops = OPS if args.op == "all" else (args.op,)
    ok_all = True
    for op in ops:
        if op == "empirical_step":
            sec, reps, err, cpu = bench_empirical(n, d, k, args.seed, args.min_time)
            tol = TOL_EMPIRICAL
        else:
            sec, reps, err, cpu = bench_population(op, d, k, args.seed, args.min_time)
            tol = TOL_POPULATION
        ok = err <= tol
        ok_all &= ok
        print(json.dumps({
            "peer": "torch", "op": op,
            "n": n if op == "empirical_step" else None, "d": d, "k": k,
            "threads": torch.get_num_threads(), "seconds_per_op": sec, "cpu_seconds_per_op": cpu,
            "reps": reps, "check_error": err, "check_ok": ok, "torch_version": torch.__version__,
            "blas": blas_library(),
        }), flush=True)
    if not ok_all:
        print("torch_peer: a correctness check exceeded its tolerance", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
