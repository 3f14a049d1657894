"""The parse child (started by tui/opening.py for a big file): it parses the file and writes the
parse-cache entry (opening._child_main); then, for a timeline big enough that the app would
build its search index in a child of its own (query.CHILD_EVENTS), it builds that index from the
entry it has just written, reading the stored text block by block (no event is built), and
keeps it beside the entry (search_store), where the app's first search, and every later
start, find it. The app has its timeline meanwhile: the index is built after "done". No Textual here.
"""

from __future__ import annotations

import marshal
import os
import time


def main(argv: list[str]) -> int:
    """Never returns: ends the process at once (a thread waits on stdin, see _child_main)."""
    import sys

    from .opening import _child_main

    code = 1
    try:
        code = _child_main(argv, after=build_index)
    finally:
        sys.stdout.flush()
        os._exit(code)


INDEX_EVENTS_ENV = "SYRIA_TIMELINE_INDEX_EVENTS"  # from how many events (default query.CHILD_EVENTS; tests)


def build_index(fd: int, path: str) -> None:
    """Build and keep the search index of the entry open on `fd` (for the timeline at `path`)."""
    from . import cache, query, search_store

    timeline = cache.open_entry(os.dup(fd), path)
    least = os.environ.get(INDEX_EVENTS_ENV, "")
    if timeline is None or len(timeline.events) < (int(least) if least.isdigit() else query.CHILD_EVENTS):
        return
    data = marshal.dumps(query.Words.build_here(query.Index.build(timeline)).to_plain())
    for _ in range(50):  # the parent moves the entry into place as soon as it has read it
        if search_store.save(timeline, data):
            return
        time.sleep(0.2)
