"""The map pane in a real terminal: the byte budget per ↓ holds with the map on (80x24)."""

from __future__ import annotations

import pytest

from ptyterm import Term
from test_terminal import command

pytestmark = pytest.mark.terminal


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_a_cursor_move_with_the_map_on_stays_in_budget(tmp_path, locale):
    """Issue 5's budget, 2,000 bytes per ↓ at 80x24, with the map beside the list; outside a
    UTF-8 locale the map is drawn in ASCII."""
    env = {"TERM": "xterm-256color", "COLORTERM": "", "TEXTUAL_ANIMATIONS": "none", "LANG": locale, "LC_ALL": "", "LC_CTYPE": ""}
    t = Term(command(), 80, 24, env=env)
    try:
        assert t.wait_for("▶" if locale != "C" else "-- 2011"), t.text()  # ASCII symbols outside UTF-8
        t.settle(1.0)
        t.send("v")
        assert t.wait_for("off the map"), t.text()
        t.settle(0.8)
        screen = t.text()
        if locale == "C":
            assert "X " in screen and "◆" not in screen, screen
        else:
            assert "◆ " in screen, screen
        counts = t.bytes_per_press("down")
        assert all(count > 0 for count in counts), counts
        counts.sort()
        assert counts[len(counts) // 2] <= 2000, counts
    finally:
        t.close()
