#!/usr/bin/env bash
# Set up (scripts/setup.sh), configure and build into ./build (Release, the portable
# instruction set; BOTHLAYERS_CMAKE_ARGS=-DBOTHLAYERS_MARCH=native for benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so build/ and build-consumer-check/ share hits.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
# BOTHLAYERS_SETUP_GROUPS: the package groups of setup.sh (run-verify.sh: core only).
bash scripts/setup.sh ${BOTHLAYERS_SETUP_GROUPS:-}
# Ninja for a new build folder (it overlaps the compiles of dependent targets, which
# make runs one target after another); an existing folder keeps its generator.
generator=()
if [ ! -f build/CMakeCache.txt ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release ${BOTHLAYERS_CMAKE_ARGS:-}
# BOTHLAYERS_BUILD_TARGETS: only these targets (run-verify.sh builds the CLI alone).
targets=()
for t in ${BOTHLAYERS_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build build -j"$(nproc)" "${targets[@]}"
