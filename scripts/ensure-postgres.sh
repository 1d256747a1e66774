#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the team-store tests (tests/pg.py starts a private
# server from them, on a socket in a temporary folder). Installed when missing and this user
# may install packages; otherwise those tests are skipped, except under CI=true where they
# fail.
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
command -v initdb >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL not found and no apt-get: install it to run the PostgreSQL tests" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "PostgreSQL not found: 'apt-get install postgresql' to run the PostgreSQL tests" >&2
    exit 0
fi
$SUDO apt-get update -qq
# The server's binaries only: the package's own cluster is not started or used.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
