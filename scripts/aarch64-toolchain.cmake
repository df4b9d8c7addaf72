# scripts/aarch64-toolchain.cmake — cross-compile gort for aarch64 Linux with
# Debian's gcc-aarch64-linux-gnu, linking against the arm64 multiarch
# libraries (libcmocka-dev:arm64 for the tests). The binaries run under
# qemu-aarch64 (Debian qemu-user); CMAKE_CROSSCOMPILING_EMULATOR makes ctest
# start them through it. scripts/test's aarch64 phase uses this file:
#
#   cmake -S . -B build-aarch64 \
#     -DCMAKE_TOOLCHAIN_FILE=scripts/aarch64-toolchain.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)

# The cross sysroot (libc6-dev-arm64-cross) and the multiarch directories.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# pkg-config must read the arm64 .pc files, not the host's.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# -L: where qemu-aarch64 finds the arm64 dynamic loader and libraries.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/aarch64-linux-gnu
    CACHE STRING "how ctest runs the aarch64 binaries")
