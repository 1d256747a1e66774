"""Reading quantities as analysts do: "8,306", "2.5 million", "a dozen", "some 200",
"at least 156", "dozens", "between 20 and 30".

Conventions: a hedge sets ``approximate`` and a bound ("at least 156": ``low`` 156;
"nearly 500": ``high`` 500; "some 200": both bounds open). A range has ``low`` and ``high``
and ``value`` null. A vague count has ``value`` null, ``approximate`` true and a ``low``
bound: dozens 24, scores 40, hundreds 200, thousands 2,000, tens of thousands 20,000,
hundreds of thousands 200,000, millions 2,000,000.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
          "bn": 1_000_000_000, "b": 1_000_000_000}
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
         "tens of thousands": 20_000, "hundreds of thousands": 200_000, "millions": 2_000_000}
# hedge -> which bound the number sets: low ("at least 5"), high ("nearly 5") or none.
HEDGES = {
    "at least": "low", "more than": "low", "over": "low", "upwards of": "low",
    "in excess of": "low", "no fewer than": "low", "no less than": "low", "just over": "low",
    "well over": "low", "nearly": "high", "almost": "high", "up to": "high",
    "as many as": "high", "fewer than": "high", "less than": "high", "under": "high",
    "at most": "high", "just under": "high", "close to": "high", "around": "", "about": "",
    "some": "", "roughly": "", "approximately": "", "an estimated": "", "estimated": "",
    "almost exactly": "", "approx.": "", "circa": "", "a reported": "",
}
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR",
                    "₪": "ILS"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
                  "pounds": "GBP", "pound sterling": "GBP", "yuan": "CNY", "rupees": "INR",
                  "shekels": "ILS", "rials": "IRR", "roubles": "RUB", "rubles": "RUB",
                  "hryvnias": "UAH", "naira": "NGN", "shillings": "KES", "yen": "JPY"}

_word_numbers = sorted(list(UNITS) + list(TENS), key=len, reverse=True)
WORD_NUMBER = (r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(
    k for k in UNITS if UNITS[k] < 10 and UNITS[k] > 0) + r"))?|" + "|".join(UNITS) + r")")
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|m|k)"
SIMPLE = (rf"(?:(?:{DIGITS}|{WORD_NUMBER})\s*-?\s*(?:{SCALE}\b(?:\s+and\s+)?)?"
          rf"(?:\s+{WORD_NUMBER})?(?:\s+{SCALE})?"
          rf"|(?:a|an|half\s+a)\s+(?:hundred|thousand|million|billion)"
          rf"|(?:a|two|three|four|five|six)\s+dozen)")
HEDGE = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
VAGUE_RE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
CURRENCY = r"(?:US\$|\$|€|£|¥|₹|₪)"
# (The blanks before the number are taken whole: what follows them never starts with one.)
QUANTITY = re.compile(
    rf"(?<![\w.,])(?:(?P<hedge>{HEDGE})\s+)?(?P<cur>{CURRENCY})?\s*+"
    rf"(?:between\s+(?P<a>{SIMPLE})\s+and\s+(?P<b>{SIMPLE})"
    rf"|(?P<x>{SIMPLE})\s*(?:to|–|or)\s*(?P<y>{SIMPLE})(?=\s+[a-z]|$)"
    rf"|(?P<x2>{DIGITS})-(?P<y2>{DIGITS})(?=\s+[a-z]|$)"
    rf"|(?P<vague>{VAGUE_RE})|(?P<n>{SIMPLE}))(?![\w])",
    re.IGNORECASE)


# QUANTITY, except that no match starts at a blank preceded by two blanks: every start
# inside a run of whitespace consumes the run up to its end, so a search trying them one by
# one is quadratic in the run's length.
_NOT_DEEP_IN_BLANKS = re.compile(r"(?!(?<=\s\s)\s)" + QUANTITY.pattern, re.IGNORECASE)


def quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches ``QUANTITY.finditer(text)`` yields, in time linear in runs of blanks.

    Inside a run of whitespace, a match can only begin as whitespace that a number after
    the run ends (hedges and currencies start with no blank), so every start in the run
    fares as the run's second character does: the search skips the others, except where
    the last match ended inside the run.
    """
    pos = 0
    while pos <= len(text):
        m = None
        if 2 <= pos < len(text) and text[pos - 2:pos + 1].isspace():
            m = QUANTITY.match(text, pos)
        if m is None:
            m = _NOT_DEEP_IN_BLANKS.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


@dataclass(frozen=True)
class Quantity:
    """A parsed count."""

    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    currency: str | None = None


def words_to_number(text: str) -> float | None:
    """'two thousand five hundred' -> 2500; '2.5 million' -> 2_500_000; '8,306' -> 8306."""
    text = re.sub(r"\bhalf an?\b", "0.5", text.lower())
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.replace("-", " "))
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok[0].isdigit():
            current += float(tok.replace(",", ""))
            seen = True
        elif tok in ("a", "an"):
            current += 1
            seen = True
        elif tok == "half":
            current += 0.5
            seen = True
        elif tok in UNITS:
            current += UNITS[tok]
            seen = True
        elif tok in TENS:
            current += TENS[tok]
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        elif tok in SCALES:
            scale = SCALES[tok]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        elif tok == "and":
            continue
        else:
            return None
    return total + current if seen else None


def parse_quantity(text: str) -> Quantity | None:
    """Parse a whole quantity phrase; ``None`` when it is not one."""
    m = QUANTITY.fullmatch(text.strip())
    return quantity_from_match(m) if m else None


def quantity_from_match(m: re.Match[str]) -> Quantity | None:
    hedge = (m["hedge"] or "").lower()
    currency = CURRENCY_SYMBOLS.get(m["cur"]) if m["cur"] else None
    bound = HEDGES.get(hedge)
    approximate = bool(hedge)
    if m["vague"]:
        low = float(VAGUE[m["vague"].lower()])
        return Quantity(None, low, None, True, currency)
    if m["a"] or m["x"] or m["x2"]:
        a = words_to_number(m["a"] or m["x"] or m["x2"])
        b = words_to_number(m["b"] or m["y"] or m["y2"])
        if a is None or b is None or b <= a:
            return None
        return Quantity(None, a, b, True, currency)
    value = words_to_number(m["n"])
    if value is None:
        return None
    if not hedge:
        return Quantity(value, value, value, False, currency)
    return Quantity(value, value if bound == "low" else None,
                    value if bound == "high" else None, approximate, currency)
