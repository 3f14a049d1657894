"""Type-ahead at Pilot level (issue 11): keys posted all at once, before the app has handled the
first, end in the same state as the same keys given one by one with the screen settled between."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tui.app import TimelineApp
from tui.timeline_file import builtin_path, load

from conftest import MINI, builtin, make_app
from typeahead import burst, key_event, one_by_one, settle, snapshot_state

SIZE = (80, 24)


def typeahead_app(tmp_path, source, name: str) -> TimelineApp:
    """An app of its own (state in tmp_path/name), with no search index warmed behind the keys."""
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    return make_app(folder, source, warm_search=False)


async def final_state(tmp_path, script, mode: str, source=None) -> dict:
    app = typeahead_app(tmp_path, source if source is not None else builtin(), mode)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await (burst if mode == "burst" else one_by_one)(pilot, script)
        return snapshot_state(app)


# Every row of the table, and a flow through each prompt, picker and screen.
CASES = {
    "qt quits": "qt",
    "qa quits": "qa",
    "qp quits": "qp",
    "q: quits": "q:",
    "/quneitra searches": "/quneitra",
    "/palmyra searches": "/palmyra",
    ":2016-12 Enter goes to the date": [*":2016-12", "enter"],
    "search, Enter, n, n": [*"/aleppo", "enter", "n", "n"],
    "actor picker": [*"ahts", "enter", "j"],
    "tag picker with Tab": [*"tsiege", "tab", "enter", "G"],
    "place picker": [*"pidlib", "enter", "k"],
    "date range": [*"d2016", "enter", "j"],
    "bookmarks and their list": ["m", "j", "m", "'", "enter"],
    "help and back": ["?", "escape", "j", "j"],
    "event screen, related, back twice": ["G", "enter", "tab", "enter", "escape", "escape", "k"],
    "event screen q goes back": ["enter", "j", "q", "j"],
    "palette then escape": ["ctrl+p", *"alep", "escape", "j"],
    "escape leaves the prompt": [*"/idlib", "escape", "j", "j"],
    "search kept as a filter, undone": [*"/aleppo -siege", "enter", "&", "j", "backspace", "j"],
    "search kept as a filter, removed by &": [*'/"east aleppo"', "enter", "&", "G", "&", "k"],
    "x removes one filter": [*"tsiege", "enter", *"ahts", "enter", "x", "enter", "j"],
    "x, narrowed, removes the tag": [*"tsiege", "enter", *"ahts", "enter", "x", *"tag", "enter", "k"],
    "x then backspace undoes": [*"d2016", "enter", *"pidlib", "enter", "x", "down", "enter", "backspace", "G"],
    "x escape keeps the filters": [*"tsiege", "enter", "x", "escape", "j"],
}


@pytest.mark.parametrize("script", list(CASES.values()), ids=list(CASES))
async def test_burst_equals_one_by_one(tmp_path, script):
    fast = await final_state(tmp_path, script, "burst")
    slow = await final_state(tmp_path, script, "slow")
    assert fast == slow


async def test_quitting_is_final(tmp_path):
    for script in ("qt", "q:", "qa", "q?", ["q", "enter"], ["q", "ctrl+p"]):
        state = await final_state(tmp_path, script, "burst")
        assert state["exited"] is True
        assert state["screens"] == ["MainScreen"], script  # nothing was pushed after q


async def test_named_rows_do_what_the_reader_meant(tmp_path):
    state = await final_state(tmp_path, "/quneitra", "burst")
    assert state["prompt"] == ("search", "quneitra") and state["search"] == "quneitra" and state["exited"] is False
    state = await final_state(tmp_path, "/palmyra", "burst")
    assert state["prompt"] == ("search", "palmyra") and state["screens"] == ["MainScreen"]
    state = await final_state(tmp_path, [*":2016-12", "enter"], "burst")
    event = builtin().events[builtin().index_of(state["event"])]
    assert (event.date.year, event.date.month) == (2016, 12) and state["screens"] == ["MainScreen"]


async def test_ampersand_keeps_only_the_hits(tmp_path):
    state = await final_state(tmp_path, [*"/aleppo -siege", "enter", "&"], "burst")
    assert "search='aleppo -siege'" in state["filters"] and state["shown"] == len(state["hits"]) > 0
    state = await final_state(tmp_path / "again", [*"/aleppo -siege", "enter", "&", "&"], "burst")  # its own saved state
    assert "search=''" in state["filters"] and state["shown"] == len(builtin().events)


async def test_keys_typed_while_starting_are_kept(tmp_path):
    """Keys that arrive before the list is there wait for it; none is lost or goes elsewhere."""
    app = typeahead_app(tmp_path, builtin_path(), "early")  # a path: the app loads it in a worker
    async with app.run_test(size=SIZE) as pilot:
        for key in [*"/aleppo", "enter"]:
            app.post_message(key_event(key))
        await settle(pilot)
        early = snapshot_state(app)
    slow = await final_state(tmp_path, [*"/aleppo", "enter"], "slow")
    assert early["search"] == "aleppo" and early["screens"] == ["MainScreen"]
    assert early == slow


async def test_x_does_what_the_reader_meant_and_waits_for_the_start(tmp_path):
    """x Enter takes off the first filter listed (the actor); typed while the app is still
    loading, the same keys end the same way."""
    script = [*"tsiege", "enter", *"ahts", "enter", "x", "enter"]
    state = await final_state(tmp_path, script, "burst")
    assert "actors=()" in state["filters"] and "tags=('siege',)" in state["filters"] and state["screens"] == ["MainScreen"]
    app = typeahead_app(tmp_path, builtin_path(), "early-x")  # a path: the app loads it in a worker
    async with app.run_test(size=SIZE) as pilot:
        for key in script:
            app.post_message(key_event(key))
        await settle(pilot)
        early = snapshot_state(app)
    assert early == await final_state(tmp_path, script, "slow")


async def test_keys_behind_a_picker_wait_for_its_result(tmp_path, monkeypatch):
    """Textual hands a picker's result to the screen below later, through that screen's queue.
    Made slow here (as a loaded machine may make it), the keys typed behind the picker's Enter
    still wait for it: backspace undoes the removal, not the change before it."""
    from textual.screen import ResultCallback

    def later(self, result):
        if self.requester is not None and self.callback is not None:
            self.requester.set_timer(0.3, partial(self.callback, result))
        self.callback = None

    script = [*"tsiege", "enter", *"ahts", "enter", "x", "down", "enter", "backspace", "j"]
    slow = await final_state(tmp_path, script, "slow")
    monkeypatch.setattr(ResultCallback, "__call__", later)
    fast = await final_state(tmp_path, script, "burst")
    assert fast == slow
    assert "tags=('siege',)" in fast["filters"] and "actors=('hts',)" in fast["filters"]


async def test_paste_goes_to_the_prompt_opened_before_it(tmp_path):
    from textual import events

    app = typeahead_app(tmp_path, builtin(), "paste")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(key_event("/"))
        app.post_message(events.Paste("idlib"))
        await settle(pilot)
        assert snapshot_state(app)["prompt"] == ("search", "idlib")


KEYS = ["j", "k", "down", "up", "G", "g", "]", "[", "}", "{", "/", "i", "d", "l", "b", ":", "2", "0", "1", "6",
        "enter", "escape", "a", "t", "p", "tab", "n", "N", "m", "'", "?", "c", "ctrl+f", "z", "Z", "backspace", "x"]


@settings(max_examples=6, deadline=None, database=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(KEYS), min_size=3, max_size=8))
@example(["'", "tab", "N", "6", "6", "/", "6", "{"])  # found by this test: the live search moved the cursor by typing speed
async def test_random_type_ahead_matches_slow_replay(tmp_path_factory, script):
    tmp_path = tmp_path_factory.mktemp("random")
    fast = await final_state(tmp_path, script, "burst", source=load(MINI))
    slow = await final_state(tmp_path, script, "slow", source=load(MINI))
    assert fast == slow


async def test_while_a_big_file_loads_q_and_help_answer_and_other_keys_wait(tmp_path, monkeypatch):
    import threading

    import tui.app as app_module
    from tui.screens.help import HelpScreen

    release = threading.Event()
    real_open = app_module.open_timeline

    def slow_open(path, **kwargs):
        release.wait(10)
        return real_open(path, **kwargs)

    monkeypatch.setattr(app_module, "open_timeline", slow_open)
    app = typeahead_app(tmp_path, str(MINI), "loading")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert app.session is None  # still loading
        app.post_message(key_event("?"))
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)  # answered while the file loads
        for key in ["escape", "/", "r", "u", "s", "q"]:  # a search typed ahead: its q is text
            app.post_message(key_event(key))
        await pilot.pause(0.2)
        assert app.session is None and not app._exit and not isinstance(app.screen, HelpScreen)
        release.set()
        await settle(pilot)
        state = snapshot_state(app)
        assert state["prompt"] == ("search", "rusq") and not state["exited"]

    release.clear()
    app = typeahead_app(tmp_path, str(MINI), "quit-while-loading")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        app.post_message(key_event("q"))
        await pilot.pause(0.3)
        assert app._exit  # q first: quit without waiting for the file
        release.set()


ESCAPE_IN_ONE_READ = {
    "event screen closed, then a move": (b"\r\x1bj", ["enter", "escape", "j"]),
    "help closed, then two moves": (b"?\x1bjj", ["?", "escape", "j", "j"]),
    "search cancelled, then the end": (b"/idlib\x1bG", [*"/idlib", "escape", "G"]),
    "picker applied, Esc, a move": (b"tsiege\r\x1bk", [*"tsiege", "enter", "escape", "k"]),
    "search cancelled, a new search": (b"/abc\x1b/idlib", [*"/abc", "escape", *"/idlib"]),
    "search cancelled, the date prompt": (b"/abc\x1b:2016-12\r", [*"/abc", "escape", *":2016-12", "enter"]),
    "date prompt cancelled, quit": (b":20\x1bq", [*":20", "escape", "q"]),
    "date prompt cancelled, a search": (b":20\x1b/aleppo\r", [*":20", "escape", *"/aleppo", "enter"]),
    "event screen closed, opened again": (b"G\r\x1b\r", ["G", "enter", "escape", "enter"]),
    "prompt cancelled, filter undone": (b"d2016\r/x\x1b\x7f", [*"d2016", "enter", *"/x", "escape", "backspace"]),
    "range prompt cancelled, digits": (b"d20\x1b12", [*"d20", "escape", "1", "2"]),
    "help closed, page down": (b"?\x1b ", ["?", "escape", "space"]),
    "help closed, next year": (b"?\x1b]", ["?", "escape", "]"]),
    "picker cancelled, page up": (b"tsie\x1bb", [*"tsie", "escape", "b"]),
}


@pytest.mark.parametrize("typed, keys", list(ESCAPE_IN_ONE_READ.values()), ids=list(ESCAPE_IN_ONE_READ))
async def test_escape_and_a_key_in_one_read_are_two_keys(tmp_path, typed, keys):
    """Esc and the next key read together (typed ahead, or after a lag over SSH), through the
    parser the app's driver reads the terminal with (tui/terminal_input.py), end where the same
    keys given one by one end."""
    from tui.terminal_input import TypeAheadParser

    parser = TypeAheadParser()
    events = [*parser.feed(typed.decode()), *parser.feed("")]
    assert [event.key for event in events] == [key_event(key).key for key in keys]
    app = typeahead_app(tmp_path, builtin(), "read")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for event in events:
            app.post_message(event)
        await settle(pilot)
        fast = snapshot_state(app)
    slow = await final_state(tmp_path, keys, "slow")
    assert fast == slow


async def test_alt_and_a_letter_from_another_driver_are_escape_and_the_letter(tmp_path):
    """A driver that parses keys its own way (Windows) may still report Esc and a letter read
    together as alt+letter: the app binds no alt keys, so it is Esc and the letter."""
    from textual import events

    app = typeahead_app(tmp_path, builtin(), "alt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for event in [key_event("?"), events.Key("alt+j", "j"), key_event("j")]:
            app.post_message(event)
        await settle(pilot)
        fast = snapshot_state(app)
    assert fast == await final_state(tmp_path, ["?", "escape", "j", "j"], "slow")


# Keys typed while the `/`, `:` or `d` prompt is open: the main screen's keys are text there
# (q, a, c, ?, /, x, '), Enter and Esc are the prompt's, ctrl+f still pauses the filters, Tab
# moves the focus on. The footer shows what applies in the prompt; which key goes where must not
# change with it: each flow ends where it ends typed one by one, and where the reader meant.
PROMPT_FLOWS = {
    "date prompt takes the main keys as text": ([":", *"qac/?x'm&"], ("goto", "qac/?x'm&")),
    "range prompt takes them too": (["d", *"2016qa", "backspace", "backspace"], ("dates", "2016")),
    "search prompt takes them too": (["/", *"q?a:d'"], ("search", "q?a:d'")),
    "range applied, then a search": ([*"d2016", "enter", *"/aleppo"], ("search", "aleppo")),
    "a bad date stays, then Esc and a key": ([":", *"zzz", "enter", "escape", "j"], None),
    "a bad date is replaced by the next letters": ([":", *"zzz", "enter", *"2016-12"], ("goto", "2016-12")),
    "Enter on an empty date prompt keeps it": ([":", "enter", "j"], ("goto", "j")),
    "ctrl+f in the range prompt pauses the filters": ([*"tsiege", "enter", "d", "ctrl+f", *"2016"], ("dates", "2016")),
    # found by this test: typed fast, the live search (run after a pause in typing) moved the
    # cursor after the j typed behind Tab; now leaving the prompt runs the waiting search first
    "Tab leaves the search prompt for the list": (["/", *"ale", "tab", "j"], ("search", "ale")),
    "Esc in the range prompt, then the actor picker": (["d", *"201", "escape", *"ahts", "enter"], None),
}


@pytest.mark.parametrize("script, prompt", list(PROMPT_FLOWS.values()), ids=list(PROMPT_FLOWS))
async def test_keys_in_an_open_prompt_go_where_they_went(tmp_path, script, prompt):
    fast = await final_state(tmp_path, script, "burst")
    slow = await final_state(tmp_path, script, "slow")
    assert fast == slow
    assert fast["prompt"] == prompt and not fast["exited"]


@pytest.fixture
def loaded(monkeypatch):
    """A loaded machine (the full suite beside other work): now and then a message pump waits a
    little before its next message (seeded), so the app's pumps interleave in other orders."""
    import asyncio
    import random

    from textual.message_pump import MessagePump

    rnd = random.Random(11)
    handle = MessagePump._dispatch_message

    async def late(self, message):
        if rnd.random() < 0.3:
            await asyncio.sleep(rnd.random() * 0.01)
        return await handle(self, message)

    monkeypatch.setattr(MessagePump, "_dispatch_message", late)


async def test_under_load_keys_behind_a_picker_go_where_they_went(tmp_path, loaded):
    """Found under load (tests/test_typeahead_terminal.py's tag picker did not quit on q): the
    barrier held behind the picker's Enter was a message bubbling through the picker as it was
    dismissed, and Textual drops a message bubbling into a closing widget: every key after it
    (q) waited for ever. And Tab picked from the list before the letters typed ahead had
    narrowed it. Each run is an app of its own."""
    script = [*"tsiege", "tab", "enter", "G"]
    for run in range(3):
        state = await final_state(tmp_path / f"q{run}", [*script, "q"], "burst")
        assert state["exited"], run
    fast = await final_state(tmp_path, script, "burst")
    assert fast == await final_state(tmp_path, script, "slow")
    assert "tags=('siege',)" in fast["filters"]


async def test_keys_behind_a_long_search_wait_for_its_hits(tmp_path, monkeypatch):
    """A search that takes longer than a held key waits for the screen (a big file, a loaded
    machine): `n` typed behind Enter still steps through its hits, as typed one by one."""
    import time

    import tui.app as app_module
    from tui.session import Session

    find = Session.find

    def slow_find(self, text):
        if text == "aleppo":
            time.sleep(app_module.KEY_SETTLE_LIMIT + 0.3)
        return find(self, text)

    monkeypatch.setattr(Session, "find", slow_find)
    script = [*"/aleppo", "enter", "n", "n", "j"]
    fast = await final_state(tmp_path, script, "burst")
    assert fast == await final_state(tmp_path, script, "slow")
    assert fast["search"] == "aleppo" and fast["event"] != builtin().events[0].id


RESIZED = {
    "pages across a resize": ["pagedown", (120, 40), "pagedown", "space"],
    "pages held behind Esc, then a resize": ["enter", "escape", "pagedown", (60, 20), "pagedown"],
    "pages after a date, narrower": [":", *"2014", "enter", "pagedown", (60, 20), "pagedown"],
    "help, pages, wider": ["?", "escape", "pagedown", "pagedown", (120, 40), "pagedown", "pageup", "ctrl+d"],
}


@pytest.mark.parametrize("script", list(RESIZED.values()), ids=list(RESIZED))
async def test_a_resize_takes_its_place_among_the_keys(tmp_path, script):
    """The window resized between keys: the keys typed before it page by the old height, those
    after by the new, in one read as one by one (a resize waits behind the keys held before it)."""
    from textual.events import Resize
    from textual.geometry import Size

    async def run(mode):
        app = typeahead_app(tmp_path, builtin(), mode)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for step in script:
                if isinstance(step, tuple):
                    size = Size(*step)
                    app._driver._size = size  # as Pilot.resize_terminal does, without waiting
                    app.post_message(Resize(size, size))
                else:
                    app.post_message(key_event(step))
                if mode == "slow":
                    await settle(pilot)
            await settle(pilot)
            return snapshot_state(app), app.size

    fast, slow = await run("burst"), await run("slow")
    assert fast == slow
    assert fast[1] == Size(*[step for step in script if isinstance(step, tuple)][-1])
