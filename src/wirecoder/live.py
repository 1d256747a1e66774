"""Coding into a store that ``wirecoder serve`` has open: the server takes the records.

DuckDB lets one process at a time open a database file for writing, and none while another
holds it. ``serve`` therefore opens the store for writing itself, and a ``wirecoder code``
run on the same store sends its records to the server instead of opening the file:

- ``serve`` writes a hand-off file beside the store (``STORE.duckdb.serving``, readable
  by its owner alone) with its URL, process id and a random token, and removes it when
  it stops;
- ``code --db STORE.duckdb`` finds that file, codes as usual in its own processes and
  sends each batch of records to ``POST /api/local/records`` with the token;
- the server writes each batch in one transaction on a connection of its own, so a
  reader sees an article whole or not at all, and forgets its cached answers;
- ``export`` and ``sql`` on that store likewise ask the server to run them.

Only a process that can read the hand-off file (the store's owner, or root) has the token,
so the ``/api/local`` routes answer nobody else, whatever address the server listens on.

Why not the other way round (the coder takes the write lock for each batch, the server
reads through a connection opened per request)? Measured on a 10,000-article store
(``bench/live_store.py``): opening the store, one page of events and closing it takes
25 ms (median) against 4 ms on a connection kept open; and while any request holds a
connection the coder cannot take the lock, so a busy UI would starve the coder, and each
commit would turn requests away. Sending records to the server costs about 5 ms a record
(storing it), under 2% of coding one, and the articles show within a second and a half
of a batch of 256 leaving the coder.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from wirecoder.errors import Codes, StoreError

HANDOFF_SUFFIX = ".serving"
LOCAL = "/api/local"
# A request body the server accepts, and the size the coder cuts its batches to.
MAX_BODY_BYTES = 64 * 1024 * 1024
SEND_BYTES = 8 * 1024 * 1024
# How long the coder waits for the server to write one batch.
SEND_TIMEOUT = 600.0


@dataclass(frozen=True)
class Handoff:
    """What ``serve`` leaves beside the store for coders: where it is, and the token."""

    url: str
    pid: int
    token: str


def handoff_path(db: str | Path) -> Path:
    """The hand-off file of the store at ``db``."""
    return Path(f"{db}{HANDOFF_SUFFIX}")


def new_token() -> str:
    """A token for the ``/api/local`` routes."""
    return secrets.token_urlsafe(32)


@contextlib.contextmanager
def announce(db: str | Path, url: str, token: str) -> Iterator[Path]:
    """Write the hand-off file of ``db`` for a server at ``url`` taking ``token``; yield
    its path, and remove it on the way out (unless another server has replaced it)."""
    path = handoff_path(db)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as f:
        json.dump({"url": url, "pid": os.getpid(), "token": token}, f)
    os.replace(temporary, path)
    try:
        yield path
    finally:
        found = _read_handoff(path)
        if found is not None and found.token == token:
            path.unlink(missing_ok=True)


def _read_handoff(path: Path) -> Handoff | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Handoff(url=str(raw["url"]), pid=int(raw["pid"]), token=str(raw["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_server(db: str | Path) -> Handoff | None:
    """The server that has the store at ``db`` open for coders, if one is running."""
    found = _read_handoff(handoff_path(db))
    if found is None:
        return None
    try:
        os.kill(found.pid, 0)
    except ProcessLookupError:
        return None  # left behind by a server that was killed
    except PermissionError:
        pass  # alive, under another user
    return found


class RemoteStore:
    """The store as ``code_batch`` uses it (:meth:`ids`, :meth:`write`,
    :meth:`build_incidents`, :meth:`count`), written by the server that has it open."""

    def __init__(self, db: str | Path, handoff: Handoff, timeout: float = SEND_TIMEOUT,
                 send_bytes: int = SEND_BYTES) -> None:
        self.path = str(db)
        self.handoff = handoff
        self.timeout = timeout
        self.send_bytes = send_bytes
        self.status()  # fails now, with a clear message, if the server does not answer

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: every call is a request of its own."""

    def _call(self, method: str, path: str, body: bytes | None = None) -> Any:
        request = urllib.request.Request(
            self.handoff.url.rstrip("/") + path, data=body, method=method,
            headers={"Authorization": f"Bearer {self.handoff.token}",
                     "Content-Type": "application/x-ndjson"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read()).get("message") or exc.reason
            except ValueError:
                detail = exc.reason
            raise StoreError(Codes.E208, url=self.handoff.url, path=self.path,
                             detail=f"{exc.code}: {detail}") from exc
        except (OSError, ValueError) as exc:  # refused, timed out, not JSON
            raise StoreError(Codes.E208, url=self.handoff.url, path=self.path,
                             detail=str(getattr(exc, "reason", exc))) from exc

    def status(self) -> dict[str, Any]:
        """The store's row counts (``{"counts": {table: rows}}``), asked with the token."""
        answer: dict[str, Any] = self._call("GET", f"{LOCAL}/status")
        return answer

    def ids(self) -> set[str]:
        """Ids of all stored articles."""
        return set(self._call("GET", f"{LOCAL}/ids")["ids"])

    def write(self, records: Iterable[dict[str, Any]]) -> int:
        """Send records to be stored, in requests of about ``send_bytes`` each (each one
        transaction on the server); return the number sent."""
        lines: list[bytes] = []
        size = sent = 0
        for record in records:
            line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
            if lines and size + len(line) > self.send_bytes:
                sent += self._send(lines)
                lines, size = [], 0
            lines.append(line)
            size += len(line)
        if lines:
            sent += self._send(lines)
        return sent

    def _send(self, lines: list[bytes]) -> int:
        return int(self._call("POST", f"{LOCAL}/records", b"".join(lines))["written"])

    def build_incidents(self) -> int:
        """Have the server regroup the stored events into incidents; their number."""
        return int(self._call("POST", f"{LOCAL}/incidents")["incidents"])

    def count(self, table: str) -> int:
        """Rows in one table of the store."""
        return int(self._call("GET", f"{LOCAL}/status")["counts"][table])

    def export(self, folder: str | Path, fmt: str) -> dict[str, Any]:
        """Have the server export the store to ``folder`` (see ``wirecoder export``):
        ``{"paths": [...]}`` for parquet or csv, ``{"path", "events"}`` for gdelt or
        plover."""
        body = json.dumps({"folder": str(Path(folder).resolve()), "format": fmt})
        answer: dict[str, Any] = self._call("POST", f"{LOCAL}/export", body.encode())
        return answer

    def sql(self, query: str) -> tuple[list[str], list[list[Any]]]:
        """Column names and rows of a SQL query run by the server on the store."""
        answer = self._call("POST", f"{LOCAL}/sql", json.dumps({"query": query}).encode())
        return list(answer["columns"]), list(answer["rows"])


def parse_records(body: bytes) -> list[dict[str, Any]]:
    """The records in a JSON Lines request body, each checked to hold what storing reads
    (:func:`wirecoder.store.check_record`). Raises ``ValueError`` naming the first bad
    line."""
    from wirecoder.store import check_record

    records = []
    for n, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"line {n} is not JSON: {exc}") from exc
        try:
            check_record(record)
        except ValueError as exc:
            raise ValueError(f"line {n} is not an article record: {exc}") from exc
        records.append(record)
    return records


class Ingest:
    """The server's side: writes the records coders send, one batch at a time, on a
    store connection of its own; ``written()`` is called after each write (the server
    forgets its cached answers there). Exports and SQL queries run on it too."""

    def __init__(self, store: Any, token: str, written: Callable[[], None]) -> None:
        self.store = store
        self.token = token
        self.written = written
        self.lock = threading.Lock()

    def allowed(self, authorization: str | None) -> bool:
        """Does the ``Authorization`` header carry the token?"""
        given = (authorization or "").removeprefix("Bearer ").strip()
        return bool(given) and secrets.compare_digest(given.encode(), self.token.encode())

    def write(self, records: list[dict[str, Any]]) -> int:
        with self.lock:
            return int(self.store.write(records))

    def build_incidents(self) -> int:
        with self.lock:
            return int(self.store.build_incidents())

    def ids(self) -> set[str]:
        with self.lock:
            return set(self.store.ids())

    def counts(self) -> dict[str, int]:
        with self.lock:
            return dict(self.store.counts())

    def export(self, folder: Path, fmt: str) -> dict[str, Any]:
        from wirecoder.exports import export_events

        with self.lock:
            if fmt in ("parquet", "csv"):
                return {"paths": [str(p) for p in self.store.export(folder, fmt)]}
            path = folder / ("events.gdelt.csv" if fmt == "gdelt" else "events.plover.jsonl")
            return {"path": str(path), "events": export_events(self.store, path, fmt)}

    def sql(self, query: str) -> dict[str, Any]:
        # On a reader of its own, not under the lock: a query never runs inside a write,
        # nor holds one up.
        with self.store.reader() as reader:
            try:
                result = reader.con.execute(query)
                columns = [d[0] for d in result.description or []]
                rows = [[_plain(v) for v in row] for row in result.fetchall()]
            except self.store.ERRORS as exc:
                raise ValueError(f"the query failed: {str(exc).strip()}") from exc
        return {"columns": columns, "rows": rows}

def _plain(value: Any) -> Any:
    """A SQL value as JSON can carry it: numbers, text, lists; anything else as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def add_local_routes(app: FastAPI, ingest: Ingest) -> None:
    """The ``/api/local`` routes (left out of the API docs), each asking for the token:
    ``GET status`` (row counts), ``GET ids``, ``POST records`` (JSON Lines of records),
    ``POST incidents`` (regroup), ``POST export`` and ``POST sql``. Writes run one at a
    time in the thread pool; the answers kept are forgotten after each, on the event loop
    (where the cache is used)."""
    def check(request: Request) -> None:
        if not ingest.allowed(request.headers.get("authorization")):
            raise HTTPException(401, "these routes need the token in the store's hand-off "
                                     "file (wirecoder code, export and sql --db find it)")

    async def body_of(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise HTTPException(413, f"the body is {int(declared):,} bytes, over the limit "
                                     f"of {MAX_BODY_BYTES:,}; send fewer records at once")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise HTTPException(413, f"the body is over the limit of "
                                         f"{MAX_BODY_BYTES:,} bytes; send fewer records")
        return bytes(body)

    async def json_of(request: Request) -> dict[str, Any]:
        try:
            found = json.loads(await body_of(request))
        except ValueError as exc:
            raise HTTPException(422, f"the body is not JSON: {exc}") from exc
        if not isinstance(found, dict):
            raise HTTPException(422, "the body must be a JSON object")
        return found

    @app.get(f"{LOCAL}/status", include_in_schema=False)
    def local_status(request: Request) -> dict[str, Any]:
        check(request)
        return {"counts": ingest.counts()}

    @app.get(f"{LOCAL}/ids", include_in_schema=False)
    def local_ids(request: Request) -> dict[str, Any]:
        check(request)
        return {"ids": sorted(ingest.ids())}

    @app.post(f"{LOCAL}/records", include_in_schema=False)
    async def local_records(request: Request) -> dict[str, Any]:
        check(request)
        body = await body_of(request)
        try:
            records = await run_in_threadpool(parse_records, body)
        except ValueError as exc:
            raise HTTPException(422, f"nothing stored: {exc}") from exc
        written = await run_in_threadpool(ingest.write, records)
        ingest.written()
        return {"written": written}

    @app.post(f"{LOCAL}/incidents", include_in_schema=False)
    async def local_incidents(request: Request) -> dict[str, Any]:
        check(request)
        count = await run_in_threadpool(ingest.build_incidents)
        ingest.written()
        return {"incidents": count}

    @app.post(f"{LOCAL}/export", include_in_schema=False)
    async def local_export(request: Request) -> dict[str, Any]:
        check(request)
        asked = await json_of(request)
        folder, fmt = asked.get("folder"), asked.get("format")
        if not isinstance(folder, str) or not Path(folder).is_absolute() \
                or fmt not in ("parquet", "csv", "gdelt", "plover"):
            raise HTTPException(422, "give an absolute folder and a format: parquet, csv, "
                                     "gdelt or plover")
        answer: dict[str, Any] = await run_in_threadpool(ingest.export, Path(folder), fmt)
        return answer

    @app.post(f"{LOCAL}/sql", include_in_schema=False)
    async def local_sql(request: Request) -> dict[str, Any]:
        check(request)
        query = (await json_of(request)).get("query")
        if not isinstance(query, str) or not query.strip():
            raise HTTPException(422, "give a query")
        try:
            answer: dict[str, Any] = await run_in_threadpool(ingest.sql, query)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from exc
        ingest.written()  # the query may have changed the store
        return answer
