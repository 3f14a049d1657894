"""Cache entries on disk: one per timeline path, keyed on the file's version and our code.

Key: the file's absolute path, size, mtime_ns, inode and ctime_ns, plus the entry format, the
Python version and a fingerprint of the code that builds timelines (an upgrade or an edited
rule never gets an old result). One entry per path, so a changed file replaces its entry; the
MAX_ENTRIES most recently used entries are kept. An entry that is missing, damaged, from
another version or unreadable is a miss, never an error, and the next load writes a fresh one;
a folder that cannot be used (unwritable, or not safely ours: see tui/paths.py) only means
that nothing is cached, with one line in `notices`. Only timelines that loaded without error
are ever stored.

An entry: MAGIC, the header's length (4 bytes), a JSON header (key, sizes and CRC-32 of each
part of the payload), the payload (codec.py). The folder is checked and created 0700, an
entry is written atomically (temporary file with O_EXCL|O_NOFOLLOW, then renamed) and read
only if it is a regular file of the user's that nobody else can write, without following a
symlink; every part of the payload is checked against its CRC-32 before `get` answers, and a
block again before marshal reads a byte of it (blocks are read from the file when first used).
No Textual here.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from .. import __version__, paths
from ..model import Timeline
from . import codec
from .lazy import CachedEvents, FileBody, MemoryBody, pread

FORMAT = 6  # bump when the entry layout changes (the payload's fields follow the model: codec.schema)
MAX_ENTRIES = 8
MAX_HEADER_BYTES = 1 << 20
SUFFIX = ".timeline-cache"
MAGIC = b"syria-timeline cache\n"
WHAT = "the parse cache"
_CODE_MODULES = (
    "model.py", "dates.py", "safetext.py", "cache/codec.py", "cache/lazy.py", "cache/store.py",
    *(f"timeline_file/{name}.py" for name in (
        "__init__", "document", "json_reader", "problems", "pyyaml_reader", "reading", "rules", "yamlrs_reader")),
)

notices: list[str] = []  # one line each: why the cache is not used (shown by the app and the commands)
_index_waits: dict[str, Callable[[], object]] = {}  # path -> wait for the parse child that builds its search index


def expect_index(path: str, wait: Callable[[], object]) -> None:
    """The parse child of `path` goes on to build its search index and keep it beside the entry
    (tui/parse_child.py): `wait()` returns when it is done (or gave up)."""
    _index_waits[os.path.abspath(path)] = wait


def wait_for_index(path: str) -> None:
    """Wait for the parse child building the search index of `path`, if there is one (search_store)."""
    wait = _index_waits.pop(os.path.abspath(path), None)
    if wait is not None:
        wait()


def _notice(text: str) -> None:
    if text not in notices:
        notices.append(text)


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
        parts = [__version__, str(FORMAT), "%d.%d" % sys.version_info[:2], str(marshal.version), *paths.code_stamps(_CODE_MODULES)]
        _fingerprint = paths.sha256("|".join(parts).encode()).hexdigest()[:24]
    return _fingerprint


def folder(create: bool = False) -> Path | None:
    """The cache folder, checked (created when `create`); None (and a notice) if it cannot be used."""
    where = paths.cache_dir()
    try:
        return paths.private_dir(where, WHAT, create=create)
    except FileNotFoundError:
        return None
    except paths.UnsafeFolder as exc:
        _notice(f"Not using the parse cache: {exc}")
    except OSError as exc:
        if create:
            _notice(f"Not using the parse cache: {where} cannot be made ({exc.strerror or exc})")
    return None


def entry_path(path: str) -> Path:
    digest = paths.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return paths.cache_dir() / f"{digest}{SUFFIX}"


def _matches(header: dict, path: str, st: os.stat_result) -> bool:
    return header.get("format") == FORMAT and header.get("key") == file_key(path, st) and header.get("code") == code_fingerprint()


# --------------------------------------------------------------------------- reading and writing


def get(path: str, st: os.stat_result) -> Timeline | None:
    """The cached timeline for this version of `path`, or None (never an error).

    Reads the entry's head now (the payload's first part) and its blocks when their events
    are first used (CachedEvents), but checks every part's CRC before it returns: the blocks
    are read and checked on another thread while this one reads the head (reading and
    checking release Python's lock), so a damaged entry is still a miss here, not an error later.
    """
    if folder() is None:
        return None
    entry = entry_path(path)
    fd = paths.open_private(entry)
    if fd is None:
        return None
    timeline = open_entry(fd, path, lambda header: _matches(header, path, st))
    if timeline is not None:
        _touch(entry)
    return timeline


def open_entry(fd: int, path: str, accept=None) -> Timeline | None:
    """The timeline of the entry open on `fd` (which it owns from here: closed with the
    timeline, or at once on a miss), read as `get` reads one; None if it is damaged, or if
    `accept(header)` says no."""
    body = FileBody(fd)  # owns fd from here
    try:
        header, start = _read_header(fd)
        if header.get("format") != FORMAT or (accept is not None and not accept(header)):
            raise ValueError("another version")
        parts, crcs = _parts(header, os.fstat(fd).st_size - start)
        if type(header.get("blocks_crc32")) is not int:
            raise ValueError("damaged header")
        body.place(start + parts[0], parts[1:], crcs[1:], header["blocks_crc32"])
        failed: list = []
        checker = threading.Thread(target=body.verify, args=(failed,), name="cache-check", daemon=True)
        checker.start()
        try:
            first = pread(fd, parts[0], start)
            if zlib.crc32(first) != crcs[0]:
                raise ValueError("damaged head")
            with codec.gc_paused():
                timeline = decode(first, os.fspath(path), body)
        finally:
            checker.join()
        if failed:
            raise ValueError("damaged block")
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss; the next load replaces it
        body.close()
        return None
    return timeline


def read_header(fd: int) -> dict | None:
    """The header of the entry open on `fd`, or None if it is not one."""
    try:
        return _read_header(fd)[0]
    except (OSError, ValueError):
        return None


def _touch(entry: Path) -> None:
    try:
        os.utime(entry, follow_symlinks=False)  # most recently used
    except (OSError, NotImplementedError):
        pass


def has(path: str, st: os.stat_result) -> bool:
    """Whether an entry for this version of `path` exists (reads its header only, not the payload)."""
    if folder() is None:
        return False
    fd = paths.open_private(entry_path(path))
    if fd is None:
        return False
    try:
        header, _ = _read_header(fd)
    except (OSError, ValueError):
        return False
    finally:
        os.close(fd)
    return _matches(header, path, st)


def put(path: str, st: os.stat_result, timeline: Timeline) -> bool:
    """Store `timeline` as the result of loading this version of `path`. False if not stored.
    A model field the codec cannot store raises TypeError: never silently not cached."""
    data = make_entry(path, st, timeline)
    if folder(create=True) is None:
        return False
    try:
        paths.write_atomic(entry_path(path), data, WHAT)
    except OSError:  # an unwritable or full folder: just no cache
        return False
    prune()
    return True


def make_entry(path: str, st: os.stat_result, timeline: Timeline) -> bytes:
    """An entry: MAGIC, the header's length (4 bytes), the JSON header, the payload. The header
    gives the sizes of the payload's parts (the head, then each block) and a CRC-32 of each."""
    return b"".join(entry_parts(path, st, timeline))


def write_entry(fd: int, path: str, st: os.stat_result, timeline: Timeline) -> None:
    """Write the entry (make_entry's bytes) to `fd`, a part at a time (never joined in memory)."""
    for part in entry_parts(path, st, timeline):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view) :]


def entry_parts(path: str, st: os.stat_result, timeline: Timeline) -> list[bytes]:
    """The entry's bytes in parts: MAGIC, the header's length and the header, then the payload's."""
    with codec.gc_paused():
        parts = codec.encode_parts(timeline)
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
    return [MAGIC + len(head).to_bytes(4, "big") + head, *parts]


def split_entry(data: bytes) -> tuple[dict, memoryview]:
    """Header and payload of an entry; raises ValueError if it is not a whole, intact entry."""
    if not data.startswith(MAGIC):
        raise ValueError("not a cache entry")
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    if size > MAX_HEADER_BYTES:
        raise ValueError("damaged header")
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


def _read_header(fd: int) -> tuple[dict, int]:
    """The JSON header of an entry, and where its payload starts."""
    start = pread(fd, len(MAGIC) + 4, 0)
    if not start.startswith(MAGIC):
        raise ValueError("not a cache entry")
    size = int.from_bytes(start[len(MAGIC) :], "big")
    if size > MAX_HEADER_BYTES:
        raise ValueError("damaged header")
    header = json.loads(pread(fd, size, len(start)))
    if not isinstance(header, dict):
        raise ValueError("not a cache entry")
    return header, len(start) + size


def decode(payload: bytes | memoryview, path: str, body: FileBody | None = None) -> Timeline:
    """Rebuild the timeline from a payload (raises on anything unexpected in its head; the
    events are rebuilt on first use, see CachedEvents). With `body`, the payload is the head
    only and the blocks are read from the entry's file. A block found damaged later removes
    the entry of `path`."""
    view = memoryview(payload)
    size = int.from_bytes(view[:8], "big")
    if not 0 < size <= len(view) - 8:
        raise ValueError("damaged head")
    head = codec.decode_head(view[8 : 8 + size])
    blocks: FileBody | MemoryBody
    if body is None:
        rest = view[8 + size :]
        if sum(head.block_sizes) != len(rest):
            raise ValueError("damaged blocks")
        blocks = MemoryBody(rest)
    elif head.block_sizes != body.sizes or len(view) != 8 + size:
        raise ValueError("damaged blocks")
    else:
        blocks = body
    events = CachedEvents(head, blocks, freeze=head.n >= codec.FREEZE_EVENTS, path=path,
                          on_damage=lambda: paths.remove(entry_path(path)) if path else None)
    return Timeline(events=events, path=path, **head.fields)  # type: ignore[arg-type]  # the head holds Timeline's other fields, decoded by their kinds


def prune(keep: int = MAX_ENTRIES) -> None:
    """Keep the `keep` most recently used entries; drop temporary files left by a crash."""
    where = folder()
    if where is None:
        return
    try:
        names = os.listdir(where)
    except OSError:
        return
    entries = []
    now = time.time()
    for name in names:
        full = where / name
        try:
            info = full.lstat()
        except OSError:
            continue
        if name.endswith(SUFFIX) and not name.startswith("."):
            entries.append((info.st_mtime, full))
        elif name.startswith(".") and name.endswith(".tmp") and now - info.st_mtime > 3600:
            paths.remove(full)
    entries.sort(reverse=True)
    for _, full in entries[keep:]:
        paths.remove(full)
