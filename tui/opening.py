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
from collections.abc import Callable, Iterator
from pathlib import Path

from . import cache, paths
from .model import Timeline
from .timeline_file import Problem, TimelineError, load, loads
from .timeline_file.reading import check_start

Progress = Callable[[str], None]

BIG_BYTES = 2 * 1024 * 1024  # from this size: the fast parser (if installed) and a child process
FREEZE_EVENTS = cache.FREEZE_EVENTS  # from this many events: move the timeline out of the collector's way
CHILD_ENV = "SYRIA_TIMELINE_PARSE_CHILD"  # set in the child (it never starts another)
CHILD_CODE = "import sys; sys.path[0] = sys.argv[1]; from tui.parse_child import main; sys.exit(main(sys.argv[2:]))"
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
        timeline = _parse_and_keep(display, st, progress, use_cache)
    return _settled(timeline)


def _parse_and_keep(display: str, st: os.stat_result, progress: Progress | None, use_cache: bool) -> Timeline:
    """Parse here, and cache the timeline if the file did not change meanwhile."""
    timeline = parse(display, progress, big=st.st_size >= BIG_BYTES)
    if use_cache and _same_file(display, st):
        if progress and st.st_size >= BIG_BYTES:
            progress("saving to the cache")
        cache.put(display, st, timeline)
    return timeline


def open_early(path: str, said: Callable[[str], None] | None = None) -> Timeline | None:
    """What the explorer loads before it takes the screen (raises TimelineError).

    A file the parse cache holds is read from there; a small regular file (under BIG_BYTES: a
    few tenths of a second of parsing) is parsed now, and cached, as `open_timeline` would:
    either way the app paints once, with the list, and a broken file prints its problems
    plainly instead of flashing the full-screen app. A big file is only checked (`precheck`)
    and None returned: the app loads it behind its progress screen. A pipe (`<(cmd)`, a FIFO)
    can be read only once: it is read and parsed now, whatever its size (`said` is told first
    when it is big: the screen stays as it is meanwhile), and so is a device that is not a
    terminal (/dev/null: nothing to read, said plainly)."""
    display = os.fspath(path)
    hit = open_cached(display)
    if hit is not None:
        return hit
    st = _stat(display)
    use_cache = os.environ.get(NO_CACHE_ENV, "") in ("", "0")
    if st is not None and st.st_size < BIG_BYTES:
        return _settled(_parse_and_keep(display, st, None, use_cache))
    check_start(display)  # the cache was asked already: what precheck does after it
    if st is None and _is_pipe(display):
        from .timeline_file import read_bytes

        data = read_bytes(display)  # bounded in size and in time (a pipe nobody writes to)
        if len(data) >= BIG_BYTES and said is not None:
            said(f"reading {len(data) / 1e6:,.0f} MB from {display} before the explorer starts")
        return _settled(parse(display, big=len(data) >= BIG_BYTES, data=data))
    return None


def _is_pipe(path: str) -> bool:
    """A FIFO, or a device that is not a terminal (/dev/null, /dev/zero): what is read only once,
    or gives what it gives at once. A terminal (/dev/tty, /dev/stdin) is the keyboard: the app's."""
    try:
        mode = os.stat(path).st_mode
        if stat_mod.S_ISFIFO(mode):
            return True
        if not stat_mod.S_ISCHR(mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            return not os.isatty(fd)
        finally:
            os.close(fd)
    except (OSError, ValueError):
        return False


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


def parse(display: str, progress: Progress | None = None, *, big: bool = False, parallel: bool = False, data: bytes | None = None) -> Timeline:
    """Read the file (once) without the cache: yaml-rs for big files when it can, else PyYAML.

    A file with far too many values is refused from its bytes, before any parsing. With yaml-rs
    the events are parsed a piece at a time (timeline_file.loads_fast_bytes), by a forked
    process when `parallel` (the parse child: this process runs the rules meanwhile)."""
    # the parsers are imported here, on first use, not at start-up
    from . import timeline_file
    from .timeline_file import reading

    with cache.gc_paused():
        if data is None:  # else: the file's bytes, read already (a pipe)
            data = timeline_file.read_bytes(display)
        if not timeline_file.is_json(display):
            refused = reading.too_many_values_in(data)  # as PyYAML's adapter would, but before decoding
            if refused:
                raise TimelineError([Problem(display, 0, 0, refused)])
        size = len(data)
        if big and timeline_file.fast_available() and os.environ.get(NO_FAST_ENV, "") in ("", "0") and not timeline_file.is_json(display):
            if progress:
                progress(f"parsing {size / 1e6:,.0f} MB (yaml-rs)")
            body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
            worker = _Worker(body) if parallel else None
            try:
                timeline = timeline_file.loads_fast_bytes(body, display, progress, worker.messages() if worker else None)
            finally:
                if worker is not None:
                    worker.stop()
            del body
            if timeline is not None:
                return timeline
        text = reading.decode(data, display)
        del data
        if progress:
            progress(f"parsing {size / 1e6:,.0f} MB with PyYAML (slow; pip install 'syria-timeline[fast]' is faster)" if big else "parsing")
        return loads(text, display, progress)


class _Worker:
    """Forked processes that parse the pieces of a big file (yamlrs_reader.pieces; worker k
    the pieces i with i % WORKERS == k) and send them here as marshal frames through pipes,
    while this process runs the rules on the pieces already parsed: the cores work at once.
    When the next piece has not come yet, this process parses a later one itself (at most STEAL
    ahead) rather than wait: a flag in shared memory tells the workers to skip it. They only read
    the bytes they were forked with; each ends when it has sent its last piece, or is killed by
    `stop`."""

    # one parses while this one checks (two workers measured no faster on 2 cores, for 4% more
    # CPU: the environment may ask for more, for benchmarks)
    WORKERS = max(1, int(os.environ.get("SYRIA_TIMELINE_PARSE_WORKERS", "1") or 1))
    STEAL = 2  # how far ahead of the rules this process parses a piece itself
    MAX_PIECES = 1 << 16  # pieces beyond this many are never taken here

    def __init__(self, data: bytes, workers: int | None = None) -> None:
        import mmap

        workers = workers or self.WORKERS
        self.data = data
        self.taken = mmap.mmap(-1, self.MAX_PIECES)  # shared with the workers: 1 = parsed here
        self.pids: list[int] = []
        self.fds: list[int] = []
        for k in range(workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # a worker: this thread only, never the parent's stdin, stdout or cache entry
                try:
                    for fd in (read_end, *self.fds):
                        os.close(fd)
                    taken = self.taken

                    def skip(i: int, k: int = k) -> bool:
                        return i % workers != k or (i < len(taken) and taken[i] == 1)

                    _worker_main(data, write_end, skip, head=k == 0)
                finally:
                    os._exit(0)
            os.close(write_end)
            self.pids.append(pid)
            self.fds.append(read_end)

    @staticmethod
    def _frames(fd: int) -> Iterator[tuple]:
        import marshal

        pipe = open(fd, "rb", closefd=False)
        while True:
            size = pipe.read(8)
            if len(size) != 8:
                yield ("decline", "split")  # it stopped short: read the file whole
                return
            body = pipe.read(int.from_bytes(size, "big"))
            message = marshal.loads(body)
            del body
            yield message

    def messages(self) -> Iterator[tuple]:
        """The messages of `pieces`, in order, from the workers or parsed here."""
        from .timeline_file import yamlrs_reader as reader

        frames = [self._frames(fd) for fd in self.fds]
        head = next(frames[0])
        yield head
        if head[0] != "head":
            return
        cut = reader.Plan(*head[3])
        count = len(cut.cuts) - 1
        workers = len(frames)
        mine: dict[int, tuple] = {}  # pieces parsed here
        theirs: dict[int, tuple] = {}  # pieces of the workers that came early
        done = [False] * workers  # a worker has sent all it will
        next_piece = 0
        while next_piece < count:
            ready = mine.pop(next_piece, None) or theirs.pop(next_piece, None)
            if ready is not None:
                yield ready
                next_piece += 1
                continue
            k = next_piece % workers  # the worker that parses it
            wanted = next(
                (i for i in range(next_piece + 1, min(count, next_piece + 1 + self.STEAL)) if i not in mine and i not in theirs),
                None,
            )
            if not done[k] and (wanted is None or wanted >= self.MAX_PIECES or select.select([self.fds[k]], [], [], 0)[0]):
                message = next(frames[k])
                if message[0] == "piece":
                    at = message[3]
                    if at not in mine and not (at < self.MAX_PIECES and self.taken[at] == 1):  # else parsed here too
                        theirs[at] = message
                    continue
                if message[0] == "end":
                    done[k] = True
                    continue
                yield message  # a decline
                return
            at = wanted if not done[k] and wanted is not None else next_piece
            if at < self.MAX_PIECES:
                self.taken[at] = 1
            try:
                items, lines = reader.piece(self.data, cut, at)
            except reader.SplitDeclined:
                yield ("decline", "split")
                return
            except reader.DECLINES:
                yield ("decline", "content")
                return
            mine[at] = ("piece", items, lines, at)
            del items, lines
        yield ("end",)

    def stop(self) -> None:
        import signal

        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        for fd in self.fds:
            os.close(fd)
        self.taken.close()


def _used() -> dict:
    """What this process and its ended children used so far: CPU seconds, and the peak resident
    memory of this process and of the largest child, in MB (bench/run.py reports it)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": round(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 2),
            "peak": round(me.ru_maxrss / 1024), "children_peak": round(kids.ru_maxrss / 1024)}


last_child: dict = {}  # what the last parse child used until "done" (_used)


def _worker_main(data: bytes, out: int, taken: Callable[[int], bool] | None = None, head: bool = True) -> None:
    import marshal
    import queue

    from .timeline_file import yamlrs_reader

    for fd in (0, 1):  # the parent's pipes are its own
        try:
            os.close(fd)
        except OSError:
            pass
    frames: queue.SimpleQueue = queue.SimpleQueue()

    def write() -> None:  # the pipe holds 64 KiB: a thread writes while the main one parses on
        while True:
            frame = frames.get()
            if frame is None:
                return
            view = memoryview(frame)
            while view:
                view = view[os.write(out, view) :]

    writer = threading.Thread(target=write)
    writer.start()
    try:
        parent = os.getppid()
        for message in yamlrs_reader.pieces(data, taken=taken):
            if os.getppid() != parent:
                return  # the parse child is gone: stop
            if message[0] == "head" and not head:
                continue  # the first worker sends it
            body = marshal.dumps(message)
            del message
            frames.put(len(body).to_bytes(8, "big"))
            frames.put(body)
            del body
    finally:
        frames.put(None)
        writer.join()


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
            [sys.executable, "-c", CHILD_CODE, root, display, str(fd), "keep" if out is not None else "pass"],
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
    finishing = False
    try:
        result = _follow(child, progress, cancelled)
        if result is False:  # the program is quitting while the file loads: neither wait nor redo the work
            raise TimelineError([Problem(display, 0, 0, "loading stopped")])
        if result is None:
            return None
        if isinstance(result, list):
            raise TimelineError([Problem(*problem) for problem in result])
        header = cache.read_header(fd)
        # read as a later start reads the entry: the events are rebuilt from the file when used
        timeline = cache.open_entry(os.dup(fd), display)
        if header is None or timeline is None:
            return None
        if out is not None and header.get("key") == cache.file_key(display, st):
            paths.move_into(out, cache.entry_path(display), cache.store.WHAT)
            out = None
            cache.prune()
            finishing = child.poll() is None  # it goes on to build the search index and keep it beside the entry
        return timeline
    except TimelineError:
        raise
    except Exception:  # noqa: BLE001 - whatever went wrong, the work is redone here
        return None
    finally:
        if finishing:
            cache.expect_index(display, _finisher(child))
        else:
            _end(child)
        os.close(fd)
        if out is not None:
            paths.remove(out)


def _kill(child: subprocess.Popen) -> None:
    """Stop the parse child and its helpers (start_new_session: the child leads their group)."""
    if child.poll() is None:
        try:
            os.killpg(child.pid, 9)
        except OSError:
            child.kill()


def _end(child: subprocess.Popen) -> None:
    _kill(child)
    child.wait()
    for pipe in (child.stdin, child.stdout):
        try:
            if pipe is not None:
                pipe.close()
        except OSError:
            pass


INDEX_WAIT = 600.0  # seconds a search waits at most for the parse child's index


def _finisher(child: subprocess.Popen) -> Callable[[], object]:
    """What a search that needs the index calls: waits (at most INDEX_WAIT) for the parse child
    to finish building and keeping it. A thread reaps the child when it ends in any case."""
    done = threading.Event()

    def reap() -> None:
        try:
            child.wait(INDEX_WAIT)
        except subprocess.TimeoutExpired:
            pass
        _end(child)
        done.set()

    threading.Thread(target=reap, name="parse-child", daemon=True).start()
    return lambda: done.wait(INDEX_WAIT)


def _anonymous() -> int:
    """A nameless temporary file (for the child's entry when the cache folder cannot be used)."""
    handle = tempfile.TemporaryFile(prefix="syria-timeline-")
    fd = os.dup(handle.fileno())
    handle.close()
    return fd


def _follow(child: subprocess.Popen, progress: Progress | None, cancelled: Callable[[], bool] | None = None) -> list | bool | None:
    """Relay the child's progress: True when it is done, a problem list on errors, False if
    cancelled (or the program is exiting), None if the child failed."""
    assert child.stdout is not None
    fd = child.stdout.fileno()
    pending = b""
    main = threading.main_thread()
    while True:
        if not main.is_alive() or (cancelled is not None and cancelled()):
            _kill(child)
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
                try:
                    last_child.clear()
                    last_child.update(json.loads(rest or "{}"))
                except ValueError:
                    pass
                return True


def _child_main(argv: list[str], after: Callable[[int, str], None] | None = None) -> int:
    """In the child: parse argv[0], write the cache entry to descriptor argv[1], report on stdout;
    then `after(descriptor, path)` (tui/parse_child.py: the search index)."""
    display, out = argv[0], int(argv[1])

    def orphaned() -> None:  # the parent closed our stdin (or died): stop at once
        try:
            sys.stdin.buffer.read()
        finally:
            os._exit(3)

    threading.Thread(target=orphaned, daemon=True).start()
    gc.disable()  # a short life making millions of objects that all live to its end: never walk them

    def say(kind: str, text: str) -> None:
        sys.stdout.write(f"{kind} {text}\n")
        sys.stdout.flush()

    st = os.stat(display)
    try:
        timeline = parse(display, lambda message: say("progress", message), big=True, parallel=hasattr(os, "fork"))
    except TimelineError as exc:
        say("problems", json.dumps([list(problem) for problem in exc.problems]))
        return 2
    say("progress", "saving to the cache")
    same = _same_file(display, st)
    if not same:  # changed while it was read: deliver, but never cache it
        st = os.stat_result((0,) * 10)
    # to the descriptor of a file the parent made for us (encoding half of it in a forked process
    # was measured slower: copying the pages the two touch costs more than it saves)
    cache.write_entry(out, display, st, timeline)
    say("done", json.dumps(_used()))
    del timeline  # (freeing it takes a while: after "done")
    if after is not None and same and argv[2:3] == ["keep"]:  # the parent keeps the entry: the index can go beside it
        after(out, display)
    return 0
