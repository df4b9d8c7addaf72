# shellcheck shell=bash
# Shared helpers for scripts/run, scripts/test and scripts/bench.
# Source it; it sets GORT_ROOT (the repository root) and defines:
#
#   need_pkgs [sanitizers]        make sure the build tools are installed
#   configure_build DIR [ARGS…]   configure DIR (only when needed) and build it
#   configure_dir DIR [ARGS…]     just the configure half
#   build_dir DIR [TARGET…]       just the build half
#
# Build output goes to DIR/build.log and is printed only when a step fails;
# set VERBOSE=1 to see it as it happens.

GORT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

gort_say() { printf '%s\n' "$*" >&2; }
gort_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The C compiler the build will use: $CC if set, else gcc.
gort_cc() { printf '%s\n' "${CC:-gcc}"; }

# gort_links FLAGS…: does a trivial C program compile and link with FLAGS?
# With GORT_LINKS_RUN=1 it must also run.
gort_links() {
  local tmp rc
  tmp=$(mktemp -d) || return 1
  printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
  "$(gort_cc)" "$@" "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1 &&
    { [[ ${GORT_LINKS_RUN:-0} != 1 ]] || ${GORT_LINKS_PREFIX:-} "$tmp/t" >/dev/null 2>&1; }
  rc=$?
  rm -rf "$tmp"
  return "$rc"
}

# tsan_prefix: prints the command prefix TSan programs need here: nothing, or
# `setarch ARCH -R` when the kernel's mmap randomisation (vm.mmap_rnd_bits
# above 28 on newer kernels) breaks older TSan runtimes ("unexpected memory
# mapping"). Returns 1 when TSan programs cannot run at all.
tsan_prefix() {
  GORT_LINKS_RUN=1 gort_links -fsanitize=thread && return 0
  if command -v setarch >/dev/null 2>&1 &&
     GORT_LINKS_RUN=1 GORT_LINKS_PREFIX="setarch $(uname -m) -R" gort_links -fsanitize=thread; then
    printf 'setarch %s -R\n' "$(uname -m)"
    return 0
  fi
  return 1
}

# need_pkgs [sanitizers]
# Checks for cmake, the C compiler, make, pkg-config, the libc headers and
# cmocka; with "sanitizers", also that the compiler can link ASan, UBSan and
# TSan programs. Installs what is missing with apt-get when run as root,
# otherwise prints the apt-get command and exits 1.
# shellcheck disable=SC2120 # the argument is optional
need_pkgs() {
  local want_san=0 want_twins=0 cc pkgs=() cmd
  [[ ${1:-} == sanitizers ]] && want_san=1
  [[ ${1:-} == bench ]] && want_twins=1
  cc=$(gort_cc)

  # scripts/bench's twins: Go 1.19 for the runtime's rows, Lua 5.4 for the
  # VM's CPU rows. Without root they are optional: the bench prints gort's
  # column and says how to install them.
  if ((want_twins)); then
    local twins=()
    [[ -x /usr/lib/go-1.19/bin/go ]] || command -v go >/dev/null 2>&1 || twins+=(golang-1.19-go)
    command -v lua5.4 >/dev/null 2>&1 || twins+=(lua5.4)
    if ((${#twins[@]})); then
      if [[ $(id -u) == 0 ]]; then
        pkgs+=("${twins[@]}")
      else
        gort_say "note: no twins for some rows; install them with: sudo apt-get install -y ${twins[*]}"
      fi
    fi
  fi

  command -v cmake >/dev/null 2>&1 || pkgs+=(cmake)
  command -v make >/dev/null 2>&1 || pkgs+=(make)
  command -v pkg-config >/dev/null 2>&1 || pkgs+=(pkg-config)
  if ! command -v "$cc" >/dev/null 2>&1; then
    case $cc in
      *clang*) pkgs+=(clang) ;;
      *) pkgs+=(gcc) ;;
    esac
  fi
  [[ -f /usr/include/stdio.h ]] || pkgs+=(libc6-dev)
  [[ -f /usr/include/cmocka.h ]] || pkgs+=(libcmocka-dev)
  # vm/: exact constants (libgmp), and Go 1.19's test suite as the
  # front end's conformance corpus (/usr/share/go-1.19/test).
  compgen -G '/usr/include/*/gmp.h' >/dev/null || [[ -f /usr/include/gmp.h ]] || pkgs+=(libgmp-dev)
  [[ -d /usr/share/go-1.19/test ]] || pkgs+=(golang-1.19-src)
  # the FFI (vm/src/ffi.c, docs/ffi.md) calls C through libffi; pkg-config finds it
  compgen -G '/usr/include/*/ffi.h' >/dev/null || [[ -f /usr/include/ffi.h ]] || pkgs+=(libffi-dev)
  # the fuzz phase builds its libFuzzer targets with clang
  ((want_san)) && ! command -v clang >/dev/null 2>&1 && pkgs+=(clang)

  # Sanitizer runtimes. On Debian 12, gcc 12 links against libasan8, libubsan1
  # and libtsan2 (dpkg -S libtsan.so.2 -> libtsan2); clang 14 ships its own in
  # libclang-rt-14-dev (meta package libclang-rt-dev).
  if ((want_san)) && command -v "$cc" >/dev/null 2>&1 && ((${#pkgs[@]} == 0)); then
    case $cc in
      *clang*)
        gort_links -fsanitize=address,undefined && gort_links -fsanitize=thread ||
          pkgs+=(libclang-rt-dev) ;;
      *)
        gort_links -fsanitize=address || pkgs+=(libasan8)
        gort_links -fsanitize=undefined || pkgs+=(libubsan1)
        gort_links -fsanitize=thread || pkgs+=(libtsan2) ;;
    esac
  fi

  ((${#pkgs[@]} == 0)) && return 0

  if [[ $(id -u) != 0 ]]; then
    gort_say "missing packages: ${pkgs[*]}"
    gort_say "install them with:"
    gort_say "  sudo apt-get install -y ${pkgs[*]}"
    exit 1
  fi
  gort_say "installing ${pkgs[*]} …"
  cmd=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}")
  # Refresh the package lists only when they are missing or the install fails.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null ||
     ! "${cmd[@]}" >/tmp/gort-apt.log 2>&1; then
    apt-get update -q >/tmp/gort-apt.log 2>&1 || { cat /tmp/gort-apt.log >&2; gort_die "apt-get update failed"; }
    "${cmd[@]}" >>/tmp/gort-apt.log 2>&1 || { cat /tmp/gort-apt.log >&2; gort_die "apt-get install ${pkgs[*]} failed"; }
  fi
  hash -r
}

# gort_run_logged LOG CMD…: run CMD with its output appended to LOG (or shown
# when VERBOSE=1); on failure print LOG to stderr and return the status.
gort_run_logged() {
  local log=$1 rc=0
  shift
  if [[ ${VERBOSE:-0} == 1 ]]; then
    "$@" 2>&1 | tee -a "$log" >&2
    rc=${PIPESTATUS[0]}
  else
    "$@" >>"$log" 2>&1 || rc=$?
    if ((rc != 0)); then
      [[ -t 2 ]] && printf '\r\033[K' >&2 # over a "building …" note
      cat "$log" >&2
    fi
  fi
  return "$rc"
}

# configure_dir DIR [CMAKE ARGS…]
# Runs cmake on DIR unless DIR is already configured with the same arguments
# and the same $CC. A change starts from an empty cache, so an argument that
# was dropped goes back to its default.
configure_dir() {
  local dir=$1 stamp want
  shift
  [[ $dir == /* ]] || dir=$GORT_ROOT/$dir
  stamp=$dir/.gort-configure
  want=$(printf '%q ' "CC=${CC:-}" "$@")
  mkdir -p "$dir"
  : >"$dir/build.log"
  if [[ -f $dir/CMakeCache.txt && -f $stamp && $(<"$stamp") == "$want" ]]; then
    return 0
  fi
  rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles" "$stamp"
  gort_run_logged "$dir/build.log" cmake -S "$GORT_ROOT" -B "$dir" "$@" || return
  printf '%s' "$want" >"$stamp"
}

# build_dir DIR [TARGET…]: build DIR (all targets, or the ones named).
build_dir() {
  local dir=$1 targets=()
  shift
  [[ $dir == /* ]] || dir=$GORT_ROOT/$dir
  (($#)) && targets=(--target "$@")
  gort_run_logged "$dir/build.log" cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
}

# configure_build DIR [CMAKE ARGS…]: configure_dir, then build everything.
configure_build() {
  configure_dir "$@" && build_dir "$1"
}

# need_aarch64 [cmocka]: make sure the aarch64 cross toolchain and qemu-user
# (and with "cmocka", an arm64 cmocka from Debian multiarch) are installed; installs them with apt-get as root
# (adding the arm64 architecture to dpkg first), otherwise prints the commands
# and returns 1. Returns 2 when this machine cannot have them at all (not a
# Debian-style system).
need_aarch64() {
  local pkgs=() cmd
  command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || pkgs+=(gcc-aarch64-linux-gnu)
  [[ -f /usr/aarch64-linux-gnu/include/stdio.h ]] || pkgs+=(libc6-dev-arm64-cross)
  command -v qemu-aarch64 >/dev/null 2>&1 || pkgs+=(qemu-user)
  if [[ ${1:-} == cmocka ]]; then
    [[ -f /usr/lib/aarch64-linux-gnu/pkgconfig/cmocka.pc ]] || pkgs+=(libcmocka-dev:arm64)
  fi
  ((${#pkgs[@]} == 0)) && return 0
  command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || return 2
  if [[ $(id -u) != 0 ]]; then
    gort_say "missing packages for the aarch64 phase: ${pkgs[*]}"
    gort_say "install them with:"
    gort_say "  sudo dpkg --add-architecture arm64 && sudo apt-get update &&"
    gort_say "  sudo apt-get install -y ${pkgs[*]}"
    return 1
  fi
  gort_say "installing ${pkgs[*]} …"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64 || return 1
    apt-get update -q >/tmp/gort-apt.log 2>&1 || { cat /tmp/gort-apt.log >&2; return 1; }
  fi
  cmd=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}")
  if ! "${cmd[@]}" >/tmp/gort-apt.log 2>&1; then
    apt-get update -q >>/tmp/gort-apt.log 2>&1 && "${cmd[@]}" >>/tmp/gort-apt.log 2>&1 ||
      { cat /tmp/gort-apt.log >&2; return 1; }
  fi
  hash -r
}
