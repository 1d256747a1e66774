"""Reading articles from files: ``-`` (stdin), ``.txt``, ``.jsonl``, ``.html`` and folders.

A bad article never stops a batch: it is yielded with an ``errors`` entry and empty text,
so every input article yields a record; so does a path that is missing or of a kind that
cannot be read. Nothing is read whole past ``max_bytes`` (a JSON line, a CSV field, a file,
a decompressed stream): what is larger becomes an error record, and memory stays bounded
whatever the input.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from wirecoder.errors import Codes, message
from wirecoder.model import Article

SUFFIXES = (".txt", ".jsonl", ".html", ".htm", ".csv", ".jsonl.gz", ".txt.gz", ".csv.gz",
            ".rss", ".atom", ".xml", ".warc", ".warc.gz")
DEFAULT_MAX_BYTES = 2_000_000
# JSON may spell a character in up to 12 bytes ("\\ud83d\\ude00"): a JSON line may be this
# many times the limit on its text (and a little more for the other fields).
JSON_EXPANSION = 6
_UNDECODED = re.compile("[\udc80-\udcff]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def content_id(text: str) -> str:
    """Stable id for an article without one: the first 16 hex digits of sha256(text)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or a high share of control bytes in the first 4 KiB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes) -> tuple[str, list[dict[str, str]]]:
    """Decode UTF-8 bytes, or UTF-16 or UTF-32 ones that start with a byte-order mark (the
    mark is dropped); return text and any errors."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and looks_binary(data):
        return "", [message(Codes.E002)]
    try:
        return data.decode(encoding or "utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return "", [message(Codes.E003, detail=f"byte {exc.start}: {exc.reason}")]


def split_title(text: str) -> tuple[str | None, str]:
    """A first line without final punctuation, followed by more text, is the title."""
    first, sep, rest = text.partition("\n")
    line = first.strip()
    if sep and rest.strip() and line and len(line) <= 300 and line[-1] not in ".!?:;\"”'’":
        return line, rest.lstrip("\n")
    return None, text


def read_inputs(paths: Iterable[str], published: str | None = None,
                stdin: BinaryIO | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """Yield articles from each path in order; folders are read in sorted order. A path
    that is missing, unreadable or of an unsupported kind yields one error record (its id
    is the path) and the paths after it are read all the same."""
    for raw in paths:
        if raw == "-":
            stream = stdin or sys.stdin.buffer
            head = _peek(stream)
            reader = _read_jsonl if _looks_jsonl(head) else None
            if reader is not None:
                yield from reader(stream, "stdin", published, max_bytes)
            else:
                yield from _from_bytes(_read_bounded(stream, max_bytes, "stdin"), "stdin",
                                       "stdin.txt", published)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                children = sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
                for child in children:
                    yield from _read_file(child, published, max_bytes)
            elif not path.exists():
                yield Article(id=raw, text="", errors=[message(
                    Codes.E007, path=raw, detail="no such file or folder")])
            elif not _supported(path):
                yield Article(id=raw, text="", errors=[message(Codes.E203, path=raw)])
            else:
                yield from _read_file(path, published, max_bytes)
        except OSError as exc:  # a folder that cannot be listed
            yield Article(id=raw, text="", errors=[message(
                Codes.E007, path=raw, detail=exc.strerror or str(exc))])


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles :func:`read_inputs` will yield, for a progress bar's ETA; ``None``
    when that cannot be known cheaply (stdin, feeds, WARC files)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = (sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
                 if path.is_dir() else [path])
        for file in files:
            name = file.name.lower()
            if name.endswith((".warc", ".warc.gz", ".rss", ".atom", ".xml")):
                return None
            if not name.endswith((".jsonl", ".jsonl.gz", ".csv", ".csv.gz")):
                total += 1
                continue
            try:
                with (gzip.open(file, "rb") if name.endswith(".gz")
                      else file.open("rb")) as stream:
                    if ".jsonl" in name:
                        total += sum(1 for line in stream if line.strip())
                    else:
                        text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace",
                                                newline="")
                        total += max(sum(1 for _ in csv.reader(text)) - 1, 0)
            except (OSError, EOFError, csv.Error):
                return None
    return total


def _supported(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def _looks_jsonl(data: bytes) -> bool:
    return data.lstrip()[:1] == b"{"


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream`` without consuming them (it must be buffered)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(64)[:64])
    position = stream.tell()
    head = stream.read(64)
    stream.seek(position)
    return head


class TooLarge(Exception):
    """An input (a file, a decompressed stream) is larger than ``max_bytes``."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size, self.limit = size, limit


def _read_bounded(stream: BinaryIO, max_bytes: int, name: str) -> bytes | TooLarge:
    """All of ``stream``, or :class:`TooLarge` once it passes ``max_bytes`` (a gzip bomb is
    never inflated past the limit)."""
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    size = len(data)
    # Count the rest without keeping it (a bomb's size is counted no further than this).
    while size < 64 * max_bytes and (chunk := stream.read(1 << 20)):
        size += len(chunk)
    return TooLarge(size, max_bytes)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of ``stream``; ``None`` for a line longer than ``limit`` (which is
    skipped without being held in memory)."""
    for n in itertools.count(1):
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield n, None
        else:
            yield n, line


def _read_file(path: Path, published: str | None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """Articles of one file. JSON Lines, CSV and WARC files (gzipped or not) are streamed,
    so memory stays bounded whatever their size; other files are read whole, up to
    ``max_bytes`` (feeds: ``JSON_EXPANSION`` times that)."""
    name = path.name.lower()
    stem = Path(path.name[:-3] if name.endswith(".gz") else path.name).stem
    try:
        if name.endswith((".warc", ".warc.gz")):
            with path.open("rb") as handle:
                yield from _read_warc(handle, path.name, published, max_bytes)
            return
        with (gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb")) as stream:
            if name.endswith((".jsonl", ".jsonl.gz", ".csv", ".csv.gz")):
                reader = _read_jsonl if ".jsonl" in name else _read_csv
                yield from reader(stream, stem, published, max_bytes)  # type: ignore[arg-type]
                return
            feed = name.endswith((".rss", ".atom", ".xml"))
            data = _read_bounded(stream, max_bytes * (JSON_EXPANSION if feed else 1),  # type: ignore[arg-type]
                                 path.name)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Article(id=stem, text="", errors=[message(
            Codes.E007, path=str(path), detail=getattr(exc, "strerror", None) or str(exc))])
        return
    yield from _from_bytes(data, stem, path.name[:-3] if name.endswith(".gz") else path.name,
                           published)


def _from_bytes(data: bytes | TooLarge, stem: str, name: str,
                published: str | None) -> Iterator[Article]:
    if isinstance(data, TooLarge):
        yield Article(id=stem, text="", errors=[message(Codes.E004, size=data.size,
                                                        limit=data.limit)])
        return
    suffix = Path(name).suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(io.BytesIO(data), stem, published)
    elif suffix == ".csv":
        yield from _read_csv(io.BytesIO(data), stem, published)
    elif suffix in (".rss", ".atom", ".xml"):
        yield from _read_feed(data, stem, published)
    elif suffix in (".html", ".htm"):
        yield _read_html(data, stem, published)
    else:
        text, errors = decode_text(data)
        title, body = split_title(text) if not errors else (None, text)
        yield Article(id=stem, text=body, title=title,
                      published=dateline_date(text) or name_date(stem) or published,
                      errors=errors)


def _read_jsonl(stream: BinaryIO, stem: str, published: str | None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    limit = max_bytes * JSON_EXPANSION + 65536
    for n, line in _lines(stream, limit):
        fallback = f"{stem}:{n}"
        if line is None:
            yield Article(id=fallback, text="", errors=[message(
                Codes.E005, line=n, detail=f"the line is longer than {limit:,} bytes")])
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield Article(id=fallback, text="", errors=[message(
                Codes.E003, detail=f"line {n}, byte {exc.start}: {exc.reason}")])
            continue
        except json.JSONDecodeError as exc:
            yield Article(id=fallback, text="", errors=[message(Codes.E005, line=n,
                                                                detail=exc.msg)])
            continue
        if not isinstance(obj, dict):
            yield Article(id=fallback, text="", errors=[message(Codes.E005, line=n,
                                                                detail="not an object")])
            continue
        yield article_from_dict(obj, fallback, published, line=n)


def _read_csv(stream: BinaryIO, stem: str, published: str | None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """A CSV with a header row and a ``text`` column (``id``, ``title``, ``published``,
    ``url``, ``source`` optional); each row is an article.

    A row that cannot be read (a quotation mark never closed, a field over ``max_bytes``)
    becomes an error record, and reading starts again at the line after the one where that
    row began: an unclosed quote does not swallow the rows after it.
    """
    buffered = io.BufferedReader(stream)  # type: ignore[type-var]
    _, errors = decode_text(buffered.peek(4096)[:4096])
    if errors and errors[0]["code"] == Codes.E002[0]:
        yield Article(id=stem, text="", errors=errors)
        return
    csv.field_size_limit(max_bytes)
    # Undecodable bytes become lone surrogates, so one bad row does not hide the others.
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="surrogateescape",
                            newline="")
    held: list[str] = []  # the lines of the row being read, to read again if it is bad

    def holding(lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            held.append(line)
            yield line

    rest = holding(text)
    reader = csv.reader(rest, strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if not header or "text" not in header:
        yield Article(id=stem, text="", errors=[message(Codes.E006, line=1)])
        return
    line, n = 2, 1  # the line the next row starts on; rows as a spreadsheet numbers them
    while True:
        held.clear()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            bad = held[:]
            n += 1
            yield Article(id=f"{stem}:{n}", text="", errors=[message(
                Codes.E013, line=line, detail=f"{exc} (it runs over {len(bad)} line(s); "
                                              "reading goes on at the next line)")])
            reader = csv.reader(holding(itertools.chain(bad[1:], rest)), strict=True)
            line += 1
            continue
        line += len(held)
        if not row:
            continue
        n += 1
        fields = dict(zip(header, row, strict=False))
        clean = {k: v for k, v in fields.items() if v not in (None, "")}
        if any(_UNDECODED.search(v) for v in clean.values()):
            yield Article(id=f"{stem}:{n}", text="", errors=[message(
                Codes.E003, detail=f"row {n} has bytes that are not UTF-8")])
            continue
        yield article_from_dict(clean, f"{stem}:{n}", published, line=n)


def _read_feed(data: bytes, stem: str, published: str | None) -> Iterator[Article]:
    """RSS or Atom entries with content (or a summary): one article each, the entry's link
    as url and, without an id, as the id."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield Article(id=stem, text="", errors=[message(
            Codes.E007, path=stem, detail=f"not a readable feed ({feed.bozo_exception})")])
        return
    source = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = entry["content"][0].get("value", "")
        html = html or entry.get("summary", "")
        text = _html_text(html) if "<" in html else html.strip()
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = (f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
                if parsed else published)
        yield article_from_dict({"id": entry.get("id") or entry.get("link"), "text": text,
                                 "title": entry.get("title"), "url": entry.get("link"),
                                 "published": date, "source": source},
                                f"{stem}:{n}", published, line=n)


def _read_warc(stream: BinaryIO, name: str, published: str | None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """HTML responses in a WARC file: the page's text via trafilatura, the target URI as
    url and id. A page cut short (a truncated archive) is an error record, never coded as
    if it were whole; an archive with no HTML response says so in one error record."""
    from warcio.archiveiterator import ArchiveIterator

    pages = 0
    try:
        for n, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type != "response":
                continue
            headers = record.http_headers
            ctype = headers.get_header("Content-Type", "") if headers else ""
            if "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            page_id = url or f"{name}:{n}"
            pages += 1
            content = record.content_stream().read(max_bytes * JSON_EXPANSION + 1)
            if len(content) > max_bytes * JSON_EXPANSION:
                yield Article(id=page_id, text="", url=url, errors=[message(
                    Codes.E004, size=record.length or len(content),
                    limit=max_bytes * JSON_EXPANSION)])
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0:
                yield Article(id=page_id, text="", url=url, errors=[message(
                    Codes.E007, path=f"{name} record {n}",
                    detail=f"the record is cut short ({missing:,} of its bytes are "
                           "missing): the archive is truncated")])
                continue
            page = _read_html(content, page_id, published)
            page.url = page.url or url
            if url:
                page.id = url
            yield page
    except Exception as exc:  # a broken archive becomes an error record
        yield Article(id=name, text="", errors=[message(Codes.E007, path=name,
                                                         detail=repr(exc))])
        return
    if not pages:
        yield Article(id=name, text="", errors=[message(
            Codes.E007, path=name, detail="the archive holds no HTML response")])


class _TextOnly(HTMLParser):
    """The text of an HTML page, for pages too deeply nested for lxml (which gives up past
    255 levels): data outside scripts and styles, a line break at each block."""

    SKIP = frozenset({"script", "style", "noscript", "template", "head"})
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                        "article", "section", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n\n".join(line for line in lines if line)


def plain_text(html: str) -> str:
    """The visible text of ``html``, paragraph by paragraph."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return parser.text()


def _html_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if text:
        return str(text)
    return plain_text(html)


def article_from_dict(obj: dict[str, Any], fallback_id: str | None = None,
                      published: str | None = None, line: int = 0) -> Article:
    """Build an :class:`Article` from a JSON object (``id``, ``text``, ``title``, ...)."""
    text = obj.get("text")
    errors: list[dict[str, str]] = []
    if not isinstance(text, str):
        errors.append(message(Codes.E006, line=line))
        text = ""
    raw_id = obj.get("id")
    if raw_id not in (None, "") and not isinstance(raw_id, str):
        # Any other JSON value is kept as its JSON text: 12, 1.5, true, {"a": 1}.
        raw_id = json.dumps(raw_id, ensure_ascii=False, sort_keys=True)
    art_id = str(raw_id) if raw_id not in (None, "") else (
        str(obj["url"]) if obj.get("url") else content_id(text) if text else fallback_id or "")
    fields: dict[str, str | None] = {}
    for key in ("title", "published", "url", "source"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            errors.append(message(Codes.E009, field=key, detail="not a string"))
            value = None
        fields[key] = value
    pub = fields["published"] or published
    if pub is not None:
        pub = normalise_date(pub, errors)
    return Article(id=art_id or content_id(text), text=text, title=fields["title"],
                   published=pub, url=fields["url"], source=fields["source"], errors=errors)


_MONTHS = {m: n for n, names in enumerate((
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
    "aug august", "sep sept september", "oct october", "nov november", "dec december"),
    start=1) for m in names.split()}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = (r"(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
         rf"|{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)"
         rf"|(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')},?\s+"
         r"(?P<year2>(?:19|20)\d\d))")
# "WASHINGTON, March 4, 2016 (Reuters) -": a place, the date, an agency, a dash.
_DATELINE = re.compile(rf"^[A-Z][\w .'’/-]{{1,40}}(?:,\s*[A-Z][\w .'’/-]{{1,30}})?,\s+{_DATE}"
                       r"\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]", re.IGNORECASE)
# A line that holds only a date: "March 4, 2016", "Published: 4 March 2016 10:21 GMT".
_DATE_LINE = re.compile(rf"^(?:(?:published|posted|updated|date)\s*:?\s*)?"
                        rf"(?:[a-z]{{3,9}},?\s+)?{_DATE}"
                        r"(?:[\s,]+\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\s*$",
                        re.IGNORECASE)
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)")


def dateline_date(text: str) -> str | None:
    """The publication date a plain-text article gives at its top: a dateline ("WASHINGTON,
    March 4, 2016 (Reuters) -") or a line of its own among the first five ("Published: 4
    March 2016"). A date inside the story ("On March 4, 2016, rebels ...") is an event's,
    not the article's, and is never taken."""
    for line in [ln.strip() for ln in text.lstrip().splitlines()[:5]]:
        match = _DATELINE.match(line) or _DATE_LINE.match(line)
        if match is not None:
            return _date_of(match)
    return None


def name_date(name: str) -> str | None:
    """A date a file name gives: ``2016-03-04-kidal.txt``, ``reuters_20160304``."""
    match = _NAME_DATE.search(name)
    return _checked(*(int(g) for g in match.groups())) if match is not None else None


def _date_of(match: re.Match[str]) -> str | None:
    if match["iso"]:
        year, month, day = (int(v) for v in match["iso"].split("-"))
        return _checked(year, month, day)
    if match["month"]:
        return _checked(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
    return _checked(int(match["year2"]), _MONTHS[match["month2"].lower()], int(match["day2"]))


def _checked(year: int, month: int, day: int) -> str | None:
    """The ISO date, or None when it is no real day or lies in the future."""
    from datetime import date

    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value.isoformat() if value <= date.today() else None


# Dates outside these years are no publication date (and would overflow date arithmetic).
FIRST_YEAR, LAST_YEAR = 1800, 2200


def normalise_date(value: str, errors: list[dict[str, str]]) -> str | None:
    """The ISO date ``value`` starts with; None, with a warning in ``errors``, when it is no
    date or not a plausible publication date (the article is coded without one)."""
    from datetime import date

    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError:
        errors.append(message(Codes.W002, detail=f"{value[:40]!r} is not a date (YYYY-MM-DD)"))
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors.append(message(Codes.W002, detail=f"{day.isoformat()} is outside the years "
                                                 f"{FIRST_YEAR}-{LAST_YEAR}"))
        return None
    return day.isoformat()


def _read_html(data: bytes, stem: str, published: str | None) -> Article:
    import trafilatura

    html, errors = decode_text(data)
    if errors:
        return Article(id=stem, text="", errors=errors)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(body, str) or not body.strip():
        body = plain_text(html)  # a page trafilatura cannot parse (too deeply nested, say)
    if not body.strip():
        return Article(id=stem, text="", errors=[message(Codes.E008)])
    pub = getattr(doc, "date", None) or published
    return Article(id=stem, text=body, title=getattr(doc, "title", None),
                   published=normalise_date(pub, errors) if pub else None,
                   url=getattr(doc, "url", None), source=getattr(doc, "sitename", None),
                   errors=errors)
