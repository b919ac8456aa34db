#!/usr/bin/env bash
# What someone who clones the repository has: its files, no ../shared beside it, no Neovim. `npm test` must pass
# there, the tests of outside data skipping with their reason. .ci/run runs this after the full suite.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/clone"
git ls-files -co --exclude-standard | tar cf - -T - | tar xf - -C "$TMP/clone"
# the dependencies are the lockfile's, already installed by npm ci: link them rather than download them again
ln -s "$ROOT/node_modules" "$TMP/clone/node_modules"
cd "$TMP/clone"
[ ! -e ../shared ] || { echo "fresh-clone test: $TMP/shared exists" >&2; exit 1; }
FLY_TOML_NVIM=/nonexistent/nvim FLY_TOML_REQUIRE_OUTSIDE=0 npm test > "$TMP/test.log" 2>&1 || { tail -60 "$TMP/test.log"; echo "fresh-clone test: npm test failed" >&2; exit 1; }
grep -E '^ℹ (tests|pass|fail|skipped)' "$TMP/test.log"
grep -q 'needs \.\./shared' "$TMP/test.log" && grep -q 'needs Neovim' "$TMP/test.log" || { echo "fresh-clone test: the outside-data tests did not say why they skipped" >&2; exit 1; }
echo "fresh-clone test: npm test passes without ../shared and without Neovim"
