"""The binding's overhead: the double-precision population gradient at k = 2,
d = 100 called from Python (float64 arrays in and out) against the same call
in C++ (bench/overhead_gradient.cpp, the target bothlayers_python_overhead).

    PYTHONPATH=build/python /usr/bin/python3 python/bench/overhead.py --build build

Prints the CPU, the median time per call of each side over `repeats`
batches, and the difference (the binding's overhead per call).
"""
import argparse
import json
import os
import statistics
import subprocess
import time

import numpy as np

import bothlayers


def cpu_name():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--k", type=int, default=2)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--calls", type=int, default=20000)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--cpp", help="the C++ timer (default: BUILD/python/bothlayers_python_overhead)")
    args = p.parse_args()
    k, d = args.k, args.d
    # The point of overhead_gradient.cpp: W(i, j) = sin(1 + i d + j) / 10, v = (0.5, -0.5, ...), a = e1.
    W = np.sin(1.0 + np.arange(k * d, dtype=float)).reshape(k, d) / 10
    v = np.array([0.5 if i % 2 == 0 else -0.5 for i in range(k)])
    a = np.zeros(d)
    a[0] = 1
    grad = bothlayers.population_gradient
    grad(W, v, a)
    batches = []
    for _ in range(args.repeats):
        t0 = time.perf_counter_ns()
        for _ in range(args.calls):
            grad(W, v, a)
        batches.append((time.perf_counter_ns() - t0) / args.calls)
    py_ns = statistics.median(batches)
    exe = args.cpp or os.path.join(args.build, "python", "bothlayers_python_overhead")
    cpp = json.loads(subprocess.run([exe, str(k), str(d), str(args.calls), str(args.repeats)], capture_output=True,
                                    text=True, check=True).stdout)
    print(json.dumps({
        "cpu": cpu_name(), "k": k, "d": d, "calls": args.calls, "repeats": args.repeats,
        "python_ns_per_call": round(py_ns, 1), "python_batches_ns": [round(b, 1) for b in batches],
        "cpp_ns_per_call": cpp["ns_per_call"], "cpp_batches_ns": cpp["batches_ns"],
        "overhead_ns_per_call": round(py_ns - cpp["ns_per_call"], 1),
        "ratio": round(py_ns / cpp["ns_per_call"], 2),
        "load_average": os.getloadavg(),
    }, indent=2))


if __name__ == "__main__":
    main()
