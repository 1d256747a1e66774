#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for the team-store tests (tests/pg.py starts a private
# server from them, on a socket in a temporary folder; the package's own cluster is not
# used), installed when missing (scripts/apt-install.sh).
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
command -v initdb >/dev/null 2>&1 && exit 0
bash "$(dirname "$0")/apt-install.sh" "PostgreSQL tests" postgresql
