"""`syria-timeline show ID`: one event in full. No Textual here."""

from __future__ import annotations

import textwrap

from ..model import Event, Timeline
from ..event_outline import CLAIMS_HEADING, CLAIMS_NOTE, RELATED_HEADING, SOURCES_HEADING, outline
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
        close = suggest_ids(timeline, args.id)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; `{PROG} list` shows ids in its last column"
        raise CommandError(f"no event with id {args.id!r}{hint}")
    event = timeline.events[position]
    if args.format == "md":
        from ..formats.markdown import event_md

        emit(event_md(timeline, event, level=1, era_line=True).rstrip("\n") + "\n")
    elif args.format == "json":
        from ..formats import json_format as jf

        emit(jf.dumps({"format": jf.FORMAT, "version": jf.VERSION, "event": jf.event_dict(timeline, event)}))
    else:
        _show_text(timeline, event, style_for(args.color))
    return 0


def suggest_ids(timeline: Timeline, wanted: str, n: int = 3) -> list[str]:
    """The nearest event ids: those containing every word of `wanted` (`saydnaya` finds
    saydnaya-prison-opened-2024), else the closest spellings."""
    import difflib

    ids = [e.id for e in timeline.events]
    words = [w for w in wanted.casefold().replace("_", "-").replace(" ", "-").split("-") if w]
    containing = [i for i in ids if words and all(w in i for w in words)]
    if containing:
        return containing[:n]
    return difflib.get_close_matches(wanted.casefold(), ids, n=n, cutoff=0.6)


def _show_text(timeline: Timeline, event: Event, style: Style) -> None:
    """The outline (tui/event_outline.py) as plain text, wrapped on a terminal."""
    wrap_at = min(columns(), 100) if is_tty() else 0  # the terminal's width, at most 100 for reading

    def lines(text: str, indent: str = "", hang: str = "") -> list[str]:
        if not wrap_at:
            return [indent + text]
        return textwrap.wrap(
            text, wrap_at, initial_indent=indent, subsequent_indent=indent + hang,
            break_long_words=False, break_on_hyphens=False,
        ) or [indent]

    def para(text: str, indent: str = "") -> None:
        for line in lines(text, indent, "  " if indent else ""):
            out(line)

    def field(label: str, text: str, styled=style.label) -> None:
        """`label text`, wrapped with a hanging indent; the label keeps its style."""
        wrapped = lines(f"{label} {text}", hang="  ")
        first = wrapped[0]
        out(styled(label), first[len(label):]) if first.startswith(label) else out(first)
        for line in wrapped[1:]:
            out(line)

    o = outline(timeline, event)
    for line in lines(o.title):
        out(style.label(line))
    field(o.when, f"({o.precision}) · id {o.id}", style.date)
    if o.era is not None:
        also = f" (also: {', '.join(era.title for era in o.other_eras)})" if o.other_eras else ""
        field("Era:", f"{o.era.title}{also}")
    field("Actors:", o.actor_line)
    if o.places:
        field("Places:", o.place_line)
    if o.tags:
        field("Tags:", ", ".join(o.tags))
    if o.summary:
        out()
        para(o.summary)
    for paragraph in o.paragraphs:
        out()
        para(paragraph)
    if o.claims:
        out()
        field(CLAIMS_HEADING, f"({CLAIMS_NOTE}):")
        for claim in o.claims:
            para(f"- {claim.line}", "  ")
    if o.casualties is not None:
        out()
        out(style.label("Casualties:"), f" {o.casualty_line}")
    out()
    out(style.label(f"{SOURCES_HEADING}:"))
    for number, cite in enumerate(o.citations(), 1):
        para(f"{number}. {cite}", "  ")
    if o.related:
        out()
        out(style.label(f"{RELATED_HEADING}:"))
        for item in o.related:
            if item.when:
                wrapped = lines(f"{item.when}  {item.title}  [{item.id}]", "  ", "  ")
                out("  ", style.date(item.when), wrapped[0][2 + len(item.when):])
                for line in wrapped[1:]:
                    out(line)
            else:
                out(f"  {item.id}")
