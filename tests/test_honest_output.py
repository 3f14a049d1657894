"""Honest output in a real terminal: NO_COLOR sends no colour codes at all; a locale that is not
UTF-8 gets ASCII symbols (one table, tui/symbols.py, chosen once at start)."""

from __future__ import annotations

import re

import pytest

from tui import symbols
from tui.timeline_file import builtin_path, load

from ptyterm import Term
from test_terminal import command

pytestmark = pytest.mark.terminal

COLOUR = re.compile(rb"\x1b\[[0-9;]*(?:38|48);[25];")
SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def session(env: dict) -> bytes:
    """Start, bookmark, search, open an event and come back, quit: every byte the app sent."""
    first = load(builtin_path()).events[0]
    t = Term(command(), 80, 24, env={"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", **env})
    try:
        assert t.wait_for(first.title[:30]), t.text()
        t.settle()
        t.send("m", "j", "/", *"assad", "enter")
        t.settle(0.6)
        t.send("enter")
        t.settle(0.6)
        t.send("q")
        t.settle(0.4)
        t.send("q")
        assert t.wait_exit() == 0
        return bytes(t.raw)
    finally:
        t.close()


def test_no_color_sends_no_colour_codes():
    raw = session({"NO_COLOR": "1", "LANG": "C.UTF-8"})
    assert not COLOUR.findall(raw)
    for params in SGR.findall(raw):
        codes = [int(c) for c in params.split(b";") if c]
        assert not any(30 <= c <= 37 or 40 <= c <= 47 or 90 <= c <= 107 for c in codes), params
    assert any(b"7" in params.split(b";") for params in SGR.findall(raw))  # the cursor row shows reversed


def test_colour_without_no_color():
    assert COLOUR.findall(session({"LANG": "C.UTF-8"}))


@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C"}, {"LANG": "", "LC_ALL": "C"}])
def test_non_utf8_locale_gets_ascii_symbols(env):
    text = session(env).decode("utf-8", "replace")
    for symbol in "▔▏▊⏎★•├┤▶─…·→▼▲▁▂▃▄▅▆▇█▌":
        assert symbol not in text, symbol
    assert "Enter" in text  # the footer's key


def test_one_table_for_the_run():
    assert symbols.for_locale({"LANG": "C"}) == "ascii"
    assert symbols.for_locale({"LANG": "en_GB.UTF-8"}) == "unicode"
    assert symbols.for_locale({"LC_ALL": "C", "LANG": "en_GB.UTF-8"}) == "ascii"
    try:
        assert symbols.use("ascii").cursor == ">" and symbols.S is symbols.ASCII
        for field in symbols.ASCII._fields:
            assert str(getattr(symbols.ASCII, field)).isascii(), field
        assert len(symbols.ASCII.blocks) == len(symbols.UNICODE.blocks)
    finally:
        symbols.use("unicode")
