"""Options the app and the commands share: filters, --file, --color; and the events they select.

No Textual here.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, NoReturn

from ..dates import DateError, parse_date
from ..opening import open_timeline
from ..model import Event, Timeline

if TYPE_CHECKING:
    from ..query import Filters
from .output import PROG, CommandError, Exit, timeline_path

DATE_HINT = "write dates like 2016, 2016-12 or 'Dec 2016'"


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (`syria-timeline: list: ... (see --help)`)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(PROG).strip()  # "" for the explorer's own options
        raise CommandError(f"{command + ': ' if command else ''}{message} (see `{self.prog} --help`)")


def parser(name: str, description: str, epilog: str = "") -> Parser:
    return Parser(
        prog=f"{PROG} {name}",
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:  # --help
        raise Exit(exc.code if isinstance(exc.code, int) else 0) from None


def add_filter_options(parser: argparse.ArgumentParser, title: str, search: bool = True) -> None:
    """The filter options the app and the commands share."""
    group = parser.add_argument_group(title)
    group.add_argument("--actor", action="append", default=[], metavar="ACTOR", help="actor id, name or alias (repeat, or comma-separate, for several)")
    group.add_argument("--all-actors", action="store_true", help="events must involve all given actors (default: any of them)")
    group.add_argument("--tag", action="append", default=[], help="tag (repeatable; any of them)")
    group.add_argument("--place", action="append", default=[], help="place id or name (repeatable; any of them)")
    group.add_argument("--from", dest="date_from", metavar="DATE", help="first date, e.g. 2016, 2016-07 or 'Jul 2016'")
    group.add_argument("--to", dest="date_to", metavar="DATE", help="last date (inclusive: --to 2016 includes all of 2016)")
    if search:
        group.add_argument("--search", metavar="TEXT", default="", help='search: every word, in text, titles, claims, actors, places; "a phrase", -word, pre*, actor: place: tag: year:')
    parser.set_defaults(goto=None)


def add_filters(parser: argparse.ArgumentParser, search: bool = True) -> None:
    add_filter_options(parser, "filters (as in the app; kinds combine with AND)", search)


def add_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", metavar="PATH", help="timeline file: YAML, or its JSON export (.json) (default: the built-in timeline)")


def add_color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour on a terminal (auto: only on a terminal and when NO_COLOR is unset)")


def load(args: argparse.Namespace) -> Timeline:
    return open_timeline(timeline_path(args.file))


def build_filters(timeline: Timeline, args: argparse.Namespace) -> Filters:
    """Filters from command-line options; raises ValueError with a message for the user."""
    from .. import query as q  # imported when used: the app's start does not wait for it

    actors: list[str] = []
    for text in args.actor:
        for part in filter(None, (p.strip() for p in text.split(","))):
            found = q.resolve_actor(timeline, part) or q.fuzzy_actors(timeline, part)[:1]
            if not found:
                raise ValueError(f"no actor matches {part!r}; `{PROG} actors` lists them")
            actors.extend(a for a in found if a not in actors)
    places: list[str] = []
    for text in args.place:
        match = match_places(timeline, text)
        if not match:
            raise ValueError(f"no place matches {text!r}; `{PROG} places` lists them")
        places.extend(p for p in match if p not in places)
    known_tags = {tag for event in timeline.events for tag in event.tags} if args.tag else set()
    for tag in args.tag:
        if tag not in known_tags:
            raise ValueError(f"no tag {tag!r} in this timeline; `{PROG} tags` lists them")
    try:
        lo = parse_date(args.date_from) if args.date_from else None
        hi = parse_date(args.date_to) if args.date_to else None
        if args.goto:
            parse_date(args.goto)
    except DateError as exc:
        raise ValueError(f"{exc}; {DATE_HINT}") from None
    if lo is not None and hi is not None and lo.first_day() > hi.last_day():
        raise ValueError(f"--from {args.date_from} is after --to {args.date_to}; swap them")
    return q.Filters(
        actors=tuple(actors),
        actor_mode=q.ALL if args.all_actors else q.ANY,
        tags=tuple(args.tag),
        places=tuple(places),
        date_from=lo,
        date_to=hi,
    )


def match_places(timeline: Timeline, text: str) -> list[str]:
    """Places named by an id, a name or an Arabic name (case and diacritics ignored)."""
    from ..search_fold import fold

    wanted = fold(text.strip())
    return [
        pid for pid, p in timeline.places.items()
        if wanted and wanted in (fold(pid), fold(p.name), fold(p.arabic or ""))
    ]


def select(timeline: Timeline, args: argparse.Namespace) -> tuple[list[Event], Filters]:
    """The events that pass the command-line filters, in timeline order."""
    from .. import query as q

    try:
        filters = build_filters(timeline, args)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    search = getattr(args, "search", "") or ""
    if search:
        filters = replace(filters, search=search)
    from .. import search_query as sq

    index = q.Index.build(timeline)
    try:
        shown = sq.apply(index, filters)
    except sq.QueryError as exc:
        raise CommandError(f"--search {search!r}: {exc}") from None
    return [timeline.events[i] for i in shown], filters
