#!/usr/bin/env bash
# tests/scripts/install_gortvm.sh BUILD_DIR HOST.c
#
# Installs BUILD_DIR (cmake --install) into a temporary prefix, then builds
# the C host HOST.c against the installed gortvm twice, once with
# pkg-config (gortvm.pc) and once with CMake's find_package(gortvm), and
# runs both: the installed headers, libraries, pkg-config and CMake files
# must be enough for a host. The installed `gort` command must run too.
set -euo pipefail
build=$1
host=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log"
  exit 1
}
for f in include/gortvm.h include/gort.h bin/gort; do
  [[ -e $prefix/$f ]] || { echo "not installed: $f"; exit 1; }
done
"$prefix/bin/gort" version

libdir=$(dirname "$(find "$prefix" -name gortvm.pc | head -1)")
export PKG_CONFIG_PATH=$libdir
cc=${CC:-cc}
# shellcheck disable=SC2046
$cc -std=gnu11 -o "$tmp/host_pc" "$host" $(pkg-config --cflags --libs --static gortvm)
"$tmp/host_pc" >"$tmp/out_pc"

mkdir -p "$tmp/cm"
cat >"$tmp/cm/CMakeLists.txt" <<EOC
cmake_minimum_required(VERSION 3.16)
project(host C)
find_package(gortvm REQUIRED)
add_executable(host_cm $host)
target_link_libraries(host_cm PRIVATE gortvm::gortvm)
EOC
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cm.log" 2>&1 &&
  cmake --build "$tmp/cm/build" >>"$tmp/cm.log" 2>&1 || {
  cat "$tmp/cm.log"
  exit 1
}
"$tmp/cm/build/host_cm" >"$tmp/out_cm"
cat "$tmp/out_pc"
cmp "$tmp/out_pc" "$tmp/out_cm"
grep -q '^fib(30) = 832040$' "$tmp/out_pc"
echo "install_gortvm: ok"
