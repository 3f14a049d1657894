"""A file that cannot load, given to the explorer: a small one is parsed before the screen is
taken, so its problems print plainly and the full-screen app never flashes (no alternate-screen
sequence is written at all); a big one loads behind the app's progress screen and its problem
comes out as one line once the terminal is restored; with --watch the app says what to fix and
loads the file when it is saved. Real pseudo-terminals (tests/ptyterm.py)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import time
from contextlib import contextmanager

import pytest

from tui import opening
from tui.timeline_file import TimelineError

from conftest import MINI
from ptyterm import Term

pytestmark = pytest.mark.terminal

ALT_SCREEN = b"\x1b[?1049h"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")


def command() -> list[str]:
    installed = shutil.which("syria-timeline")
    return [installed] if installed else [sys.executable, "-m", "tui"]


def run_to_exit(args: list[str], timeout: float = 30.0) -> tuple[int | None, bytes]:
    t = Term(command() + args, 100, 24)
    try:
        code = t.wait_exit(timeout)
        return code, bytes(t.raw)
    finally:
        t.close()


BROKEN = {
    "syntax.yaml": (b"version: 1\ntitle: x\nevents:\n  - id: a\n    date: [2024\n", ":5:11: YAML syntax: the [ here is not closed where expected (the parser stopped on line 6)"),
    "passwd": (b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
               ":1:1: the timeline must be a mapping (key: value lines)"),
    "binary.dat": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, ": is a binary file, not a YAML timeline"),
    "schema.yaml": (b"version: 1\ntitle: x\nevents: 3\n", ":3:9: events must be a list"),
    "crlf-unknown.yaml": (b"version: 1\r\ntitel: x\r\nevents: []\r\n", ":2:1: unknown key 'titel'"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_small_broken_file_never_takes_the_screen(tmp_path, name):
    data, expected = BROKEN[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    code, raw = run_to_exit([str(bad)])
    assert code == 2
    assert ALT_SCREEN not in raw, raw[:300]
    lines = raw.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}{expected}"), lines  # one line, and only that


def test_a_big_broken_file_loads_in_the_app_and_ends_with_one_clean_line(tmp_path):
    bad = tmp_path / "big.yaml"
    padding = ("# " + "x" * 70 + "\n") * (opening.BIG_BYTES // 73 + 10)
    bad.write_text("version: 1\ntitle: Big\nevents: []\n" + padding + "bogus_key: 1\n")
    assert bad.stat().st_size >= opening.BIG_BYTES
    code, raw = run_to_exit([str(bad)])
    assert code == 2
    assert ALT_SCREEN in raw  # the progress screen is right for a big file
    after = raw[raw.rindex(b"\x1b[?1049l") :]  # what is left on the restored terminal
    text = ESCAPES.sub(b"", after).decode()
    line = f"{bad}:{padding.count(chr(10)) + 4}:1: unknown key 'bogus_key' in the timeline"
    assert text.startswith(line) and text.count("\n") == 1 and text.endswith("\r\n"), text


@contextmanager
def watching(tmp_path, data: bytes):
    """`--watch` on a file holding `data` (broken), in a pty, once the app says it waits for the fix."""
    watched = tmp_path / "edit.yaml"
    watched.write_bytes(data)
    t = Term(command() + ["--watch", str(watched)], 100, 24)
    try:
        assert t.wait_for("to be fixed", 20), t.text()
        yield watched, t
    finally:
        t.close()


def test_watch_shows_what_to_fix_and_loads_the_file_once_saved(tmp_path):
    with watching(tmp_path, BROKEN["syntax.yaml"][0]) as (watched, t):
        assert shows(t, f"{watched}:5:11: YAML syntax", 1), t.text()
        assert t.wait_exit(0.3) is None  # it waits for the fix
        fixed = tmp_path / "fixed.tmp"
        shutil.copy(MINI, fixed)
        os.replace(fixed, watched)
        assert t.wait_for("All 10 events", 15), t.text()
        assert "to be fixed" not in t.text() and ":5:11:" not in t.text()  # the banner is gone
        t.settle(0.3)
        t.send("q")
        assert t.wait_exit(10) == 0


def test_watch_quit_while_broken_prints_what_stands(tmp_path):
    with watching(tmp_path, BROKEN["schema.yaml"][0]) as (watched, t):
        watched.write_bytes(b"version: 1\ntitle: x\nevents: {}\n")  # still broken, elsewhere
        assert shows(t, f"{watched}:3:9: events must be a list", 10), t.text()
        t.send("q")
        assert t.wait_exit(10) == 2
        after = bytes(t.raw)[bytes(t.raw).rindex(b"\x1b[?1049l") :]
        assert ESCAPES.sub(b"", after).decode() == f"{watched}:3:9: events must be a list ([a, b] or '- item' lines)\r\n"


def test_without_watch_a_broken_file_exits_at_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(BROKEN["schema.yaml"][0])
    code, raw = run_to_exit([str(bad)], timeout=15)
    assert code == 2 and ALT_SCREEN not in raw
    code, raw = run_to_exit(["--watch", str(tmp_path / "missing.yaml")], timeout=15)  # nothing to wait for
    assert code == 2 and ALT_SCREEN not in raw and b"no such file" in raw


def shows(t: Term, needle: str, timeout: float) -> bool:
    """`needle` on screen, whitespace aside (a long path wraps the line at a space)."""
    end = time.monotonic() + timeout
    needle = "".join(needle.split())
    while needle not in "".join(t.text().split()):
        if time.monotonic() > end or not t.pump(0.05):
            return needle in "".join(t.text().split())
    return True


@pytest.mark.skipif(shutil.which("bash") is None, reason="process substitution needs bash")
def test_a_pipe_is_read_before_the_screen_is_taken(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(BROKEN["schema.yaml"][0])
    t = Term(["bash", "-c", f"exec {shlex.join(command())} <(cat {shlex.quote(str(bad))})"], 100, 24)
    try:
        code, raw = t.wait_exit(30), bytes(t.raw)
    finally:
        t.close()
    assert code == 2 and ALT_SCREEN not in raw
    lines = raw.decode().splitlines()
    assert len(lines) == 1 and re.fullmatch(r"/dev/fd/\d+:3:9: events must be a list .*", lines[0]), lines
    t = Term(["bash", "-c", f"exec {shlex.join(command())} <(cat {shlex.quote(str(MINI))})"], 100, 24)
    try:
        assert t.wait_for("All 10 events", 20), t.text()  # a good one opens as before
        t.settle(0.3)
        t.send("q")
        assert t.wait_exit(10) == 0
    finally:
        t.close()


# -- open_early: what is decided before the screen is taken (no terminal needed) -----------------


def test_open_early_parses_a_small_file_and_caches_it(tmp_path, monkeypatch):
    path = tmp_path / "t.yaml"
    shutil.copy(MINI, path)
    timeline = opening.open_early(str(path))
    assert timeline is not None and len(timeline.events) == 10
    monkeypatch.setattr(opening, "parse", lambda *a, **k: pytest.fail("parsed again"))
    again = opening.open_early(str(path))  # from the parse cache now
    assert again is not None and [e.id for e in again.events] == [e.id for e in timeline.events]


def test_open_early_leaves_a_big_file_to_the_app_after_checking_its_start(tmp_path, monkeypatch):
    monkeypatch.setattr(opening, "parse", lambda *a, **k: pytest.fail("a big file is parsed in the app"))
    big = tmp_path / "big.yaml"
    big.write_text("version: 1\nevents: []\n" + "# padding\n" * (opening.BIG_BYTES // 10 + 1))
    assert opening.open_early(str(big)) is None
    binary = tmp_path / "big.bin"
    binary.write_bytes(b"\x00" * (opening.BIG_BYTES + 1))
    with pytest.raises(TimelineError, match="is a binary file"):
        opening.open_early(str(binary))


def test_open_early_reads_a_pipe_and_a_device(tmp_path):
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(MINI.read_bytes()), daemon=True)
    writer.start()
    timeline = opening.open_early(str(fifo))  # read once, here: the app could not read it again
    writer.join(5)
    assert timeline is not None and len(timeline.events) == 10
    with pytest.raises(TimelineError, match="gave nothing to read"):
        opening.open_early(os.devnull)  # a device that is no terminal: read now, said plainly
