"""Headless rendering helpers for the hostile-input tests: what a full repaint would write.

`dump(app)` renders the current screen the way Textual's compositor sends it to a real
terminal and returns the plain text (what a reader sees) and the raw output (text plus
escape sequences). `assert_no_controls(raw)` checks that the only control sequences in
the output are Textual's own CSI sequences (colours, cursor moves): no OSC (52 clipboard,
8 links, window titles), DCS/APC/PM strings, BEL, backspace or C1 controls, whatever
the data held.
"""

from __future__ import annotations

import io
import re

from rich.console import Console

CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # every C0 (but newline), DEL and C1


def dump(app) -> tuple[str, str]:
    """(plain text, raw terminal output) of the app's current screen, fully repainted."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
        legacy_windows=False, safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    raw = update.render_segments(console)
    lines = ["".join(segment.text for strip in line for segment in strip if not segment.control) for line in update.strips]
    return "\n".join(lines), raw


# an OSC 8 hyperlink the app makes of a source's web address (printable ASCII only: tui/widgets/event_text._linkable)
OSC8 = re.compile(r"\x1b\]8;[\x20-\x7e]*?;[\x21-\x7e]*?\x1b\\")


def assert_no_controls(raw: str, where: str = "") -> None:
    """Only CSI sequences (Textual's styling and cursor moves) may appear in terminal output."""
    rest = OSC8.sub("", CSI.sub("", raw))
    bad = CONTROL.search(rest)
    if bad is not None:
        at = bad.start()
        raise AssertionError(f"{where}: control {bad.group()!r} reaches the terminal near {rest[max(0, at - 40):at + 40]!r}")


def squash(text: str) -> str:
    """Text without whitespace, so a fragment matches even where the screen wrapped it."""
    return re.sub(r"\s+", "", text)


def shows(screen_text: str, fragment: str) -> bool:
    return squash(fragment) in squash(screen_text)


async def settle(pilot, app) -> None:
    """Wait until the timeline is shown (and the detail pane has had its short delay)."""
    for _ in range(100):
        await pilot.pause()
        main = app.main_screen
        if app.index is not None and main is not None and (main.event_list.rows or not app.timeline.events):
            break
    await pilot.pause(0.05)


async def render_screens(timeline, size=(80, 24)) -> dict[str, tuple[str, str]]:
    """Open the main screen, the event screen (Enter) and the actor picker (a); dump each."""
    from tui.app import TimelineApp
    from tui.screens.event import EventScreen
    from tui.screens.picker import Picker

    app = TimelineApp(timeline, detail_delay=0.01)
    out: dict[str, tuple[str, str]] = {}
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        out["main"] = dump(app)
        if timeline.events:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EventScreen), type(app.screen)
            out["event"] = dump(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, Picker), type(app.screen)
        out["picker"] = dump(app)
        assert app.is_running and app.return_code is None
    return out


def render_file(path: str, size: tuple[int, int] = (80, 24)) -> dict[str, tuple[str, str]]:
    """Load a timeline file and render its screens (in a worker process: see test_hostile)."""
    import asyncio

    from tui.timeline_file import load

    return asyncio.run(render_screens(load(path), size))
