"""A private PostgreSQL server for the tests: Debian's ``postgresql`` binaries, a cluster
in a temporary folder listening on a socket there (no TCP), stopped and deleted after.

``scripts/ensure-postgres.sh`` (run by ``make test``) installs the package when missing.
Tests that need the server are skipped without it, except under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

PORT = 55432


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, newest version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the ``postgres`` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a throw-away server; yield the URL of its ``postgres`` database."""
    folder = binaries()
    if folder is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    home = Path(tempfile.mkdtemp(prefix="wirecoder-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, user="postgres")
    data = home / "data"
    try:
        subprocess.run(_as_owner([str(folder / "initdb"), "-D", str(data), "-A", "trust",
                                  "-U", "postgres", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-k {home} -p {PORT} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(_as_owner([str(folder / "pg_ctl"), "-D", str(data), "-o", options,
                                  "-l", str(home / "log"), "-w", "start"]),
                       check=True, capture_output=True)
        try:
            yield f"postgresql://postgres@/postgres?host={home}&port={PORT}"
        finally:
            subprocess.run(_as_owner([str(folder / "pg_ctl"), "-D", str(data), "-m",
                                      "immediate", "stop"]), capture_output=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def new_database(server_url: str, name: str) -> str:
    """Create database ``name`` (dropping any of that name); return its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return server_url.replace("/postgres?", f"/{name}?", 1)
