"""Bad input never stops a batch: every input yields a record, coded or with an error of its
own, and nothing is lost or overwritten without a word."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from checks import schema_errors, span_errors
from click.testing import CliRunner
from conftest import EXAMPLE

from wirecoder import Pipeline, Store
from wirecoder.batch import code_batch
from wirecoder.cli import main
from wirecoder.inputs import read_inputs
from wirecoder.model import Article
from wirecoder.pipeline import Config, pieces
from wirecoder.supervise import supervised_pipe

STORY = "Police arrested ten protesters in Lagos on Tuesday, the state police said."


def codes(record: dict[str, Any]) -> list[str]:
    return [e["code"] for e in record["errors"]]


def test_unholdable_characters_are_replaced_and_the_article_coded(pipeline: Pipeline) -> None:
    text = "Rebels attacked a convoy \ud800 near Kidal\x00 on Monday, the army said."
    record = pipeline(Article(id="s", text=text))
    assert codes(record) == ["W001"] and record["events"]
    assert "\ufffd" in record["text"] and len(record["text"]) == len(text)
    assert not schema_errors(record) and not span_errors(record)
    json.dumps(record).encode("utf-8")  # the record itself can be written


def test_a_text_the_parser_fails_on_takes_no_other_article_with_it(
        pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.nlp

    class Breaking:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def __call__(self, text: str) -> Any:
            if "BOOM" in text:
                raise RuntimeError("parser failure")
            return real(text)

        def pipe(self, texts: Any) -> Any:
            for text in texts:
                yield self(text)

    monkeypatch.setattr(pipeline, "nlp", Breaking())
    records = list(pipeline.pipe([Article(id="a", text=STORY),
                                  Article(id="b", text="BOOM. " + STORY),
                                  Article(id="c", text=STORY)]))
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert codes(records[1]) == ["E100"] and "parsing" in records[1]["errors"][0]["message"]
    assert records[0]["events"] and records[2]["events"] and not records[2]["errors"]


def test_pieces_join_back_into_the_text() -> None:
    text = ("One sentence here. " * 40 + "\n\n") * 30 + "x" * 5000
    cut = pieces(text, 1000)
    assert "".join(cut) == text
    assert all(len(p) <= 1000 for p in cut)
    assert cut[0].endswith("\n\n")


def test_a_long_article_is_coded_in_pieces(pipeline: Pipeline,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    article = next(read_inputs([str(EXAMPLE)]))
    whole = pipeline(Article(id="w", text=article.text, published=article.published))
    monkeypatch.setattr("wirecoder.pipeline.PIECE_CHARS", len(article.text) // 3)
    cut = pipeline(Article(id="p", text=article.text, published=article.published))
    assert not cut["errors"] and not span_errors(cut) and not schema_errors(cut)
    assert cut["text"] == article.text
    # Pieces end between paragraphs, so what the article says comes out the same.
    assert len(cut["statements"]) == len(whole["statements"])
    assert {e["type"] for e in cut["events"]} == {e["type"] for e in whole["events"]}


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "2023-02-30", "soon"])
def test_a_bad_publication_date_is_ignored_with_a_warning(pipeline: Pipeline,
                                                          published: str) -> None:
    record = pipeline(Article(id="d", text=STORY, published=published))
    assert codes(record) == ["W002"] and record["published"] is None
    assert record["events"]


def test_ids_of_any_json_type_are_kept_as_json_text(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"id": v, "text": STORY}) + "\n"
                            for v in ({"a": 1}, True, 1.5, 12, [1, "x"], "plain")))
    assert [a.id for a in read_inputs([str(path)])] == [
        '{"a": 1}', "true", "1.5", "12", '[1, "x"]', "plain"]


def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-32"):
        (tmp_path / f"{encoding}.txt").write_bytes(STORY.encode(encoding))
    articles = list(read_inputs([str(tmp_path)]))
    assert [a.text for a in articles] == [STORY, STORY]
    assert not any(a.errors for a in articles)


def test_deeply_nested_html_still_gives_its_text(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 10_000 + f"<p>{STORY}</p>"
                    + "</div>" * 10_000 + "</body></html>")
    [article] = read_inputs([str(page)])
    assert not article.errors and article.text.strip() == STORY


def test_an_unclosed_csv_quote_swallows_no_later_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text('id,text\na,"Rebels attacked a convoy.\nb,Police arrested ten men.\n'
                    'c,Troops shelled the town.\n')
    articles = list(read_inputs([str(path)]))
    assert [a.id for a in articles] == ["rows:2", "b", "c"]
    assert codes({"errors": articles[0].errors}) == ["E013"]
    assert "line 2" in articles[0].errors[0]["message"]
    assert articles[1].text == "Police arrested ten men." and not articles[1].errors


def _warc(path: Path, page: bytes, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        writer.write_record(writer.create_warc_record(
            "https://example.org/raid", "response", payload=io.BytesIO(page),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_warc_page_is_an_error_not_a_short_article(tmp_path: Path,
                                                               gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    _warc(path, b"<html><body><article><p>" + (STORY.encode() + b" ") * 100
          + b"</p></article></body></html>", gz)
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * 0.75)])
    [article] = read_inputs([str(path)])
    assert article.id == "https://example.org/raid"
    assert article.errors[0]["code"] == "E007" and "truncated" in article.errors[0]["message"]


def test_a_warc_with_no_page_says_so(tmp_path: Path) -> None:
    path = tmp_path / "noise.warc"
    path.write_bytes(b"WARC/1.0\r\n" + bytes(range(256)) * 20)
    [article] = read_inputs([str(path)])
    assert article.errors[0]["code"] == "E007"


def test_decompression_stops_at_the_size_limit(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "bomb.txt.gz", "wb") as f:
        for _ in range(40):
            f.write(b"a" * 1_000_000)
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wb") as f:
        f.write(b'{"id": "long", "text": "' + b"a" * 20_000_000 + b'"}\n')
        f.write(json.dumps({"id": "next", "text": STORY}).encode() + b"\n")
    articles = list(read_inputs([str(tmp_path)], max_bytes=1_000_000))
    assert [(a.id, codes({"errors": a.errors})) for a in articles] == [
        ("bomb:1", ["E005"]), ("next", []), ("bomb", ["E004"])]


def test_an_id_given_twice_is_reported_and_stored_once(pipeline: Pipeline,
                                                       tmp_path: Path) -> None:
    articles = [Article(id="x", text=STORY), Article(id="y", text=STORY),
                Article(id="x", text="Troops shelled the town of Bakhmut on Friday.")]
    out = io.StringIO()
    with Store(tmp_path / "s.duckdb") as store:
        result = code_batch(articles, pipeline, out=out, store=store)
        assert store.count("articles") == 2
        [(text,)] = store.con.execute("SELECT text FROM articles WHERE id = 'x'").fetchall()
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["x", "y", "x"]
    assert codes(records[2]) == ["E010"] and "article 1" in records[2]["errors"][0]["message"]
    assert records[2]["text"].startswith("Troops")  # the record keeps what it was given
    assert text == STORY and result.repeated_ids == 1


def test_a_failed_start_leaves_the_output_file_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("earlier records\n")
    bad_store = tmp_path / "broken.duckdb"
    bad_store.write_bytes(b"this is not a database" * 1000)
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    result = CliRunner().invoke(main, ["code", str(story), "-o", str(out), "--db",
                                       str(bad_store), "--time-budget", "0"])
    assert result.exit_code != 0
    assert "E202" in result.output and "damaged" in result.output
    assert out.read_text() == "earlier records\n"
    assert not list(tmp_path.glob(".out.jsonl*"))


def test_the_watchdog_gives_up_an_article_past_its_budget_and_goes_on() -> None:
    # A budget no article can meet: each is tried in its batch, then alone, and given up.
    text = "\n\n".join([next(read_inputs([str(EXAMPLE)])).text] * 8)  # about a second
    articles = [Article(id=f"a{i}", text=text) for i in range(2)]
    records = list(supervised_pipe(articles, Config(sense=False), 1, time_budget=0.001,
                                   memory_limit=None))
    assert [r["id"] for r in records] == ["a0", "a1"]
    assert all(codes(r) == ["E011"] for r in records)


def test_the_watchdog_stops_a_worker_over_its_memory_limit() -> None:
    text = "\n\n".join([next(read_inputs([str(EXAMPLE)])).text] * 8)  # about a second
    [record] = supervised_pipe([Article(id="m", text=text)], Config(sense=False), 1,
                               time_budget=None, memory_limit=1)
    assert codes(record) == ["E012"] and "MiB" in record["errors"][0]["message"]


def test_supervised_workers_code_as_this_process_does(rules_pipeline: Pipeline) -> None:
    articles = [Article(id=f"w{i}", text=f"{STORY} Officers detained {i + 2} more men.")
                for i in range(10)]
    here = [rules_pipeline(a) for a in articles]
    there = list(supervised_pipe(articles, Config(sense=False), 2))
    assert there == here


def test_a_run_that_fails_midway_keeps_its_whole_records_aside(tmp_path: Path) -> None:
    from wirecoder.cli import atomic_output

    out = tmp_path / "out.jsonl"
    out.write_text("earlier records\n")
    with pytest.raises(OSError), atomic_output(out) as handle:
        handle.write('{"id": "a"}\n{"id": "b"}\n{"id": "c", "te')  # the disk filled up
        raise OSError(28, "No space left on device")
    assert out.read_text() == "earlier records\n"
    assert (tmp_path / "out.jsonl.partial").read_text() == '{"id": "a"}\n{"id": "b"}\n'
