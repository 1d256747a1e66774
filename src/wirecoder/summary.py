"""A readable plain-text summary of article records, for the terminal."""

from __future__ import annotations

from typing import Any


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summarise(record: dict[str, Any]) -> str:
    """Return a multi-line summary of one record."""
    text = record["text"]
    lines = [f"== {record['id']}: {record.get('title') or '(no title)'}",
             f"   published {record.get('published') or 'unknown'}, "
             f"{len(text):,} characters"]
    for err in record["errors"]:
        lines.append(f"   ERROR {err['code']}: {err['message']}")
    if record["excluded"]:
        lines.append(f"-- excluded regions ({len(record['excluded'])})")
        for x in record["excluded"]:
            s, e = x["span"]
            meta = x.get("meta") or {}
            extra = " ".join(f"{k}={v}" for k, v in meta.items() if v and k != "urls")
            lines.append(f"   {x['kind']:<12} [{s}:{e}] {extra} {_clip(text[s:e], 50)!r}")
    if record["entities"]:
        lines.append(f"-- entities ({len(record['entities'])})")
        for ent in record["entities"]:
            attrs = "/".join(v for v in (ent.get("country"), ent.get("sector")) if v) or "-"
            role = f", {ent['role']}" if ent.get("role") else ""
            lines.append(f"   {ent['name']:<36} {ent['type']:<7} {attrs:<8} "
                         f"x{len(ent['mentions'])}{role}")
    if record["times"]:
        lines.append(f"-- dates ({len(record['times'])})")
        for t in record["times"]:
            value = t["value"] or "unresolved"
            if t.get("end"):
                value += f" .. {t['end']}"
            lines.append(f"   {t['text']!r:<28} {value} ({t.get('precision') or '-'})")
    if record["places"]:
        lines.append(f"-- places ({len(record['places'])})")
        for p in record["places"]:
            coords = (f"{p['lat']:.2f},{p['lon']:.2f}" if p.get("lat") is not None else "-")
            lines.append(f"   {p['text']!r:<28} {p.get('name') or '-'} "
                         f"[{p.get('country') or '-'}] {p.get('precision')} {coords}")
    lines.append(f"-- statements ({len(record['statements'])})")
    for st in record["statements"]:
        lines.append(f"   {st['kind']:<8} {st['speaker']['text']!r} {st['cue']['text']}: "
                     f"{_clip(st['content']['text'], 60)!r}")
    lines.append(f"-- events ({len(record['events'])})")
    for ev in record["events"]:
        actor = ", ".join(a["text"] for a in ev["actor"]) or "?"
        recipient = ", ".join(a["text"] for a in ev["recipient"]) or "?"
        lines.append(f"   {ev['type']:<9} {actor} -> {recipient} "
                     f"({ev['trigger']['text']!r}, {ev['status']})")
    lines.append(f"-- figures ({len(record['figures'])})")
    for f in record["figures"]:
        source = "unattributed" if f.get("source") is None else f"source {f['source']}"
        lines.append(f"   {f['kind']:<10} {f['text']!r} = {f['value']} ({source})")
    return "\n".join(lines)
