"""`syria-timeline validate [PATH]`: check a timeline file, every problem as path:line:col."""

from __future__ import annotations

from ..opening import open_timeline
from .options import parse, parser
from .output import out, term, timeline_path


def run(argv: list[str]) -> int:
    command = parser("validate", "Check a timeline file and report every problem as path:line:col: message.")
    command.add_argument("path", nargs="?", help="timeline file: YAML, or its JSON export (.json) (default: the built-in timeline)")
    args = parse(command, argv)
    path = timeline_path(args.path)
    timeline = open_timeline(path)  # a TimelineError is printed by the dispatcher
    years = timeline.years()
    span = f"{years[0]}–{years[-1]}" if years else "no years"
    out(
        f"{term(path)}: ok: {len(timeline.events)} events, {len(timeline.actors)} actors, "
        f"{len(timeline.places)} places, {len(timeline.eras)} eras, {span}"
    )
    return 0
