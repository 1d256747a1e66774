"""The ``wirecoder`` command line: a thin layer over the Python API."""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click
import duckdb

from wirecoder import __version__
from wirecoder.batch import code_batch
from wirecoder.errors import Codes, WirecoderError
from wirecoder.inputs import DEFAULT_MAX_BYTES, count_articles, normalise_date, read_inputs
from wirecoder.pipeline import Config, Pipeline
from wirecoder.store import Store, explain, open_store
from wirecoder.summary import summarise
from wirecoder.supervise import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_BUDGET

if TYPE_CHECKING:
    from wirecoder.live import RemoteStore


class StoreParam(click.ParamType):  # type: ignore[type-arg]
    """A store: a PostgreSQL URL as given, or a DuckDB file's path (which must exist
    unless ``exists`` is false)."""

    name = "store"

    def __init__(self, exists: bool = True) -> None:
        self.path = click.Path(exists=exists, dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from wirecoder.pgstore import is_postgres

        if isinstance(value, str) and is_postgres(value):
            return value
        return self.path.convert(value, param, ctx)


@click.group()
@click.version_option(__version__, prog_name="wirecoder")
def main() -> None:
    """wirecoder: code news articles into sourced events, statements and figures."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write records as JSON Lines here (default: standard output).")
@click.option("--db", type=StoreParam(exists=False),
              help="Also write the records into this store: a DuckDB file, or a PostgreSQL "
                   "database (postgresql://user@host/dbname).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each loading the model once.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs without one.")
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm).")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Articles larger than this get an error record.")
@click.option("--summary", is_flag=True, help="Print a readable summary of each record.")
@click.option("--force", is_flag=True,
              help="Code articles again even if the store already holds their ids.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where to run: local processes or a Dask cluster.")
@click.option("--scheduler", help="Dask scheduler address (default: start a LocalCluster "
              "with --workers workers).")
@click.option("--commit-every", type=click.IntRange(1), default=256, show_default=True,
              help="Write to the store after this many records (what an interruption "
                   "can lose).")
@click.option("--rules-only", is_flag=True,
              help="Code events with the rules alone, without the event-sense layer.")
@click.option("--time-budget", type=click.FloatRange(0), default=DEFAULT_TIME_BUDGET,
              show_default=True,
              help="Seconds one article may take; past it the article gets an error record "
                   "(E011) and the batch goes on. 0: no budget (code in this process).")
@click.option("--memory-limit", type=click.IntRange(0), default=DEFAULT_MEMORY_LIMIT,
              show_default=True,
              help="MiB a worker may use; an article that takes it past this gets an error "
                   "record (E012). 0: no limit.")
def code(inputs: tuple[str, ...], output: Path | None, db: Path | str | None, workers: int,
         published: str | None, model: str | None, max_bytes: int, summary: bool,
         force: bool, commit_every: int, engine: str, scheduler: str | None,
         rules_only: bool, time_budget: float, memory_limit: int) -> None:
    """Code INPUT files (- for stdin, .txt, .jsonl, .csv, .html, .rss, .xml, .warc, .gz or
    folders) into records, one per article, in input order. An input that cannot be read
    or coded gets a record with an error and the batch goes on. With --db, articles already
    in the store are skipped, so an interrupted run can simply be started again. The -o file
    is written whole or not at all: a run that fails leaves an earlier file as it was."""
    if published is not None:
        checked: list[dict[str, str]] = []
        if normalise_date(published, checked) is None:
            raise click.BadParameter(checked[0]["message"], param_hint="--published")
    config = Config(model=model, max_bytes=max_bytes, sense=not rules_only)
    supervised = engine == "dask" or workers > 1 or bool(time_budget or memory_limit)
    try:
        # In this process only when no worker process codes (and the model loads there).
        pipeline = None if supervised else Pipeline(config)
        with ExitStack() as stack:
            out: IO[str] | None = None
            if output is not None:
                out = stack.enter_context(atomic_output(output))
            elif not summary:
                out = sys.stdout
            store = _open_store(db) if db is not None else None
            if store is not None:
                stack.callback(store.close)

            def show(record: dict[str, Any]) -> None:
                click.echo(summarise(record) + "\n", err=output is None)

            result = code_batch(_progress(read_inputs(inputs, published, max_bytes=max_bytes),
                                          inputs),
                                pipeline, config=config, out=out,
                                store=store, workers=workers, force=force,
                                on_record=show if summary else None,
                                commit_every=commit_every, engine=engine,
                                scheduler=scheduler, time_budget=time_budget or None,
                                memory_limit=memory_limit or None)
        click.echo(f"coded {result.coded} article(s), {result.with_errors} with errors"
                   + (f", {result.with_warnings} with warnings" if result.with_warnings
                      else "")
                   + (f", {result.repeated_ids} with an id given twice (E010)"
                      if result.repeated_ids else "")
                   + (f", skipped {result.skipped} already stored" if result.skipped else "")
                   + (f"; records in {output}" if output else "")
                   + (f"; store {db} ({result.duplicates} duplicate articles, "
                      f"{result.incidents} incidents)" if db else ""), err=True)
        handoff = getattr(store, "handoff", None)  # coded through a running server
        if handoff is not None:
            click.echo(f"the articles are in the UI at {handoff.url}/ui/", err=True)
        elif db is not None:
            click.echo(f"browse it: wirecoder serve --db {db}  (then open "
                       "http://127.0.0.1:8000/ui/)", err=True)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    except _database_errors() as exc:  # reading or writing a damaged store
        raise click.ClickException(f"{Codes.E207[0]}: the store at {db}: {explain(exc)}") \
            from exc
    except OSError as exc:  # writing the records: a full disk, a closed pipe
        raise click.ClickException(f"cannot write the records: {exc.strerror or exc}"
                                   + (" (free some space and run the same command again)"
                                      if exc.errno == errno.ENOSPC else "")) from exc


@main.command()
@click.option("--db", type=StoreParam(), required=True,
              help="The store to export: a DuckDB file or a postgresql:// URL.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "gdelt", "plover"]),
              default="parquet", show_default=True,
              help="parquet or csv: every table. gdelt: events as a GDELT 2.0 event table "
                   "(events.gdelt.csv). plover: events as PLOVER JSON Lines "
                   "(events.plover.jsonl).")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export(db: Path | str, fmt: str, folder: Path) -> None:
    """Export a store to FOLDER: every table, or the events in a format other tools read."""
    from wirecoder.exports import export_events

    try:
        remote = _served(db)
        if remote is not None:
            done = remote.export(folder, fmt)
            click.echo(f"wrote {len(done['paths'])} files to {folder}" if "paths" in done
                       else f"wrote {done['events']} events to {done['path']}", err=True)
            return
        with open_store(db, read_only=True) as store:
            if fmt in ("parquet", "csv"):
                paths = store.export(folder, fmt)
                click.echo(f"wrote {len(paths)} files to {folder}", err=True)
            else:
                name = "events.gdelt.csv" if fmt == "gdelt" else "events.plover.jsonl"
                count = export_events(store, folder / name, fmt)
                click.echo(f"wrote {count} events to {folder / name}", err=True)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--db", type=StoreParam(), required=True,
              help="The store to serve: a DuckDB file (`wirecoder code`, `export` and `sql` "
                   "on it go through the server while it runs) or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable). localhost, "
                   "127.0.0.1, ::1 and --host (unless 0.0.0.0 or ::) are always answered; "
                   "any other Host header gets 400.")
@click.option("--query-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Stop a query after this many seconds (503).")
@click.option("--read-only", is_flag=True,
              help="Open the store read-only: nothing can add articles while it runs, but "
                   "other read-only readers (export, sql, DuckDB itself) can open it.")
def serve(db: Path | str, host: str, port: int, allow_hosts: tuple[str, ...],
          query_timeout: float, read_only: bool) -> None:
    """Serve the REST API (/api, documented at /docs) and the web UI (/ui) over a store.
    Articles coded into the store while it runs (wirecoder code --db) appear in the UI
    within seconds."""
    import uvicorn

    from wirecoder.api import create_app
    from wirecoder.guards import SERVER_OPTIONS
    from wirecoder.live import announce, new_token

    local = isinstance(db, Path)  # a DuckDB file, not a PostgreSQL database
    if local and not read_only and not os.access(db, os.W_OK):
        click.echo(f"{db} cannot be written: serving it read-only", err=True)
        read_only = True
    # A DuckDB file takes coders' records through this server; PostgreSQL takes them itself.
    token = None if read_only or not local else new_token()
    try:
        app = create_app(db, allowed_hosts=(host, *allow_hosts), query_timeout=query_timeout,
                         ingest_token=token)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    problem = _cannot_listen(host, port)
    if problem:
        raise click.ClickException(f"cannot listen on {host}:{port}: {problem} (another "
                                   "program uses the port? choose one with --port, or "
                                   "PORT=... with make serve)")
    loopback = "[::1]" if host == "::" else "127.0.0.1" if host in ("", "0.0.0.0") \
        else f"[{host}]" if ":" in host else host
    url = f"http://{loopback}:{port}"
    with ExitStack() as stack:
        if token is not None:
            try:
                stack.enter_context(announce(db, url, token))
            except OSError as exc:
                raise click.ClickException(
                    f"cannot write the hand-off file beside {db} ({exc.strerror or exc}); "
                    "serve with --read-only") from exc
        click.echo(f"wirecoder UI on http://{host}:{port}/ui/  (API docs: /docs)"
                   + ("" if token is None else f"; wirecoder code --db {db} adds articles "
                      "while it runs"), err=True)
        # uvicorn ends on SIGTERM by raising it again once it has stopped: let that unwind
        # through here, so the hand-off file is removed and the store closed.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        stack.callback(_close_stores, app)
        uvicorn.run(app, host=host, port=port, log_level="warning", **SERVER_OPTIONS)


def _exit_on_signal(number: int, frame: Any) -> None:
    raise SystemExit(128 + number)


def _close_stores(app: Any) -> None:
    """Close the server's store connections: the last one to close writes DuckDB's log
    into the file."""
    ingest = getattr(app.state, "ingest", None)
    if ingest is not None:
        ingest.store.close()
    app.state.store.close()


def _database_errors() -> tuple[type[Exception], ...]:
    """What DuckDB, and PostgreSQL's driver when installed, raise."""
    try:
        import psycopg
    except ImportError:
        return (duckdb.Error,)
    return (duckdb.Error, psycopg.Error)


def _open_store(db: Path | str) -> Store | RemoteStore:
    """The store at ``db``: through the server that has it open, if one runs."""
    remote = _served(db)
    if remote is None:
        return open_store(db)
    click.echo(f"{db} is open in wirecoder serve ({remote.handoff.url}): the records go "
               "through it", err=True)
    return remote


def _served(db: Path | str) -> RemoteStore | None:
    """The server that has the DuckDB store at ``db`` open, if one runs and answers (one
    that stopped without removing its hand-off file does not: the store is opened
    itself, and says why if it cannot be)."""
    from wirecoder.live import RemoteStore, find_server

    server = find_server(db) if isinstance(db, Path) else None
    if server is None:
        return None
    try:
        return RemoteStore(db, server)
    except WirecoderError:
        return None


def _cannot_listen(host: str, port: int) -> str | None:
    """Why a server could not listen on ``host:port``, or None when it can."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return str(exc.strerror or exc)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            # A port in use or forbidden; any other trouble the server itself reports.
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return str(exc.strerror or exc)
    return None


@main.command()
@click.option("--db", type=StoreParam(), required=True,
              help="The store to query: a DuckDB file (opened read-only) or a postgresql:// "
                   "URL.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table",
              show_default=True, help="table: aligned columns; csv; jsonl: one object per row.")
@click.argument("query")
def sql(db: Path | str, fmt: str, query: str) -> None:
    """Run a SQL QUERY on a store and print the rows (no DuckDB command line needed):
    wirecoder sql --db out/wirecoder.duckdb "SELECT name, country FROM entities LIMIT 5"."""
    import csv
    import json

    try:
        remote = _served(db)
        if remote is not None:
            names, rows = remote.sql(query)
        else:
            with open_store(db, read_only=True) as store:
                names, rows = store.run_sql(query)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False,
                                  default=str))
    else:
        cells: list[list[str]] = [names] + [["" if v is None else str(v) for v in row]
                                            for row in rows]
        widths = [min(60, max(len(r[i]) for r in cells)) for i in range(len(names))]
        for n, line in enumerate(cells):
            click.echo("  ".join(v[:60].ljust(w) for v, w in zip(line, widths, strict=True))
                       .rstrip())
            if n == 0:
                click.echo("  ".join("-" * w for w in widths))
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", err=True)


@main.group(name="eval")
def evaluate() -> None:
    """Score the coder against public gold standards."""


@evaluate.command(name="polnear")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(1), help="Score only the first N articles.")
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm).")
def eval_polnear(folder: Path, limit: int | None, model: str | None) -> None:
    """Score statements on a PolNeAR split FOLDER (with text/ and attributions/)."""
    from wirecoder.evaluation.polnear import evaluate as run

    try:
        pipeline = Pipeline(Config(model=model))
        grouped = run(folder, pipeline, limit=limit)
        single = run(folder, pipeline, limit=limit, by_cue=False)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("statements sharing a cue (the parts of a split quote) as one attribution:")
    for key, value in grouped.as_dict().items():
        click.echo(f"{key:>17}: {value}")
    click.echo("every statement on its own:")
    for key, value in single.as_dict().items():
        if key in ("predicted", "matched", "precision", "recall", "f1", "direct_recall",
                   "speaker_accuracy"):
            click.echo(f"{key:>17}: {value}")


@evaluate.command(name="plover-gsr")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm).")
@click.option("--confusion", is_flag=True, help="Also print the most frequent type errors.")
@click.option("--rules-only", is_flag=True, help="Score the rules without the event-sense "
              "layer.")
def eval_plover_gsr(path: Path, model: str | None, confusion: bool, rules_only: bool) -> None:
    """Score events on PLOVER's gold-standard records (PLOVER_GSR_CAMEO.json at PATH)."""
    from wirecoder.evaluation.plover_gsr import evaluate as run

    try:
        scores = run(path, Pipeline(Config(model=model, sense=not rules_only)))
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    for key, value in scores.as_dict().items():
        click.echo(f"{key:>27}: {value}")
    if confusion:
        for (gold, got), n in scores.confusion.most_common(25):
            click.echo(f"  gold {gold:<10} first predicted {got:<10} x{n}")


@evaluate.command(name="sense")
@click.option("--split", type=click.Choice(["dev", "heldout"]), default="dev",
              show_default=True, help="The written dev split or the held-out set.")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder laid out like the packaged sense data (written/, heldout/).")
@click.option("--model", help="spaCy model name or path (default: en_core_web_sm).")
@click.option("--rules-only", is_flag=True, help="Score the rules without the event-sense "
              "layer.")
def eval_sense(split: str, data: Path | None, model: str | None, rules_only: bool) -> None:
    """Score events on labelled sentences: hard negatives, type and ACLED accuracy, and
    how often events of each confidence band are right."""
    from wirecoder.evaluation.sense import DATA_DIR
    from wirecoder.evaluation.sense import evaluate as run

    try:
        scores = run(split, Pipeline(Config(model=model, sense=not rules_only)),
                     data or DATA_DIR)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    for key, value in scores.items():
        click.echo(f"{key:>29}: {value}")


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A file to write ``path`` through: written beside it and moved into place only when
    the run succeeds. When it fails, an earlier file at ``path`` is left as it was, and the
    records written so far are kept as ``<path>.partial`` (and said so)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    handle = temp.open("w", encoding="utf-8")
    try:
        yield handle
        handle.close()
        os.replace(temp, path)
    except BaseException:
        handle.close()
        if _drop_cut_line(temp):
            partial = path.with_name(path.name + ".partial")
            os.replace(temp, partial)
            click.echo(f"the run failed: {path} is unchanged; the records coded before the "
                       f"failure are in {partial}", err=True)
        else:
            temp.unlink()
        raise


def _drop_cut_line(path: Path) -> int:
    """Cut ``path`` after its last whole line (a full disk can leave half a record);
    return the size left."""
    with path.open("rb+") as f:
        end = f.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            step = min(position, 1 << 16)
            f.seek(position - step)
            chunk = f.read(step)
            at = chunk.rfind(b"\n")
            if at >= 0:
                position = position - step + at + 1
                break
            position -= step
        if position != end:
            f.truncate(position)
        return position


def _progress(items: Iterator[Any], inputs: tuple[str, ...]) -> Iterator[Any]:
    """A progress bar on a terminal: articles/s and, when the inputs can be counted, ETA."""
    from tqdm import tqdm

    if not sys.stderr.isatty():
        return items
    return iter(tqdm(items, unit="article", file=sys.stderr, desc="coding",
                     total=count_articles(inputs), smoothing=0.05))
