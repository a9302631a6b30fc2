#!/usr/bin/env bash
# Under mpirun the ranks split verify's claims and a sweep's runs and rank 0
# writes one report, byte-identical to a single process's. Exit 77 (skipped)
# when this build has no MPI.
set -u
bin=$1; examples=$2; with_mpi=$3; mpirun=${4:-mpirun}
if [ "$with_mpi" != 1 ] || ! command -v "$mpirun" >/dev/null; then
  echo "skipped: bothlayers was built without MPI (apt install libopenmpi-dev openmpi-bin, then reconfigure)"
  exit 77
fi
# Open MPI refuses root without these; CI and containers run as root. Two
# ranks may share one core (oversubscribe).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
same() {
  if cmp -s "$1" "$2"; then echo "ok   $3"; else echo "FAIL $3"; diff "$1" "$2" | head -6; fail=1; fi
}
claims=(--claim eq09.stable_form --claim control.eq11_flipped_target_sign --claim lemma13.certificate
        --claim control.lemma03_bound_tightened --claim eq14.hessian_fd)
"$bin" verify "${claims[@]}" --jobs 1 --report "$tmp/one" >"$tmp/one.txt"
"$mpirun" -n 2 "$bin" verify "${claims[@]}" --jobs 1 --report "$tmp/n2" >"$tmp/n2.txt" || { echo "FAIL mpirun -n 2 verify"; cat "$tmp/n2.txt"; fail=1; }
"$mpirun" -n 2 "$bin" verify "${claims[@]}" --jobs 2 --report "$tmp/n2j2" >/dev/null || { echo "FAIL mpirun -n 2 verify --jobs 2"; fail=1; }
"$mpirun" -n 1 "$bin" verify "${claims[@]}" --report "$tmp/n1" >/dev/null || { echo "FAIL mpirun -n 1 verify"; fail=1; }
same "$tmp/one/verify.json" "$tmp/n2/verify.json" "verify.json: mpirun -n 2 = one process"
same "$tmp/one/verify.md" "$tmp/n2/verify.md" "verify.md: mpirun -n 2 = one process"
same "$tmp/one/verify.json" "$tmp/n2j2/verify.json" "verify.json: mpirun -n 2 --jobs 2 = one process"
same "$tmp/one/verify.json" "$tmp/n1/verify.json" "verify.json: mpirun -n 1 = one process"
[ "$(grep -c '^eq09.stable_form' "$tmp/n2.txt")" = 1 ] || { echo "FAIL the table printed other than once"; fail=1; }
grep -q '"ranks": 2' "$tmp/n2/verify-timings.json" || { echo "FAIL timings do not say 2 ranks"; fail=1; }
grep -q '"rank": 1' "$tmp/n2/verify-timings.json" && grep -q '"rank": 0' "$tmp/n2/verify-timings.json" \
  || { echo "FAIL the claims did not split over both ranks"; grep '"rank"' "$tmp/n2/verify-timings.json"; fail=1; }
sweep=(sweep --config "$examples/sweep_sample_size.json")  # 12 runs of 0.2-2 s: both ranks get some
"$bin" "${sweep[@]}" --jobs 1 --csv "$tmp/s.csv" --json "$tmp/s.json"
"$mpirun" -n 2 "$bin" "${sweep[@]}" --jobs 1 --csv "$tmp/m.csv" --json "$tmp/m.json" --timings "$tmp/mt.json" || { echo "FAIL mpirun -n 2 sweep"; fail=1; }
grep -q '"rank": 1' "$tmp/mt.json" || { echo "FAIL rank 1 ran no sweep run"; fail=1; }
same "$tmp/s.csv" "$tmp/m.csv" "sweep CSV: mpirun -n 2 = one process"
same "$tmp/s.json" "$tmp/m.json" "sweep JSON: mpirun -n 2 = one process"
# An error on rank 0 after the others started waiting ends them all (no hang), exit 2.
echo '{}' >"$tmp/exists.ckpt"
timeout 120 "$mpirun" -n 2 "$bin" verify --claim eq09.stable_form --checkpoint "$tmp/exists.ckpt" >/dev/null 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && grep -q '^bothlayers: error: checkpoint' "$tmp/err"; then echo "ok   a refused checkpoint under mpirun: exit 2, no hang"
else echo "FAIL a refused checkpoint under mpirun: exit $got"; head -3 "$tmp/err"; fail=1; fi
# Every rank meets the same bad option; only rank 0 speaks (issue 23: the line was printed once per rank).
timeout 120 "$mpirun" -n 2 "$bin" verify --claim no.such.claim >/dev/null 2>"$tmp/err"
got=$?
if [ "$got" = 2 ] && [ "$(grep -c '^bothlayers: error: ' "$tmp/err")" = 1 ] && ! grep -q 'error: bothlayers: error' "$tmp/err"; then
  echo "ok   an error under mpirun -n 2 is printed once"
else echo "FAIL an error under mpirun -n 2: exit $got, $(grep -c 'error' "$tmp/err") error lines"; head -3 "$tmp/err"; fail=1; fi
exit $fail
