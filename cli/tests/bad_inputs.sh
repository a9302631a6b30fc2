#!/usr/bin/env bash
# The hostile-input audit (issue 12): bad and odd inputs to every command at
# every scalar type. Each case states the exit code it must get (2: one line
# "bothlayers: error: ..." on stderr, nothing on stdout; 0: success) and, where
# it matters, what must (not) be on disk afterwards. No crash, hang, stray
# output or silent inf/NaN passes.
#   bad_inputs.sh BIN EXAMPLES [TABLE.md]
# With TABLE.md it also writes the README table "input | what it gets" with
# the messages as they were printed ($T stands for the scratch folder).
set -u
bin=$1; examples=$2; table=${3:-}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0; count=0
rows=()
# run CODE "INPUT AS SHOWN" -- COMMAND...   (a case; timeout: nothing may hang)
run() {
  local code=$1 what=$2; shift 3
  count=$((count + 1))
  timeout 120 "$@" >"$T/out" 2>"$T/err"; local got=$?
  local said
  said=$(head -c 300 "$T/err" | head -n 1 | sed "s|$T|\$T|g")
  if [ "$got" != "$code" ]; then
    echo "FAIL $what: exit $got, expected $code"; head -c 600 "$T/err"; fail=1
  elif [ "$code" = 2 ] && { [ "$(wc -l <"$T/err")" != 1 ] || ! grep -q '^bothlayers: error: ' "$T/err" || [ -s "$T/out" ]; }; then
    echo "FAIL $what: expected one error line and no output, got:"; head -c 600 "$T/err"; head -c 200 "$T/out"; fail=1
  else
    echo "ok   $what"
  fi
  local shown=${said#bothlayers: error: }
  [ "$code" = 0 ] && shown="exit 0"
  [ "$code" = 0 ] && [ -n "${note:-}" ] && shown="exit 0: $note"
  [ "$code" = 2 ] && shown="exit 2: $shown"
  rows+=("| \`${what//|/\\|}\` | ${shown//|/\\|} |")
  note=""
}
bad() { local what=$1; shift; run 2 "$what" -- "$@"; }
good() { local what=$1; shift; run 0 "$what" -- "$@"; }
check() {  # check "DESCRIPTION" TEST... : a postcondition on disk
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
point() {  # point NAME JSON: a point file
  printf '%s\n' "$2" >"$T/$1.json"
}
config() {
  printf '%s\n' "$2" >"$T/$1.json"
}
P="$examples/point_k2_d3.json"
C="$examples/figure3.json"

# --- numbers at every scalar type: eval's point reader and parse_scalar ---------
for prec in double long-double float128 bin-float-50 mp:30; do
  for n in 1e9223372036854775808 1e99999999999999999999999999 -1e99999999999999999999999999 1e400000000000; do
    point num "{\"a\":[1],\"W\":[[\"$n\"]],\"v\":[1]}"
    bad "eval --precision $prec, W = [[\"$n\"]]" "$bin" eval --point "$T/num.json" --precision "$prec" --no-hessian
  done
  point num '{"a":[1],"W":[["1e-99999999999999999999999999"]],"v":[1]}'
  bad "eval --precision $prec, W = [[\"1e-99999999999999999999999999\"]] (rounds to 0)" "$bin" eval --point "$T/num.json" --precision "$prec"
  for n in inf nan 0x10 1e "" " 1" 1..2 --1 1e+-3 ١; do
    point num "{\"a\":[1],\"W\":[[\"$n\"]],\"v\":[1]}"
    bad "eval --precision $prec, W = [[\"$n\"]]" "$bin" eval --point "$T/num.json" --precision "$prec"
  done
  point tiny '{"a":[1,0],"W":[[1e-200,0],[0,1]],"v":[1,-1]}'
  note="loss, gradient and Hessian (|w1| = 1e-200 is a normal double, not a zero neuron)"
  good "eval --precision $prec, w1 = [1e-200, 0]" "$bin" eval --point "$T/tiny.json" --precision "$prec"
  if [ "$prec" = double ]; then
    point big '{"a":[1],"W":[[1e160]],"v":[1]}'
    bad "eval --precision double, W = [[1e160]]" "$bin" eval --point "$T/big.json" --precision double
    point bigx '{"a":[1],"W":[[2]],"v":[1],"X":[[1e200]]}'
    bad "eval --precision double, W = [[2]], X = [[1e200]]" "$bin" eval --point "$T/bigx.json" --precision double
    bad "landscape --precision double, W = [[1e160, 0], [0, 1]]" "$bin" landscape --point <(echo '{"a":[1,0],"W":[[1e160,0],[0,1]],"v":[1,-1]}') --precision double
  else
    point big '{"a":[1],"W":[[1e160]],"v":[1]}'
    note="finite loss (1e160 squared fits $prec)"
    good "eval --precision $prec, W = [[1e160]]" "$bin" eval --point "$T/big.json" --precision "$prec"
  fi
done
grep -q '"loss": "0' "$T/out" && { echo "FAIL W = [[1e160]] at mp:30 gave loss 0"; fail=1; }

# --- eval: the point file ------------------------------------------------------
# --- the empirical kernel's level (BOTHLAYERS_KERNEL_ISA), checked before any work ---
for level in bogus x86-64 native "x86-64-v4 " ""; do
  [ -z "$level" ] && continue
  bad "BOTHLAYERS_KERNEL_ISA='$level' eval" env BOTHLAYERS_KERNEL_ISA="$level" "$bin" eval --point "$P"
done
good "BOTHLAYERS_KERNEL_ISA=baseline eval" env BOTHLAYERS_KERNEL_ISA=baseline "$bin" eval --point "$P"
bad "eval (no --point)" "$bin" eval
bad "eval --point MISSING" "$bin" eval --point "$T/none.json"
mkdir -p "$T/adir"
bad "eval --point FOLDER" "$bin" eval --point "$T/adir"
: >"$T/empty.json"
bad "eval --point EMPTY-FILE" "$bin" eval --point "$T/empty.json"
point m1 '{"a":[1,2'; bad 'eval, point {"a":[1,2' "$bin" eval --point "$T/m1.json"
point m2 '[1,2,3]'; bad 'eval, point [1,2,3]' "$bin" eval --point "$T/m2.json"
point m3 '{"a":[1],"W":[[1]],"v":[1],"b":2}'; bad 'eval, unknown key "b"' "$bin" eval --point "$T/m3.json"
point m4 '{"a":[1],"A":[[1]],"W":[[1]],"v":[1]}'; bad 'eval, both "a" and "A"' "$bin" eval --point "$T/m4.json"
point m5 '{"a":[1],"v":[1]}'; bad 'eval, no "W"' "$bin" eval --point "$T/m5.json"
point m6 '{"a":[1],"W":[],"v":[1]}'; bad 'eval, W = []' "$bin" eval --point "$T/m6.json"
point m7 '{"a":[1,2],"W":[[1,2],[3]],"v":[1,2]}'; bad 'eval, ragged W' "$bin" eval --point "$T/m7.json"
point m8 '{"a":[1],"W":7,"v":[1]}'; bad 'eval, W = 7' "$bin" eval --point "$T/m8.json"
point m9 '{"a":[1],"W":[[1]],"v":[1,2]}'; bad 'eval, v longer than W has rows' "$bin" eval --point "$T/m9.json"
point m10 '{"a":[1,2,3],"W":[[1]],"v":[1]}'; bad 'eval, a longer than d' "$bin" eval --point "$T/m10.json"
point m11 '{"a":[true],"W":[[1]],"v":[1]}'; bad 'eval, a = [true]' "$bin" eval --point "$T/m11.json"
point m12 '{"a":[null],"W":[[1]],"v":[1]}'; bad 'eval, a = [null]' "$bin" eval --point "$T/m12.json"
point m13 '{"a":[{"x":1}],"W":[[1]],"v":[1]}'; bad 'eval, a = [{"x":1}]' "$bin" eval --point "$T/m13.json"
point m14 '{"a":[1],"W":[[1]],"v":[1],"X":[[1,2]]}'; bad 'eval, X with 2 columns, d = 1' "$bin" eval --point "$T/m14.json"
point m15 '{"a":[1],"W":[[1]],"v":[1],"X":[]}'; bad 'eval, X = []' "$bin" eval --point "$T/m15.json"
point m16 '{"a":[1],"W":[[0]],"v":[1]}'; bad 'eval, W = [[0]] (zero neuron)' "$bin" eval --point "$T/m16.json"
point m17 '{"a":[1],"a":[2],"W":[[1]],"v":[1]}'; note="the last duplicate key wins (JSON objects are maps)"
good 'eval, duplicate key "a"' "$bin" eval --point "$T/m17.json"
printf '\xef\xbb\xbf{"a":[1],"W":[[1]],"v":[1]}\n' >"$T/bom.json"; note="a UTF-8 byte-order mark is skipped"
good 'eval, point with a UTF-8 BOM' "$bin" eval --point "$T/bom.json"
printf '{"a":[1],\0"W":[[1]],"v":[1]}\n' >"$T/nul.json"; bad 'eval, a NUL byte inside the JSON' "$bin" eval --point "$T/nul.json"
{ head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; echo; } >"$T/deep.json"; bad 'eval, 100000 nested arrays' "$bin" eval --point "$T/deep.json"
{ printf '{"a":["0.'; head -c 20000 /dev/zero | tr '\0' '1'; printf '"],"W":[[1]],"v":[1]}\n'; } >"$T/long.json"
note="a 20000-digit number is read to the precision's digits"
good 'eval --precision mp:100, a 20000-digit number' "$bin" eval --point "$T/long.json" --precision mp:100
awk 'BEGIN { k = 100; d = 1000; printf "{\"a\":[1"; for (j = 1; j < d; j++) printf ",0"; printf "],\"W\":[";
  for (i = 0; i < k; i++) { printf "%s[1", (i ? "," : ""); for (j = 1; j < d; j++) printf ",1"; printf "]" }
  printf "],\"v\":[1"; for (i = 1; i < k; i++) printf ",1"; print "]}" }' >"$T/wide.json"
bad 'eval, k = 100, d = 1000 with the Hessian (1e10 entries)' "$bin" eval --point "$T/wide.json"
note="loss and gradient only"
good 'eval --no-hessian, k = 100, d = 1000' "$bin" eval --point "$T/wide.json" --no-hessian
for p in quad DOUBLE mp:9 mp:100001 mp: mp:abc mp:-5 "mp:1e3" "double " ""; do
  bad "eval --precision '$p'" "$bin" eval --point "$P" --precision "$p"
done

# --- outputs: --out of every kind -----------------------------------------------
bad "eval --out FOLDER" "$bin" eval --point "$P" --out "$T/adir"
check "a folder given as --out is still a folder" test -d "$T/adir"
mkfifo "$T/fifo"
bad "eval --out FIFO" "$bin" eval --point "$P" --out "$T/fifo"
check "the FIFO is still a FIFO" test -p "$T/fifo"
bad "eval --out MISSING-FOLDER/x.json" "$bin" eval --point "$P" --out "$T/nowhere/x.json"
bad "eval --out ''" "$bin" eval --point "$P" --out ""
echo old >"$T/real.json"; ln -s real.json "$T/link.json"
note="written through the link: the link stays, the file it names gets the result"
good "eval --out SYMLINK -> FILE" "$bin" eval --point "$P" --out "$T/link.json"
check "the symlink is still a symlink" test -L "$T/link.json"
check "the symlink's target holds the result" grep -q '"loss"' "$T/real.json"
ln -s missing.json "$T/dangling.json"
bad "eval --out SYMLINK -> MISSING" "$bin" eval --point "$P" --out "$T/dangling.json"
check "the dangling symlink is untouched" test -L "$T/dangling.json"
echo stale >"$T/res.json.tmp.999999999"; echo keep >"$T/res.json.tmp.$$"
note="the stale temporary of a dead run (no such pid) is removed, a running one's is kept"
good "eval --out FILE beside stale FILE.tmp.999999999" "$bin" eval --point "$P" --out "$T/res.json"
check "the dead run's temporary is removed" test ! -e "$T/res.json.tmp.999999999"
check "the live run's temporary (our pid) is kept" test -e "$T/res.json.tmp.$$"
rm -f "$T/res.json.tmp.$$"

# --- train: the config ------------------------------------------------------------
bad "train (no --config)" "$bin" train
bad "train --config MISSING" "$bin" train --config "$T/none.json"
for kv in '"d": 0' '"d": -1' '"d": 1e9' '"d": "3.5"' '"d": 2000000' '"k": 0' '"r": 0' '"steps": -1' \
          '"steps": 1e13' '"steps": 10000000000000' '"stride": 0' '"sigma": 0' '"sigma": -1' '"sigma": "abc"' \
          '"step": 0' '"step": "inf"' '"step": "nan"' '"init": "bogus"' '"precision": "quad"' '"signs": "both"' \
          '"target": "e2"' '"target_norm": 0' '"threads": 2000' '"seed": 18446744073709551616' '"seed": -1' \
          '"seed": 1.5' '"n": 0' '"n": "all"' '"bogus": 1' '"d": null' '"d": [3]' '"r": 2, "target": "e1"' \
          '"freeze": "both"' '"freeze": ""' '"freeze": 1' '"freeze": "v\nW"'; do
  config c "{\"d\": 3, \"steps\": 5, $kv}"
  bad "train, config {$kv}" "$bin" train --config "$T/c.json"
done
config c '{"d": 3, "steps": 5, "sigma": "1e-99999"}'
bad 'train, config {"sigma": "1e-99999"} at double (underflows)' "$bin" train --config "$T/c.json"
note="sigma = 1e-99999 is representable at mp:50"
good 'train --precision mp:50, config {"sigma": "1e-99999"}' "$bin" train --config "$T/c.json" --precision mp:50
config c '{"d": 3, "steps": 5, "seed": 18446744073709551615}'
note="the largest seed, 2^64 - 1"
good 'train, config {"seed": 18446744073709551615}' "$bin" train --config "$T/c.json"
config c '{"d": 3, "steps": 5, "target": "random", "target_norm": 1e300}'
bad 'train, config {"target_norm": 1e300} at double (loss overflows)' "$bin" train --config "$T/c.json"
config c '{"d": 1000000, "n": 1000000000, "steps": 5}'
bad 'train, config {"d": 1000000, "n": 1000000000} (8e15 bytes)' "$bin" train --config "$T/c.json"
config c '{"d": 1000000, "k": 100000, "steps": 5}'
bad 'train, config {"d": 1000000, "k": 100000}' "$bin" train --config "$T/c.json"
config c '[1,2]'; bad 'train, config [1,2]' "$bin" train --config "$T/c.json"
for s in -1 18446744073709551616 abc 1e3 ""; do
  bad "train --seed '$s'" "$bin" train --config "$C" --steps 2 --seed "$s"
done
for s in -5 1e3 10000000000000 99999999999999999999; do
  bad "train --steps $s" "$bin" train --config "$C" --steps "$s"
done
bad "train --precision quad" "$bin" train --config "$C" --precision quad
for s in x both vW ""; do
  bad "train --freeze '$s'" "$bin" train --config "$C" --steps 2 --freeze "$s"
done
note="v held at its start, only W trains; the summary has \"freeze\": \"v\""
good "train --freeze v" "$bin" train --config "$C" --steps 5 --freeze v
check "train --freeze v names the frozen layer in its summary" grep -q '"freeze": "v"' "$T/out"
config c '{"d": 3, "steps": 5, "freeze": "v"}'
bad 'certify-trajectory, config {"freeze": "v"} (the certified run trains both layers)' "$bin" certify-trajectory --config "$T/c.json"
bad "train --out FOLDER" "$bin" train --config "$C" --steps 2 --out "$T/adir"
bad "train --out MISSING-FOLDER/t.csv" "$bin" train --config "$C" --steps 2 --out "$T/nowhere/t.csv"
bad "train --summary MISSING-FOLDER/s.json" "$bin" train --config "$C" --steps 2 --summary "$T/nowhere/s.json"
note="trajectory CSV and summary"
good "train --steps 200 --out t.csv" "$bin" train --config "$C" --steps 200 --out "$T/t.csv"
check "train wrote 201 rows and a header" test "$(wc -l <"$T/t.csv")" = 202

# --- plot: the CSV, the output, the title ----------------------------------------
head -n 1 "$T/t.csv" >"$T/header.csv"
head -n 2 "$T/t.csv" >"$T/onerow.csv"
sed '3s/^\([0-9]*\),[^,]*,/\1,abc,/' "$T/t.csv" >"$T/text.csv"
sed '4s/,[^,]*$//' "$T/t.csv" >"$T/ragged.csv"
sed '1s/loss/lost/' "$T/t.csv" >"$T/nocol.csv"
sed '1s/grad_norm/loss/' "$T/t.csv" >"$T/dupcol.csv"
sed '5s/^[0-9]*,/4.5,/' "$T/t.csv" >"$T/fracstep.csv"
sed 's/$/\r/' "$T/t.csv" >"$T/crlf.csv"
printf 'step,loss\n1,2\n' >"$T/short.csv"
head -c 3000 /dev/urandom >"$T/noise.csv"
bad "plot (no --csv)" "$bin" plot --out "$T/x.png"
plot_bad() {  # plot_bad DESCRIPTION CSV: a CSV plot must refuse
  bad "plot --csv $1" "$bin" plot --csv "$2" --out "$T/x.png"
}
plot_bad "MISSING" "$T/none.csv"
plot_bad "FOLDER" "$T/adir"
plot_bad "EMPTY" "$T/empty.json"
plot_bad "header only" "$T/header.csv"
plot_bad "one row" "$T/onerow.csv"
plot_bad "with 'abc' as a loss" "$T/text.csv"
plot_bad "with a short row" "$T/ragged.csv"
plot_bad "without a loss column" "$T/nocol.csv"
plot_bad "with a column twice" "$T/dupcol.csv"
plot_bad "with step 4.5" "$T/fracstep.csv"
plot_bad "step,loss only" "$T/short.csv"
plot_bad "of random bytes" "$T/noise.csv"
plot_bad "a JSON file" "$P"
note="CRLF line ends are read"
good "plot --csv with CRLF line ends" "$bin" plot --csv "$T/crlf.csv" --out "$T/crlf.png"
bad "plot --out MISSING-FOLDER/x.png" "$bin" plot --csv "$T/t.csv" --out "$T/nowhere/x.png"
check "no PNG bytes reached stdout" test ! -s "$T/out"
bad "plot --out x.jpg" "$bin" plot --csv "$T/t.csv" --out "$T/x.jpg"
bad "plot --out FOLDER.png" "$bin" plot --csv "$T/t.csv" --out "$T/adir.png/" 
mkdir -p "$T/d.png"; bad "plot --out EXISTING-FOLDER.png" "$bin" plot --csv "$T/t.csv" --out "$T/d.png"
bad "plot --title 'x<newline>system \"touch pwned\"'" "$bin" plot --csv "$T/t.csv" --out "$T/inj.png" --title "$(printf "x'\nsystem 'touch $T/pwned'\n")"
check "the title ran no command" test ! -e "$T/pwned"
bad "plot --title with a tab" "$bin" plot --csv "$T/t.csv" --out "$T/x.png" --title "$(printf 'a\tb')"
note="quotes are literal text in the title"
good "plot --title \"it's a 'test' \\\\n\"" "$bin" plot --csv "$T/t.csv" --out "$T/q.png" --title "it's a 'test' \\n"
cp "$T/t.csv" "$T/new
line.csv"
bad "plot --csv 'new<newline>line.csv'" "$bin" plot --csv "$T/new
line.csv" --out "$T/x.png"
note="a 5000-character title is drawn (clipped by the figure)"
good "plot --title of 5000 characters" "$bin" plot --csv "$T/t.csv" --out "$T/long.png" --title "$(head -c 5000 /dev/zero | tr '\0' 'x')"

# --- verify: seeds and counts -----------------------------------------------------
V=(verify --claim eq09.stable_form --instances 1)
for s in -1 18446744073709551616 99999999999999999999999 abc 1e3 0x10 "" " 1"; do
  bad "verify --seed '$s'" "$bin" "${V[@]}" --seed "$s"
done
note="the largest seed"
good "verify --seed 18446744073709551615" "$bin" "${V[@]}" --seed 18446744073709551615
for n in 0 -1 1000001 18446744073709551616 1.5 abc; do
  bad "verify --instances $n" "$bin" verify --claim eq09.stable_form --instances "$n"
done
for e in inf nan 0 -1 1e300 10001 abc; do
  bad "verify --effort $e" "$bin" "${V[@]}" --effort "$e"
done
for p in "" "," "double,quad" "mp:5" "mp:100001"; do
  bad "verify --precisions '$p'" "$bin" "${V[@]}" --precisions "$p"
done
bad "verify --claim ''" "$bin" verify --claim ""
bad "verify --claim no.such.claim" "$bin" verify --claim no.such.claim
bad "verify --label nothing" "$bin" verify --label nothing
bad "verify --budget huge" "$bin" verify --budget huge
bad "verify --json MISSING-FOLDER/r.json" "$bin" "${V[@]}" --json "$T/nowhere/r.json"
bad "verify --markdown FIFO" "$bin" "${V[@]}" --markdown "$T/fifo"
bad "verify --report FILE" "$bin" "${V[@]}" --report "$P"

# --- landscape ----------------------------------------------------------------------
for n in 0 1 2001 -3 abc 1e3; do
  bad "landscape --slice-points $n" "$bin" landscape --slice "$T/s.png" --slice-points "$n"
done
for e in 0 -1 inf nan 1e7 abc; do
  bad "landscape --slice-extent $e" "$bin" landscape --slice "$T/s.png" --slice-points 5 --slice-extent "$e"
done
bad "landscape --slice x.jpg" "$bin" landscape --slice "$T/s.jpg" --slice-points 5
bad "landscape --slice MISSING-FOLDER/s.png" "$bin" landscape --slice "$T/nowhere/s.png" --slice-points 5
bad "landscape (no job)" "$bin" landscape
bad "landscape --point with X" "$bin" landscape --point "$T/bigx.json"
bad "landscape --point k = 1" "$bin" landscape --point "$T/big.json"
point zero2 '{"a":[1,0],"W":[[0,0],[1,1]],"v":[1,2]}'
note='"kind": "zero_neuron"'
good "landscape --point with w1 = 0" "$bin" landscape --point "$T/zero2.json"

# --- compare-precisions ---------------------------------------------------------------
CP=(compare-precisions --config "$C" --steps 5)
bad "compare-precisions --precisions double" "$bin" "${CP[@]}" --precisions double
bad "compare-precisions --precisions double,double" "$bin" "${CP[@]}" --precisions double,double
bad "compare-precisions --precisions double,quad" "$bin" "${CP[@]}" --precisions double,quad
for t in 0 1 nan inf -1 abc; do
  bad "compare-precisions --tolerance $t" "$bin" "${CP[@]}" --precisions double,mp:30 --tolerance "$t"
done
bad "compare-precisions --stride 0" "$bin" "${CP[@]}" --precisions double,mp:30 --stride 0
bad "compare-precisions --steps -1" "$bin" compare-precisions --config "$C" --steps -1
bad "compare-precisions --steps 100000000 (too large to hold)" "$bin" compare-precisions --config "$C" --steps 100000000 --precisions double,mp:30
bad "compare-precisions --plot x.jpg" "$bin" "${CP[@]}" --precisions double,mp:30 --plot "$T/c.jpg"
bad "compare-precisions --csv MISSING-FOLDER/c.csv" "$bin" "${CP[@]}" --precisions double,mp:30 --csv "$T/nowhere/c.csv"

# --- figures and the command line itself ------------------------------------------
bad "figures --out 'bad<newline>name'" "$bin" figures --out "$T/bad
name"
bad "figures --out FILE" "$bin" figures --out "$P"
bad "(no command)" "$bin"
bad "frobnicate (unknown command)" "$bin" frobnicate
bad "eval --bogus" "$bin" eval --point "$P" --bogus
bad "eval --point (no value)" "$bin" eval --point
bad "eval --point A --point B" "$bin" eval --point "$P" --point "$P"
note="usage text"
good "--help" "$bin" --help

# --- issue 23: the new surface --------------------------------------------------------
deep() {  # deep N: an array nested N deep
  python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write('['*n + ']'*n)" "$1"
}
printf '{"base": {"d": 3}, "grid": {"d": %s}}' "$(deep 500000)" >"$T/deep_sweep.json"
bad "sweep --config with an array nested 500,000 deep" "$bin" sweep --config "$T/deep_sweep.json"
printf '{"d": %s}' "$(deep 100000)" >"$T/deep_train.json"
bad "train --config {\"d\": [[[...]]]} nested 100,000 deep" "$bin" train --config "$T/deep_train.json"
printf '{"a":[1],"W":%s,"v":[1]}' "$(deep 100000)" >"$T/deep_point.json"
bad "eval --point with W nested 100,000 deep" "$bin" eval --point "$T/deep_point.json"
printf '{"format": "bothlayers checkpoint 1", "job": %s, "units": {}}' "$(deep 500000)" >"$T/deep_ckpt.json"
bad "verify --resume CHECKPOINT nested 500,000 deep" "$bin" verify --claim eq09.stable_form --resume "$T/deep_ckpt.json"
config tiny_sweep '{"base": {"d": 3, "steps": 5}, "grid": {"sigma": [0.1, 0.2]}}'
bad "sweep --csv MISSING-FOLDER/x.csv (refused before any run)" "$bin" sweep --config "$T/tiny_sweep.json" --csv "$T/nowhere/x.csv"
bad "sweep --json FOLDER" "$bin" sweep --config "$T/tiny_sweep.json" --json "$T"
bad "sweep --timings MISSING-FOLDER/t.json" "$bin" sweep --config "$T/tiny_sweep.json" --timings "$T/nowhere/t.json"
# Address-space limits (ulimit -v) cannot run under AddressSanitizer, which reserves
# terabytes of virtual memory at start: those cases run in the main tree only.
if [ -z "${ASAN_OPTIONS:-}" ]; then
config million '{"base": {"d": 3, "steps": 0}, "random": {"runs": 1000000, "values": {"seed": {"integer": [1, 1000000]}}}}'
bad "sweep of 1,000,000 runs under a 2 GB address-space limit (refused up front)" \
  bash -c 'ulimit -v 2000000; exec "$0" sweep --config "$1"' "$bin" "$T/million.json"
fi
bad "certify-trajectory --csv MISSING-FOLDER/c.csv (refused before certifying)" "$bin" certify-trajectory --config "$C" --csv "$T/nowhere/c.csv"
config tinysigma '{"d": 3, "sigma": "1e-99999999999", "steps": 3}'
bad "certify-trajectory, sigma = 1e-99999999999 (underflows MPFR)" "$bin" certify-trajectory --config "$T/tinysigma.json"
mkdir -p "$T/rep"; : >"$T/rep/figures"
bad "verify --report DIR --figures, DIR/figures a file (refused before the claims run)" "$bin" verify --claim eq09.stable_form --report "$T/rep" --figures
check "verify --report refused: nothing written into DIR" test ! -e "$T/rep/verify.json"
bad "verify --claim X --label bogus" "$bin" verify --claim eq09.stable_form --label bogus
bad "verify --claim X --label of another paper object" "$bin" verify --claim eq09.stable_form --label lemmas
bad "figures --only ," "$bin" figures --only , --out "$T/figs"
bad "verify --precisions double,,mp:50" "$bin" verify --claim eq09.stable_form --precisions double,,mp:50
if [ -z "${ASAN_OPTIONS:-}" ]; then
bad "eval --point /dev/zero under a 1 GB address-space limit" \
  bash -c 'ulimit -v 1000000; exec "$0" eval --point /dev/zero' "$bin"
bad "landscape --point /dev/zero under a 1 GB address-space limit" \
  bash -c 'ulimit -v 1000000; exec "$0" landscape --point /dev/zero' "$bin"
else
bad "eval --point /dev/zero (refused at the stream cap)" "$bin" eval --point /dev/zero
fi
point azero '{"a":[0,0],"W":[[1,0],[0,1]],"v":[1,-1]}'
bad "landscape --point with a = 0" "$bin" landscape --point "$T/azero.json"
bad "eval --point P > /dev/full (the result is lost)" bash -c 'exec "$0" eval --point "$1" --no-hessian >/dev/full' "$bin" "$P"
"$bin" verify --claim eq09.stable_form --instances 1 --checkpoint "$T/ckpt.json" >/dev/null 2>&1
python3 -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['units']={'0': 'not json'}; json.dump(d, open(p, 'w'))" "$T/ckpt.json"
bad "verify --resume CHECKPOINT whose unit result is not JSON" "$bin" verify --claim eq09.stable_form --instances 1 --resume "$T/ckpt.json"
check "the checkpoint error names the unit" grep -q "unit 0" "$T/err"

# --- a killed run leaves no temporary --------------------------------------------------
config long '{"d": 3, "steps": 100000000, "stride": 1}'
"$bin" train --config "$T/long.json" --out "$T/killed.csv" >/dev/null 2>&1 &
pid=$!; sleep 2; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
check "train killed while streaming leaves neither killed.csv nor killed.csv.tmp.*" \
  test -z "$(ls "$T" | grep '^killed\.csv')"
ls "$T" | grep -q '\.tmp\.' && { echo "FAIL temporary file left behind: $(ls "$T" | grep '\.tmp\.')"; fail=1; }

echo "$count cases"
if [ -n "$table" ]; then
  { echo "| input | what it gets |"; echo "|---|---|"; printf '%s\n' "${rows[@]}"; } >"$table"
fi
exit $fail
