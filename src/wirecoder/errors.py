"""Errors raised by wirecoder, and the codes recorded in an article record's ``errors``.

Exception tree::

    WirecoderError
    ├── InputError      an input file or line cannot be read as articles
    ├── ModelError      the spaCy model or the event-sense model cannot be loaded
    ├── ConfigError     a setting is invalid
    └── StoreError      the database cannot be opened, read or written

A problem with one article never raises: it becomes an ``errors`` entry in that article's
record (``{"code": "E002", "message": ...}``) and the batch goes on. Codes starting with
``E`` leave the article uncoded; codes starting with ``W`` are warnings about an article
that was coded all the same (a bad ``published`` field ignored, say).
"""

from __future__ import annotations

from typing import Final


class Codes:
    """Coded messages; the code is stable, the text may improve."""

    E001: Final = "E001", "the article text is empty"
    E002: Final = "E002", "the input looks binary (NUL or control bytes), not text"
    E003: Final = "E003", "the input is not valid UTF-8: {detail}"
    E004: Final = "E004", "the article is {size:,} bytes, over the limit of {limit:,} bytes"
    E005: Final = "E005", "line {line} is not a valid JSON object: {detail}"
    E006: Final = "E006", "line {line} has no string field 'text'"
    E007: Final = "E007", "cannot read {path}: {detail}"
    E008: Final = "E008", "no text could be extracted from the HTML page"
    E009: Final = "E009", "field '{field}' is invalid: {detail}"
    E010: Final = "E010", ("id {id!r} was already given to article {first} of this input; "
                           "this article is not coded (give each article its own id)")
    E011: Final = "E011", ("coding stopped after {seconds:g} s, the time budget per article "
                           "(--time-budget); the article is left uncoded")
    E012: Final = "E012", ("the worker coding the article stopped ({detail}); the article is "
                           "left uncoded and the batch goes on")
    E013: Final = "E013", "the CSV row at line {line} cannot be read: {detail}"
    E100: Final = "E100", "internal error while coding the article ({stage}): {detail}"
    E201: Final = "E201", "no spaCy English model is installed (tried {tried})"
    E202: Final = "E202", "cannot open the store at {path}: {detail}"
    E203: Final = "E203", ("unsupported input {path}: use .txt, .jsonl, .csv (optionally "
                           ".gz), .html, .rss, .atom, .xml, .warc (optionally .gz) or a "
                           "folder")
    E204: Final = "E204", "invalid setting {name}={value!r}: {detail}"
    E205: Final = "E205", ("the event-sense encoder {path} is missing; reinstall wirecoder, "
                           "or code with rules only (--rules-only, Config(sense=False))")
    E206: Final = "E206", "the event-sense heads at {path} cannot be read: {detail}"
    E207: Final = "E207", "cannot write to the store at {path}: {detail}"
    E208: Final = "E208", ("cannot store the records through the server at {url}, which has "
                           "the store {path} open: {detail}")
    E209: Final = "E209", "the query took longer than {seconds:g} s and was stopped"
    E210: Final = "E210", "cannot read the store at {path}: {detail}"
    # Warnings: the article is coded all the same.
    W001: Final = "W001", ("{count} character(s) that text cannot hold (lone surrogates, NUL) "
                           "were each replaced by U+FFFD")
    W002: Final = "W002", "field 'published' ignored: {detail}"


def message(code: tuple[str, str], **values: object) -> dict[str, str]:
    """Return an ``errors`` entry ``{"code", "message"}`` for a coded message."""
    return {"code": code[0], "message": code[1].format(**values)}


def is_fatal(entry: dict[str, str]) -> bool:
    """Does this ``errors`` entry leave its article uncoded (an error, not a warning)?"""
    return not entry.get("code", "").startswith("W")


class WirecoderError(Exception):
    """Base of all wirecoder exceptions; ``code`` is the coded message's code."""

    def __init__(self, code: tuple[str, str], **values: object) -> None:
        self.code = code[0]
        super().__init__(f"{code[0]}: {code[1].format(**values)}")


class InputError(WirecoderError):
    """An input file or line cannot be read as articles."""


class ModelError(WirecoderError):
    """The spaCy model cannot be loaded."""


class ConfigError(WirecoderError):
    """A setting is invalid."""


class StoreError(WirecoderError):
    """The database cannot be opened, read or written."""
