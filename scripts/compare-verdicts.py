#!/usr/bin/env python3
"""Compare `bothlayers verify --json` reports of the same claims built differently
(scripts/compare-isa.sh): every claim's verdict must agree across the builds at
each seed; the spread of its worst margin across builds is recorded.

  compare-verdicts.py --dir DIR --configs x86-64-off x86-64-v3-fast ... --seeds 20260101 1
                      [--out comparison.md]

Reads DIR/<config>-<seed>.json. Writes a Markdown table (claims whose margins
differ, the largest spread first) and exits 1 when a verdict differs, 0 otherwise.
With --exact every field of every claim's record must be equal (a refactoring
that must not move a bit: margins, worst cases, notes, instance counts), except
the wall-clock seconds some notes quote ("0.87 s"), which are masked.
"""
import argparse
import json
import math
import os
import re
import sys

SECONDS = re.compile(r"\b\d+(\.\d+)? s\b")


def without_seconds(value):
    """A record field with the wall-clock seconds it quotes masked (--exact)."""
    return SECONDS.sub("<t> s", value) if isinstance(value, str) else value


def margin(value):
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--configs", nargs="+", required=True)
    ap.add_argument("--seeds", nargs="+", required=True)
    ap.add_argument("--out")
    ap.add_argument("--exact", action="store_true", help="every field of every record must be equal")
    args = ap.parse_args()
    if len(args.configs) < 2:
        print("compare-verdicts: fewer than two builds to compare", file=sys.stderr)
        return 2
    disagreements, spreads, lines = [], [], []
    compared = 0
    for seed in args.seeds:
        reports = {}
        for config in args.configs:
            path = os.path.join(args.dir, f"{config}-{seed}.json")
            with open(path) as f:
                reports[config] = {c["id"]: c for c in json.load(f)["claims"]}
        ids = sorted(set().union(*[set(r) for r in reports.values()]))
        for cid in ids:
            rows = {cfg: reports[cfg].get(cid) for cfg in args.configs}
            if any(r is None for r in rows.values()):
                disagreements.append((seed, cid, "missing in " + ", ".join(c for c, r in rows.items() if r is None)))
                continue
            compared += 1
            verdicts = {cfg: (r["verdict"], r["as_expected"]) for cfg, r in rows.items()}
            if len(set(verdicts.values())) > 1:
                disagreements.append((seed, cid, "; ".join(f"{c}: {v[0]}" for c, v in verdicts.items())))
            elif args.exact:
                first = rows[args.configs[0]]
                for cfg, r in rows.items():
                    fields = sorted(k for k in set(first) | set(r)
                                    if without_seconds(first.get(k)) != without_seconds(r.get(k)))
                    if fields:
                        disagreements.append((seed, cid, f"{cfg} differs from {args.configs[0]} in "
                                              + ", ".join(f"{k} ({first.get(k)!r} vs {r.get(k)!r})"[:300] for k in fields)))
            ms = [margin(r["worst_margin"]) for r in rows.values()]
            finite = [m for m in ms if math.isfinite(m)]
            if len(finite) == len(ms) and finite:
                spread = max(finite) - min(finite)
                if spread > 0:
                    spreads.append((spread, seed, cid, min(finite), max(finite), rows[args.configs[0]]["margin_unit"]))
            elif len(set(str(m) for m in ms)) > 1:
                spreads.append((math.inf, seed, cid, min(ms), max(ms), rows[args.configs[0]]["margin_unit"]))
    spreads.sort(reverse=True)
    lines.append("# Verdicts across builds\n")
    lines.append(f"Builds: {', '.join(args.configs)}; seeds: {', '.join(args.seeds)}; "
                 f"{compared} claim runs compared.\n")
    if disagreements:
        lines.append(f"**{len(disagreements)} verdicts differ:**\n")
        for seed, cid, what in disagreements:
            lines.append(f"- seed {seed}, `{cid}`: {what}")
        lines.append("")
    else:
        lines.append("Every verdict agrees.\n")
    lines.append(f"{len(spreads)} claim runs have a worst margin that moves between builds "
                 f"({compared - len(spreads)} identical to the last bit).\n")
    if spreads:
        lines.append("| spread | seed | claim | smallest | largest | unit |")
        lines.append("|---|---|---|---|---|---|")
        for spread, seed, cid, lo, hi, unit in spreads[:40]:
            lines.append(f"| {spread:.3g} | {seed} | `{cid}` | {lo:.6g} | {hi:.6g} | {unit} |")
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
