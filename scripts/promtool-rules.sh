#!/usr/bin/env bash
# Runs `promtool check rules` on every rule file and `promtool test rules` on every generated
# test file below the given folder (default alerts/), and prints a plain tally. Any number of
# files: they go to promtool in batches (PROMTOOL_BATCH test files per process, one process per
# core, PROMTOOL_JOBS), so that neither the argument list nor process start-ups grow with them.
set -uo pipefail
root="${1:-alerts}"
mapfile -t rule_files < <(find "$root" -name '*.rules.yml' | sort)
mapfile -t test_files < <(find "$root" -name '*.test.yml' | sort)
if [ ${#rule_files[@]} -eq 0 ]; then echo "no rule files below $root" >&2; exit 1; fi
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

check_failed=0
if ! printf '%s\0' "${rule_files[@]}" | xargs -0 -n 1000 promtool check rules >"$logdir/check.log" 2>&1; then
  grep -v '^  SUCCESS\|^Checking \|^$' "$logdir/check.log" | head -200
  check_failed=1
fi
echo "promtool check rules: ${#rule_files[@]} files, $([ $check_failed -eq 0 ] && echo ok || echo FAILED)"

jobs="${PROMTOOL_JOBS:-$(nproc)}"
batch="${PROMTOOL_BATCH:-8}"
# Each batch's output names every file ("Unit Testing: F" then SUCCESS or FAILED): the tally is read from it.
printf '%s\0' "${test_files[@]}" | xargs -0 -n "$batch" -P "$jobs" sh -c 'promtool test rules "$@" >"$(mktemp -p "'"$logdir"'" batch.XXXXXX)" 2>&1; exit 0' _
passed=0
failed=0
for log in "$logdir"/batch.*; do
  [ -e "$log" ] || continue
  passed=$((passed + $(grep -c '^  SUCCESS' "$log" || true)))
  if grep -q '^  FAILED' "$log"; then
    failed=$((failed + $(grep -c '^  FAILED' "$log" || true)))
    cat "$log"
  fi
done
# A file promtool could not even read leaves no SUCCESS or FAILED line: count it as failed.
missing=$((${#test_files[@]} - passed - failed))
if [ "$missing" -gt 0 ]; then
  echo "promtool-tests: $missing file(s) without a result:"
  cat "$logdir"/batch.* | grep -v '^  SUCCESS\|^Unit Testing:\|^$' | head -50
  failed=$((failed + missing))
fi
echo "promtool-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$check_failed" -eq 0 ]
