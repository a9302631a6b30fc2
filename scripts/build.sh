#!/usr/bin/env bash
# Set up (scripts/setup.sh), configure and build into ./build (Release, -march=native).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${BOTHLAYERS_CMAKE_ARGS:-}
cmake --build build -j"$(nproc)"
