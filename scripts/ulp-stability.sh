#!/usr/bin/env bash
# Every verdict must survive a one-ulp move of its instance (issue 21): run
# `verify` on a sample of claims as drawn and with --perturb-ulp (each nonzero
# floating input of every instance moved to its neighbouring double, up or
# down as the instance seed says), at several seeds, and compare the verdicts
# (scripts/compare-verdicts.py; the margins' spread is in DIR/ulp-stability.md).
#
#   bash scripts/ulp-stability.sh BIN [--claims "id ..."] [--seeds "20260101 ..."]
#        [--budget small] [--out DIR]
#
# The default sample: the point-instance lemmas (8, 9, 12, 13) and Theorem 1's
# points, GD end points and stationary search, the closed forms, lemmas 4-5
# along GD runs, each with its control. ctest runs it at --budget small
# (label core, cli.ulp_stability). Exit 0 when every verdict agrees, 1 when
# one differs, 2 on bad usage.
set -euo pipefail
bin=${1:?usage: ulp-stability.sh BIN [--claims ...] [--seeds ...] [--budget B] [--out DIR]}
shift
claims="lemma08.pl control.lemma08_pl_tightened lemma09.hessian_bounded lemma12.gradient_vs_distance
control.lemma12_tightened lemma13.loss_lower_bound thm1.points_stationary control.thm1_on_set_not_stationary
thm1.off_set_not_stationary thm1.gd_ends_at_optimum_or_saddle control.thm1_gd_wrong_saddle_set
thm1.stationary_set_complete eq11.gradient_fd eq13.identity_random_points invariance.rotation
control.invariance_rotate_w_only lemma04.angles_invariant lemma05.norms_invariant control.lemma05_c2_tightened"
seeds="20260101 1"
budget=small
script=ulp-stability
source "$(dirname "$0")/verify-sample-options.sh" "$@"
for seed in $seeds; do
  "$bin" verify "${args[@]}" --budget "$budget" --seed "$seed" --json "$out/exact-$seed.json" >/dev/null || true
  "$bin" verify "${args[@]}" --budget "$budget" --seed "$seed" --perturb-ulp --json "$out/ulp-$seed.json" >/dev/null || true
  for f in exact ulp; do
    [ -s "$out/$f-$seed.json" ] || { echo "ulp-stability: verify wrote no $f report at seed $seed" >&2; exit 2; }
  done
done
python3 "$(dirname "$0")/compare-verdicts.py" --dir "$out" --configs exact ulp --seeds $seeds --out "$out/ulp-stability.md"
