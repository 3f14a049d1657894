#!/usr/bin/env python3
"""syria-timeline benchmark: measures, each against a baseline run in the same go, and prints
a Markdown table (bench/README.md holds the latest one and says how to read it).

    python bench/run.py             # everything; about 3 minutes on a 2-core machine
    python bench/run.py --quick     # without the slow PyYAML first load of 100,000 events

It runs the installed `syria-timeline` (else `python -m tui`) in real pseudo-terminals at
80x24 rendered with pyte, with temporary XDG folders: your own state and cache are never
touched. Synthetic timelines come from bench/gen.py and go to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

BASELINE_REV = "afefd3b"  # main before issue 19's search work
AGAINST_REV = "26969fa"  # main before issue 19's first-load and start-up work (--only load / startup)

sys.path.insert(0, str(HERE.parent / "tests"))
from ptyterm import Term as PtyTerm  # noqa: E402  (the tests' pty driver)
BARE_APP = '''
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare textual app: ready")

Bare().run()
'''


# --------------------------------------------------------------------------- a terminal


class Term(PtyTerm):
    """tests/ptyterm.py's pseudo-terminal, plus what the benchmark measures: seconds since start,
    bytes written, the time of the last output, and the app's peak memory."""

    def __init__(self, argv: list[str], env: dict, cols: int = 80, rows: int = 24):
        self.started = time.monotonic()
        super().__init__(argv, cols, rows, environ=env)
        self.last_output = time.monotonic()

    @property
    def written(self) -> int:
        return len(self.raw)

    def pump(self, timeout: float = 0.02) -> bool:
        before = len(self.raw)
        alive = super().pump(timeout)
        if len(self.raw) != before:
            self.last_output = time.monotonic()
        return alive

    def seconds_until(self, *needles: str, timeout: float = 60.0) -> float:
        """Seconds since start when every needle is on screen (raises on timeout)."""
        end = time.monotonic() + timeout
        while not all(n in self.text() for n in needles):
            if time.monotonic() > end or not self.pump(0.01):
                raise RuntimeError(f"never saw {needles!r}:\n{self.text()}")
        return time.monotonic() - self.started

    def key(self, name: str) -> None:
        os.write(self.fd, self.encode(name))

    def bytes_during(self, act: Callable[[], object]) -> int:
        """Bytes written while `act` runs (it returns once the screen shows the change), and in
        `self.floor` the least that could have been written for the same change of screen."""
        screen = cells(self.screen)
        before = self.written
        act()
        self.floor = floor_bytes(screen, cells(self.screen))
        return self.written - before

    def bytes_for(self, keys: list[str], gap: float = 0.05, quiet: float = 0.6) -> int:
        """Bytes written from the first key until the screen is quiet again (`self.floor`: see
        bytes_during)."""
        self.settle(quiet)

        def press() -> None:
            for key in keys:
                self.key(key)
                end = time.monotonic() + gap
                while time.monotonic() < end:
                    self.pump(0.005)
            self.settle(quiet)

        return self.bytes_during(press)

    def median_bytes(self, keys: list[str], runs: int, **kw) -> tuple[float, float]:
        """The median bytes of `runs` presses of `keys`, and the median of their floors."""
        pairs = [(self.bytes_for(keys, **kw), self.floor) for _ in range(runs)]
        return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)

    def pick_actor(self, name: str, opened: float, typed: float, before_enter: float = 0.0, timeout: float = 10.0,
                   done: str = "Filtered by") -> None:
        """The actor filter through its picker: a, `name` a key at a time, Enter (with the
        settling times given: after the picker opens, after each key, before Enter), until the
        bar says `done`."""
        self.key("a")
        self.seconds_until("Filter by actor", timeout=10)
        self.settle(opened)
        for ch in name:
            self.key(ch)
            self.settle(typed, timeout=2)
        if before_enter:
            self.settle(before_enter)
        self.key("enter")
        self.seconds_until(done, timeout=timeout)

    def list_ready(self) -> None:
        """Wait for the explorer's list (its cursor ▶), then spend the first ↓ and ↑: the first
        key after start-up draws more than the ones measured."""
        self.seconds_until("▶", timeout=60)
        self.settle(1.0)
        self.bytes_for(["down"])
        self.bytes_for(["up"])

    def peak_rss_mb(self, field: str = "VmHWM") -> float:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def rss_mb(self) -> float:
        return self.peak_rss_mb("VmRSS")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the program (not its running children)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def has_children(self) -> bool:
        try:
            return any(Path(task, "children").read_text().strip() for task in Path(f"/proc/{self.pid}/task").iterdir())
        except OSError:
            return False

    def wait_idle(self, quiet: float = 1.5, timeout: float = 300.0) -> float:
        """Wait until the program has used no CPU for `quiet` seconds and has no child process
        running (the search warm-up done, in a thread or a child); the seconds waited."""
        start = time.monotonic()
        last_cpu, since = self.cpu_seconds(), time.monotonic()
        while time.monotonic() - start < timeout:
            self.pump(0.1)
            cpu = self.cpu_seconds()
            if cpu != last_cpu or self.has_children():
                last_cpu, since = cpu, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return time.monotonic() - start


# --------------------------------------------------------------------------- the floor of a step
#
# The least a program could write to turn the screen before a key into the screen after it: each
# changed run of cells on a line (runs closer than a cursor move are one) costs a cursor move
# (`ESC[row;colH`), its characters in UTF-8, and an SGR sequence wherever the style changes, each
# the shorter of the change alone (`ESC[38;5;246m`) and a reset with the whole style; one reset at
# the end. No erase or scroll sequences, and one update (the app may send two: the list at once,
# the detail pane when the cursor rests). pyte does not keep dim (SGR 2), so neither does the floor.


def cells(screen) -> list[list[tuple]]:
    """A copy of a pyte screen: per line, per column, (character, style)."""
    out = []
    for y in range(screen.lines):
        line = screen.buffer[y]
        out.append([(c.data, (c.fg, c.bg, c.bold, c.italics, c.underscore, c.strikethrough, c.reverse, c.blink))
                    for c in (line[x] for x in range(screen.columns))])
    return out


def _colour_code(colour: str, background: bool) -> str:
    import pyte.graphics as g

    if colour == "default":
        return ""
    names = {**g.FG_ANSI, **g.FG_AIXTERM}
    for code, name in names.items():
        if name == colour and code != 39:
            return str(code + 10 if background else code)
    indices = [i for i, hexa in enumerate(g.FG_BG_256) if hexa == colour]
    lead = "48" if background else "38"
    if indices:
        return f"{lead};5;{min(indices)}"
    return f"{lead};2;{int(colour[0:2], 16)};{int(colour[2:4], 16)};{int(colour[4:6], 16)}"


_ON = ("1", "3", "4", "9", "7", "5")  # bold, italics, underscore, strikethrough, reverse, blink
_OFF = ("22", "23", "24", "29", "27", "25")


def sgr_cost(old: tuple | None, new: tuple) -> int:
    """Bytes of the shortest SGR sequence from style `old` (None: plain) to `new`."""
    plain = ("default", "default", False, False, False, False, False, False)
    old = old or plain
    if old == new:
        return 0
    full = ["0", *(on for on, flag in zip(_ON, new[2:]) if flag), *(c for c in (_colour_code(new[0], False), _colour_code(new[1], True)) if c)]
    change = [off for off, was, now in zip(_OFF, old[2:], new[2:]) if was and not now]
    change += [on for on, was, now in zip(_ON, old[2:], new[2:]) if now and not was]
    if new[0] != old[0]:
        change.append(_colour_code(new[0], False) or "39")
    if new[1] != old[1]:
        change.append(_colour_code(new[1], True) or "49")
    return 3 + min(len(";".join(full)), len(";".join(change)))


def floor_bytes(before: list[list[tuple]], after: list[list[tuple]]) -> int:
    plain = ("default", "default", False, False, False, False, False, False)
    total, pen = 0, plain
    for y, (old, new) in enumerate(zip(before, after)):
        changed = [x for x in range(len(new)) if old[x] != new[x]]
        runs: list[list[int]] = []
        for x in changed:
            if new[x][0] == "" and x > 0:  # the second cell of a wide character: drawn with the first
                x -= 1
            gap = sum(len(new[i][0].encode()) for i in range(runs[-1][1], x)) if runs else 0
            if runs and x >= runs[-1][1] and gap <= len(f"\x1b[{y + 1};{x + 1}H"):  # a short gap: rewrite it
                runs[-1][1] = max(runs[-1][1], x + 1)
            elif not runs or x >= runs[-1][1]:
                runs.append([x, x + 1])
        for x1, x2 in runs:
            total += len(f"\x1b[{y + 1};{x1 + 1}H")
            for x in range(x1, x2):
                char, style = new[x]
                if char == "":
                    continue
                total += sgr_cost(pen, style) + len((char or " ").encode())
                pen = style
    return total + (4 if pen != plain else 0)


# --------------------------------------------------------------------------- helpers


def app_command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def environment(xdg: Path, root: Path = HERE.parent, **extra: str) -> dict:
    """The environment of a measured run; `root` is the checkout whose `tui` package runs."""
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        XDG_STATE_HOME=str(xdg / "state"),
        XDG_CACHE_HOME=str(xdg / "cache"),
        TEXTUAL_ANIMATIONS="none",
        PYTHONPATH=str(root) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""),
    )
    for name in ("NO_COLOR", "COLORTERM", "FORCE_COLOR", "TEXTUAL_THEME"):  # as over SSH: 256 colours
        env.pop(name, None)
    env.update(extra)
    return env


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def time_to_paint(argv: list[str], env: dict, *needles: str) -> float:
    term = Term(argv, env)
    try:
        return term.seconds_until(*needles)
    finally:
        term.close()


def load_in_fresh_process(path: Path, env: dict) -> dict:
    """open_timeline(path) in a new Python process: seconds, and peak RSS of it and its children.
    Where the parse child goes on to build the search index (since issue 19), it is waited for
    before its peak is read (the peak of both its parts), and `index` says when it was ready."""
    script = (
        "import json, resource, sys, time\n"
        "t0 = time.perf_counter()\n"
        "from tui.opening import open_timeline\n"
        "timeline = open_timeline(sys.argv[1])\n"
        "took = time.perf_counter() - t0\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "from tui import cache, opening\n"
        "used = dict(getattr(opening, 'last_child', {}))\n"
        "kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "wait = getattr(cache, 'wait_for_index', None)\n"
        "index = None\n"
        "if wait is not None:\n"
        "    wait(timeline.path)\n"
        "    index = time.perf_counter() - t0\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "if not used:\n"  # the child ended with the load: its CPU is all the load's
        "    used = {'cpu': kids0.ru_utime + kids0.ru_stime, 'peak': kids0.ru_maxrss / 1024}\n"
        "print(json.dumps({'seconds': took, 'rss': me, 'child_rss': kids.ru_maxrss / 1024, 'events': len(timeline.events),\n"
        "                  'index': index, 'child_cpu': used.get('cpu'), 'load_peak': max(used.get('peak', 0), used.get('children_peak', 0))}))\n"
    )
    out = subprocess.run([sys.executable, "-P", "-c", script, str(path)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def in_process_queries(path: Path, env: dict, repeats: int, searches: list[str], base: Path | None = None) -> dict:
    """Filters and searches in a fresh process. With `base` (a folder holding the baseline's
    package as `tui_base`), each search is also run with the baseline's query code on the same
    timeline, alternated with ours, so that both see the same load on the machine."""
    script = r"""
import json, statistics, sys, time
from tui import query as q
from tui.dates import parse_range
from tui.opening import open_timeline
timeline = open_timeline(sys.argv[1])
events = timeline.events
t = time.perf_counter(); index = q.Index.build(timeline); build = time.perf_counter() - t
shown = q.apply(index, q.Filters())  # every event, held as the app's session holds it (Index.everything)
actor = max(index.by_actor, key=lambda a: len(index.by_actor[a]))
lo, hi = parse_range("2016")
word = "convoy"
runs = int(sys.argv[2])
def med(f):
    out = []
    for _ in range(runs):
        t = time.perf_counter(); result = f(); out.append(time.perf_counter() - t)
    return statistics.median(out), len(result)
t = time.perf_counter(); q.search(index, word); first_search = time.perf_counter() - t  # includes building the word index
base = None
if sys.argv[4]:
    sys.path.insert(0, sys.argv[4])
    from tui_base import query as bq
    base_index = bq.Index.build(timeline)
    t = time.perf_counter(); bq.search(base_index, word); base_first = time.perf_counter() - t
lo_key, hi_key = lo.first_day(), hi.last_day()
rows = {
  "actor": (med(lambda: q.apply(index, q.Filters(actors=(actor,)))),
            med(lambda: [i for i, e in enumerate(events) if actor in e.actors])),
  "date": (med(lambda: q.apply(index, q.Filters(date_from=lo, date_to=hi))),
           med(lambda: [i for i, e in enumerate(events) if lo_key <= e.date.first_day() <= hi_key])),
  "search": (med(lambda: q.search(index, word)),
             med(lambda: [i for i, e in enumerate(events) if word in e.text.lower() or word in e.title.lower()])),
}
searches, base_searches = {}, {}
for text in json.loads(sys.argv[3]):
    ours, theirs = [], []
    for _ in range(runs):
        t = time.perf_counter(); found = q.search(index, text); ours.append(time.perf_counter() - t)
        if sys.argv[4]:
            t = time.perf_counter(); base_found = bq.search(base_index, text); theirs.append(time.perf_counter() - t)
    searches[text] = (statistics.median(ours), len(found))
    if sys.argv[4]:
        base_searches[text] = (statistics.median(theirs), len(base_found))
words = index.words()
vocabulary = len(getattr(words, "words", ()))
out = {"index": build, "first_search": first_search, "rows": rows, "actor": actor, "searches": searches, "vocabulary": vocabulary}
if sys.argv[4]:
    out["base"] = {"first_search": base_first, "searches": base_searches}
print(json.dumps(out))
"""
    out = subprocess.run([sys.executable, "-c", script, str(path), str(repeats), json.dumps(searches), str(base or "")], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline_tree(rev: str, into: Path) -> Path | None:
    """The `tui` package of git revision `rev`, extracted into `into` (None if git cannot); also
    linked as `into/as-module/tui_base`, for running its query code beside ours in one process."""
    try:
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev, "tui"], capture_output=True, check=True).stdout
        into.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    import compileall

    compileall.compile_dir(str(into / "tui"), quiet=1)
    (into / "as-module").mkdir(exist_ok=True)
    (into / "as-module" / "tui_base").symlink_to(into / "tui")
    return into


ENTER_RUNS = 7  # searches typed and entered in the app, one after the other (median)


def app_memory_and_search(app: list[str], path: Path, env: dict, events: int, word: str, actor: str) -> dict:
    """The app on a cached timeline: RSS once the background search warm-up is done (the app idle,
    no child running), Enter-to-result of a search (the status line shows the hits), RSS and peak
    RSS after that search and an actor filter; then, for the median Enter-to-result of ENTER_RUNS
    searches, the same search again after `c` takes the filter and the search off."""
    term = Term(app + [str(path)], env)
    try:
        term.seconds_until(f"All {events:,} events", "▶", timeout=120)
        warm = term.wait_idle()
        idle = term.rss_mb()
        enters: list[float] = []
        cpu: list[float] = []

        def search() -> None:
            term.key("/")
            term.seconds_until("search titles", timeout=10)
            term.settle(0.3)
            asked, before = time.monotonic(), term.cpu_seconds()
            os.write(term.fd, (word + "\r").encode())
            term.seconds_until(f"“{word}”", timeout=180)
            enters.append(time.monotonic() - asked)
            cpu.append(term.cpu_seconds() - before)  # in clock ticks (10 ms): read as a mean
            term.settle(0.5)

        search()
        # with a search on, the bar at 80 columns drops "Filtered by": wait for the filtered count
        term.pick_actor(actor, opened=0.3, typed=0.1, timeout=30, done=f" of {events:,} events")
        term.settle(1.0)
        rss, peak = term.rss_mb(), term.peak_rss_mb()
        for _ in range(ENTER_RUNS - 1):  # more searches, for a median (after the memory is read)
            term.key("c")  # the filter and the search off: every event shown again
            term.seconds_until(f"All {events:,} events", timeout=30)
            term.settle(0.5)
            search()
        enter = statistics.median(enters)
        return {"idle": idle, "warm": warm, "enter": enter, "enters": enters, "cpu": statistics.mean(cpu), "rss": rss, "peak": peak}
    finally:
        term.close()


def peer_figures(argv: list[str], env: dict, needles: list[str], runs: int, top: list[str]) -> dict:
    """Another program on the same rows at 80x24: seconds to the first row on screen, bytes per ↓
    and per PgDn (median), peak RSS."""
    term = Term(argv, env)
    try:
        end = time.monotonic() + 120
        while not any(n in term.text() for n in needles):
            if time.monotonic() > end or not term.pump(0.005):
                raise RuntimeError(f"{argv[0]}: never saw the rows:\n{term.text()}")
        paint = time.monotonic() - term.started
        term.settle(1.0)
        if top:
            term.bytes_for(top)
        term.bytes_for(["down"])
        down, _ = term.median_bytes(["down"], runs)
        pgdn, _ = term.median_bytes(["pgdn"], 3)
        return {"paint": paint, "down": down, "pgdn": pgdn, "rss": term.peak_rss_mb(), "deckm": term.application_keys}
    finally:
        term.close()


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    from importlib.metadata import version

    try:
        fast = f"yaml-rs {version('yaml-rs')}"
    except Exception:  # noqa: BLE001
        fast = "no yaml-rs"
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Textual {version('textual')}, PyYAML {version('pyyaml')} (libyaml), {fast}"
    )


# --------------------------------------------------------------------------- the benchmark


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the PyYAML first load of 100k events (about a minute)")
    parser.add_argument("--runs", type=int, default=5, help="repeats for start-up and byte counts (median)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--vocabulary", choices=("zipf", "small"), default="zipf", help="of the synthetic text (bench/gen.py)")
    parser.add_argument("--baseline", default=BASELINE_REV, metavar="REV",
                        help=f"git revision whose code runs the searches and the app's memory measure as a baseline, in the same go "
                             f"(default {BASELINE_REV}: before issue 19's search index); 'none' skips it")
    parser.add_argument("--also", type=int, nargs="*", default=[], metavar="EVENTS",
                        help="more sizes for the app's memory after a search and a filter (e.g. --also 200000)")
    parser.add_argument("--no-peers", action="store_true", help="skip visidata, lnav and less on the same rows")
    parser.add_argument("--only", choices=("search", "bytes", "memory", "peers", "load", "startup"),
                        help="run only that part (with its figures of ours); load and startup alternate ours with "
                             "--against's code")
    parser.add_argument("--against", default=AGAINST_REV, metavar="REV",
                        help=f"the baseline of --only load / startup (default {AGAINST_REV}: main before issue 19's first-load work)")
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []

    def row(what: str, result: str, baseline: str = "", verdict: str = "") -> None:
        rows.append((what, result, baseline, verdict))
        print(f"  {what}: {result}  {baseline}  {verdict}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="syria-timeline-bench-"))
    big = gen.write(args.events, vocabulary_name=args.vocabulary)
    n = args.events
    base_root = None if args.baseline == "none" else baseline_tree(args.baseline, work / "baseline")
    if args.baseline != "none" and base_root is None:
        notes.append(f"The baseline {args.baseline} could not be extracted with git: no baseline figures.")
    base_label = f"code of {args.baseline}"
    ours: dict = {}
    print(f"timeline: {big} ({big.stat().st_size / 1e6:.0f} MB); scratch: {work}", file=sys.stderr)
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    app = app_command()

    # Compiled bytecode for our package, as `pip install` leaves it (Textual's is compiled at its
    # install): from a source checkout, with PYTHONDONTWRITEBYTECODE set, every start would
    # otherwise compile the edited modules again (40-60 ms that no user pays).
    import compileall

    compileall.compile_dir(str(HERE.parent / "tui"), quiet=1)

    everything = args.only is None

    def section(name: str, run, *params) -> None:
        """One part of the benchmark; a failure is noted under the table, and the rest still runs."""
        try:
            run(*params)
        except Exception as error:  # noqa: BLE001 - reported, not raised: the other figures still count
            notes.append(f"{name} stopped: {str(error).splitlines()[0] if str(error) else type(error).__name__}")
            print(f"  {name} stopped: {error}", file=sys.stderr, flush=True)

    # 1. start-up to the first painted list, built-in timeline, against a bare Textual app
    if everything:
        section("start-up and loading", startup_and_load, args, app, bare, big, n, work, row)
    if everything or args.only == "search":
        section("filters and searches", searches, args, big, n, work, base_root, base_label, row)
    if everything or args.only == "bytes":
        section("bytes, built-in", byte_counts, [], "built-in", app, args, work, row, {})
        section("bytes, big", byte_counts, [str(big)], f"{n // 1000}k events", app, args, work, row, ours)
        section("bytes, --ansi", ansi, app, args, work, row)
    if everything or args.only == "memory":
        section("memory", memory, args, app, big, n, work, base_root, base_label, row)
    if args.only in ("load", "startup"):
        against = baseline_tree(args.against, work / "against")
        if against is None:
            notes.append(f"The baseline {args.against} could not be extracted with git: no baseline figures.")
        if args.only == "load":
            section("first loads", first_loads, args, big, n, work, against, f"code of {args.against}", row)
        else:
            section("start-up", startup_against, args, app, bare, work, against, f"code of {args.against}", row)
    if (everything or args.only == "peers") and not args.no_peers:
        section("peers", peers, args, app, big, n, work, row, notes, ours)

    print(f"\n### Results ({time.strftime('%Y-%m-%d')})\n")
    print(f"Machine: {machine()}\n")
    print("| measure | result | baseline | verdict |")
    print("|---|---|---|---|")
    for what, result, baseline, verdict in rows:
        print(f"| {what} | {result} | {baseline} | {verdict} |")
    for note in notes:
        print(f"\n{note}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def startup_and_load(args, app, bare, big, n, work, row) -> None:
    env = environment(work / "startup")
    time_to_paint(app, env, "▶")  # fills the parse cache, warms the disk cache
    time_to_paint([sys.executable, str(bare)], env, "bare textual app: ready")
    bare_runs, app_runs = [], []
    for _ in range(max(args.runs, 7)):  # alternated, so that both see the same load on the machine
        bare_runs.append(time_to_paint([sys.executable, str(bare)], env, "bare textual app: ready"))
        app_runs.append(time_to_paint(app, env, "▶", "── 2011"))
    bare_s, app_s = statistics.median(bare_runs), statistics.median(app_runs)
    ratio = app_s / bare_s
    row("start-up to first painted list, built-in timeline (cached parse)", f"{app_s:.2f} s", f"bare Textual app {bare_s:.2f} s",
        f"{ratio:.2f}x (target ≤ 1.5x) {'✓' if ratio <= 1.5 else '✗'}")
    env_nocache = environment(work / "startup-nocache", SYRIA_TIMELINE_NO_CACHE="1")
    cold = median_of(args.runs, lambda: time_to_paint(app, env_nocache, "▶", "── 2011"))
    row("start-up, built-in timeline, parse cache off", f"{cold:.2f} s", f"bare {bare_s:.2f} s", f"{cold / bare_s:.2f}x")

    # 2. loading the big file: first load (parse) and later loads (cache)
    first = load_in_fresh_process(big, environment(work / "load-fast"))
    row(f"{n // 1000}k events: first load, yaml-rs fast path (in a child process)", f"{first['seconds']:.1f} s",
        "", f"app {first['rss']:.0f} MB, parsing child {first['child_rss']:.0f} MB peak RSS")
    if not args.quick:
        ref = load_in_fresh_process(big, environment(work / "load-ref", SYRIA_TIMELINE_NO_FAST="1"))
        row(f"{n // 1000}k events: first load, PyYAML CSafeLoader (in a child process)", f"{ref['seconds']:.1f} s",
            "", f"{ref['seconds'] / first['seconds']:.1f}x slower than yaml-rs; child {ref['child_rss']:.0f} MB peak RSS")
    later = [load_in_fresh_process(big, environment(work / "load-fast")) for _ in range(3)]
    later_s = statistics.median(r["seconds"] for r in later)
    row(f"{n // 1000}k events: later load (parse cache)", f"{later_s:.2f} s", f"first load {first['seconds']:.1f} s",
        f"{first['seconds'] / later_s:.0f}x faster")
    env_big = environment(work / "load-fast")
    paint_s = median_of(3, lambda: time_to_paint(app + [str(big)], env_big, f"All {n:,} events", "▶"))
    row(f"{n // 1000}k events: cached load + first paint (pty, 80x24)", f"{paint_s:.2f} s", f"bare Textual app {bare_s:.2f} s",
        f"target < 1.5 s {'✓' if paint_s < 1.5 else '✗'}")

    # first load in the app: progress shows, and the screen answers keys while the file loads
    env_first = environment(work / "first-in-app")
    term = Term(app + [str(big)], env_first)
    try:
        seen = term.seconds_until("Loading", timeout=60)
        term.settle(0.6, timeout=2)
        term.key("?")  # the help screen opens while the file loads
        asked = time.monotonic()
        term.seconds_until("syria-timeline — keys", timeout=30)
        answered = time.monotonic() - asked
        term.key("esc")
        messages = set()
        while f"{n:,} events" not in term.text() and time.monotonic() - term.started < 300:
            term.pump(0.05)
            messages.update(line.strip() for line in term.text().splitlines() if "Loading" in line)
        total = term.seconds_until(f"{n:,} events", timeout=10)
        example = next((m for m in sorted(messages) if "checking" in m), next(iter(messages), ""))
        row(f"{n // 1000}k events: first load + first paint in the app", f"{total:.1f} s", "",
            f"progress from {seen:.1f} s ({len(messages)} messages, e.g. “{example[-48:]}”); ? answered in {answered * 1000:.0f} ms")
    finally:
        term.close()


def first_loads(args, big, n, work, base_root, base_label, row) -> None:
    """The first load of the big file (no cache; yaml-rs; open_timeline in a fresh process, the
    parse in a child), ours alternated with the baseline's code, each with a fresh cache folder:
    median seconds, and the parse child's peak RSS."""
    runs = max(1, args.runs if args.runs != 5 else 3)
    mine, theirs = [], []
    for k in range(runs):
        mine.append(load_in_fresh_process(big, environment(work / f"first-{k}")))
        if base_root:
            theirs.append(load_in_fresh_process(big, environment(work / f"first-base-{k}", base_root)))
        shutil.rmtree(work / f"first-{k}", ignore_errors=True)
        shutil.rmtree(work / f"first-base-{k}", ignore_errors=True)
    k = f"{n // 1000}k events"
    seconds = statistics.median(r["seconds"] for r in mine)
    peak = max(r["child_rss"] for r in mine)
    index = [r["index"] for r in mine if r.get("index") is not None]
    if theirs:
        their_seconds = statistics.median(r["seconds"] for r in theirs)
        their_peak = max(r["child_rss"] for r in theirs)
        row(f"{k}: first load, yaml-rs (in the parse child), median of {runs}", f"{seconds:.1f} s",
            f"{base_label} {their_seconds:.1f} s", f"{their_seconds / seconds:.1f}x faster; target ≤ 8 s {'✓' if seconds <= 8 else '✗'}")
        row(f"{k}: first load, the parse child's peak RSS (most of {runs})", f"{peak:.0f} MB",
            f"{base_label} {their_peak:.0f} MB", f"{their_peak / peak:.1f}x less; target ≤ 800 MB {'✓' if peak <= 800 else '✗'}")
    else:
        row(f"{k}: first load, yaml-rs (in the parse child), median of {runs}", f"{seconds:.1f} s", "",
            f"target ≤ 8 s {'✓' if seconds <= 8 else '✗'}")
        row(f"{k}: first load, the parse child's peak RSS", f"{peak:.0f} MB", "", f"target ≤ 800 MB {'✓' if peak <= 800 else '✗'}")
    cpu = statistics.median(r["child_cpu"] for r in mine)
    row(f"{k}: first load, CPU seconds of the parse child (and its helpers) until the timeline is delivered", f"{cpu:.1f} s",
        f"{base_label} {statistics.median(r['child_cpu'] for r in theirs):.1f} s" if theirs else "",
        f"{statistics.median(r['child_cpu'] for r in theirs) / cpu:.1f}x less" if theirs else "")
    row(f"{k}: first load, peak RSS of the parse child until the timeline is delivered", f"{max(r['load_peak'] for r in mine):.0f} MB",
        f"{base_label} {max(r['load_peak'] for r in theirs):.0f} MB" if theirs else "")
    row(f"{k}: first load, the app process's peak RSS", f"{max(r['rss'] for r in mine):.0f} MB",
        f"{base_label} {max(r['rss'] for r in theirs):.0f} MB" if theirs else "")
    if index:
        row(f"{k}: first load, the search index ready (built by the parse child after the load)", f"{statistics.median(index):.1f} s",
            "", "kept beside the cache entry for every later start")


def startup_against(args, app, bare, work, base_root, base_label, row) -> None:
    """Start-up to the first painted list with the parse cache, the built-in timeline: ours, the
    baseline's code and the bare Textual app, alternated (median of max(7, --runs))."""
    env = environment(work / "startup")
    time_to_paint(app, env, "▶")  # fills the parse cache, warms the disk cache
    base_app = [sys.executable, "-P", "-m", "tui"]
    if base_root and not (base_root / "timeline.yaml").exists():  # its built-in timeline, beside its package
        shutil.copy(HERE.parent / "timeline.yaml", base_root / "timeline.yaml")
    env_base = environment(work / "startup-base", base_root) if base_root else None
    if env_base:
        time_to_paint(base_app, env_base, "▶")
    time_to_paint([sys.executable, str(bare)], env, "bare textual app: ready")
    bare_runs, app_runs, base_runs = [], [], []
    for _ in range(max(args.runs, 7)):
        bare_runs.append(time_to_paint([sys.executable, str(bare)], env, "bare textual app: ready"))
        app_runs.append(time_to_paint(app, env, "▶", "── 2011"))
        if env_base:
            base_runs.append(time_to_paint(base_app, env_base, "▶", "── 2011"))
    bare_s, app_s = statistics.median(bare_runs), statistics.median(app_runs)
    ratio = app_s / bare_s
    row("start-up to first painted list, built-in timeline (cached parse)", f"{app_s:.2f} s", f"bare Textual app {bare_s:.2f} s",
        f"{ratio:.2f}x (target ≤ 1.3x) {'✓' if ratio <= 1.3 else '✗'}")
    if base_runs:
        base_s = statistics.median(base_runs)
        row("start-up, the baseline's code (cached parse)", f"{base_s:.2f} s", f"bare Textual app {bare_s:.2f} s",
            f"{base_s / bare_s:.2f}x; ours {base_s / app_s:.2f}x faster")


def searches(args, big, n, work, base_root, base_label, row) -> None:
    """3. filters and search on the big timeline, in process; each search also with the baseline's
    query code, alternated with ours in the same process."""
    vocab, _ = gen.vocabulary(args.vocabulary)
    rare = vocab[len(vocab) * 3 // 5]
    words = ["convoy", "the", rare, "ka", "sh", "ghu", "convoy the", "2016"]
    qres = in_process_queries(big, environment(work / "load-fast"), 21, words, base_root / "as-module" if base_root else None)
    base = qres.get("base")
    k = f"{n // 1000}k events"
    row(f"{k}: building the query index (once per load)", f"{qres['index'] * 1000:.0f} ms")
    row(f"{k}: first search (builds the search word index once; {qres['vocabulary']:,} folded words)", f"{qres['first_search']:.2f} s",
        f"{base_label} {base['first_search']:.2f} s" if base else "", f"{base['first_search'] / qres['first_search']:.1f}x faster" if base else "")
    for name, label in (("actor", f"actor filter ({qres['actor']})"), ("date", "date filter (2016)"), ("search", "search (“convoy”)")):
        (mine, count), (scan, scan_count) = qres["rows"][name]
        row(f"{k}: {label}, median of 21", f"{mine * 1000:.1f} ms ({count:,} events)",
            f"list scan {scan * 1000:.1f} ms ({scan_count:,})", f"target < 50 ms {'✓' if mine < 0.05 else '✗'}")
    kinds = {"ka": "two-letter prefix", "sh": "two-letter prefix", "ghu": "inside words", rare: "rare word", "the": "commonest word",
             "convoy the": "two words", "2016": "a year"}
    for word in words:
        mine, count = qres["searches"][word]
        target = 0.010 if len(word) <= 2 else 0.005 if " " not in word else None
        verdict = f"target ≤ {target * 1000:.0f} ms {'✓' if mine <= target else '✗'}" if target else ""
        if base:
            theirs, their_count = base["searches"][word]
            verdict = (f"{theirs / mine:.1f}x faster; " if theirs >= mine else f"{mine / theirs:.1f}x slower; ") + verdict
            baseline = f"{base_label} {theirs * 1000:.1f} ms ({their_count:,})"
        else:
            baseline = ""
        row(f"{k}: search “{word}” ({kinds.get(word, 'common word')}), median of 21", f"{mine * 1000:.2f} ms ({count:,} events)", baseline, verdict)


def _vs_floor(ours: float, floor: float) -> str:
    return f"floor {floor:,.0f}" if floor else "floor 0"


def _ratio(ours: float, floor: float) -> str:
    return f"{ours / floor:.2f}x the floor" if floor else ""


def _target(value: float, limit: int) -> str:
    return f"target ≤ {limit:,} {'✓' if value <= limit else '✗'}"


def byte_counts(path: list[str], label: str, app, args, work, row, figures: dict) -> None:
    """4. bytes written at 80x24 (detail pane visible below the list); fills `figures`. Each
    step also has its floor (see floor_bytes): the least that turns the screen before it into
    the screen after it."""
    term = Term(app + path, environment(work / f"bytes-{label}"))
    builtin = label == "built-in"

    def check(value: float, target: int) -> str:  # the targets are for the built-in timeline
        return _target(value, target) if builtin else ""

    try:
        term.list_ready()
        down, floor = term.median_bytes(["down"], args.runs)
        figures["down"] = down
        row(f"{label}: bytes per ↓ (within the page; list rows and the detail pane)", f"{down:,.0f}",
            _vs_floor(down, floor), f"{_ratio(down, floor)}; {_target(down, 700 if builtin else 2000)}")
        for _ in range(12):  # to the bottom of the page: from here a ↓ scrolls the list
            term.bytes_for(["down"], quiet=0.3)
        scroll, floor = term.median_bytes(["down"], 3)
        row(f"{label}: bytes per ↓ that scrolls the list by a line", f"{scroll:,.0f}", _vs_floor(scroll, floor),
            f"{_ratio(scroll, floor)}; {check(scroll, 1500)}".rstrip("; "))
        os.write(term.fd, b"g")  # back to the first event
        term.settle(0.6)
        burst = term.bytes_for(["down"] * 20, gap=0.03, quiet=0.8)
        row(f"{label}: burst of 20 ↓ held down (30 ms apart) from the top", f"{burst:,}", _vs_floor(burst, term.floor),
            f"{_ratio(burst, term.floor)}; {_target(burst, 8000 if builtin else 12000)}")
        pg, floor = term.median_bytes(["pgdn"], 3)
        figures["pgdn"] = pg
        row(f"{label}: bytes per PgDn", f"{pg:,.0f}", _vs_floor(pg, floor), f"{_ratio(pg, floor)}; {check(pg, 2000)}".rstrip("; "))
        os.write(term.fd, b"g")
        term.settle(0.6)
        term.bytes_for(["i"])  # the detail pane hidden: the list alone
        term.bytes_for(["down"])
        hidden, floor = term.median_bytes(["down"], args.runs)
        row(f"{label}: bytes per ↓ with the detail pane hidden (i)", f"{hidden:,.0f}", _vs_floor(hidden, floor),
            f"{_ratio(hidden, floor)}; {check(hidden, 300)}".rstrip("; "))
        term.bytes_for(["i"])
        os.write(term.fd, b"g")
        term.settle(0.6)
        name = "Hayat Tahrir" if builtin else "actor-007"
        term.settle(0.8)

        def pick_actor() -> None:
            term.pick_actor(name, opened=0.5, typed=0.15, before_enter=0.5)
            term.settle(0.8)

        def clear_filters() -> None:
            term.key("c")
            term.seconds_until("All ", timeout=10)
            term.settle(0.8)

        picker, floor = term.bytes_during(pick_actor), term.floor
        row(f"{label}: actor filter change (a, type “{name}”, Enter: the picker opens and closes)", f"{picker:,}",
            f"{_vs_floor(picker, floor)} (screens before a and after Enter)", check(picker, 15000))
        clear, floor = term.bytes_during(clear_filters), term.floor
        row(f"{label}: filter change by c (clears the filter; no dialog)", f"{clear:,}", _vs_floor(clear, floor), _ratio(clear, floor))
        rss = term.peak_rss_mb()
        figures["rss"] = rss
        row(f"{label}: peak RSS of the app", f"{rss:.0f} MB", "",
            f"target < 100 MB {'✓' if rss < 100 else '✗'}" if builtin else "")
    finally:
        term.close()


def ansi(app, args, work, row) -> None:
    term = Term(app + ["--ansi"], environment(work / "bytes-ansi"))
    try:
        term.list_ready()
        down, _ = term.median_bytes(["down"], args.runs)
        row("built-in, --ansi (terminal's own 16 colours): bytes per ↓", f"{down:,.0f}", "", "")
    finally:
        term.close()


MEMORY_TARGETS = {100_000: 150, 200_000: 250}


def memory(args, app, big, n, work, base_root, base_label, row) -> None:
    """5. the app on a cached big timeline: memory once warm, after a search and a filter; Enter-to-result."""
    sizes = [(n, big)] + [(m, gen.write(m, vocabulary_name=args.vocabulary)) for m in args.also]
    for size, path in sizes:
        k = f"{size // 1000}k events"
        env = environment(work / f"memory-{size}")
        load_in_fresh_process(path, env)  # fills the parse cache
        mine = app_memory_and_search(app, path, env, size, "convoy", "actor-007")
        theirs = None
        if base_root:
            env_base = environment(work / f"memory-base-{size}", base_root)
            load_in_fresh_process(path, env_base)
            theirs = app_memory_and_search([sys.executable, "-P", "-m", "tui"], path, env_base, size, "convoy", "actor-007")
        target = MEMORY_TARGETS.get(size)

        def compare(key: str, unit: str, scale: float = 1.0, fmt: str = ".0f") -> str:
            return f"{base_label} {theirs[key] * scale:{fmt}} {unit}" if theirs else ""

        def ratio(key: str) -> str:
            return f"{theirs[key] / mine[key]:.1f}x less; " if theirs else ""

        row(f"{k}: app RSS once the search warm-up is done (nothing asked)", f"{mine['idle']:.0f} MB", compare("idle", "MB"),
            ratio("idle").rstrip("; "))
        row(f"{k}: search warm-up, first paint to the app idle (in a child from 20k events)", f"{mine['warm']:.1f} s",
            compare("warm", "s", 1, ".1f"), "")
        row(f"{k}: app search, Enter to the hits shown (“convoy”, pty; median of {ENTER_RUNS})", f"{mine['enter'] * 1000:.0f} ms (runs {' '.join(f'{x * 1000:.0f}' for x in mine['enters'])})",
            compare("enter", "ms", 1000) + (f" (runs {' '.join(f'{x * 1000:.0f}' for x in theirs['enters'])})" if theirs else ""), (f"{theirs['enter'] / mine['enter']:.1f}x faster; " if theirs else "")
            + f"target ≤ 50 ms {'✓' if mine['enter'] <= 0.05 else '✗'}")
        row(f"{k}: app search, CPU time from Enter to the hits shown (mean of {ENTER_RUNS}; less bound to the machine's load)",
            f"{mine['cpu'] * 1000:.0f} ms", compare("cpu", "ms", 1000), f"{theirs['cpu'] / mine['cpu']:.1f}x less" if theirs and mine["cpu"] else "")
        row(f"{k}: app RSS after a search and an actor filter", f"{mine['rss']:.0f} MB (peak {mine['peak']:.0f})",
            compare("rss", "MB"), (ratio("rss") + (f"target ≤ {target} MB {'✓' if mine['rss'] <= target else '✗'}" if target else "")).rstrip("; "))


PEERS = (  # name, command, keys that put it at the first row
    ("visidata", ["vd", "{rows}"], []),
    ("lnav", ["lnav", "{rows}"], ["g"]),  # lnav opens a file at its end
    ("less -S", ["less", "-S", "{rows}"], []),
)


def peers(args, app, big, n, work, row, notes, ours: dict) -> None:
    """6. other terminal programs on the same rows (date, title, actors, id: what our list shows) at
    80x24, with ratios to ours (first paint of the cached big timeline, bytes per ↓ and PgDn, peak RSS)."""
    rows_file = work / "rows.tsv"
    env = environment(work / "peers")
    listed = subprocess.run(app + ["list", "--file", str(big)], env=env, capture_output=True, text=True, check=True).stdout
    rows_file.write_text("date\ttitle\tactors\tid\n" + listed, encoding="utf-8")
    lines = listed.splitlines()
    needles = [lines[0].split("\t")[1][:24], lines[-1].split("\t")[1][:24], lines[0].split("\t")[3], lines[-1].split("\t")[3]]
    if not ours:  # --only peers: our own figures on the same run
        byte_counts([str(big)], f"{n // 1000}k events", app, args, work, row, ours)
    load_in_fresh_process(big, env)  # our first paint from the parse cache, as every start after the first
    ours["paint"] = median_of(3, lambda: time_to_paint(app + [str(big)], env, f"All {n:,} events", "▶"))
    home = work / "peers-home"
    home.mkdir(exist_ok=True)
    peer_env = dict(env, HOME=str(home), LESSHISTFILE="-", LESS="", VD_NO_RC="1")
    k = f"{n // 1000}k rows"
    for name, argv, top in PEERS:
        exe = shutil.which(argv[0]) or shutil.which(argv[0], path=str(Path(sys.executable).parent))
        if exe is None:
            notes.append(f"{name} is not installed here: not measured (apt-get install lnav less; pip install visidata).")
            continue
        command = [exe] + [a.format(rows=rows_file) for a in argv[1:]]
        try:
            theirs = peer_figures(command, peer_env, needles, args.runs, top)
        except RuntimeError as error:
            notes.append(f"{name}: not measured ({str(error).splitlines()[0]}).")
            continue
        mode = "application cursor keys (ESC O B)" if theirs["deckm"] else "normal cursor keys"
        row(f"{k}, {name} ({mode}): first paint / bytes per ↓ / per PgDn / peak RSS",
            f"{theirs['paint']:.2f} s / {theirs['down']:,.0f} / {theirs['pgdn']:,.0f} / {theirs['rss']:.0f} MB",
            f"ours {ours['paint']:.2f} s / {ours['down']:,.0f} / {ours['pgdn']:,.0f} / {ours['rss']:.0f} MB",
            "ours ÷ theirs: " + " / ".join(f"{ours[key] / theirs[key]:.2f}x" for key in ("paint", "down", "pgdn", "rss")))

if __name__ == "__main__":
    sys.exit(main())
