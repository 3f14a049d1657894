"""Every rule of the timeline format, written once, over a plain document (document.py).

`build(document, path)` checks the document and builds the `Timeline`, or raises
TimelineError listing every problem (capped), each at file:line:col: a rule records an
`Issue` at a path in the document (("events", 3, "actors", 1)), and the adapter that made
the document looks the path up only when a problem is reported. No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat
from typing import overload

from .. import model
from ..dates import DateError, PartialDate, parse_date
from ..model import (
    ROLES,
    Actor,
    ActorName,
    Casualties,
    Claim,
    Era,
    Place,
    Source,
    Timeline,
)
from ..safetext import clean
from .document import REFUSED, Document, Undecided  # noqa: F401 - Undecided: raised here, caught by callers
from .problems import MAX_PROBLEMS, Issue, Problem, TimelineError, TooMany, short

MAX_LINE_CHARS = 2_000  # one-line strings: titles, names, URLs, summaries
MAX_TEXT_CHARS = 50_000  # multi-line text: an event's account, a claim, a description
PROGRESS_EVERY = 10_000  # events between progress messages

ACTOR_KINDS = (
    "state", "armed-forces", "armed-group", "coalition", "monitor", "media",
    "international", "civilians", "person",
)
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,199}$")

TOP_KEYS = ("version", "title", "description", "actors", "places", "eras", "events")
ACTOR_KEYS = ("name", "short", "aliases", "kind", "alignment", "description", "names")
NAME_KEYS = ("name", "short", "from", "until")
PLACE_KEYS = ("name", "arabic", "governorate", "country", "lat", "lon")
ERA_KEYS = ("id", "title", "start", "end", "summary")
EVENT_KEYS = (
    "id", "date", "end", "title", "actors", "places", "tags", "summary", "text",
    "claims", "casualties", "sources", "related", "roles", "era",
)
EVENT_REQUIRED = ("id", "date", "title", "actors", "text", "sources")
_REQUIRED = frozenset(EVENT_REQUIRED)
CLAIM_KEYS = ("by", "says", "via")
SOURCE_KEYS = ("publisher", "title", "date", "url")
CASUALTY_KEYS = ("low", "high", "note")

_BAD = object()  # a value already reported (or refused by the adapter): no further message


def describe(where: tuple) -> str:
    """How messages name the mapping at `where` ("an event", "actor 'hts'", "the timeline")."""
    if not where:
        return "the timeline"
    section = where[0]
    if len(where) == 1:
        return str(section)
    if section == "actors" and len(where) == 2:
        return f"actor {where[1]!r}"
    if section == "actors" and len(where) == 4 and where[2] == "names":
        return f"a name of actor {where[1]!r}"
    if section == "places" and len(where) == 2:
        return f"place {where[1]!r}"
    if section == "eras" and len(where) == 2:
        return "an era"
    if section == "events":
        if len(where) == 2:
            return "an event"
        if len(where) == 4 and where[2] == "claims":
            return "a claim"
        if len(where) == 4 and where[2] == "sources":
            return "a source"
        if len(where) == 3:
            return str(where[2])
    return "this mapping"


class _Checker:
    """The checks on plain values; every refusal is recorded as an Issue at its path.

    A value is named by the path of its parent and its own step (`where`, `step`): the path
    itself is only built when there is something to report."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.dates: dict[str, PartialDate] = {}  # each date's text read once (dates are immutable: shared)

    def add(self, where: tuple, message: str, *, key: bool = False, first: tuple | None = None, after: str = "") -> None:
        self.issues.append(Issue(where, message, key, first, after))
        if len(self.issues) >= MAX_PROBLEMS:
            raise TooMany()

    def at(self, where: tuple, step: object, message: str) -> None:
        self.add(where if step is None else (*where, step), message)

    # -- shapes ------------------------------------------------------------------------------
    def mapping(self, value: object, where: tuple, what: str, allowed: tuple[str, ...] | None = None) -> dict | None:
        if value is REFUSED:
            return None
        if type(value) is not dict:
            self.add(where, f"{what} must be a mapping (key: value lines)")
            return None
        if allowed is not None and not value.keys() <= (known := _set_of(allowed)):
            out = {}
            for key, item in value.items():
                if key in known:
                    out[key] = item
                else:
                    self.add((*where, key), f"unknown key {short(key)!r} in {what}; {_did_you_mean(key, allowed)}allowed: {', '.join(allowed)}", key=True)
            return out
        return value

    def sequence(self, value: object, where: tuple, step: object, what: str) -> list | None:
        if value is None:
            return []
        if value is REFUSED:
            return None
        if type(value) is not list:
            self.at(where, step, f"{what} must be a list ([a, b] or '- item' lines)")
            return None
        return value

    def scalar(self, value: object, where: tuple, step: object, what: str) -> object:
        """The scalar (str, int, float or None), or _BAD."""
        kind = type(value)
        if kind is str or value is None or kind is int or kind is float:
            return value
        if value is REFUSED:
            return _BAD
        if kind is bool:  # JSON's true and false (YAML's are read as text)
            self.at(where, step, f"{what} must be text or a number, not {'true' if value else 'false'}")
            return _BAD
        self.at(where, step, f"{what} must be a single value, not a {'list' if kind is list else 'mapping'}")
        return _BAD

    # -- values ------------------------------------------------------------------------------
    def text(self, value: object, where: tuple, step: object, what: str, *, required: bool = False, multiline: bool = False) -> str:
        if type(value) is str and len(value) <= (MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS):  # the usual case
            stripped = value.rstrip() if multiline else value.strip()
            if stripped:
                # printable text has nothing `clean` changes (tests/test_fastload.py checks every code point)
                return stripped if stripped.isprintable() else clean(stripped, multiline=multiline)
        if type(value) is not str:
            value = self.scalar(value, where, step, what)
            if value is _BAD:
                return ""
            if type(value) is float:
                raise Undecided(what)
            if value is not None:
                value = str(value)
        if value is None or (required and not value.strip()):
            if required:
                self.at(where, step, f"{what} is empty; write it out")
            return ""
        limit = MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS
        if len(value) > limit:
            self.at(where, step, f"{what} is {len(value):,} characters long; the limit is {limit:,}; shorten it")
            return ""
        value = value.rstrip() if multiline else value.strip()
        return value if value.isprintable() else clean(value, multiline=multiline)

    def ident(self, value: object, where: tuple, step: object, what: str) -> str:
        text = self.text(value, where, step, what, required=True)
        if text and not ID.match(text):
            self.at(where, step, f"{what} {text[:60]!r} is not a valid id; use letters, digits and - _ . : (no spaces)")
            return ""
        return text

    def idlist(self, value: object, where: tuple, step: object, what: str) -> list[tuple[str, tuple, int]]:
        """(id, path of the list, position) of each valid entry."""
        out: list[tuple[str, tuple, int]] = []
        items = self.sequence(value, where, step, what)
        if items:
            here = (*where, step)
            if all(type(item) is str and ID.fullmatch(item) for item in items):  # the usual case: nothing to clean
                return list(zip(items, repeat(here), range(len(items))))
            entry = f"an entry of {what}"
            for n, item in enumerate(items):
                text = self.ident(item, here, n, entry)
                if text:
                    out.append((text, here, n))
        return out

    def textlist(self, value: object, where: tuple, step: object, what: str) -> tuple[str, ...]:
        items = self.sequence(value, where, step, what)
        if not items:
            return ()
        if all(type(item) is str and 0 < len(item) <= MAX_LINE_CHARS and item.isprintable() and not item[0].isspace()
               and not item[-1].isspace() for item in items):  # the usual case: as they are
            return tuple(items)
        here = (*where, step)
        entry = f"an entry of {what}"
        return tuple(v for v in (self.text(item, here, n, entry) for n, item in enumerate(items)) if v)

    def date(self, value: object, where: tuple, step: object, what: str, *, required: bool = True) -> PartialDate | None:
        value = self.scalar(value, where, step, what)
        if value is _BAD:
            return None
        if value is None:
            if required:
                self.at(where, step, f"{what} is empty; write a date like 2016, 2016-12 or 2016-12-22")
            return None
        if type(value) is float:
            raise Undecided(what)
        text = str(value)
        found = self.dates.get(text)
        if found is not None:
            return found
        try:
            if not text.replace("-", "").replace("~", "").strip().isdigit():  # not 2016, 2016-12-22, ~2013-08
                _not_a_span_or_ambiguous(text)  # what dateutil would read, but not as meant
            found = self.dates[text] = parse_date(text)
            return found
        except _NotAsMeant as exc:
            self.at(where, step, f"{what}: {exc}")
            return None
        except DateError as exc:
            self.at(where, step, f"{what}: {exc}; write a date like 2016, 2016-12, 2016-12-22 or ~2013-08")
            return None

    @overload
    def number(self, value: object, where: tuple, step: object, what: str) -> int | None: ...
    @overload
    def number(self, value: object, where: tuple, step: object, what: str, kind: type[float]) -> float | None: ...

    def number(self, value: object, where: tuple, step: object, what: str, kind: type = int) -> float | int | None:
        """A whole number (or, with `kind=float`, any number) from the file, or None (said)."""
        value = self.scalar(value, where, step, what)
        if value is _BAD or value is None:
            return None
        if type(value) is float:
            if kind is not float:
                raise Undecided(what)
            return value
        try:
            return kind(str(value).replace("_", "").replace(",", ""))
        except ValueError:
            self.at(where, step, f"{what} must be a {'whole ' if kind is int else ''}number")
            return None

    def require(self, fields: dict, where: tuple, names: tuple[str, ...], what: str) -> bool:
        if len(names) == 1 and names[0] in fields:
            return True
        missing = [name for name in names if name not in fields]
        for name in missing:
            self.add(where, f"{what} is missing {name!r}; add it")
        return not missing


_sets: dict[tuple[str, ...], frozenset[str]] = {}


def _set_of(keys: tuple[str, ...]) -> frozenset[str]:
    found = _sets.get(keys)
    if found is None:
        found = _sets[keys] = frozenset(keys)
    return found


# --------------------------------------------------------------------------- sections


def _actors(c: _Checker, value: object) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for key, item in (c.mapping(value, ("actors",), "actors") or {}).items():
        at = ("actors", key)
        if not ID.match(key):
            c.add(at, f"actor id {key[:60]!r} is not a valid id; use letters, digits and - _ . :", key=True)
            continue
        f = c.mapping(item, at, f"actor {key!r}", ACTOR_KEYS)
        if f is None or not c.require(f, at, ("name",), f"actor {key!r}"):
            continue
        kind = c.text(f["kind"], at, "kind", f"actor {key!r} kind") if "kind" in f else ""
        if kind and kind not in ACTOR_KINDS:
            c.add((*at, "kind"), f"actor kind {kind!r} is not one of: {', '.join(ACTOR_KINDS)}")
        out[key] = Actor(
            id=key,
            name=c.text(f["name"], at, "name", f"actor {key!r} name", required=True),
            short=c.text(f["short"], at, "short", "short") if "short" in f else "",
            aliases=c.textlist(f["aliases"], at, "aliases", "aliases") if "aliases" in f else (),
            kind=kind,
            alignment=c.text(f["alignment"], at, "alignment", "alignment") if "alignment" in f else "",
            description=c.text(f["description"], at, "description", "description", multiline=True) if "description" in f else "",
            names=_names(c, f["names"], at, key) if "names" in f else (),
        )
    return out


def _names(c: _Checker, value: object, where: tuple, actor_id: str) -> tuple[ActorName, ...]:
    """An actor's earlier names, oldest first: each until the day its successor starts."""
    out: list[ActorName] = []
    here = (*where, "names")
    previous: PartialDate | None = None  # the previous name's `until`
    for n, item in enumerate(c.sequence(value, where, "names", f"names of actor {actor_id!r}") or ()):
        at = (*here, n)
        what = f"a name of actor {actor_id!r}"
        f = c.mapping(item, at, what, NAME_KEYS)
        if f is None or not c.require(f, at, ("name", "until"), what):
            previous = None
            continue
        name = c.text(f["name"], at, "name", f"{what}: name", required=True)
        start = c.date(f["from"], at, "from", f"{name!r} from", required=False) if "from" in f else previous
        until = c.date(f["until"], at, "until", f"{name!r} until")
        if "from" in f and start is not None and previous is not None and start.first_day() < previous.first_day():
            c.add((*at, "from"), f"actor {actor_id!r}: {name!r} starts ({start}) before the name before it ends ({previous}); list names oldest first, without overlap")
        if start is not None and until is not None and until.first_day() <= start.first_day():
            c.add((*at, "until"), f"actor {actor_id!r}: {name!r} ends ({until}) on or before it starts ({start}); `until` is the first day of the next name")
        previous = until
        if name and until is not None:
            out.append(ActorName(name=name, until=until, short=c.text(f["short"], at, "short", f"{name!r} short") if "short" in f else "", start=start))
    return tuple(out)


def _places(c: _Checker, value: object) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for key, item in (c.mapping(value, ("places",), "places") or {}).items():
        at = ("places", key)
        if not ID.match(key):
            c.add(at, f"place id {key[:60]!r} is not a valid id; use letters, digits and - _ . :", key=True)
            continue
        f = c.mapping(item, at, f"place {key!r}", PLACE_KEYS)
        if f is None or not c.require(f, at, ("name",), f"place {key!r}"):
            continue
        lat = c.number(f["lat"], at, "lat", f"place {key!r} lat", float) if "lat" in f else None
        lon = c.number(f["lon"], at, "lon", f"place {key!r} lon", float) if "lon" in f else None
        if lat is not None and not -90 <= lat <= 90:
            c.add((*at, "lat"), "lat must be between -90 and 90")
        if lon is not None and not -180 <= lon <= 180:
            c.add((*at, "lon"), "lon must be between -180 and 180")
        out[key] = Place(
            id=key,
            name=c.text(f["name"], at, "name", f"place {key!r} name", required=True),
            arabic=c.text(f["arabic"], at, "arabic", f"place {key!r} arabic") if "arabic" in f else "",
            governorate=c.text(f["governorate"], at, "governorate", f"place {key!r} governorate") if "governorate" in f else "",
            country=c.text(f["country"], at, "country", f"place {key!r} country") if "country" in f else "",
            lat=lat,
            lon=lon,
        )
    return out


def _eras(c: _Checker, value: object) -> tuple[Era, ...]:
    out = []
    seen: dict[str, tuple] = {}
    for n, item in enumerate(c.sequence(value, (), "eras", "eras") or ()):
        at = ("eras", n)
        f = c.mapping(item, at, "an era", ERA_KEYS)
        if f is None or not c.require(f, at, ("id", "title", "start"), "an era"):
            continue
        era_id = c.ident(f["id"], at, "id", "era id")
        if era_id in seen:
            c.add((*at, "id"), f"duplicate era id {era_id!r}", first=seen[era_id])
            continue
        seen[era_id] = at
        start = c.date(f["start"], at, "start", "era start")
        end = c.date(f["end"], at, "end", "era end", required=False) if "end" in f else None
        if start and end and end < start:
            c.add((*at, "end"), f"era ends ({end}) before it starts ({start}); swap them")
        if start and era_id:
            out.append(Era(
                id=era_id,
                title=c.text(f["title"], at, "title", "era title", required=True),
                start=start,
                end=end,
                summary=c.text(f["summary"], at, "summary", "era summary") if "summary" in f else "",
            ))
    return tuple(sorted(out, key=lambda era: era.start.key))


def _sources(c: _Checker, value: object, where: tuple, event_id: str) -> tuple[Source, ...]:
    out = []
    items = c.sequence(value, where, None, f"sources of {event_id!r}")
    if items == []:
        c.add(where, f"event {event_id!r} has no source; every event needs at least one")
    for n, item in enumerate(items or ()):
        at = (*where, n)
        f = c.mapping(item, at, "a source", SOURCE_KEYS)
        if f is None:
            continue
        if "publisher" not in f:
            c.add(at, f"a source of {event_id!r} has no publisher; name who published it")
            continue
        out.append(Source(
            c.text(f["publisher"], at, "publisher", "source publisher", required=True),
            c.text(f["title"], at, "title", "source title") if "title" in f else "",
            c.date(f["date"], at, "date", "source date", required=False) if "date" in f else None,
            c.text(f["url"], at, "url", "source url") if "url" in f else "",
        ))
    return tuple(out)


def _claims(c: _Checker, value: object, where: tuple) -> list[tuple[Claim, tuple]]:
    out = []
    for n, item in enumerate(c.sequence(value, where, None, "claims") or ()):
        at = (*where, n)
        f = c.mapping(item, at, "a claim", CLAIM_KEYS)
        if f is None or not c.require(f, at, ("by", "says"), "a claim"):
            continue
        out.append((
            Claim(
                by=c.ident(f["by"], at, "by", "claim by"),
                says=c.text(f["says"], at, "says", "claim says", required=True, multiline=True),
                via=c.text(f["via"], at, "via", "claim via") if "via" in f else "",
            ),
            (*at, "by"),
        ))
    return out


def _casualties(c: _Checker, value: object, where: tuple) -> Casualties | None:
    f = c.mapping(value, where, "casualties", CASUALTY_KEYS)
    if f is None:
        return None
    low = c.number(f["low"], where, "low", "casualties low") if "low" in f else None
    high = c.number(f["high"], where, "high", "casualties high") if "high" in f else None
    for number, key in ((low, "low"), (high, "high")):
        if number is not None and number < 0:
            c.add((*where, key), f"casualties {key} cannot be negative")
    if low is not None and high is not None and high < low:
        c.add((*where, "high"), "casualties high is below low; swap them")
    note = c.text(f["note"], where, "note", "casualties note") if "note" in f else ""
    return Casualties(low, high, note)


def _roles(c: _Checker, value: object, where: tuple, actors: list) -> tuple[tuple[str, str], ...]:
    f = c.mapping(value, where, "roles")
    if not f:
        return ()
    listed = {actor for actor, _, _ in actors}
    out = []
    for actor, item in f.items():
        role = c.text(item, where, actor, f"role of {actor!r}", required=True)
        if actor not in listed:
            c.add((*where, actor), f"roles names {short(actor)!r}, which is not among the event's actors; add it to actors or remove its role", key=True)
        elif role and role not in ROLES:
            c.add((*where, actor), f"role {short(role)!r} is not one of: {', '.join(ROLES)}")
        elif role:
            out.append((actor, role))
    return tuple(out)


def _event(c: _Checker, value: object, at: tuple, line: int, refs: list, eras: dict[str, Era]) -> model.Event | None:
    f = c.mapping(value, at, "an event", EVENT_KEYS)
    if f is None:
        return None
    if not f.keys() >= _REQUIRED and not c.require(f, at, EVENT_REQUIRED, f"event {_peek_id(f)!r}" if "id" in f else "an event"):
        return None
    event_id = c.ident(f["id"], at, "id", "event id")
    date = c.date(f["date"], at, "date", "date")
    end = c.date(f["end"], at, "end", "end", required=False) if "end" in f else None
    if date and end and end.last_day() < date.first_day():
        c.add((*at, "end"), f"end ({end}) is before date ({date}); swap them or fix the end")
    actors = c.idlist(f["actors"], at, "actors", "actors")
    if not actors and type(f["actors"]) is list:
        c.add((*at, "actors"), "actors is empty; name at least one actor id from the registry")
    places = c.idlist(f["places"], at, "places", "places") if "places" in f else []
    related = c.idlist(f["related"], at, "related", "related") if "related" in f else []
    claims = _claims(c, f["claims"], (*at, "claims")) if "claims" in f else []
    refs.append((actors, places, related, claims))
    era = c.ident(f["era"], at, "era", "era") if "era" in f else ""
    if era and era not in eras:
        c.add((*at, "era"), f"unknown era {era!r}; define it under 'eras:' or fix the id")
    elif era and date and not eras[era].contains(date.first_day()):
        span = f"{eras[era].start} – {eras[era].end or '…'}"
        c.add((*at, "era"), f"the event's date ({date}) is outside era {era!r} ({span}); fix the era or the date")
    event = model.Event(
        id=event_id,
        date=date or PartialDate(1),
        end=end,
        title=c.text(f["title"], at, "title", "title", required=True),
        actors=tuple(a for a, _, _ in actors),
        places=tuple(p for p, _, _ in places),
        tags=c.textlist(f["tags"], at, "tags", "tags") if "tags" in f else (),
        summary=c.text(f["summary"], at, "summary", "summary") if "summary" in f else "",
        text=c.text(f["text"], at, "text", "text", required=True, multiline=True),
        claims=tuple(claim for claim, _ in claims),
        casualties=_casualties(c, f["casualties"], (*at, "casualties")) if "casualties" in f else None,
        sources=_sources(c, f["sources"], (*at, "sources"), event_id),
        related=tuple(r for r, _, _ in related),
        line=line,
        roles=_roles(c, f["roles"], (*at, "roles"), actors) if "roles" in f else (),
        era=era,
    )
    return event if event_id and date else None


def _peek_id(fields: dict) -> str:
    value = fields["id"]
    return str(value)[:60] if type(value) in (str, int) else "?"


# --------------------------------------------------------------------------- the whole


def check(document: Document, progress: Callable[[str], None] | None = None, path: str = "") -> tuple[Timeline | None, list[Issue]]:
    """The timeline the document holds and no issues, or None and the issues (at most MAX_PROBLEMS).
    Raises Undecided when the document cannot say (see document.py)."""
    c = _Checker()
    try:
        timeline = _check(c, document, progress, path)
    except TooMany:
        return None, c.issues
    return (None, c.issues) if c.issues else (timeline, [])


def _check(c: _Checker, document: Document, progress: Callable[[str], None] | None, path: str) -> Timeline | None:
    data = document.data
    if data is None:
        c.add((), "the file is empty; a timeline needs 'version: 1' and 'events:'")
        return None
    top = c.mapping(data, (), "the timeline", TOP_KEYS)
    if top is None:
        return None
    if "version" in top:
        version = c.number(top["version"], (), "version", "version")
        if version not in (None, 1):
            c.add(("version",), f"version {version} is not supported; this program reads version 1")
    if "events" not in top:
        c.add((), "the timeline has no 'events:' list; add one")
        return None
    title = c.text(top["title"], (), "title", "title") if "title" in top else ""
    description = c.text(top["description"], (), "description", "description", multiline=True) if "description" in top else ""
    actors = _actors(c, top["actors"]) if "actors" in top else {}
    places = _places(c, top["places"]) if "places" in top else {}
    eras = _eras(c, top["eras"]) if "eras" in top else ()

    events: list[model.Event] = []
    eras_by_id = {era.id: era for era in eras}
    refs: list = []
    first: dict[str, tuple] = {}
    items = c.sequence(top["events"], (), "events", "events") or ()
    pieces = document.pieces  # a big file's events, a piece at a time (document.py)
    total = document.count if pieces is not None else len(items)
    n = 0
    for items, lines in pieces if pieces is not None else ((items, document.event_lines),):
        for k, item in enumerate(items):
            if progress and n and n % PROGRESS_EVERY == 0:
                progress(f"checking {n:,} of {total:,} events")
            at = ("events", n)
            n += 1
            event = _event(c, item, at, lines[k] if k < len(lines) else 0, refs, eras_by_id)
            if event is None:
                continue
            if event.id in first:
                c.add(at, f"duplicate event id {event.id!r}", first=first[event.id], after="; ids must be unique")
                continue
            first[event.id] = at
            events.append(event)
        del items  # a piece's plain values go as soon as its events are built

    for actor_refs, place_refs, related_refs, claims in refs:
        for actor_id, here, n in actor_refs:
            if actor_id not in actors:
                c.add((*here, n), f"unknown actor {actor_id!r}; {_close_id(actor_id, actors)}define it under 'actors:' or fix the id")
        for place_id, here, n in place_refs:
            if place_id not in places:
                c.add((*here, n), f"unknown place {place_id!r}; {_close_id(place_id, places)}define it under 'places:' or fix the id")
        for related_id, here, n in related_refs:
            if related_id not in first:
                c.add((*here, n), f"unknown related event {related_id!r}; {_close_id(related_id, first)}fix the id")
        for claim, at in claims:
            if claim.by and claim.by not in actors:
                c.add(at, f"unknown actor {claim.by!r} in claim; define it under 'actors:'")
    if c.issues:
        return None
    events.sort(key=lambda event: event.date.key)  # stable: equal dates keep file order
    return Timeline(title=title, events=tuple(events), actors=actors, places=places, eras=eras, path=path, description=description)


def report(document: Document, issues: list[Issue], path: str) -> TimelineError:
    """The located TimelineError for the issues (and the adapter's own problems)."""
    assert document.locate is not None, "only a document that can locate its values reports"
    locate = document.locate
    problems = list(document.problems)
    for issue in issues:
        line, col = locate(issue.where, issue.key)
        message = issue.message
        if issue.first is not None:
            message += f" (first on line {locate(issue.first, False)[0]})"
        problems.append(Problem(path, line, col, message + issue.after))
    return TimelineError(problems)


def build(document: Document, path: str, progress: Callable[[str], None] | None = None) -> Timeline:
    """The timeline, or TimelineError with every problem located (the adapter's and the rules')."""
    timeline, issues = check(document, progress, path)
    if timeline is None or document.problems:
        raise report(document, issues, path)
    return timeline


def _did_you_mean(key: object, allowed: tuple[str, ...]) -> str:
    """The hint `did you mean 'summary'? ` for a key mistyped (summery, Title, source), or ""."""
    import difflib

    if not isinstance(key, str) or len(key) > 40:
        return ""
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.75)
    return f"did you mean {close[0]!r}? " if close else ""


_SPAN = re.compile(r"\.\.|\d\s*[–—]\s*\d|\d\s+(?:to|until|-)\s+\d", re.IGNORECASE)
_NUMERIC = re.compile(r"^\s*~?\s*(\d{1,2})\s*[/.]\s*(\d{1,2})\s*[/.]\s*(\d{2}|\d{4})\s*$")


class _NotAsMeant(DateError):
    """A date dateutil would read, but not as the curator meant (the message says what to write)."""


def _not_a_span_or_ambiguous(text: str) -> None:
    """Raise _NotAsMeant for a span written in one field (dateutil keeps its start and drops its
    end without a word), or for 01/02/2024 (1 February or 2 January?)."""
    if _SPAN.search(text):
        raise _NotAsMeant(f"{short(text)!r} is a span; give its start as date: and its end as end:, each like 2016-12-22")
    numeric = _NUMERIC.match(text)
    if numeric and numeric.group(1) != numeric.group(2) and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
        raise _NotAsMeant(f"{text.strip()!r} could be day/month or month/day; write it year-month-day, like 2024-02-01")


def _close_id(wrong: str, known) -> str:
    """The hint `did you mean 'aleppo'? ` for an id mistyped (alepo, Aleppo, hts-2017), or ""."""
    import difflib

    if not isinstance(wrong, str) or len(wrong) > 80 or len(known) > 20_000:
        return ""
    close = difflib.get_close_matches(wrong.lower(), list(known), n=1, cutoff=0.8)
    return f"did you mean {close[0]!r}? " if close else ""
