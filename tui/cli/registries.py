"""`syria-timeline actors|places|tags`: a registry with event counts. No Textual here."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

from ..model import Event
from .options import (
    Parser,
    add_color,
    add_file,
    add_filters,
    load,
    parse,
    parser,
    select,
)
from .output import (
    cell_width,
    emit,
    fit,
    is_tty,
    out,
    out_fields,
    style_for,
)


def _registry_parser(name: str, what: str) -> Parser:
    command = parser(
        name,
        f"List the {what} with the number of events for each (within the filters, when given).",
        f"output:\n  piped: one line each, tab-separated, starting with the count and the id.\n"
        f"  With filters, only {what} with at least one matching event are listed.\n\n"
        f"examples:\n  syria-timeline {name}\n  syria-timeline {name} --from 2024 --format csv\n",
    )
    add_filters(command)
    command.add_argument("--format", choices=("text", "json", "csv"), default="text")
    command.add_argument("--sort", choices=("count", "name"), default="count", help="most events first (default) or by name")
    add_color(command)
    add_file(command)
    return command


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
        from ..formats import json_format as jf

        emit(jf.dumps({"format": jf.FORMAT, "version": jf.VERSION, what: rows}))
        return 0
    if args.format == "csv":
        from ..formats.csv_format import table

        emit(table(
            ({k: "; ".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()} for row in rows),
            keys,
        ))
        return 0
    cells = [[str(row["events"])] + [str(row[k] or "") for k in text_keys] for row in rows]
    if not is_tty():
        for line in cells:
            out_fields(line)
        return 0
    style = style_for(args.color)
    header = ["events"] + list(text_keys)
    widths = [max([cell_width(c[i]) for c in cells] + [len(header[i])]) for i in range(len(header))]
    widths = [min(w, 40) for w in widths]
    out(style.label("  ".join(fit(h, w) if i else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))).rstrip()))
    for line in cells:
        out("  ".join(fit(c, w) if i else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))).rstrip())
    out(style.dim(f"{len(rows)} {what}"))
    return 0


def run_actors(argv: list[str]) -> int:
    args = parse(_registry_parser("actors", "actors"), argv)
    timeline = load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.actors)
    rows = [
        {"id": a.id, "name": a.name, "short": a.short, "kind": a.kind, "alignment": a.alignment,
         "aliases": list(a.aliases), "events": counts.get(a.id, 0)}
        for a in timeline.actors.values()
    ]
    keys = ("id", "name", "short", "kind", "alignment", "aliases", "events")
    return _registry(args, rows, keys, ("id", "name", "kind", "alignment"), "name", "actors", filters.active)


def run_places(argv: list[str]) -> int:
    args = parse(_registry_parser("places", "places"), argv)
    timeline = load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.places)
    rows = [
        {"id": p.id, "name": p.name, "arabic": p.arabic, "governorate": p.governorate, "country": p.country,
         "lat": p.lat, "lon": p.lon, "events": counts.get(p.id, 0)}
        for p in timeline.places.values()
    ]
    keys = ("id", "name", "arabic", "governorate", "country", "lat", "lon", "events")
    return _registry(args, rows, keys, ("id", "name", "governorate"), "name", "places", filters.active)


def run_tags(argv: list[str]) -> int:
    args = parse(_registry_parser("tags", "tags"), argv)
    timeline = load(args)
    events, filters = select(timeline, args)
    counts = _counts(events, lambda e: e.tags)
    every = _counts(list(timeline.events), lambda e: e.tags)
    rows = [{"tag": tag, "events": counts.get(tag, 0)} for tag in every]
    return _registry(args, rows, ("tag", "events"), ("tag",), "tag", "tags", filters.active)


