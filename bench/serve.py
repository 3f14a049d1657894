"""`syria-timeline serve`: how long a browser session takes to show its first full screen, and
what one session costs in memory; and the cost of laying out a line of Arabic (`--bidi`).

    python bench/serve.py                 # the built-in timeline and a synthetic 10,000 events
    python bench/serve.py --events 1000 --sessions 5

Needs the web and test extras (textual-serve, aiohttp, pyte). Sessions are opened the way the
page opens them (a websocket), not in a browser: the browser's own start is not ours to measure.
The time runs from opening the websocket to the screen showing both the list's cursor row and the
footer; memory is each session's resident set once it is up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_of_sessions(path: str) -> list[int]:
    """Resident memory (KB) of the app processes serving `path`."""
    sizes = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            if b"--served" in cmd and path.encode() in cmd:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]))
        except OSError:
            continue
    return sizes


async def _session(url: str, hold: asyncio.Event) -> float:
    import aiohttp
    import pyte

    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    shown = -1.0
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{url}ws?width=100&height=30", headers={"Origin": url.rstrip("/")}) as ws:
            while True:
                message = await ws.receive()
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                stream.feed(message.data)
                if "Quit" in screen.display[-1] and any(line.startswith("▶") for line in screen.display):
                    shown = time.perf_counter() - start
                    break
            await hold.wait()
    return shown


async def _measure(url: str, sessions: int, path: str) -> tuple[list[float], list[int]]:
    hold = asyncio.Event()
    tasks = [asyncio.create_task(_session(url, hold)) for _ in range(sessions)]
    while not all(t.done() for t in tasks) and sum(1 for _ in _rss_of_sessions(path)) < sessions:
        await asyncio.sleep(0.1)
    await asyncio.sleep(2.0)  # every session up and settled
    rss = _rss_of_sessions(path)
    hold.set()
    return [await t for t in tasks], rss


def bench_file(path: str, sessions: int) -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", path, "--port", str(port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"serve did not start on {path}")
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/"
        first, _ = asyncio.run(_measure(url, 1, path))  # alone
        together, rss = asyncio.run(_measure(url, sessions, path))  # opened at once
        print(f"{Path(path).name}: first screen {first[0]:.2f} s alone, median {statistics.median(together):.2f} s "
              f"(max {max(together):.2f} s) with {sessions} opened at once; "
              f"{statistics.median(rss) / 1024:.0f} MB a session")
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_bidi() -> None:
    from tui import bidi

    arabic = "Places: Aleppo (حلب), Damascus (دمشق), Idlib (إدلب) and others in the north"
    latin = "Places: Aleppo, Damascus, Idlib and others in the north of the country, 2016"
    n = 2000
    with_rtl = timeit.timeit(lambda: bidi._display.__wrapped__(arabic), number=n) / n
    without = timeit.timeit(lambda: bidi.display(latin), number=n * 50) / (n * 50)
    print(f"--bidi: a line with Arabic {with_rtl * 1e3:.2f} ms (shaping {timeit.timeit(lambda: bidi.shape(arabic), number=n) / n * 1e3:.2f} ms "
          f"of it; laid out once, then cached), a line without {without * 1e6:.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10000, help="size of the synthetic timeline (0: skip it)")
    parser.add_argument("--sessions", type=int, default=5, help="sessions opened at once")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="syria-timeline-bench-cache-"))
    os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp(prefix="syria-timeline-bench-state-"))
    bench_bidi()
    from tui.timeline_file import builtin_path

    bench_file(builtin_path(), args.sessions)
    if args.events:
        sys.path.insert(0, str(ROOT / "bench"))
        import gen

        bench_file(str(gen.write(args.events)), args.sessions)


if __name__ == "__main__":
    main()
