"""ACLED CSV export → a timeline in our YAML format (`syria-timeline import acled`).

What maps to what (see docs/commands.md):

- actor1, assoc_actor_1, actor2, assoc_actor_2 (associated actors are "; "-separated) become
  actors in the registry, with ids slugged from their names (stable: the same name always
  gives the same id); inter1/inter2 give the kind where ACLED's actor type says it.
- event_date with time_precision: 1 (the day is known) → that day; 2 (ACLED knows the week)
  → the day ACLED coded, marked approximate ("~2024-12-05"); 3 (ACLED knows the month)
  → the month only ("2024-12"). Never a day ACLED did not give.
- location, admin1, country, latitude, longitude become places.
- notes become the event text; source (";"-separated) becomes sources (publishers), after
  ACLED itself; event_type and sub_event_type become tags; the title is
  "<sub_event_type> in <location>".
- fatalities become a claim `by: acled` ("ACLED records N reported fatalities"), never a
  casualty figure of our own. An `acled` actor (kind: monitor) is added to the registry.

Written with yaml.safe_dump, then loaded back with our own loader before it is kept, so
what we write always passes `syria-timeline validate`. No Textual here.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
import unicodedata

import yaml

from ..loader import Problem, TimelineError, loads
from ..safetext import clean

REQUIRED = ("event_date", "actor1")
ACLED_ID = "acled"
UNNAMED_ID = "unnamed-actor"
MAX_ROWS = 1_000_000
_SLUG = re.compile(r"[^a-z0-9]+")
INTER_KINDS = {
    "1": "armed-forces", "state forces": "armed-forces",
    "2": "armed-group", "rebel group": "armed-group", "rebel groups": "armed-group",
    "3": "armed-group", "political militia": "armed-group", "political militias": "armed-group",
    "4": "armed-group", "identity militia": "armed-group", "identity militias": "armed-group",
    "5": "civilians", "rioters": "civilians",
    "6": "civilians", "protesters": "civilians",
    "7": "civilians", "civilians": "civilians",
}
INTER_NAMES = {
    "1": "State forces", "2": "Rebel group", "3": "Political militia", "4": "Identity militia",
    "5": "Rioters", "6": "Protesters", "7": "Civilians", "8": "External/Other forces",
}
PRECISION_WORDS = {
    1: "ACLED gives the exact day",
    2: "ACLED places the event within a week (time_precision 2), so the day is approximate",
    3: "ACLED knows only the month (time_precision 3), so no day is given",
}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%B %d, %Y")


class _Rows:
    """Collects problems located at file:line:column (column = the CSV field's position)."""

    def __init__(self, path: str, header: list[str]):
        self.path = path
        self.columns = {name: i + 1 for i, name in enumerate(header)}
        self.problems: list[Problem] = []

    def add(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, self.columns.get(column or "", 0), message))


def slug(text: str, limit: int = 60) -> str:
    """A lower-case ASCII id from a name ("" when nothing ASCII is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def stable_id(name: str, prefix: str) -> str:
    """The slug of `name`, or `prefix-<hash>` for names with no ASCII letters."""
    return slug(name) or f"{prefix}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_acled_date(text: str) -> _dt.date:
    text = text.strip()
    for form in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"event_date {text!r} is not a date ACLED writes (2024-12-05 or 05 December 2024)")


def honest_date(day: _dt.date, precision: int) -> str:
    """Our date form for an ACLED date and its time_precision."""
    if precision == 3:
        return f"{day.year:04d}-{day.month:02d}"
    text = day.isoformat()
    return "~" + text if precision == 2 else text


def _number(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


def _registry_ids(names: set[str], prefix: str, reserved: set[str]) -> dict[str, str]:
    """Name → id; names are taken in sorted order so that ids do not depend on row order."""
    ids: dict[str, str] = {}
    taken = set(reserved)
    for name in sorted(names):
        base = stable_id(name, prefix)
        candidate = base
        if candidate in taken:
            candidate = f"{base[:50]}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"
        ids[name] = candidate
        taken.add(candidate)
    return ids


def read_rows(text: str, path: str) -> tuple[list[tuple[int, dict[str, str]]], _Rows]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise TimelineError([Problem(path, 1, 1, "the CSV file is empty; export events from ACLED with their header row")]) from None
    header = [clean(name).strip().lower() for name in header]
    rows = _Rows(path, header)
    missing = [name for name in REQUIRED if name not in rows.columns]
    if missing:
        raise TimelineError([Problem(path, 1, 1, f"not an ACLED export: the header has no {', '.join(missing)} column")])
    out = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(out) >= MAX_ROWS:
                raise TimelineError([Problem(path, reader.line_num, 0, f"more than {MAX_ROWS:,} rows; split the export")])
            values = {name: clean(record[i]).strip() if i < len(record) else "" for i, name in enumerate(header)}
            out.append((reader.line_num, values))
    except csv.Error as exc:
        raise TimelineError([Problem(path, reader.line_num, 0, f"CSV: {exc}")]) from None
    return out, rows


def convert(text: str, path: str = "<acled>", title: str = "") -> dict:
    """ACLED CSV text → a timeline document (plain data, ready for yaml.safe_dump)."""
    records, rows = read_rows(text, path)
    if not records:
        raise TimelineError([Problem(path, 2, 1, "the CSV has a header but no events")])

    actor_names: set[str] = set()
    actor_types: dict[str, str] = {}
    place_keys: dict[tuple[str, str], dict[str, str]] = {}
    for _, row in records:
        for side in ("1", "2"):
            name = row.get(f"actor{side}", "")
            if name:
                actor_names.add(name)
                actor_types.setdefault(name, row.get(f"inter{side}", "").strip().lower())
            actor_names.update(_split(row.get(f"assoc_actor_{side}", "")))
        key = (row.get("location", "") or row.get("admin1", "") or row.get("country", ""), row.get("admin1", ""))
        if key[0]:
            place_keys.setdefault(key, row)

    actor_ids = _registry_ids(actor_names, "actor", {ACLED_ID, UNNAMED_ID})
    actors: dict[str, dict] = {
        ACLED_ID: {
            "name": "Armed Conflict Location & Event Data (ACLED)",
            "short": "ACLED",
            "kind": "monitor",
            "description": "A project that records political violence and protest events from published reports; the source of this file.",
        }
    }
    for name in sorted(actor_names, key=lambda n: actor_ids[n]):
        entry: dict = {"name": name}
        kind = INTER_KINDS.get(actor_types.get(name, ""), "")
        if kind:
            entry["kind"] = kind
        inter = actor_types.get(name, "")
        label = INTER_NAMES.get(inter, inter.capitalize() if inter and not inter.isdigit() else "")
        entry["description"] = f"Named in ACLED data{f' (ACLED actor type: {label})' if label else ''}."
        actors[actor_ids[name]] = entry

    # places: one per (location, admin1); the location's name alone when it is unambiguous
    by_name: dict[str, int] = {}
    for location, _ in place_keys:
        by_name[location] = by_name.get(location, 0) + 1
    place_ids: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    places: dict[str, dict] = {}
    for key in sorted(place_keys):
        location, admin1 = key
        base = stable_id(location if by_name[location] == 1 or not admin1 else f"{location} {admin1}", "place")
        place_id = base if base not in taken else f"{base[:50]}-{hashlib.sha1('|'.join(key).encode('utf-8')).hexdigest()[:6]}"
        taken.add(place_id)
        place_ids[key] = place_id
        row = place_keys[key]
        entry = {"name": location}
        if admin1:
            entry["governorate"] = admin1
        if row.get("country"):
            entry["country"] = row["country"]
        lat, lon = _number(row.get("latitude", "")), _number(row.get("longitude", ""))
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
            entry["lat"], entry["lon"] = lat, lon
        places[place_id] = entry

    events = []
    seen_ids: set[str] = set()
    for line, row in records:
        event = _event(row, line, rows, actor_ids, place_ids, seen_ids)
        if event is not None:
            events.append(event)
    if any(not event["actors"] for event in events):
        actors[UNNAMED_ID] = {"name": "Actor not named in the ACLED record", "description": "Used where ACLED names no actor."}
        for event in events:
            event["actors"] = event["actors"] or [UNNAMED_ID]
    if rows.problems:
        raise TimelineError(rows.problems)
    events.sort(key=lambda e: (e["date"].lstrip("~"), e["id"]))
    return {
        "version": 1,
        "title": title or "ACLED events",
        "actors": actors,
        "places": places,
        "events": events,
    }


def _event(row: dict, line: int, rows: _Rows, actor_ids: dict, place_ids: dict, seen_ids: set) -> dict | None:
    try:
        day = parse_acled_date(row["event_date"])
    except ValueError as exc:
        rows.add(line, "event_date", f"{exc}; fix the row or export again")
        return None
    raw_precision = row.get("time_precision", "") or "1"
    if raw_precision not in ("1", "2", "3"):
        rows.add(line, "time_precision", f"time_precision {raw_precision!r} is not 1, 2 or 3")
        return None
    precision = int(raw_precision)

    record_id = row.get("event_id_cnty", "")
    location = row.get("location", "") or row.get("admin1", "") or row.get("country", "")
    base = f"acled-{slug(record_id)}" if slug(record_id) else (
        f"acled-{day.isoformat()}-{slug(location) or 'event'}-"
        + hashlib.sha1("\x1f".join(f"{k}={v}" for k, v in sorted(row.items())).encode("utf-8")).hexdigest()[:6]
    )
    event_id, n = base, 2
    while event_id in seen_ids:
        event_id, n = f"{base}-{n}", n + 1
    seen_ids.add(event_id)

    names = []
    for side in ("1", "2"):
        for name in [row.get(f"actor{side}", ""), *_split(row.get(f"assoc_actor_{side}", ""))]:
            if name and actor_ids[name] not in names:
                names.append(actor_ids[name])

    what = row.get("sub_event_type", "") or row.get("event_type", "") or "Event"
    title = f"{what} in {location}" if location else what
    where = ", ".join(p for p in (row.get("location", ""), row.get("admin1", ""), row.get("country", "")) if p)
    notes = row.get("notes", "") or f"ACLED records a {what.lower()} event{f' in {where}' if where else ''}."
    record = f" (ACLED event {record_id})" if record_id else ""
    text = f"{notes}\n\nDate: {PRECISION_WORDS[precision]}{record}."

    key = (location, row.get("admin1", ""))
    tags = []
    for column in ("event_type", "sub_event_type"):
        tag = slug(row.get(column, ""))
        if tag and tag not in tags:
            tags.append(tag)

    acled_source: dict = {"publisher": "ACLED"}
    if record_id:
        acled_source["title"] = f"Event {record_id}"
    stamp = row.get("timestamp", "")
    if stamp.isdigit():
        try:
            acled_source["date"] = _dt.datetime.fromtimestamp(int(stamp), _dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            pass
    sources = [acled_source] + [
        {"publisher": publisher, "title": "as cited by ACLED"} for publisher in _split(row.get("source", ""))
    ]

    event: dict = {"id": event_id, "date": honest_date(day, precision), "title": title, "actors": names}
    if key in place_ids:
        event["places"] = [place_ids[key]]
    if tags:
        event["tags"] = tags
    event["text"] = text
    fatalities = row.get("fatalities", "")
    if fatalities:
        if not fatalities.isdigit():
            rows.add(line, "fatalities", f"fatalities {fatalities!r} is not a whole number")
            return None
        if int(fatalities) > 0:
            count = int(fatalities)
            event["claims"] = [{
                "by": ACLED_ID,
                "says": f"ACLED records {count} reported fatalit{'y' if count == 1 else 'ies'} for this event.",
                "via": "ACLED dataset",
            }]
    event["sources"] = sources
    return event


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, with multi-line text written as literal blocks (|)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(document: dict) -> str:
    header = "# Converted from an ACLED export by `syria-timeline import acled`.\n# Fatalities are ACLED's figures, kept as claims by 'acled'.\n"
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return header + body


def convert_text(text: str, path: str = "<acled>", title: str = "") -> str:
    """ACLED CSV text → YAML text, checked by loading it back (raises TimelineError)."""
    out = dump(convert(text, path, title))
    loads(out, f"{path} (converted)")
    return out
