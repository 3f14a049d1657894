#!/usr/bin/env python3
"""Make tui/data/syria_outline.json: Syria and its neighbours' borders for the map pane.

Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as
shipped inside the geopandas 0.12.2 wheel (geopandas/datasets/naturalearth_lowres). Not run
at install or at run time; run it by hand when the outline should change:

    pip download --no-deps geopandas==0.12.2 -d /tmp/gp
    pip install pyshp                      # for this script only, not a dependency of the app
    python tools/make_outline.py /tmp/gp/geopandas-0.12.2-py3-none-any.whl

What it does: keeps the countries whose outline comes near Syria, clips each ring to a box a
little wider than any view the map shows (so the cut edges are never drawn), rounds
coordinates to 0.01° (about 1 km, finer than a terminal cell), drops repeated points, and
writes compact JSON with the attribution. The main cities to label are listed below with
their coordinates (rounded to 0.01°) and a rank: 1 labels first.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

CLIP = (31.0, 28.5, 46.0, 40.0)  # west, south, east, north: wider than the map's widest view
SHAPE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "tui" / "data" / "syria_outline.json"

# name, lat, lon, rank (1: capital and the largest cities; 2: governorate seats; 3: neighbours' capitals)
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


def main(argv: list[str]) -> int:
    import shapefile  # pyshp

    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with zipfile.ZipFile(argv[0]) as wheel:
        parts = {ext: io.BytesIO(wheel.read(f"{SHAPE}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(**parts, encoding="latin-1")  # the .cpg says ISO-8859-1
    countries = []
    for item in reader.iterShapeRecords():
        record = item.record.as_dict()
        shape = item.shape
        bounds = shape.bbox
        if bounds[0] > CLIP[2] or bounds[2] < CLIP[0] or bounds[1] > CLIP[3] or bounds[3] < CLIP[1]:
            continue
        starts = list(shape.parts) + [len(shape.points)]
        rings = []
        for a, b in zip(starts, starts[1:]):
            ring = clip_ring([tuple(p) for p in shape.points[a:b]], CLIP)
            rounded: list[list[float]] = []
            for lon, lat in ring:
                point = [round(lon, 2), round(lat, 2)]
                if not rounded or rounded[-1] != point:
                    rounded.append(point)
            if len(rounded) >= 3:
                if rounded[0] != rounded[-1]:
                    rounded.append(rounded[0])
                rings.append(rounded)
        if rings:
            countries.append({"name": record["name"], "iso": record["iso_a3"], "rings": rings})
    countries.sort(key=lambda c: (c["iso"] != "SYR", c["name"]))
    data = {
        "attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com (public domain).",
        "source": "Natural Earth 1:110m Admin 0 - Countries (as shipped in geopandas 0.12.2, naturalearth_lowres), "
                  "clipped to the box below and rounded to 0.01 degrees by tools/make_outline.py",
        "clip": list(CLIP),
        "countries": countries,
        "cities": [{"name": n, "lat": lat, "lon": lon, "rank": r} for n, lat, lon, r in MAIN_CITIES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {len(countries)} countries, {points} points")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
