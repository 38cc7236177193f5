#!/usr/bin/env bash
# Installs what vidstudio needs from Debian and PyPI into ./.venv, idempotently.
#   scripts/bootstrap.sh          runtime only
#   scripts/bootstrap.sh --dev    runtime + test/bench tools
# Installs with uv, or with pip where uv fails or VIDSTUDIO_INSTALLER=pip is set.
# Re-running is cheap: Debian packages are only fetched when missing and the venv is only
# refreshed when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=0
[[ "${1:-}" == "--dev" ]] && want_dev=1

# Debian packages: python venv support, the C libraries Qt's xcb/offscreen plugins load, and a
# virtual X server for screenshots of the editor; libvlc for the editor's preview (python-vlc
# binds to it). ffmpeg itself comes from imageio-ffmpeg.
apt_pkgs=(python3-venv python3-dev libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
          libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libnss3
          fonts-dejavu-core fonts-droid-fallback
          libvlc5 vlc-plugin-base vlc-plugin-video-output)
[[ $want_dev == 1 ]] && apt_pkgs+=(xvfb xauth)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "bootstrap: creating .venv with $($PY --version)" >&2
  $PY -m venv .venv
  # uv (a PyPI wheel) installs the project several times faster than pip's resolver; pip stays
  # as the fallback where uv cannot be had or fails.
  .venv/bin/python -m pip install -q --upgrade pip uv || .venv/bin/python -m pip install -q --upgrade pip
fi

# uv reads no pip configuration: hand it the same indexes, find-links and constraints that pip
# is configured with (`pip config list` shows pip.conf's and the PIP_* variables' settings), and
# let it pick the best version over all indexes as pip does. The runtime install compiles every
# module to bytecode as pip does; the dev install leaves that to the first import, since the
# tests import a small part of what it installs (compiling all of torch's and transformers'
# modules took most of the install's time).
uv_install() {
  [[ -x .venv/bin/uv && ${VIDSTUDIO_INSTALLER:-uv} == uv ]] || return 1
  local args=(--python .venv/bin/python --index-strategy unsafe-best-match)
  [[ $want_dev == 1 ]] || args+=(--compile-bytecode)
  local line key value v
  while IFS= read -r line; do
    key=${line%%=*}; key=${key#*.}; value=${line#*=}; value=${value#\'}; value=${value%\'}
    for v in $value; do
      case $key in
        index-url|extra-index-url|find-links|constraint) args+=("--$key" "$v") ;;
        cert) export SSL_CERT_FILE=$v ;;
      esac
    done
  done < <(.venv/bin/python -m pip config list 2>/dev/null)
  .venv/bin/uv pip install -q "${args[@]}" "$@"
}

extra=""
[[ $want_dev == 1 ]] && extra="[dev,cluster,local-ai]"  # cluster: the batch's Ray engine; local-ai: torch+diffusers (~5.8 GB); both tested by make test
stamp=".venv/.installed${extra:+-dev}"
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "bootstrap: installing vidstudio${extra} into .venv" >&2
  if ! uv_install -e ".${extra}"; then
    [[ -x .venv/bin/uv && ${VIDSTUDIO_INSTALLER:-uv} == uv ]] &&
      echo "bootstrap: uv could not install; installing with pip" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  fi
  touch "$stamp"
fi
