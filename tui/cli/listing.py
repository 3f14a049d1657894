"""`syria-timeline list`: events, one per line, with the same filters as the app. No Textual here."""

from __future__ import annotations

from .. import query as q
from ..formats.common import joined_actors
from ..model import Event, Timeline
from .options import add_color, add_file, add_filters, load, parse, parser, select
from .output import (
    Style,
    cell_width,
    columns,
    emit,
    fit,
    is_tty,
    out,
    out_fields,
    style_for,
)


def _iso_when(event: Event) -> str:
    if event.end is not None and event.end != event.date:
        return f"{event.date.iso()}..{event.end.iso()}"
    return event.date.iso()


LIST_EPILOG = """\
output:
  piped (or redirected): one event per line, tab-separated:  DATE  TITLE  ACTORS  ID
    dates as in the file (2016-12-22, 2016-12, ~2013-08; spans as 2016-07..2016-12), so
    `grep`, `cut -f2`, `sort` and `wc -l` work; nothing else is printed.
  on a terminal: aligned columns, a count at the end; colour unless NO_COLOR is set.

examples:
  syria-timeline list --actor hts --from 2024
  syria-timeline list --tag aleppo | grep -c 2016
  syria-timeline list --search "chemical" --format md
"""


def run(argv: list[str]) -> int:
    command = parser("list", "List events, one per line, with the same filters as the app.", LIST_EPILOG)
    add_filters(command)
    command.add_argument("--format", choices=("text", "md", "json", "csv"), default="text", help="text (default), md (a bullet list), json or csv (as `export`)")
    add_color(command)
    add_file(command)
    args = parse(command, argv)
    timeline = load(args)
    events, filters = select(timeline, args)
    if args.format == "md":
        from ..formats.markdown import list_md

        emit(list_md(timeline, events))
        return 0
    if args.format in ("json", "csv"):
        from ..formats import renderer

        emit(renderer(args.format)(timeline, events))
        return 0
    if not is_tty():
        for event in events:
            out_fields((_iso_when(event), event.title, joined_actors(timeline, event), event.id))
        return 0
    _list_terminal(timeline, events, filters, style_for(args.color))
    return 0


def _list_terminal(timeline: Timeline, events: list[Event], filters: q.Filters, style: Style) -> None:
    width = columns()
    dates = [str(event.date) for event in events]
    date_w = max((cell_width(d) for d in dates), default=4)
    actors = [joined_actors(timeline, event) for event in events]
    show_ids = width >= 110
    id_w = min(max((len(e.id) for e in events), default=0), 36) if show_ids else 0
    rest = width - date_w - 2 - (id_w + 2 if show_ids else 0)
    actor_w = min(max((cell_width(a) for a in actors), default=0), max(10, rest // 3))
    title_w = max(10, rest - actor_w - 2)
    for event, when, who in zip(events, dates, actors):
        title = event.title
        if event.end is not None and event.end != event.date:
            title += f" (until {event.end})"
        rest_of_line = "  " + fit(title, title_w) + "  " + fit(who, actor_w)
        if show_ids:
            rest_of_line += "  " + fit(event.id, id_w)
        out(style.date(when.rjust(date_w)), rest_of_line.rstrip())
    count = f"{len(events)} of {len(timeline.events)} events"
    described = filters.describe(timeline)
    out(style.dim(count + (" · " + " · ".join(described) if described else "")))


