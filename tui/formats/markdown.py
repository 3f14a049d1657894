"""Markdown: a readable document with the eras as sections and each event in full.

Timeline text is data, not Markdown: characters that Markdown would read as formatting
are escaped, so a title with * or [ in it prints as written. No Textual here.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..model import Era, Event, Timeline
from .common import is_web_url, joined_actors, joined_places

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_MARK = re.compile(r"^(\s*)([-+=#])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape Markdown so that the text shows literally (inline marks and line-start marks)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_MARK.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def _link(url: str, label: str | None = None) -> str:
    if is_web_url(url):
        safe = url.replace("(", "%28").replace(")", "%29")
        return f"[{md_escape(label or url)}]({safe})"
    return md_escape(url)


def _paragraphs(text: str) -> str:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "\n\n".join(md_escape(" ".join(line.strip() for line in block.splitlines())) for block in blocks)


def citation(source) -> str:
    parts = [md_escape(source.publisher)]
    if source.title:
        parts.append(f"“{md_escape(source.title)}”")
    if source.date:
        parts.append(md_escape(str(source.date)))
    if source.url:
        parts.append(_link(source.url))
    return ", ".join(parts)


def event_md(timeline: Timeline, event: Event, level: int = 3, anchors: set[str] | None = None) -> str:
    """One event in full: heading, facts, text, claims, casualties, sources, related."""
    out = [f'<a id="{event.id}"></a>', "", f"{'#' * level} {md_escape(event.when)}: {md_escape(event.title)}", ""]
    facts = []
    if event.actors:
        facts.append("**Actors:** " + md_escape(joined_actors(timeline, event)))
    if event.places:
        facts.append("**Places:** " + md_escape(joined_places(timeline, event)))
    if event.tags:
        facts.append("**Tags:** " + md_escape(", ".join(event.tags)))
    facts.append(f"**Id:** `{event.id}`")
    out.append(" · ".join(facts))
    out.append("")
    if event.summary:
        out.append(f"*{md_escape(event.summary)}*")
        out.append("")
    out.append(_paragraphs(event.text))
    out.append("")
    if event.claims:
        out.append("**Claims** (attributed to whoever made them; not asserted by this timeline):")
        out.append("")
        for claim in event.claims:
            via = f" (via {md_escape(claim.via)})" if claim.via else ""
            says = md_escape(" ".join(claim.says.split()))
            out.append(f"- **{md_escape(timeline.actor_label(claim.by))}** says: {says}{via}")
        out.append("")
    if event.casualties is not None:
        out.append(f"**Casualties:** {md_escape(str(event.casualties))}")
        out.append("")
    out.append("**Sources:**")
    out.append("")
    for number, source in enumerate(event.sources, 1):
        out.append(f"{number}. {citation(source)}")
    out.append("")
    if event.related:
        links = []
        for related_id in event.related:
            position = timeline.index_of(related_id)
            title = timeline.events[position].title if position is not None else related_id
            links.append(f"[{md_escape(title)}](#{related_id})" if anchors is None or related_id in anchors else md_escape(title))
        out.append("**Related:** " + "; ".join(links))
        out.append("")
    return "\n".join(out)


def _era_heading(era: Era | None) -> list[str]:
    if era is None:
        return ["## Outside the named periods", ""]
    span = f"{era.start} – {era.end}" if era.end else f"from {era.start}"
    lines = [f"## {md_escape(era.title)} ({md_escape(span)})", ""]
    if era.summary:
        lines += [md_escape(era.summary), ""]
    return lines


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    count = len(events)
    out = [f"# {md_escape(timeline.title or 'Timeline')}", ""]
    out.append(f"{count} event{'s' if count != 1 else ''}. Each event lists its sources; claims are attributed to whoever made them.")
    out.append("")
    anchors = {event.id for event in events}
    current: object = ...
    for event in events:
        era = timeline.era_of(event)
        if era is not current and timeline.eras:
            out.extend(_era_heading(era))
            current = era
        out.append(event_md(timeline, event, level=3, anchors=anchors))
    return "\n".join(out).rstrip("\n") + "\n"


def list_md(timeline: Timeline, events: Sequence[Event]) -> str:
    """A compact bullet list (for `list --format md`): date, title, actors, id."""
    lines = []
    for event in events:
        actors = md_escape(joined_actors(timeline, event))
        lines.append(f"- **{md_escape(event.when)}**: {md_escape(event.title)} ({actors}) `{event.id}`")
    return "\n".join(lines) + ("\n" if lines else "")
