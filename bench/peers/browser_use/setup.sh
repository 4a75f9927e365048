#!/usr/bin/env bash
# Create the peer's own virtual environment with a pinned browser-use (never an openlam dependency).
# Idempotent: does nothing when the pinned version is already installed.
set -euo pipefail

BROWSER_USE_VERSION="0.13.14"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3.11}"

if [ -x "$VENV/bin/python" ] &&
  "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('browser-use') != '$BROWSER_USE_VERSION')" 2>/dev/null; then
  echo "browser-use $BROWSER_USE_VERSION already installed in $VENV"
  exit 0
fi

start=$(date +%s)
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
# the peer drives the system Chromium over CDP; it never downloads a browser
"$VENV/bin/pip" install --quiet "browser-use==$BROWSER_USE_VERSION"
end=$(date +%s)
echo "installed browser-use $BROWSER_USE_VERSION in $((end - start)) s; venv size: $(du -sh "$VENV" | cut -f1)"
