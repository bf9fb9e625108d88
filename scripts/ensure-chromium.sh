#!/usr/bin/env bash
# The browser tests render the lesson panel in Debian's Chromium; install it when it is missing.
set -euo pipefail
[[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
  echo "Chromium is missing and installing it needs root: apt-get install -y chromium" >&2
  exit 1
fi
echo "[ensure-chromium] installing Debian's chromium for the browser tests"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null
