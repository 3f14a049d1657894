"""The parse cache: timelines already built from their files, kept in the user's cache folder.

    store.py   entries on disk: keys, safe reads and writes, the most recent MAX_ENTRIES kept
    codec.py   a Timeline as plain `marshal` values in columns, derived from the model's fields
    lazy.py    CachedEvents: the events of a cached timeline, rebuilt a block at a time when used

Not pickle: reading an entry cannot run code. With 100,000 events a later start reads the
entry's head in about 0.1 s (the columns the list, counts and filters need) while another
thread checks every block's CRC; a block is rebuilt when one of its events is first used
(bench/README.md has the figures). No Textual here.
"""

from __future__ import annotations

from .codec import CHUNK, FREEZE_EVENTS, HEAD_FIELDS, LISTS, encode, gc_paused
from .lazy import CacheDamaged, CachedEvents
from .store import (
    FORMAT,
    MAX_ENTRIES,
    SUFFIX,
    code_fingerprint,
    decode,
    entry_path,
    expect_index,
    file_key,
    folder,
    get,
    has,
    make_entry,
    open_entry,
    read_header,
    write_entry,
    notices,
    prune,
    put,
    split_entry,
    wait_for_index,
)

__all__ = [
    "CHUNK", "FORMAT", "FREEZE_EVENTS", "HEAD_FIELDS", "LISTS", "MAX_ENTRIES", "SUFFIX", "CacheDamaged",
    "CachedEvents", "code_fingerprint", "decode", "encode", "entry_path", "expect_index", "file_key", "folder", "gc_paused", "get",
    "has", "make_entry", "notices", "open_entry", "prune", "put", "read_header", "split_entry", "wait_for_index", "write_entry",
]
