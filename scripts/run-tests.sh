#!/usr/bin/env bash
# Set up, build and pass the tests (every label: core, claims, property, bench-smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
BOTHLAYERS_SETUP_GROUPS="core python" bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
