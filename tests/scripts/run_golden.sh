#!/usr/bin/env bash
# tests/scripts/run_golden.sh [--go GO | --write GO] GORT PROG.go...
#
# Golden tests for `gort run`. Each program ends with its expectations in
# comments:
#
#   // Output:
#   // 832040
#   // panic: runtime error: integer divide by zero
#   //
#   // goroutine 1 [running]:
#   // main.main()
#   // 	prog.go:17
#   // Exit: 2
#
# The Output block is the program's standard output and standard error
# together (print/println write to standard error, as in Go). When the
# program panics (or deadlocks), its output is compared through the
# "goroutine N [running]:" (or "[chan receive]:"...) line and the script
# frames after it (`main.f(...)` and the
# tab-indented file:line; arguments print as "..."; the directory of the
# file and Go's "+0x.." offsets are dropped, and the pc of a "[signal ...]"
# line reads "pc=PC", the address Go prints for a panic value of a composite
# type "(main.T) 0xADDR", and a goroutine id other than 1 "N"); C frames of
# the runtime that
# follow are not compared. Exit is the expected status (0 when absent).
# `// Env: NAME=VALUE` lines set environment variables for the run; a
# `// Args: a "b c"` line gives the program's arguments (shell words), and a
# `// Flags: -ffi=false` line flags of `gort run` (before the program).
#
# Default: runs each program with GORT (`GORT run PROG.go`) and compares.
# --go GO: runs each program with Go (`GO run PROG.go`) instead, to check
#   that the expectations are Go's own. A program whose output cannot be
#   Go's word for word says why in a line `// Go: differs: REASON` and is
#   skipped in this mode (and never rewritten by --write).
# --write GO: rewrites each program's expectation block from Go's output.
# Exits non-zero if any program fails; prints a diff for each failure.
set -uo pipefail

mode=gort
gocmd=""
case ${1:-} in
  --go) mode=go; gocmd=$2; shift 2 ;;
  --write) mode=write; gocmd=$2; shift 2 ;;
esac
gort=""
if [[ $mode == gort ]]; then
  gort=$1
  shift
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# normalize < raw > out: keep everything through the goroutine header,
# then the script frames; drop paths and offsets.
normalize() {
  awk '
    done { next }
    intrace {
      # a frame of a stdlib package above the script'"'"'s (Go'"'"'s sync.fatal,
      # sync.(*WaitGroup).Add): gort runs those as natives and shows
      # only the script'"'"'s frames, so both sides skip them
      if ($0 ~ /^[a-z][a-z0-9_\/]*\.[^ ]*\(.*\)$/ && $0 !~ /^main\./) { skip = 1; next }
      if (skip && $0 ~ /^\t/) { skip = 0; next }
      if ($0 ~ /^main\.[A-Za-z0-9_.]*\(.*\)$/) {
        sub(/\(.+\)$/, "(...)")
        print; want = 1; next
      }
      if (want && $0 ~ /^\t/) {
        line = $0
        sub(/ \+0x[0-9a-f]+$/, "", line)
        sub(/^\t.*\//, "\t", line)
        print line; want = 0; next
      }
      if ($0 ~ /^exit status [0-9]+$/) next
      done = 1; next
    }
    /^goroutine [0-9]+ \[[a-z ,0-9]+\]:$/ {
      # ids other than main'"'"'s depend on the runtime'"'"'s own goroutines
      if ($2 != "1") sub(/^goroutine [0-9]+/, "goroutine N")
      print; intrace = 1; next
    }
    /^\[signal .* pc=0x[0-9a-f]+\]$/ { sub(/ pc=0x[0-9a-f]+\]$/, " pc=PC]") }
    /^\tpanic: |^panic: / { gsub(/\) 0x[0-9a-f]+/, ") 0xADDR") }
    /^exit status [0-9]+$/ { next }
    { print }
  '
}

# expected PROG > out; sets exp_rc
expected() {
  awk '
    /^\/\/ Output:$/ { on = 1; next }
    on && /^\/\/ Exit: / { next }
    on && /^\/\/( |$)/ { s = $0; sub(/^\/\/ ?/, "", s); print s; next }
    on { on = 0 }
  ' "$1"
}

fail=0
pass=0
for prog in "$@"; do
  name=$(basename "$prog")
  if [[ $mode != gort ]] && grep -q '^// Go: differs' "$prog"; then
    echo "skip $prog ($(sed -n 's|^// Go: differs: ||p' "$prog"))"
    continue
  fi
  exp_rc=$(sed -n 's|^// Exit: \([0-9]*\)$|\1|p' "$prog" | tail -1)
  exp_rc=${exp_rc:-0}
  dir=$(dirname "$prog")
  mapfile -t envs < <(sed -n 's|^// Env: ||p' "$prog")
  args=()
  argline=$(sed -n 's|^// Args: ||p' "$prog" | tail -1)
  [[ -n $argline ]] && eval "args=($argline)"
  flags=()
  flagline=$(sed -n 's|^// Flags: ||p' "$prog" | tail -1)
  [[ -n $flagline ]] && eval "flags=($flagline)"
  if [[ $mode == gort ]]; then
    (cd "$dir" && env GOTRACEBACK=single "${envs[@]}" timeout 60 "$gort" run "${flags[@]}" "$name" "${args[@]}") >"$tmp/raw" 2>&1
    rc=$?
  else
    (cd "$dir" && GOTRACEBACK=single timeout 120 "$gocmd" run "$name" "${args[@]}") >"$tmp/raw" 2>&1
    rc=$?
    if [[ $rc -ne 0 ]]; then
      # go run reports the program's status as "exit status N"
      st=$(sed -n 's/^exit status \([0-9]*\)$/\1/p' "$tmp/raw" | tail -1)
      rc=${st:-$rc}
    fi
  fi
  normalize <"$tmp/raw" >"$tmp/got"
  if [[ $mode == write ]]; then
    awk '/^\/\/ Output:$/ { exit } { print }' "$prog" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$tmp/body"
    {
      cat "$tmp/body"
      echo
      echo "// Output:"
      sed -e 's|^|// |' -e 's|^// $|//|' "$tmp/got"
      [[ $rc -ne 0 ]] && echo "// Exit: $rc"
    } >"$prog"
    echo "wrote $prog (exit $rc)"
    continue
  fi
  expected "$prog" >"$tmp/want"
  if cmp -s "$tmp/want" "$tmp/got" && [[ $rc == "$exp_rc" ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $prog (exit $rc, want $exp_rc)"
    diff -u "$tmp/want" "$tmp/got" | sed -n '3,40p'
  fi
done
[[ $mode == write ]] && exit 0
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
