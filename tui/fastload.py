"""A faster first load of big timelines: the Rust parser `yaml-rs` (optional) and a strict builder.

PyYAML (`loader.py`) is the reference. This module is a second implementation of the
loader's *success path only*, written to be stricter than it: whenever anything is unusual
(a YAML feature the two parsers read differently, a value of an unexpected type, any rule
broken) it gives up and returns None, and the caller loads the file with `loader.load`, which
builds the timeline or reports every problem at its exact line and column. It returns a
Timeline only when the loader would return an equal one (tests/test_fastload.py checks them
against each other on the built-in timeline, generated timelines and fuzzed documents).

Why a second builder: yaml-rs gives plain values without line numbers, so the loader's
node walker cannot run on them; and the walker costs as much as the parse on big files.
Event line numbers (`Event.line`) come from a scan of the text, checked against the ids.
No Textual here.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from . import loader as L
from .dates import DateError, PartialDate, parse_date
from .model import Actor, Casualties, Claim, Era, Event, Place, Source, Timeline
from .safetext import clean

try:
    import yaml_rs
except ImportError:  # the optional extra: pip install 'syria-timeline[fast]'
    yaml_rs = None  # type: ignore[assignment]

# stricter-or-equal caps than the loader's (its own values when it has them)
_LINE_CHARS = min(2_000, getattr(L, "MAX_LINE_CHARS", 2_000))
_TEXT_CHARS = min(50_000, getattr(L, "MAX_TEXT_CHARS", 50_000))
PROGRESS_EVERY = 10_000
_TOP_KEYS, _ACTOR_KEYS, _PLACE_KEYS, _ERA_KEYS = map(frozenset, (L.TOP_KEYS, L.ACTOR_KEYS, L.PLACE_KEYS, L.ERA_KEYS))
_EVENT_KEYS, _CLAIM_KEYS, _SOURCE_KEYS, _CASUALTY_KEYS = map(frozenset, (L.EVENT_KEYS, L.CLAIM_KEYS, L.SOURCE_KEYS, L.CASUALTY_KEYS))

# --------------------------------------------------------------------------- guards on the raw text
# Checked on the UTF-8 bytes, with searches that start from a rare literal (fast in C).
_ALLOWED_BYTES = bytes([0x0A, 0x0D]) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_ODD_UNICODE = (
    re.compile(rb"\xc2[\x80-\x9f]"),  # C1 controls and NEL (PyYAML reads NEL as a line break)
    re.compile(rb"\xe2\x80[\xa8\xa9]"),  # LS, PS: line breaks to PyYAML, not to YAML 1.2
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # BOM inside the text, U+FFFE, U+FFFF
)
# a tag (!foo, !!binary, !), an anchor (&a) or an alias (*a); "R&D" and " & " are no such thing
_TAG = re.compile(rb"!(?<=[ \n\[\]{},]!)|[&*](?<=[ \n\[\]{},][&*])(?=[^ \r\n,\[\]{}])")
_DIRECTIVE = re.compile(rb"%(?<=\n%)")
_FLOW_COLON = re.compile(rb":[,\[\]{}]")  # {a:} or [a:, b]: PyYAML refuses, yaml-rs reads a null
# plain scalars yaml-rs reads as an integer whose text is not the integer's usual form
# (007, 0x1f, 0o17, 0b101, -0, +5, 1_000): the loader reads those from the text as written
_INT_END = rb"[0-9a-zA-Z_]*(?=[ ]*(?:$|[,\]}#\r]|:(?:[ ]|$)))"
_ODD_INT = (
    re.compile(rb"0(?<=[ \n\[{,]0)[0-9a-zA-Z_]" + _INT_END, re.M),
    re.compile(rb"-0(?<=[ \n\[{,]-0)" + _INT_END, re.M),
    re.compile(rb"\+(?<=[ \n\[{,]\+)[0-9]" + _INT_END, re.M),
    re.compile(rb"_(?<=[0-9]_)" + _INT_END, re.M),
)


def available() -> bool:
    return yaml_rs is not None


def odd_text(text: str) -> str:
    """Why the fast path will not read this text ("" when it will).

    YAML 1.2 (yaml-rs) and YAML 1.1 (PyYAML) read a few things differently; rather than
    reproduce PyYAML's reading of them, a text that has one goes to the reference path.
    (Flow items that start with an indicator character are caught on the values: _ODD_START.)
    """
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _ALLOWED_BYTES):
        return "a tab or a control character"
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return "a carriage return that is not part of CRLF"
    if not text.isascii() and any(p.search(data) for p in _ODD_UNICODE):
        return "NEL, LS, PS, a BOM or a C1 control character"
    if data[:1] in (b"!", b"&", b"*", b"%") or _TAG.search(data) or _DIRECTIVE.search(data):
        return "a tag, an anchor, an alias or a directive"
    if _FLOW_COLON.search(data):
        return "a colon before a flow indicator"
    if data[:1] in (b"0", b"-", b"+") or any(p.search(data) for p in _ODD_INT):
        return "a number written in an unusual form"
    estimate = getattr(L, "estimate_values", None)
    dense, most, per = getattr(L, "DENSE_VALUES", None), getattr(L, "MAX_VALUES", None), getattr(L, "DENSE_BYTES", None)
    if estimate and dense and most and per and len(text) > dense:  # the loader's size check, before parsing
        values = estimate(text)
        if values > most or (values > dense and values * per > len(text)):
            return "too many values"
    return ""


# --------------------------------------------------------------------------- event lines


_EVENTS_KEY = re.compile(r"^events[ \t]*:[ \t]*(?:#.*)?\r?$", re.M)
_FIRST_ITEM = re.compile(r"^(?:[ \t]*(?:#.*)?\r?\n)*( *)-[ \r\n]", re.M)
_ITEM_ID = re.compile(r"-[ ]+(?:\{[ ]*)?id[ ]*:[ ]*(?:'([^'\n]*)'|\"([^\"\\\n]*)\"|([^\s,}#'\"]+))")


def event_lines(text: str, ids: list[str]) -> list[int] | None:
    """The 1-based line on which each event (in file order) starts, or None if not certain.

    Certain means: a single top-level `events:` key; every line of its block sequence that
    starts an item (`- ` at the sequence's indentation, up to the next line indented less)
    starts with the id of the event expected there (`- id: X` or `- {id: X, ...}`); as many
    such lines as events. Any other layout returns None (and the loader does the work).
    """
    found = _EVENTS_KEY.search(text)
    if found is None or _EVENTS_KEY.search(text, found.end()) is not None:
        return None
    start = found.end() + 1  # the line after `events:`
    first = _FIRST_ITEM.match(text, start)
    if first is None:
        return None
    indent = first.group(1)
    k = len(indent)
    # the section ends at the first line indented less than its items (k == 0: a line at the
    # margin that is not an item or a comment), or at an item-looking line like "-foo" or "---"
    if k == 0:
        end_re = re.compile(r"\n(?:[^\s#\-]|-[^ \r\n])")
    else:
        end_re = re.compile(r"\n(?: {0,%d}[^ \r\n#]| {%d}-[^ \r\n])" % (k - 1, k))
    end_match = end_re.search(text, first.start(1) - 1)
    end = end_match.start() + 1 if end_match else len(text)
    item_re = re.compile(re.escape("\n" + indent + "-") + r"[ \r\n]")
    lines: list[int] = []
    line = text.count("\n", 0, first.start(1)) + 1
    at = first.start(1)
    n = 0
    for match in item_re.finditer(text, first.start(1) - 1, end):
        if n >= len(ids):
            return None
        pos = match.start() + 1
        line += text.count("\n", at, pos)
        at = pos
        got = _ITEM_ID.match(text, pos + k)
        if got is None or (got.group(1) or got.group(2) or got.group(3)) != ids[n]:
            return None
        lines.append(line)
        n += 1
    return lines if len(lines) == len(ids) else None


# --------------------------------------------------------------------------- the builder


# In flow collections yaml-rs reads some plain items PyYAML refuses or reads otherwise ([:a],
# [?a], [|], [@a]...): a value that starts with one of these goes to the loader. (A value that
# starts with a quote or a bracket was quoted in the file: both parsers read those alike.)
_ODD_START = frozenset(":?|>@`%!&*")


class _Bail(Exception):
    """Not certain: let the reference loader read the file."""


def _text(value: object, *, required: bool = False, multiline: bool = False) -> str:
    if value is None:
        if required:
            raise _Bail
        return ""
    if type(value) is not str:  # numbers, booleans, dates: the loader uses their text as written
        raise _Bail
    if value[:1] in _ODD_START:
        raise _Bail
    if required and not value.strip():
        raise _Bail
    if len(value) > (_TEXT_CHARS if multiline else _LINE_CHARS):
        raise _Bail
    value = value.rstrip() if multiline else value.strip()
    # printable text has nothing `clean` changes (tests/test_fastload.py checks every code point)
    return value if value.isprintable() else clean(value, multiline=multiline)


def _ident(value: object) -> str:
    text = _text(value, required=True)
    if not L._ID.match(text):
        raise _Bail
    return text


def _seq(value: object) -> list:
    if value is None:
        return []
    if type(value) is not list:
        raise _Bail
    return value


def _map(value: object, allowed: frozenset[str] | None) -> dict:
    if type(value) is not dict:
        raise _Bail
    if allowed is not None and value.keys() <= allowed:  # the usual case: nothing to clean or refuse
        return value
    out = {}
    for key, item in value.items():
        if type(key) is not str or key[:1] in _ODD_START:
            raise _Bail
        name = clean(key)
        if name in out or (allowed is not None and name not in allowed):
            raise _Bail
        out[name] = item
    return out


def _date(value: object, *, required: bool = True) -> PartialDate | None:
    if value is None:
        if required:
            raise _Bail
        return None
    if type(value) is int:  # the guards make sure the text was written like str(value)
        value = str(value)
    if type(value) is not str or value[:1] in _ODD_START:
        raise _Bail
    try:
        return parse_date(value)
    except DateError:
        raise _Bail from None


def _number(value: object, kind: type) -> int | float | None:
    if value is None:
        return None
    if type(value) is int:
        return kind(value)
    if type(value) is float and kind is float and math.isfinite(value):
        return value
    if type(value) is not str or value[:1] in _ODD_START:
        raise _Bail
    try:
        return kind(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise _Bail from None


def _require(fields: dict, names: tuple[str, ...]) -> None:
    for name in names:
        if name not in fields:
            raise _Bail


class _Builder:
    def __init__(self, progress: Callable[[str], None] | None):
        self.progress = progress

    def actors(self, value: object) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for key, item in _map(value, None).items():
            if not L._ID.match(key):
                raise _Bail
            f = _map(item, _ACTOR_KEYS)
            _require(f, ("name",))
            kind = _text(f["kind"]) if "kind" in f else ""
            if kind and kind not in L.ACTOR_KINDS:
                raise _Bail
            out[key] = Actor(
                id=key,
                name=_text(f["name"], required=True),
                short=_text(f["short"]) if "short" in f else "",
                aliases=tuple(v for v in map(_text, _seq(f["aliases"])) if v) if "aliases" in f else (),
                kind=kind,
                alignment=_text(f["alignment"]) if "alignment" in f else "",
                description=_text(f["description"], multiline=True) if "description" in f else "",
            )
        return out

    def places(self, value: object) -> dict[str, Place]:
        out: dict[str, Place] = {}
        for key, item in _map(value, None).items():
            if not L._ID.match(key):
                raise _Bail
            f = _map(item, _PLACE_KEYS)
            _require(f, ("name",))
            lat = _number(f["lat"], float) if "lat" in f else None
            lon = _number(f["lon"], float) if "lon" in f else None
            if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
                raise _Bail
            out[key] = Place(
                id=key,
                name=_text(f["name"], required=True),
                arabic=_text(f["arabic"]) if "arabic" in f else "",
                governorate=_text(f["governorate"]) if "governorate" in f else "",
                country=_text(f["country"]) if "country" in f else "",
                lat=lat,
                lon=lon,
            )
        return out

    def eras(self, value: object) -> tuple[Era, ...]:
        out = []
        seen: set[str] = set()
        for item in _seq(value):
            f = _map(item, _ERA_KEYS)
            _require(f, ("id", "title", "start"))
            era_id = _ident(f["id"])
            if era_id in seen:
                raise _Bail
            seen.add(era_id)
            start = _date(f["start"])
            end = _date(f["end"], required=False) if "end" in f else None
            if end is not None and end < start:  # type: ignore[operator]
                raise _Bail
            out.append(Era(
                id=era_id,
                title=_text(f["title"], required=True),
                start=start,  # type: ignore[arg-type]
                end=end,
                summary=_text(f["summary"]) if "summary" in f else "",
            ))
        return tuple(sorted(out, key=lambda era: era.start.key))

    def event(self, value: object, line: int) -> Event:
        f = _map(value, _EVENT_KEYS)
        _require(f, L.EVENT_REQUIRED)
        event_id = _ident(f["id"])
        date = _date(f["date"])
        end = _date(f["end"], required=False) if "end" in f else None
        if end is not None and end.last_day() < date.first_day():  # type: ignore[union-attr]
            raise _Bail
        if type(f["actors"]) is list and not f["actors"]:
            raise _Bail
        actors = tuple(map(_ident, _seq(f["actors"])))
        claims = ()
        if "claims" in f:
            claims = tuple(self.claim(item) for item in _seq(f["claims"]))
        sources = _seq(f["sources"])
        if not sources:
            raise _Bail
        return Event(
            id=event_id,
            date=date,  # type: ignore[arg-type]
            end=end,
            title=_text(f["title"], required=True),
            actors=actors,
            places=tuple(map(_ident, _seq(f["places"]))) if "places" in f else (),
            tags=tuple(v for v in map(_text, _seq(f["tags"])) if v) if "tags" in f else (),
            summary=_text(f["summary"]) if "summary" in f else "",
            text=_text(f["text"], required=True, multiline=True),
            claims=claims,
            casualties=self.casualties(f["casualties"]) if "casualties" in f else None,
            sources=tuple(self.source(item) for item in sources),
            related=tuple(map(_ident, _seq(f["related"]))) if "related" in f else (),
            line=line,
        )

    def claim(self, value: object) -> Claim:
        f = _map(value, _CLAIM_KEYS)
        _require(f, ("by", "says"))
        return Claim(
            by=_ident(f["by"]),
            says=_text(f["says"], required=True, multiline=True),
            via=_text(f["via"]) if "via" in f else "",
        )

    def source(self, value: object) -> Source:
        f = _map(value, _SOURCE_KEYS)
        _require(f, ("publisher",))
        return Source(
            publisher=_text(f["publisher"], required=True),
            title=_text(f["title"]) if "title" in f else "",
            date=_date(f["date"], required=False) if "date" in f else None,
            url=_text(f["url"]) if "url" in f else "",
        )

    def casualties(self, value: object) -> Casualties:
        f = _map(value, _CASUALTY_KEYS)
        low = _number(f["low"], int) if "low" in f else None
        high = _number(f["high"], int) if "high" in f else None
        if (low is not None and low < 0) or (high is not None and high < 0):
            raise _Bail
        if low is not None and high is not None and high < low:
            raise _Bail
        return Casualties(low, high, _text(f["note"]) if "note" in f else "")  # type: ignore[arg-type]

    def timeline(self, data: object, text: str, path: str) -> Timeline:
        top = _map(data, _TOP_KEYS)
        if "version" in top and _number(top["version"], int) not in (None, 1):
            raise _Bail
        if "events" not in top:
            raise _Bail
        title = _text(top["title"]) if "title" in top else ""
        actors = self.actors(top["actors"]) if "actors" in top else {}
        places = self.places(top["places"]) if "places" in top else {}
        eras = self.eras(top["eras"]) if "eras" in top else ()
        items = _seq(top["events"])
        ids = [item.get("id") if type(item) is dict else None for item in items]
        if not all(type(i) is str for i in ids):
            raise _Bail
        lines = event_lines(text, ids)  # type: ignore[arg-type]
        if lines is None:
            raise _Bail
        total = len(items)
        events: list[Event] = []
        known: set[str] = set()
        for n, item in enumerate(items):
            if self.progress and n and n % PROGRESS_EVERY == 0:
                self.progress(f"checking {n:,} of {total:,} events")
            event = self.event(item, lines[n])
            if event.id in known:
                raise _Bail
            known.add(event.id)
            events.append(event)
        for event in events:
            if not all(a in actors for a in event.actors) or not all(p in places for p in event.places):
                raise _Bail
            if not all(r in known for r in event.related) or not all(c.by in actors for c in event.claims):
                raise _Bail
        events.sort(key=lambda event: event.date.key)  # stable, like the loader
        return Timeline(title=title, events=tuple(events), actors=actors, places=places, eras=eras, path=path)


def parse(text: str) -> object:
    """yaml-rs's reading of `text` (plain values); raises on anything it refuses, aliases included."""
    assert yaml_rs is not None
    return yaml_rs.loads(
        text,
        parse_datetime=False,
        alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0),  # aliases: the loader decides
        duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
    )


def loads(text: str, path: str, progress: Callable[[str], None] | None = None) -> Timeline | None:
    """The timeline in `text`, or None when the reference loader must read it."""
    if yaml_rs is None or odd_text(text):
        return None
    try:
        data = parse(text)
    except Exception:  # noqa: BLE001 - any refusal: the loader reports it with its location
        return None
    try:
        return _Builder(progress).timeline(data, text, path)
    except _Bail:
        return None
    except Exception:  # noqa: BLE001 - never an error from here: the loader is the judge
        return None
