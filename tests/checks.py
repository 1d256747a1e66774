"""Record checks shared by tests and benchmarks: schema validity and exact spans."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    raw = resources.files("wirecoder").joinpath("schema").joinpath(
        "article-record.schema.json").read_text()
    return jsonschema.Draft202012Validator(json.loads(raw))


def schema_errors(record: dict[str, Any]) -> list[str]:
    """Messages for every way ``record`` breaks the project's copy of the schema."""
    return [f"{list(e.path)}: {e.message}" for e in _validator().iter_errors(record)]


def span_errors(record: dict[str, Any]) -> list[str]:
    """Messages for every ``{text, span}`` whose span does not hold exactly that text."""
    text = record["text"]
    problems: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            span = node.get("span")
            if isinstance(span, list) and isinstance(node.get("text"), str):
                s, e = span
                if not (0 <= s <= e <= len(text)) or text[s:e] != node["text"]:
                    problems.append(f"{where}: {node['text']!r} != {text[s:e]!r} at {span}")
            for key, value in node.items():
                if key != "text":
                    visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, f"{where}[{i}]")

    for part in ("excluded", "entities", "times", "places", "statements", "events",
                 "figures"):
        visit(record[part], part)
    for ent in record["entities"]:
        for s, e in ent["mentions"]:
            if not (0 <= s < e <= len(text)):
                problems.append(f"entity {ent['id']} mention out of range: {[s, e]}")
    for x in record["excluded"]:
        s, e = x["span"]
        if not (0 <= s < e <= len(text)):
            problems.append(f"excluded region out of range: {[s, e]}")
    return problems


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path | str, *options: str) -> Iterator[str]:
    """``wirecoder serve`` on ``db`` in a process of its own, as users run it; yields its
    URL once it answers, and stops it (SIGTERM) on the way out."""
    from wirecoder.live import find_server

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "wirecoder", "serve", "--db", str(db),
                               "--port", str(port), *options], stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline = time.monotonic() + 60
        # A DuckDB file served for writing is ready once its hand-off file is written.
        handoff = "--read-only" not in options and not str(db).startswith("postgresql:")
        while (handoff and find_server(db) is None) or _closed(port):
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped: {server.communicate()[1]}")
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 60 s")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _closed(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0
