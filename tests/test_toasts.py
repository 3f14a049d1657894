"""Toasts never cover the prompt or the detail pane, and a repeated key replaces its toast."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from tui.app import toast_kind

from conftest import builtin, make_app, ready


def toasts(app) -> list[Toast]:
    return list(app.screen.query(Toast))


def test_kinds():
    assert toast_kind("Era: Battle for Aleppo") == toast_kind("Era: Rise and fall of ISIS")
    assert toast_kind("No more eras that way") != toast_kind("Era: Battle for Aleppo")


async def test_a_held_key_keeps_one_toast(tmp_path):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        for _ in range(4):
            await pilot.press("right_curly_bracket")
        await pilot.pause(0.2)
        eras = [n for n in app._notifications if str(n.message).startswith("Era:")]
        assert len(eras) == 1
        assert len(toasts(app)) == 1
        for _ in range(3):
            await pilot.press("backspace")  # "Nothing to undo"
        await pilot.pause(0.2)
        assert len(toasts(app)) == 1  # a hint replaces the hint before it
        app.notify("Something went wrong", severity="warning")
        app.notify("Era: again", markup=False)
        await pilot.pause(0.2)
        assert len(toasts(app)) == 2  # a warning stays beside the next hint


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_toasts_beside_detail_and_prompt(tmp_path, size):
    app = make_app(tmp_path, builtin())
    async with app.run_test(size=size, notifications=True) as pilot:
        await ready(pilot)
        main = app.main_screen
        await pilot.press("right_curly_bracket")
        await pilot.pause(0.3)
        detail = main.query_one("#detail").region
        for toast in toasts(app):
            assert not toast.region.overlaps(detail), (toast.region, detail)
        await pilot.press("colon", *"nonsense", "enter")  # an error toast while the prompt stays open
        await pilot.pause(0.3)
        assert main.prompt is not None and main.prompt.display
        prompt = main.prompt.region
        assert toasts(app)
        for toast in toasts(app):
            assert not toast.region.overlaps(prompt), (toast.region, prompt, [(t.region, str(t.render())) for t in toasts(app)])
            assert not toast.region.overlaps(detail), (toast.region, detail)
