#!/usr/bin/env bash
# mypy over vidstudio for Linux, Windows and macOS at once: each check is one single-threaded
# process, so together they use both cores of a two-core machine instead of one after another.
# The platform is one of mypy's options, so each keeps a cache of its own (Linux the default
# one, which a plain `mypy vidstudio` shares). Reports print in a fixed order; fails if any does.
#
# torch ships its types, so mypy reads all of it (and of diffusers, transformers, accelerate)
# wherever the local-ai worker imports it: twice the time and memory of the rest. Those
# libraries type the same on every platform, so the Linux check follows them and the Windows
# and macOS checks take them as untyped (follow_imports = skip); our own code is checked in
# full on each platform.
set -uo pipefail
cd "$(dirname "$0")/.."
MYPY=${MYPY:-.venv/bin/mypy}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
cp pyproject.toml "$logs/other-platforms.toml"
cat >>"$logs/other-platforms.toml" <<'TOML'

[[tool.mypy.overrides]]
module = ["torch.*", "diffusers.*", "transformers.*", "accelerate.*"]
follow_imports = "skip"
TOML
declare -A pids
for platform in linux win32 darwin; do
  if [[ $platform == linux ]]; then
    args=(--cache-dir .mypy_cache)
  else
    args=(--cache-dir ".mypy_cache/platform-$platform" --config-file "$logs/other-platforms.toml")
  fi
  "$MYPY" --platform "$platform" "${args[@]}" vidstudio >"$logs/$platform" 2>&1 &
  pids[$platform]=$!
done
status=0
for platform in linux win32 darwin; do
  wait "${pids[$platform]}" || status=1
  echo "mypy --platform $platform vidstudio"
  cat "$logs/$platform"
done
exit $status
