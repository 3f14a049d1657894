"""The parse cache: timelines already built from their files, kept in the XDG cache folder.

Key: the file's absolute path, size, mtime_ns, inode and ctime_ns, plus the entry format, the
Python version and a fingerprint of the code that builds timelines (an upgrade or an edited
loader never gets an old result). One entry per path, so a changed file replaces its entry;
the MAX_ENTRIES most recently used entries are kept. Entries are written atomically
(`state.atomic_write`). An entry that is missing, damaged, from another version or unreadable
is a miss, never an error, and the next load writes a fresh one; an unwritable folder only
means that nothing is cached. Only timelines that loaded without error are ever stored.

Format and safety. Not pickle: an entry is a short JSON header and a `marshal` payload of
plain values (str, int, tuples and lists, laid out in columns), from which the model objects
are rebuilt here. With 100,000 events it loads in about half the time pickle (protocol 5)
takes for the same timeline (bench/README.md), and reading it cannot run code. (Pickle would
be acceptable too, since the cache is in the user's own folder, but there is no need for it.)
marshal is not meant for data from others either, so the folder is created private (0700), an
entry is read only if it belongs to the user and nobody else can write it, symlinks are not
followed, and a CRC-32 of the payload is checked before marshal reads a byte of it.
No Textual here.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import marshal
import os
import stat as stat_mod
import sys
import time
import zlib
from collections import deque
from contextlib import contextmanager
from itertools import accumulate, repeat
from pathlib import Path

from . import __version__
from .dates import PartialDate
from .model import Actor, Casualties, Claim, Era, Event, Place, Source, Timeline
from .state import atomic_write, cache_dir

FORMAT = 1  # bump when the payload layout changes
MAX_ENTRIES = 8
SUFFIX = ".timeline-cache"
MAGIC = b"syria-timeline cache\n"
_CODE_MODULES = ("loader", "model", "dates", "safetext", "fastload", "cache")

# --------------------------------------------------------------------------- keys


def file_key(path: str, st: os.stat_result) -> dict:
    """What identifies one version of a file."""
    return {
        "path": os.path.abspath(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ino": st.st_ino,
        "ctime_ns": st.st_ctime_ns,
    }


_fingerprint: str | None = None


def code_fingerprint() -> str:
    """The program version plus the size and mtime of the modules that build timelines."""
    global _fingerprint
    if _fingerprint is None:
        here = Path(__file__).resolve().parent
        parts = [__version__, str(FORMAT), "%d.%d" % sys.version_info[:2], str(marshal.version)]
        for name in _CODE_MODULES:
            try:
                info = (here / f"{name}.py").stat()
                parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
            except OSError:
                parts.append(f"{name}:?")
        _fingerprint = hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]
    return _fingerprint


def entry_path(path: str) -> Path:
    digest = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return cache_dir() / f"{digest}{SUFFIX}"


@contextmanager
def gc_paused():
    """Building or reading a big timeline makes millions of objects that live on: without
    this, the collector would walk them again and again while they are made (2x slower)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --------------------------------------------------------------------------- reading and writing


def get(path: str, st: os.stat_result) -> Timeline | None:
    """The cached timeline for this version of `path`, or None (never an error)."""
    entry = entry_path(path)
    try:
        data = _read_private(entry)
        if data is None:
            return None
        header, payload = split_entry(data)
        if header.get("key") != file_key(path, st) or header.get("code") != code_fingerprint():
            return None
        with gc_paused():
            timeline = decode(payload, os.fspath(path))
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss; the next load replaces it
        return None
    try:
        os.utime(entry)  # most recently used
    except OSError:
        pass
    return timeline


def has(path: str, st: os.stat_result) -> bool:
    """Whether an entry for this version of `path` exists (reads its header only, not the payload)."""
    try:
        fd = os.open(entry_path(path), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat_mod.S_ISREG(info.st_mode) or info.st_mode & 0o022:
                return False
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return False
            head = handle.read(len(MAGIC) + 4)
            if not head.startswith(MAGIC):
                return False
            header = json.loads(handle.read(int.from_bytes(head[len(MAGIC) :], "big")))
    except (OSError, ValueError):
        return False
    return (
        isinstance(header, dict)
        and header.get("format") == FORMAT
        and header.get("key") == file_key(path, st)
        and header.get("code") == code_fingerprint()
    )


def put(path: str, st: os.stat_result, timeline: Timeline) -> bool:
    """Store `timeline` as the result of loading this version of `path`. False if not stored."""
    try:
        data = make_entry(path, st, timeline)
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(entry_path(path), data)
    except Exception:  # noqa: BLE001 - an unwritable or full folder: just no cache
        return False
    prune()
    return True


def make_entry(path: str, st: os.stat_result, timeline: Timeline) -> bytes:
    with gc_paused():
        payload = encode(timeline)
    header = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "key": file_key(path, st),
        "length": len(payload),
        "crc32": zlib.crc32(payload),
        "events": len(timeline.events),
    }
    head = json.dumps(header, sort_keys=True).encode()
    return MAGIC + len(head).to_bytes(4, "big") + head + payload


def split_entry(data: bytes) -> tuple[dict, memoryview]:
    """Header and payload of an entry; raises ValueError if it is not a whole, intact entry."""
    if not data.startswith(MAGIC):
        raise ValueError("not a cache entry")
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    header = json.loads(data[at + 4 : at + 4 + size])
    payload = memoryview(data)[at + 4 + size :]  # no copy of a payload that may be 100 MB
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("another format")
    if header.get("length") != len(payload) or header.get("crc32") != zlib.crc32(payload):
        raise ValueError("damaged")
    return header, payload


def read_entry_file(entry: Path) -> bytes | None:
    return _read_private(entry)


def _read_private(entry: Path) -> bytes | None:
    """The bytes of a regular file that belongs to us and that nobody else can write; else None."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat_mod.S_ISREG(info.st_mode) or info.st_mode & 0o022:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        return handle.read()


def prune(keep: int = MAX_ENTRIES) -> None:
    """Keep the `keep` most recently used entries; drop temporary files left by a crash."""
    folder = cache_dir()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    entries = []
    now = time.time()
    for name in names:
        full = folder / name
        try:
            info = full.lstat()
        except OSError:
            continue
        if name.endswith(SUFFIX) and not name.startswith("."):
            entries.append((info.st_mtime, full))
        elif name.startswith(".") and name.endswith(".tmp") and now - info.st_mtime > 3600:
            _unlink(full)
    entries.sort(reverse=True)
    for _, full in entries[keep:]:
        _unlink(full)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


# --------------------------------------------------------------------------- the payload

_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in (Event, Source, Claim)}
_EXPECTED = {
    Event: {"id", "date", "title", "actors", "text", "sources", "end", "places", "tags", "summary",
            "claims", "casualties", "related", "line"},
    Source: {"publisher", "title", "date", "url"},
    Claim: {"by", "says", "via"},
}
# The rebuild sets slots directly (as the dataclass __init__ does, without its per-call cost);
# that is only right for plain slotted dataclasses with these fields and no __post_init__.
_FAST_SLOTS = all(
    set(_FIELDS[cls]) == _EXPECTED[cls]
    and not hasattr(cls, "__post_init__")
    and all(type(cls.__dict__.get(name)).__name__ == "member_descriptor" for name in _FIELDS[cls])
    for cls in _EXPECTED
)
_new = object.__new__


def _make(cls: type, n: int, columns: dict[str, object]) -> list:
    """n instances of `cls` whose field `name` takes its values from columns[name]."""
    if _FAST_SLOTS:
        objs = list(map(_new, repeat(cls, n)))
        for name in _FIELDS[cls]:
            deque(map(cls.__dict__[name].__set__, objs, columns[name]), 0)
        return objs
    names = _FIELDS[cls]
    return [cls(**dict(zip(names, values))) for values in zip(*(columns[name] for name in names))]


def _check(n: int, *columns: list) -> None:
    for column in columns:
        if type(column) is not list or len(column) != n:
            raise ValueError("damaged column")


def encode(timeline: Timeline) -> bytes:
    """The payload for a timeline: columns of plain values, shared strings and tuples written once."""
    shared: dict = {}
    share = lambda value: shared.setdefault(value, value)  # noqa: E731
    dates: dict = {}

    def date(d: PartialDate | None) -> int:
        if d is None:
            return -1
        key = (d.year, d.month, d.day, d.approx)
        return dates.setdefault(key, len(dates))

    events = timeline.events
    ev = {name: [] for name in _EXPECTED[Event]}
    src = {name: [] for name in _EXPECTED[Source]}
    cl = {name: [] for name in _EXPECTED[Claim]}
    n_src, n_cl, cas = [], [], ([], [], [], [])
    for i, e in enumerate(events):
        ev["id"].append(e.id)
        ev["date"].append(date(e.date))
        ev["title"].append(e.title)
        ev["actors"].append(share(tuple(map(share, e.actors))))
        ev["text"].append(e.text)
        ev["end"].append(date(e.end))
        ev["places"].append(share(tuple(map(share, e.places))))
        ev["tags"].append(share(tuple(map(share, e.tags))))
        ev["summary"].append(e.summary)
        ev["related"].append(share(e.related))
        ev["line"].append(e.line)
        n_src.append(len(e.sources))
        for s in e.sources:
            src["publisher"].append(share(s.publisher))
            src["title"].append(s.title)
            src["date"].append(date(s.date))
            src["url"].append(s.url)
        n_cl.append(len(e.claims))
        for c in e.claims:
            cl["by"].append(share(c.by))
            cl["says"].append(c.says)
            cl["via"].append(share(c.via))
        if e.casualties is not None:
            for column, value in zip(cas, (i, e.casualties.low, e.casualties.high, e.casualties.note)):
                column.append(value)
    for name in ("sources", "claims", "casualties"):
        del ev[name]
    payload = (
        timeline.title,
        timeline.version,
        [(a.id, a.name, a.short, a.aliases, a.kind, a.alignment, a.description) for a in timeline.actors.values()],
        [(p.id, p.name, p.arabic, p.governorate, p.country, p.lat, p.lon) for p in timeline.places.values()],
        [(e.id, e.title, date(e.start), date(e.end), e.summary) for e in timeline.eras],
        list(dates),
        ev,
        n_src,
        src,
        n_cl,
        cl,
        cas,
    )
    return marshal.dumps(payload)


def decode(payload: bytes | memoryview, path: str) -> Timeline:
    """Rebuild the timeline from a payload (raises on anything unexpected)."""
    title, version, actors, places, eras, date_keys, ev, n_src, src, n_cl, cl, cas = marshal.loads(payload)
    dates: list = [PartialDate(*key) for key in date_keys]
    dates.append(None)  # index -1
    pick = dates.__getitem__
    n = len(ev["id"])
    _check(n, *ev.values(), n_src, n_cl)
    m = len(src["publisher"])
    _check(m, *src.values())
    if sum(n_src) != m:
        raise ValueError("damaged sources")
    sources = _make(Source, m, {**src, "date": map(pick, src["date"])})
    k = len(cl["by"])
    _check(k, *cl.values())
    if sum(n_cl) != k:
        raise ValueError("damaged claims")
    claims = _make(Claim, k, cl)
    casualties: list = [None] * n
    for at, low, high, note in zip(*cas):
        casualties[at] = Casualties(low, high, note)
    ends = list(accumulate(n_src))
    event_sources = map(tuple, map(sources.__getitem__, map(slice, map(int.__sub__, ends, n_src), ends)))
    ends = list(accumulate(n_cl))
    event_claims = map(tuple, map(claims.__getitem__, map(slice, map(int.__sub__, ends, n_cl), ends)))
    events = _make(Event, n, {
        **ev,
        "date": map(pick, ev["date"]),
        "end": map(pick, ev["end"]),
        "sources": event_sources,
        "claims": event_claims,
        "casualties": casualties,
    })
    if any(e.date is None for e in events):
        raise ValueError("damaged dates")
    return Timeline(
        title=title,
        events=tuple(events),
        actors={a[0]: Actor(a[0], a[1], a[2], a[3], a[4], a[5], a[6]) for a in actors},
        places={p[0]: Place(p[0], p[1], p[2], p[3], p[4], p[5], p[6]) for p in places},
        eras=tuple(Era(e[0], e[1], dates[e[2]], dates[e[3]], e[4]) for e in eras),
        path=path,
        version=version,
    )
