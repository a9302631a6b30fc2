#!/usr/bin/env bash
# The report carries no wall-clock time (timings go to --timings only), so it is
# byte-identical across runs, --jobs and machines. Runs the claims that time
# themselves (the flow chains, a branch and bound, the certified trajectory) twice,
# compares the JSON reports byte for byte and searches them for a duration
# ("0.53 s", "12 ms"); the search is checked first on a planted line (control).
set -u
bin=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
claims=(--claim thm2.flow_chain_paper_constants --claim control.thm2_flow_chain_short_t2 --claim lemma13.certificate
        --claim thm2.figure3_certified_trajectory)
has_duration() { grep -Eo '[0-9]+(\.[0-9]+)? ?(s|ms|sec|seconds)[,;) ]' "$1" | head -3; }
printf '{"note": "chain (d=2): 0.53 s, 17918 integrator steps"}\n' >"$tmp/planted.json"
if [ -z "$(has_duration "$tmp/planted.json")" ]; then echo "FAIL the duration search misses a planted '0.53 s'"; exit 1; fi
fail=0
for run in 1 2; do
  "$bin" verify "${claims[@]}" --jobs 1 --json "$tmp/run$run.json" >/dev/null || { echo "FAIL verify run $run"; exit 1; }
done
if ! cmp -s "$tmp/run1.json" "$tmp/run2.json"; then echo "FAIL two runs' reports differ"; diff "$tmp/run1.json" "$tmp/run2.json" | head -6; fail=1; fi
found=$(has_duration "$tmp/run1.json")
if [ -n "$found" ]; then echo "FAIL the report carries durations: $found"; fail=1; fi
[ $fail = 0 ] && echo "ok: the report carries no clock and two runs give the same bytes"
exit $fail
