"""Build ``src/wirecoder/web/world.json`` (country outlines for the UI's map).

Usage: python scripts/build_world.py PATH/TO/world-atlas/countries-110m.json

The input is the ``world-atlas`` npm package (v2, ISC licence, Mike Bostock), made from
Natural Earth's public-domain 1:110m countries: ``npm pack world-atlas@2`` and untar it.
The TopoJSON arcs are decoded here into plain rings of [lon, lat] pairs rounded to 0.01°,
one list of rings per country, so the browser needs no TopoJSON library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src/wirecoder/web/world.json"


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute [lon, lat] points of every arc (quantised, delta-encoded in the file)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [list(p) for p in points]


def main() -> None:
    topo = json.loads(Path(sys.argv[1]).read_text())
    arcs = decode_arcs(topo)
    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        countries.append({"id": geometry.get("id"),
                          "name": geometry.get("properties", {}).get("name"),
                          "rings": rings})
    OUT.write_text(json.dumps({
        "source": "world-atlas 2.0.2 countries-110m (ISC, Mike Bostock), from Natural "
                  "Earth 1:110m (public domain)",
        "countries": countries}, separators=(",", ":")))
    print(f"wrote {len(countries)} countries to {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
