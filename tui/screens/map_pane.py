"""The main screen's map pane (v): shown beside the list, fed the shown events, the search hits
and the cursor's event; a place picked on it filters the list. A mixin, so the main screen
only calls `map_follow` where its state changes. The map is made when first shown."""

from __future__ import annotations


class MapPane:
    """Mixed into MainScreen; reads its `session` (shown events, search, hits) and `event_list`."""

    def _map(self):
        found = self.query("#map")  # by its id: the map's module is imported when it is first shown
        return found.first() if found else None

    async def action_toggle_map(self) -> None:
        view = self._map()
        if view is None:
            from ..widgets.map import MapView

            view = MapView(id="map")
            await self.query_one("#body").mount(view, before="#detail")  # mounted before the next key
        elif view.display:
            if view.has_focus:
                self.set_focus(self.event_list)
            view.display = False
            self.remove_class("-map")
            return
        view.display = True
        self.add_class("-map")
        self.call_after_refresh(self.map_follow)

    def map_follow(self) -> None:
        """Show the current filters, search hits and cursor on the map, when it is on."""
        view = self._map()
        session = self.app.session
        if view is None or not view.display or session is None:
            return
        searching = bool(session.search_text and session.hits)
        shown = session.hits if searching else session.shown
        current = self.event_list.current_event
        here = session.timeline.events[current].places if current >= 0 else ()
        view.show(session.timeline, session.index.by_place, shown, here, "hits" if searching else "events")

    def on_map_view_chosen(self, message) -> None:
        names = ", ".join(self.app.timeline.place_name(p) for p in message.place_ids)
        self.filter_by(places=tuple(message.place_ids))
        self.notify(f"Filtered by place: {names} (c clears, p picks places)", markup=False, timeout=3)

    def on_map_view_left(self, message) -> None:
        self.set_focus(self.event_list)
