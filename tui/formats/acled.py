"""ACLED CSV export → a timeline in our YAML format (`syria-timeline import acled`).

What maps to what (see docs/commands.md):

- actor1, assoc_actor_1, actor2, assoc_actor_2 (associated actors are "; "-separated) become
  actors in the registry, with ids slugged from their names (stable: the same name always
  gives the same id); inter1/inter2 give the kind where ACLED's actor type says it.
- event_date with time_precision: 1 (the day is known) → that day; 2 (ACLED knows the week)
  → the day ACLED coded, marked approximate ("~2024-12-05"); 3 (ACLED knows the month)
  → the month only ("2024-12"). Never a day ACLED did not give.
- location, admin1 (governorate), admin2, admin3, country, latitude, longitude become places
  (one per location, admin1 and admin2); geo_precision is kept in the event's text ("approximate
  location: ACLED places it at the centroid of a larger area") and, when not exact, as the tag
  `approximate-location`. When rows give one place different coordinates, the first are kept
  and every other row is reported as a located warning.
- notes become the event text (their paragraphs kept), followed by a paragraph of ACLED's
  coding: date precision, location precision, interaction, civilian targeting, the record id.
  source (";"-separated) becomes sources (publishers), after ACLED itself; event_type,
  sub_event_type, civilian_targeting and ACLED's own tags become tags; the title is
  "<sub_event_type> in <location>".
- fatalities become a claim `by: acled` ("ACLED records N reported fatalities"; zero is "ACLED
  reports no fatalities"), never a casualty figure of our own. An `acled` actor (kind: monitor)
  is added to the registry.
- Ids are stable: the same name gives the same id whatever its case or spacing (one actor),
  and an event id repeated in the file gets a suffix and a located warning.

Written with yaml.safe_dump, then loaded back with our own loader before it is kept, so
what we write always passes `syria-timeline validate`. No Textual here.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import math
import re
import unicodedata
from collections import Counter

import yaml

from ..timeline_file import Problem, TimelineError, loads
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


def name_key(name: str) -> str:
    """What makes two spellings one name: case and runs of spaces do not count."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


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


def _registry_ids(keys: set[str], prefix: str, reserved: set[str]) -> dict[str, str]:
    """Name key (see `name_key`) → id; keys are taken in sorted order so that ids do not depend
    on row order, and hashed from the key so that they do not depend on case or spacing."""
    ids: dict[str, str] = {}
    taken = set(reserved)
    for key in sorted(keys):
        base = stable_id(key, prefix)
        candidate = base
        if candidate in taken:
            candidate = f"{base[:50]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
        ids[key] = candidate
        taken.add(candidate)
    return ids


MULTILINE_COLUMNS = ("notes",)  # their line breaks (paragraphs) are kept


def read_rows(text: str, path: str) -> tuple[list[tuple[int, dict[str, str]]], _Rows]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise TimelineError([Problem(path, 1, 1, "the CSV file is empty; export events from ACLED with their header row")]) from None
    except csv.Error as exc:
        raise TimelineError([Problem(path, 1, 0, f"CSV: {exc}")]) from None
    separator = next((name for mark, name in (("\t", "tabs"), (";", "semicolons")) if len(header) == 1 and mark in header[0]), "")
    header = [clean(name).strip().lower() for name in header]
    rows = _Rows(path, header)
    missing = [name for name in REQUIRED if name not in rows.columns]
    if missing and separator:  # Excel's "Text (Tab delimited)", or a CSV saved where ; is the list separator
        raise TimelineError([Problem(path, 1, 1, f"the columns are separated by {separator}, not commas; export the file from ACLED as CSV (comma-separated)")])
    if missing:
        raise TimelineError([Problem(path, 1, 1, f"not an ACLED export: the header has no {', '.join(missing)} column")])
    out: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1  # a record's first line (notes may span lines)
            if not any(cell.strip() for cell in record):
                continue
            if len(out) >= MAX_ROWS:
                raise TimelineError([Problem(path, line, 0, f"more than {MAX_ROWS:,} rows; split the export")])
            values = {
                name: clean(record[i], multiline=name in MULTILINE_COLUMNS).strip() if i < len(record) else ""
                for i, name in enumerate(header)
            }
            out.append((line, values))
    except csv.Error as exc:
        raise TimelineError([Problem(path, reader.line_num, 0, f"CSV: {exc}")]) from None
    return out, rows


def _place_key(row: dict[str, str]) -> tuple[str, str, str]:
    location = row.get("location", "") or row.get("admin3", "") or row.get("admin2", "") or row.get("admin1", "") or row.get("country", "")
    return (location, row.get("admin1", ""), row.get("admin2", ""))


def convert(text: str, path: str = "<acled>", title: str = "") -> dict:
    """ACLED CSV text → a timeline document (plain data, ready for yaml.safe_dump)."""
    return convert_with_warnings(text, path, title)[0]


def convert_with_warnings(text: str, path: str = "<acled>", title: str = "") -> tuple[dict, list[Problem]]:
    """ACLED CSV text → (a timeline document, located warnings about what was not kept as it was)."""
    records, rows = read_rows(text, path)
    if not records:
        raise TimelineError([Problem(path, 2, 1, "the CSV has a header but no events")])
    warnings = _Rows(path, list(rows.columns))

    # actors: one per name key (case and spacing do not make another actor); the spelling
    # shown is the most frequent one (ties: the first in sorted order), whatever the row order
    spellings: dict[str, Counter[str]] = {}
    actor_types: dict[str, str] = {}
    place_rows: dict[tuple[str, str, str], tuple[int, dict[str, str]]] = {}
    for line, row in records:
        for side in ("1", "2"):
            name = " ".join(row.get(f"actor{side}", "").split())
            if name:
                spellings.setdefault(name_key(name), Counter())[name] += 1
                inter = row.get(f"inter{side}", "").strip().lower()
                if inter:
                    actor_types.setdefault(name_key(name), inter)
            for assoc in _split(row.get(f"assoc_actor_{side}", "")):
                assoc = " ".join(assoc.split())
                spellings.setdefault(name_key(assoc), Counter())[assoc] += 1
        key = _place_key(row)
        if key[0]:
            first = place_rows.setdefault(key, (line, row))
            if first[0] != line:
                _check_coordinates(first, (line, row), warnings)

    actor_ids = _registry_ids(set(spellings), "actor", {ACLED_ID, UNNAMED_ID})
    actors: dict[str, dict] = {
        ACLED_ID: {
            "name": "Armed Conflict Location & Event Data (ACLED)",
            "short": "ACLED",
            "kind": "monitor",
            "description": "A project that records political violence and protest events from published reports; the source of this file.",
        }
    }
    for name_id in sorted(spellings, key=lambda k: actor_ids[k]):
        names = sorted(spellings[name_id].items(), key=lambda item: (-item[1], item[0]))
        entry: dict = {"name": names[0][0]}
        others = [name for name, _ in names[1:]]
        if others:
            entry["aliases"] = others
        inter = actor_types.get(name_id, "")
        kind = INTER_KINDS.get(inter, "")
        if kind:
            entry["kind"] = kind
        label = INTER_NAMES.get(inter, inter.capitalize() if inter and not inter.isdigit() else "")
        entry["description"] = f"Named in ACLED data{f' (ACLED actor type: {label})' if label else ''}."
        actors[actor_ids[name_id]] = entry

    # places: one per (location, admin1, admin2); the location's name alone when unambiguous
    by_name: dict[str, int] = {}
    for location, _, _ in place_rows:
        by_name[location] = by_name.get(location, 0) + 1
    place_ids: dict[tuple[str, str, str], str] = {}
    taken: set[str] = set()
    places: dict[str, dict] = {}
    for key in sorted(place_rows):
        location, admin1, admin2 = key
        label = location if by_name[location] == 1 else " ".join(p for p in (location, admin2, admin1) if p)
        base = stable_id(label, "place")
        place_id = base if base not in taken else f"{base[:50]}-{hashlib.sha1('|'.join(key).encode('utf-8')).hexdigest()[:6]}"
        taken.add(place_id)
        place_ids[key] = place_id
        line, row = place_rows[key]
        entry = {"name": location}
        if admin1:
            entry["governorate"] = admin1
        if row.get("country"):
            entry["country"] = row["country"]
        coordinates = _coordinates(row)
        if coordinates is not None:
            entry["lat"], entry["lon"] = coordinates
        elif row.get("latitude", "").strip() or row.get("longitude", "").strip():
            warnings.add(
                line, "latitude",
                f"warning: {location!r} is at {row.get('latitude', '').strip()!r}, {row.get('longitude', '').strip()!r}, not a latitude "
                "(-90..90) and longitude (-180..180); the place is kept without them, off the map (check the export)",
            )
        places[place_id] = entry

    events = []
    seen_ids: dict[str, int] = {}
    for line, row in records:
        event = _event(row, line, rows, warnings, actor_ids, place_ids, seen_ids)
        if event is not None:
            events.append(event)
    if any(not event["actors"] for event in events):
        actors[UNNAMED_ID] = {"name": "Actor not named in the ACLED record", "description": "Used where ACLED names no actor."}
        for event in events:
            event["actors"] = event["actors"] or [UNNAMED_ID]
    if rows.problems:
        raise TimelineError(rows.problems)
    events.sort(key=lambda e: (e["date"].lstrip("~"), e["id"]))
    document = {
        "version": 1,
        "title": title or "ACLED events",
        "actors": actors,
        "places": places,
        "events": events,
    }
    return document, sorted(warnings.problems, key=lambda p: (p.line, p.col))


def _coordinates(row: dict[str, str]) -> tuple[float, float] | None:
    lat, lon = _number(row.get("latitude", "")), _number(row.get("longitude", ""))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _check_coordinates(first: tuple[int, dict], other: tuple[int, dict], warnings: _Rows) -> None:
    (line, row), (other_line, other_row) = first, other
    here, there = _coordinates(row), _coordinates(other_row)
    if here is not None and there is not None and here != there:
        warnings.add(
            other_line, "latitude",
            f"warning: {other_row.get('location', '')!r} is at {there[0]}, {there[1]} here but at {here[0]}, {here[1]} "
            f"on line {line}; the place keeps the first (check the export, or give the locations distinct names)",
        )


def _number(value: str) -> float | None:
    """A finite decimal number, or None ("nan", "inf", "1e999" and words are not coordinates)."""
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def interaction_words(code: str) -> str:
    """ACLED's interaction: the current layout writes words ("State forces-Rebel group"); older
    exports write two digits, the actor types of both sides (0 for none): "12", "20"."""
    if len(code) == 2 and code.isdigit() and code[0] in INTER_NAMES:
        first = INTER_NAMES[code[0]]
        if code[1] == "0":
            return f"{first} acting alone"
        if code[1] in INTER_NAMES:
            return f"{first} versus {INTER_NAMES[code[1]].lower()}"
    return code


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


GEO_WORDS = {
    "1": "",
    "2": "approximate location: ACLED places it at a nearby town or the part of the region named in the reports (geo_precision 2)",
    "3": "approximate location: ACLED places it at the centroid of a larger area (geo_precision 3)",
}


def _event(row: dict, line: int, rows: _Rows, warnings: _Rows, actor_ids: dict, place_ids: dict, seen_ids: dict) -> dict | None:
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
    geo = row.get("geo_precision", "")
    if geo not in ("", "1", "2", "3"):
        rows.add(line, "geo_precision", f"geo_precision {geo!r} is not 1, 2 or 3")
        return None
    fatalities = row.get("fatalities", "")
    if fatalities and not (fatalities.isascii() and fatalities.isdigit() and len(fatalities) <= 9):
        rows.add(line, "fatalities", f"fatalities {fatalities[:40]!r} is not a whole number of at most 9 digits")
        return None

    record_id = row.get("event_id_cnty", "")
    location = _place_key(row)[0]
    base = f"acled-{slug(record_id)}" if slug(record_id) else (
        f"acled-{day.isoformat()}-{slug(location) or 'event'}-"
        + hashlib.sha1("\x1f".join(f"{k}={v}" for k, v in sorted(row.items())).encode("utf-8")).hexdigest()[:6]
    )
    event_id, n = base, 2
    while event_id in seen_ids:
        event_id, n = f"{base}-{n}", n + 1
    if event_id != base:
        warnings.add(line, "event_id_cnty", f"warning: event id {base!r} is also on line {seen_ids[base]}; this row becomes {event_id!r}")
    seen_ids[event_id] = line

    names = []
    for side in ("1", "2"):
        for name in [row.get(f"actor{side}", ""), *_split(row.get(f"assoc_actor_{side}", ""))]:
            if name and actor_ids[name_key(name)] not in names:
                names.append(actor_ids[name_key(name)])

    what = row.get("sub_event_type", "") or row.get("event_type", "") or "Event"
    title = f"{what} in {location}" if location else what
    parts: list[str] = []
    for part in (row.get("location", ""), row.get("admin3", ""), row.get("admin2", ""), row.get("admin1", ""), row.get("country", "")):
        if part and name_key(part) not in {name_key(p) for p in parts}:
            parts.append(part)
    where = ", ".join(parts)
    notes = row.get("notes", "") or (
        f"ACLED gives no notes for this event: {_article(what)} {what.lower()}{f' in {where}' if where else ''}."
    )
    coding = [f"Date: {PRECISION_WORDS[precision]}."]
    if where:
        coding.append(f"Location: {where}" + (f"; {GEO_WORDS[geo]}." if GEO_WORDS.get(geo) else "."))
    if row.get("interaction"):
        inter = row["interaction"]
        coding.append(f"ACLED interaction: {interaction_words(inter)}.")
    if row.get("civilian_targeting"):
        coding.append("ACLED codes this event as civilian targeting.")
    if record_id:
        coding.append(f"ACLED event {record_id}.")
    text = f"{notes}\n\n{' '.join(coding)}"

    key = _place_key(row)
    tags = []
    for value in (row.get("event_type", ""), row.get("sub_event_type", ""),
                  "civilian targeting" if row.get("civilian_targeting") else "",
                  "approximate location" if geo in ("2", "3") else "",
                  *_split(row.get("tags", ""))):
        tag = slug(value)
        if tag and tag not in tags:
            tags.append(tag)

    acled_source: dict = {"publisher": "ACLED"}
    if record_id:
        acled_source["title"] = f"Event {record_id}"
    stamp = row.get("timestamp", "")
    if stamp.isascii() and stamp.isdigit() and len(stamp) <= 12:
        try:
            acled_source["date"] = _dt.datetime.fromtimestamp(int(stamp), _dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            pass
    sources = [acled_source] + [
        {"publisher": publisher, "title": "as cited by ACLED"} for publisher in _split(row.get("source", ""))
    ]

    event: dict = {"id": event_id, "date": honest_date(day, precision), "title": title, "actors": names}
    if key[0] and key in place_ids:
        event["places"] = [place_ids[key]]
    if tags:
        event["tags"] = tags
    event["text"] = text
    if fatalities:
        count = int(fatalities)
        says = (
            f"ACLED records {count} reported fatalit{'y' if count == 1 else 'ies'} for this event."
            if count else "ACLED reports no fatalities for this event."
        )
        event["claims"] = [{"by": ACLED_ID, "says": says, "via": "ACLED dataset"}]
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
