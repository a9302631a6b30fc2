#!/usr/bin/env bash
# Install the Debian packages bothlayers needs, when missing (run as root, or
# with sudo available). Safe to run again: it installs nothing that is there.
#
#   bash scripts/setup.sh [GROUP ...]     (no group: all of them)
#
# Groups: core (the library, the CLI and its tests: what run-verify.sh needs),
# python (the module, its tests and the notebook), docs (the site),
# sanitize (the clang sanitizer and fuzz tree). run-verify.sh installs core
# only, so a fresh machine reaches its first report without PyTorch (about
# 4.5 min of packages); run-tests.sh installs core and python.
set -euo pipefail
core=(build-essential cmake ninja-build ccache libeigen3-dev libboost-dev libmpfr-dev libmpfi-dev libflint-arb-dev libflint-dev libgmp-dev libqd-dev
      librapidcheck-dev libgtest-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev gnuplot-nox
      libopenmpi-dev openmpi-bin)
# The Python module (python/, BOTHLAYERS_PYTHON) and its tests (ctest -L python: python.pytest, python.notebook);
# the comparisons and the notebook: PyTorch at float64 (tests/test_torch.py), gmpy2 (mpmath's fast backend),
# nbclient + ipykernel executing docs/python/figure3.ipynb, nbconvert exporting it, matplotlib drawing it.
# Installing these took about 4.5 min on the 2-core VM (torch 2.4 min of it, with its BLAS and MPI libraries).
python=(python3-dev pybind11-dev python3-numpy python3-mpmath python3-pytest python3-hypothesis
        python3-torch python3-gmpy2 python3-nbclient python3-nbformat python3-ipykernel python3-nbconvert python3-matplotlib)
# The documentation site (scripts/build-docs.sh): MkDocs with the Material theme, Doxygen.
docs=(mkdocs mkdocs-material doxygen)
# The sanitizer and fuzz jobs (scripts/run-sanitizers.sh): clang 14 with its ASan/UBSan/libFuzzer runtimes.
sanitize=(clang-14 libclang-rt-14-dev)
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(core python docs sanitize)
packages=()
for g in "${groups[@]}"; do
  case "$g" in
    core) packages+=("${core[@]}") ;;
    python) packages+=("${python[@]}") ;;
    docs) packages+=("${docs[@]}") ;;
    sanitize) packages+=("${sanitize[@]}") ;;
    *) echo "setup.sh: unknown group '$g' (core, python, docs, sanitize)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present (${groups[*]})"
  exit 0
fi
echo "setup: installing ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
