#!/usr/bin/env bash
# Every claim file is a template-free declaration (proofs-checks/README.md): its
# id, page, statement, how its instances are drawn, and a call to a compiled
# check (checks/at_precision.hpp). A template, a generic lambda, decltype,
# typename or a scalar tag in a claim file means a check is compiled there, at
# every scalar type, instead of once in checks/src. The claim objects are read
# too: no symbol of theirs may name a scalar type of the table other than
# double (an instantiation reached through a header's template; double is left
# to the statistical sweeps, which run their experiments at double by design).
#
#   claim_files_template_free.sh PROOFS_CHECKS_DIR ["CLAIM_OBJ;..." "CONTROL_OBJ;..."]
#
# Negative controls: a planted file with a generic lambda must be rejected, and
# so must the checks library's objects (they hold the instantiations).
set -euo pipefail
dir=${1:?usage: claim_files_template_free.sh PROOFS_CHECKS_DIR}
groups="closed-forms landscape dynamics lemmas concentration precision"
pattern='template[[:space:]]*<|decltype[[:space:]]*\(|typename|ScalarTag|[(,][[:space:]]*(const[[:space:]]+)?auto[[:space:]]*&{0,2}[[:space:]]*[A-Za-z_0-9]*[[:space:]]*[,)]|->[[:space:]]*(const[[:space:]]+)?auto'
offending() {  # prints file:line:text of every match, comments stripped
  sed -e 's://.*$::' "$1" | grep -nE "$pattern" | sed "s|^|$1:|" || true
}
status=0 files=0
for g in $groups; do
  for f in "$dir/$g"/*.cpp; do
    [ -f "$f" ] || { echo "no claim files in $dir/$g"; exit 2; }  # a wrong folder must not pass as clean
    files=$((files + 1))
    found=$(offending "$f")
    if [ -n "$found" ]; then echo "$found"; status=1; fi
  done
done
[ "$files" -gt 0 ] || { echo "no claim files under $dir"; exit 1; }
planted=$(mktemp --suffix=.cpp)
trap 'rm -f "$planted"' EXIT
printf '%s\n' 'const auto check = [](auto tag, const PointInstance& p) { return 0; };' >"$planted"
if [ -z "$(offending "$planted")" ]; then
  echo "negative control: a generic lambda was not seen: the check is blind"
  status=1
fi
[ "$status" = 0 ] && echo "$files claim files, none with a template (negative control rejected)"

scalar_symbols='ScalarTag<|long double|bothlayers::(dd::)?double_double|mpfr_float_backend<0|float128_backend|cpp_bin_float<50'
# Boost.Math is not a check: its double normal quantile (bonferroni_z,
# an inline double function the claims' glue calls) evaluates in long double inside.
boost_internals='^[0-9a-f]+ [A-Za-z] (guard variable for )?([a-z ]+ )?boost::math::'
scalar_symbol_lines() { nm -C --defined-only "$1" | grep -E "$scalar_symbols" | grep -vE "$boost_internals" || true; }
count_scalar_symbols() {  # symbols of the objects in the ;-list $1 naming a scalar type
  local list=$1 total=0 n obj
  IFS=';' read -r -a objs <<<"$list"
  for obj in "${objs[@]}"; do
    [ -f "$obj" ] || { echo "no object file $obj" >&2; echo 1; return; }  # counted as offending, never as clean
    n=$(scalar_symbol_lines "$obj" | grep -c . || true)
    if [ "$n" -gt 0 ] && [ "${2:-}" = show ]; then
      echo "$obj: $n symbols at a scalar type, e.g."
      scalar_symbol_lines "$obj" | head -2 | cut -c1-200
    fi
    total=$((total + n))
  done
  echo "$total"
}
if [ -n "${2:-}" ]; then
  out=$(count_scalar_symbols "$2" show)
  n=$(tail -1 <<<"$out")
  if [ "$n" != 0 ]; then echo "$out" | head -n -1; status=1; else echo "claim objects: no symbol at a scalar type"; fi
  if [ -n "${3:-}" ]; then
    if [ "$(count_scalar_symbols "$3")" = 0 ]; then
      echo "negative control: the checks library's objects show no scalar symbol: the object check is blind"
      status=1
    else
      echo "negative control rejected (the checks library holds the instantiations)"
    fi
  fi
fi
exit $status
