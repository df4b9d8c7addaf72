#!/usr/bin/env bash
# tests/scripts/trace_run.sh GORT_CLI
#
# `gort run -trace FILE` (docs/tracing.md): runs a Go program
# (tests/scripts/run/gc_strings.go) with a binary trace and with a .json
# one converted at exit, and checks that:
#   - the program's output is unchanged by tracing;
#   - `gort trace stats` reads the binary trace with no batch missing, and
#     it has GC cycles and goroutines blocking and waking;
#   - the JSON has goroutine slices, and blocking sites with
#     GORT_TRACE_STACKS=1 (none without it: block stacks are opt-in).
set -uo pipefail
gort=${1:?usage: trace_run.sh GORT_CLI}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "trace_run: FAIL: $*"; exit 1; }
# The VM runs one goroutine today: the program allocates enough that the
# collector runs, so the trace has the runtime's goroutines blocking and
# waking around the main one, and GC cycles.
cp "$(dirname "${BASH_SOURCE[0]}")/run/gc_strings.go" "$dir/pp.go"
want="200000 yzabcdefgh! 11"
out=$("$gort" run "$dir/pp.go" 2>&1) || fail "untraced run exited with $?"
[[ $out == "$want" ]] || fail "untraced output: $out"
out=$("$gort" run -trace "$dir/pp.trace" "$dir/pp.go" 2>&1) || fail "traced run exited with $?"
[[ $out == "$want" ]] || fail "traced output: $out"
stats=$("$gort" trace stats "$dir/pp.trace") || fail "gort trace stats"
echo "$stats" | head -1
grep -q "no gaps" <<<"$stats" || fail "batches missing"
count() { awk -v e="$1" '$1 == e { print $2 }' <<<"$stats"; }
[[ $(count GCStart) -ge 1 ]] || fail "no GC cycle"
[[ $(count GoBlock) -ge 1 ]] || fail "no GoBlock"
[[ $(count GoUnblock) -ge 1 ]] || fail "no GoUnblock"
out=$("$gort" run -trace "$dir/pp.json" "$dir/pp.go" 2>&1) || fail "run -trace .json exited with $?"
[[ $out == "$want" ]] || fail "output with a .json trace: $out"
[[ -s $dir/pp.json && ! -e $dir/pp.json.gorttrace ]] || fail "no converted pp.json"
grep -q '"cat":"goroutine"' "$dir/pp.json" || fail "no goroutine slices in the JSON"
grep -q '"blocked at":\[' "$dir/pp.json" && fail "blocking sites in the JSON without GORT_TRACE_STACKS=1"
out=$(GORT_TRACE_STACKS=1 "$gort" run -trace "$dir/pp.json" "$dir/pp.go" 2>&1) ||
  fail "run -trace .json with GORT_TRACE_STACKS=1 exited with $?"
[[ $out == "$want" ]] || fail "output with block stacks: $out"
grep -q '"blocked at":\[' "$dir/pp.json" || fail "no blocking sites in the JSON with GORT_TRACE_STACKS=1"
"$gort" run -trace /nonexistent/dir/x.trace "$dir/pp.go" >/dev/null 2>&1 && fail "an unwritable -trace file did not fail"
echo "trace_run: ok"
