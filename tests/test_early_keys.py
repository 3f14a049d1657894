"""Keys typed while the program starts: the terminal stops editing lines before the explorer's
modules are imported (tui/cli `_keys_as_typed`), so a backspace typed ahead is a key for the
app (undo), not the kernel's erase of the previous letter; and the settings come back at the end."""

from __future__ import annotations

import os
import pty
import sys
import termios

import pytest

from tui import cli


@pytest.fixture
def on_pty(monkeypatch):
    """A fresh pty: yields (parent, child) file descriptors and a function that puts stdin and
    stdout on it (called in the test itself: pytest's capture sets stdout again after fixtures)."""
    parent, child = pty.openpty()
    files = os.fdopen(os.dup(child), "r"), os.fdopen(os.dup(child), "w")

    def use() -> None:
        monkeypatch.setattr(sys, "stdin", files[0])
        monkeypatch.setattr(sys, "stdout", files[1])

    yield parent, child, use
    for f in files:
        f.close()
    os.close(parent)
    os.close(child)


def test_typed_keys_reach_the_app_unedited_and_the_terminal_is_restored(on_pty):
    parent, child, use = on_pty
    use()
    original = termios.tcgetattr(child)
    assert original[3] & termios.ICANON and original[3] & termios.ECHO  # a fresh pty edits lines
    before = cli._keys_as_typed()
    assert before == original
    now = termios.tcgetattr(child)
    assert not now[3] & termios.ICANON and not now[3] & termios.ECHO
    assert now[3] & termios.ISIG  # ctrl+c still stops the start
    os.write(parent, b"jjj\x7fk")  # typed ahead, backspace included
    assert os.read(child, 16) == b"jjj\x7fk"  # readable at once, as typed: no line editing
    cli._restore_terminal(before)
    assert termios.tcgetattr(child) == original


def test_nothing_changes_without_a_terminal(monkeypatch, tmp_path):
    plain = open(tmp_path / "in.txt", "w+")
    monkeypatch.setattr(sys, "stdin", plain)
    try:
        assert cli._keys_as_typed() is None
        cli._restore_terminal(None)  # nothing to do, no error
    finally:
        plain.close()


def test_the_settings_come_back_when_the_app_cannot_start(monkeypatch, on_pty):
    _, child, use = on_pty
    use()
    original = termios.tcgetattr(child)
    import tui.cli.app_command as app_command

    def refuse(argv):
        assert not termios.tcgetattr(child)[3] & termios.ICANON  # set before the app's start
        raise KeyboardInterrupt

    monkeypatch.setattr(app_command, "run_app", refuse)
    assert cli.main(["--no-such-run"]) == 130
    assert termios.tcgetattr(child) == original
