#!/usr/bin/env bash
# tests/browser/trace_view.sh BUILD_DIR
#
# The execution-trace viewer in a real browser (docs/tracing.md).  Records
# examples/c/trace_workers with GOMAXPROCS=2, converts the trace to HTML and
# JSON, opens the HTML in headless Chromium and checks that:
#   - the page ran with no script error and no console error;
#   - it drew one lane per P (2), and as many goroutine slices as the JSON
#     conversion has "X" goroutine events;
#   - in the by-goroutine view, one lane per goroutine that ran, and the
#     summary table lists the program's 6 goroutines (main, the feeder and
#     4 workers);
#   - slices that a block ended carry the blocking site's stack, and
#     hovering one (the page's #probe fragment) shows "blocked at:".
# Leaves BUILD_DIR/browser/trace_workers.png (a screenshot) behind.
# Exit status: 0 pass, 1 fail, 77 skipped (no Chromium).
set -uo pipefail
build=${1:?usage: trace_view.sh BUILD_DIR}
build=$(cd "$build" && pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $chromium ]]; then
  echo "trace_view: SKIPPED: no chromium on PATH (apt-get install chromium)"
  exit 77
fi
out=$build/browser
mkdir -p "$out"
fail() { echo "trace_view: FAIL: $*"; exit 1; }

GOMAXPROCS=2 GORT_TRACE_STACKS=1 "$build/examples/c/trace_workers" "$out/trace_workers.trace" ||
  fail "trace_workers did not run"
"$build/vm/gort" trace view "$out/trace_workers.trace" -o "$out/trace_workers.html" || fail "gort trace view"
"$build/vm/gort" trace json "$out/trace_workers.trace" -o "$out/trace_workers.json" || fail "gort trace json"

want_p=$(grep -c '"name":"thread_name","args":{"name":"P' "$out/trace_workers.json")
want_slices=$(grep -c '"ph":"X".*"cat":"goroutine"' "$out/trace_workers.json")
want_g=$(grep '"ph":"X".*"cat":"goroutine"' "$out/trace_workers.json" |
  grep -o '"goid":[0-9]*' | sort -u | wc -l)
[[ $want_p == 2 ]] || fail "the JSON has $want_p P lanes, want 2"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-extensions --user-data-dir="$profile" --enable-logging=stderr --v=0
  --virtual-time-budget=3000 --window-size=1400,900)
url="file://$out/trace_workers.html"

# page URL-FRAGMENT: dumps the DOM after the scripts ran; console to .log.
page() {
  timeout 60 "$chromium" "${flags[@]}" --dump-dom "$url$1" >"$out/dom$2.html" 2>"$out/console$2.log"
}
page "" p || fail "chromium --dump-dom exited with $?"
page "#probe" h || fail "chromium --dump-dom (hover probe) exited with $?"
page "#mode=g" g || fail "chromium --dump-dom (goroutine view) exited with $?"
timeout 60 "$chromium" "${flags[@]}" --screenshot="$out/trace_workers.png" "$url" \
  >/dev/null 2>>"$out/consolep.log" || fail "chromium --screenshot exited with $?"

attr() { grep -o "<body[^>]*" "$1" | grep -o "data-$2=\"[0-9]*\"" | grep -o '[0-9]\+'; }
for v in p g; do
  if grep -q 'data-errors' "$out/dom$v.html"; then
    grep -o 'viewer error: [^<]*' "$out/dom$v.html"
    fail "script errors in the page ($v view)"
  fi
  if grep -E 'CONSOLE.*(Uncaught|Error|error)' "$out/console$v.log"; then
    fail "console errors ($v view)"
  fi
done
lanes=$(attr "$out/domp.html" lanes) slices=$(attr "$out/domp.html" slices)
glanes=$(attr "$out/domg.html" lanes)
rows=$(grep -o '<tbody>.*</tbody>' "$out/domp.html" | grep -o '<tr>' | wc -l)
user=$(grep -o '<tbody>.*</tbody>' "$out/domp.html" | grep -o '<td class="l">G[0-9]*</td>' | wc -l)
echo "trace_view: P lanes $lanes (want $want_p), slices $slices (want $want_slices)," \
  "goroutine lanes $glanes (want $want_g), summary rows $rows ($user user goroutines, want 6)"
[[ $lanes == "$want_p" ]] || fail "P lanes"
[[ $slices == "$want_slices" && $slices -gt 40 ]] || fail "slices"
[[ $glanes == "$want_g" ]] || fail "goroutine lanes"
[[ $user == 6 ]] || fail "user goroutines in the summary"
# Blocking sites: slices that a block ended carry its stack, and hovering
# one shows it (the probe hovers the first such slice).
want_bs=$(grep -c '"blocked at":\[' "$out/trace_workers.json")
bstacks=$(attr "$out/domp.html" blockstacks)
echo "trace_view: slices with a blocking site drawn $bstacks (JSON has $want_bs)"
[[ $want_bs -gt 0 && $bstacks -gt 0 ]] || fail "no slice shows a blocking site"
grep -q 'blocked at:' "$out/domh.html" || fail "hovering a blocked slice does not show its stack"
grep -E 'CONSOLE.*(Uncaught|Error|error)' "$out/consoleh.log" && fail "console errors (hover probe)"
[[ -s $out/trace_workers.png ]] || fail "no screenshot"
echo "trace_view: ok; screenshot $out/trace_workers.png"
