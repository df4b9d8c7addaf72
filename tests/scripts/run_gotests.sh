#!/usr/bin/env bash
# tests/scripts/run_gotests.sh GORT GOTESTDIR LIST
#
# Runs the programs of Go's own test suite (GOTESTDIR, Debian's
# /usr/share/go-1.19/test) that are marked `// run` and that gort compiles
# today, one path per line in LIST (tests/scripts/run_gotests.txt). Each
# must exit 0 (Go's run tests panic on a wrong result) and, when the suite
# has a PROG.out beside it, print exactly that. The list grows as the code
# generator does; regenerate it with
#   for f in *.go fixedbugs/*.go ken/*.go; do head -1 $f | grep -q '^// run$' \
#     && gort dis $f >/dev/null 2>&1 && echo $f; done
# inside GOTESTDIR.
set -uo pipefail
gort=$1
dir=$2
list=$3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
pass=0
fail=0
while read -r f; do
  [[ -z $f || $f == \#* ]] && continue
  (cd "$dir" && timeout 60 "$gort" run "$f") >"$out" 2>&1
  rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "FAIL $f: exit $rc"
    head -5 "$out"
    fail=$((fail + 1))
  elif [[ -f $dir/${f%.go}.out ]] && ! cmp -s "$out" "$dir/${f%.go}.out"; then
    echo "FAIL $f: output differs from ${f%.go}.out"
    diff -u "$dir/${f%.go}.out" "$out" | sed -n '3,20p'
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done <"$list"
echo "$pass passed, $fail failed"
[[ $fail -eq 0 && $pass -gt 0 ]]
