"""Export formats: each module turns a timeline (or a subset of its events) into text.

    markdown      a readable document (eras as sections)
    json_format   the full model, stable and versioned (see docs/commands.md)
    csv_format    one row per event (columns in docs/commands.md)
    ics           iCalendar (RFC 5545), one all-day event per timeline event
    timelinejs    Knight Lab TimelineJS3 JSON
    geojson       GeoJSON (RFC 7946): the places of the events, for GIS tools and web maps

Every module has `render(timeline, events) -> str`. Formats sit below the query layer:
they import only the data layer. No Textual here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Sequence

from ..model import Event, Timeline

EXPORT_FORMATS = {
    "md": "markdown",
    "json": "json_format",
    "csv": "csv_format",
    "ics": "ics",
    "timelinejs": "timelinejs",
    "geojson": "geojson",
}
EXTENSIONS = {".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv", ".ics": "ics", ".geojson": "geojson"}

Renderer = Callable[[Timeline, Sequence[Event]], str]


def renderer(name: str) -> Renderer:
    """The `render` function of an export format by its short name (md, json, csv, ics, timelinejs, geojson)."""
    module = import_module(f"{__name__}.{EXPORT_FORMATS[name]}")
    return module.render
