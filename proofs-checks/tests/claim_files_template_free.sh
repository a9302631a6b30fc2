#!/usr/bin/env bash
# Every claim file is a template-free declaration (proofs-checks/README.md): its
# id, page, statement, how its instances are drawn, and a call to a compiled
# check (checks/at_precision.hpp). A template, a generic lambda, decltype,
# typename or a scalar tag in a claim file means a check is compiled there, at
# every scalar type, instead of once in checks/src.
#
#   claim_files_template_free.sh PROOFS_CHECKS_DIR
#
# Negative control: a planted file with a generic lambda must be rejected.
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
exit $status
