#!/usr/bin/env bash
# The empirical kernel's per-level objects (x86-64-v3, -v4: AVX2, AVX-512) may
# define exactly one global function each and no weak or unique symbol: an
# inline function they emitted (a std:: or Eigen template, say) could be the
# copy the linker keeps for the whole program, and would then run AVX-512
# instructions on a CPU without them (empirical_kernel_isa.hpp).
#
#   isa_kernel_symbols.sh "OBJ;OBJ;..." "CONTROL;CONTROL;..."
#
# The second list is a negative control: objects of the rest of the library,
# at least one of which has weak symbols; the check must reject it.
set -euo pipefail
check() {  # prints the offending symbols of one object, returns 1 if any
  local obj=$1 bad globals
  bad=$(nm -C --defined-only "$obj" | awk '$2 ~ /^[WVuvw]$/' || true)
  globals=$(nm -C --defined-only --extern-only "$obj" | awk '$2 == "T"' | wc -l)
  if [ -n "$bad" ] || [ "$globals" -gt 1 ]; then
    echo "$obj: $globals global functions; weak or unique symbols:"
    echo "$bad" | head -5
    return 1
  fi
}
IFS=';' read -r -a objects <<<"$1"
IFS=';' read -r -a controls <<<"${2:-}"
status=0
for obj in "${objects[@]}"; do
  if check "$obj"; then echo "ok: $(basename "$obj")"; else status=1; fi
done
if [ "${#controls[@]}" -gt 0 ]; then
  caught=0
  for obj in "${controls[@]}"; do check "$obj" >/dev/null || caught=1; done
  if [ "$caught" = 0 ]; then
    echo "negative control: no object of the library was rejected: the check is blind"
    status=1
  else
    echo "negative control rejected (the library's other objects have weak symbols)"
  fi
fi
exit $status
