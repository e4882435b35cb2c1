#!/usr/bin/env bash
# scripts/output-identity.sh BASE [HEAD]: generate the 10,000-instance bench catalog (bench/scale.ts)
# with the CLI of two revisions and compare every output file byte for byte. For refactorings that
# must not change the output (the splits of issue "A codebase the next maintainer can change safely").
# Each revision is checked out in a worktree under a temporary folder and built there; node_modules
# is this checkout's. Exit 0 when the outputs are identical, 1 when they differ (the first
# differences listed).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:?usage: scripts/output-identity.sh BASE [HEAD]}"
head="${2:-HEAD}"
work="$(mktemp -d "${TMPDIR:-/tmp}/sloforge-identity-XXXXXX")"
trap 'for d in "$work"/wt-*; do [ -d "$d" ] && git worktree remove --force "$d"; done; rm -rf "$work"' EXIT
# The catalog, written once by this checkout's bench code.
npx tsx bench/write-scale-catalog.ts "$work/catalog" 10000 > /dev/null
generate() { # revision output
  local tree="$work/wt-$(git rev-parse --short "$1")"
  if [ ! -d "$tree" ]; then
    git worktree add -f --detach "$tree" "$1" > /dev/null 2>&1
    ln -s "$PWD/node_modules" "$tree/node_modules"
    (cd "$tree" && node scripts/build.mjs > /dev/null)
  fi
  (cd "$tree" && node bin/sloforge.mjs generate --catalog "$work/catalog/slos/index.ts" --out "$2" --tests full | tail -1)
}
generate "$base" "$work/base"
generate "$head" "$work/head"
if diff -r -q "$work/base" "$work/head" > "$work/diff.txt"; then
  echo "identical: $(find "$work/head" -type f | wc -l) files, $(du -sb "$work/head" | cut -f1) bytes ($base and $head)"
else
  echo "DIFFERENT ($base and $head):"
  head -20 "$work/diff.txt"
  exit 1
fi
