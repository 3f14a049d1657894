"""ctrl+z in a real terminal: the app leaves the screen as it found it, stops, and comes back whole."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tui.timeline_file import builtin_path, load

from ptyterm import Term
from test_terminal import command

pytestmark = pytest.mark.terminal


def state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")
def test_ctrl_z_suspends_and_resumes(tmp_path):
    first = load(builtin_path()).events[0]
    t = Term(command(), 80, 24, env={"TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"})
    try:
        assert t.wait_for(first.title[:40]), t.text()
        t.settle()
        before = len(t.raw)
        t.send("\x1a")  # ctrl+z
        end = time.monotonic() + 10
        while time.monotonic() < end and state(t.pid) != "T":
            t.pump(0.05)
        assert state(t.pid) == "T"  # stopped, as a shell's job would be
        t.pump(0.2)
        assert b"\x1b[?1049l" in t.raw[before:]  # the alternate screen was left
        resumed = len(t.raw)
        os.kill(t.pid, signal.SIGCONT)
        assert t.wait_for(first.title[:40]), t.text()
        t.settle()
        assert b"\x1b[?1049h" in t.raw[resumed:]  # back on the alternate screen, repainted
        t.send("j")
        t.settle(0.3)
        t.send("q")
        assert t.wait_exit() == 0
    finally:
        t.close()
