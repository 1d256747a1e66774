"""The ``wirecoder`` command line: a thin layer over the Python API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click

from wirecoder import __version__
from wirecoder.batch import code_batch
from wirecoder.errors import WirecoderError
from wirecoder.inputs import DEFAULT_MAX_BYTES, count_articles, read_inputs
from wirecoder.pipeline import Config, Pipeline
from wirecoder.store import Store
from wirecoder.summary import summarise


@click.group()
@click.version_option(__version__, prog_name="wirecoder")
def main() -> None:
    """wirecoder: code news articles into sourced events, statements and figures."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write records as JSON Lines here (default: standard output).")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the records into this DuckDB file.")
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
def code(inputs: tuple[str, ...], output: Path | None, db: Path | None, workers: int,
         published: str | None, model: str | None, max_bytes: int, summary: bool,
         force: bool, commit_every: int, engine: str, scheduler: str | None,
         rules_only: bool) -> None:
    """Code INPUT files (- for stdin, .txt, .jsonl, .csv, .html, .gz or folders) into
    records. With --db, articles already in the store are skipped, so an interrupted run
    can simply be started again."""
    try:
        pipeline = Pipeline(Config(model=model, max_bytes=max_bytes, sense=not rules_only))
        with ExitStack() as stack:
            out: IO[str] | None = None
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
                out = stack.enter_context(output.open("w", encoding="utf-8"))
            elif not summary:
                out = sys.stdout
            store = stack.enter_context(Store(db)) if db is not None else None

            def show(record: dict[str, Any]) -> None:
                click.echo(summarise(record) + "\n", err=output is None)

            result = code_batch(_progress(read_inputs(inputs, published), inputs), pipeline,
                                out=out,
                                store=store, workers=workers, force=force,
                                on_record=show if summary else None,
                                commit_every=commit_every, engine=engine,
                                scheduler=scheduler)
        click.echo(f"coded {result.coded} article(s), {result.with_errors} with errors"
                   + (f", skipped {result.skipped} already stored" if result.skipped else "")
                   + (f"; records in {output}" if output else "")
                   + (f"; store {db} ({result.duplicates} duplicate articles, "
                      f"{result.incidents} incidents)" if db else ""), err=True)
        if db is not None:
            click.echo(f"browse it: wirecoder serve --db {db}  (then open "
                       "http://127.0.0.1:8000/ui/)", err=True)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="The DuckDB store to export.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "gdelt", "plover"]),
              default="parquet", show_default=True,
              help="parquet or csv: every table. gdelt: events as a GDELT 2.0 event table "
                   "(events.gdelt.csv). plover: events as PLOVER JSON Lines "
                   "(events.plover.jsonl).")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def export(db: Path, fmt: str, folder: Path) -> None:
    """Export a store to FOLDER: every table, or the events in a format other tools read."""
    from wirecoder.exports import export_events

    try:
        with Store(db, read_only=True) as store:
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
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="The DuckDB store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port to listen on.")
def serve(db: Path, host: str, port: int) -> None:
    """Serve the REST API (/api, documented at /docs) and the web UI (/ui) over a store."""
    import uvicorn

    from wirecoder.api import create_app

    try:
        app = create_app(db)
    except WirecoderError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wirecoder UI on http://{host}:{port}/ui/  (API docs: /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


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


def _progress(items: Iterator[Any], inputs: tuple[str, ...]) -> Iterator[Any]:
    """A progress bar on a terminal: articles/s and, when the inputs can be counted, ETA."""
    from tqdm import tqdm

    if not sys.stderr.isatty():
        return items
    return iter(tqdm(items, unit="article", file=sys.stderr, desc="coding",
                     total=count_articles(inputs), smoothing=0.05))
