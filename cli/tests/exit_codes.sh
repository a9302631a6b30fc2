#!/usr/bin/env bash
# The bothlayers binary: success exits 0, every bad input prints one line
# "bothlayers: error: ..." on stderr and exits 2, outputs are written atomically.
set -u
bin=$1; examples=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect CODE DESCRIPTION -- COMMAND...
  local code=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" != "$code" ]; then echo "FAIL $what: exit $got, expected $code"; cat "$tmp/err"; fail=1; return; fi
  if [ "$code" = 2 ]; then
    if [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -q '^bothlayers: error: ' "$tmp/err"; then
      echo "FAIL $what: expected one error line, got:"; cat "$tmp/err"; fail=1; return
    fi
  fi
  echo "ok   $what"
}
echo '{"a":[1,2],"W":[[1,2,3]],"v":[1]}' >"$tmp/dim.json"
echo '{"a":[1,2' >"$tmp/malformed.json"
echo '{"a":[1,0],"W":[[0,0],[1,1]],"v":[1,2]}' >"$tmp/zero.json"
echo '{"a":["1e999999999"],"W":[[1]],"v":[1]}' >"$tmp/inf.json"
echo '{"a":["nan"],"W":[[1]],"v":[1]}' >"$tmp/nan.json"
echo '{"a":[1],"W":[[1]],"v":[1],"X":[]}' >"$tmp/empty.json"
echo '{"d": 3, "steps": 5, "bogus": 1}' >"$tmp/badkey.json"
echo '{"d": 3, "steps": 5, "step": -1}' >"$tmp/badstep.json"
expect 0 "eval ok" -- "$bin" eval --point "$examples/point_k2_d3.json" --precision mp:40
expect 0 "eval to file" -- "$bin" eval --point "$examples/point_k2_d3.json" --out "$tmp/eval.json"
expect 2 "dimension mismatch" -- "$bin" eval --point "$tmp/dim.json"
expect 2 "malformed json" -- "$bin" eval --point "$tmp/malformed.json"
expect 2 "zero-norm neuron" -- "$bin" eval --point "$tmp/zero.json"
expect 2 "overflowing number" -- "$bin" eval --point "$tmp/inf.json"
expect 2 "nan string" -- "$bin" eval --point "$tmp/nan.json"
expect 2 "empty sample" -- "$bin" eval --point "$tmp/empty.json"
expect 2 "missing file" -- "$bin" eval --point "$tmp/none.json"
expect 2 "bad precision" -- "$bin" eval --point "$examples/point_k2_d3.json" --precision quad
expect 2 "unknown option" -- "$bin" eval --point "$examples/point_k2_d3.json" --bogus
expect 2 "unknown config key" -- "$bin" train --config "$tmp/badkey.json"
expect 2 "negative --steps" -- "$bin" train --config "$examples/figure3.json" --steps -5
expect 2 "negative --seed" -- "$bin" train --config "$examples/figure3.json" --seed -1
expect 2 "negative step" -- "$bin" train --config "$tmp/badstep.json"
expect 2 "bad --freeze" -- "$bin" train --config "$examples/figure3.json" --steps 2 --freeze both
expect 0 "train --freeze v" -- "$bin" train --config "$examples/figure3.json" --steps 5 --freeze v
grep -q '"freeze": "v"' "$tmp/out" || { echo "FAIL train --freeze v: the summary does not name the frozen layer"; fail=1; }
expect 2 "unknown claim" -- "$bin" verify --claim no.such.claim
expect 2 "bad verify precision" -- "$bin" verify --claim eq09.stable_form --precisions double,mp:x
expect 0 "verify one claim" -- "$bin" verify --claim eq09.stable_form --instances 2 --report "$tmp/report"
[ -s "$tmp/report/verify.md" ] && [ -s "$tmp/report/verify.json" ] || { echo "FAIL verify --report wrote no report"; fail=1; }
grep -q '\[1/1\]' "$tmp/err" && { echo "FAIL a progress line went to a pipe"; fail=1; }
expect 2 "verify report onto a file" -- "$bin" verify --claim eq09.stable_form --instances 1 --report "$tmp/dim.json"
expect 0 "train writes csv" -- "$bin" train --config "$examples/figure3.json" --steps 20 --out "$tmp/t.csv"
[ "$(head -c 14 "$tmp/t.csv")" = "step,loss,grad" ] || { echo "FAIL csv header"; fail=1; }
expect 0 "plot png" -- "$bin" plot --csv "$tmp/t.csv" --out "$tmp/t.png"
[ -s "$tmp/t.png" ] && [ "$(head -c 4 "$tmp/t.png" | tail -c 3)" = "PNG" ] || { echo "FAIL plot wrote no PNG"; fail=1; }
expect 2 "plot bad extension" -- "$bin" plot --csv "$tmp/t.csv" --out "$tmp/t.jpg"
expect 2 "plot not a trajectory" -- "$bin" plot --csv "$tmp/dim.json" --out "$tmp/x.png"
expect 2 "plot title with a newline (never gnuplot code)" -- "$bin" plot --csv "$tmp/t.csv" --out "$tmp/inj.png" --title "$(printf "x'\nsystem 'touch $tmp/pwned'\n")"
[ -e "$tmp/pwned" ] && { echo "FAIL a plot title ran a command"; fail=1; }
[ -e "$tmp/inj.png" ] && { echo "FAIL a rejected plot wrote its output"; fail=1; }
expect 0 "landscape saddle" -- "$bin" landscape --point "$examples/saddle_k2_d3.json" --precision mp:40
grep -q '"kind": "non_strict_saddle"' "$tmp/out" || { echo "FAIL landscape did not name the saddle"; fail=1; }
expect 0 "landscape Figure 1c slice" -- "$bin" landscape --slice "$tmp/fig1c.png" --slice-points 21
[ "$(head -c 4 "$tmp/fig1c.png" | tail -c 3)" = "PNG" ] && [ -s "$tmp/fig1c.png.csv" ] || { echo "FAIL landscape --slice wrote no figure"; fail=1; }
expect 0 "figures" -- "$bin" figures --out "$tmp/figs"
for f in figure1a figure1b figure1b_escape figure1c figure2 figure3 figure3_mp50 figure6 figure7 figure8 lemma10_scaling sample_complexity compare_precisions figure4 figure5; do
  [ "$(head -c 4 "$tmp/figs/$f.png" | tail -c 3)" = "PNG" ] || { echo "FAIL figures wrote no $f.png"; fail=1; }
done
expect 2 "figures folder with a newline" -- "$bin" figures --out "$tmp/bad
name"
[ -e "$tmp/bad
name" ] && { echo "FAIL figures created a folder it then refused"; fail=1; }
expect 2 "figures onto a file" -- "$bin" figures --out "$tmp/dim.json"
expect 2 "landscape slice of 1 point" -- "$bin" landscape --slice "$tmp/x.png" --slice-points 1
expect 2 "landscape without a job" -- "$bin" landscape
expect 2 "landscape k = 3" -- "$bin" landscape --point "$tmp/dim.json"
mkdir "$tmp/adir"
expect 2 "output onto a directory" -- "$bin" eval --point "$examples/point_k2_d3.json" --out "$tmp/adir"
[ -d "$tmp/adir" ] || { echo "FAIL a directory was replaced"; fail=1; }
expect 2 "verify negative seed (no wrap to 2^64 - 1)" -- "$bin" verify --claim eq09.stable_form --seed -1
expect 2 "verify seed past 2^64" -- "$bin" verify --claim eq09.stable_form --seed 18446744073709551616
expect 2 "verify unknown budget" -- "$bin" verify --budget huge
expect 2 "verify unknown label" -- "$bin" verify --label nothing
expect 0 "compare-precisions" -- "$bin" compare-precisions --config "$examples/figure3.json" --steps 20 --precisions double,mp:30 --csv "$tmp/cmp.csv" --json "$tmp/cmp.json" --plot "$tmp/cmp.png"
[ "$(head -c 10 "$tmp/cmp.csv")" = "precision," ] || { echo "FAIL compare-precisions csv"; fail=1; }
[ "$(head -c 4 "$tmp/cmp.png" | tail -c 3)" = "PNG" ] || { echo "FAIL compare-precisions wrote no PNG"; fail=1; }
expect 2 "compare-precisions one precision" -- "$bin" compare-precisions --config "$examples/figure3.json" --precisions double
expect 2 "compare-precisions bad tolerance" -- "$bin" compare-precisions --config "$examples/figure3.json" --tolerance 2
expect 0 "certify-trajectory Figure 3" -- "$bin" certify-trajectory --config "$examples/figure3.json" --csv "$tmp/cert.csv" --every 100
grep -q '^CERTIFIED: L < 1e-21 at step 485' "$tmp/out" || { echo "FAIL certify-trajectory did not certify Figure 3"; fail=1; }
[ "$(head -c 17 "$tmp/cert.csv")" = "step,loss_lo,loss" ] && [ "$(wc -l <"$tmp/cert.csv")" = 487 ] || { echo "FAIL certify-trajectory csv"; fail=1; }
expect 1 "certify-trajectory at 8 digits (certificate lost, not an error)" -- "$bin" certify-trajectory --config "$examples/figure3.json" --digits 8 --every 1000
expect 2 "certify-trajectory table digits out of range" -- "$bin" certify-trajectory --config "$examples/figure3.json" --steps 2 --table 16,2000
expect 2 "certify-trajectory table not a number" -- "$bin" certify-trajectory --config "$examples/figure3.json" --steps 2 --table 16,x
expect 2 "certify-trajectory digits out of range" -- "$bin" certify-trajectory --config "$examples/figure3.json" --digits 3
expect 2 "certify-trajectory unknown config key" -- "$bin" certify-trajectory --config "$tmp/badkey.json"
expect 2 "certify-trajectory missing config" -- "$bin" certify-trajectory --config "$tmp/none.json"
expect 2 "certify-trajectory csv onto a directory" -- "$bin" certify-trajectory --config "$examples/figure3.json" --steps 3 --csv "$tmp/adir"
# --format csv|json: the same document, to stdout or to --out.
expect 0 "train --format json to stdout" -- "$bin" train --config "$examples/figure3.json" --steps 5 --format json
[ "$(head -c 1 "$tmp/out")" = "{" ] && grep -q '"trajectory"' "$tmp/out" || { echo "FAIL train --format json"; fail=1; }
expect 0 "train --format csv to stdout" -- "$bin" train --config "$examples/figure3.json" --steps 5 --format csv --summary "$tmp/sum.json"
[ "$(head -c 10 "$tmp/out")" = "step,loss," ] && [ -s "$tmp/sum.json" ] || { echo "FAIL train --format csv"; fail=1; }
expect 0 "train --format json to --out" -- "$bin" train --config "$examples/figure3.json" --steps 5 --format json --out "$tmp/t.json"
grep -q '"columns"' "$tmp/t.json" && grep -q '"stop_reason"' "$tmp/out" || { echo "FAIL train --format json --out"; fail=1; }
expect 2 "train --format xml" -- "$bin" train --config "$examples/figure3.json" --steps 5 --format xml
expect 0 "eval --format csv" -- "$bin" eval --point "$examples/point_k2_d3.json" --format csv
[ "$(head -n 1 "$tmp/out")" = "key,value" ] && grep -q '^/loss,' "$tmp/out" || { echo "FAIL eval --format csv"; fail=1; }
expect 2 "eval --format yaml" -- "$bin" eval --point "$examples/point_k2_d3.json" --format yaml
expect 0 "landscape --format csv" -- "$bin" landscape --point "$examples/saddle_k2_d3.json" --precision mp:30 --format csv --out "$tmp/l.csv"
grep -q '^/kind,non_strict_saddle$' "$tmp/l.csv" || { echo "FAIL landscape --format csv"; fail=1; }
expect 0 "compare-precisions --format csv --out" -- "$bin" compare-precisions --config "$examples/figure3.json" --steps 5 --precisions double,mp:30 --format csv --out "$tmp/c.csv"
[ "$(head -c 10 "$tmp/c.csv")" = "precision," ] && [ ! -s "$tmp/out" ] || { echo "FAIL compare-precisions --format csv"; fail=1; }
expect 0 "compare-precisions --format json" -- "$bin" compare-precisions --config "$examples/figure3.json" --steps 5 --precisions double,mp:30 --format json
grep -q '"runs"' "$tmp/out" || { echo "FAIL compare-precisions --format json"; fail=1; }
expect 2 "compare-precisions --format html" -- "$bin" compare-precisions --config "$examples/figure3.json" --precisions double,mp:30 --format html
# figures: the list, one figure, an unknown name.
expect 0 "figures --list" -- "$bin" figures --list
grep -q '^figure6 ' "$tmp/out" || { echo "FAIL figures --list"; fail=1; }
expect 2 "figures unknown name" -- "$bin" figures --out "$tmp/figs2" --only figure99
[ -e "$tmp/figs2" ] && { echo "FAIL figures made a folder for an unknown figure"; fail=1; }
# verify --report links the PNGs in DIR/figures; --figures needs --report.
mkdir -p "$tmp/rep2/figures" && cp "$tmp/t.png" "$tmp/rep2/figures/t.png"
expect 0 "verify --report links figures" -- "$bin" verify --claim eq09.stable_form --instances 1 --report "$tmp/rep2"
grep -q '](figures/t.png)' "$tmp/rep2/verify.md" || { echo "FAIL verify.md does not link the figures"; fail=1; }
expect 2 "verify --figures without --report" -- "$bin" verify --claim eq09.stable_form --figures
# Progress: on a terminal (script gives a pseudo-terminal), never in a pipe (above: none in $tmp/err).
if command -v script >/dev/null; then
  for cmd in "train --config $examples/figure3.json --steps 50 --out $tmp/p.csv" \
             "compare-precisions --config $examples/figure3.json --steps 5 --precisions double,mp:30" \
             "figures --out $tmp/pfigs --only figure1c" "verify --claim eq09.stable_form --instances 1"; do
    env -u CI script -qec "$bin $cmd" "$tmp/typescript" >/dev/null 2>&1
    grep -q '\[1/' "$tmp/typescript" && echo "ok   progress on a terminal: ${cmd%% *}" || { echo "FAIL no progress on a terminal: $cmd"; fail=1; }
    CI=1 script -qec "$bin $cmd" "$tmp/typescript" >/dev/null 2>&1
    grep -q '\[1/' "$tmp/typescript" && { echo "FAIL progress shown with CI set: $cmd"; fail=1; }
  done
fi
# train --integrator flow: rows read from gradient descent's modified flow (train's columns, time, error_estimate).
echo '{"d": 3, "steps": 10, "step": "0.5"}' >"$tmp/bigstep.json"
echo '{"d": 3, "n": 20, "steps": 10, "step": "0.01"}' >"$tmp/sampled.json"
expect 0 "train --integrator flow" -- "$bin" train --config "$examples/figure3.json" --integrator flow --flow-steps 0,100,1000 --format csv
head -1 "$tmp/out" | grep -q ',time,error_estimate$' && [ "$(wc -l <"$tmp/out")" = 4 ] || { echo "FAIL train --integrator flow csv"; fail=1; }
expect 2 "flow: step too large" -- "$bin" train --config "$tmp/bigstep.json" --integrator flow
expect 2 "flow: empirical loss" -- "$bin" train --config "$tmp/sampled.json" --integrator flow
expect 2 "flow option without flow" -- "$bin" train --config "$examples/figure3.json" --flow-steps 5
expect 2 "bad --integrator" -- "$bin" train --config "$examples/figure3.json" --integrator rk4
expect 2 "bad --flow-steps" -- "$bin" train --config "$examples/figure3.json" --integrator flow --flow-steps 1,-2
expect 2 "bad --flow-order" -- "$bin" train --config "$examples/figure3.json" --integrator flow --flow-order 2
ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL temporary file left behind"; fail=1; }
exit $fail
