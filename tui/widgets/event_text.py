"""An event as Rich Text, for the detail pane and the event screen: the outline (tui/event_outline.py), decorated.

Everything from the file is appended as plain text (never parsed as markup), and
long lists are bounded so a hostile file cannot make one event unreadable.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from .. import symbols
from ..model import Event, Timeline
from ..event_outline import RELATED_HEADING, SOURCES_HEADING, outline
from ..search_why import Marks, spans

MAX_NAMES = 40
MAX_ITEMS = 200  # claims and sources shown in full; the rest are counted


def _more(out: Text, count: int, what: str) -> None:
    if count > MAX_ITEMS:
        out.append(f"  … and {count - MAX_ITEMS} more {what} (syria-timeline show ID lists them all)\n", style="dim")


def _names(labels: list[str]) -> str:
    shown = labels[:MAX_NAMES]
    more = len(labels) - len(shown)
    return ", ".join(shown) + (f" … and {more} more" if more > 0 else "")


MATCH_STYLE = "bold underline"  # a searched word: shown by underline, not by colour alone


def event_text(timeline: Timeline, event: Event, *, full: bool = False, marks: Marks | None = None,
               via: list[str] | tuple[str, ...] = ()) -> Text:
    """The event's outline as Text: title, date, era, actors, places, text, claims, casualties,
    sources, and (in the detail pane, where the related events have no list of their own) related.
    With a search's `marks`, its words are underlined wherever they occur; `via` lines (search_why)
    say which names brought the event in."""
    out = _event_text(timeline, event, full=full, via=via)
    if marks:
        for lo, hi in spans(out.plain, marks):
            out.stylize(MATCH_STYLE, lo, hi)
    return out


def _event_text(timeline: Timeline, event: Event, *, full: bool, via) -> Text:
    o = outline(timeline, event)
    out = Text()
    out.append(o.title, style="bold")
    out.append("\n")
    out.append(symbols.chrome(o.when), style="bold")
    if o.era is not None:
        out.append(f"  {symbols.S.dot}  " + o.era.title, style="dim")
        if o.other_eras:
            out.append(" (also: " + ", ".join(era.title for era in o.other_eras) + ")", style="dim")
    out.append("\n")
    for line in via:
        out.append(f"Search matched {line}\n", style="italic")
    if full:  # what `syria-timeline show ID` needs
        _field(out, "Id", o.id)
    _field(out, "Actors", _names([item.label for item in o.actors]))
    if o.places:
        _field(out, "Places", _names(list(o.places)))
    if o.tags:
        _field(out, "Tags", _names(list(o.tags)))
    if o.summary:
        out.append("\n")
        out.append(o.summary, style="italic")
        out.append("\n")
    for paragraph in o.paragraphs:
        out.append("\n")
        out.append(paragraph)
        out.append("\n")
    if o.claims:
        out.append(f"\n{o.claims_heading}\n", style="bold underline")
        for claim in o.claims[:MAX_ITEMS]:
            out.append(f"  {symbols.S.bullet} ")
            out.append(claim.by, style="bold")
            out.append(" says: ")
            out.append(claim.says)
            if claim.via:
                out.append(f" (via {claim.via})", style="dim")
            out.append("\n")
        _more(out, len(o.claims), "claims")
    if o.casualties is not None:
        _field(out, "Casualties", o.casualty_line, newline_before=True)
    out.append(f"\n{SOURCES_HEADING}\n", style="bold underline")
    for n, source in enumerate(o.sources[:MAX_ITEMS], 1):
        out.append(f"  {n}. ")
        cite, url = source.citation(), source.url
        if url and cite.endswith(url) and _linkable(url):
            out.append(cite[: len(cite) - len(url)])
            out.append(url, style=Style(link=url))  # an OSC 8 hyperlink: terminals open the whole URL
        else:
            out.append(cite)
        out.append("\n")
    _more(out, len(o.sources), "sources")
    if o.related and not full:
        out.append(f"\n{RELATED_HEADING}\n", style="bold underline")
        for item in o.related[:MAX_NAMES]:
            if item.when:
                out.append(f"  {symbols.S.arrow} {symbols.chrome(item.when)}  ")
                out.append(item.title)
                out.append("\n")
    return out


def _linkable(url: str) -> bool:
    """A web address that may go into an OSC 8 hyperlink: http(s), printable ASCII, no spaces."""
    return url.startswith(("http://", "https://")) and url.isascii() and url.isprintable() and " " not in url


def _field(out: Text, name: str, value: str, newline_before: bool = False) -> None:
    if newline_before:
        out.append("\n")
    out.append(f"{name}: ", style="bold")
    out.append(value)
    out.append("\n")


def citation(timeline: Timeline, event: Event) -> str:
    """A plain-text citation of the event for the clipboard."""
    lines = [f"{event.title} ({event.when})"]
    if timeline.title:
        lines[0] += f" — {timeline.title}"
    for source in event.sources:
        lines.append(f"Source: {source.citation()}")
    return "\n".join(lines)
