#!/usr/bin/env bash
# Freeze the app with PyInstaller and run the frozen `vidstudio --self-test` offscreen.
#   packaging/frozen_smoke.sh            (or: make frozen-smoke)
# Exit status: the self-test's (0 = window, sample plan, ffmpeg, voice and libvlc all fine).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
[[ -x $BIN/pyinstaller ]] || $BIN/python -m pip install -q "pyinstaller>=6.5,<7"
$BIN/pyinstaller packaging/vidstudio.spec --noconfirm --log-level WARN \
    --distpath build/frozen/dist --workpath build/frozen/work
frozen=build/frozen/dist/vidstudio/vidstudio
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
echo "frozen-smoke: running $frozen --self-test" >&2
env -u DISPLAY QT_QPA_PLATFORM=offscreen VIDSTUDIO_NO_KEYRING=1 HOME="$home" \
    VIDSTUDIO_DATA_DIR="$home/data" "$frozen" --self-test
