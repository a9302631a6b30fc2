#!/usr/bin/env bash
# verify and sweep split over worker processes (--jobs) and checkpointed
# (--checkpoint / --resume): the same report, byte for byte, at any --jobs,
# run after run, and after a kill -9 and a resume; timings only in their own file.
set -u
bin=$1; examples=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
same() {  # same FILE1 FILE2 WHAT
  if cmp -s "$1" "$2"; then echo "ok   $3"; else echo "FAIL $3"; diff "$1" "$2" | head -6; fail=1; fi
}
refused() {  # refused WHAT -- COMMAND...: exit 2 with one error line
  local what=$1; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ]; then echo "ok   $what"; else echo "FAIL $what: exit $got"; cat "$tmp/err"; fail=1; fi
}
# Kill -9 COMMAND... once FILE exists (its first unit is checkpointed); prints how many units it had.
kill_after_first() {
  local file=$1; shift
  "$@" >/dev/null 2>&1 & local pid=$!
  for _ in $(seq 1 600); do [ -s "$file" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  grep -o '"[0-9]*": "' "$file" 2>/dev/null | wc -l
}
claims=(--claim eq09.stable_form --claim control.eq11_flipped_target_sign --claim lemma13.certificate
        --claim control.lemma03_bound_tightened --claim thm2.linear_rate --claim eq14.hessian_fd)

for j in 1 2 3; do "$bin" verify "${claims[@]}" --jobs $j --report "$tmp/v$j" >"$tmp/v$j.txt" || { echo "FAIL verify --jobs $j"; fail=1; }; done
for j in 2 3; do
  same "$tmp/v1/verify.json" "$tmp/v$j/verify.json" "verify.json --jobs 1 = --jobs $j"
  same "$tmp/v1/verify.md" "$tmp/v$j/verify.md" "verify.md --jobs 1 = --jobs $j"
done
"$bin" verify "${claims[@]}" --jobs 2 --json "$tmp/again.json" --timings "$tmp/again-timings.json" >/dev/null
same "$tmp/v1/verify.json" "$tmp/again.json" "verify.json run after run"
grep -q '"seconds"\| s (\|steps/s' "$tmp/v1/verify.json" && { echo "FAIL a timing in verify.json"; fail=1; }
grep -q '"seconds"' "$tmp/v2/verify-timings.json" && grep -q '"seconds"' "$tmp/again-timings.json" \
  && grep -q 'GD steps in' "$tmp/v2/verify-timings.json" || { echo "FAIL verify-timings.json lacks the timings"; fail=1; }

"$bin" verify "${claims[@]}" --jobs 2 --longest-first "$tmp/v2/verify-timings.json" --json "$tmp/lf.json" >/dev/null
same "$tmp/v1/verify.json" "$tmp/lf.json" "verify --longest-first (from a timings file) = unit order"
refused "verify --longest-first of a non-timings file" -- "$bin" verify --claim eq09.stable_form --longest-first "$examples/point_k2_d3.json"

n=$(kill_after_first "$tmp/v.ckpt" "$bin" verify "${claims[@]}" --jobs 1 --checkpoint "$tmp/v.ckpt")
echo "     verify killed with $n of $((${#claims[@]} / 2)) claims checkpointed"
"$bin" verify "${claims[@]}" --jobs 2 --resume "$tmp/v.ckpt" --report "$tmp/vr" >/dev/null
same "$tmp/v1/verify.json" "$tmp/vr/verify.json" "verify killed and resumed = unkilled"
refused "verify --checkpoint onto an existing checkpoint" -- "$bin" verify "${claims[@]}" --checkpoint "$tmp/v.ckpt"
refused "verify --resume with other options" -- "$bin" verify "${claims[@]}" --seed 7 --resume "$tmp/v.ckpt"
refused "verify --checkpoint and --resume" -- "$bin" verify --claim eq09.stable_form --checkpoint "$tmp/a" --resume "$tmp/b"
refused "verify --jobs 0" -- "$bin" verify --claim eq09.stable_form --jobs 0
refused "verify --resume of a non-checkpoint" -- "$bin" verify --claim eq09.stable_form --resume "$examples/figure3.json"

sweep=(sweep --config "$examples/sweep_sigma_d.json")
"$bin" "${sweep[@]}" --jobs 1 --csv "$tmp/s1.csv" --json "$tmp/s1.json" --timings "$tmp/s1-timings.json" || { echo "FAIL sweep"; fail=1; }
[ "$(wc -l <"$tmp/s1.csv")" = 13 ] && head -1 "$tmp/s1.csv" | grep -q '^run,d,sigma,seed,precision,' \
  || { echo "FAIL sweep table shape"; head -2 "$tmp/s1.csv"; fail=1; }
"$bin" "${sweep[@]}" --jobs 2 --json "$tmp/s2.json" >"$tmp/s2.csv"
same "$tmp/s1.csv" "$tmp/s2.csv" "sweep CSV --jobs 1 = --jobs 2 (stdout)"
same "$tmp/s1.json" "$tmp/s2.json" "sweep JSON --jobs 1 = --jobs 2"
grep -q '"seconds"' "$tmp/s1.json" && { echo "FAIL a timing in sweep JSON"; fail=1; }
grep -q '"seconds"' "$tmp/s1-timings.json" || { echo "FAIL sweep timings"; fail=1; }
"$bin" "${sweep[@]}" --jobs 2 --longest-first "$tmp/s1-timings.json" --csv "$tmp/slf.csv"
same "$tmp/s1.csv" "$tmp/slf.csv" "sweep --longest-first = unit order"
# A slower sweep (12 runs of 0.2-2 s) for the kill: some runs done, some not.
slow=(sweep --config "$examples/sweep_sample_size.json")
"$bin" "${slow[@]}" --jobs 2 --csv "$tmp/slow.csv" --json "$tmp/slow.json" || { echo "FAIL slow sweep"; fail=1; }
n=$(kill_after_first "$tmp/s.ckpt" "$bin" "${slow[@]}" --jobs 2 --checkpoint "$tmp/s.ckpt" --csv "$tmp/never.csv")
echo "     sweep killed with $n of 12 runs checkpointed"
[ -e "$tmp/never.csv" ] && { echo "FAIL a killed sweep wrote its table"; fail=1; }
"$bin" "${slow[@]}" --jobs 1 --resume "$tmp/s.ckpt" --csv "$tmp/sr.csv" --json "$tmp/sr.json"
same "$tmp/slow.csv" "$tmp/sr.csv" "sweep killed and resumed = unkilled (CSV)"
same "$tmp/slow.json" "$tmp/sr.json" "sweep killed and resumed = unkilled (JSON)"
echo '{"grid": {"d": [3, 0]}}' >"$tmp/bad-sweep.json"
refused "sweep with a bad run" -- "$bin" sweep --config "$tmp/bad-sweep.json"
refused "sweep --jobs -1" -- "$bin" "${sweep[@]}" --jobs -1
exit $fail
