#!/usr/bin/env bash
# The sanitizer and fuzz jobs of CI (issue 12), in their own tree
# (build-sanitize: clang 14, AddressSanitizer + UndefinedBehaviorSanitizer,
# -O1, every object also instrumented for libFuzzer's coverage), building only
# what they run:
#   1. the CLI's gtests (cli_test) and the bad-input tests (exit_codes.sh,
#      bad_inputs.sh) under ASan + UBSan; any report fails the job. The binary
#      they run (fuzz/CMakeLists.txt: bothlayers_sanitize) has every command but
#      only the claim those tests verify: the claim files are the bulk of a
#      build and run under `ctest` in the main tree;
#   2. each libFuzzer target (fuzz/) from its committed seed corpus for
#      FUZZ_SECONDS (default 30) seconds, after replaying the regression inputs
#      of every crash fuzzing has found (fuzz/regressions/<target>/).
# Usage: bash scripts/run-sanitizers.sh [sanitize|fuzz|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh core sanitize >/dev/null
what=${1:-all}
dir=${BOTHLAYERS_SANITIZE_DIR:-build-sanitize}
seconds=${FUZZ_SECONDS:-30}
jobs=${BOTHLAYERS_JOBS:-$(nproc)}
cxx=$(command -v clang++-14 || command -v clang++)
# No suppressions: every finding is fixed at its source. halt_on_error makes a
# report fail the test that triggered it; detect_leaks covers the fuzz targets too.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# This tree compiles with -g, and ccache then hashes the working folder (the
# debug info names it), so a new checkout (every CI run) missed the cache and
# rebuilt cold (17 min). Without it the objects are shared across checkouts;
# their debug info names the folder of the first build (only a debugger sees it).
export CCACHE_NOHASHDIR=1
# clang does not search GCC's private include folder, where quadmath.h (float128)
# lives; a folder holding just that header is added (not GCC's whole folder:
# its intrinsics headers would shadow clang's own).
mkdir -p "$dir/quadmath-include"
dir=$(cd "$dir" && pwd)  # absolute from here on (a relative or absolute BOTHLAYERS_SANITIZE_DIR)
for h in quadmath.h quadmath_weak.h; do
  ln -sf "$(gcc -print-file-name=include/$h)" "$dir/quadmath-include/$h"
done
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer"
flags+=" -isystem $dir/quadmath-include"
start=$(date +%s)
CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} cmake -S . -B "$dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DBOTHLAYERS_BUILD_BENCH=OFF -DBOTHLAYERS_INSTALL=OFF -DBOTHLAYERS_FUZZ=ON \
  -DBOTHLAYERS_WARNINGS=OFF >/dev/null  # the main (GCC) build carries the warnings
targets=()
[ "$what" != fuzz ] && targets+=(bothlayers_sanitize cli_test)
[ "$what" != sanitize ] && targets+=(fuzz_targets)
CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} cmake --build "$dir" -j"$jobs" --target "${targets[@]}"
echo "sanitizers: built in $(( $(date +%s) - start )) s"
if [ "$what" != fuzz ]; then
  t0=$(date +%s)
  "$dir/cli/tests/cli_test" --gtest_brief=1
  bash cli/tests/exit_codes.sh "$dir/fuzz/bothlayers" cli/examples
  bash cli/tests/bad_inputs.sh "$dir/fuzz/bothlayers" cli/examples
  echo "sanitizers: tests clean under ASan + UBSan in $(( $(date +%s) - t0 )) s"
fi
if [ "$what" != sanitize ]; then
  t0=$(date +%s)
  for target in point_json train_config trajectory_csv decimal options; do
    bin="$dir/fuzz/${target}_fuzz"
    if [ -d "fuzz/regressions/$target" ] && [ -n "$(ls -A "fuzz/regressions/$target")" ]; then
      "$bin" -runs=0 "fuzz/regressions/$target"/* >/dev/null 2>"$dir/fuzz-$target-regressions.log" ||
        { cat "$dir/fuzz-$target-regressions.log"; exit 1; }
    fi
    work="$dir/fuzz-corpus/$target"
    mkdir -p "$work" "$dir/fuzz-artifacts"
    # New inputs go to the scratch corpus; the committed one is only read.
    # The JSON readers get a dictionary of brackets and keys (deep nesting in a few mutations).
    dict=()
    case "$target" in point_json|train_config) dict=(-dict=fuzz/dict/json.dict) ;; esac
    "$bin" "${dict[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$dir/fuzz-artifacts/$target-" "$work" "fuzz/corpus/$target" 2>"$dir/fuzz-$target.log" ||
      { tail -n 60 "$dir/fuzz-$target.log"; echo "fuzz: $target found a crash (input in $dir/fuzz-artifacts/)"; exit 1; }
    echo "fuzz: $target clean: $(grep -E 'stat::number_of_executed_units' "$dir/fuzz-$target.log" | awk '{print $2}') runs in $seconds s"
  done
  echo "fuzz: all targets clean in $(( $(date +%s) - t0 )) s"
fi
