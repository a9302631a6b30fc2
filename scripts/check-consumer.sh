#!/usr/bin/env bash
# The installed CMake package works: configure, build and install the library
# alone (tests, benchmarks, CLI off) into a scratch prefix, build
# lib/examples/consumer against it with find_package(bothlayers), run it and
# check its output. Everything happens in build-consumer-check/ (wiped first,
# removed on success): the library build directory at the depth of ./build, so
# ccache serves the translation units scripts/build.sh compiled, and under it
# the install prefix (_prefix) and the consumer's build (_consumer), at fixed
# paths so that a second run is cache hits too.
# Extra configure arguments for the library: BOTHLAYERS_CMAKE_ARGS (as build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
jobs=$(nproc)
libbuild=$root/build-consumer-check
prefix=$libbuild/_prefix
consumer_build=$libbuild/_consumer
logs=$libbuild/_logs
fail() { echo "check-consumer: FAIL: $*" >&2; exit 1; }
step() { echo "check-consumer: $* ($(( SECONDS ))s)"; }

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

# The library alone needs none of the test/bench/CLI packages: a REQUIRED
# find_package of a disabled package is a configure error.
no_test_packages=()
for p in rapidcheck GTest benchmark CLI11; do no_test_packages+=(-DCMAKE_DISABLE_FIND_PACKAGE_$p=ON); done

step "library only, installed into $prefix"
rm -rf "$libbuild"
mkdir -p "$logs"
# shellcheck disable=SC2086  # BOTHLAYERS_CMAKE_ARGS is a list of arguments
cmake -S . -B "$libbuild" --no-warn-unused-cli -DCMAKE_BUILD_TYPE=Release ${BOTHLAYERS_CMAKE_ARGS:-} \
  -DBOTHLAYERS_BUILD_TESTS=OFF -DBOTHLAYERS_BUILD_BENCH=OFF -DBOTHLAYERS_BUILD_CLI=OFF \
  "${no_test_packages[@]}" -DCMAKE_INSTALL_PREFIX="$prefix" >"$logs/lib-configure.log" || { cat "$logs/lib-configure.log"; fail "library configure"; }
cmake --build "$libbuild" -j"$jobs" >"$logs/lib-build.log" 2>&1 \
  || { tail -50 "$logs/lib-build.log"; fail "library build (log: $logs/lib-build.log)"; }
cmake --install "$libbuild" >"$logs/install.log"
step "installed"

# The package: config, version file, exported target; no build flags in it.
cmakedir=$prefix/lib/cmake/bothlayers
for f in bothlayersConfig.cmake bothlayersConfigVersion.cmake bothlayersTargets.cmake; do
  [ -f "$cmakedir/$f" ] || fail "missing $cmakedir/$f"
done
[ -f "$prefix/lib/libbothlayers.a" ] || fail "missing lib/libbothlayers.a"
[ -f "$prefix/include/bothlayers/population.hpp" ] || fail "missing include/bothlayers/population.hpp"
[ -f "$prefix/include/bothlayers/detail/population_impl.hpp" ] || fail "missing include/bothlayers/detail/"
if grep -nE -- "-march|-W[a-z]|$root/lib/|$libbuild/lib" "$cmakedir"/bothlayersTargets*.cmake; then
  fail "the exported target carries build flags or build-tree paths (above)"
fi

step "consumer against the installed package"
cmake -S lib/examples/consumer -B "$consumer_build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" "${launcher[@]}" >"$logs/consumer-configure.log" \
  || { cat "$logs/consumer-configure.log"; fail "consumer configure (find_package)"; }
grep -q "bothlayers_DIR:PATH=$cmakedir" "$consumer_build/CMakeCache.txt" \
  || fail "find_package(bothlayers) did not use $cmakedir"
cmake --build "$consumer_build" -j"$jobs" --verbose >"$logs/consumer-build.log" 2>&1 \
  || { cat "$logs/consumer-build.log"; fail "consumer build"; }
if grep -E -- '-march=|-Wall|-Wextra' "$logs/consumer-build.log"; then
  fail "the consumer was compiled with bothlayers' build flags (above)"
fi
out=$("$consumer_build/consumer") || { echo "$out"; fail "consumer exited non-zero"; }
echo "$out"
# 1/2 + 1/(2 pi) = 0.659154943091895335768883763372514362034459645740456448747667...
echo "$out" | grep -Eq '^double loss 6\.591549430918953[0-9]*e-01 .* ok$' || fail "double line"
echo "$out" | grep -Eq '^mp:50 loss 6\.5915494309189533576888376337251436203445964574[0-9]*e-01 .* ok$' \
  || fail "mp:50 line"
[ "$(echo "$out" | wc -l)" -eq 2 ] || fail "expected two lines"

rm -rf "$libbuild"
step "PASS"
