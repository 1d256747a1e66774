"""Find news time expressions and resolve them to calendar dates against ``published``.

Covers what dateparser misses in news copy: weekday names relative to the story's own day
("Monday" in a Monday story is that day, "Thursday" the Thursday before), "since 7 October",
"the past 20 days", "in April last year", "between 2015 and 2017", "a year ago",
"overnight". Values are ISO dates; a range has ``value`` as its start and ``end`` as its end.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from wirecoder.model import Span, TimeExpr
from wirecoder.spans import DisjointSpans

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "a few": 3,
}

MONTH = (r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|"
         r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|"
         r"Nov\.?|Dec\.?)")
WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<{n}>(?:19|20)\d\d)"
NUM = (r"(?P<num>\d{1,3}|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|"
       r"ten|eleven|twelve|fifteen|twenty|thirty)")
UNIT = r"(?P<unit>day|week|month|year|decade)s?"
PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

# Words that put an unanchored weekday or month in the future ("talks will resume Thursday").
FUTURE = re.compile(
    r"\b(?:will|'ll|shall|is due|are due|due to|scheduled|set to|plans? to|planning to|"
    r"expected to|is to|are to|upcoming|next)\b", re.IGNORECASE)
REPORTED_PAST = re.compile(r"\b(?:said|told|announced|reported|added|stated)\s+(?:on\s+)?$",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    value: date | None
    end: date | None
    precision: str | None


Handler = Callable[[re.Match[str], date | None, bool], Resolved | None]


def _month_num(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_range(year: int, month: int) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    return Resolved(date(year, month, 1), date(year, month, last), "month")


def _year_range(year: int) -> Resolved:
    return Resolved(date(year, 1, 1), date(year, 12, 31), "year")


def _week_of(d: date) -> Resolved:
    monday = d - timedelta(days=d.weekday())
    return Resolved(monday, monday + timedelta(days=6), "week")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_day(month: int, day: int, published: date | None, future: bool) -> date | None:
    """The month-day closest before ``published`` (or after it, in a future context)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    if future and candidate < published:
        return _safe_date(published.year + 1, month, day)
    if not future and candidate > published:
        return _safe_date(published.year - 1, month, day)
    return candidate


def _nearest_month(month: int, published: date | None, future: bool) -> Resolved | None:
    if published is None:
        return None
    year = published.year
    if future and month < published.month:
        year += 1
    elif not future and month > published.month:
        year -= 1
    return _month_range(year, month)


def _weekday(name: str, published: date | None, future: bool, modifier: str) -> date | None:
    if published is None:
        return None
    target = WEEKDAYS[name.lower()]
    delta = (published.weekday() - target) % 7
    if modifier == "last":
        return published - timedelta(days=delta or 7)
    if modifier == "next" or (future and modifier != "this" and delta):
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    if modifier == "this" and future:
        return published + timedelta(days=(target - published.weekday()) % 7)
    return published - timedelta(days=delta)


def _shift(published: date, n: int, unit: str) -> date:
    if unit == "day":
        return published - timedelta(days=n)
    if unit == "week":
        return published - timedelta(weeks=n)
    if unit == "month":
        return _add_months(published, -n)
    if unit == "decade":
        return _add_months(published, -120 * n)
    return _add_months(published, -12 * n)


def _number(token: str) -> int | None:
    token = token.lower()
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token)


# --- handlers: each turns a match into a resolved value -------------------------------------


def _h_day_month_year(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    d = _safe_date(int(m["y"]), _month_num(m["m"]), int(m["d"]))
    return Resolved(d, None, "day") if d else None


def _h_day_month(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    d = _nearest_day(_month_num(m["m"]), int(m["d"]), pub, fut)
    return Resolved(d, None, "day" if d else None)


def _h_iso(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return Resolved(d, None, "day") if d else None


def _h_month_year(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    return _month_range(int(m["y"]), _month_num(m["m"]))


def _h_month_rel_year(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    if pub is None:
        return Resolved(None, None, None)
    offset = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _month_range(pub.year + offset, _month_num(m["m"]))


def _h_last_month_name(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    month = _month_num(m["m"])
    if pub is None:
        return Resolved(None, None, None)
    if m["rel"].lower() == "next":
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year if month < pub.month else pub.year - 1
    return _month_range(year, month)


def _h_part_of_month(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    month = _month_num(m["m"])
    if m["y"]:
        return _month_range(int(m["y"]), month)
    return _nearest_month(month, pub, fut) or Resolved(None, None, None)


def _h_in_month(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    return _nearest_month(_month_num(m["m"]), pub, fut) or Resolved(None, None, None)


def _h_year(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    return _year_range(int(m["y"]))


def _h_decade(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    start = int(m["y"])
    return Resolved(date(start, 1, 1), date(start + 9, 12, 31), "range")


def _h_year_range(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    start = int(m["y"])
    end_text = m["y2"]
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if end < start:
        return None
    return Resolved(date(start, 1, 1), date(end, 12, 31), "range")


def _h_weekday(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    d = _weekday(m["wd"], pub, fut, (m["mod"] or "").lower())
    return Resolved(d, None, "day" if d else None)


def _h_relative_day(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    if pub is None:
        return Resolved(None, None, None)
    word = m["rd"].lower()
    if word == "overnight":
        return Resolved(pub - timedelta(days=1), pub, "range")
    offset = -1 if word in ("yesterday", "last night") else 1 if word == "tomorrow" else 0
    return Resolved(pub + timedelta(days=offset), None, "day")


def _h_relative_period(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    if pub is None:
        return Resolved(None, None, None)
    rel = m["rel"].lower()
    offset = -1 if rel == "last" else 1 if rel == "next" else 0
    unit = m["per"].lower()
    if unit == "week":
        return _week_of(pub + timedelta(weeks=offset))
    if unit == "weekend":
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if rel == "next" or (rel == "this" and fut):
            saturday = pub + timedelta(days=(5 - pub.weekday()) % 7)
        return Resolved(saturday, saturday + timedelta(days=1), "range")
    if unit == "month":
        d = _add_months(pub, offset)
        return _month_range(d.year, d.month)
    return _year_range(pub.year + offset)


def _h_ago(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    n = _number(m["num"])
    if pub is None or n is None:
        return Resolved(None, None, None)
    unit = m["unit"].lower()
    precision = {"day": "day", "week": "week", "month": "month"}.get(unit, "year")
    return Resolved(_shift(pub, n, unit), None, precision)


def _h_past_n(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    n = _number(m["num"]) if m.groupdict().get("num") else 1
    if pub is None or n is None:
        return Resolved(None, None, None)
    return Resolved(_shift(pub, n, m["unit"].lower()), pub, "range")


def _h_since(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    inner = resolve(m["inner"], pub)
    if inner is None or inner.value is None:
        return Resolved(None, None, None)
    return Resolved(inner.value, pub, "range")


def _h_between(m: re.Match[str], pub: date | None, fut: bool) -> Resolved | None:
    a, b = resolve(m["a"], pub), resolve(m["b"], pub)
    if not a or not b or a.value is None or b.value is None:
        return Resolved(None, None, None)
    return Resolved(a.value, b.end or b.value, "range")


# Simple date phrases, reused inside "since ...", "between ... and ...".
_SIMPLE = (
    rf"(?:{DAY.format(n='d')}\s+(?:of\s+)?{MONTH.format(n='m')},?\s+{YEAR.format(n='y')}"
    rf"|{MONTH.format(n='m2')}\s+{DAY.format(n='d2')},?\s+{YEAR.format(n='y2')}"
    rf"|{DAY.format(n='d3')}\s+(?:of\s+)?{MONTH.format(n='m3')}|{MONTH.format(n='m4')}\s+"
    rf"{DAY.format(n='d4')}|{MONTH.format(n='m5')}\s+{YEAR.format(n='y5')}|{YEAR.format(n='y6')}"
    rf"|(?:last\s+|this\s+)?{WEEKDAY}|{MONTH.format(n='m6')})"
)


def _strip_groups(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


SIMPLE = _strip_groups(_SIMPLE)

RULES: list[tuple[str, Handler]] = [
    (rf"between\s+(?P<a>{SIMPLE})\s+and\s+(?P<b>{SIMPLE})", _h_between),
    (rf"from\s+(?P<a>{SIMPLE})\s+(?:to|until|till|through)\s+(?P<b>{SIMPLE})", _h_between),
    (rf"(?:ever\s+)?since\s+(?P<inner>{SIMPLE}|(?:last|this)\s+(?:week|month|year))",
     _h_since),
    (rf"(?:the\s+)?(?:past|last|previous|recent)\s+{NUM}\s+{UNIT}", _h_past_n),
    (rf"the\s+(?:past|last|previous)\s+{UNIT}", _h_past_n),
    (rf"{YEAR.format(n='y')}\s*(?:-|–|to)\s*(?P<y2>(?:19|20)?\d\d)\b", _h_year_range),
    (rf"{DAY.format(n='d')}\s+(?:of\s+)?{MONTH.format(n='m')},?\s+{YEAR.format(n='y')}",
     _h_day_month_year),
    (rf"{MONTH.format(n='m')}\s+{DAY.format(n='d')},?\s+{YEAR.format(n='y')}",
     _h_day_month_year),
    (r"(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)", _h_iso),
    (rf"{DAY.format(n='d')}\s+(?:of\s+)?{MONTH.format(n='m')}", _h_day_month),
    (rf"{MONTH.format(n='m')}\s+{DAY.format(n='d')}(?!\s*(?:,\s*)?\d)", _h_day_month),
    (rf"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+"
     rf"{MONTH.format(n='m')}(?:\s+{YEAR.format(n='y')})?", _h_part_of_month),
    (rf"{MONTH.format(n='m')}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year", _h_month_rel_year),
    (rf"(?P<rel>last|next)\s+{MONTH.format(n='m')}", _h_last_month_name),
    (rf"{MONTH.format(n='m')},?\s+{YEAR.format(n='y')}", _h_month_year),
    (rf"in\s+(?P<x>{MONTH.format(n='m')})", _h_in_month),
    (r"the\s+(?P<y>(?:19|20)\d0)s", _h_decade),
    (rf"(?:in|since|during|until|by|of|from|before|after)\s+(?P<x>{YEAR.format(n='y')})"
     r"(?!\s*-)", _h_year),
    (rf"(?:(?P<mod>last|next|this|on|early|late)\s+)?{WEEKDAY}{PART}", _h_weekday),
    (r"(?P<rd>yesterday|today|tomorrow|tonight|overnight|last night|this morning|"
     r"this afternoon|this evening)", _h_relative_day),
    (r"(?:earlier\s+|later\s+)?(?P<rel>last|this|next)\s+(?P<per>week|weekend|month|year)",
     _h_relative_period),
    (rf"{NUM}\s+{UNIT}\s+ago", _h_ago),
]
COMPILED = [(re.compile(rf"\b{p}\b", re.IGNORECASE), h) for p, h in RULES]
# Rules whose match must start with a capital to count (month names like "May", "March").
MONTH_WORDS = {"may", "march", "august", "sept", "dec", "jan"}


def parse_published(value: str | None) -> date | None:
    """Parse an ISO date (or the date part of an ISO timestamp); ``None`` when absent."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(phrase: str, published: date | str | None, future: bool = False) -> Resolved | None:
    """Resolve a whole time phrase ("since 7 October") against ``published``.

    Returns ``None`` when no rule reads the phrase as a time expression.
    """
    pub = parse_published(published) if isinstance(published, str) else published
    phrase = phrase.strip()
    bare = re.sub(r"^(?:in|on|at|during|by|of|over|for|within)\s+", "", phrase, flags=re.I)
    for candidate in (phrase, bare):
        for rule, handler in COMPILED:
            m = rule.fullmatch(candidate)
            if m:
                return handler(m, pub, future)
    # A bare month or year: read it as "in April", "in 2015".
    for rule, handler in COMPILED:
        if handler in (_h_in_month, _h_year):
            m = rule.fullmatch("in " + phrase)
            if m:
                return handler(m, pub, future)
    return None


class TimeFinder:
    """Finds every time expression in a text and resolves it."""

    def find(self, text: str, published: str | None,
             skip: Callable[[int, int], bool] | None = None,
             sentence_of: Callable[[int], Span] | None = None) -> list[TimeExpr]:
        """Return resolved time expressions in ``text`` order, not overlapping.

        ``skip(start, end)`` drops excluded regions; ``sentence_of(offset)`` gives the
        sentence span used to tell past from future (default: a rough sentence split).
        """
        pub = parse_published(published)
        found: list[tuple[int, int, TimeExpr]] = []
        line_of = sentence_of or _lines_of(text)
        for start, end, handler, match in self._candidates(text):
            if skip and skip(start, end):
                continue
            s_start, s_end = line_of(start)
            future = _is_future(text, s_start, start, end, s_end)
            resolved = handler(match, pub, future)
            if resolved is None:
                continue
            found.append((start, end, TimeExpr(
                text=text[start:end], span=(start, end),
                value=resolved.value.isoformat() if resolved.value else None,
                end=resolved.end.isoformat() if resolved.end else None,
                precision=resolved.precision if resolved.value else None,
            )))
        return [t for _, _, t in found]

    def _candidates(self, text: str) -> Iterable[tuple[int, int, Handler, re.Match[str]]]:
        hits: list[tuple[int, int, int, Handler, re.Match[str]]] = []
        for order, (rule, handler) in enumerate(COMPILED):
            for m in rule.finditer(text):
                start, end = m.span()
                word = m.group(0).split()[0].lower().rstrip(".")
                # "may" and "march" are months only when capitalised; "dec" etc. likewise.
                if word in MONTH_WORDS and not m.group(0)[0].isupper():
                    continue
                if text[start:end].strip() != text[start:end]:
                    continue
                hits.append((start, end, order, handler, m))
        # Longest match first, then rule order; keep those that do not overlap a kept one.
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[2], h[0]))
        kept: list[tuple[int, int, int, Handler, re.Match[str]]] = []
        taken = DisjointSpans(len(text))
        for hit in hits:
            if not taken.overlaps(hit[0], hit[1]):
                kept.append(hit)
                taken.add(hit[0], hit[1])
        kept.sort(key=lambda h: h[0])
        for start, end, _, handler, m in kept:
            m_start = m.start("x") if "x" in m.re.groupindex else start
            # Drop a leading "on" from weekday matches: "on Monday" -> "Monday".
            if handler is _h_weekday and m["mod"] and m["mod"].lower() == "on":
                m_start = m.start("wd")
            yield m_start, end, handler, m


SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“‘'])|\n")


def _lines_of(text: str) -> Callable[[int], Span]:
    """A rough sentence around an offset when no parse is at hand (the text split once)."""
    ends = list(SENTENCE_END.finditer(text))
    end_offsets = [m.end() for m in ends]

    def line_of(offset: int) -> Span:
        i = bisect.bisect_right(end_offsets, offset)  # the breaks before ``offset``
        start = end_offsets[i - 1] if i else 0
        return (start, ends[i].start() + 1) if i < len(ends) else (start, len(text))

    return line_of


def _is_future(text: str, s_start: int, start: int, end: int, s_end: int) -> bool:
    """Whether the sentence puts an unanchored expression in the future."""
    before = text[max(s_start, start - 40):start]
    if REPORTED_PAST.search(before):
        return False
    return bool(FUTURE.search(text[s_start:start]) or re.match(r"\s*(?:next)\b",
                                                                text[start:end], re.I))
