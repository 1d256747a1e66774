"""The CLI contract: `wirecoder code INPUT... [-o OUT]` writes one record per article."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import EXAMPLE

from wirecoder import Store
from wirecoder.cli import main


def test_cli_code_jsonl_to_file_and_store(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        json.dumps({"id": "z9", "text": "Iran said on Monday it would respond.",
                    "published": "2023-10-30"}) + "\n{broken\n"
        + EXAMPLE.read_text())
    out, db = tmp_path / "out.jsonl", tmp_path / "w.duckdb"
    result = CliRunner().invoke(main, ["code", str(batch), "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["z9", "in:2", "iran-us-forces-2023-10-30"]
    assert records[1]["errors"][0]["code"] == "E005"
    with Store(db) as store:
        assert store.count("articles") == 3
        assert store.count("errors") == 1
    for fmt, name in (("gdelt", "events.gdelt.csv"), ("plover", "events.plover.jsonl"),
                      ("csv", "events.csv")):
        result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", fmt,
                                           str(tmp_path / "x")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "x" / name).stat().st_size > 0


def test_cli_code_stdin_to_stdout() -> None:
    result = CliRunner().invoke(main, ["code", "-", "--published", "2023-10-30"],
                                input="Tehran said on Monday it would respond.\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["id"] == "stdin"
    assert record["times"][0]["value"] == "2023-10-30"


def test_cli_missing_input_is_an_error_record_and_the_rest_is_coded(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Police arrested ten protesters in Lagos on Tuesday.")
    result = CliRunner().invoke(main, ["code", str(tmp_path / "missing.txt"), str(good),
                                       "--time-budget", "0"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines()[:2])
    assert first["errors"][0]["code"] == "E007" and "missing.txt" in first["id"]
    assert second["id"] == "good" and second["events"] and not second["errors"]


def test_cli_every_command_and_option_has_help() -> None:
    for name, command in main.commands.items():
        assert command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)


def _same_records(tmp_path: Path, texts: list[str], *options: str) -> None:
    """Code the texts once plainly and once with ``options``: the records must be equal."""
    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps({"id": f"a{i}", "text": text,
                                         "published": "2023-10-30"}) + "\n"
                             for i, text in enumerate(texts)))
    plain, other = tmp_path / "plain.jsonl", tmp_path / "other.jsonl"
    assert CliRunner().invoke(main, ["code", str(batch), "-o", str(plain)]).exit_code == 0
    result = CliRunner().invoke(main, ["code", str(batch), "-o", str(other), *options])
    assert result.exit_code == 0, result.output
    assert plain.read_text() == other.read_text()


def test_cli_workers_give_the_same_records(tmp_path: Path) -> None:
    _same_records(tmp_path, [f"Israeli jets struck Gaza on Monday, killing {i + 3} people, "
                             "the army said." for i in range(6)], "--workers", "2")


def test_cli_rerun_with_a_store_codes_only_what_is_missing(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Police arrested {i + 2} people in Kabul."})
             for i in range(4)]
    first, full = tmp_path / "first.jsonl", tmp_path / "full.jsonl"
    first.write_text("\n".join(lines[:2]) + "\n")
    full.write_text("\n".join(lines) + "\n")
    db = tmp_path / "w.duckdb"
    assert CliRunner().invoke(main, ["code", str(first), "--db", str(db), "-o",
                                     str(tmp_path / "o1.jsonl")]).exit_code == 0
    result = CliRunner().invoke(main, ["code", str(full), "--db", str(db), "-o",
                                       str(tmp_path / "o2.jsonl")])
    assert result.exit_code == 0, result.output
    assert "skipped 2 already stored" in result.output
    assert [json.loads(x)["id"] for x in (tmp_path / "o2.jsonl").read_text().splitlines()] \
        == ["r2", "r3"]
    with Store(db) as store:
        assert store.ids() == {"r0", "r1", "r2", "r3"}
        assert store.count("articles") == 4


def test_cli_dask_engine_matches_local(tmp_path: Path) -> None:
    _same_records(tmp_path, [f"Militants fired {i + 2} rockets at Sderot on Monday, the "
                             "Israeli army said." for i in range(10)],
                  "--engine", "dask", "--workers", "2")


def test_cli_sql_prints_rows_without_a_duckdb_command_line(example_store: Path) -> None:
    result = CliRunner().invoke(main, ["sql", "--db", str(example_store), "--format", "jsonl",
                                       "SELECT count(*) AS n FROM articles"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["n"] >= 4
    bad = CliRunner().invoke(main, ["sql", "--db", str(example_store), "SELEC 1"])
    assert bad.exit_code != 0 and "the query failed" in bad.output


def test_cli_serve_fails_before_printing_a_url_when_the_port_is_taken(
        example_store: Path, tmp_path: Path) -> None:
    import shutil
    import socket

    db = tmp_path / "own.duckdb"  # opened for writing: not the shared store
    shutil.copy(example_store, db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code != 0
    assert "cannot listen" in result.output and "http://" not in result.output
