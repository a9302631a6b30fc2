#!/usr/bin/env bash
# The same report on every machine (issue 21): build the command line at several
# instruction-set levels, with and without FMA contraction, run `verify` at
# several seeds on each, and compare. Every claim's verdict must agree across
# builds; the spread of each claim's worst margin is recorded.
#
#   bash scripts/compare-isa.sh [--levels "x86-64 x86-64-v3 x86-64-v4 native"]
#        [--contract "off fast"] [--seeds "20260101 1 2 3"] [--budget default]
#        [--jobs N] [--out DIR] [--cheap] [--configs "x86-64:off x86-64-v4:fast"]
#
# --configs: exactly these LEVEL:CONTRACT builds (instead of every level times every contraction).
# --cheap (CI): the portable default against x86-64-v3 with FMA contraction
# (the build that differs most in its last bits; x86-64 without contraction
# where the CPU lacks AVX2/FMA), budget small, the default seed.
# Levels this CPU cannot run are skipped and said. Builds go to build-isa/<level>-<contract>
# (the portable default without contraction reuses ./build when it exists).
# Exit 0 when every verdict agrees, 1 when one differs, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
levels="x86-64 x86-64-v3 x86-64-v4 native"
contracts="off fast"
seeds="20260101 1 2 3"
budget=default
jobs=$(nproc)
out=build-isa/reports
cheap=0
configs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --levels) levels=$2; shift 2 ;;
    --contract) contracts=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --cheap) cheap=1; shift ;;
    --configs) configs=$2; shift 2 ;;
    *) echo "compare-isa: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
runs_here() {
  case "$1" in
    x86-64|native) return 0 ;;
    x86-64-v2) has sse4_2 popcnt ssse3 ;;
    x86-64-v3) has avx2 fma bmi2 movbe ;;
    x86-64-v4) has avx512f avx512bw avx512cd avx512dq avx512vl ;;
    *) return 0 ;;
  esac
}
if [ "$cheap" = 1 ]; then
  seeds=20260101
  budget=small
  if runs_here x86-64-v3; then configs="x86-64:off x86-64-v3:fast"; else configs="x86-64:off x86-64:fast"; fi
elif [ -z "$configs" ]; then
  for l in $levels; do for c in $contracts; do configs+="$l:$c "; done; done
fi
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
mkdir -p "$out"
built=()
for config in $configs; do
  level=${config%%:*} contract=${config##*:}
  if ! runs_here "$level"; then
    echo "compare-isa: skipping $level (this CPU lacks its instructions)"
    continue
  fi
  march=$level
  [ "$level" = x86-64 ] && march=""  # the portable default: the compiler's own target
  fma=OFF
  [ "$contract" = fast ] && fma=ON
  dir=build-isa/$level-$contract
  if [ -z "$march" ] && [ "$fma" = OFF ] && [ -x build/bothlayers ]; then
    dir=build
  else
    echo "compare-isa: building $dir (-march=${march:-default}, fp-contract=$contract)"
    generator=()
    if [ ! -f "$dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
    cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DBOTHLAYERS_MARCH="$march" -DBOTHLAYERS_FP_CONTRACT=$fma \
      -DBOTHLAYERS_BUILD_TESTS=OFF -DBOTHLAYERS_BUILD_BENCH=OFF -DBOTHLAYERS_INSTALL=OFF >"$out/configure-$level-$contract.log"
    cmake --build "$dir" -j"$(nproc)" --target bothlayers_exe >"$out/build-$level-$contract.log" 2>&1 \
      || { tail -30 "$out/build-$level-$contract.log"; exit 2; }
  fi
  for seed in $seeds; do
    start=$(date +%s)
    # exit 1 (a claim not as expected) is a result to compare, not a failure of this script
    "$dir/bothlayers" verify --budget "$budget" --seed "$seed" --jobs "$jobs" \
      --json "$out/$level-$contract-$seed.json" >/dev/null || [ $? -eq 1 ]
    echo "compare-isa: $level fp-contract=$contract seed $seed: $(( $(date +%s) - start )) s"
  done
  built+=("$level-$contract")
done
/usr/bin/python3 scripts/compare-verdicts.py --out "$out/comparison.md" \
  --seeds $seeds --configs "${built[@]}" --dir "$out"
