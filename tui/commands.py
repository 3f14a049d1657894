"""The non-interactive commands: list, show, actors, places, tags, export, import.

    syria-timeline list   [FILTERS] [--search TEXT] [--format text|md|json|csv] [--file PATH]
    syria-timeline show   ID [--format text|md|json] [--file PATH]
    syria-timeline actors [FILTERS] [--format text|json|csv] [--sort count|name] [--file PATH]
    syria-timeline places / tags  (as actors)
    syria-timeline export --format md|json|csv|ics|timelinejs -o FILE [FILTERS] [--file PATH]
    syria-timeline import acled FILE.csv -o timeline.yaml [--title TEXT] [--force]

They share the query layer with the app and never import Textual. Output is plain text when
piped (one record per line, tab-separated, nothing else on stdout) and aligned, with colour
on our own labels only, on a terminal (never when NO_COLOR is set). Timeline text is data:
it is printed as it is (already neutralised by the loader), never read as markup.
Every error is one line `syria-timeline: ...` on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
import unicodedata
from collections import Counter
from dataclasses import replace
from typing import Callable, Sequence

from . import query as q
from .loader import TimelineError, builtin_path
from .loading import open_timeline
from .formats.common import joined_actors
from .model import Event, Timeline
from .safetext import clean

PROG = "syria-timeline"
MAX_INPUT_BYTES = 512 * 1024 * 1024


class CommandError(Exception):
    """A problem the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage + error
        raise CommandError(f"{self.prog.removeprefix(PROG + ' ')}: {message} (see `{self.prog} --help`)")


# --------------------------------------------------------------------------- terminal output


class Styled(str):
    """A piece of output that already carries our own ANSI codes (its text was cleaned)."""


class Style:
    """ANSI codes for our own labels and dates, or nothing at all."""

    def __init__(self, color: bool):
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        text = clean(text)
        return Styled(f"\x1b[{code}m{text}\x1b[0m") if self.color else text

    def date(self, text: str) -> str:
        return self._wrap("36", text)

    def label(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)


def _is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _style(args: argparse.Namespace) -> Style:
    mode = getattr(args, "color", "auto")
    if mode == "always":
        return Style(True)
    if mode == "never":
        return Style(False)
    return Style(_is_tty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb")


def _columns() -> int:
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def cell_width(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two, marks none)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, then padded to exactly `width`."""
    if width <= 0:
        return ""
    if cell_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = 0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - cell_width(text))


def _out_fields(fields: Sequence[str]) -> None:
    """One tab-separated record; each field on one line with no tabs of its own (so `cut -f` works)."""
    sys.stdout.write("\t".join(clean(field) for field in fields) + "\n")


def _out(*parts: str) -> None:
    """Write one line: data is neutralised again here (defence in depth); only our Styled codes pass."""
    sys.stdout.write("".join(p if isinstance(p, Styled) else clean(p, multiline=True) for p in parts) + "\n")


# --------------------------------------------------------------------------- shared options


def _parser(name: str, description: str, epilog: str = "") -> _Parser:
    return _Parser(
        prog=f"{PROG} {name}",
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _add_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", metavar="PATH", help="timeline YAML file (default: the built-in timeline)")


def _add_filters(parser: argparse.ArgumentParser, search: bool = True) -> None:
    from .cli import add_filter_options

    add_filter_options(parser, "filters (as in the app; kinds combine with AND)", search)


def _add_color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour on a terminal (auto: only on a terminal and when NO_COLOR is unset)")


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    try:
        return parser.parse_args(argv)
    except SystemExit as exc:  # --help
        raise _Exit(exc.code if isinstance(exc.code, int) else 0) from None


class _Exit(Exception):
    def __init__(self, code: int):
        self.code = code


def _load(args: argparse.Namespace) -> Timeline:
    return open_timeline(args.file or builtin_path())


def select(timeline: Timeline, args: argparse.Namespace) -> tuple[list[Event], q.Filters]:
    """The events that pass the command-line filters, in timeline order."""
    from .cli import build_filters

    try:
        filters = build_filters(timeline, args)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if filters.tags:
        known = {tag for event in timeline.events for tag in event.tags}
        unknown = [tag for tag in filters.tags if tag not in known]
        if unknown:
            raise CommandError(f"no tag {unknown[0]!r} in this timeline; `{PROG} tags` lists them")
    search = getattr(args, "search", "") or ""
    if search:
        filters = replace(filters, search=search)
    index = q.Index.build(timeline)
    return [timeline.events[i] for i in q.apply(index, filters)], filters


def _iso_when(event: Event) -> str:
    if event.end is not None and event.end != event.date:
        return f"{event.date.iso()}..{event.end.iso()}"
    return event.date.iso()


def _emit(text: str) -> None:
    """Write an export document to stdout as UTF-8 bytes (keeps CRLF as written)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def write_output(path: str, text: str, protect: Sequence[str] = ()) -> None:
    """Write `text` to `path` (or stdout for '-') atomically; never over a file in `protect`."""
    if path == "-":
        _emit(text)
        return
    for other in protect:
        try:
            if other and os.path.exists(path) and os.path.samefile(path, other):
                raise CommandError(f"{path} is the timeline being read; write to another file")
        except OSError:
            pass
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise CommandError(f"{path} is a folder; give a file name")
    if not os.path.isdir(folder):
        raise CommandError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        handle, temp = tempfile.mkstemp(prefix=".syria-timeline-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
            if os.path.exists(path):
                os.chmod(temp, os.stat(path).st_mode & 0o777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- list


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


def cmd_list(argv: list[str]) -> int:
    parser = _parser("list", "List events, one per line, with the same filters as the app.", LIST_EPILOG)
    _add_filters(parser)
    parser.add_argument("--format", choices=("text", "md", "json", "csv"), default="text", help="text (default), md (a bullet list), json or csv (as `export`)")
    _add_color(parser)
    _add_file(parser)
    args = _parse(parser, argv)
    timeline = _load(args)
    events, filters = select(timeline, args)
    if args.format == "md":
        from .formats.markdown import list_md

        _emit(list_md(timeline, events))
        return 0
    if args.format in ("json", "csv"):
        from .formats import renderer

        _emit(renderer(args.format)(timeline, events))
        return 0
    if not _is_tty():
        for event in events:
            _out_fields((_iso_when(event), event.title, joined_actors(timeline, event), event.id))
        return 0
    _list_terminal(timeline, events, filters, _style(args))
    return 0


def _list_terminal(timeline: Timeline, events: list[Event], filters: q.Filters, style: Style) -> None:
    width = _columns()
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
        _out(style.date(when.rjust(date_w)), rest_of_line.rstrip())
    count = f"{len(events)} of {len(timeline.events)} events"
    described = filters.describe(timeline)
    _out(style.dim(count + (" · " + " · ".join(described) if described else "")))


# --------------------------------------------------------------------------- show


def cmd_show(argv: list[str]) -> int:
    parser = _parser(
        "show",
        "Show one event in full: text, claims with their attribution, sources, related events.",
        "examples:\n  syria-timeline show east-aleppo-falls-2016\n  syria-timeline show east-aleppo-falls-2016 --format md > event.md\n",
    )
    parser.add_argument("id", help="event id (the last column of `syria-timeline list`)")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text")
    _add_color(parser)
    _add_file(parser)
    args = _parse(parser, argv)
    timeline = _load(args)
    position = timeline.index_of(args.id)
    if position is None:
        import difflib

        close = difflib.get_close_matches(args.id, [e.id for e in timeline.events], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; `{PROG} list` shows ids in its last column"
        raise CommandError(f"no event with id {args.id!r}{hint}")
    event = timeline.events[position]
    if args.format == "md":
        from .formats.markdown import event_md

        _emit(event_md(timeline, event, level=1, anchors=set()).rstrip("\n") + "\n")
    elif args.format == "json":
        from .formats import json_format as jf

        _emit(jf.dumps({"format": jf.FORMAT, "version": jf.VERSION, "event": jf.event_dict(timeline, event)}))
    else:
        _show_text(timeline, event, _style(args))
    return 0


def _show_text(timeline: Timeline, event: Event, style: Style) -> None:
    tty = _is_tty()
    wrap_at = min(_columns(), 100) if tty else 0

    def para(text: str, indent: str = "") -> None:
        for block in text.strip().split("\n\n"):
            joined = " ".join(line.strip() for line in block.splitlines())
            if wrap_at:
                _out(textwrap.fill(
                    joined, wrap_at, initial_indent=indent, subsequent_indent=indent + ("  " if indent else ""),
                    break_long_words=False, break_on_hyphens=False,
                ))
            else:
                _out(indent + joined)

    from .formats.common import joined_places, precision_name

    _out(style.label(event.title))
    precision = precision_name(event.date) + (" precision, approximate" if event.date.approx else " precision")
    _out(style.date(event.when), f" ({precision}) · id {event.id}")
    era = timeline.era_of(event)
    if era is not None:
        _out(style.label("Era:"), f" {era.title}")
    names = []
    for actor_id in event.actors:
        actor = timeline.actors.get(actor_id)
        names.append(actor_id if actor is None else actor.name if not actor.short or actor.short == actor.name else f"{actor.short} ({actor.name})")
    _out(style.label("Actors:"), " " + ", ".join(names))
    if event.places:
        _out(style.label("Places:"), " " + joined_places(timeline, event))
    if event.tags:
        _out(style.label("Tags:"), " " + ", ".join(event.tags))
    if event.summary:
        _out()
        para(event.summary)
    _out()
    para(event.text)
    if event.claims:
        _out()
        _out(style.label("Claims"), " (attributed to whoever made them; not asserted by this timeline):")
        for claim in event.claims:
            via = f" (via {claim.via})" if claim.via else ""
            para(f"- {timeline.actor_label(claim.by)} says: {claim.says}{via}", "  ")
    if event.casualties is not None:
        _out()
        _out(style.label("Casualties:"), f" {event.casualties}")
    _out()
    _out(style.label("Sources:"))
    for number, source in enumerate(event.sources, 1):
        para(f"{number}. {source.citation()}", "  ")
    if event.related:
        _out()
        _out(style.label("Related:"))
        for related_id in event.related:
            position = timeline.index_of(related_id)
            if position is None:
                _out(f"  {related_id}")
            else:
                other = timeline.events[position]
                _out("  ", style.date(other.when), f"  {other.title}  [{other.id}]")


# --------------------------------------------------------------------------- registries


def _registry_parser(name: str, what: str) -> _Parser:
    parser = _parser(
        name,
        f"List the {what} with the number of events for each (within the filters, when given).",
        f"output:\n  piped: one line each, tab-separated, starting with the count and the id.\n"
        f"  With filters, only {what} with at least one matching event are listed.\n\n"
        f"examples:\n  syria-timeline {name}\n  syria-timeline {name} --from 2024 --format csv\n",
    )
    _add_filters(parser)
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    parser.add_argument("--sort", choices=("count", "name"), default="count", help="most events first (default) or by name")
    _add_color(parser)
    _add_file(parser)
    return parser


def _counts(events: list[Event], field: Callable[[Event], Sequence[str]]) -> Counter[str]:
    return Counter(item for event in events for item in field(event))


def _registry(args, rows: list[dict], keys: Sequence[str], text_keys: Sequence[str], name_key: str, what: str, active: bool) -> int:
    if active:
        rows = [row for row in rows if row["events"]]
    if args.sort == "name":
        rows.sort(key=lambda row: (str(row[name_key]).casefold(), row[keys[0]]))
    else:
        rows.sort(key=lambda row: (-row["events"], str(row[keys[0]]).casefold()))
    if args.format == "json":
        from .formats import json_format as jf

        _emit(jf.dumps({"format": jf.FORMAT, "version": jf.VERSION, what: rows}))
        return 0
    if args.format == "csv":
        import csv
        import io

        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(keys), lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()})
        _emit(out.getvalue())
        return 0
    cells = [[str(row["events"])] + [str(row[k] or "") for k in text_keys] for row in rows]
    if not _is_tty():
        for line in cells:
            _out_fields(line)
        return 0
    style = _style(args)
    header = ["events"] + list(text_keys)
    widths = [max([cell_width(c[i]) for c in cells] + [len(header[i])]) for i in range(len(header))]
    widths = [min(w, 40) for w in widths]
    _out(style.label("  ".join(fit(h, w) if i else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))).rstrip()))
    for line in cells:
        _out("  ".join(fit(c, w) if i else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))).rstrip())
    _out(style.dim(f"{len(rows)} {what}"))
    return 0


def cmd_actors(argv: list[str]) -> int:
    args = _parse(_registry_parser("actors", "actors"), argv)
    timeline = _load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.actors)
    rows = [
        {"id": a.id, "name": a.name, "short": a.short, "kind": a.kind, "alignment": a.alignment,
         "aliases": list(a.aliases), "events": counts.get(a.id, 0)}
        for a in timeline.actors.values()
    ]
    keys = ("id", "name", "short", "kind", "alignment", "aliases", "events")
    return _registry(args, rows, keys, ("id", "name", "kind", "alignment"), "name", "actors", filters.active)


def cmd_places(argv: list[str]) -> int:
    args = _parse(_registry_parser("places", "places"), argv)
    timeline = _load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.places)
    rows = [
        {"id": p.id, "name": p.name, "arabic": p.arabic, "governorate": p.governorate, "country": p.country,
         "lat": p.lat, "lon": p.lon, "events": counts.get(p.id, 0)}
        for p in timeline.places.values()
    ]
    keys = ("id", "name", "arabic", "governorate", "country", "lat", "lon", "events")
    return _registry(args, rows, keys, ("id", "name", "governorate"), "name", "places", filters.active)


def cmd_tags(argv: list[str]) -> int:
    args = _parse(_registry_parser("tags", "tags"), argv)
    timeline = _load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.tags)
    every = _counts(list(timeline.events), lambda e: e.tags)
    rows = [{"tag": tag, "events": counts.get(tag, 0)} for tag in every]
    return _registry(args, rows, ("tag", "events"), ("tag",), "tag", "tags", filters.active)


# --------------------------------------------------------------------------- export


EXPORT_EPILOG = """\
formats:
  md          a readable Markdown document: eras as sections, each event with its text,
              claims and sources
  json        the full model, stable and versioned (docs/commands.md documents every key)
  csv         one row per event; list fields joined with "; " (columns in docs/commands.md)
  ics         iCalendar (RFC 5545): one all-day event per timeline event; month- and
              year-precision events span their month or year, and say so
  timelinejs  Knight Lab TimelineJS3 JSON, to publish the timeline on the web

examples:
  syria-timeline export --format md -o syria.md
  syria-timeline export --format ics --from 2024 -o offensive-2024.ics
  syria-timeline export --format timelinejs --tag aleppo -o aleppo.json
  syria-timeline export --format csv -o - | head
"""


def cmd_export(argv: list[str]) -> int:
    from .formats import EXPORT_FORMATS, EXTENSIONS, renderer

    parser = _parser("export", "Export the timeline (or the events that pass the filters) to another format.", EXPORT_EPILOG)
    parser.add_argument("--format", choices=tuple(EXPORT_FORMATS), help="output format (default: from the -o file's extension)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write; '-' (the default) writes to stdout")
    _add_filters(parser)
    _add_file(parser)
    args = _parse(parser, argv)
    fmt = args.format
    if fmt is None:
        fmt = EXTENSIONS.get(os.path.splitext(args.output)[1].lower()) if args.output != "-" else None
        if fmt is None:
            raise CommandError(f"export: give --format ({', '.join(EXPORT_FORMATS)})")
    timeline = _load(args)
    events, _ = select(timeline, args)
    text = renderer(fmt)(timeline, events)
    write_output(args.output, text, protect=(timeline.path,))
    if args.output != "-":
        print(f"{PROG}: wrote {len(events)} event{'s' if len(events) != 1 else ''} to {args.output} ({fmt})", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- import


IMPORT_EPILOG = """\
ACLED (https://acleddata.com) exports are CSV files with columns such as event_id_cnty,
event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1,
actor2, assoc_actor_2, inter2, admin1, location, latitude, longitude, source, notes,
fatalities. Dates keep ACLED's precision (1 day, 2 week → approximate day, 3 month);
fatalities become claims by 'acled', never figures of our own. docs/commands.md has the
full mapping.

example:
  syria-timeline import acled 2024-syria.csv -o acled.yaml && syria-timeline acled.yaml
"""


def cmd_import(argv: list[str]) -> int:
    parser = _parser("import", "Convert another dataset into a timeline file.", IMPORT_EPILOG)
    parser.add_argument("kind", choices=("acled",), help="what the file is (acled: an ACLED CSV export)")
    parser.add_argument("source", metavar="FILE.csv", help="the file to convert")
    parser.add_argument("-o", "--output", metavar="FILE", default="-", help="timeline YAML to write; '-' (the default) writes to stdout")
    parser.add_argument("--title", default="", help="the new timeline's title")
    parser.add_argument("--force", action="store_true", help="replace the output file if it exists")
    args = _parse(parser, argv)
    from . import acled

    text = _read_input(args.source)
    if args.output != "-" and os.path.exists(args.output) and not args.force:
        raise CommandError(f"{args.output} exists; add --force to replace it")
    title = args.title or f"ACLED events from {os.path.basename(args.source)}"
    document = acled.convert(text, args.source, title)
    out = acled.dump(document)
    try:
        from .loader import loads

        loads(out, args.output)
    except TimelineError as exc:  # our bug, not the user's: say so plainly
        raise CommandError(f"the converted timeline does not load ({exc.problems[0]}); please report this") from None
    write_output(args.output, out, protect=(args.source,))
    if args.output != "-":
        print(
            f"{PROG}: wrote {len(document['events'])} events, {len(document['actors'])} actors and "
            f"{len(document['places'])} places to {args.output}",
            file=sys.stderr,
        )
    return 0


def _read_input(path: str) -> str:
    from .loader import Problem

    try:
        if os.path.isdir(path):
            raise CommandError(f"{path} is a folder; give a CSV file")
        if os.path.getsize(path) > MAX_INPUT_BYTES:
            raise CommandError(f"{path} is larger than {MAX_INPUT_BYTES // 2**20} MiB; split the export")
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TimelineError([Problem(path, line, 0, f"byte 0x{data[exc.start]:02x} is not UTF-8; export the CSV as UTF-8")]) from None


# --------------------------------------------------------------------------- dispatch


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "actors": cmd_actors,
    "places": cmd_places,
    "tags": cmd_tags,
    "export": cmd_export,
    "import": cmd_import,
}


def _err(message: str) -> None:
    sys.stderr.write(f"{PROG}: {clean(message)}\n")


def run(name: str, argv: list[str]) -> int:
    """Run one command; returns the exit status (0 ok, 2 for any problem the user can fix)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        return COMMANDS[name](list(argv))
    except _Exit as exc:
        return exc.code
    except CommandError as exc:
        _err(str(exc))
        return 2
    except TimelineError as exc:
        limit = 50
        for problem in exc.problems[:limit]:
            sys.stderr.write(clean(str(problem)) + "\n")
        if len(exc.problems) > limit:
            sys.stderr.write(f"(stopped after {limit} problems; fix these and run again)\n")
        return 2
    except BrokenPipeError:
        # the reader (head, less) went away: stop quietly, and keep Python from
        # complaining when it flushes stdout on the way out
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
