#!/usr/bin/env python3
"""Bytes written per ↓ with the map pane on (v), against the same terminal without it.

    python bench/map_bytes.py            # 80x24 and 120x40, median of 7 presses each

Runs the installed `syria-timeline` (else `python -m tui`) on the built-in timeline in a real
pseudo-terminal (bench/run.py's Term: the tests' pty driver, rendered with pyte), with
temporary XDG folders. A ↓ moves the list's cursor: with the map on, the map repaints the rows
of the old and new ◆ and its status line once the cursor rests (as the detail pane does).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Term, app_command, environment  # noqa: E402

RUNS = 7


def per_down(cols: int, rows: int, with_map: bool, work: Path) -> tuple[float, list[int], int]:
    """Median bytes per ↓, each press's bytes, and the bytes `v` wrote to show the map (0 without)."""
    term = Term(app_command(), environment(work / f"{cols}x{rows}-{with_map}", LANG="C.UTF-8", LC_ALL=""), cols, rows)
    try:
        term.list_ready()
        shown = 0
        if with_map:

            def show_map() -> None:
                term.key("v")
                term.seconds_until("off the map" if rows >= 20 else "◆", timeout=10)
                term.settle(1.0)

            shown = term.bytes_during(show_map)
            term.bytes_for(["down"])  # the first ↓ with the map on draws more than the ones measured
            term.bytes_for(["up"])
        counts = [term.bytes_for(["down"]) for _ in range(RUNS)]
        return statistics.median(counts), counts, shown
    finally:
        term.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print("| size | map off: bytes per ↓ | map on: bytes per ↓ | map on, each press | budget | v (show the map) |")
        print("|---|---|---|---|---|---|")
        for cols, rows in ((80, 24), (120, 40)):
            off, _, _ = per_down(cols, rows, False, work)
            on, counts, shown = per_down(cols, rows, True, work)
            budget = f"≤ 2,000 {'✓' if on <= 2000 else '✗'}" if (cols, rows) == (80, 24) else ""
            print(f"| {cols}x{rows} | {off:,.0f} | {on:,.0f} | {', '.join(f'{c:,}' for c in counts)} | {budget} | {shown:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
