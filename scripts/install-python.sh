#!/usr/bin/env bash
# Set up, build the Python module and the command it runs (verify, list_claims),
# and install both so that a plain `python3 -c "import bothlayers"` works from any
# directory: the package into Debian's site directory under the prefix
# (/usr/local/lib/python3.X/dist-packages, on /usr/bin/python3's sys.path), the
# executable into PREFIX/bin. PREFIX is /usr/local unless given as the first
# argument (then the package lands where `cmake --install` puts it under PREFIX,
# and only a PREFIX Python searches finds it: the check below says so).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
case "$prefix" in
  /*) ;;
  *) echo "install-python.sh: the prefix must be an absolute path, got '$prefix'" >&2; exit 2 ;;
esac
BOTHLAYERS_SETUP_GROUPS="core python" BOTHLAYERS_BUILD_TARGETS="bothlayers_python bothlayers_exe" bash scripts/build.sh
if ! grep -q '^BOTHLAYERS_PYTHON_INSTALL_DIR:' build/CMakeCache.txt; then
  echo "install-python.sh: the Python module is off in this build (see the configure output: it needs python3-dev, pybind11-dev and libcli11-dev)" >&2
  exit 1
fi
cmake --install build --component python --prefix "$prefix"
site_dir="$prefix/$(sed -n 's/^BOTHLAYERS_PYTHON_INSTALL_DIR:[A-Z]*=//p' build/CMakeCache.txt)"
# The check: imported from outside the checkout, with no PYTHONPATH, it must be the installed copy.
cd /
env -u PYTHONPATH SITE_DIR="$site_dir/" /usr/bin/python3 -c '
import os, sys
import bothlayers
if not bothlayers.__file__.startswith(os.environ["SITE_DIR"]):
    sys.exit("install-python.sh: imported %s, not the copy installed into %s (which /usr/bin/python3 does not search: add it to PYTHONPATH)" % (bothlayers.__file__, os.environ["SITE_DIR"]))
print("bothlayers from", bothlayers.__file__)
print("population_loss([[1, 0]], [1], [1, 0]) =", bothlayers.population_loss([[1, 0]], [1], [1, 0]))
'
