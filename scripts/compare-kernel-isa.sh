#!/usr/bin/env bash
# The same report at every instruction-set level of the empirical kernel
# (lib/include/bothlayers/empirical_kernel_isa.hpp): run `verify` on the claims
# that spend their time in the double empirical kernel once per level this build
# and CPU have (BOTHLAYERS_KERNEL_ISA=baseline, x86-64-v3, x86-64-v4), and
# require every field of every claim's record to be equal, margins to the last
# bit (scripts/compare-verdicts.py --exact; wall-clock seconds in notes aside).
#
#   bash scripts/compare-kernel-isa.sh BIN [--claims "id ..."] [--seeds "1 ..."]
#        [--budget small] [--out DIR]
#
# The default sample: lemmas 10 and 11 and their controls, the fused kernel
# against the population (2 threads), eq. (13) on a sample, and the drift of
# Lemma 3 along empirical GD. ctest runs it (label core, cli.kernel_isa_report).
# Exit 0 when the reports are equal, 1 when one differs, 2 on bad usage.
set -euo pipefail
bin=${1:?usage: compare-kernel-isa.sh BIN [--claims ...] [--seeds ...] [--budget B] [--out DIR]}
shift
claims="lemma10.uniform_concentration_scaling control.lemma10_planted_direction
lemma11.gradient_deviation_scaling control.lemma11_linear_in_d_over_n empirical.matches_population
eq13.identity_empirical lemma03.imbalance_update_empirical control.lemma03_first_order"
seeds="1 2"
budget=small
script=compare-kernel-isa
source "$(dirname "$0")/verify-sample-options.sh" "$@"
levels=()
for level in baseline x86-64-v3 x86-64-v4; do
  # A level this build or CPU lacks is refused before any work (exit 2, one line): skipped, and said.
  if ! BOTHLAYERS_KERNEL_ISA=$level "$bin" verify --list >/dev/null 2>"$out/refused-$level.txt"; then
    if [ "$level" = baseline ]; then  # every build has it: its refusal is a broken binary
      echo "compare-kernel-isa: the baseline level was refused: $(cat "$out/refused-$level.txt")" >&2
      exit 2
    fi
    echo "compare-kernel-isa: $level not available here: $(cat "$out/refused-$level.txt")"
    continue
  fi
  for seed in $seeds; do
    start=$(date +%s)
    BOTHLAYERS_KERNEL_ISA=$level "$bin" verify "${args[@]}" --budget "$budget" --seed "$seed" \
      --json "$out/$level-$seed.json" >/dev/null || [ $? -eq 1 ]
    [ -s "$out/$level-$seed.json" ] || { echo "compare-kernel-isa: verify wrote no report at $level, seed $seed" >&2; exit 2; }
    echo "compare-kernel-isa: $level seed $seed: $(( $(date +%s) - start )) s"
  done
  levels+=("$level")
done
if [ "${#levels[@]}" -lt 2 ]; then
  echo "compare-kernel-isa: only ${levels[*]} runs here, nothing to compare"
  exit 0
fi
# Negative control: the same comparison must see one worst margin moved by one ulp.
seed=${seeds%% *}
python3 - "$out/${levels[0]}-$seed.json" "$out/ulp-moved-$seed.json" <<'PY'
import json, math, sys
report = json.load(open(sys.argv[1]))
for claim in report["claims"]:
    m = claim.get("worst_margin")
    if isinstance(m, float) and math.isfinite(m) and m != 0:
        claim["worst_margin"] = math.nextafter(m, math.inf)
        break
json.dump(report, open(sys.argv[2], "w"))
PY
if python3 "$(dirname "$0")/compare-verdicts.py" --exact --dir "$out" --configs "${levels[0]}" ulp-moved \
  --seeds "$seed" >/dev/null; then
  echo "compare-kernel-isa: the comparison did not see a margin moved by one ulp: it is blind" >&2
  exit 1
fi
python3 "$(dirname "$0")/compare-verdicts.py" --exact --dir "$out" --configs "${levels[@]}" --seeds $seeds \
  --out "$out/kernel-isa.md"
