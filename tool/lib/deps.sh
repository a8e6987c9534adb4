#!/usr/bin/env bash
# deps.sh SET...: makes sure the Debian packages each SET needs are installed.
#   base   configure, build and run the core (cmake, ninja, gcc, clang, python3)
#   tests  lint, sanitizer and valgrind stages (clang-format, clang-tidy, cppcheck, valgrind, clang runtimes,
#          sysctl, gcc's 32-bit x86 libraries and sanitizer runtimes and qemu-i386 for the m32 stage)
#   mingw  mingw-w64 (lint checks platform_win32.c against its headers)
#   cross  mingw, arm64 and 32-bit ARM under qemu-user, and Windows under wine
#   bench  the benchmark and its lint (libuv)
#   dart   the Dart checks that need no Dart SDK (node and npm for tree-sitter, git)
#   all    every set above
# Each package is checked by the command or file it provides (no apt on a warm
# machine); only what is missing is installed, after one `apt-get update`.
set -euo pipefail

missing=()

# need PACKAGE [PROBE]: PROBE is a command name or an absolute path; without
# one, dpkg says whether PACKAGE is installed.
need() {
  local package=$1 probe=${2:-}
  case $probe in
    /*) [ -e "$probe" ] && return 0 ;;
    "") dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q ' installed$' && return 0 ;;
    *) command -v "$probe" >/dev/null 2>&1 && return 0 ;;
  esac
  missing+=("$package")
}

need_base() {
  need cmake cmake
  need ninja-build ninja
  need gcc gcc
  need libc6-dev /usr/include/stdio.h
  need clang clang
  need python3 python3
  need pkg-config pkg-config
}

need_tests() {
  need clang-format clang-format
  need clang-tidy clang-tidy
  need cppcheck cppcheck
  need valgrind valgrind
  # sysctl, for the tsan stage's last resort; minimal images such as the CI's
  # debian:12 container do not have it.
  need procps
  # ASan, UBSan, TSan and libFuzzer runtimes for the clang that is installed;
  # without clang yet, base installs Debian's default one and this matches it.
  if command -v clang >/dev/null 2>&1; then
    local major
    major=$(clang -dumpversion | cut -d. -f1)
    need "libclang-rt-$major-dev" "$(clang -print-resource-dir)/lib/linux/libclang_rt.fuzzer-$(uname -m).a"
  else
    need libclang-rt-dev
  fi
  # gcc -m32: the i386 libc and gcc's 32-bit libraries with libasan and
  # libubsan (lib32gcc-N-dev). Not gcc-multilib: it conflicts with the cross
  # compilers (cmake/i686-linux-gnu-m32.cmake does its one job instead).
  # (Without gcc yet the version is unknown: `deps base` first, as stage_m32 does.)
  need libc6-dev-i386 /usr/lib32/crt1.o
  need qemu-user qemu-i386 # where the kernel runs no i386 programs
  if command -v gcc >/dev/null 2>&1; then
    need "lib32gcc-$(gcc -dumpversion | cut -d. -f1)-dev"
  fi
}

# mingw-w64's compiler and headers (lint checks platform_win32.c against them).
need_mingw() {
  need gcc-mingw-w64-x86-64 x86_64-w64-mingw32-gcc-win32
}

need_cross() {
  need_mingw
  need wine64 /usr/lib/wine/wine64
  need wine wineboot
  need gcc-aarch64-linux-gnu aarch64-linux-gnu-gcc
  need libc6-dev-arm64-cross /usr/aarch64-linux-gnu/include/stdio.h
  need gcc-arm-linux-gnueabihf arm-linux-gnueabihf-gcc
  need libc6-dev-armhf-cross /usr/arm-linux-gnueabihf/include/stdio.h
  need qemu-user qemu-aarch64
}

need_bench() {
  need libuv1-dev /usr/include/uv.h
}

need_dart() {
  need nodejs node
  need npm npm
  need git git
}

[ $# -gt 0 ] || set -- base
for set_name in "$@"; do
  case $set_name in
    base | tests | mingw | cross | bench | dart) "need_$set_name" ;;
    all) need_base; need_tests; need_cross; need_bench; need_dart ;;
    *) echo "deps.sh: unknown set '$set_name' (base, tests, mingw, cross, bench, dart, all)" >&2; exit 2 ;;
  esac
done

[ ${#missing[@]} -eq 0 ] && exit 0

install_line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$EUID" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "deps.sh: missing packages and no root or sudo to install them; as root run:" >&2
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive $install_line" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: no apt-get here; install the equivalents of: ${missing[*]}" >&2
  exit 1
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
# shellcheck disable=SC2086 # the package list is meant to split into words
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive $install_line
