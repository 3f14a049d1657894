"""Type-ahead in a real terminal (issue 11): each key script is sent three ways — one key at a
time with a pause, all in one write (as SSH delivers keys after a lag), and in random chunks
with random gaps (seeded) — and must end on the same screen, with no traceback and exit code 0
after q. Every row of the issue's table is a named case.

An Esc followed by another key in the same read is the Esc key and that key (tui/terminal_input.py),
as when they arrive apart: the scripts with Esc show it.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import time

import pytest

from ptyterm import KEYS, Term

pytestmark = pytest.mark.terminal


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def encode(script: list[str]) -> list[bytes]:
    return [KEYS.get(key, key).encode() for key in script]


def started(env: dict | None = None) -> Term:
    t = Term(command(), 80, 24, env=env)
    assert t.wait_for("events", timeout=20), t.text()
    t.settle(0.3)
    return t


def pump_for(t: Term, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t.pump(0.01)


def send(t: Term, script: list[str], way: str, seed: int = 0) -> None:
    keys = encode(script)
    if way == "one by one":
        for key in keys:
            os.write(t.fd, key)
            t.settle(0.3)
    elif way == "one write":
        os.write(t.fd, b"".join(keys))
    else:  # random chunks, random gaps below the escape delay
        rnd = random.Random(seed)
        data = b"".join(keys)
        while data:
            size = rnd.randint(1, 4)
            os.write(t.fd, data[:size])
            data = data[size:]
            pump_for(t, rnd.uniform(0, 0.06))


def seen(screen: str) -> tuple:
    """What must match: the filter bar, the cursor row, the footer (which screen is open)."""
    lines = screen.splitlines()
    cursor = [line.rstrip() for line in lines if "▶" in line]
    return lines[0].rstrip(), cursor[:1], lines[-1].rstrip()


def final(script: list[str], way: str, seed: int = 0) -> tuple[tuple, int | None, bytes]:
    t = started()
    try:
        send(t, script, way, seed)
        t.settle(0.8)
        state = seen(t.text())
        if t.wait_exit(0.05) is None:
            os.write(t.fd, b"q")
        code = t.wait_exit(10)
        return state, code, bytes(t.raw)
    finally:
        t.close()


SCRIPTS = {
    "/quneitra": [*"/quneitra", "enter"],
    "/palmyra": [*"/palmyra", "enter"],
    ":2016-12 Enter": [*":2016-12", "enter"],
    "actor picker": [*"ahts", "enter", "j"],
    "tag picker": [*"tsiege", "tab", "enter", "G"],
    "date range": [*"d2016", "enter", "j"],
    "event screen and back": ["G", "enter", "j", "j", "q", "k"],
    "help and back": ["?", "j", "q", "j"],
    "search cancelled, date prompt": [*"/abc", "esc", *":2016-12", "enter"],
    "date range, prompt cancelled, undone": [*"d2016", "enter", *"/x", "esc", "\x7f", "j"],  # \x7f: backspace
    "event screen and back with Esc": ["G", "enter", "j", "esc", "k"],
}


@pytest.mark.parametrize("script", list(SCRIPTS.values()), ids=list(SCRIPTS))
def test_three_ways_same_screen(script):
    results = [final(script, way, seed=7) for way in ("one by one", "one write", "random chunks")]
    for state, code, raw in results:
        assert code == 0, state
        assert b"Traceback" not in raw
    assert results[0][0] == results[1][0] == results[2][0]
    assert "▶" in "".join(results[0][0][1])  # back on the list


@pytest.mark.parametrize("keys", ["qt", "qa", "qp", "q:"])
def test_q_then_more_quits_cleanly(keys):
    t = started()
    try:
        os.write(t.fd, keys.encode())
        assert t.wait_exit(10) == 0
        assert b"Traceback" not in t.raw and b"Error" not in t.raw
    finally:
        t.close()


def test_keys_typed_during_start_up_are_kept():
    """`/aleppo` at 50 ms a key right after launch: a search, not the actor picker."""
    t = Term(command(), 80, 24)
    try:
        for ch in "/aleppo\r":
            os.write(t.fd, ch.encode())
            pump_for(t, 0.05)
        assert t.wait_for("events", timeout=20)  # the bar, not the terminal's echo of the keys
        t.settle(0.8)
        bar = t.text().splitlines()[0]
        assert "“aleppo”: hit" in bar, t.text()
        assert "Filter by actor" not in t.text()
        os.write(t.fd, b"q")
        assert t.wait_exit(10) == 0
    finally:
        t.close()


def test_escape_and_colon_in_one_write_cancel_the_search_and_ask_for_a_date():
    t = started()
    try:
        os.write(t.fd, b"/abc\x1b:")
        t.settle(0.6)
        assert "go to date" in t.text(), t.text()  # the date prompt, empty
        assert "abc" not in t.text()  # the search was cancelled, not typed on with `:`
        os.write(t.fd, b"2016-12\r\x1bq")
        assert t.wait_exit(10) == 0
        assert b"Traceback" not in t.raw
    finally:
        t.close()


def cursor_row(t: Term) -> str:
    return [line for line in t.text().splitlines() if "▶" in line][0]


def test_arrow_split_by_the_link_is_one_key_over_ssh():
    t = started(env={"SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"})
    try:
        first = cursor_row(t)
        os.write(t.fd, b"\x1b")
        pump_for(t, 0.15)  # the rest of ↓ arrives 150 ms later
        os.write(t.fd, b"[B")
        t.settle(0.6)
        assert cursor_row(t) != first  # moved down one event
        assert "2011" in cursor_row(t)  # not a year back, not a year on
        os.write(t.fd, b"k")
        t.settle(0.4)
        assert cursor_row(t) == first
        os.write(t.fd, b"q")
        assert t.wait_exit(10) == 0
    finally:
        t.close()


@pytest.mark.parametrize("pieces", [[b"\x1b", b"[?2026;2$y"], [b"\x1b", b"[?20", b"26;2$y"], [b"\x1b", b"[12;40R"]])
def test_split_terminal_reply_is_not_read_as_keys(pieces):
    t = started()
    try:
        before = t.text()
        for piece in pieces:
            os.write(t.fd, piece)
            pump_for(t, 0.2)
        t.settle(0.5)
        assert "keys —" not in t.text()  # Help did not open
        assert seen(t.text()) == seen(before)
        os.write(t.fd, b"q")
        assert t.wait_exit(10) == 0
    finally:
        t.close()


def test_unexpected_error_prints_one_line_and_keeps_bookmarks(tmp_path):
    """A handler that raises: the terminal is restored, one line says where the report is, exit 1."""
    code = (
        "import tui.screens.main as m\n"
        "def boom(self): raise ZeroDivisionError('forced for the test')\n"
        "m.MainScreen.action_help = boom\n"
        "from tui.cli import entry\n"
        "entry()\n"
    )
    state = tmp_path / "state"
    t = Term([sys.executable, "-c", code], 80, 24, env={"XDG_STATE_HOME": str(state)})
    try:
        assert t.wait_for("events", timeout=20)
        t.settle(0.3)
        os.write(t.fd, b"m?")
        assert t.wait_exit(10) == 1
        pump_for(t, 0.2)
        raw = bytes(t.raw)
        tail = raw[raw.rindex(b"\x1b[?1049l"):]  # what came after leaving the alternate screen
        assert b"Traceback" not in raw
        text = tail.decode("utf-8", "replace")
        assert "unexpected error (ZeroDivisionError: forced for the test)" in text
        reports = list((state / "syria-timeline").glob("crash-*.txt"))
        assert len(reports) == 1 and str(reports[0]) in text
        assert "Traceback" in reports[0].read_text() and "boom" in reports[0].read_text()
        assert oct(reports[0].stat().st_mode & 0o777) == "0o600"
        import json

        saved = json.loads((state / "syria-timeline" / "state.json").read_text())
        assert any(entry.get("bookmarks") for entry in saved["timelines"].values())
    finally:
        t.close()
