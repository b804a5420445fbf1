#!/usr/bin/env bash
# README command 2 (and what .ci/run calls): set up what is missing, start any test servers on 127.0.0.1,
# run every test, stop the servers, then README command 1 (scripts/demo.sh), and print one closing line:
# "tests: N passed, N failed, N skipped; scripts/demo.sh: ok|failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test ShopStream.slnx --nologo -c Debug 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S, Total: T" line per test project.
read -r passed failed skipped < <(awk '/(Passed|Failed)! +- +Failed:/ {
    match($0, /Failed: *[0-9]+/);  f += substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /Passed: *[0-9]+/);  p += substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /Skipped: *[0-9]+/); s += substr($0, RSTART + 8, RLENGTH - 8)
  }
  END { print p + 0, f + 0, s + 0 }' "$log")

# README command 1 as users run it: the tests above run the Debug build in-process, while scripts/demo.sh publishes
# the ReadyToRun build and runs that (a stale precompiled image once made it abort before Main). Its numbers are
# checked against the golden summary by DemoCommandTests; here, that the published program runs the demo through.
demo_out=$(mktemp -d)
trap 'rm -f "$log" "$demo_out.log"; rm -rf "$demo_out"' EXIT
demo="failed"
if scripts/demo.sh --out "$demo_out" > "$demo_out.log" 2>&1 && grep -q '"events_read": 5000,' "$demo_out/summary.json"; then
  demo="ok"
else
  cat "$demo_out.log" >&2
  status=1
fi

echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped; scripts/demo.sh: ${demo}"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
