"""Command palette (ctrl+p): jump to or filter by actors, places, eras, years and events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from .symbols import chrome

if TYPE_CHECKING:
    from textual.widget import Widget

    from .app import TimelineApp
    from .model import Timeline
    from .query import Index
    from .screens.main import MainScreen

# what the palette offers: (shown as, the words it is also found by, what it does, its help text)
Entry = tuple[str, str, Callable[[], object], str]


def _literal(text: str) -> Content:
    """Timeline text for the palette: never parsed as markup (a title "[/]" or "[@click=app.quit]"
    would raise MarkupError or become an action; plain strings given to Hit/DiscoveryHit are markup).
    `Hit.help` is annotated `str`, but Textual draws it through `Content.from_markup`, which takes
    a Content as it is: the type ignores on `help=` say that (Textual's annotation is too narrow)."""
    return Content(text)


def _highlight(matcher: Matcher, text: str) -> Content:
    """Like Matcher.highlight, but on literal text (Matcher.highlight parses its argument as markup)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


EVENT_HITS = 30  # events offered for a query (found through the search index)


def _run(target: Widget, action: str) -> None:
    """Run a keymap action on its widget once the palette has closed."""
    target.app.call_later(target.run_action, action)


class TimelineCommands(Provider):
    """Every action of the keymap (with its key), every filter value (actors, tags, places,
    dates by era and year) and the events. All but the events are built once per timeline and
    kept on the app; events are found through the search index, never scanned per keystroke."""

    @property
    def timeline_app(self) -> TimelineApp:
        """The app, typed: this provider is only ever given to TimelineApp (its COMMANDS)."""
        return cast("TimelineApp", self.app)

    def _entries(self) -> list[Entry]:
        app = self.timeline_app
        main, timeline = app.main_screen, app.timeline
        if main is None or timeline is None or app.index is None:
            return []
        cached = app.palette_entries
        if cached is not None and cached[0] is timeline and cached[1] is main:
            return cached[2]
        entries = _build(main, timeline, app.index)
        app.palette_entries = (timeline, main, entries)
        return entries

    def _removals(self) -> list[Entry]:
        """"Remove filter: …" for each filter active now (Session.removable): never cached."""
        app = self.timeline_app
        main, session = app.main_screen, app.session
        if main is None or session is None:
            return []
        return [(f"Remove filter: {r.label}", r.label, partial(main.remove_filter, r.key), "backspace undoes") for r in session.removable()]

    async def discover(self) -> Hits:
        for display, _, callback, help_text in self._removals() + self._entries()[:40]:
            yield DiscoveryHit(_literal(display), callback, text=display, help=_literal(help_text))  # type: ignore[arg-type]  # help is Content: see _literal

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for display, names, callback, help_text in self._removals() + self._entries():
            score = max(matcher.match(display), matcher.match(names) * 0.9)
            if score > 0:
                yield Hit(score, _highlight(matcher, display), callback, text=display, help=_literal(help_text))  # type: ignore[arg-type]  # help is Content: see _literal
        for display, callback, help_text in self._events(query):
            score = matcher.match(display) or 0.2  # every word is in the event, if not in its title
            yield Hit(score, _highlight(matcher, display), callback, text=display, help=_literal(help_text))  # type: ignore[arg-type]  # help is Content: see _literal

    def _events(self, query: str) -> Iterator[tuple[str, Callable[[], object], str]]:
        app = self.timeline_app
        main, timeline = app.main_screen, app.timeline
        if main is None or timeline is None or app.index is None or len(query.strip()) < 2:
            return
        from . import query as q
        from .search_fold import fold

        words = fold(query).split()
        for noise in ("event", "event:"):  # "Event: …" typed as it is shown
            if words and words[0] == noise:
                words = words[1:]
        if not words:
            return
        for i in q.search(app.index, " ".join(words))[:EVENT_HITS]:
            event = timeline.events[i]
            yield f"Event: {event.title}", partial(main.goto_event, i), str(event.date)


def _build(main: MainScreen, timeline: Timeline, index: Index) -> list[Entry]:
    from . import query as q
    from .keys import LIST_KEYS, MAIN_KEYS, label

    entries: list[Entry] = []
    for key in MAIN_KEYS + LIST_KEYS:
        target: Widget = main.event_list if key in LIST_KEYS else main
        entries.append((key.description, f"{key.description} {key.action}", partial(_run, target, key.action), label(key)))
    actor_counts = q.actor_counts(index)
    for actor in sorted(timeline.actors.values(), key=lambda a: -actor_counts.get(a.id, 0)):
        names = " ".join(actor.all_names)
        entries.append((f"Filter by actor: {actor.name}", names, partial(main.filter_by, actors=(actor.id,)), f"{actor_counts.get(actor.id, 0)} events"))
    for tag, count in sorted(q.tag_counts(index).items(), key=lambda kv: (-kv[1], kv[0])):
        entries.append((f"Filter by tag: {tag}", tag, partial(main.filter_by, tags=(tag,)), f"{count} events"))
    place_counts = q.place_counts(index)
    for place in sorted(timeline.places.values(), key=lambda p: -place_counts.get(p.id, 0)):
        entries.append((f"Filter by place: {place.name}", f"{place.name} {place.arabic}", partial(main.filter_by, places=(place.id,)), place.governorate or place.country))
    for era in timeline.eras:
        entries.append((f"Filter by era: {era.title}", era.title, partial(main.filter_by, date_from=era.start, date_to=era.end), chrome(f"{era.start} – {era.end}") if era.end else f"from {era.start}"))
        entries.append((f"Go to era: {era.title}", era.title, partial(main.goto_text, era.start.iso()), f"from {era.start}"))
    for year in timeline.years():
        entries.append((f"Filter by year: {year}", str(year), partial(main.filter_by_year, year), ""))
        entries.append((f"Go to year {year}", str(year), partial(main.goto_text, str(year)), ""))
    return entries
