"""YAML → Timeline, with every problem located at file:line:col.

Only safe loaders are used: the document is *composed* into nodes with
`CSafeLoader` (or `SafeLoader` without libyaml), and the nodes are checked and
turned into the model here, so that every error can name the line it is on.
Tags other than YAML's plain ones, anchors/aliases and duplicate keys are refused.
No Textual here.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .dates import DateError, PartialDate, parse_date
from .model import Actor, Casualties, Claim, Era, Event, Place, Source, Timeline
from .safetext import clean

MAX_PROBLEMS = 50
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 100  # YAML nesting; a timeline needs 5 levels (libyaml itself stops at 1000)
MAX_LINE_CHARS = 2_000  # one-line strings: titles, names, URLs, summaries
MAX_TEXT_CHARS = 50_000  # multi-line text: an event's account, a claim, a description
# Every YAML value costs a few hundred bytes of memory once composed: a 50 MB file of "- a" lines
# would need gigabytes. A cheap over-estimate of the number of values is checked before parsing.
# Real timelines hold one value per ~20 bytes (a 100,000-event file: ~5 million values in ~110 MB);
# refused: more than MAX_VALUES, or more than a million packed denser than one per DENSE_BYTES bytes.
MAX_VALUES = 12_000_000
DENSE_VALUES = 1_000_000
DENSE_BYTES = 8


def _load_yaml():
    """Import PyYAML on first use, not at start-up: a start from the parse cache never parses
    (about 20 ms saved). Sets the module's `yaml`, `_PureLoader` and `_Loader`."""
    global yaml, _PureLoader, _Loader
    if "_Loader" in globals():
        return
    import yaml

    class _PureLoader(yaml.SafeLoader):
        """PyYAML's pure-Python safe loader, refusing deep nesting before Python's recursion limit."""

        _depth = 0

        def compose_node(self, parent, index):  # type: ignore[override]
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    event = self.peek_event()
                    raise yaml.composer.ComposerError(
                        None, None, f"more than {MAX_DEPTH} levels", event.start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    try:  # libyaml is much faster; PyYAML's pure-Python loader gives the same nodes
        from yaml import CSafeLoader as _Loader
    except ImportError:  # pragma: no cover - depends on the PyYAML build
        _Loader = _PureLoader  # type: ignore[assignment,misc]


def __getattr__(name: str):
    """`loader.yaml`, `loader._Loader` and `loader._PureLoader` from outside (tests) load PyYAML."""
    if name in ("yaml", "_Loader", "_PureLoader"):
        _load_yaml()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ACTOR_KINDS = (
    "state", "armed-forces", "armed-group", "coalition", "monitor", "media",
    "international", "civilians", "person",
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,199}$")
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIME = (
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _TIME, _SEQ, _MAP))


class Problem(NamedTuple):
    path: str
    line: int  # 1-based; 0 when the problem is with the file as a whole
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class TimelineError(Exception):
    """A timeline that cannot be used; `problems` lists every problem found (capped)."""

    def __init__(self, problems: list[Problem]):
        # messages may quote the file (a bad date, an unknown key): never let them carry control codes
        problems = [Problem(clean(str(p.path)), p.line, p.col, _short(clean(p.message), 400)) for p in problems]
        self.problems = sorted(problems, key=lambda p: (p.line, p.col))
        super().__init__(str(self.problems[0]) if problems else "invalid timeline")


class _TooMany(Exception):
    pass


def _short(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters (with … when cut), for quoting file content in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Ctx:
    path: str
    problems: list[Problem]

    def add(self, node: yaml.Node | None, message: str) -> None:
        if node is None:
            self.problems.append(Problem(self.path, 0, 0, message))
        else:
            mark = node.start_mark
            self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany()


# --------------------------------------------------------------------------- reading


def read_text(path: str) -> str:
    """Read a timeline file as UTF-8 text or raise TimelineError saying what to do."""
    display = str(path)
    where = lambda msg: TimelineError([Problem(display, 0, 0, msg)])  # noqa: E731
    binary = "is a binary file, not a YAML timeline; give the path of a .yaml file"
    try:
        if os.path.isdir(path):
            raise where("is a folder, not a timeline file; give the path of a .yaml file")
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise where(f"is {size / 1e6:.0f} MB; timelines larger than {MAX_FILE_BYTES // 2**20} MiB are not read")
        with open(path, "rb") as handle:
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                data = handle.read()
            else:  # a pipe or a device (/dev/zero, <(...)): read a bounded amount
                first = handle.read(65536)
                if b"\x00" in first:
                    raise where(binary)
                data = first + handle.read(MAX_FILE_BYTES + 1 - len(first))
                if len(data) > MAX_FILE_BYTES:
                    raise where(f"gives more than {MAX_FILE_BYTES // 2**20} MiB; timelines that large are not read")
    except FileNotFoundError:
        raise where("no such file; check the path (run `syria-timeline` with no argument for the built-in timeline)") from None
    except PermissionError:
        raise where("cannot be read (permission denied); check the file's permissions") from None
    except IsADirectoryError:
        raise where("is a folder, not a timeline file; give the path of a .yaml file") from None
    except OSError as exc:
        raise where(f"cannot be read ({exc.strerror or exc}); check the path") from None
    except MemoryError:
        raise where("is too large to read into memory") from None
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise where("is saved as UTF-16 or UTF-32; save it as UTF-8")
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise where(binary)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TimelineError(
            [Problem(display, line, col, f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8")]
        ) from None


def _located(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def estimate_values(text: str) -> int:
    """A quick over-estimate of how many YAML values (nodes) `text` holds, without parsing it."""
    return sum(text.count(mark) for mark in ("\n", ",", ": ", "- ", "[", "{"))


def compose(text: str, path: str) -> yaml.Node | None:
    """Parse YAML text into a node tree (safe loader only), or raise TimelineError."""
    if len(text) > DENSE_VALUES:  # smaller texts cannot hold too many values
        values = estimate_values(text)
        if values > MAX_VALUES or (values > DENSE_VALUES and values * DENSE_BYTES > len(text)):
            raise TimelineError([Problem(path, 0, 0, (
                f"holds about {values:,} YAML values in {len(text) / 1e6:.0f} MB, far more than a timeline needs "
                f"(about 30 an event, one per 20 bytes; at most {MAX_VALUES:,}); "
                "remove the long repeated lists or split the file"
            ))])
    _load_yaml()
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what or (what.startswith("more than ") and what.endswith(" levels")):
            raise TimelineError([Problem(path, line, col, f"YAML nested too deeply ({what}); a timeline needs only a few levels")]) from None
        raise TimelineError([Problem(path, line, col, f"YAML syntax: {what}; fix the YAML at this spot")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (raw control codes)
        index = exc.position
        if exc.encoding != "unicode":  # libyaml counts bytes of the UTF-8 text; turn that into characters
            index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
        line, col = _located(text, index)
        code = exc.character if isinstance(exc.character, int) else -1
        if 0xD800 <= code <= 0xDFFF:
            what = "text is not valid Unicode (a lone surrogate); save the file as UTF-8"
        else:
            kind = "a raw control code" if code < 0x20 or 0x7F <= code < 0xA0 else "a character YAML does not allow"
            what = f"character U+{max(code, 0):04X} is {kind}; remove it, or write it as an escape (\\u{max(code, 0):04x}) in a double-quoted string"
        raise TimelineError([Problem(path, line, col, what)]) from None
    except yaml.YAMLError as exc:
        raise TimelineError([Problem(path, 0, 0, f"YAML error: {str(exc).splitlines()[0]}")]) from None
    except UnicodeEncodeError as exc:  # lone surrogates in text given to loads()
        line, col = _located(text, exc.start)
        raise TimelineError([Problem(path, line, col, "text is not valid Unicode (a lone surrogate); save the file as UTF-8")]) from None
    except RecursionError:
        raise TimelineError([Problem(path, 0, 0, "YAML nested too deeply; a timeline needs only a few levels")]) from None


# --------------------------------------------------------------------------- nodes


class _Walker:
    """Checks nodes and builds values; every refusal is recorded with its location."""

    def __init__(self, ctx: _Ctx):
        self.ctx = ctx
        self.seen: set[int] = set()  # collections and scalars already read: meeting one again means an alias

    def bad_tag(self, node: yaml.Node) -> bool:
        if node.tag in _PLAIN_TAGS:
            return False
        self.ctx.add(node, f"tag {_short(node.tag)!r} is not allowed; timelines hold plain text, numbers and dates")
        return True

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...] | None = None) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        if self.bad_tag(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.ctx.add(node, f"{what} must be a mapping (key: value lines)")
            return None
        if id(node) in self.seen:
            self.ctx.add(node, "anchors and aliases (&name / *name) are not supported; write the value out")
            return None
        self.seen.add(id(node))
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT, _BOOL, _NULL, _FLOAT, _TIME):
                self.ctx.add(key_node, f"keys in {what} must be plain words")
                continue
            key = clean(str(key_node.value))
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.ctx.add(key_node, f"duplicate key {_short(key)!r} in {what} (first on line {first}); keep one")
                continue
            if allowed is not None and key not in allowed:
                self.ctx.add(key_node, f"unknown key {_short(key)!r} in {what}; allowed: {', '.join(allowed)}")
                continue
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if self.bad_tag(node):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.ctx.add(node, f"{what} must be a list ([a, b] or '- item' lines)")
            return None
        if id(node) in self.seen:
            self.ctx.add(node, "anchors and aliases (&name / *name) are not supported; write the value out")
            return None
        self.seen.add(id(node))
        return list(node.value)

    def _scalar(self, node: yaml.Node, what: str) -> yaml.ScalarNode | None:
        if self.bad_tag(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.ctx.add(node, f"{what} must be a single value, not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
            return None
        if id(node) in self.seen:
            self.ctx.add(node, "anchors and aliases (&name / *name) are not supported; write the value out")
            return None
        self.seen.add(id(node))
        return node

    def text(self, node: yaml.Node, what: str, *, required: bool = False, multiline: bool = False) -> str:
        scalar = self._scalar(node, what)
        if scalar is None:
            return ""
        if scalar.tag == _NULL or (required and not str(scalar.value).strip()):
            if required:
                self.ctx.add(node, f"{what} is empty; write it out")
            return ""
        value = str(scalar.value)
        limit = MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS
        if len(value) > limit:
            self.ctx.add(node, f"{what} is {len(value):,} characters long; the limit is {limit:,}; shorten it")
            return ""
        return clean(value.strip() if not multiline else value.rstrip(), multiline=multiline)

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what, required=True)
        if value and not _ID.match(value):
            self.ctx.add(node, f"{what} {value[:60]!r} is not a valid id; use letters, digits and - _ . : (no spaces)")
            return ""
        return value

    def idlist(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        items = self.sequence(node, what)
        if items is None:
            return []
        out = []
        for item in items:
            value = self.ident(item, f"an entry of {what}")
            if value:
                out.append((value, item))
        return out

    def textlist(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        items = self.sequence(node, what)
        if items is None:
            return ()
        return tuple(v for v in (self.text(item, f"an entry of {what}") for item in items) if v)

    def date(self, node: yaml.Node, what: str, *, required: bool = True) -> PartialDate | None:
        scalar = self._scalar(node, what)
        if scalar is None:
            return None
        if scalar.tag == _NULL:
            if required:
                self.ctx.add(node, f"{what} is empty; write a date like 2016, 2016-12 or 2016-12-22")
            return None
        try:
            return parse_date(str(scalar.value))
        except DateError as exc:
            self.ctx.add(node, f"{what}: {exc}; write a date like 2016, 2016-12, 2016-12-22 or ~2013-08")
            return None

    def number(self, node: yaml.Node, what: str, kind: type = int) -> float | int | None:
        scalar = self._scalar(node, what)
        if scalar is None or scalar.tag == _NULL:
            return None
        try:
            value = kind(str(scalar.value).replace("_", "").replace(",", ""))
        except ValueError:
            self.ctx.add(node, f"{what} must be a {'whole ' if kind is int else ''}number")
            return None
        return value

    def number_float(self, node: yaml.Node, what: str) -> float | None:
        return self.number(node, what, float)


def _require(ctx: _Ctx, node: yaml.Node, fields: dict, names: tuple[str, ...], what: str) -> bool:
    missing = [name for name in names if name not in fields]
    for name in missing:
        ctx.add(node, f"{what} is missing {name!r}; add it")
    return not missing


# --------------------------------------------------------------------------- sections

TOP_KEYS = ("version", "title", "description", "actors", "places", "eras", "events")
ACTOR_KEYS = ("name", "short", "aliases", "kind", "alignment", "description")
PLACE_KEYS = ("name", "arabic", "governorate", "country", "lat", "lon")
ERA_KEYS = ("id", "title", "start", "end", "summary")
EVENT_KEYS = (
    "id", "date", "end", "title", "actors", "places", "tags", "summary", "text",
    "claims", "casualties", "sources", "related",
)
EVENT_REQUIRED = ("id", "date", "title", "actors", "text", "sources")
CLAIM_KEYS = ("by", "says", "via")
SOURCE_KEYS = ("publisher", "title", "date", "url")
CASUALTY_KEYS = ("low", "high", "note")


def _actors(w: _Walker, node: yaml.Node) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    for key, (key_node, value) in (w.mapping(node, "actors") or {}).items():
        if not _ID.match(key):
            w.ctx.add(key_node, f"actor id {key[:60]!r} is not a valid id; use letters, digits and - _ . :")
            continue
        fields = w.mapping(value, f"actor {key!r}", ACTOR_KEYS)
        if fields is None or not _require(w.ctx, value, fields, ("name",), f"actor {key!r}"):
            continue
        get = lambda k: fields[k][1] if k in fields else None  # noqa: E731
        kind = w.text(get("kind"), f"actor {key!r} kind") if "kind" in fields else ""
        if kind and kind not in ACTOR_KINDS:
            w.ctx.add(get("kind"), f"actor kind {kind!r} is not one of: {', '.join(ACTOR_KINDS)}")
        out[key] = Actor(
            id=key,
            name=w.text(get("name"), f"actor {key!r} name", required=True),
            short=w.text(get("short"), "short") if "short" in fields else "",
            aliases=w.textlist(get("aliases"), "aliases") if "aliases" in fields else (),
            kind=kind,
            alignment=w.text(get("alignment"), "alignment") if "alignment" in fields else "",
            description=w.text(get("description"), "description", multiline=True) if "description" in fields else "",
        )
    return out


def _places(w: _Walker, node: yaml.Node) -> dict[str, Place]:
    out: dict[str, Place] = {}
    for key, (key_node, value) in (w.mapping(node, "places") or {}).items():
        if not _ID.match(key):
            w.ctx.add(key_node, f"place id {key[:60]!r} is not a valid id; use letters, digits and - _ . :")
            continue
        fields = w.mapping(value, f"place {key!r}", PLACE_KEYS)
        if fields is None or not _require(w.ctx, value, fields, ("name",), f"place {key!r}"):
            continue
        opt = lambda k, f=w.text: f(fields[k][1], f"place {key!r} {k}") if k in fields else None  # noqa: E731
        lat, lon = opt("lat", w.number_float), opt("lon", w.number_float)
        if lat is not None and not -90 <= lat <= 90:
            w.ctx.add(fields["lat"][1], "lat must be between -90 and 90")
        if lon is not None and not -180 <= lon <= 180:
            w.ctx.add(fields["lon"][1], "lon must be between -180 and 180")
        out[key] = Place(
            id=key,
            name=w.text(fields["name"][1], f"place {key!r} name", required=True),
            arabic=opt("arabic") or "",
            governorate=opt("governorate") or "",
            country=opt("country") or "",
            lat=lat,
            lon=lon,
        )
    return out


def _eras(w: _Walker, node: yaml.Node) -> tuple[Era, ...]:
    out = []
    seen: dict[str, int] = {}
    for item in w.sequence(node, "eras") or []:
        fields = w.mapping(item, "an era", ERA_KEYS)
        if fields is None or not _require(w.ctx, item, fields, ("id", "title", "start"), "an era"):
            continue
        era_id = w.ident(fields["id"][1], "era id")
        if era_id in seen:
            w.ctx.add(fields["id"][1], f"duplicate era id {era_id!r} (first on line {seen[era_id]})")
            continue
        seen[era_id] = item.start_mark.line + 1
        start = w.date(fields["start"][1], "era start")
        end = w.date(fields["end"][1], "era end", required=False) if "end" in fields else None
        if start and end and end < start:
            w.ctx.add(fields["end"][1], f"era ends ({end}) before it starts ({start}); swap them")
        if start and era_id:
            out.append(Era(
                id=era_id,
                title=w.text(fields["title"][1], "era title", required=True),
                start=start,
                end=end,
                summary=w.text(fields["summary"][1], "era summary") if "summary" in fields else "",
            ))
    return tuple(sorted(out, key=lambda era: era.start.key))


def _sources(w: _Walker, node: yaml.Node, event_id: str) -> tuple[Source, ...]:
    out = []
    items = w.sequence(node, f"sources of {event_id!r}")
    if items == []:
        w.ctx.add(node, f"event {event_id!r} has no source; every event needs at least one")
    for item in items or []:
        fields = w.mapping(item, "a source", SOURCE_KEYS)
        if fields is None:
            continue
        if "publisher" not in fields:
            w.ctx.add(item, f"a source of {event_id!r} has no publisher; name who published it")
            continue
        opt = lambda k: w.text(fields[k][1], f"source {k}") if k in fields else ""  # noqa: E731
        out.append(Source(
            publisher=w.text(fields["publisher"][1], "source publisher", required=True),
            title=opt("title"),
            date=w.date(fields["date"][1], "source date", required=False) if "date" in fields else None,
            url=opt("url"),
        ))
    return tuple(out)


def _claims(w: _Walker, node: yaml.Node) -> list[tuple[Claim, yaml.Node]]:
    out = []
    for item in w.sequence(node, "claims") or []:
        fields = w.mapping(item, "a claim", CLAIM_KEYS)
        if fields is None or not _require(w.ctx, item, fields, ("by", "says"), "a claim"):
            continue
        out.append((
            Claim(
                by=w.ident(fields["by"][1], "claim by"),
                says=w.text(fields["says"][1], "claim says", required=True, multiline=True),
                via=w.text(fields["via"][1], "claim via") if "via" in fields else "",
            ),
            fields["by"][1],
        ))
    return out


def _casualties(w: _Walker, node: yaml.Node) -> Casualties | None:
    fields = w.mapping(node, "casualties", CASUALTY_KEYS)
    if fields is None:
        return None
    low = w.number(fields["low"][1], "casualties low") if "low" in fields else None
    high = w.number(fields["high"][1], "casualties high") if "high" in fields else None
    for value, key in ((low, "low"), (high, "high")):
        if value is not None and value < 0:
            w.ctx.add(fields[key][1], f"casualties {key} cannot be negative")
    if low is not None and high is not None and high < low:
        w.ctx.add(fields["high"][1], "casualties high is below low; swap them")
    note = w.text(fields["note"][1], "casualties note") if "note" in fields else ""
    return Casualties(low, high, note)


def _event(w: _Walker, node: yaml.Node, refs: list) -> Event | None:
    fields = w.mapping(node, "an event", EVENT_KEYS)
    if fields is None:
        return None
    if not _require(w.ctx, node, fields, EVENT_REQUIRED, f"event {_peek_id(fields)!r}" if "id" in fields else "an event"):
        return None
    f = lambda k: fields[k][1]  # noqa: E731
    event_id = w.ident(f("id"), "event id")
    date = w.date(f("date"), "date")
    end = w.date(f("end"), "end", required=False) if "end" in fields else None
    if date and end and end.last_day() < date.first_day():
        w.ctx.add(f("end"), f"end ({end}) is before date ({date}); swap them or fix the end")
    actors = w.idlist(f("actors"), "actors")
    if not actors and isinstance(f("actors"), yaml.SequenceNode):
        w.ctx.add(f("actors"), "actors is empty; name at least one actor id from the registry")
    places = w.idlist(f("places"), "places") if "places" in fields else []
    related = w.idlist(f("related"), "related") if "related" in fields else []
    claims = _claims(w, f("claims")) if "claims" in fields else []
    refs.append((actors, places, related, claims))
    event = Event(
        id=event_id,
        date=date or PartialDate(1),
        end=end,
        title=w.text(f("title"), "title", required=True),
        actors=tuple(a for a, _ in actors),
        places=tuple(p for p, _ in places),
        tags=w.textlist(f("tags"), "tags") if "tags" in fields else (),
        summary=w.text(f("summary"), "summary") if "summary" in fields else "",
        text=w.text(f("text"), "text", required=True, multiline=True),
        claims=tuple(c for c, _ in claims),
        casualties=_casualties(w, f("casualties")) if "casualties" in fields else None,
        sources=_sources(w, f("sources"), event_id),
        related=tuple(r for r, _ in related),
        line=node.start_mark.line + 1,
    )
    return event if event_id and date else None


def _peek_id(fields: dict) -> str:
    node = fields["id"][1]
    return str(node.value)[:60] if isinstance(node, yaml.ScalarNode) else "?"




# --------------------------------------------------------------------------- the whole


def build(root: yaml.Node | None, path: str) -> Timeline:
    """Check a composed document and build the Timeline, or raise TimelineError."""
    ctx = _Ctx(path, [])
    try:
        return _build(root, ctx)
    except _TooMany:
        raise TimelineError(ctx.problems) from None


def _build(root: yaml.Node | None, ctx: _Ctx) -> Timeline:
    if root is None:
        raise TimelineError([Problem(ctx.path, 1, 1, "the file is empty; a timeline needs 'version: 1' and 'events:'")])
    w = _Walker(ctx)
    top = w.mapping(root, "the timeline", TOP_KEYS)
    if top is None:
        raise TimelineError(ctx.problems)
    if "version" in top:
        version = w.number(top["version"][1], "version")
        if version not in (None, 1):
            ctx.add(top["version"][1], f"version {version} is not supported; this program reads version 1")
    if "events" not in top:
        ctx.add(root, "the timeline has no 'events:' list; add one")
        raise TimelineError(ctx.problems)
    title = w.text(top["title"][1], "title") if "title" in top else ""
    actors = _actors(w, top["actors"][1]) if "actors" in top else {}
    places = _places(w, top["places"][1]) if "places" in top else {}
    eras = _eras(w, top["eras"][1]) if "eras" in top else ()

    events: list[Event] = []
    refs: list = []
    first_line: dict[str, int] = {}
    for item in w.sequence(top["events"][1], "events") or []:
        event = _event(w, item, refs)
        if event is None:
            continue
        if event.id in first_line:
            ctx.add(item, f"duplicate event id {event.id!r} (first on line {first_line[event.id]}); ids must be unique")
            continue
        first_line[event.id] = event.line
        events.append(event)

    for actor_refs, place_refs, related_refs, claims in refs:
        for actor_id, node in actor_refs:
            if actor_id not in actors:
                ctx.add(node, f"unknown actor {actor_id!r}; define it under 'actors:' or fix the id")
        for place_id, node in place_refs:
            if place_id not in places:
                ctx.add(node, f"unknown place {place_id!r}; define it under 'places:' or fix the id")
        for related_id, node in related_refs:
            if related_id not in first_line:
                ctx.add(node, f"unknown related event {related_id!r}; fix the id")
        for claim, node in claims:
            if claim.by and claim.by not in actors:
                ctx.add(node, f"unknown actor {claim.by!r} in claim; define it under 'actors:'")
    if ctx.problems:
        raise TimelineError(ctx.problems)
    events.sort(key=lambda event: event.date.key)  # stable: equal dates keep file order
    return Timeline(title=title, events=tuple(events), actors=actors, places=places, eras=eras, path=ctx.path)


def loads(text: str, path: str = "<string>") -> Timeline:
    """Build a Timeline from YAML text."""
    return build(compose(text, path), path)


def load(path: str | os.PathLike[str], progress: Callable[[str], None] | None = None) -> Timeline:
    """Load a timeline file. Raises TimelineError (never anything else for bad input)."""
    display = os.fspath(path)
    text = read_text(display)
    if progress:
        progress("parsing")
    return loads(text, display)


def builtin_path() -> str:
    """The timeline shipped with the package (inside the wheel), or the repository's copy."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "timeline.yaml")
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "timeline.yaml")
