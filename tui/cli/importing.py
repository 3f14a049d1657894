"""`syria-timeline import acled`: convert another dataset into a timeline file. No Textual here."""

from __future__ import annotations

import os

from ..timeline_file import TimelineError, is_json
from .options import parse, parser
from .output import (
    CommandError,
    note,
    note_line,
    term,
    is_stream,
    write_output,
)

MAX_INPUT_BYTES = 512 * 1024 * 1024

IMPORT_EPILOG = """\
ACLED (https://acleddata.com) exports are CSV files with columns such as event_id_cnty,
event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1,
actor2, assoc_actor_2, inter2, interaction, civilian_targeting, admin1, admin2, admin3,
location, latitude, longitude, geo_precision, source, notes, fatalities, tags. Dates keep
ACLED's precision (1 day, 2 week → approximate day, 3 month), locations theirs (2 and 3
are marked approximate); fatalities become claims by 'acled', never figures of our own.
Located warnings (coordinates that differ for one place, repeated ids) go to stderr.
docs/commands.md has the full mapping.

example:
  syria-timeline import acled 2024-syria.csv -o acled.yaml && syria-timeline acled.yaml
"""


def run(argv: list[str]) -> int:
    command = parser("import", "Convert another dataset into a timeline file.", IMPORT_EPILOG)
    command.add_argument("kind", choices=("acled",), help="what the file is (acled: an ACLED CSV export)")
    command.add_argument("source", metavar="FILE.csv", help="the file to convert")
    command.add_argument("-o", "--output", metavar="FILE", default="-", help="timeline to write: YAML, or JSON for a .json name; '-' (the default) writes YAML to stdout")
    command.add_argument("--title", default="", help="the new timeline's title")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    args = parse(command, argv)
    from ..formats import acled

    text = _read_input(args.source)
    if args.output != "-" and not is_stream(args.output) and os.path.exists(args.output) and not args.force:
        raise CommandError(f"{args.output} exists; add --force to replace it")
    title = term(args.title or f"ACLED events from {os.path.basename(args.source)}")
    document, warnings = acled.convert_with_warnings(text, args.source, title)
    if is_json(args.output):  # a .json name is read back as JSON: write the same document in JSON
        import json

        yaml_text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        yaml_text = acled.dump(document)
    try:
        from ..timeline_file import loads

        loads(yaml_text, args.output)
    except TimelineError as exc:  # our bug, not the user's: say so plainly
        raise CommandError(f"the converted timeline does not load ({exc.problems[0]}); please report this") from None
    write_output(args.output, yaml_text, protect=(args.source,), what="input")
    for warning in warnings:
        note_line(str(warning))
    if args.output != "-":
        note(
            f"wrote {len(document['events'])} events, {len(document['actors'])} actors and "
            f"{len(document['places'])} places to {args.output}"
        )
    return 0


def _read_input(path: str) -> str:
    from ..timeline_file import Problem
    from ..timeline_file.reading import not_text, not_utf8_at

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
    kind = not_text(data, data[-65536:])
    if kind == "utf-16":
        raise TimelineError([Problem(path, 0, 0, "is saved as UTF-16 (Excel's 'Unicode Text'); export the CSV as UTF-8")])
    if kind or data.startswith(b"PK\x03\x04"):
        raise TimelineError([Problem(path, 0, 0, "is a binary file (an Excel workbook?), not a CSV; export the events from ACLED as CSV")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col, byte = not_utf8_at(data, exc)
        raise TimelineError([Problem(path, line, col, f"byte 0x{byte:02x} is not UTF-8; export the CSV as UTF-8")]) from None


