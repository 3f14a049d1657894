"""iCalendar (RFC 5545), written by hand: one all-day VEVENT per timeline event.

Partial dates are handled honestly: a day-precision event covers that day, a month-precision
one the whole month and a year-precision one the whole year, and the DESCRIPTION says so
(DTEND is exclusive, as the RFC says). UIDs are `<event-id>@syria-timeline`, stable across
exports. DTSTAMP is the newest day the timeline mentions, not the clock, so the same
timeline always gives the same file. TEXT values are escaped (backslash, semicolon, comma,
newline) and content lines are folded at 75 octets without splitting a UTF-8 sequence.
No Textual here.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Sequence

from ..dates import DAY, MONTH, PartialDate
from ..model import Event, Timeline
from ..event_outline import SOURCES_HEADING, one_line, outline
from .common import is_web_url, joined_places, newest_day

PRODID = "-//syria-timeline//syria-timeline timeline export//EN"
UID_DOMAIN = "syria-timeline"
CRLF = "\r\n"
LIMIT = 75  # octets per line, CRLF excluded
_TOKENS = re.compile(r"\\.|.", re.DOTALL)  # an escape pair, or one character


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets (section 3.1).

    Never splits a UTF-8 sequence, nor an escape such as `\\n` (allowed, but some readers trip).
    """
    if len(line.encode("utf-8")) <= LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = LIMIT
    for token in _TOKENS.findall(line):
        width = len(token.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = LIMIT - 1  # continuation lines start with one space
        current.append(token)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _day(day: _dt.date) -> str:
    """YYYYMMDD with a four-digit year (strftime writes year 5 as "5" on some systems)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _day_after(day: _dt.date) -> _dt.date:
    """The exclusive end; the last day Python knows (31 Dec 9999) has none, so it ends there."""
    return day if day == _dt.date.max else day + _dt.timedelta(days=1)


def describe_date(date: PartialDate) -> str:
    """How honest the dates are, in words, for the DESCRIPTION."""
    approx = "approximate " if date.approx else ""
    if date.precision == DAY:
        return f"Date: {date} ({approx}day)." if date.approx else f"Date: {date}."
    if date.precision == MONTH:
        return f"Date: {date} ({approx}month precision: the day is not known, so the entry spans the whole month)."
    return f"Date: {date} ({approx}year precision: the month and day are not known, so the entry spans the whole year)."


def description(timeline: Timeline, event: Event) -> str:
    """The event's outline as plain text (paragraphs kept, one labelling rule)."""
    o = outline(timeline, event)
    lines = [describe_date(event.date)]
    if event.end is not None and event.end != event.date:
        lines.append(f"Until: {event.end}" + (" (approximate)" if event.end.approx else "") + ".")
    if o.actors:
        lines.append("Actors: " + o.actor_line)
    if o.era is not None:
        lines.append(f"Era: {o.era.title}")
    if o.summary:
        lines += ["", o.summary]
    for paragraph in o.paragraphs:
        lines += ["", paragraph]
    if o.claims:
        lines.append("")
        lines.append(f"{o.claims_heading}:")
        lines.extend(f"- {claim.line}" for claim in o.claims)
    if o.casualties is not None:
        lines.append("")
        lines.append(f"Casualties: {o.casualty_line}")
    lines.append("")
    lines.append(f"{SOURCES_HEADING}:")
    lines.extend(f"- {cite}" for cite in o.citations())
    return "\n".join(lines)


def _unescaped(text: str) -> str:
    """A value for the calendar's X-WR-CALNAME and X-WR-CALDESC, which calendar programs and
    parsers (icalendar, ics.py, ical.js, ics-query) show without unescaping: one line, nothing
    escaped (a comma or semicolon is harmless there). RFC 7986's NAME is left out: parsers show
    its escapes ("Syria\\, 2011")."""
    return " ".join(text.split())


def vevent(timeline: Timeline, event: Event, stamp: str) -> list[str]:
    start = event.date.first_day()
    end = _day_after((event.end or event.date).last_day())  # exclusive
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape(event.id)}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(end)}",
        f"SUMMARY:{escape(('~' if event.date.approx else '') + event.title)}",
        f"DESCRIPTION:{escape(description(timeline, event))}",
    ]
    if event.places:
        lines.append("LOCATION:" + escape(joined_places(timeline, event)))
        first = timeline.places.get(event.places[0])
        if first is not None and first.lat is not None and first.lon is not None:
            lines.append(f"GEO:{first.lat:.6f};{first.lon:.6f}")
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in event.tags))
    url = next((s.url for s in event.sources if s.url and is_web_url(s.url)), "")
    if url:
        lines.append(f"URL:{url}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    newest = newest_day(timeline) or _dt.date(1970, 1, 1)
    stamp = f"{_day(newest)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if timeline.title:
        lines.append(f"X-WR-CALNAME:{_unescaped(timeline.title)}")
    about = one_line(timeline.description)
    if about:
        lines.append(f"X-WR-CALDESC:{_unescaped(about)}")
    for event in events:
        lines.extend(vevent(timeline, event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
