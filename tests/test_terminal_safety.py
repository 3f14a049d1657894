"""The terminal is always put back and never overrun (issue 15 items 6-8): signals quit as q
does, the UI draws on the terminal when stderr is redirected, absurd sizes are bounded."""

from __future__ import annotations

import os
import shutil
import signal
import sys

import pytest
from textual import events
from textual.geometry import Size

from tui.app import MAX_SIZE, TimelineApp
from tui.timeline_file import load

from conftest import MINI
from ptyterm import Term


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def restored(raw: bytes) -> bool:
    """The last word on the alternate screen and on mouse tracking is 'off'."""
    return raw.rfind(b"\x1b[?1049l") > raw.rfind(b"\x1b[?1049h") and raw.rfind(b"\x1b[?1000l") > raw.rfind(b"\x1b[?1000h")


@pytest.mark.terminal
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signals_quit_and_restore_the_terminal(number, tmp_path):
    t = Term(command(), 80, 24)
    try:
        assert t.wait_for("events", timeout=20)
        t.settle(0.3)
        os.write(t.fd, b"m")  # a bookmark: saved as it is made
        t.settle(0.3)
        os.kill(t.pid, number)
        assert t.wait_exit(10) == 128 + number
        t.pump(0.2)
        assert restored(bytes(t.raw))
        assert b"Traceback" not in t.raw
    finally:
        t.close()
    state = os.path.join(os.environ["XDG_STATE_HOME"], "syria-timeline", "state.json")
    assert "bookmarks" in open(state, encoding="utf-8").read()


@pytest.mark.terminal
def test_ui_draws_on_the_terminal_when_stderr_is_redirected(tmp_path):
    log = tmp_path / "log"
    argv = " ".join(command())
    t = Term(["sh", "-c", f"{argv} 2>{log}"], 80, 24)
    try:
        assert t.wait_for("events", timeout=20), t.text()
        t.settle(0.3)
        os.write(t.fd, b"q")
        assert t.wait_exit(10) == 0
        assert restored(bytes(t.raw))
    finally:
        t.close()
    # and the one-line errors go where stderr was sent
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nevents: [\n", encoding="utf-8")
    t = Term(["sh", "-c", f"{argv} {bad} 2>{log}"], 80, 24)
    try:
        assert t.wait_exit(20) == 2
    finally:
        t.close()
    assert str(bad) in log.read_text(encoding="utf-8")


async def test_absurd_sizes_are_bounded(tmp_path):
    app = TimelineApp(load(MINI), detail_delay=0.01, warm_search=False)
    async with app.run_test(size=(10_000, 10_000)) as pilot:
        await pilot.pause()
        assert tuple(app.size) == MAX_SIZE
        assert app.screen.size.width <= MAX_SIZE[0] and app.screen.size.height <= MAX_SIZE[1]
        app.post_message(events.Resize(Size(50_000, 3), Size(50_000, 3)))
        await pilot.pause()
        assert tuple(app.size) == (MAX_SIZE[0], 3)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert tuple(app.size) == (100, 30)
