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
takes for the same timeline (bench/README.md), and reading it cannot run code.

Lazily: the payload's head holds what listing, counting and filtering need (ids, dates,
actors, tags, places of every event, in columns, and the events per actor, tag and
place); the rest comes in blocks of CHUNK events. Reading an entry decodes the head only
(0.1 s for 100,000 events instead of 0.8 s for all 400,000 objects) while another thread
checks the blocks' CRC; `CachedEvents` reads and rebuilds a block when one of its events is
first used, so the app paints its list having built a few blocks, and the search, which
reads every event, builds the rest. (Pickle would
be acceptable too, since the cache is in the user's own folder, but there is no need for it.)
marshal is not meant for data from others either, so the folder is created private (0700), an
entry is read only if it belongs to the user and nobody else can write it, symlinks are not
followed, and every part of the payload is checked against its CRC-32 before `get` answers
and again before marshal reads a byte of it (the blocks are read from the file when first
used; the file stays open until then).
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
import threading
import time
import weakref
import zlib
from array import array
from collections import deque
from collections.abc import Sequence
from contextlib import contextmanager
from itertools import accumulate, repeat
from pathlib import Path

from . import __version__
from .dates import PartialDate
from .model import Actor, Casualties, Claim, Era, Event, Place, Source, Timeline, event_positions
from .state import atomic_write, cache_dir

FORMAT = 5  # bump when the payload layout changes
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
    """The cached timeline for this version of `path`, or None (never an error).

    Reads the entry's head now (the payload's first part) and its blocks when their events
    are first used (CachedEvents), but checks every part's CRC before it returns: the blocks
    are read and checked on another thread while this one reads the head (reading and
    checking release Python's lock), so a damaged entry is still a miss here, not an error later.
    """
    entry = entry_path(path)
    if not hasattr(os, "preadv"):
        return _get_in_memory(entry, path, st)
    fd = _open_private(entry)
    if fd is None:
        return None
    body = _FileBody(fd)  # owns fd from here
    try:
        header, start = _read_header(fd)
        if header.get("format") != FORMAT or header.get("key") != file_key(path, st) or header.get("code") != code_fingerprint():
            raise ValueError("another version")
        parts, crcs = _parts(header, os.fstat(fd).st_size - start)
        if type(header.get("blocks_crc32")) is not int:
            raise ValueError("damaged header")
        body.place(start + parts[0], parts[1:], crcs[1:], header["blocks_crc32"])
        failed: list = []
        checker = threading.Thread(target=body.verify, args=(failed,), name="cache-check", daemon=True)
        checker.start()
        try:
            first = _pread(fd, parts[0], start)
            if zlib.crc32(first) != crcs[0]:
                raise ValueError("damaged head")
            with gc_paused():
                timeline = decode(first, os.fspath(path), body)
        finally:
            checker.join()
        if failed:
            raise ValueError("damaged block")
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss; the next load replaces it
        body.close()
        return None
    _touch(entry)
    return timeline


def _get_in_memory(entry: Path, path: str, st: os.stat_result) -> Timeline | None:
    """get() where there is no os.pread: the whole entry is read and checked first."""
    try:
        data = _read_private(entry)
        if data is None:
            return None
        header, payload = split_entry(data)
        if header.get("key") != file_key(path, st) or header.get("code") != code_fingerprint():
            return None
        with gc_paused():
            timeline = decode(payload, os.fspath(path))
    except Exception:  # noqa: BLE001 - as in get()
        return None
    _touch(entry)
    return timeline


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)  # most recently used
    except OSError:
        pass


def has(path: str, st: os.stat_result) -> bool:
    """Whether an entry for this version of `path` exists (reads its header only, not the payload)."""
    fd = _open_private(entry_path(path))
    if fd is None:
        return False
    try:
        header, _ = _read_header(fd)
    except (OSError, ValueError):
        return False
    finally:
        os.close(fd)
    return (
        header.get("format") == FORMAT
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
    """An entry: MAGIC, the header's length (4 bytes), the JSON header, the payload. The header
    gives the sizes of the payload's parts (the head, then each block) and a CRC-32 of each."""
    with gc_paused():
        parts = _encode_parts(timeline)
    header = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "key": file_key(path, st),
        "length": sum(map(len, parts)),
        "parts": [len(part) for part in parts],
        "crc32": [zlib.crc32(part) for part in parts],
        "blocks_crc32": zlib.crc32(b"".join(parts[1:])),  # all blocks at once: checked in one go by get()
        "events": len(timeline.events),
    }
    head = json.dumps(header, sort_keys=True).encode()
    return b"".join((MAGIC, len(head).to_bytes(4, "big"), head, *parts))


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
    at = 0
    for size, crc in zip(*_parts(header, len(payload))):
        if zlib.crc32(payload[at : at + size]) != crc:
            raise ValueError("damaged")
        at += size
    return header, payload


def _parts(header: dict, length: int) -> tuple[list[int], list[int]]:
    """The sizes and CRCs of the payload's parts, checked against its length."""
    parts, crcs = header.get("parts"), header.get("crc32")
    if not (type(parts) is list and type(crcs) is list and len(parts) == len(crcs) >= 1):
        raise ValueError("damaged header")
    if not all(type(x) is int and x >= 0 for x in (*parts, *crcs)) or not sum(parts) == length == header.get("length"):
        raise ValueError("damaged header")
    return parts, crcs


def read_entry_file(entry: Path) -> bytes | None:
    return _read_private(entry)


def _open_private(entry: Path) -> int | None:
    """A descriptor of a regular file that belongs to us and that nobody else can write; else None."""
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat_mod.S_ISREG(info.st_mode) and not info.st_mode & 0o022 and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_private(entry: Path) -> bytes | None:
    """The bytes of a regular file that belongs to us and that nobody else can write; else None."""
    fd = _open_private(entry)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        data = os.pread(fd, size, offset)
    else:
        os.lseek(fd, offset, os.SEEK_SET)
        data = os.read(fd, size)
    if len(data) != size:
        raise ValueError("short entry")
    return data


def _read_header(fd: int) -> tuple[dict, int]:
    """The JSON header of an entry, and where its payload starts."""
    start = _pread(fd, len(MAGIC) + 4, 0)
    if not start.startswith(MAGIC):
        raise ValueError("not a cache entry")
    size = int.from_bytes(start[len(MAGIC) :], "big")
    header = json.loads(_pread(fd, size, len(start)))
    if not isinstance(header, dict):
        raise ValueError("not a cache entry")
    return header, len(start) + size


class _MemoryBody:
    """The blocks of a payload that is in memory (already checked)."""

    def __init__(self, view: memoryview) -> None:
        self.view = view

    def read(self, block: int, start: int, end: int) -> memoryview:
        return self.view[start:end]

    def close(self) -> None:
        self.view = memoryview(b"")


class _FileBody:
    """The blocks of an entry's payload, read from its file when needed, each checked against
    its CRC again then (the file could have been changed in place since get() checked it)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._closer = weakref.finalize(self, os.close, fd)  # closed when every block is built, or with the timeline
        self.offset, self.sizes, self.crcs, self.crc = 0, [], [], 0

    def place(self, offset: int, sizes: list[int], crcs: list[int], crc: int) -> None:
        self.offset, self.sizes, self.crcs, self.crc = offset, sizes, crcs, crc

    def read(self, block: int, start: int, end: int) -> bytes:
        data = _pread(self.fd, end - start, self.offset + start)
        if zlib.crc32(data) != self.crcs[block]:
            raise ValueError("block changed since it was checked")
        return data

    def verify(self, failed: list, step: int = 16 << 20) -> None:
        """Check all the blocks, on another thread: reading and CRC-32 release Python's lock.
        A few big steps, not one per block: between steps the thread waits for the lock."""
        try:
            length = sum(self.sizes)
            buffer = memoryview(bytearray(min(step, length)))
            crc, at = 0, 0
            while at < length:
                want = min(step, length - at)
                if os.preadv(self.fd, [buffer[:want]], self.offset + at) != want:
                    raise ValueError("short entry")
                crc = zlib.crc32(buffer[:want], crc)
                at += want
            if crc != self.crc:
                failed.append("damaged")
        except Exception as exc:  # noqa: BLE001 - any failure is a miss
            failed.append(exc)

    def close(self) -> None:
        self._closer()


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

CHUNK = 1024  # events per block of the payload; a block is rebuilt on the first use of one of its events
FREEZE_EVENTS = 20_000  # from this many events: what is rebuilt is moved out of the collector's way
HEAD_FIELDS = ("id", "date", "end", "actors", "tags", "places")  # in columns, read at once
BODY_FIELDS = ("title", "text", "summary", "related", "line")  # in the blocks, with sources, claims and casualties
LISTS = ("actors", "tags", "places")  # fields whose positions (model.event_positions) are stored


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
    """The payload (see _encode_parts)."""
    return b"".join(_encode_parts(timeline))


def _encode_parts(timeline: Timeline) -> list[bytes]:
    """The payload's parts: an 8-byte length and a head, then one block per CHUNK events.

    The head holds the registries, the distinct dates, the HEAD_FIELDS of every event in
    columns and the positions of the events per actor, tag and place: all that listing,
    counting and filtering need (not the titles: only the rows on screen need them). Each block holds the other fields of its events. Each part
    is one `marshal` value of plain values; shared strings and tuples are written once (per part).
    """
    shared: dict = {}
    share = lambda value: shared.setdefault(value, value)  # noqa: E731
    dates: dict = {}

    def date(d: PartialDate | None) -> int:
        if d is None:
            return -1
        key = (d.year, d.month, d.day, d.approx)
        return dates.setdefault(key, len(dates))

    events = timeline.events
    head: dict[str, list] = {name: [] for name in HEAD_FIELDS}
    for e in events:
        head["id"].append(e.id)
        head["date"].append(date(e.date))
        head["end"].append(date(e.end))
        for name in LISTS:
            head[name].append(share(tuple(map(share, getattr(e, name)))))
    blocks = [marshal.dumps(_encode_block(events[lo : lo + CHUNK], date, share)) for lo in range(0, len(events), CHUNK)]
    eras = [(e.id, e.title, date(e.start), date(e.end), e.summary) for e in timeline.eras]
    first = marshal.dumps((
        timeline.title,
        timeline.version,
        [(a.id, a.name, a.short, a.aliases, a.kind, a.alignment, a.description) for a in timeline.actors.values()],
        [(p.id, p.name, p.arabic, p.governorate, p.country, p.lat, p.lon) for p in timeline.places.values()],
        eras,
        list(dates),
        head,
        {name: _pack_positions(event_positions(events, name)) for name in LISTS},
        [len(block) for block in blocks],
    ))
    return [len(first).to_bytes(8, "big") + first, *blocks]


def _encode_block(events, date, share) -> tuple:
    body: dict[str, list] = {name: [] for name in BODY_FIELDS}
    src: dict[str, list] = {name: [] for name in _FIELDS[Source]}
    cl: dict[str, list] = {name: [] for name in _FIELDS[Claim]}
    n_src, n_cl, cas = [], [], ([], [], [], [])
    for i, e in enumerate(events):
        body["title"].append(e.title)
        body["text"].append(e.text)
        body["summary"].append(e.summary)
        body["related"].append(share(e.related))
        body["line"].append(e.line)
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
    return body, n_src, src, n_cl, cl, cas


def _pack_positions(positions: dict[str, list[int]]) -> tuple:
    """(keys, counts, all positions as little-endian int32 bytes): read back 10x faster than lists of ints."""
    flat = array("i")
    for at in positions.values():
        flat.extend(at)
    if sys.byteorder == "big":
        flat.byteswap()
    return list(positions), [len(at) for at in positions.values()], flat.tobytes()


def _unpack_positions(packed: tuple, n: int) -> dict[str, list[int]]:
    keys, counts, data = packed
    flat = array("i")
    flat.frombytes(data)
    if sys.byteorder == "big":
        flat.byteswap()
    if type(keys) is not list or type(counts) is not list or len(keys) != len(counts) or sum(counts) != len(flat):
        raise ValueError("damaged positions")
    values = flat.tolist()
    ends = list(accumulate(counts))
    positions = dict(zip(keys, map(values.__getitem__, map(slice, map(int.__sub__, ends, counts), ends))))
    for at in positions.values():  # each ascending, as written
        if not at or at[0] < 0 or at[-1] >= n:
            raise ValueError("damaged positions")
    return positions


def decode(payload: bytes | memoryview, path: str, body: _FileBody | None = None) -> Timeline:
    """Rebuild the timeline from a payload (raises on anything unexpected in its head; the
    events are rebuilt on first use, see CachedEvents). With `body`, the payload is the head
    only and the blocks are read from the entry's file."""
    view = memoryview(payload)
    size = int.from_bytes(view[:8], "big")
    if not 0 < size <= len(view) - 8:
        raise ValueError("damaged head")
    title, version, actors, places, eras, date_keys, head, positions, block_sizes = marshal.loads(view[8 : 8 + size])
    dates: list = [PartialDate(*key) for key in date_keys]
    dates.append(None)  # index -1
    n = len(head["id"])
    _check(n, *(head[name] for name in HEAD_FIELDS))
    if n and (min(head["date"]) < 0 or max(head["date"]) >= len(date_keys) or max(head["end"]) >= len(date_keys)):
        raise ValueError("damaged dates")
    columns = {name: list(map(dates.__getitem__, head[name])) for name in ("date", "end")}
    positions = {name: _unpack_positions(positions[name], n) for name in LISTS}
    if type(block_sizes) is not list or len(block_sizes) != -(-n // CHUNK):
        raise ValueError("damaged blocks")
    if body is None:
        rest = view[8 + size :]
        if sum(block_sizes) != len(rest):
            raise ValueError("damaged blocks")
        body = _MemoryBody(rest)  # type: ignore[assignment]
    elif block_sizes != body.sizes or len(view) != 8 + size:
        raise ValueError("damaged blocks")
    return Timeline(
        title=title,
        events=CachedEvents(n, head, dates, body, block_sizes, positions, n >= FREEZE_EVENTS, path, columns),
        actors={a[0]: Actor(a[0], a[1], a[2], a[3], a[4], a[5], a[6]) for a in actors},
        places={p[0]: Place(p[0], p[1], p[2], p[3], p[4], p[5], p[6]) for p in places},
        eras=tuple(Era(e[0], e[1], dates[e[2]], dates[e[3]], e[4]) for e in eras),
        path=path,
        version=version,
    )


class CacheDamaged(ValueError):
    """A block of a cache entry in use could not be rebuilt (changed on disk in place, or a read
    error). The entry has been removed; the app and the commands end with a one-line message."""

    path = ""


class CachedEvents(Sequence):
    """The events of a timeline read from the cache, each block of CHUNK events rebuilt when
    one of its events is first used.

    The HEAD_FIELDS of every event are at hand at once, as columns (`column`, which
    `model.event_values` uses), and so are the positions per actor, tag and place
    (`positions`, for `model.event_positions`): listing, counting and filtering 100,000
    events builds none of them, so the app paints its list without rebuilding 400,000
    objects first. Indexing builds the events of one block (a few milliseconds); iterating,
    slicing and comparing build them all, as the eager rebuild did. Behaves as the tuple of
    the same events, and compares equal to it. Safe to use from several threads.
    """

    def __init__(self, n: int, head: dict, dates: list, body: _FileBody | _MemoryBody, block_sizes: list[int],
                 positions: dict[str, dict[str, list[int]]], freeze: bool = False, path: str = "",
                 columns: dict[str, list] | None = None) -> None:
        self._n = n
        self._path = path
        self._head = head
        self._dates = dates
        self._columns: dict[str, list] = dict(columns or {})
        self._items: list = [None] * n
        self._body: _FileBody | _MemoryBody | None = body  # closed when every block is built
        self._offsets = [0, *accumulate(block_sizes)]
        self._missing = set(range(len(block_sizes)))
        self._positions = positions
        self._freeze = freeze
        self._lock = threading.Lock()

    # -- columns without building events ------------------------------------------------
    def column(self, name: str) -> list:
        """Field `name` of every event, in order (see model.event_values; do not change it)."""
        found = self._columns.get(name)
        if found is None:
            if name in ("date", "end"):
                found = list(map(self._dates.__getitem__, self._head[name]))
            elif name in self._head:
                found = self._head[name]
            else:
                found = [getattr(event, name) for event in self]
            self._columns[name] = found
        return found

    def positions(self, name: str) -> dict[str, list[int]]:
        """See model.event_positions (do not change it)."""
        found = self._positions.get(name)
        return found if found is not None else event_positions(tuple(self), name)

    @property
    def built(self) -> int:
        """How many events have been built so far."""
        return self._n - sum(min(CHUNK, self._n - block * CHUNK) for block in self._missing)

    # -- the sequence -----------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            wanted = range(*i.indices(self._n))
            if self._missing and wanted:
                for block in range(min(wanted) // CHUNK, max(wanted) // CHUNK + 1):
                    self._build(block)
            return tuple(self._items[i])
        event = self._items[i]  # IndexError and TypeError as a tuple gives them
        if event is None:
            self._build((i + self._n if i < 0 else i) // CHUNK)
            event = self._items[i]
        return event

    def __iter__(self):
        self._build_all()
        return iter(self._items)

    def __reversed__(self):
        self._build_all()
        return reversed(self._items)

    def __contains__(self, value) -> bool:
        self._build_all()
        return value in self._items

    def index(self, value, start: int = 0, stop: int = sys.maxsize) -> int:
        self._build_all()
        try:
            return self._items.index(value, start, stop)
        except ValueError:
            raise ValueError("tuple.index(x): x not in tuple") from None

    def count(self, value) -> int:
        self._build_all()
        return self._items.count(value)

    def __eq__(self, other) -> bool:
        if isinstance(other, (tuple, CachedEvents)):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other):
        if isinstance(other, (tuple, CachedEvents)):
            return tuple(self) + tuple(other)
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, tuple):
            return other + tuple(self)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(tuple(self))

    # -- building ---------------------------------------------------------------------------------
    def _build_all(self) -> None:
        for block in sorted(self._missing):
            self._build(block)

    def _build(self, block: int) -> None:
        with self._lock:
            if block not in self._missing:
                return
            assert self._body is not None
            lo, hi = block * CHUNK, min(self._n, (block + 1) * CHUNK)
            with gc_paused():
                try:
                    raw = marshal.loads(self._body.read(block, self._offsets[block], self._offsets[block + 1]))
                    self._items[lo:hi] = self._decode_block(raw, lo, hi)
                except Exception as exc:  # noqa: BLE001 - only a tampered entry gets here (its CRC was right)
                    raise self._damaged(exc) from None
                if self._freeze:
                    gc.freeze()  # as loading does for a big timeline: these objects live as long as it
            self._missing.discard(block)
            if not self._missing:
                self._body.close()
                self._body = None

    def _damaged(self, exc: Exception) -> CacheDamaged:
        if self._path:
            _unlink(entry_path(self._path))
        damaged = CacheDamaged(f"damaged cache entry for {self._path} (removed: the next start reads the file again): {exc!r}")
        damaged.path = self._path
        return damaged

    def after_fork(self) -> None:
        """In a forked child (which has one thread): the lock, which another thread may have held at
        the fork, is free again."""
        self._lock = threading.Lock()

    def search_fields(self):
        """Per event, in order: (title, summary, text, tags, claims as (by, says, via) triples), read
        from the stored blocks without building or keeping any event: the search index reads the
        text of every event once, and building them all would hold ~200 MB for 100,000 events. A
        block already built is read from its events."""
        tags = self._head["tags"]
        for block in range(len(self._offsets) - 1):
            lo, hi = block * CHUNK, min(self._n, (block + 1) * CHUNK)
            with self._lock:
                try:
                    data = self._body.read(block, self._offsets[block], self._offsets[block + 1]) if block in self._missing else None
                except Exception as exc:  # noqa: BLE001 - as in _build
                    raise self._damaged(exc) from None
            if data is None:
                for event in self._items[lo:hi]:
                    yield event.title, event.summary, event.text, event.tags, [(c.by, c.says, c.via) for c in event.claims]
                continue
            try:
                body, _, _, n_cl, cl, _ = marshal.loads(data)
                _check(hi - lo, body["title"], body["summary"], body["text"], n_cl)
                _check(len(cl["by"]), cl["says"], cl["via"])
                if sum(n_cl) != len(cl["by"]):
                    raise ValueError("damaged claims")
            except Exception as exc:  # noqa: BLE001 - as in _build
                raise self._damaged(exc) from None
            claims = list(zip(cl["by"], cl["says"], cl["via"]))
            at = 0
            for k, (title, summary, text, count) in enumerate(zip(body["title"], body["summary"], body["text"], n_cl)):
                yield title, summary, text, tags[lo + k], claims[at : at + count]
                at += count

    def _decode_block(self, raw: tuple, lo: int, hi: int) -> list:
        body, n_src, src, n_cl, cl, cas = raw
        k = hi - lo
        _check(k, *(body[name] for name in BODY_FIELDS), n_src, n_cl)
        m = len(src["publisher"])
        _check(m, *(src[name] for name in _FIELDS[Source]))
        if sum(n_src) != m or (m and not -1 <= min(src["date"]) < len(self._dates) - 1):
            raise ValueError("damaged sources")
        pick = self._dates.__getitem__
        sources = _make(Source, m, {**src, "date": map(pick, src["date"])})
        j = len(cl["by"])
        _check(j, *(cl[name] for name in _FIELDS[Claim]))
        if sum(n_cl) != j:
            raise ValueError("damaged claims")
        claims = _make(Claim, j, cl)
        casualties: list = [None] * k
        for at, low, high, note in zip(*cas):
            if not 0 <= at < k:
                raise ValueError("damaged casualties")
            casualties[at] = Casualties(low, high, note)
        ends = list(accumulate(n_src))
        event_sources = map(tuple, map(sources.__getitem__, map(slice, map(int.__sub__, ends, n_src), ends)))
        ends = list(accumulate(n_cl))
        event_claims = map(tuple, map(claims.__getitem__, map(slice, map(int.__sub__, ends, n_cl), ends)))
        head = self._head
        return _make(Event, k, {
            **body,
            **{name: head[name][lo:hi] for name in ("id", *LISTS)},
            "date": self.column("date")[lo:hi],
            "end": self.column("end")[lo:hi],
            "sources": event_sources,
            "claims": event_claims,
            "casualties": casualties,
        })
