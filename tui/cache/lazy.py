"""Events read from the parse cache, each block rebuilt when one of its events is first used.
No Textual here."""

from __future__ import annotations

import gc
import marshal
import os
import sys
import threading
import weakref
import zlib
from collections.abc import Callable
from itertools import accumulate

from ..model import ColumnarEvents
from . import codec


class CacheDamaged(ValueError):
    """A block of a cache entry in use could not be rebuilt (changed on disk in place, or a read
    error). The entry has been removed; the app and the commands end with a one-line message."""

    path = ""


def pread(fd: int, size: int, offset: int) -> bytes:
    data = os.pread(fd, size, offset)
    if len(data) != size:
        raise ValueError("short entry")
    return data


class MemoryBody:
    """The blocks of a payload that is in memory (already checked)."""

    def __init__(self, view: memoryview) -> None:
        self.view = view

    def read(self, block: int, start: int, end: int) -> memoryview:
        return self.view[start:end]

    def close(self) -> None:
        self.view = memoryview(b"")


class FileBody:
    """The blocks of an entry's payload, read from its file when needed, each checked against
    its CRC again then (the file could have been changed in place since it was checked)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._closer = weakref.finalize(self, os.close, fd)  # closed when every block is built, or with the timeline
        self.offset, self.sizes, self.crcs, self.crc = 0, [], [], 0

    def place(self, offset: int, sizes: list[int], crcs: list[int], crc: int) -> None:
        self.offset, self.sizes, self.crcs, self.crc = offset, sizes, crcs, crc

    def read(self, block: int, start: int, end: int) -> bytes:
        data = pread(self.fd, end - start, self.offset + start)
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


class CachedEvents(ColumnarEvents):
    """The events of a timeline read from the cache, each block of events rebuilt when one of
    its events is first used.

    The HEAD_FIELDS of every event are at hand at once, as columns (`column`), and so are the
    positions per actor, tag and place (`positions`): listing, counting and filtering 100,000
    events builds none of them, so the app paints its list without rebuilding 400,000 objects
    first. Indexing builds the events of one block (a few milliseconds); iterating, slicing and
    comparing build them all. Behaves as the tuple of the same events, and compares equal to
    it. Safe to use from several threads.
    """

    def __init__(self, head: codec.Head, body: FileBody | MemoryBody, *, freeze: bool = False, path: str = "",
                 on_damage: Callable[[], None] | None = None) -> None:
        self._n = head.n
        self._chunk = head.chunk
        self._path = path
        self._head = head
        self._columns: dict[str, list] = dict(head.columns)
        self._items: list = [None] * head.n
        self._body: FileBody | MemoryBody | None = body  # closed when every block is built
        self._offsets = [0, *accumulate(head.block_sizes)]
        self._missing = set(range(len(head.block_sizes)))
        self._freeze = freeze
        self._on_damage = on_damage
        self._lock = threading.Lock()

    # -- columns without building events ------------------------------------------------
    def column(self, name: str) -> list:
        """Field `name` of every event, in order (see model.event_values; do not change it)."""
        found = self._columns.get(name)
        if found is None:
            found = [getattr(event, name) for event in self]
            self._columns[name] = found
        return found

    def positions(self, name: str) -> dict[str, list[int]] | None:
        """See model.event_positions (do not change it)."""
        return self._head.positions.get(name)

    @property
    def built(self) -> int:
        """How many events have been built so far."""
        return self._n - sum(min(self._chunk, self._n - block * self._chunk) for block in self._missing)

    # -- the sequence -----------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            wanted = range(*i.indices(self._n))
            if self._missing and wanted:
                for block in range(min(wanted) // self._chunk, max(wanted) // self._chunk + 1):
                    self._build(block)
            return tuple(self._items[i])
        event = self._items[i]  # IndexError and TypeError as a tuple gives them
        if event is None:
            self._build((i + self._n if i < 0 else i) // self._chunk)
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
            lo, hi = block * self._chunk, min(self._n, (block + 1) * self._chunk)
            with codec.gc_paused():
                try:
                    raw = marshal.loads(self._body.read(block, self._offsets[block], self._offsets[block + 1]))
                    self._items[lo:hi] = codec.decode_block(raw, lo, hi, self._head)
                except Exception as exc:  # noqa: BLE001 - only a tampered entry gets here (its CRC was right)
                    raise self._damaged(exc) from None
                if self._freeze:
                    gc.freeze()  # as loading does for a big timeline: these objects live as long as it
            self._missing.discard(block)
            if not self._missing:
                self._body.close()
                self._body = None

    def _damaged(self, exc: Exception) -> CacheDamaged:
        if self._on_damage is not None:
            self._on_damage()
        damaged = CacheDamaged(f"damaged cache entry for {self._path} (removed: the next start reads the file again): {exc!r}")
        damaged.path = self._path
        return damaged

    # -- for the search index -------------------------------------------------------------------
    def content_key(self) -> str | None:
        """The CRC-32 of every stored block, as text: the same for the same events' stored fields;
        None when the blocks are not read from an entry's file (or are all built)."""
        body = self._body
        crcs = getattr(body, "crcs", None)
        return f"{self._n}:{self._chunk}:" + ",".join(map(str, crcs)) if crcs else None

    def after_fork(self) -> None:
        """In a forked child (which has one thread): the lock, which another thread may have held at
        the fork, is free again."""
        self._lock = threading.Lock()

    def search_fields(self):
        """Per event, in order: (title, summary, text, tags, claims as (by, says, via) triples), read
        from the stored blocks without building or keeping any event: the search index reads the
        text of every event once, and building them all would hold ~200 MB for 100,000 events. A
        block already built is read from its events."""
        tags = self._columns["tags"]
        for block in range(len(self._offsets) - 1):
            lo, hi = block * self._chunk, min(self._n, (block + 1) * self._chunk)
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
                raw = marshal.loads(data)
                if type(raw) is not dict:
                    raise ValueError("damaged block")
                titles, summaries, texts = raw["title"], raw["summary"], raw["text"]
                counts, claims = raw["claims"]
                codec.check(hi - lo, titles, summaries, texts, counts)
                by, says, via = claims["by"], claims["says"], claims["via"]
                codec.check(sum(counts), by, says, via)
            except Exception as exc:  # noqa: BLE001 - as in _build
                raise self._damaged(exc) from None
            triples = list(zip(by, says, via))
            at = 0
            for k, (title, summary, text, count) in enumerate(zip(titles, summaries, texts, counts)):
                yield title, summary, text, tags[lo + k], triples[at : at + count]
                at += count
