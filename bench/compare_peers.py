#!/usr/bin/python3
"""Side-by-side timings: bothlayers' benchmarks against the PyTorch and mpmath peers.

For each row it runs our Google Benchmark (JSON output) and the peer script on
the same shape, one right after the other, `--repeat` times (rows interleaved,
so a change in the shared machine's load hits both sides alike), and prints the
median of each side, the ratio peer / ours, and our fraction of the read
bandwidth (measured by the suite's probe right after the kernel).

    bench/compare_peers.py --build build                 # full comparison
    bench/compare_peers.py --build build --quick         # shorter timings
    bench/compare_peers.py --build build --openblas      # torch on the reference BLAS and on OpenBLAS
    bench/compare_peers.py --build build --install       # apt-get the missing peers first (root)
    bench/compare_peers.py --build build --only population
    bench/compare_peers.py --build build --pin 0         # both sides on CPU 0

Peer variants, each timed right after our side in every repeat:
- mpmath rows: mpmath with its gmpy2 backend (Debian's python3-gmpy2, what a
  researcher's install has; the headline ratio) and with the pure-Python
  backend (MPMATH_NOGMPY=1). The backend the peer reports is checked: a
  "gmpy2" row whose mpmath fell back to Python says so in its note.
- torch rows: the system libblas.so.3 (the reference BLAS unless the
  alternatives point elsewhere) and, with --openblas, Debian's OpenBLAS
  (libopenblas0-pthread, selected per run with LD_LIBRARY_PATH; installed by
  the script when missing, after which the libblas.so.3 and liblapack.so.3
  alternatives are set back to the reference libraries so that nothing else
  changes). The BLAS each run
  loaded is checked and named in the note.
A peer whose package is missing (its script prints {"skipped": ...}) or whose
interpreter cannot run is reported as "skipped" and the row keeps our time;
--install apt-gets python3-torch, python3-mpmath, python3-gmpy2 and
python3-numpy first when one of them is missing.
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
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
REFERENCE_BLAS = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"
REFERENCE_LAPACK = "/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3"
PEER_PACKAGES = {"torch": "python3-torch", "mpmath": "python3-mpmath", "gmpy2": "python3-gmpy2",
                 "numpy": "python3-numpy"}


def variants(script, openblas):
    """(name, extra environment, expected backend check) of each peer run of a row."""
    if script.startswith("mpmath"):
        return [("mpmath+gmpy2", {}, "gmpy"), ("mpmath (pure Python)", {"MPMATH_NOGMPY": "1"}, "python")]
    out = [("torch (system BLAS)", {}, None)]
    if openblas:
        out.append(("torch (OpenBLAS)", {"LD_LIBRARY_PATH": OPENBLAS_DIR}, "openblas"))
    return out


def apt_install(packages):
    """apt-get install the Debian packages (root only); a one-line reason on failure."""
    if os.geteuid() != 0:
        return "not root: install " + " ".join(packages) + " by hand"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            return f"{' '.join(cmd)} failed: {proc.stderr.strip()[-200:]}"
    return None


def install_missing_peers():
    """apt-get the peer packages /usr/bin/python3 cannot import."""
    missing = [pkg for mod, pkg in PEER_PACKAGES.items()
               if subprocess.run([PYTHON, "-c", f"import {mod}"], capture_output=True).returncode != 0]
    if missing:
        print(f"installing {' '.join(missing)}", file=sys.stderr, flush=True)
        why = apt_install(missing)
        if why:
            print(why, file=sys.stderr)


def ensure_openblas():
    """Install Debian's OpenBLAS when missing, keeping the reference BLAS as the system default."""
    if os.path.exists(os.path.join(OPENBLAS_DIR, "libblas.so.3")):
        return None
    print("installing libopenblas0-pthread (for --openblas)", file=sys.stderr, flush=True)
    why = apt_install(["libopenblas0-pthread"])
    if why:
        return why
    # Installing OpenBLAS points libblas.so.3 and liblapack.so.3 at it (OpenBLAS's liblapack also
    # loads libopenblas.so.0 into torch); set both back.
    for name, path in (("libblas.so.3-x86_64-linux-gnu", REFERENCE_BLAS),
                       ("liblapack.so.3-x86_64-linux-gnu", REFERENCE_LAPACK)):
        if os.path.exists(path):
            subprocess.run(["update-alternatives", "--set", name, path], capture_output=True)
    return None if os.path.exists(os.path.join(OPENBLAS_DIR, "libblas.so.3")) else "OpenBLAS not found after install"


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
        return {"seconds": b["real_time"] * scale, "cpu": b["cpu_time"] * scale, "fraction": b.get("fraction_of_read_bw"),
                "probe": b.get("probe_GBps")}
    return {"error": f"no benchmark named {name} in {suite}"}


def run_peer(script, args, min_time, extra_env):
    env = dict(os.environ)
    env.update(extra_env)
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
            return {"seconds": rec["seconds_per_op"], "cpu": rec.get("cpu_seconds_per_op"),
                    "blas": rec.get("blas", ""), "check_ok": rec.get("check_ok"),
                    "backend": rec.get("mpmath_backend", "")}
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
    ap.add_argument("--openblas", action="store_true",
                    help="also run torch on Debian's OpenBLAS (installed when missing)")
    ap.add_argument("--install", action="store_true",
                    help="apt-get the peer packages /usr/bin/python3 cannot import (root)")
    ap.add_argument("--only", choices=("empirical", "population", "mpfr"), help="one group of rows")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--pin", type=int, metavar="CPU",
                    help="pin both sides to this CPU (on a shared VM the two vCPUs can differ by 1.5x)")
    args = ap.parse_args()
    global PIN
    PIN = args.pin
    min_time = 0.1 if args.quick else 0.5

    if args.install:
        install_missing_peers()
    if args.openblas:
        why = ensure_openblas()
        if why:
            print(f"--openblas: {why}", file=sys.stderr)

    results, failed = [], False
    for group, label, suite, name, script, peer_args in ROWS:
        if args.only and group != args.only:
            continue
        runs = variants(script, args.openblas)
        ours, ours_cpu, fractions = [], [], []
        theirs = {v[0]: [] for v in runs}
        theirs_cpu = {v[0]: [] for v in runs}
        notes = {v[0]: "" for v in runs}
        note = ""
        for _ in range(args.repeat):
            o = run_ours(args.build, suite, name, min_time)
            if "error" in o:
                note = "ours: " + o["error"]
                failed |= bool(o.get("check_failed"))
                break
            ours.append(o["seconds"])
            ours_cpu.append(o["cpu"])
            if o.get("fraction") is not None:
                fractions.append(o["fraction"])
            for vname, env, expect in runs:
                p = run_peer(script, peer_args, min_time, env)
                if "skipped" in p:
                    notes[vname] = "peer skipped: " + p["skipped"]
                    continue
                theirs[vname].append(p["seconds"])
                if p.get("cpu") is not None:
                    theirs_cpu[vname].append(p["cpu"])
                loaded = p.get("backend") or "+".join(os.path.basename(x) for x in (p.get("blas") or "").split("+") if x)
                if expect and expect not in loaded:
                    notes[vname] = f"expected {expect}, the peer ran on {loaded or 'unknown'}"
                elif loaded and not notes[vname]:
                    notes[vname] = ("mpmath backend: " if p.get("backend") else "torch BLAS: ") + loaded
        for vname, _, _ in runs:
            row = {"label": label, "peer_name": vname, "ours": statistics.median(ours) if ours else None,
                   "peer": statistics.median(theirs[vname]) if theirs[vname] else None,
                   "fraction_of_read_bw": statistics.median(fractions) if fractions else None,
                   "note": note or notes[vname], "ours_all": ours, "peer_all": theirs[vname]}
            row["ratio"] = row["peer"] / row["ours"] if row["ours"] and row["peer"] else None
            oc = statistics.median(ours_cpu) if ours_cpu else None
            pc = statistics.median(theirs_cpu[vname]) if theirs_cpu[vname] else None
            row.update(ours_cpu=oc, peer_cpu=pc, cpu_ratio=pc / oc if oc and pc else None)
            results.append(row)
            ratio = f"{row['ratio']:.1f}x" if row["ratio"] else "-"
            if row["cpu_ratio"]:
                ratio += f" (CPU {fmt_time(oc)} vs {fmt_time(pc)}: {row['cpu_ratio']:.1f}x)"
            frac = f"{row['fraction_of_read_bw']:.2f}" if row["fraction_of_read_bw"] else ""
            print(f"| {label} | {fmt_time(row['ours'])} | {vname} {fmt_time(row['peer'])} | {ratio} | {frac} | "
                  f"{row['note']} |", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    print("| operation | bothlayers | peer | peer / ours (wall; CPU) | fraction of read BW | note |")
    print("| --- | --- | --- | --- | --- | --- |")
    sys.exit(main())
