#!/usr/bin/python3
"""Side-by-side timings: bothlayers' benchmarks against the PyTorch and mpmath peers.

For each row it runs our Google Benchmark (JSON output) and the peer script on
the same shape, one right after the other, `--repeat` times (rows interleaved,
so a change in the shared machine's load hits both sides alike), and prints the
median of each side, the ratio peer / ours, and our fraction of the read
bandwidth (measured by the suite's probe right after the kernel).

    bench/compare_peers.py --build build                 # full comparison
    bench/compare_peers.py --build build --quick         # shorter timings
    bench/compare_peers.py --build build --openblas      # torch on OpenBLAS
    bench/compare_peers.py --build build --only population
    bench/compare_peers.py --build build --pin 0         # both sides on CPU 0

A peer whose package is missing (its script prints {"skipped": ...}) or whose
interpreter cannot run is reported as "skipped" and the row keeps our time.
Exit status 0 unless one of our benchmarks fails its correctness check (1).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

# (group, label, our suite, our benchmark name, peer script, peer args, time scale note)
ROWS = [
    ("empirical", "empirical GD step (1e5,100,2), 1 thread", "gd_bench",
     "BM_EmpiricalGdStep/double/threads:1/n:100000/d:100/k:2/real_time",
     "torch_peer.py", ["--op", "empirical_step", "--shape", "100000,100,2", "--threads", "1"]),
    ("empirical", "empirical GD step (1e5,100,2), 2 threads", "gd_bench",
     "BM_EmpiricalGdStep/double/threads:2/n:100000/d:100/k:2/real_time",
     "torch_peer.py", ["--op", "empirical_step", "--shape", "100000,100,2", "--threads", "2"]),
    ("empirical", "empirical GD step (1e5,100,16), 1 thread", "gd_bench",
     "BM_EmpiricalGdStep/double/threads:1/n:100000/d:100/k:16/real_time",
     "torch_peer.py", ["--op", "empirical_step", "--shape", "100000,100,16", "--threads", "1"]),
    ("empirical", "empirical GD step (1e5,100,16), 2 threads", "gd_bench",
     "BM_EmpiricalGdStep/double/threads:2/n:100000/d:100/k:16/real_time",
     "torch_peer.py", ["--op", "empirical_step", "--shape", "100000,100,16", "--threads", "2"]),
    ("population", "population GD step, double (k=2, d=100) vs closed form", "population_bench",
     "BM_PopulationGdStep/double/k:2/d:100",
     "torch_peer.py", ["--op", "population_step_closed_form", "--shape", "1,100,2", "--threads", "1"]),
    ("population", "population GD step, double (k=2, d=100) vs autograd", "population_bench",
     "BM_PopulationGdStep/double/k:2/d:100",
     "torch_peer.py", ["--op", "population_step_autograd", "--shape", "1,100,2", "--threads", "1"]),
]
for digits in (50, 100, 300):
    ROWS.append(("mpfr", f"population gradient, {digits} digits (k=2, d=100)", "population_bench",
                 f"BM_PopulationGradient/mp:{digits}/k:2/d:100",
                 "mpmath_peer.py", ["--op", "population_gradient", "--digits", str(digits), "--shape", "100,2"]))
    ROWS.append(("mpfr", f"population loss, {digits} digits (k=2, d=100)", "population_bench",
                 f"BM_PopulationLoss/mp:{digits}/k:2/d:100",
                 "mpmath_peer.py", ["--op", "population_loss", "--digits", str(digits), "--shape", "100,2"]))


PIN = None  # CPU both sides are pinned to (--pin); None: the scheduler decides


def pin_child():
    if PIN is not None:
        os.sched_setaffinity(0, {PIN})


def run_ours(build, suite, name, min_time):
    exe = os.path.join(build, "bench", suite)
    if not os.path.exists(exe):
        return {"error": f"{exe} not built (cmake --build {build} --target bench)"}
    pattern = "^" + re.escape(name) + "$"
    proc = subprocess.run([exe, f"--benchmark_filter={pattern}", "--benchmark_format=json",
                           f"--benchmark_min_time={min_time}"], capture_output=True, text=True,
                          preexec_fn=pin_child)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"error": f"{suite} failed: {proc.stderr.strip()[-300:]}"}
    for b in data.get("benchmarks", []):
        if b.get("run_type", "iteration") != "iteration":
            continue
        if b.get("error_occurred"):
            return {"error": b.get("error_message", "error"), "check_failed": True}
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        return {"seconds": b["real_time"] * scale, "fraction": b.get("fraction_of_read_bw"),
                "probe": b.get("probe_GBps")}
    return {"error": f"no benchmark named {name} in {suite}"}


def run_peer(script, args, min_time, openblas):
    env = dict(os.environ)
    if openblas and script.startswith("torch"):
        env["LD_LIBRARY_PATH"] = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
    try:
        proc = subprocess.run([PYTHON, os.path.join(PEERS, script), *args, "--min-time", str(min_time)],
                              capture_output=True, text=True, env=env, timeout=600,
                              preexec_fn=pin_child)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {"skipped": str(e)}
    for line in proc.stdout.splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "skipped" in rec:
            return {"skipped": rec["skipped"]}
        if "seconds_per_op" in rec:
            return {"seconds": rec["seconds_per_op"], "blas": rec.get("blas", ""), "check_ok": rec.get("check_ok")}
    return {"skipped": f"{script} printed no result (exit {proc.returncode}): {proc.stderr.strip()[-200:]}"}


def fmt_time(s):
    if s is None:
        return "-"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} us"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(os.path.dirname(HERE), "build"), help="CMake build directory")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repeats per row (median reported)")
    ap.add_argument("--quick", action="store_true", help="shorter timings (min time 0.1 s per side)")
    ap.add_argument("--openblas", action="store_true", help="run torch on Debian's OpenBLAS")
    ap.add_argument("--only", choices=("empirical", "population", "mpfr"), help="one group of rows")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--pin", type=int, metavar="CPU",
                    help="pin both sides to this CPU (on a shared VM the two vCPUs can differ by 1.5x)")
    args = ap.parse_args()
    global PIN
    PIN = args.pin
    min_time = 0.1 if args.quick else 0.5

    results, failed = [], False
    for group, label, suite, name, script, peer_args in ROWS:
        if args.only and group != args.only:
            continue
        ours, theirs, fractions = [], [], []
        note = ""
        for _ in range(args.repeat):
            o = run_ours(args.build, suite, name, min_time)
            if "error" in o:
                note = "ours: " + o["error"]
                failed |= bool(o.get("check_failed"))
                break
            ours.append(o["seconds"])
            if o.get("fraction") is not None:
                fractions.append(o["fraction"])
            p = run_peer(script, peer_args, min_time, args.openblas)
            if "skipped" in p:
                note = "peer skipped: " + p["skipped"]
            else:
                theirs.append(p["seconds"])
                if p.get("blas"):
                    note = "torch BLAS: " + os.path.basename(p["blas"])
        row = {"label": label, "ours": statistics.median(ours) if ours else None,
               "peer": statistics.median(theirs) if theirs else None,
               "fraction_of_read_bw": statistics.median(fractions) if fractions else None,
               "peer_name": script.split("_")[0], "note": note,
               "ours_all": ours, "peer_all": theirs}
        row["ratio"] = row["peer"] / row["ours"] if row["ours"] and row["peer"] else None
        results.append(row)
        ratio = f"{row['ratio']:.1f}x" if row["ratio"] else "-"
        frac = f"{row['fraction_of_read_bw']:.2f}" if row["fraction_of_read_bw"] else ""
        print(f"| {label} | {fmt_time(row['ours'])} | {row['peer_name']} {fmt_time(row['peer'])} | {ratio} | {frac} | {note} |",
              flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    print("| operation | bothlayers | peer | peer / ours | fraction of read BW | note |")
    print("| --- | --- | --- | --- | --- | --- |")
    sys.exit(main())
