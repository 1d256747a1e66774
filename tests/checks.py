"""Record checks shared by tests and benchmarks: schema validity and exact spans."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    raw = resources.files("wirecoder").joinpath("schema").joinpath(
        "article-record.schema.json").read_text()
    return jsonschema.Draft202012Validator(json.loads(raw))


def schema_errors(record: dict[str, Any]) -> list[str]:
    """Messages for every way ``record`` breaks the project's copy of the schema."""
    return [f"{list(e.path)}: {e.message}" for e in _validator().iter_errors(record)]


def span_errors(record: dict[str, Any]) -> list[str]:
    """Messages for every ``{text, span}`` whose span does not hold exactly that text."""
    text = record["text"]
    problems: list[str] = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, dict):
            span = node.get("span")
            if isinstance(span, list) and isinstance(node.get("text"), str):
                s, e = span
                if not (0 <= s <= e <= len(text)) or text[s:e] != node["text"]:
                    problems.append(f"{where}: {node['text']!r} != {text[s:e]!r} at {span}")
            for key, value in node.items():
                if key != "text":
                    visit(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, f"{where}[{i}]")

    for part in ("excluded", "entities", "times", "places", "statements", "events",
                 "figures"):
        visit(record[part], part)
    for ent in record["entities"]:
        for s, e in ent["mentions"]:
            if not (0 <= s < e <= len(text)):
                problems.append(f"entity {ent['id']} mention out of range: {[s, e]}")
    for x in record["excluded"]:
        s, e = x["span"]
        if not (0 <= s < e <= len(text)):
            problems.append(f"excluded region out of range: {[s, e]}")
    return problems
