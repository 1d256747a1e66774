#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser download cannot run
# here). Installed when missing and this user may install packages; otherwise the browser
# tests are skipped, except under CI=true where they fail.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium not found and no apt-get: install Chromium to run the browser tests" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "chromium not found: 'apt-get install chromium' to run the browser tests" >&2
    exit 0
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
