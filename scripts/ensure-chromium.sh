#!/usr/bin/env bash
# The browser tests render the lesson panel in Debian's Chromium; install it when it is missing.
set -euo pipefail
[[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (the browser tests need it)." >&2
  exit 1
fi
echo "[ensure-chromium] installing Debian's chromium for the browser tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null
