#!/bin/sh
# Smoke run of one benchmark suite (ctest label bench-smoke): tiny grids
# (BOTHLAYERS_BENCH_SMOKE=1, set by ctest), a few iterations each. Fails when
# the suite fails or any benchmark reports an error (a correctness check after
# its timed loop failed).
set -eu
suite="$1"
out=$(BOTHLAYERS_BENCH_SMOKE=1 "$suite" --benchmark_min_time=0.001 --benchmark_repetitions=1 2>&1) || {
  echo "$out"; echo "bench smoke: $suite exited with an error"; exit 1; }
echo "$out"
if echo "$out" | grep -q "ERROR OCCURRED"; then
  echo "bench smoke: a correctness check failed in $suite"; exit 1
fi
