"""`export --format geojson`: the places of the exported events, read back with the independent
`geojson` package and checked against RFC 7946's structure."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geojson

from tui.formats import EXPORT_FORMATS, EXTENSIONS, renderer
from tui.timeline_file import load

MAP_YAML = Path(__file__).parent / "data" / "map.yaml"


def check_rfc7946(data: dict) -> None:
    """The parts of RFC 7946 a FeatureCollection of points must meet, checked by hand."""
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], (str, int))
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] == "Point"
            lon, lat = geometry["coordinates"]  # longitude first, exactly two positions
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lon, lat))
    if "bbox" in data:
        west, south, east, north = data["bbox"]
        points = [f["geometry"]["coordinates"] for f in data["features"] if f["geometry"]]
        assert west == min(p[0] for p in points) and east == max(p[0] for p in points)
        assert south == min(p[1] for p in points) and north == max(p[1] for p in points)


def test_geojson_is_registered_with_its_extension():
    assert "geojson" in EXPORT_FORMATS and EXTENSIONS[".geojson"] == "geojson"


def test_every_place_of_the_events_is_a_feature_read_back_by_geojson():
    timeline = load(MAP_YAML)
    text = renderer("geojson")(timeline, timeline.events)
    parsed = geojson.loads(text)
    assert parsed.is_valid, parsed.errors()
    assert isinstance(parsed, geojson.FeatureCollection)
    data = json.loads(text)
    check_rfc7946(data)
    by_id = {f["id"]: f for f in data["features"]}
    assert set(by_id) == {"aleppo", "east-aleppo", "aleppo-citadel", "idlib", "saraqib", "damascus", "homs", "raqqa", "geneva", "old-camp"}
    aleppo = by_id["aleppo"]
    assert aleppo["geometry"]["coordinates"] == [37.1343, 36.2021]  # [lon, lat]
    assert aleppo["properties"]["name"] == "Aleppo" and aleppo["properties"]["governorate"] == "Aleppo"
    assert aleppo["properties"]["count"] == 2
    assert [e["id"] for e in aleppo["properties"]["events"]] == ["e3", "e10"]
    assert aleppo["properties"]["events"][0] == {"id": "e3", "date": "2012-07-20", "first_day": "2012-07-20", "last_day": "2012-07-20", "title": "Rebels enter Aleppo"}
    # a place without coordinates is kept, unlocated (null geometry), not dropped
    assert by_id["old-camp"]["geometry"] is None and by_id["old-camp"]["properties"]["count"] == 1
    # busiest first
    counts = [f["properties"]["count"] for f in data["features"]]
    assert counts == sorted(counts, reverse=True)


def test_only_the_exported_events_places():
    timeline = load(MAP_YAML)
    chosen = [e for e in timeline.events if e.id in {"e3", "e6"}]
    data = json.loads(renderer("geojson")(timeline, chosen))
    check_rfc7946(data)
    assert {f["id"]: f["properties"]["count"] for f in data["features"]} == {"east-aleppo": 2, "aleppo": 1, "aleppo-citadel": 1}
    assert geojson.loads(json.dumps(data)).is_valid
    empty = json.loads(renderer("geojson")(timeline, []))
    assert empty["features"] == [] and "bbox" not in empty
    assert geojson.loads(json.dumps(empty)).is_valid


def test_the_builtin_timeline_exports_valid_geojson(tmp_path):
    from tui.timeline_file import builtin_path

    timeline = load(builtin_path())
    text = renderer("geojson")(timeline, timeline.events)
    parsed = geojson.loads(text)
    assert parsed.is_valid, parsed.errors()
    data = json.loads(text)
    check_rfc7946(data)
    named = {p for e in timeline.events for p in e.places}
    assert {f["id"] for f in data["features"]} == named
    assert sum(f["properties"]["count"] for f in data["features"]) == sum(len(set(e.places)) for e in timeline.events)


def test_the_export_command_writes_geojson(tmp_path, capsys):
    from tui.cli import main

    out = tmp_path / "aleppo.geojson"
    assert main(["export", "--file", str(MAP_YAML), "--place", "aleppo", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    check_rfc7946(data)
    assert geojson.loads(out.read_text(encoding="utf-8")).is_valid
    # the events that name Aleppo, and every place they name
    assert {f["id"] for f in data["features"]} == {"aleppo", "east-aleppo"}
    capsys.readouterr()
    assert main(["export", "--format", "geojson", "--file", str(MAP_YAML), "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"
    # the spelling: the format first
    assert main(["export", "geojson", "--file", str(MAP_YAML), "--actor", "hts"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {f["id"] for f in data["features"]} == {"aleppo", "east-aleppo", "idlib", "damascus"}
    assert geojson.loads(json.dumps(data)).is_valid
    # two different formats is a one-line error, not a guess
    assert main(["export", "geojson", "--format", "csv", "--file", str(MAP_YAML)]) == 2
    err = capsys.readouterr().err
    assert "two formats given" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
