"""The search index of a cached timeline, kept beside its parse-cache entry, so that a later
start has it at once instead of building it again (about 30 s of a child's CPU for 100,000
events on a busy 2-core machine). No Textual here.

The file (`<entry>.search-index` in the cache folder, written and read as the cache's own
files are: 0600, atomically, only a regular file of the user's) holds a key and the index as
plain `marshal` values (`query.Words.to_plain`). The key is what the index is made of, not the
file's date: the CRC-32 of every stored block of the cache entry (titles, texts, claims), the
events' tags, the claimants' names, and the size and date of the code that builds the index. A
missing, damaged or outdated file is a miss, never an error. Names of actors and places are
not stored: they are matched anew at each start.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from . import paths
from .model import Timeline, event_values

SUFFIX = ".search-index"
MAGIC = b"syria-timeline search index 1\n"
LIMIT = 1 << 30
_CODE = ("query.py", "search_fold.py", "search_store.py")


def _code() -> str:
    return "|".join(paths.code_stamps(_CODE))


def key(timeline: Timeline) -> str | None:
    """What the index of this timeline is made of; None when it was not read from the cache's file."""
    content = getattr(timeline.events, "content_key", None)
    stored = content() if content is not None else None
    if stored is None or not timeline.path:
        return None
    digest = paths.sha256(stored.encode())
    digest.update(marshal.dumps(list(event_values(timeline.events, "tags"))))
    digest.update(marshal.dumps(sorted((actor.id, actor.name) for actor in timeline.actors.values())))
    digest.update(_code().encode())
    return digest.hexdigest()


def path_for(timeline: Timeline) -> Path:
    from .cache import entry_path

    entry = entry_path(timeline.path)
    return entry.with_name(entry.name.split(".", 1)[0] + SUFFIX)


def load(timeline: Timeline) -> bytes | None:
    """The stored index (marshal bytes) of this timeline, or None."""
    want = key(timeline)
    if want is None:
        return None
    from .cache import wait_for_index

    wait_for_index(timeline.path)  # the parse child of a first load may be building it right now
    try:
        data = paths.read_private(path_for(timeline), LIMIT)
    except (OSError, ValueError):
        return None
    head = MAGIC + want.encode() + b"\n"
    if data is None or not data.startswith(head):
        return None
    return data[len(head) :]


def save(timeline: Timeline, payload: bytes) -> bool:
    """Keep the index beside the cache entry (only where that entry exists); False if not kept.
    Drops the index files whose cache entry is gone."""
    from .cache import SUFFIX as ENTRY_SUFFIX, entry_path

    want = key(timeline)
    if want is None:
        return False
    entry = entry_path(timeline.path)
    try:
        if not entry.is_file():
            return False
        paths.write_atomic(path_for(timeline), MAGIC + want.encode() + b"\n" + payload, "the parse cache")
        for other in entry.parent.glob("*" + SUFFIX):
            if not other.with_name(other.name[: -len(SUFFIX)] + ENTRY_SUFFIX).exists():
                paths.remove(other)
    except (OSError, ValueError):
        return False
    return True
