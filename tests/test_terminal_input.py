"""Bytes to keys (tui/terminal_input.py): an Esc typed before another key is the Esc key however
the bytes arrive, and every sequence a terminal sends parses as Textual parses it, split anywhere."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import constants, events
from textual._xterm_parser import XTermParser

from tui.terminal_input import TypeAheadParser, reads_keys_itself, type_ahead_driver


def described(message) -> tuple:
    if isinstance(message, events.Key):
        return ("key", message.key)
    if isinstance(message, events.Paste):
        return ("paste", message.text)
    if isinstance(message, events.MouseEvent):
        return (type(message).__name__, message.x, message.y)
    return (type(message).__name__,)


def parse(*reads: str, parser: type[XTermParser] = TypeAheadParser) -> list[tuple]:
    """What the parser makes of these reads, arriving one after the other within the escape delay."""
    p = parser()
    out = [described(m) for data in reads if data for m in p.feed(data)]  # a read is never empty
    return out + [described(m) for m in p.feed("")]  # the end: a pending lone Esc is the Esc key


def keys(*names: str) -> list[tuple]:
    return [("key", name) for name in names]


# what the brief's reader typed, in one read; Textual's parser alone loses the Esc or changes the key
ONE_READ = {
    "/abc Esc /": ("/abc\x1b/x", keys("slash", "a", "b", "c", "escape", "slash", "x")),
    ": Esc q": (":20\x1bq", keys("colon", "2", "0", "escape", "q")),
    ": Esc :": (":20\x1b:1", keys("colon", "2", "0", "escape", "colon", "1")),
    "Esc Enter": ("\r\x1b\r", keys("enter", "escape", "enter")),
    "Esc backspace": ("/x\x1b\x7f", keys("slash", "x", "escape", "backspace")),
    "Esc 1": ("/x\x1b12", keys("slash", "x", "escape", "1", "2")),
    "Esc space": ("?\x1b ", keys("question_mark", "escape", "space")),
    "Esc Tab": ("\r\x1b\t", keys("enter", "escape", "tab")),
    "Esc letter": ("?\x1bjj", keys("question_mark", "escape", "j", "j")),
    "Esc capital": ("?\x1bG", keys("question_mark", "escape", "G")),
    "Esc ]": ("?\x1b]", keys("question_mark", "escape", "right_square_bracket")),
    "Esc b and f": ("?\x1bb\x1bf", keys("question_mark", "escape", "b", "escape", "f")),
    "Esc Esc letter": ("\x1b\x1bj", keys("escape", "escape", "j")),
    "two prompts cancelled": ("/abc\x1b/def\x1b:x", keys("slash", *"abc", "escape", "slash", *"def", "escape", "colon", "x")),
    "Esc é": ("/\x1bé", keys("slash", "escape", "é")),
}


@pytest.mark.parametrize("typed, expected", list(ONE_READ.values()), ids=list(ONE_READ))
def test_escape_before_a_key_is_the_escape_key(typed, expected):
    assert parse(typed) == expected
    assert parse(*typed) == expected  # the same keys one read each
    assert parse(typed, parser=XTermParser) != expected  # what Textual's parser alone makes of one read


def test_escape_ending_a_read_waits_for_the_next_one():
    assert parse("/ab\x1b", ":2") == keys("slash", "a", "b", "escape", "colon", "2")
    assert parse("\x1b", "[B") == keys("down")  # an arrow split by the link is still one key


def test_lone_escape_after_the_delay_is_read_once(monkeypatch):
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.02)
    p = TypeAheadParser()
    assert list(p.feed("/ab\x1b")) != []
    time.sleep(0.05)
    assert [described(m) for m in p.tick()] == keys("escape")  # the escape delay ran out
    assert [described(m) for m in p.feed("/x")] == keys("slash", "x")  # no second Esc


SEQUENCES = {
    "up": ("\x1b[A", keys("up")),
    "down, application keys": ("\x1bOB", keys("down")),
    "F1": ("\x1bOP", keys("f1")),
    "F5": ("\x1b[15~", keys("f5")),
    "page down": ("\x1b[6~", keys("pagedown")),
    "shift+tab": ("\x1b[Z", keys("shift+tab")),
    "ctrl+right": ("\x1b[1;5C", keys("ctrl+right")),
    "kitty Esc": ("\x1b[27u", keys("escape")),
    "mouse": ("\x1b[<0;3;4M", [("MouseDown", 2, 3)]),
    "focus": ("\x1b[I\x1b[O", [("AppFocus",), ("AppBlur",)]),
    "paste with a newline": ("\x1b[200~a b\r\n\x1b[201~", [("paste", "a b\r\n")]),
    "mode report": ("\x1b[?2026;2$y", [("TerminalSupportsSynchronizedOutput",)]),
}


@pytest.mark.parametrize("data, expected", list(SEQUENCES.values()), ids=list(SEQUENCES))
def test_sequences_parse_as_textual_parses_them_split_anywhere(data, expected):
    assert parse(data, parser=XTermParser) == expected
    for cut in range(len(data) + 1):
        assert parse(data[:cut], data[cut:]) == expected, cut
    assert parse(*data) == expected
    assert parse("j" + data + "\x1bk") == keys("j") + expected + keys("escape", "k")


TOKENS = {
    **{char: keys(name) for char, name in [("j", "j"), ("q", "q"), ("/", "slash"), (":", "colon"), ("1", "1"),
                                           ("]", "right_square_bracket"), (" ", "space"), ("é", "é")]},
    "\r": keys("enter"), "\x7f": keys("backspace"), "\t": keys("tab"), "\x1b": keys("escape"),
    **{data: expected for data, expected in SEQUENCES.values() if not data.startswith("\x1b[200~")},
    "\x1b[200~x\x1b[201~": [("paste", "x")],
}


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(sorted(TOKENS)), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_any_keys_in_any_reads_are_the_keys_typed(tokens, rnd):
    """Keys, sequences and Escs in any order, cut into reads anywhere: the keys typed, in order
    (an Esc before `[` or `O` text would begin a sequence: those two are not among the keys)."""
    data = "".join(tokens)
    cuts = sorted(rnd.sample(range(len(data) + 1), rnd.randint(0, min(4, len(data)))))
    reads = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)])]
    assert parse(*reads) == [item for token in tokens for item in TOKENS[token]]


def test_the_linux_and_web_drivers_read_keys_with_the_type_ahead_parser(monkeypatch):
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver
    from textual.drivers.web_driver import WebDriver

    from conftest import builtin
    from tui.app import TimelineApp

    for driver in (LinuxDriver, WebDriver):
        assert reads_keys_itself(driver)  # Textual's loop still builds its own XTermParser
        reading = type_ahead_driver(driver)
        assert issubclass(reading, driver) and reading is not driver
        assert reading.run_input_thread.__globals__["XTermParser"] is TypeAheadParser
        assert driver.run_input_thread.__globals__["XTermParser"] is XTermParser  # Textual's own is untouched
    assert type_ahead_driver(HeadlessDriver) is HeadlessDriver
    assert TimelineApp(builtin()).driver_class is type_ahead_driver(LinuxDriver)
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.web_driver:WebDriver")  # as `serve` starts a session
    assert TimelineApp(builtin()).driver_class is type_ahead_driver(WebDriver)
