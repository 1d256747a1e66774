"""Text cells made safe to open in a spreadsheet, for the CSV and TSV exports.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, so an article's words could become
``=HYPERLINK(...)`` in an analyst's sheet. Following OWASP's guidance on CSV injection,
such a cell gets a leading ``'``; a plain number (``-3.5``, ``+1e3``) is left as it is.
"""

from __future__ import annotations

import re
from typing import Any

# Regular expressions that Python and DuckDB (RE2) read alike.
FORMULA_START = r"[=+\-@\t\r]"
PLAIN_NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
_FORMULA_START = re.compile(FORMULA_START)
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula;
    anything else (numbers, plain-number text, other text) unchanged."""
    if (isinstance(value, str) and _FORMULA_START.match(value)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def neutralise_sql(column: str) -> str:
    """A DuckDB expression doing :func:`neutralise` on the VARCHAR ``column``."""
    return (f"CASE WHEN regexp_matches({column}, '^{FORMULA_START}')"
            f" AND NOT regexp_full_match({column}, '{PLAIN_NUMBER}')"
            f" THEN '''' || {column} ELSE {column} END")
