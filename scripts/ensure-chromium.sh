#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright's own browser download cannot run
# here), installed when missing (scripts/apt-install.sh).
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
bash "$(dirname "$0")/apt-install.sh" "browser tests" chromium
