"""Reading inputs: every input article yields an article, bad ones with an error."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from wirecoder.inputs import count_articles, read_inputs, split_title


def test_inputs_txt_title_and_body(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Iran says attacks due to policies\nIran said on Monday it would respond.\n")
    [article] = read_inputs([str(path)], published="2023-10-30")
    assert article.id == "story"
    assert article.title == "Iran says attacks due to policies"
    assert article.text == "Iran said on Monday it would respond.\n"
    assert article.published == "2023-10-30"


def test_inputs_txt_first_sentence_is_not_a_title() -> None:
    assert split_title("Iran said so.\nMore text.") == (None, "Iran said so.\nMore text.")


def test_inputs_jsonl_keeps_ids_order_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "b", "text": "Second.", "published": "2024-01-02"}),
        "{not json",
        json.dumps({"id": "a", "title": "T"}),
        json.dumps(["a list"]),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": "c", "text": "Bad date.", "published": "yesterday"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "d", "text": "\xff"}\n')
    articles = list(read_inputs([str(path)]))
    assert [a.id for a in articles][:3] == ["b", "batch:2", "a"]
    assert [a.errors[0]["code"] if a.errors else None for a in articles] == [
        None, "E005", "E006", "E005", None, "W002", "E003"]
    assert len(articles[4].id) == 16  # content hash
    assert articles[5].published is None  # a bad date is ignored; the article is coded


def test_inputs_binary_and_non_utf8(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9 story".encode("latin-1"))
    articles = list(read_inputs([str(tmp_path)]))
    assert [(a.id, a.errors[0]["code"]) for a in articles] == [("bin", "E002"),
                                                               ("latin", "E003")]


def test_inputs_html(tmp_path: Path) -> None:
    html = ("<html><head><title>Strike in Syria</title></head><body><article>"
            "<h1>Strike in Syria</h1><p>The US military said on Thursday it had struck two "
            "facilities in eastern Syria used by Iran's Revolutionary Guards and affiliated "
            "groups, in response to a string of attacks.</p><p>Officials said the strikes "
            "were meant to deter further attacks on US forces in the region.</p>"
            "</article></body></html>")
    (tmp_path / "page.html").write_text(html)
    [article] = read_inputs([str(tmp_path / "page.html")])
    assert "struck two facilities" in article.text
    assert article.title == "Strike in Syria"
    assert not article.errors


def test_inputs_stdin_jsonl_and_text() -> None:
    data = b'{"id": "x1", "text": "One."}\n{"id": "x2", "text": "Two."}\n'
    assert [a.id for a in read_inputs(["-"], stdin=io.BytesIO(data))] == ["x1", "x2"]
    [plain] = read_inputs(["-"], stdin=io.BytesIO(b"Plain text story."))
    assert plain.text == "Plain text story." and plain.id == "stdin"


def test_inputs_missing_and_unsupported_paths_are_error_records(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "good.txt").write_text("Police arrested ten protesters in Lagos.")
    articles = list(read_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "x.pdf"),
                                 str(tmp_path / "good.txt")]))
    assert [a.id for a in articles] == [str(tmp_path / "nope.txt"), str(tmp_path / "x.pdf"),
                                        "good"]
    assert [a.errors[0]["code"] for a in articles[:2]] == ["E007", "E203"]
    assert not articles[2].errors and "Lagos" in articles[2].text


def test_inputs_csv_and_gzip(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a.csv").write_text(
        'id,title,text,published\nc1,T1,"Iran said, on Monday, it would respond.",2023-10-30\n'
        ',,"No id: the text hash is the id.",\n')
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as f:
        f.write(json.dumps({"id": "g1", "text": "Zipped."}) + "\n")
    (tmp_path / "bad.csv").write_text("title,body\nx,y\n")
    articles = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles][:2] == ["c1", articles[1].id]
    assert articles[0].text == "Iran said, on Monday, it would respond."
    assert articles[0].published == "2023-10-30" and articles[0].title == "T1"
    assert len(articles[1].id) == 16
    assert articles[2].id == "g1"
    assert articles[3].errors[0]["code"] == "E006"


def test_inputs_rss_feed(tmp_path: Path) -> None:
    (tmp_path / "news.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Strike in Syria</title><link>https://example.org/a</link>"
        "<pubDate>Thu, 26 Oct 2023 10:00:00 GMT</pubDate>"
        "<description>The US military said it had struck two facilities in eastern Syria."
        "</description></item>"
        "<item><guid>id-2</guid><title>Talks</title>"
        "<description>&lt;p&gt;Officials met in Doha on Sunday.&lt;/p&gt;</description>"
        "</item></channel></rss>")
    articles = list(read_inputs([str(tmp_path / "news.rss")]))
    assert [a.id for a in articles] == ["https://example.org/a", "id-2"]
    assert articles[0].published == "2023-10-26"
    assert articles[0].source == "Wire"
    assert "struck two facilities" in articles[0].text
    assert "Officials met in Doha" in articles[1].text


def test_inputs_warc_html_responses(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (b"<html><head><title>Raid</title></head><body><article><p>Police raided a "
            b"compound in Kabul on Monday and arrested five men, officials said. The raid "
            b"followed weeks of surveillance, according to the interior ministry.</p>"
            b"</article></body></html>")
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.org/raid", "response", payload=io.BytesIO(page),
            http_headers=headers))
        writer.write_record(writer.create_warc_record(
            "https://example.org/img.png", "response", payload=io.BytesIO(b"\x89PNG"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                          protocol="HTTP/1.1")))
    [article] = read_inputs([str(path)])
    assert article.id == "https://example.org/raid"
    assert "arrested five men" in article.text


def test_inputs_csv_bad_bytes_midway_keep_earlier_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"id,text\none,Fine text.\ntwo,Bad \xff byte.\n")
    articles = list(read_inputs([str(path)]))
    assert articles[0].id == "one" and not articles[0].errors
    assert articles[-1].errors[0]["code"] == "E003"


def test_inputs_count_articles_for_eta(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "1", "text": "x"}\n\n{"id": "2", "text": "y"}\n')
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as handle:
        handle.write('{"text": "z"}\n')
    (tmp_path / "c.csv").write_text('id,text\n1,"multi\nline"\n2,b\n')
    (tmp_path / "d.txt").write_text("One article.")
    assert count_articles([str(tmp_path)]) == 6
    assert count_articles([str(tmp_path)]) == len(list(read_inputs([str(tmp_path)])))
    assert count_articles(["-"]) is None


@pytest.mark.parametrize(("name", "text", "published"), [
    ("story.txt", "WASHINGTON, March 4, 2016 (Reuters) - The U.S. said ...", "2016-03-04"),
    ("story.txt", "KYIV, Ukraine, Feb 24 2022 (AP) — Russian forces ...", "2022-02-24"),
    ("story.txt", "Rebels seize Kidal\nPublished: 4 March 2016 10:21 GMT\n\nRebels ...",
     "2016-03-04"),
    ("2016-03-04-kidal.txt", "Rebels seized Kidal on Friday.", "2016-03-04"),
    ("reuters_20160304.txt", "Rebels seized Kidal on Friday.", "2016-03-04"),
    # A date in the story is an event's, not the article's; impossible or future days are
    # no dates.
    ("story.txt", "On March 4, 2016, rebels seized Kidal.", None),
    ("20161340.txt", "Rebels seized Kidal.", None),
    ("2999-01-01.txt", "Rebels seized Kidal.", None),
])
def test_inputs_txt_publication_date_from_dateline_or_name(
        tmp_path: Path, name: str, text: str, published: str | None) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.published == published
    [given] = read_inputs([str(path)], published="2020-01-01")
    assert given.published == (published or "2020-01-01")  # the caller's is for the rest
