#!/bin/sh
# install-check.sh - `make install` into a temporary DESTDIR and PREFIX, then the installed
# frontier used from another folder: run, bench and view --headless by scenario name, the
# search path ($FRONTIER_DATA first), `frontier list`, the man page (man --warnings) and the
# bash completion. Usage: tests/install-check.sh [MAKE ARGS...] (run by `make test`).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install-check: FAIL: $*" >&2; exit 1; }

make --no-print-directory -s install DESTDIR="$tmp/stage" PREFIX=/opt/frontier "$@" \
    >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "make install"; }
root="$tmp/stage/opt/frontier"
bin="$root/bin/frontier"
built=frontier   # the binary `make install` with these arguments must have installed
case " $* " in *" MPI=1 "*) built=build-mpi/frontier ;; *" SAN=1 "*) built=build-san/frontier ;; esac
cmp -s "$bin" "$built" || fail "the installed binary is not $built"
for f in bin/frontier share/frontier/scenarios/kabul-ultimatum-2023.yaml \
         share/frontier/scenarios/maps/af-pk.map share/frontier/scenarios/variants/lower-threshold.yaml \
         share/man/man1/frontier.1 share/bash-completion/completions/frontier \
         share/doc/frontier/README.md share/doc/frontier/LICENSE share/doc/frontier/whatif.md \
         share/frontier/schemas/scenario.schema.json; do
    [ -s "$root/$f" ] || fail "$f not installed"
done

# From another folder, with no source tree in sight.
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere"
"$bin" run kabul-ultimatum-2023 -q -o run >/dev/null || fail "run by name"
[ -s run/events.csv ] || fail "run wrote no events.csv"
"$bin" run variants/lower-threshold.yaml -q -o variant >/dev/null || fail "run a variant by name"
"$bin" bench ensemble -n 200 >bench.txt || fail "bench ensemble"
grep -q "bench=ensemble scenario=kabul-ultimatum-2023" bench.txt || fail "bench output: $(cat bench.txt)"
SDL_VIDEODRIVER=dummy "$bin" view kabul-ultimatum-2023 --headless --until 20 \
    --screenshot view.png >/dev/null 2>&1 || fail "view --headless by name"
[ -s view.png ] || fail "view wrote no screenshot"
if "$bin" run no-such-scenario -q -o x 2>err.txt; then fail "a missing name ran"; fi
grep -q "no-such-scenario" err.txt || fail "the error does not name the scenario: $(cat err.txt)"

# $FRONTIER_DATA comes before the installed scenarios; list shows both folders.
mkdir -p mine
sed 's/^  name: Kabul ultimatum 2023$/  name: Mine/' \
    "$root/share/frontier/scenarios/kabul-ultimatum-2023.yaml" >mine/kabul-ultimatum-2023.yaml
printf 'extends: variants/lower-threshold\nscenario:\n  name: Other\n  description: My own variant. More text.\n' \
    >mine/other.yaml
FRONTIER_DATA="$PWD/mine" "$bin" check kabul-ultimatum-2023 >check.txt 2>&1 || true
grep -q "Mine" check.txt || fail "FRONTIER_DATA is not searched first: $(head -3 check.txt)"
FRONTIER_DATA="$PWD/mine" "$bin" list >list.txt || fail "list"
grep -q "^$PWD/mine:" list.txt || fail "list does not show FRONTIER_DATA: $(cat list.txt)"
grep -q "^$root/share/frontier/scenarios:" list.txt || fail "list does not show the installed folder"
grep -q "other  *Other" list.txt || fail "list: other.yaml (extends a name): $(cat list.txt)"
grep -q "variants/lower-threshold " list.txt || fail "list: variants"
grep -q "Other: My own variant$" list.txt || fail "list: the first sentence of the description"
"$bin" list --names | grep -qx "kabul-ultimatum-2023" || fail "list --names"

# The man page: no warnings from man, and every command has its section.
man_err=$(MANWIDTH=80 man --warnings -l "$root/share/man/man1/frontier.1" 2>&1 >man.txt) || fail "man"
[ -z "$man_err" ] || fail "man --warnings: $man_err"
for c in run ensemble compare sweep sensitivity check view fit forecast bench list; do
    grep -q "frontier $c" man.txt || fail "man page has no section for $c"
done

# Completion: commands, a command's options, scenario names (through the installed binary).
comp="$root/share/bash-completion/completions/frontier"
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _frontier; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$comp" "$@"
}
complete_words "$bin" ens | grep -qx ensemble || fail "completion of commands"
complete_words "$bin" ensemble --se | grep -qx -- "--seed" || fail "completion of options"
complete_words "$bin" run kab | grep -qx kabul-ultimatum-2023 || fail "completion of scenario names"
complete_words "$bin" bench ens | grep -qx ensemble || fail "completion of benchmarks"
echo "install-check: make install $*: binary, scenarios, man page (man --warnings clean), completion, docs; run, bench and view --headless by name from another folder; FRONTIER_DATA and list"
