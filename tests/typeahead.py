"""Helpers to type ahead at Pilot level: keys posted to the app at once, as one read from the
terminal delivers them, without waiting for the screen between them."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

CHARS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "backspace": "\x7f"}


def key_event(key: str) -> events.Key:
    """`"q"`, `"/"`, `"enter"`, `"down"`, `"ctrl+p"` → the Key event a terminal read would give."""
    if len(key) == 1:
        return events.Key(_character_to_key(key), key)
    return events.Key(key, CHARS.get(key))


def keys_of(script: str | list[str]) -> list[str]:
    """A script is a list of keys, or a string of single characters."""
    return list(script) if isinstance(script, str) else script


async def settle(pilot, quiet_for: float = 0.2, limit: float = 8.0) -> None:
    """Wait until every key has gone where it belongs and the work it started is done (no key
    held, no worker running, for longer than the search prompt's debounce)."""
    app = pilot.app
    step, quiet, waited = 0.01, 0.0, 0.0
    while waited < limit:
        await pilot.pause(step)
        waited += step
        if getattr(app, "_exit", False):
            return
        busy = app.keys_waiting or any(not w.is_finished for w in app.workers) or _timer_pending(app)
        quiet = 0.0 if busy else quiet + step
        if quiet >= quiet_for:
            return


def _timer_pending(app) -> bool:
    """The live search waits for a pause in typing (a timer); under load it may fire late."""
    main = app.main_screen
    timer = getattr(main, "_search_timer", None)
    task = getattr(timer, "_task", None)
    return task is not None and not task.done()


async def burst(pilot, script: str | list[str]) -> None:
    """All the keys in one go: posted before the app has handled the first."""
    for key in keys_of(script):
        pilot.app.post_message(key_event(key))
    await settle(pilot)


async def one_by_one(pilot, script: str | list[str]) -> None:
    """The same keys with the screen settled after each."""
    for key in keys_of(script):
        pilot.app.post_message(key_event(key))
        await settle(pilot)


def snapshot_state(app) -> dict:
    """What the reader sees and keeps: screens, cursor event, filters, search, prompt, bookmarks."""
    main = app.main_screen
    if main is None:
        return {"main": None, "exited": bool(getattr(app, "_exit", False))}
    listing = main.event_list
    current = listing.current_event
    prompt = main.query("#prompt")
    return {
        "exited": bool(getattr(app, "_exit", False)),
        "screens": [type(s).__name__ for s in app.screen_stack],
        "event": app.timeline.events[current].id if current >= 0 else None,
        "filters": repr(main.session.filters),
        "paused": repr(main.session.paused),
        "search": main.session.search_text,
        "hits": list(main.session.hits),
        "prompt": (main.prompt_mode, prompt.first().value) if prompt and prompt.first().display else None,
        "bookmarks": list(app.session.bookmarks),
        "shown": len(main.session.shown),
    }
