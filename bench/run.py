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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

sys.path.insert(0, str(HERE.parent / "tests"))
from ptyterm import KEYS as PTY_KEYS, Term as PtyTerm  # noqa: E402  (the tests' pty driver)
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
        os.write(self.fd, PTY_KEYS.get(name, name).encode())

    def bytes_for(self, keys: list[str], gap: float = 0.05, quiet: float = 0.6) -> int:
        """Bytes written from the first key until the screen is quiet again."""
        self.settle(quiet)
        before = self.written
        for key in keys:
            self.key(key)
            end = time.monotonic() + gap
            while time.monotonic() < end:
                self.pump(0.005)
        self.settle(quiet)
        return self.written - before

    def peak_rss_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")


# --------------------------------------------------------------------------- helpers


def app_command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def environment(xdg: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        XDG_STATE_HOME=str(xdg / "state"),
        XDG_CACHE_HOME=str(xdg / "cache"),
        TEXTUAL_ANIMATIONS="none",
        PYTHONPATH=str(HERE.parent) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""),
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
    """open_timeline(path) in a new Python process: seconds, and peak RSS of it and its children."""
    script = (
        "import json, resource, sys, time\n"
        "t0 = time.perf_counter()\n"
        "from tui.loading import open_timeline\n"
        "timeline = open_timeline(sys.argv[1])\n"
        "took = time.perf_counter() - t0\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': took, 'rss': me, 'child_rss': kids, 'events': len(timeline.events)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def in_process_queries(path: Path, env: dict, repeats: int) -> dict:
    script = r'''
import json, statistics, sys, time
from tui import query as q
from tui.dates import parse_range
from tui.loading import open_timeline
timeline = open_timeline(sys.argv[1])
events = timeline.events
t = time.perf_counter(); index = q.Index.build(timeline); build = time.perf_counter() - t
actor = max(index.by_actor, key=lambda a: len(index.by_actor[a]))
lo, hi = parse_range("2016")
word = "convoy"
def med(f):
    out = []
    for _ in range(int(sys.argv[2])):
        t = time.perf_counter(); result = f(); out.append(time.perf_counter() - t)
    return statistics.median(out), len(result)
t = time.perf_counter(); q.search(index, word); first_search = time.perf_counter() - t  # includes building the word index
lo_key, hi_key = lo.first_day(), hi.last_day()
rows = {
  "actor": (med(lambda: q.apply(index, q.Filters(actors=(actor,)))),
            med(lambda: [i for i, e in enumerate(events) if actor in e.actors])),
  "date": (med(lambda: q.apply(index, q.Filters(date_from=lo, date_to=hi))),
           med(lambda: [i for i, e in enumerate(events) if lo_key <= e.date.first_day() <= hi_key])),
  "search": (med(lambda: q.search(index, word)),
             med(lambda: [i for i, e in enumerate(events) if word in e.text.lower() or word in e.title.lower()])),
}
print(json.dumps({"index": build, "first_search": first_search, "rows": rows, "actor": actor}))
'''
    out = subprocess.run([sys.executable, "-c", script, str(path), str(repeats)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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
    args = parser.parse_args(argv)

    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []

    def row(what: str, result: str, baseline: str = "", verdict: str = "") -> None:
        rows.append((what, result, baseline, verdict))
        print(f"  {what}: {result}  {baseline}  {verdict}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="syria-timeline-bench-"))
    big = gen.write(args.events)
    n = args.events
    print(f"timeline: {big} ({big.stat().st_size / 1e6:.0f} MB); scratch: {work}", file=sys.stderr)
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    app = app_command()

    # Compiled bytecode for our package, as `pip install` leaves it (Textual's is compiled at its
    # install): from a source checkout, with PYTHONDONTWRITEBYTECODE set, every start would
    # otherwise compile the edited modules again (40-60 ms that no user pays).
    import compileall

    compileall.compile_dir(str(HERE.parent / "tui"), quiet=1)

    # 1. start-up to the first painted list, built-in timeline, against a bare Textual app
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

    # 3. filters and search on the big timeline, in process
    qres = in_process_queries(big, environment(work / "load-fast"), 21)
    row(f"{n // 1000}k events: building the query index (once per load)", f"{qres['index'] * 1000:.0f} ms")
    row(f"{n // 1000}k events: first search (builds the search word index once)", f"{qres['first_search']:.2f} s")
    for name, label in (("actor", f"actor filter ({qres['actor']})"), ("date", "date filter (2016)"), ("search", "search (“convoy”)")):
        (ours, count), (base, base_count) = qres["rows"][name]
        row(f"{n // 1000}k events: {label}, median of 21", f"{ours * 1000:.1f} ms ({count:,} events)",
            f"list scan {base * 1000:.1f} ms ({base_count:,})", f"target < 50 ms {'✓' if ours < 0.05 else '✗'}")

    # 4. bytes written at 80x24 (built-in timeline; detail pane visible below the list)
    def byte_counts(path: list[str], label: str) -> None:
        term = Term(app + path, environment(work / f"bytes-{label}"))
        try:
            term.seconds_until("▶", timeout=60)
            term.settle(1.0)
            term.bytes_for(["down"])  # the first key after start-up
            term.bytes_for(["up"])
            down = statistics.median(term.bytes_for(["down"]) for _ in range(args.runs))
            row(f"{label}: bytes per ↓ (within the page; list rows and the detail pane)", f"{down:,.0f}",
                "", f"target ≤ 2,000 {'✓' if down <= 2000 else '✗'}")
            os.write(term.fd, b"g")  # back to the first event
            term.settle(0.6)
            burst = term.bytes_for(["down"] * 20, gap=0.03, quiet=0.8)
            row(f"{label}: burst of 20 ↓ held down (30 ms apart) from the top", f"{burst:,}", "",
                f"target ≤ 12,000 {'✓' if burst <= 12000 else '✗'}")
            pg = statistics.median(term.bytes_for(["pgdn"]) for _ in range(3))
            row(f"{label}: bytes per PgDn", f"{pg:,.0f}", "", "")
            os.write(term.fd, b"g")
            term.settle(0.6)
            name = "Hayat Tahrir" if label == "built-in" else "actor-007"
            term.settle(0.8)
            before = term.written
            term.key("a")
            term.seconds_until("Filter by actor", timeout=10)
            term.settle(0.5)
            for ch in name:
                term.key(ch)
                term.settle(0.15, timeout=2)
            term.settle(0.5)
            term.key("enter")
            term.seconds_until("Filtered by", timeout=10)
            term.settle(0.8)
            row(f"{label}: actor filter change (a, type “{name}”, Enter: the picker opens and closes)", f"{term.written - before:,}", "", "")
            before = term.written
            term.key("c")
            term.seconds_until("All ", timeout=10)
            term.settle(0.8)
            row(f"{label}: filter change by c (clears the filter; no dialog)", f"{term.written - before:,}", "", "")
            rss = term.peak_rss_mb()
            row(f"{label}: peak RSS of the app", f"{rss:.0f} MB", "",
                f"target < 100 MB {'✓' if rss < 100 else '✗'}" if label == "built-in" else "")
        finally:
            term.close()

    byte_counts([], "built-in")
    byte_counts([str(big)], f"{n // 1000}k events")
    term = Term(app + ["--ansi"], environment(work / "bytes-ansi"))
    try:
        term.seconds_until("▶", timeout=60)
        term.settle(1.0)
        term.bytes_for(["down"])
        term.bytes_for(["up"])
        down = statistics.median(term.bytes_for(["down"]) for _ in range(args.runs))
        row("built-in, --ansi (terminal's own 16 colours): bytes per ↓", f"{down:,.0f}", "", "")
    finally:
        term.close()

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


if __name__ == "__main__":
    sys.exit(main())
