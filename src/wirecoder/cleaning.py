"""Cleaning that marks, never deletes: find regions that are not the article's own prose.

Embedded social-media posts, bare link lines, "Read more" lines, photo captions and
bylines become :class:`~wirecoder.model.Excluded` regions; ``text`` is never changed.
Extractors ask :meth:`ExcludedIndex.covers` and skip what it covers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import datetime

from wirecoder.lexicon import read_table
from wirecoder.model import Excluded, Span

URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
# The attribution line of an embedded post: "— The New Arab (@The_NewArab) October 28, 2023".
POST_ATTRIBUTION = re.compile(
    r"^[—–-]{1,2}\s*(?P<author>[^()\n]{0,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{1,2},\s+\d{4})?",
)
# Instagram and similar embeds: "A post shared by Name (@handle) on Oct 28, 2023 at 5:01am PDT".
POST_SHARED = re.compile(
    r"^A (?:post|photo|video) shared by (?P<author>[^()\n]{0,80}?)\s*\((?P<handle>@[\w.]{1,30})\)"
    r"(?: on (?P<date>\w+ \d{1,2}, \d{4}))?",
    re.IGNORECASE,
)
SOCIAL_MARKERS = re.compile(r"(?:t\.co/|pic\.twitter\.com|#\w|@\w)")
TERMINAL = re.compile(r"[.!?…:][\"'”’)\]]*\s*$")
# How many lines above an attribution line may belong to the post's text.
MAX_POST_LINES = 4


class ExcludedIndex:
    """Sorted excluded spans with a fast ``covers(start, end)`` test."""

    def __init__(self, regions: list[Excluded]) -> None:
        self.regions = sorted(regions, key=lambda r: r.span)
        self._starts = [r.span[0] for r in self.regions]

    def covers(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps any excluded region."""
        i = bisect.bisect_right(self._starts, end - 1) - 1
        while i >= 0:
            s, e = self.regions[i].span
            if e > start:
                return s < end
            if e <= start:
                return False
            i -= 1
        return False


class Cleaner:
    """Finds excluded regions with line rules from ``data/boilerplate.tsv``."""

    def __init__(self) -> None:
        self.line_rules = [
            (row["kind"], re.compile(row["pattern"], re.IGNORECASE))
            for row in read_table("boilerplate.tsv")
        ]

    def find(self, text: str) -> list[Excluded]:
        """Return the excluded regions of ``text``, sorted, never overlapping."""
        lines = list(_lines(text))
        taken = [False] * len(lines)
        regions: list[Excluded] = []
        for i, (start, end) in enumerate(lines):
            line = text[start:end].strip()
            match = POST_ATTRIBUTION.match(line) or POST_SHARED.match(line)
            if not match:
                continue
            first, last = self._post_extent(text, lines, i, taken)
            for k in range(first, last + 1):
                taken[k] = True
            span = (_lstrip(text, lines[first][0], lines[first][1]), lines[last][1])
            body = text[span[0]:span[1]]
            regions.append(Excluded("social_post", span, {
                "author": match.group("author").strip() or None,
                "handle": match.group("handle"),
                "date": _post_date(match.group("date")),
                "urls": URL.findall(body),
            }))
        first_text = next((i for i, (s, e) in enumerate(lines) if text[s:e].strip()),
                          len(lines))
        for i, (start, end) in enumerate(lines):
            if taken[i]:
                continue
            line = text[start:end].strip()
            if not line:
                continue
            kind = self._line_kind(line, i <= first_text)
            if kind:
                s = _lstrip(text, start, end)
                regions.append(Excluded(kind, (s, s + len(line))))
        return sorted(regions, key=lambda r: r.span)

    def _post_extent(self, text: str, lines: list[Span], i: int,
                     taken: list[bool]) -> tuple[int, int]:
        """Lines of the post around its attribution line ``i``: its text above, links below."""
        first = i
        for k in range(i - 1, max(-1, i - 1 - MAX_POST_LINES), -1):
            line = text[lines[k][0]:lines[k][1]].strip()
            if not line or taken[k]:
                break
            # Embedded post text rarely ends like a paragraph of prose; a line that does
            # (and shows no social marker) is the article again.
            if TERMINAL.search(line) and not SOCIAL_MARKERS.search(line):
                break
            first = k
        last = i
        for k in range(i + 1, min(len(lines), i + 3)):
            line = text[lines[k][0]:lines[k][1]].strip()
            if line and re.search(r"(?:t\.co/|pic\.twitter\.com/|instagram\.com/)", line):
                last = k
            else:
                break
        return first, last

    def _line_kind(self, line: str, at_top: bool) -> str | None:
        if URL.fullmatch(line):
            return "link"
        if len(line) > 400:
            return None
        for kind, rule in self.line_rules:
            if kind == "byline" and not at_top and not line.lower().startswith("by "):
                continue
            if rule.fullmatch(line):
                return kind
        return None


def _lines(text: str) -> Iterator[Span]:
    start = 0
    for match in re.finditer(r"\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _post_date(value: str | None) -> str | None:
    if not value:
        return None
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
