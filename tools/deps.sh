#!/bin/sh
# deps.sh - install the Debian packages frontier needs, only those that are missing.
# Usage: tools/deps.sh [mpi] [fuzz] [cov]. Called by `make deps` (and so by `make run`/`make test`).
set -u
missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_file() { [ -e "$1" ] || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }

need_cmd cc build-essential
need_cmd make build-essential
need_cmd pkg-config pkg-config
need_cmd python3 python3   # tools/derive_map.py (region maps; its test is in make test)
if command -v pkg-config >/dev/null 2>&1; then
  need_pc gsl libgsl-dev
  need_pc sdl2 libsdl2-dev
  need_pc x11 libx11-dev   # the real window size when no window manager honours fullscreen
  need_pc SDL2_ttf libsdl2-ttf-dev
  need_pc SDL2_image libsdl2-image-dev
  need_pc yaml-0.1 libyaml-dev
  need_pc criterion libcriterion-dev
  need_pc nettle nettle-dev        # SHA-256 of the files of an output set (provenance.json)
  need_pc zlib zlib1g-dev          # --series FILE.gz
  need_pc cairo libcairo2-dev      # figures as PNG, SVG and PDF (viz/plot/fig.h)
  need_pc freetype2 libfreetype-dev  # the figures' font, loaded from its file
else
  missing="$missing libgsl-dev libsdl2-dev libx11-dev libsdl2-ttf-dev libyaml-dev libcriterion-dev nettle-dev zlib1g-dev libcairo2-dev libfreetype-dev"
fi
need_file /usr/include/csv.h libcsv-dev
need_file /usr/include/libyuv.h libyuv-dev   # view --record FILE.mp4: frames to yuv420p (no .pc)
need_file /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core
# The tests check every JSON output and scenario file against schemas/ with an independent
# validator, read every output with pandas, and check output sets after kills
# (tests/outputs-check.py, tests/chaos-outputs.py, run with Debian's /usr/bin/python3).
need_file /usr/bin/python3 python3
need_file /usr/lib/python3/dist-packages/jsonschema/__init__.py python3-jsonschema
need_file /usr/lib/python3/dist-packages/pandas/__init__.py python3-pandas
need_file /usr/lib/python3/dist-packages/yaml/__init__.py python3-yaml
# examples/ensemble_sweep.py (run by make test) draws with matplotlib; the install test
# checks the man page with man --warnings (man-db, groff).
need_file /usr/lib/python3/dist-packages/matplotlib/__init__.py python3-matplotlib
need_cmd man man-db
need_cmd groff groff-base
# view --record FILE.mp4 pipes raw frames to ffmpeg (libx264); its test runs when ffmpeg is here.
need_cmd ffmpeg ffmpeg
for opt in "$@"; do
  case "$opt" in
    mpi)  need_cmd mpicc "openmpi-bin libopenmpi-dev"
          need_cmd mpirun openmpi-bin
          need_pc ompi-c libopenmpi-dev ;;  # mpicc (openmpi-bin) is no use without mpi.h
    cov)  need_cmd gcovr gcovr ;;
    fuzz) need_cmd clang clang
          need_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
  esac
done

[ -z "$missing" ] && exit 0
echo "frontier: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
else
  echo "frontier: cannot install packages: not root and no sudo. Install them by hand:" >&2
  echo "  apt-get install$missing" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "frontier: no apt-get here; install the equivalents of:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { echo "frontier: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing || {
  echo "frontier: apt-get install failed for:$missing" >&2; exit 1; }
