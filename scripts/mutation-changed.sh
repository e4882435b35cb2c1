#!/usr/bin/env bash
# make mutation-changed (part of make test): the mutants of every mutated source file that changed
# since the mutation report was last committed, re-tested by Stryker (incremental, so unchanged code
# keeps its results), then docs/mutation-survivors.md checked against the new report. A change that
# leaves a new mutant alive (or kills one) fails here until `make mutation` is run and the report
# and the page are committed with it. With nothing changed it only checks the page (a second).
# MUTATION_BASE overrides the commit compared against.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${MUTATION_BASE:-$(git log -1 --format=%H -- reports/stryker-incremental.json)}"
if [ -z "$base" ]; then
  echo "mutation-changed: no commit of reports/stryker-incremental.json to compare against" >&2
  exit 2
fi
# The folders stryker.config.mjs mutates, less the files it leaves out.
mapfile -t changed < <(
  { git diff --name-only "$base" -- src/core src/model src/reports src/emitters/prometheus; git ls-files --others --exclude-standard -- src/core src/model src/reports src/emitters/prometheus; } |
    grep -E '\.ts$' | grep -v -E '^src/(core|reports)/html\.ts$' | sort -u | while read -r f; do [ -f "$f" ] && echo "$f"; done
)
if [ "${#changed[@]}" -eq 0 ]; then
  echo "mutation-changed: no mutated source file changed since ${base:0:7}"
else
  echo "mutation-changed: ${#changed[@]} file(s) changed since ${base:0:7}: ${changed[*]}"
  npx stryker run --mutate "$(IFS=,; echo "${changed[*]}")" --reporters clear-text,json
fi
npx tsx scripts/mutation-survivors.ts --check
