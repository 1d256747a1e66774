"""Errors raised by wirecoder, and the codes recorded in an article record's ``errors``.

Exception tree::

    WirecoderError
    ├── InputError      an input file or line cannot be read as articles
    ├── ModelError      the spaCy model or the event-sense model cannot be loaded
    ├── ConfigError     a setting is invalid
    └── StoreError      the database cannot be opened or written

A problem with one article never raises: it becomes an ``errors`` entry in that article's
record (``{"code": "E002", "message": ...}``) and the batch goes on.
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
    E100: Final = "E100", "internal error while coding the article ({stage}): {detail}"
    E201: Final = "E201", "no spaCy English model is installed (tried {tried})"
    E202: Final = "E202", "cannot open the store at {path}: {detail}"
    E203: Final = "E203", ("unsupported input {path}: use .txt, .jsonl, .csv (optionally "
                           ".gz), .html or a folder")
    E204: Final = "E204", "invalid setting {name}={value!r}: {detail}"
    E205: Final = "E205", ("the event-sense encoder {path} is missing; reinstall wirecoder, "
                           "or code with rules only (--rules-only, Config(sense=False))")
    E206: Final = "E206", "the event-sense heads at {path} cannot be read: {detail}"


def message(code: tuple[str, str], **values: object) -> dict[str, str]:
    """Return an ``errors`` entry ``{"code", "message"}`` for a coded message."""
    return {"code": code[0], "message": code[1].format(**values)}


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
    """The database cannot be opened or written."""
