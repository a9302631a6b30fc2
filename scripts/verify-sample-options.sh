# Sourced by the scripts that run `verify` on a sample of claims and compare the
# reports (ulp-stability.sh, compare-kernel-isa.sh): their shared options.
#
#   script=NAME; bin=...; claims="..."; seeds="..."; budget=small   (the caller's defaults)
#   source "$(dirname "$0")/verify-sample-options.sh" "$@"
#
# Reads --claims, --seeds, --budget, --out; checks that $bin runs; sets $out (a
# temporary folder removed on exit unless --out), and $args (--claim ID ...).
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --claims) claims=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "$script: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -f "$bin" ] && [ -x "$bin" ] || { echo "$script: '$bin' is not an executable file" >&2; exit 2; }
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
args=()
for c in $claims; do args+=(--claim "$c"); done
