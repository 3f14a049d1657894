"""Markdown: a readable document with the eras as sections and each event in full.

Timeline text is data, not Markdown: characters that Markdown would read as formatting
are escaped, so a title with * or [ in it prints as written. Each event decorates its
outline (tui/event_outline.py). No raw HTML: related events link to their headings' slugs, so
the document reads the same with raw HTML off. No Textual here.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..model import Era, Event, Timeline
from ..event_outline import CLAIMS_HEADING, CLAIMS_NOTE, RELATED_HEADING, SOURCES_HEADING, era_of, outline, paragraphs
from .common import is_web_url, joined_actors

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


def _paragraphs(text_paragraphs) -> str:
    return "\n\n".join(md_escape(paragraph) for paragraph in text_paragraphs)


def citation(source) -> str:
    parts = [md_escape(source.publisher)]
    if source.title:
        parts.append(f"“{md_escape(source.title)}”")
    if source.date:
        parts.append(md_escape(str(source.date)))
    if source.url:
        parts.append(_link(source.url))
    return ", ".join(parts)


# --------------------------------------------------------------------------- heading slugs


_NOT_SLUG = re.compile(r"[^\w\- ]")


def slug(heading: str) -> str:
    """The anchor GitHub, GitLab, VS Code and markdown-it's anchors plugin give a heading
    (lower case, punctuation dropped, each space a hyphen); links use it, so the document
    needs no raw HTML and renders the same with raw HTML off."""
    return _NOT_SLUG.sub("", heading.strip().lower().replace(" ", "-"))


class Slugs:
    """Unique slugs in document order, as the renderers number repeats (-1, -2, ...)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def add(self, heading: str) -> str:
        base = slug(heading)
        unique, n = base, 1
        while unique in self.seen:
            unique, n = f"{base}-{n}", n + 1
        self.seen.add(unique)
        return unique


def _event_heading(o) -> str:
    return f"{o.when}: {o.title}"


def _era_heading_text(era: Era | None) -> str:
    if era is None:
        return "Outside the named periods"
    span = f"{era.start} – {era.end}" if era.end else f"from {era.start}"
    return f"{era.title} ({span})"


# --------------------------------------------------------------------------- events


def event_md(timeline: Timeline, event: Event, level: int = 3, anchors: dict[str, str] | None = None, *, era_line: bool = False) -> str:
    """One event in full (its outline, decorated): heading, facts, text, claims, casualties,
    sources, related. `anchors` maps event ids in the same document to their heading slugs."""
    o = outline(timeline, event)
    anchors = anchors or {}
    out = [f"{'#' * level} {md_escape(_event_heading(o))}", ""]
    facts = []
    if era_line and o.era is not None:
        facts.append("**Era:** " + md_escape(o.era.title))
    if o.actors:
        facts.append("**Actors:** " + md_escape(o.actor_line))
    if o.places:
        facts.append("**Places:** " + md_escape(o.place_line))
    if o.tags:
        facts.append("**Tags:** " + md_escape(", ".join(o.tags)))
    facts.append(f"**Id:** `{o.id}`")
    out.append(" · ".join(facts))
    out.append("")
    if o.summary:
        out.append(f"*{md_escape(o.summary)}*")
        out.append("")
    if o.paragraphs:
        out.append(_paragraphs(o.paragraphs))
        out.append("")
    if o.claims:
        out.append(f"**{CLAIMS_HEADING}** ({CLAIMS_NOTE}):")
        out.append("")
        for claim in o.claims:
            via = f" (via {md_escape(claim.via)})" if claim.via else ""
            out.append(f"- **{md_escape(claim.by)}** says: {md_escape(claim.says)}{via}")
        out.append("")
    if o.casualties is not None:
        out.append(f"**Casualties:** {md_escape(o.casualty_line)}")
        out.append("")
    out.append(f"**{SOURCES_HEADING}:**")
    out.append("")
    for number, source in enumerate(o.sources, 1):
        out.append(f"{number}. {citation(source)}")
    out.append("")
    if o.related:
        links = []
        for item in o.related:
            target = anchors.get(item.id)
            links.append(f"[{md_escape(item.title)}](#{target})" if target else md_escape(item.title))
        out.append(f"**{RELATED_HEADING}:** " + "; ".join(links))
        out.append("")
    return "\n".join(out)


def _era_heading(era: Era | None, heading: str) -> list[str]:
    lines = [f"## {md_escape(heading)}", ""]
    if era is not None and era.summary:
        lines += [_paragraphs(paragraphs(era.summary)), ""]
    return lines


def render(timeline: Timeline, events: Sequence[Event]) -> str:
    count = len(events)
    slugs = Slugs()
    title = timeline.title or "Timeline"
    slugs.add(title)
    out = [f"# {md_escape(title)}", ""]
    description = timeline.description
    if description:
        out += [_paragraphs(paragraphs(description)), ""]
    out.append(f"{count} event{'s' if count != 1 else ''}. Each event lists its sources; claims are attributed to whoever made them.")
    out.append("")
    # the headings in document order first, so that links can point forward
    plan: list[tuple[Era | None, str | None, Event, str]] = []
    current: object = ...
    anchors: dict[str, str] = {}
    for event in events:
        era = era_of(timeline, event)
        era_slug_text = None
        if era is not current and timeline.eras:
            era_slug_text = _era_heading_text(era)
            slugs.add(era_slug_text)
            current = era
        anchors[event.id] = slugs.add(_event_heading(event))  # (its when and title, as the outline has them)
        plan.append((era, era_slug_text, event, anchors[event.id]))
    for era, heading, event, _ in plan:
        if heading is not None:
            out.extend(_era_heading(era, heading))
        out.append(event_md(timeline, event, level=3, anchors=anchors))
    return "\n".join(out).rstrip("\n") + "\n"


def list_md(timeline: Timeline, events: Sequence[Event]) -> str:
    """A compact bullet list (for `list --format md`): date, title, actors, id."""
    lines = []
    for event in events:
        actors = md_escape(joined_actors(timeline, event))
        lines.append(f"- **{md_escape(event.when)}**: {md_escape(event.title)} ({actors}) `{event.id}`")
    return "\n".join(lines) + ("\n" if lines else "")
