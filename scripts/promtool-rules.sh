#!/usr/bin/env bash
# Runs `promtool check rules` on every rule file and `promtool test rules` on every generated
# test file below the given folder (default alerts/), two at a time, and prints a plain tally.
set -uo pipefail
root="${1:-alerts}"
mapfile -t rule_files < <(find "$root" -name '*.rules.yml' | sort)
mapfile -t test_files < <(find "$root" -name '*.test.yml' | sort)
if [ ${#rule_files[@]} -eq 0 ]; then echo "no rule files below $root" >&2; exit 1; fi
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

check_failed=0
if ! promtool check rules "${rule_files[@]}" >"$logdir/check.log" 2>&1; then
  cat "$logdir/check.log"
  check_failed=1
fi
echo "promtool check rules: ${#rule_files[@]} files, $([ $check_failed -eq 0 ] && echo ok || echo FAILED)"

jobs="${PROMTOOL_JOBS:-$(nproc)}"
printf '%s\n' "${test_files[@]}" | xargs -P "$jobs" -I{} sh -c 'if promtool test rules "$1" >"$2/$(echo "$1" | tr / _).log" 2>&1; then echo "ok   $1"; else echo "FAIL $1"; fi' _ {} "$logdir" >"$logdir/results"
passed=$(grep -c '^ok ' "$logdir/results" || true)
failed=$(grep -c '^FAIL ' "$logdir/results" || true)
if [ "$failed" -gt 0 ]; then
  grep '^FAIL ' "$logdir/results" | while read -r _ file; do
    echo "---- $file"; cat "$logdir/$(echo "$file" | tr / _).log"
  done
fi
echo "promtool-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$check_failed" -eq 0 ]
