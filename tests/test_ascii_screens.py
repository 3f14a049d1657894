"""Outside a UTF-8 locale every screen is drawn in ASCII (tui/symbols.py): not only the main
list (tests/test_honest_output.py) but the pickers, help, the palette, the event screen, the
prompts, toasts and the scrollbars. Only the timeline's own text may hold other characters, so the
timeline here is written in ASCII."""

from __future__ import annotations

import sys

import pytest

from tui import symbols
from tui.timeline_file import load

from conftest import MINI, make_app, ready

sys.path.insert(0, str(MINI.parent.parent / "hostile"))
from screen_check import dump  # noqa: E402


def ascii_timeline(tmp_path):
    """tests/data/mini.yaml with its Arabic names and its Türkiye taken out, and enough events (spans) to scroll."""
    text = MINI.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not any(ord(c) > 127 for c in line) or "arabic" in line or "aliases" in line)
    text = text.replace("Türkiye", "Turkiye")
    text = "".join(c for c in text if ord(c) < 128).replace("arabic: ,", "").replace("arabic: ", "arabic: x")
    path = tmp_path / "ascii.yaml"
    extra = "".join(
        f"  - {{id: extra-{n}, date: 2020-01-{n:02d}, end: 2020-02-{n:02d}, title: Extra event {n}, actors: [gov], places: [aleppo], text: Extra.,"
        f" related: [{'extra-27' if n == 28 else ''}],"
        f" sources: [{{publisher: Test Wire, url: 'https://example.org/{n}'}}, {{publisher: Other Wire}}]}}\n"
        for n in range(1, 29)
    )
    path.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    timeline = load(path)
    for event in timeline.events:
        assert all(ord(c) < 128 for c in event.title + event.text)
    return timeline


def not_ascii(text: str) -> str:
    return "".join(sorted({c for c in text if ord(c) > 127}))


FLOWS = {
    "main": [],
    "actor picker": ["a"],
    "tag picker": ["t"],
    "place picker": ["p"],
    "bookmarks": ["m", "apostrophe"],
    "help": ["question_mark"],
    "help, further down": ["question_mark", "pagedown", "pagedown"],
    "palette": ["ctrl+p", "a", "l", "e"],
    "event screen": ["enter"],
    "event screen of a span": ["colon", *"2020-01-05", "enter", "enter"],
    "event screen of a span, with related events": ["colon", *"2020-01-28", "enter", "j", "enter"],
    "event screen, source picker": ["enter", "Y"],
    "search prompt": ["slash", "a"],
    "date prompt error": ["colon", "x", "enter"],
    "range prompt": ["d"],
    "toast": ["c"],
    "filter bar with an open date range": ["d", "full_stop", "full_stop", *"2012", "enter"],
    "remove-filter picker": ["t", "enter", "d", *"2011", "enter", "x"],
    "scrolled list": ["end", "up", "up", "up", "up", "up", "up", "up"],
}


CASES = [pytest.param(keys, id=name) for name, keys in FLOWS.items()]


@pytest.mark.parametrize("keys", CASES)
async def test_every_screen_is_ascii_outside_a_utf8_locale(tmp_path, keys):
    app = make_app(tmp_path, ascii_timeline(tmp_path), symbols="ascii")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press(*keys)
            await pilot.pause(0.3)
            text, _raw = dump(app)
            assert not not_ascii(text), [line for line in text.splitlines() if not_ascii(line)]
    finally:
        symbols.use("unicode")
