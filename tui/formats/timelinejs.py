"""Knight Lab TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

The document is one object with `title` (a slide), `events` (slides) and `eras`. Each slide
has `start_date` (and `end_date` for spans) as date objects holding only the parts we know,
as strings: {"year": "2016", "month": "12", "day": "22"}; `text` with `headline` and `text`
(HTML: the event's outline, paragraphs as <p>, every piece of timeline text escaped once);
`group` (the era's title) and `unique_id` (the event id). An approximate date also gets a
`display_date` such as "~Aug 2013". Eras carry `start_date`, `end_date` and `text.headline`.

TimelineJS sanitises `headline` and `text` (DOMPurify) and inserts them as HTML, so they are
escaped once. It reads `group` and `display_date` as HTML, keeps their text (one level of
entities decoded) and inserts that as HTML, so they are escaped twice (`markup_field`).
tests/test_timelinejs_browser.py checks this against TimelineJS itself. No Textual here.
"""

from __future__ import annotations

import json
from html import escape
from typing import Sequence

from ..dates import PartialDate
from ..model import Event, Timeline
from ..event_outline import SOURCES_HEADING, era_of, outline, paragraphs
from .common import eras_overlapping, is_web_url, last_day_of


def date_object(date: PartialDate) -> dict[str, str]:
    """Only the parts we know: a month-precision date has no day."""
    out = {"year": str(date.year)}
    if date.month is not None:
        out["month"] = str(date.month)
    if date.day is not None:
        out["day"] = str(date.day)
    return out


def _paras(text_paragraphs) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in text_paragraphs)


def markup_field(text: str) -> str:
    """A value for `group` and `display_date`: TimelineJS reads these as HTML and keeps their
    text (its stripMarkup decodes one level of entities), then inserts that text as HTML. So
    they are escaped twice here, to arrive escaped once: shown literally, never run."""
    return escape(escape(text))


def slide_html(timeline: Timeline, event: Event) -> str:
    """The slide's text: the event's outline, each piece of timeline text escaped once."""
    o = outline(timeline, event)
    parts = []
    if o.summary:
        parts.append(f"<p><em>{escape(o.summary)}</em></p>")
    parts.append(_paras(o.paragraphs))
    facts = []
    if o.actors:
        facts.append("<strong>Actors:</strong> " + escape(o.actor_line))
    if o.places:
        facts.append("<strong>Places:</strong> " + escape(o.place_line))
    if facts:
        parts.append("<p>" + "<br>".join(facts) + "</p>")
    if o.claims:
        items = []
        for claim in o.claims:
            via = f" (via {escape(claim.via)})" if claim.via else ""
            items.append(f"<li><strong>{escape(claim.by)}</strong> says: {escape(claim.says)}{via}</li>")
        parts.append(f"<p><em>{escape(o.claims_heading)}:</em></p><ul>" + "".join(items) + "</ul>")
    if o.casualties is not None:
        parts.append(f"<p><strong>Casualties:</strong> {escape(o.casualty_line)}</p>")
    sources = []
    for source in o.sources:
        cite = escape(", ".join(p for p in (source.publisher, source.title and f"“{source.title}”", source.date and str(source.date)) if p))
        if source.url and is_web_url(source.url):
            cite += f', <a href="{escape(source.url, quote=True)}">{escape(source.url)}</a>'
        elif source.url:
            cite += ", " + escape(source.url)
        sources.append(f"<li>{cite}</li>")
    parts.append(f"<p><em>{SOURCES_HEADING}:</em></p><ul>" + "".join(sources) + "</ul>")
    return "".join(parts)


def slide(timeline: Timeline, event: Event) -> dict:
    out: dict = {"start_date": date_object(event.date)}
    if event.end is not None and event.end != event.date:
        out["end_date"] = date_object(event.end)
    if event.date.approx or (event.end is not None and event.end.approx):
        out["display_date"] = markup_field(event.when)
    out["text"] = {"headline": escape(event.title), "text": slide_html(timeline, event)}
    era = era_of(timeline, event)
    if era is not None:
        out["group"] = markup_field(era.title)
    out["unique_id"] = event.id
    return out


def document(timeline: Timeline, events: Sequence[Event]) -> dict:
    count = len(events)
    about = _paras(paragraphs(timeline.description))
    intro = f"{count} event{'s' if count != 1 else ''}, each with its sources. Claims are attributed to whoever made them."
    doc: dict = {
        "title": {"text": {"headline": escape(timeline.title or "Timeline"), "text": about + f"<p>{escape(intro)}</p>"}},
        "events": [slide(timeline, event) for event in events],
    }
    eras = []
    newest = max((last_day_of(event) for event in events), default=None)
    for era in eras_overlapping(timeline, events):
        end = era.end
        if end is None:  # TimelineJS needs an end: the last event shown, or the start itself
            end = PartialDate(newest.year, newest.month, newest.day) if newest and newest >= era.start.first_day() else era.start
        eras.append({
            "start_date": date_object(era.start),
            "end_date": date_object(end),
            "text": {"headline": escape(era.title)},
        })
    doc["eras"] = eras
    return doc


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    return json.dumps(document(timeline, events), ensure_ascii=False, indent=2) + "\n"
