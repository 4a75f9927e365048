#!/usr/bin/env bash
# Installs Debian's Chromium when no Chromium is present (Playwright's own download needs network
# access that openlam does not assume).
set -euo pipefail
if [ -n "${OPENLAM_CHROMIUM:-}" ]; then
  [ -x "$OPENLAM_CHROMIUM" ] && exit 0
  echo "error: OPENLAM_CHROMIUM=$OPENLAM_CHROMIUM is not an executable file: fix the path or unset it" >&2
  exit 1
fi
# OPENLAM_CHROMIUM_SEARCH overrides where to look (tests use it to simulate a missing browser)
for candidate in ${OPENLAM_CHROMIUM_SEARCH:-/usr/bin/chromium /usr/bin/chromium-browser}; do
  [ -x "$candidate" ] && exit 0
done
if [ -z "${OPENLAM_CHROMIUM_SEARCH:-}" ] && command -v chromium >/dev/null; then
  exit 0  # on PATH elsewhere: openlam finds it there too
fi
if ! command -v apt-get >/dev/null; then
  echo "error: Chromium is missing and this system has no apt-get: install Chromium with your package manager and set OPENLAM_CHROMIUM=/path/to/chromium" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  run=(sudo)
else
  echo "error: Chromium is missing and installing it needs root: run 'sudo apt-get install -y chromium' (or set OPENLAM_CHROMIUM=/path/to/chromium), then run make again" >&2
  exit 1
fi
echo "==> installing Debian's chromium (about a minute)"
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq chromium >/dev/null
echo "==> chromium installed at /usr/bin/chromium"
