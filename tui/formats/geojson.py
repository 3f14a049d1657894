"""GeoJSON (RFC 7946): the places of the exported events, for GIS tools and web maps.

A FeatureCollection with one Feature per place that at least one exported event names, the
busiest first. A place with coordinates is a Point at [longitude, latitude] (WGS 84, as RFC
7946 requires; no "crs" member). A place without coordinates is still a Feature, with a null
geometry (RFC 7946 section 3.2: an unlocated feature), so nothing is dropped. Each Feature's
properties name the place and list its events (id, date as written, first and last day,
title), and count them. No Textual here.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..model import Event, Timeline

FORMAT = "syria-timeline-places"
VERSION = 1


def _event(event: Event) -> dict:
    return {
        "id": event.id,
        "date": event.date.iso(),
        "first_day": event.date.first_day().isoformat(),
        "last_day": (event.end or event.date).last_day().isoformat(),
        "title": event.title,
    }


def document(timeline: Timeline, events: Sequence[Event]) -> dict:
    """The FeatureCollection as plain Python data."""
    by_place: dict[str, list[Event]] = {}
    for event in events:
        for place_id in dict.fromkeys(event.places):  # a place named twice counts once
            by_place.setdefault(place_id, []).append(event)
    features: list[dict] = []
    for place_id, its_events in sorted(by_place.items(), key=lambda kv: (-len(kv[1]), timeline.place_name(kv[0]).casefold(), kv[0])):
        place = timeline.places.get(place_id)
        geometry = None
        if place is not None and place.lat is not None and place.lon is not None:
            geometry = {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]}
        features.append({
            "type": "Feature",
            "id": place_id,
            "geometry": geometry,
            "properties": {
                "name": place.name if place else place_id,
                "arabic": place.arabic if place else "",
                "governorate": place.governorate if place else "",
                "country": place.country if place else "",
                "count": len(its_events),
                "events": [_event(e) for e in its_events],
            },
        })
    points: list[list[float]] = [f["geometry"]["coordinates"] for f in features if f["geometry"] is not None]
    collection: dict = {"type": "FeatureCollection"}
    if points:
        lons = [c[0] for c in points]
        lats = [c[1] for c in points]
        collection["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    collection["title"] = timeline.title  # foreign members (RFC 7946 section 6.1)
    collection["format"] = FORMAT
    collection["version"] = VERSION
    collection["features"] = features
    return collection


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    return json.dumps(document(timeline, events), ensure_ascii=False, indent=1) + "\n"
