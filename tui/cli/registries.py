"""`syria-timeline actors|places|tags`: a registry with event counts. No Textual here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from ..model import Actor, Event, Place, Timeline
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


@dataclass(frozen=True)
class Registry:
    """One registry command: what it counts and which columns it lists."""

    name: str  # the command, the JSON key and what the count says ("34 places")
    field: str  # the event field counted (a tuple of ids or tags)
    keys: tuple[str, ...]  # JSON and CSV columns, "events" last; the others are attributes of an item
    text_keys: tuple[str, ...]  # the terminal's columns, after the count
    name_key: str = "name"  # what --sort name sorts by


REGISTRIES = {
    registry.name: registry
    for registry in (
        Registry("actors", "actors", ("id", "name", "short", "kind", "alignment", "aliases", "events"), ("id", "name", "kind", "alignment")),
        Registry("places", "places", ("id", "name", "arabic", "governorate", "country", "lat", "lon", "events"), ("id", "name", "governorate")),
        Registry("tags", "tags", ("tag", "events"), ("tag",), name_key="tag"),
    )
}


def _counts(events: Iterable[Event], field: str) -> Counter[str]:
    return Counter(item for event in events for item in getattr(event, field))


def _rows(registry: Registry, timeline: Timeline, counts: Counter[str]) -> list[dict]:
    """Every item of the registry with its count; tags are those the events carry."""
    if registry.name == "tags":
        return [{"tag": tag, "events": counts.get(tag, 0)} for tag in _counts(timeline.events, "tags")]
    items: Iterable[Actor | Place] = timeline.actors.values() if registry.name == "actors" else timeline.places.values()
    return [
        {key: counts.get(item.id, 0) if key == "events" else _plain(getattr(item, key)) for key in registry.keys}
        for item in items
    ]


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def run_registry(name: str, argv: list[str]) -> int:
    registry = REGISTRIES[name]
    args = parse(_registry_parser(name, name), argv)
    timeline = load(args)
    events, filters = select(timeline, args)
    rows = _rows(registry, timeline, _counts(events, registry.field))
    return _registry(args, registry, rows, filters.active)


def _registry(args, registry: Registry, rows: list[dict], active: bool) -> int:
    """Print the rows as the options ask: JSON, CSV, tab-separated when piped, a table on a terminal."""
    keys, text_keys, name_key, what = registry.keys, registry.text_keys, registry.name_key, registry.name
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


# the commands (tui/cli/__init__.py finds `run_<name>`)
run_actors = partial(run_registry, "actors")
run_places = partial(run_registry, "places")
run_tags = partial(run_registry, "tags")
