"""Span collections whose lookups cost what the answer costs, not the length of the
article: extractors ask "which quote holds this offset?" or "which statements end just
before here?" once per word or per quote, so a scan of every span per question would make
coding quadratic in the article's length."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from wirecoder.model import Span

T = TypeVar("T")


class DisjointSpans:
    """Character spans of a text of ``length`` characters, none overlapping another.

    ``overlaps(start, end)`` answers as ``any(s < end and start < e for s, e in taken)``
    would (empty spans included); :meth:`add` takes a span that overlaps none taken.
    """

    def __init__(self, length: int) -> None:
        self._covered = bytearray(length + 1)  # characters inside a taken span
        self._starts = bytearray(length + 1)   # where a non-empty taken span starts
        self._points = bytearray(length + 1)   # where an empty taken span lies

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a taken span."""
        if start < end:
            return (self._covered.find(1, start, end) >= 0
                    or self._points.find(1, start + 1, end) >= 0)
        # An empty span overlaps only a span that holds it strictly inside.
        return (0 < start < len(self._covered) and self._covered[start - 1] == 1
                and self._covered[start] == 1 and not self._starts[start])

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``."""
        if start < end:
            self._covered[start:end] = b"\x01" * (end - start)
            self._starts[start] = 1
        else:
            self._points[start] = 1


class OrderedSpans(list[Span]):
    """Non-empty spans in text order, none overlapping another (as quotation marks pair
    up), with lookups by offset. Build it once; it is not to be changed after."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        super().__init__(spans)
        self._starts = [s for s, _ in self]
        self._ends = [e for _, e in self]

    def holding(self, offset: int) -> Span | None:
        """The span with ``start <= offset < end``, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self[i] if i >= 0 and offset < self[i][1] else None

    def containing(self, start: int, end: int) -> Span | None:
        """The first span with ``s <= start`` and ``end <= e``, if any."""
        last = bisect.bisect_right(self._starts, start) - 1
        first = bisect.bisect_left(self._ends, end)
        return self[first] if first <= last else None

    def starting_in(self, lo: int, hi: int) -> list[Span]:
        """The spans that start in ``[lo, hi)``, in order."""
        return self[bisect.bisect_left(self._starts, lo):bisect.bisect_left(self._starts, hi)]

    def within(self, lo: int, hi: int) -> list[Span]:
        """The spans with ``lo <= s`` and ``e <= hi``, in order."""
        return self[bisect.bisect_left(self._starts, lo):bisect.bisect_right(self._ends, hi)]

    def index_from(self, start_at_least: int, end_at_least: int) -> int:
        """The index of the first span that starts at or after ``start_at_least`` or ends at
        or after ``end_at_least`` (spans before it do neither)."""
        return min(bisect.bisect_left(self._starts, start_at_least),
                   bisect.bisect_left(self._ends, end_at_least))

    def index_after(self, start_at_most: int) -> int:
        """The index after the last span that starts at or before ``start_at_most``."""
        return bisect.bisect_right(self._starts, start_at_most)


class SpanIndex(Generic[T]):
    """Items with spans that may overlap (statements by their content, say), kept in the
    order added and found by where their spans lie. Lookups return items in that order."""

    # Spans longer than this are checked on every overlap lookup rather than found by
    # their start: few spans are long, and a window as wide as the longest one would be
    # the whole text.
    LONG = 2000

    def __init__(self, span: Callable[[T], Span], items: Iterable[T] = ()) -> None:
        self._span = span
        self.items: list[T] = list(items)
        spans = [span(item) for item in self.items]
        self._by_start = sorted((s, n) for n, (s, _) in enumerate(spans))
        self._by_end = sorted((e, n) for n, (_, e) in enumerate(spans))
        self._long = [n for n, (s, e) in enumerate(spans) if e - s > self.LONG]

    def add(self, item: T) -> None:
        """Add ``item`` after the others."""
        n = len(self.items)
        self.items.append(item)
        s, e = self._span(item)
        bisect.insort(self._by_start, (s, n))
        bisect.insort(self._by_end, (e, n))
        if e - s > self.LONG:
            self._long.append(n)

    def starting_in(self, lo: int, hi: int) -> list[T]:
        """The items whose span starts in ``[lo, hi]``."""
        return self._pick(_between(self._by_start, lo, hi))

    def ending_in(self, lo: int, hi: int) -> list[T]:
        """The items whose span ends in ``[lo, hi]``."""
        return self._pick(_between(self._by_end, lo, hi))

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose span ``(s, e)`` has ``s < end`` and ``start < e``."""
        return [self.items[n] for n in self._near(start, end)
                if _overlap(self._span(self.items[n]), start, end)]

    def containing(self, start: int, end: int) -> list[T]:
        """The items whose span ``(s, e)`` has ``s <= start`` and ``end <= e``."""
        return [self.items[n] for n in self._near(start, end)
                if _holds(self._span(self.items[n]), start, end)]

    def _near(self, start: int, end: int) -> list[int]:
        """Positions of the items that may hold or overlap ``[start, end)``, in order."""
        return sorted(set(_between(self._by_start, start - self.LONG, end)) | set(self._long))

    def _pick(self, positions: list[int]) -> list[T]:
        return [self.items[n] for n in sorted(positions)]


def _between(keys: list[tuple[int, int]], lo: int, hi: int) -> list[int]:
    """Positions of the ``(key, position)`` pairs with ``lo <= key <= hi``."""
    i = bisect.bisect_left(keys, (lo, -1))
    j = bisect.bisect_right(keys, (hi, sys.maxsize))
    return [n for _, n in keys[i:j]]


def _overlap(span: Span, start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def _holds(span: Span, start: int, end: int) -> bool:
    return span[0] <= start and end <= span[1]


def document_index(cache: dict[Any, Any], name: str, items: list[T],
                   span: Callable[[T], Span]) -> SpanIndex[T]:
    """A :class:`SpanIndex` of ``items`` kept in ``cache`` (a ``Doc``'s ``user_data``), so
    that the stages that ask about the same list once per word index it only once; built
    again when asked about another list, or one that grew."""
    key = ("wirecoder_index", name)
    found = cache.get(key)
    if found is None or found[0] is not items or found[1] != len(items):
        found = cache[key] = (items, len(items), SpanIndex(span, items))
    return found[2]


class RunStarts:
    """Where the run of ``chars`` that ends at an offset begins, for offsets asked in
    increasing order: in time linear in the text over all questions, however long the runs
    (a scan back from each offset would cross the same run again and again)."""

    def __init__(self, text: str, chars: str) -> None:
        self._text = text
        # The last character that is not one of ``chars`` up to where a match may end.
        self._last_other = re.compile(rf"(?s).*[^{re.escape(chars)}]")
        self._scanned = 0
        self._after_other = 0  # one past the last other character before ``_scanned``

    def before(self, offset: int) -> int:
        """The start of the run of ``chars`` that ends at ``offset`` (``offset`` itself when
        the character before it is not one of them)."""
        if offset < self._scanned:  # asked out of order: start again
            self._scanned = self._after_other = 0
        if offset > self._scanned:
            m = self._last_other.match(self._text, self._scanned, offset)
            if m is not None:
                self._after_other = m.end()
            self._scanned = offset
        return self._after_other


__all__ = ["DisjointSpans", "OrderedSpans", "RunStarts", "SpanIndex", "document_index"]
