"""Right-to-left text for display (tui/bidi.py, `--bidi`): shaped and in visual order on screen,
as written everywhere else (exports, list output, the clipboard)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import bidi
from tui.app import TimelineApp
from tui.timeline_file import load

DAMASCUS = "دمشق"  # dal, meem, sheen, qaf
# as drawn: qaf (final form) leftmost ... dal (isolated form) rightmost
DAMASCUS_SHOWN = "\ufed6\ufeb8\ufee3\ufea9"

ARABIC_TIMELINE = """\
version: 1
title: Bidi test
actors:
  gov: {name: Syrian government, short: Govt, kind: state, alignment: government}
places:
  damascus: {name: Damascus, arabic: دمشق, governorate: Damascus}
events:
  - id: capital
    date: 2011-03-15
    title: Protests in دمشق begin
    actors: [gov]
    places: [damascus]
    text: Crowds gathered in دمشق (Damascus).
    sources: [{publisher: Test Wire}]
"""


def test_a_known_word_is_shaped_and_reversed():
    assert bidi.display(DAMASCUS) == DAMASCUS_SHOWN
    assert bidi.display(f"Damascus ({DAMASCUS}), 2016") == f"Damascus ({DAMASCUS_SHOWN}), 2016"


def test_left_to_right_text_is_left_alone():
    text = "Rebels enter Aleppo (2012-07-19), 40% of the city"
    assert bidi.display(text) is text
    runs = [("Places: ", "bold"), ("Aleppo", "plain")]
    assert bidi.display_runs(runs) == runs


def test_numbers_and_brackets_in_right_to_left_runs():
    # digits keep their own order inside a reversed run; a bracket that ends up inside it is mirrored
    shown = bidi.display("حلب 2016 دمشق")
    assert shown.index("2016") > 0 and shown.endswith(bidi.display("حلب"))
    assert bidi.display("(حلب)") == "(" + bidi.display("حلب") + ")"
    assert bidi.display("حلب (دمشق)") == "(" + DAMASCUS_SHOWN + ") " + bidi.display("حلب")


def test_styled_runs_keep_their_styles():
    runs = [("Places: ", "bold"), (f"Aleppo ({DAMASCUS} ", "plain"), ("x", "hit")]
    out = bidi.display_runs(runs)
    assert out[0] == ("Places: ", "bold")
    assert "".join(text for text, _ in out) == f"Places: Aleppo ({DAMASCUS_SHOWN} x"
    assert out[-1] == ("x", "hit")
    # a style change inside an Arabic word: each letter keeps its style, in visual order
    split = bidi.display_runs([("دم", "a"), ("شق", "b")])
    assert [style for _, style in split] == ["b", "a"]


@pytest.mark.parametrize(
    "mode, env, on",
    [
        ("on", {"VTE_VERSION": "7600"}, True),
        ("off", {}, False),
        ("auto", {}, True),
        ("auto", {"VTE_VERSION": "7600"}, False),
        ("auto", {"VTE_VERSION": "5202"}, True),
        ("auto", {"KONSOLE_VERSION": "230805"}, False),
        ("auto", {"TERM": "mlterm"}, False),
    ],
)
def test_modes(mode, env, on):
    assert bidi.resolve(mode, env) is on


def test_the_command_line_defaults_to_on():
    from tui.cli import _app_parser
    from tui.cli.output import CommandError

    assert _app_parser().parse_args([]).bidi == "on"
    with pytest.raises(CommandError, match="invalid choice: 'sideways'"):  # one line, exit 2 (tests/test_commands.py)
        _app_parser().parse_args(["--bidi", "sideways"])


# python-bidi (the Rust unicode-bidi crate) is the reference for the visual order. Mirroring (L4)
# is left out of the comparison: python-bidi's Rust version does not mirror.
_ALPHABET = list("ab Z دمشق حلب 017 ١٢٣ .,:/-+%$#()[]«»!?") + ["\u064e", "\u00ad", "\u05d0", "\t", "\u2026"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_visual_order_matches_python_bidi(text):
    reference = pytest.importorskip("bidi")
    ours = "".join(text[i] for i in bidi.visual_order(text))
    assert ours == reference.get_display(text, base_dir="L")


# --------------------------------------------------------------------------- in the app


async def _open_event_screen(app):
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None and app.main_screen.event_list.rows:
                break
        event_list = app.main_screen.event_list
        row = "".join(segment.text for segment in event_list.render_line(1))
        await pilot.press("enter")
        await pilot.pause(0.05)
        body = app.screen.query_one("#event-full")
        lines = ["".join(s.text for s in body.render_line(y)) for y in range(body.size.height)]
        return row, "\n".join(lines)


@pytest.mark.parametrize("on", [True, False])
async def test_the_app_draws_arabic_shaped_only_with_bidi_on(write_yaml, on):
    app = TimelineApp(load(write_yaml(ARABIC_TIMELINE)), detail_delay=0.01, warm_search=False, bidi=on)
    row, body = await _open_event_screen(app)
    if on:
        assert f"Protests in {DAMASCUS_SHOWN} begin" in row
        assert f"Crowds gathered in {DAMASCUS_SHOWN} (Damascus)." in body
        assert f"Damascus ({DAMASCUS_SHOWN})" in body  # the place with its Arabic name
        assert DAMASCUS not in row + body
    else:
        assert f"Protests in {DAMASCUS} begin" in row
        assert f"Damascus ({DAMASCUS})" in body
        assert DAMASCUS_SHOWN not in row + body
    # the model is never touched: copies and exports read it
    assert app.timeline.events[0].title == f"Protests in {DAMASCUS} begin"


async def test_an_arabic_search_reads_right_in_the_filter_bar(write_yaml):
    app = TimelineApp(load(write_yaml(ARABIC_TIMELINE)), detail_delay=0.01, warm_search=False, bidi=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None and app.main_screen.event_list.rows:
                break
        await pilot.press("slash", *DAMASCUS, "enter")
        await pilot.pause(0.05)
        bar = str(app.main_screen.query_one("#filters").render())
        assert f"“{DAMASCUS_SHOWN}”" in bar and DAMASCUS not in bar


@pytest.mark.parametrize("fmt", ["json", "md", "csv"])
def test_exports_and_list_keep_the_text_as_written(write_yaml, capsys, fmt):
    from tui.cli import main

    path = write_yaml(ARABIC_TIMELINE)
    assert main(["export", "--format", fmt, "-o", "-", "--file", path]) == 0
    exported = capsys.readouterr().out
    assert main(["list", "--file", path]) == 0
    listed = capsys.readouterr().out
    for out in (exported, listed):
        assert f"Protests in {DAMASCUS} begin" in out
        assert DAMASCUS_SHOWN not in out and "\ufea9" not in out  # no presentation forms
    if fmt == "json":
        assert json.loads(exported)["events"][0]["title"] == f"Protests in {DAMASCUS} begin"


# --------------------------------------------------------------------------- search marks on reordered lines

PART = "مش"  # meem, sheen: the middle of دمشق
PART_SHOWN = DAMASCUS_SHOWN[1:3]  # as drawn: sheen, meem (medial forms), between qaf and dal


def underlined(strip) -> str:
    """The cells of a drawn line that are underlined, left to right."""
    return "".join(s.text for s in strip if s.style is not None and s.style.underline)


def test_marks_inside_a_word_keep_it_joined():
    runs = bidi.display_runs([("in د", "plain"), (PART, "hit"), ("ق now", "plain")])
    assert "".join(text for text, _ in runs) == bidi.display(f"in {DAMASCUS} now")  # drawn as if unmarked
    assert [text for text, style in runs if style == "hit"] == [PART_SHOWN]


@pytest.mark.parametrize("on", [True, False])
async def test_search_marks_follow_their_letters_when_bidi_reorders(write_yaml, on):
    app = TimelineApp(load(write_yaml(ARABIC_TIMELINE)), detail_delay=0.01, warm_search=False, bidi=on)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None and app.main_screen.event_list.rows:
                break
        await pilot.press("slash", *PART, "enter")
        await pilot.pause(0.3)
        row = app.main_screen.event_list.render_line(1)
        detail = app.main_screen.query_one("#detail")
        detail_lines = [detail.render_line(y) for y in range(detail.size.height)]
        await pilot.press("enter")
        await pilot.pause(0.1)
        body = app.screen.query_one("#event-full")
        body_lines = [body.render_line(y) for y in range(body.size.height)]
    row_text = "".join(s.text for s in row)
    if on:
        assert DAMASCUS_SHOWN in row_text  # still joined, in visual order
        assert underlined(row) == PART_SHOWN  # the matched letters, where they are drawn
        title = next(line for line in detail_lines if "Protests" in line.text)
        assert underlined(title) == PART_SHOWN and DAMASCUS_SHOWN in title.text
        text = next(line for line in body_lines if "Crowds" in line.text)
        assert underlined(text) == PART_SHOWN and DAMASCUS_SHOWN in text.text
    else:
        assert underlined(row) == PART and DAMASCUS in row_text


async def test_picker_marks_follow_arabic_letters_with_bidi_on(write_yaml):
    from textual.widgets import OptionList

    app = TimelineApp(load(write_yaml(ARABIC_TIMELINE)), detail_delay=0.01, warm_search=False, bidi=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None and app.main_screen.event_list.rows:
                break
        await pilot.press("p", *PART)
        await pilot.pause(0.3)
        options = app.screen.query_one("#picker-list", OptionList)
        prompt = options.get_option_at_index(0).prompt
        marked = "".join(prompt.plain[span.start:span.end] for span in prompt.spans if "underline" in str(span.style))
        assert marked == PART_SHOWN and DAMASCUS_SHOWN in prompt.plain
