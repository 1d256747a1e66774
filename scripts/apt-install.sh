#!/usr/bin/env bash
# Install Debian packages for the tests, when this user may: scripts/apt-install.sh WHAT PKG...
# WHAT names the tests that need them. Without apt-get or the right to install, says what
# to install and exits 0: those tests are then skipped, except under CI=true where they fail.
set -euo pipefail
what="$1"; shift
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$* not found and no apt-get: install it to run the $what" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "$* not found: 'apt-get install $*' to run the $what" >&2
    exit 0
fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
