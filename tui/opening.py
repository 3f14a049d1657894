"""Open a timeline file for the app and the commands: the one place that decides how.

1. The parse cache (`cache/`): a file that has not changed since it last loaded is rebuilt
   from the XDG cache folder (100,000 events in well under a second).
2. A big file (BIG_BYTES or more) is parsed in a child process, which writes the cache entry
   that this process then reads. The parse holds Python's lock for seconds at a time and needs
   several times the file's size in memory; in a child it leaves the app's screen responsive
   (progress lines come back through a pipe), uses the second core, and the memory goes back
   when it ends. If no child can be started, the same work is done here.
3. The parse itself (`timeline_file`): with the optional `yaml-rs` (pip install
   'syria-timeline[fast]') a big file is read by yaml-rs first, which either gives the very
   timeline PyYAML would give or declines; otherwise, and for small files, PyYAML reads it, and
   every error comes from there, with its line and column. The file is read once.
Only timelines that loaded without error are cached. No Textual here.
"""

from __future__ import annotations

import gc
import json
import os
import select
import stat as stat_mod
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from . import cache, paths
from .model import Timeline
from .timeline_file import Problem, TimelineError, load, loads, read_text
from .timeline_file.reading import check_start

Progress = Callable[[str], None]

BIG_BYTES = 2 * 1024 * 1024  # from this size: the fast parser (if installed) and a child process
FREEZE_EVENTS = cache.FREEZE_EVENTS  # from this many events: move the timeline out of the collector's way
CHILD_ENV = "SYRIA_TIMELINE_PARSE_CHILD"  # set in the child (it never starts another)
CHILD_CODE = "import sys; sys.path[0] = sys.argv[1]; from tui.opening import _child_main; sys.exit(_child_main(sys.argv[2:]))"
NO_CHILD_ENV = "SYRIA_TIMELINE_NO_CHILD"  # set to 1 to parse in-process (tests, benchmarks)
NO_CACHE_ENV = "SYRIA_TIMELINE_NO_CACHE"  # set to 1 to neither read nor write the cache
NO_FAST_ENV = "SYRIA_TIMELINE_NO_FAST"  # set to 1 to read every file with PyYAML


def open_timeline(path: str, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Timeline:
    """Load `path` (raises TimelineError for any problem with it).

    `progress` gets short messages while a big file loads ("checking 50,000 of 100,000
    events"). `cancelled`, if given, is asked a few times a second while a child process
    parses a big file; when it says yes (the app is quitting), the child is stopped and
    TimelineError("loading stopped") is raised at once instead of waiting for the parse.
    """
    display = os.fspath(path)
    st = _stat(display)
    if st is None:  # missing, a folder, a pipe...: read_text says what is wrong, or reads the pipe
        return load(display, progress=progress)
    use_cache = os.environ.get(NO_CACHE_ENV, "") in ("", "0")
    if use_cache:
        hit = cache.get(display, st)
        if hit is not None:
            return _settled(hit)
    timeline = None
    if st.st_size >= BIG_BYTES and _child_possible():
        timeline = _load_in_child(display, st, progress, use_cache, cancelled)
    if timeline is None:
        timeline = parse(display, progress, big=st.st_size >= BIG_BYTES)
        if use_cache and _same_file(display, st):
            if progress and st.st_size >= BIG_BYTES:
                progress("saving to the cache")
            cache.put(display, st, timeline)
    return _settled(timeline)


def open_cached(path: str) -> Timeline | None:
    """The timeline from the parse cache if it holds this version of `path` (0.1-0.2 s for
    100,000 events, whose events are rebuilt when first used), else None: never an error."""
    display = os.fspath(path)
    st = _stat(display)
    if st is None or os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    hit = cache.get(display, st)
    return _settled(hit) if hit is not None else None


def precheck(path: str) -> None:
    """Raise TimelineError if `path` cannot be read, cheaply: nothing is read when the parse
    cache holds this version of the file (it loaded without error before), at most its first
    64 KiB otherwise (the load reads it all, and reports what is further on), and nothing of a
    pipe, whose data the load needs."""
    display = os.fspath(path)
    st = _stat(display)
    if st is not None and os.environ.get(NO_CACHE_ENV, "") in ("", "0") and cache.has(display, st):
        return
    check_start(display)


def parse(display: str, progress: Progress | None = None, *, big: bool = False) -> Timeline:
    """Read the file (once) without the cache: yaml-rs for big files when it can, else PyYAML."""
    # the parsers are imported here, on first use, not at start-up
    from . import timeline_file

    with cache.gc_paused():
        text = read_text(display)
        size = len(text)
        if big and timeline_file.fast_available() and os.environ.get(NO_FAST_ENV, "") in ("", "0"):
            if progress:
                progress(f"parsing {size / 1e6:,.0f} MB (yaml-rs)")
            timeline = timeline_file.loads_fast(text, display, progress)
            if timeline is not None:
                return timeline
        if progress:
            progress(f"parsing {size / 1e6:,.0f} MB with PyYAML (slow; pip install 'syria-timeline[fast]' is faster)" if big else "parsing")
        return loads(text, display, progress)


def _stat(path: str) -> os.stat_result | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st if stat_mod.S_ISREG(st.st_mode) else None


def _same_file(path: str, st: os.stat_result) -> bool:
    """The file is still the version that was stat'ed before reading (else: do not cache)."""
    now = _stat(path)
    return now is not None and cache.file_key(path, now) == cache.file_key(path, st)


def _settled(timeline: Timeline) -> Timeline:
    # A big timeline's objects live as long as the program. Freezing them keeps the garbage
    # collector from walking them all again (about 0.4 s for 100,000 events: a visible hitch).
    if len(timeline.events) >= FREEZE_EVENTS:
        gc.freeze()
    return timeline


# --------------------------------------------------------------------------- the child process


def _child_possible() -> bool:
    return (
        os.name == "posix"
        and bool(sys.executable)
        and not os.environ.get(CHILD_ENV)
        and os.environ.get(NO_CHILD_ENV, "") in ("", "0")
    )


def _load_in_child(
    display: str, st: os.stat_result, progress: Progress | None, use_cache: bool, cancelled: Callable[[], bool] | None = None
) -> Timeline | None:
    """Parse in a child process; None if it could not do the work (the caller then does it here).

    The child writes the cache entry to a descriptor it inherits: a new file this process made
    (O_EXCL, never a name someone else could swap) in the checked cache folder, renamed into
    place when the entry is good; or, when the folder cannot be used, a nameless temporary file."""
    folder = cache.folder(create=True) if use_cache else None
    out: Path | None = None
    try:
        if folder is not None:
            fd, out = paths.create_temp(folder, "child", cache.store.WHAT)
        else:
            fd = _anonymous()
    except OSError:
        return None
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env[CHILD_ENV] = "1"  # CHILD_CODE puts `root` first on its path: our package, wherever it runs
    try:
        child = subprocess.Popen(
            # not `-m`: that puts the working folder first on sys.path, and run from inside another
            # checkout the child would import that checkout's `tui` (whose cache entries never match)
            [sys.executable, "-c", CHILD_CODE, root, display, str(fd)],
            stdin=subprocess.PIPE,  # the child ends when this process goes away (its stdin closes)
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=os.getcwd(),
            env=env,
            pass_fds=(fd,),
            start_new_session=True,  # keys pressed in the terminal never reach it
        )
    except OSError:
        os.close(fd)
        if out is not None:
            paths.remove(out)
        return None
    try:
        result = _follow(child, progress, cancelled)
        if result is False:  # the program is quitting while the file loads: neither wait nor redo the work
            raise TimelineError([Problem(display, 0, 0, "loading stopped")])
        if result is None:
            return None
        if isinstance(result, list):
            raise TimelineError([Problem(*problem) for problem in result])
        child.wait()
        data = _read_all(fd)
        header, payload = cache.split_entry(data)
        with cache.gc_paused():
            timeline = cache.decode(payload, display)
        if out is not None and header.get("key") == cache.file_key(display, st):
            paths.move_into(out, cache.entry_path(display), cache.store.WHAT)
            out = None
            cache.prune()
        return timeline
    except TimelineError:
        raise
    except Exception:  # noqa: BLE001 - whatever went wrong, the work is redone here
        return None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for pipe in (child.stdin, child.stdout):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        os.close(fd)
        if out is not None:
            paths.remove(out)


def _anonymous() -> int:
    """A nameless temporary file (for the child's entry when the cache folder cannot be used)."""
    handle = tempfile.TemporaryFile(prefix="syria-timeline-")
    fd = os.dup(handle.fileno())
    handle.close()
    return fd


def _read_all(fd: int) -> bytes:
    """What the child wrote to `fd` (from the start)."""
    size = os.fstat(fd).st_size
    data = os.pread(fd, size, 0)
    if len(data) != size:
        raise ValueError("short entry")
    return data


def _follow(child: subprocess.Popen, progress: Progress | None, cancelled: Callable[[], bool] | None = None) -> list | bool | None:
    """Relay the child's progress: True when it is done, a problem list on errors, False if
    cancelled (or the program is exiting), None if the child failed."""
    assert child.stdout is not None
    fd = child.stdout.fileno()
    pending = b""
    main = threading.main_thread()
    while True:
        if not main.is_alive() or (cancelled is not None and cancelled()):
            child.kill()
            return False
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return None
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            kind, _, rest = line.decode("utf-8", "replace").partition(" ")
            if kind == "progress" and progress:
                progress(rest)
            elif kind == "problems":
                return json.loads(rest)
            elif kind == "done":
                return True


def _child_main(argv: list[str]) -> int:
    """In the child: parse argv[0], write the cache entry to descriptor argv[1], report on stdout."""
    display, out = argv[0], int(argv[1])

    def orphaned() -> None:  # the parent closed our stdin (or died): stop at once
        try:
            sys.stdin.buffer.read()
        finally:
            os._exit(3)

    threading.Thread(target=orphaned, daemon=True).start()

    def say(kind: str, text: str) -> None:
        sys.stdout.write(f"{kind} {text}\n")
        sys.stdout.flush()

    st = os.stat(display)
    try:
        timeline = parse(display, lambda message: say("progress", message), big=True)
    except TimelineError as exc:
        say("problems", json.dumps([list(problem) for problem in exc.problems]))
        return 2
    say("progress", "saving to the cache")
    if not _same_file(display, st):  # changed while it was read: deliver, but never cache it
        st = os.stat_result((0,) * 10)
    view = memoryview(cache.make_entry(display, st, timeline))
    while view:  # the descriptor of a file the parent made for us
        view = view[os.write(out, view):]
    say("done", "")
    return 0
