"""One CSV row per event (RFC 4180: comma separated, CRLF, quoted when needed, UTF-8).

List fields are joined with "; ". The columns are documented in docs/commands.md.
A cell that would start with = + - @ (or a tab or carriage return) gets a leading
apostrophe, so that a spreadsheet shows it as text instead of running it as a formula.
No Textual here.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Sequence

from ..model import Event, Timeline
from ..event_outline import claim_items, era_of
from .common import joined_places, precision_name

SEP = "; "
COLUMNS = (
    "id", "date", "end", "precision", "approximate", "first_day", "last_day",
    "title", "summary", "text",
    "actors", "actor_names", "places", "place_names", "tags", "era",
    "claims", "casualties_low", "casualties_high", "casualties_note",
    "sources", "source_urls", "related",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def formula_safe(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading '.
    A plain decimal number (a western longitude, -3.7) stays a number."""
    if value.startswith(_FORMULA) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def table(rows, columns) -> str:
    """CSV text (RFC 4180, CRLF) of `rows` (dicts of str) with a header; every cell formula-safe."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for values in rows:
        writer.writerow({key: formula_safe(str(value)) for key, value in values.items()})
    return out.getvalue()


def row(timeline: Timeline, event: Event) -> dict[str, str]:
    era = era_of(timeline, event)
    cas = event.casualties
    claims = []
    for claim in claim_items(timeline, event):
        text = f"{claim.by}: {claim.says}"
        claims.append(f"{text} (via {claim.via})" if claim.via else text)
    values = {
        "id": event.id,
        "date": event.date.iso(),
        "end": event.end.iso() if event.end else "",
        "precision": precision_name(event.date),
        "approximate": "yes" if event.date.approx else "no",
        "first_day": event.date.first_day().isoformat(),
        "last_day": (event.end or event.date).last_day().isoformat(),
        "title": event.title,
        "summary": event.summary,
        "text": event.text,
        "actors": SEP.join(event.actors),
        "actor_names": SEP.join(timeline.actor_name_on(a, event.date) for a in event.actors),  # as named on the date
        "places": SEP.join(event.places),
        "place_names": joined_places(timeline, event, SEP),
        "tags": SEP.join(event.tags),
        "era": era.id if era else "",
        "claims": SEP.join(claims),
        "casualties_low": "" if cas is None or cas.low is None else str(cas.low),
        "casualties_high": "" if cas is None or cas.high is None else str(cas.high),
        "casualties_note": cas.note if cas is not None else "",
        "sources": SEP.join(source.citation() for source in event.sources),
        "source_urls": SEP.join(source.url for source in event.sources if source.url),
        "related": SEP.join(event.related),
    }
    return values


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    return table((row(timeline, event) for event in events), COLUMNS)
