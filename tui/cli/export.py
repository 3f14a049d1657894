"""`syria-timeline export`: the (filtered) timeline in another format. No Textual here."""

from __future__ import annotations

import os

from .options import add_file, add_filters, load, parse, parser, select
from .output import (
    CommandError,
    is_stream,
    note,
    write_output,
)

EXPORT_EPILOG = """\
formats:
  md          a readable Markdown document: eras as sections, each event with its text,
              claims and sources
  json        the full model, stable and versioned (docs/commands.md documents every key)
  csv         one row per event; list fields joined with "; " (columns in docs/commands.md)
  ics         iCalendar (RFC 5545): one all-day event per timeline event; month- and
              year-precision events span their month or year, and say so
  timelinejs  Knight Lab TimelineJS3 JSON, to publish the timeline on the web
  geojson     GeoJSON (RFC 7946): a point per place of the exported events, with their
              count and ids, for GIS tools and web maps (a place with no coordinates
              is kept, with a null geometry)

The format can also come first: `syria-timeline export geojson -o places.geojson`.

examples:
  syria-timeline export --format md -o syria.md
  syria-timeline export --format md -o syria.md --force    (replace syria.md)
  syria-timeline export --format ics --from 2024 -o offensive-2024.ics
  syria-timeline export --format timelinejs --tag aleppo -o aleppo.json
  syria-timeline export --format csv -o - | head
  syria-timeline export geojson --actor hts --from 2024 -o hts-2024.geojson
"""


def run(argv: list[str]) -> int:
    from ..formats import EXPORT_FORMATS, EXTENSIONS, renderer

    command = parser("export", "Export the timeline (or the events that pass the filters) to another format.", EXPORT_EPILOG)
    command.add_argument("format_name", nargs="?", choices=tuple(EXPORT_FORMATS), metavar="FORMAT", help="the output format, as --format")
    command.add_argument("--format", choices=tuple(EXPORT_FORMATS), help="output format (default: from the -o file's extension)")
    command.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write; '-' (the default) writes to stdout")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    add_filters(command)
    add_file(command)
    args = parse(command, argv)
    if args.format_name and args.format and args.format_name != args.format:
        raise CommandError(f"export: two formats given ({args.format_name} and --format {args.format}); give one")
    fmt = args.format_name or args.format
    if fmt is None:
        fmt = EXTENSIONS.get(os.path.splitext(args.output)[1].lower()) if args.output != "-" else None
        if fmt is None:
            raise CommandError(f"export: give --format ({', '.join(EXPORT_FORMATS)})")
    timeline = load(args)
    if args.output != "-" and not is_stream(args.output) and os.path.exists(args.output) and not args.force and not _same_file(args.output, timeline.path):
        raise CommandError(f"{args.output} exists; add --force to replace it")
    events, _ = select(timeline, args)
    text = renderer(fmt)(timeline, events)
    write_output(args.output, text, protect=(timeline.path,))
    if args.output != "-":
        note(f"wrote {len(events)} event{'s' if len(events) != 1 else ''} to {args.output} ({fmt})")
    return 0




def _same_file(path: str, other: str | None) -> bool:
    """Whether `path` is the timeline being read (write_output refuses that one, --force or not)."""
    try:
        return other is not None and other != "" and os.path.samefile(path, other)
    except OSError:
        return False
