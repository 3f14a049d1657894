"""Command palette (ctrl+p): jump to or filter by actors, places, eras, years and events."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content


def _literal(text: str) -> Content:
    """Timeline text for the palette: never parsed as markup (a title "[/]" or "[@click=app.quit]"
    would raise MarkupError or become an action; plain strings given to Hit/DiscoveryHit are markup)."""
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


class TimelineCommands(Provider):
    """Everything in the timeline a reader might name."""

    def _entries(self):
        app = self.app
        main = getattr(app, "main_screen", None)
        timeline = getattr(app, "timeline", None)
        if main is None or timeline is None or app.index is None:
            return []
        from . import query as q

        counts = q.actor_counts(app.index)
        entries = [("Map on/off", "map places where", main.action_toggle_map, "v")]
        for actor in timeline.actors.values():
            names = " ".join(actor.all_names)
            entries.append((f"Filter by actor: {actor.name}", names, partial(main.filter_by, actors=(actor.id,)), f"{counts.get(actor.id, 0)} events"))
        for place in timeline.places.values():
            entries.append((f"Filter by place: {place.name}", f"{place.name} {place.arabic}", partial(main.filter_by, places=(place.id,)), place.governorate or place.country))
        for era in timeline.eras:
            entries.append((f"Go to era: {era.title}", era.title, partial(main.goto_text, era.start.iso()), f"from {era.start}"))
        for year in timeline.years():
            entries.append((f"Go to year {year}", str(year), partial(main.goto_text, str(year)), ""))
        for i, event in enumerate(timeline.events):
            entries.append((f"Event: {event.title}", f"{event.title} {event.date}", partial(main.goto_event, i), str(event.date)))
        return entries

    async def discover(self) -> Hits:
        for display, _, callback, help_text in self._entries()[:0] or self._discovery():
            yield DiscoveryHit(_literal(display), callback, text=display, help=_literal(help_text))

    def _discovery(self):
        return [entry for entry in self._entries() if not entry[0].startswith("Event: ")][:40]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for display, names, callback, help_text in self._entries():
            score = max(matcher.match(display), matcher.match(names) * 0.9)
            if score > 0:
                yield Hit(score, _highlight(matcher, display), callback, text=display, help=_literal(help_text))
