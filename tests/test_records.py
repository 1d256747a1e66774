"""Every record validates against the schema copy and every span holds its text."""

from __future__ import annotations

import json
from typing import Any

from checks import schema_errors, span_errors
from conftest import PLOVER_GSR, POLNEAR, require

from wirecoder import Article, Pipeline


def _check(records: list[dict[str, Any]]) -> None:
    problems = []
    for r in records:
        problems += [f"{r['id']}: {p}" for p in schema_errors(r) + span_errors(r)]
    assert problems == []


def test_records_seed_valid(seed_record: dict[str, Any]) -> None:
    _check([seed_record])


def test_records_plover_gsr_valid(pipeline: Pipeline) -> None:
    rows = json.loads(require(PLOVER_GSR).read_text())
    articles = [Article(id=r["id"], text=r["text"], published=r.get("date"))
                for r in rows if r.get("event") != "DOCUMENT"]
    assert len(articles) == 322
    records = list(pipeline.pipe(articles))
    _check(records)
    assert [r["id"] for r in records] == [a.id for a in articles]


def test_records_polnear_dev_valid(pipeline: Pipeline) -> None:
    texts = sorted((require(POLNEAR) / "dev" / "text").glob("*.txt"))[:20]
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8"), published=p.stem.split(
        "_")[1]) for p in texts]
    records = list(pipeline.pipe(articles))
    assert len(records) == 20
    _check(records)
    assert all(r["entities"] for r in records)


def test_records_bad_articles_yield_error_records(pipeline: Pipeline) -> None:
    articles = [Article(id="empty", text="  \n"),
                Article(id="huge", text="word " * 500_000),
                Article(id="ok", text="Iran said on Monday it would respond.",
                        published="2023-10-30")]
    records = list(pipeline.pipe(articles))
    assert [r["id"] for r in records] == ["empty", "huge", "ok"]
    assert [r["errors"][0]["code"] if r["errors"] else None for r in records] == [
        "E001", "E004", None]
    _check(records)
