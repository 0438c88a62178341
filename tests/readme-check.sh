#!/bin/sh
# readme-check.sh - the README's "Using it" commands, run as written (continuation lines
# joined) in a scratch folder that looks like the source tree (./frontier, scenarios/,
# tests/fixtures/), so their out/ is the scratch folder's. `view` needs a display and
# `bench` is `make bench`'s: both are left out, and said so. Usage: tests/readme-check.sh BIN
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
tree=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests"
ln -s "$bin" "$tmp/frontier"
ln -s "$tree/scenarios" "$tmp/scenarios"
ln -s "$tree/tests/fixtures" "$tmp/tests/fixtures"
# The block after "## Using it", one command a line.
awk '/^## Using it/ { f = 1 } f && /^```sh/ { g = 1; next } g && /^```/ { exit }
     g { sub(/[ \t]+#.*$/, ""); line = line $0
         if (line ~ /\\$/) { sub(/\\$/, "", line); next }
         print line; line = "" }' README.md >"$tmp/cmds"
[ -s "$tmp/cmds" ] || { echo "readme-check: no commands found in README.md" >&2; exit 1; }
ran=0 skipped=0
cd "$tmp"
while IFS= read -r cmd; do
    case "$cmd" in
    "./frontier view"* | "./frontier bench"*) skipped=$((skipped + 1)); continue ;;
    esac
    if ! sh -c "$cmd" >"$tmp/stdout" 2>"$tmp/stderr"; then
        echo "readme-check: FAIL: $cmd" >&2
        cat "$tmp/stderr" >&2
        exit 1
    fi
    ran=$((ran + 1))
done <"$tmp/cmds"
echo "readme-check: $ran README commands ran as written ($skipped view and bench lines left out)"
