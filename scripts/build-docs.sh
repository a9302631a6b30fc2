#!/usr/bin/env bash
# The documentation site, in one command: set up (mkdocs, mkdocs-material, doxygen
# from Debian), the API reference (Doxygen over the public headers, warnings are
# errors), the claims index from build/bothlayers when it exists (else the committed
# docs/claims-index.md is checked by ctest's docs.claims_index), the links of the
# README and of every page (scripts/check-links.py), then mkdocs build --strict
# (a warning or a broken link between pages fails it) into build-docs/site.
# Needs no C++ build; .ci/run runs it after the tests. About 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh core docs >/dev/null
python=/usr/bin/python3   # Debian's, where python3-markdown and mkdocs live
mkdir -p build-docs
rm -rf docs/api build-docs/site

echo "build-docs: API reference (doxygen docs/Doxyfile)"
doxygen docs/Doxyfile
if [ -s build-docs/doxygen-warnings.log ]; then
  cat build-docs/doxygen-warnings.log >&2
  echo "build-docs: FAIL: doxygen warnings (above)" >&2
  exit 1
fi

if [ -x build/bothlayers ]; then
  echo "build-docs: claims index (build/bothlayers verify --list)"
  "$python" scripts/claims-index.py --bin build/bothlayers --check docs/claims-index.md
fi

echo "build-docs: links (scripts/check-links.py)"
"$python" scripts/check-links.py

echo "build-docs: site (mkdocs build --strict)"
# mkdocs turns Python's DeprecationWarnings on (its _enable_warnings), and Debian's
# jinja2 raises one inside its own lexer (an invalid escape) while reading the
# Material templates: not ours, so mkdocs runs with that switch off. mkdocs' own
# warnings (broken links, missing pages, config) stay errors (--strict).
log=build-docs/mkdocs.log
if ! "$python" -c 'import sys, mkdocs.__main__ as m; m._enable_warnings = lambda: None; sys.argv[0] = "mkdocs"; m.cli()' \
    build --strict --clean >"$log" 2>&1; then
  cat "$log" >&2
  echo "build-docs: FAIL: mkdocs build --strict (above)" >&2
  exit 1
fi
if grep -Ei "warning|error" "$log" >&2; then
  echo "build-docs: FAIL: mkdocs printed warnings (above)" >&2
  exit 1
fi
echo "build-docs: site in build-docs/site ($(find build-docs/site -name '*.html' | wc -l) pages; open build-docs/site/index.html)"
