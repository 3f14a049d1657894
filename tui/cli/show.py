"""`syria-timeline show ID`: one event in full. No Textual here."""

from __future__ import annotations

import textwrap

from ..model import Event, Timeline
from .options import add_color, add_file, load, parse, parser
from .output import (
    PROG,
    CommandError,
    Style,
    columns,
    emit,
    is_tty,
    out,
    style_for,
)


def run(argv: list[str]) -> int:
    command = parser(
        "show",
        "Show one event in full: text, claims with their attribution, sources, related events.",
        "examples:\n  syria-timeline show east-aleppo-falls-2016\n  syria-timeline show east-aleppo-falls-2016 --format md > event.md\n",
    )
    command.add_argument("id", help="event id (the last column of `syria-timeline list`)")
    command.add_argument("--format", choices=("text", "md", "json"), default="text")
    add_color(command)
    add_file(command)
    args = parse(command, argv)
    timeline = load(args)
    position = timeline.index_of(args.id)
    if position is None:
        import difflib

        close = difflib.get_close_matches(args.id, [e.id for e in timeline.events], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; `{PROG} list` shows ids in its last column"
        raise CommandError(f"no event with id {args.id!r}{hint}")
    event = timeline.events[position]
    if args.format == "md":
        from ..formats.markdown import event_md

        emit(event_md(timeline, event, level=1, anchors=set()).rstrip("\n") + "\n")
    elif args.format == "json":
        from ..formats import json_format as jf

        emit(jf.dumps({"format": jf.FORMAT, "version": jf.VERSION, "event": jf.event_dict(timeline, event)}))
    else:
        _show_text(timeline, event, style_for(args.color))
    return 0


def _show_text(timeline: Timeline, event: Event, style: Style) -> None:
    tty = is_tty()
    wrap_at = min(columns(), 100) if tty else 0

    def para(text: str, indent: str = "") -> None:
        for block in text.strip().split("\n\n"):
            joined = " ".join(line.strip() for line in block.splitlines())
            if wrap_at:
                out(textwrap.fill(
                    joined, wrap_at, initial_indent=indent, subsequent_indent=indent + ("  " if indent else ""),
                    break_long_words=False, break_on_hyphens=False,
                ))
            else:
                out(indent + joined)

    from ..formats.common import era_of, joined_places, precision_name

    out(style.label(event.title))
    precision = precision_name(event.date) + (" precision, approximate" if event.date.approx else " precision")
    out(style.date(event.when), f" ({precision}) · id {event.id}")
    era = era_of(timeline, event)
    if era is not None:
        out(style.label("Era:"), f" {era.title}")
    names = []
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        names.append(actor_id if actor is None else actor.name if not actor.short or actor.short == actor.name else f"{actor.short} ({actor.name})")
    out(style.label("Actors:"), " " + ", ".join(names))
    if event.places:
        out(style.label("Places:"), " " + joined_places(timeline, event))
    if event.tags:
        out(style.label("Tags:"), " " + ", ".join(event.tags))
    if event.summary:
        out()
        para(event.summary)
    out()
    para(event.text)
    if event.claims:
        out()
        out(style.label("Claims"), " (attributed to whoever made them; not asserted by this timeline):")
        for claim in event.claims:
            via = f" (via {claim.via})" if claim.via else ""
            para(f"- {timeline.actor_label(claim.by)} says: {claim.says}{via}", "  ")
    if event.casualties is not None:
        out()
        out(style.label("Casualties:"), f" {event.casualties}")
    out()
    out(style.label("Sources:"))
    for number, source in enumerate(event.sources, 1):
        para(f"{number}. {source.citation()}", "  ")
    if event.related:
        out()
        out(style.label("Related:"))
        for related_id in event.related:
            position = timeline.index_of(related_id)
            if position is None:
                out(f"  {related_id}")
            else:
                other = timeline.events[position]
                out("  ", style.date(other.when), f"  {other.title}  [{other.id}]")


