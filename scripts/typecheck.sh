#!/usr/bin/env bash
# mypy over vidstudio for Linux, Windows and macOS at once: each check is one single-threaded
# process, so together they use both cores of a two-core machine instead of one after another.
# The platform is one of mypy's options, so each keeps a cache of its own (Linux the default
# one, which a plain `mypy vidstudio` shares). Reports print in a fixed order; fails if any does.
set -uo pipefail
cd "$(dirname "$0")/.."
MYPY=${MYPY:-.venv/bin/mypy}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
declare -A pids
for platform in linux win32 darwin; do
  cache=.mypy_cache
  [[ $platform != linux ]] && cache=.mypy_cache/platform-$platform
  "$MYPY" --platform "$platform" --cache-dir "$cache" vidstudio >"$logs/$platform" 2>&1 &
  pids[$platform]=$!
done
status=0
for platform in linux win32 darwin; do
  wait "${pids[$platform]}" || status=1
  echo "mypy --platform $platform vidstudio"
  cat "$logs/$platform"
done
exit $status
