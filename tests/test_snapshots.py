"""Named snapshots at fixed sizes with the default theme (colour variables scrubbed in conftest).

Update after a deliberate visual change with: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tui.timeline_file import load

from conftest import make_app


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    """Freeze what varies between runs: the text cursor's blink."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause()
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_filtered_and_searched(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a", *"russia", "enter", "slash", *"aleppo", "enter")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=run_before)


def test_event_screen(snap_compare, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("end", "k", "enter")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_actor_picker(snap_compare, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a", *"nusra", "tab")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_date_prompt(snap_compare, tmp_path):
    """The `:` prompt open: the footer shows what Enter and Esc do there, not the list's keys."""
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("colon", *"2016")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_help(snap_compare, tmp_path):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_map_pane(snap_compare, tmp_path, size, monkeypatch):
    """The map (v) beside the list, the cursor's place marked ◆, then picked on the map (Tab, ↑)."""
    from pathlib import Path

    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.delenv("SYRIA_TIMELINE_MAP", raising=False)
    app = make_app(tmp_path, load(Path(__file__).parent / "data" / "map.yaml"))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("v", "j", "j")
        await settle(pilot)
        await pilot.press("tab", "up")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
