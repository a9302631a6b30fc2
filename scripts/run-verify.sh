#!/usr/bin/env bash
# The main job: set up, build the command line only (not the tests or the
# benchmarks), and print the claim-by-claim report (extra arguments go to
# `bothlayers verify`, e.g. --instances 50 --precisions double,mp:100).
set -euo pipefail
cd "$(dirname "$0")/.."
BOTHLAYERS_SETUP_GROUPS=core BOTHLAYERS_BUILD_TARGETS=bothlayers_exe bash scripts/build.sh
./build/bothlayers verify --markdown build/verify-report.md --json build/verify-report.json "$@"
