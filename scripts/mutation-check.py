#!/usr/bin/env python3
"""The project's own mutation check (outside the default test run).

Plants one realistic fault at a time (scripts/mutants.tsv: id, file, the exact
text to replace, its replacement, what the fault is), rebuilds, runs the
default test suite (ctest, every label but bench-smoke, stopping at the first
failure) and says whether the suite caught it. A mutant whose text is not
found exactly once is reported STALE (the code moved: update the table); one
that does not compile is reported INVALID (not a realistic fault). The source
tree is restored after each mutant, whatever happens.

    /usr/bin/python3 scripts/mutation-check.py [--build build-mutation] [--only ID ...] [--report FILE] [--focused]

--focused first rebuilds only the test binary of the mutated file's layer and
runs its tests (lib/ -> lib_test, `lib.*`; proofs-checks/checks/ -> checks_test,
`checks.*`; proofs-checks/claims/ and the claim files -> claims_test, `claims.*`;
cli/ -> cli_test and the CLI, `cli.*`): those tests are part of the default run,
so a failure there is a kill by the default suite. A mutant they do not kill gets
the whole build and the whole default run, as without the flag.

Exit status 0 when every valid mutant is killed or listed in
scripts/mutants-survivors.md with its reason; 1 otherwise.
"""
import argparse
import csv
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_mutants(path):
    mutants = []
    with open(path, newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 5:
                sys.exit(f"mutants.tsv: expected 5 tab-separated fields, got {len(row)}: {row[:1]}")
            mid, file, old, new, what = row
            decode = lambda s: s.encode().decode("unicode_escape")
            mutants.append(dict(id=mid, file=file, old=decode(old), new=decode(new), what=what))
    return mutants


def run(cmd, log, timeout):
    with open(log, "w") as out:
        try:
            return subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            return "timeout"


# The test binary of each layer and its ctest names (--focused).
FOCUS = [
    ("lib/", ["lib_test"], r"^lib\."),
    ("proofs-checks/checks/", ["checks_test"], r"^checks\."),
    ("proofs-checks/", ["claims_test"], r"^claims\."),
    ("cli/", ["cli_test", "bothlayers_exe"], r"^cli\."),
]


def focus_of(file):
    for prefix, targets, regex in FOCUS:
        if file.startswith(prefix):
            return targets, regex
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build-mutation")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--report", default=None, help="write the table as Markdown here")
    parser.add_argument("--jobs", default=str(os.cpu_count() or 2))
    parser.add_argument("--focused", action="store_true",
                        help="first the mutated layer's test binary and its tests; the whole suite only if they pass")
    args = parser.parse_args()
    # ccache keys on paths relative to the checkout: unchanged files are cache hits.
    os.environ.setdefault("CCACHE_BASEDIR", ROOT)
    mutants = load_mutants(os.path.join(ROOT, "scripts", "mutants.tsv"))
    if args.only:
        mutants = [m for m in mutants if m["id"] in args.only]
        mutants.sort(key=lambda m: args.only.index(m["id"]))
    survivors_doc = open(os.path.join(ROOT, "scripts", "mutants-survivors.md")).read()
    build = os.path.join(ROOT, args.build)
    os.makedirs(build, exist_ok=True)
    logs = os.path.join(build, "mutation-logs")
    os.makedirs(logs, exist_ok=True)
    if run(["cmake", "-S", ".", "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DBOTHLAYERS_BUILD_BENCH=OFF"],
           os.path.join(logs, "configure.log"), 600) != 0:
        sys.exit("configure failed: see " + logs)
    if run(["cmake", "--build", build, "-j", args.jobs], os.path.join(logs, "baseline-build.log"), 7200) != 0:
        sys.exit("the unmutated tree does not build: see " + logs)
    ctest = ["ctest", "--test-dir", build, "-j", args.jobs, "-LE", "bench-smoke", "--stop-on-failure",
             "--timeout", "900"]
    if run(ctest, os.path.join(logs, "baseline-ctest.log"), 3600) != 0:
        sys.exit("the unmutated tree fails its tests: see " + logs)
    rows = []
    for m in mutants:
        path = os.path.join(ROOT, m["file"])
        original = open(path).read() if os.path.exists(path) else None
        t0 = time.time()
        if original is None or original.count(m["old"]) != 1:
            outcome = "STALE"
        else:
            try:
                with open(path, "w") as f:
                    f.write(original.replace(m["old"], m["new"], 1))
                log = os.path.join(logs, m["id"])
                focus = focus_of(m["file"]) if args.focused else None
                outcome = None
                if focus:
                    targets, regex = focus
                    build_cmd = ["cmake", "--build", build, "-j", args.jobs]
                    for t in targets:
                        build_cmd += ["--target", t]
                    if run(build_cmd, log + ".focus-build.log", 3600) != 0:
                        outcome = "INVALID"
                    elif run(ctest + ["-R", regex], log + ".focus-ctest.log", 3600) != 0:
                        outcome = "killed"
                if outcome is None:
                    if run(["cmake", "--build", build, "-j", args.jobs], log + ".build.log", 3600) != 0:
                        outcome = "INVALID"
                    else:
                        outcome = "killed" if run(ctest, log + ".ctest.log", 3600) != 0 else "SURVIVED"
            finally:
                with open(path, "w") as f:
                    f.write(original)
        rows.append((m, outcome, time.time() - t0))
        print(f"{m['id']:<40} {outcome:<9} {time.time() - t0:6.0f} s  {m['what']}", flush=True)
    # Rebuild the restored tree so the build folder matches the sources.
    run(["cmake", "--build", build, "-j", args.jobs], os.path.join(logs, "restore-build.log"), 7200)
    valid = [r for r in rows if r[1] in ("killed", "SURVIVED")]
    killed = sum(1 for r in valid if r[1] == "killed")
    unexplained = [r[0]["id"] for r in rows if r[1] == "SURVIVED" and r[0]["id"] not in survivors_doc]
    stale = [r[0]["id"] for r in rows if r[1] in ("STALE", "INVALID")]
    summary = f"mutation score: {killed} of {len(valid)} valid mutants killed"
    print(summary + (f"; stale or invalid: {', '.join(stale)}" if stale else ""))
    if args.report:
        with open(args.report, "w") as f:
            f.write(f"# Mutation check\n\n{summary}\n\n| mutant | file | fault | outcome | seconds |\n|---|---|---|---|---|\n")
            for m, outcome, secs in rows:
                f.write(f"| `{m['id']}` | `{m['file']}` | {m['what']} | {outcome} | {secs:.0f} |\n")
    if unexplained:
        print("survivors without a test or a written reason in scripts/mutants-survivors.md: " + ", ".join(unexplained))
        return 1
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
