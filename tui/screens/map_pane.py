"""The main screen's map pane (v): shown beside the list, fed the shown events, the search hits
and the cursor's event. A part the main screen holds (`MainScreen.map_pane`), not a mixin: the
screen calls `follow` where its state changes and handles the map's messages (a place picked
filters the list). The map widget is made when first shown (its module too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..widgets.map import MapView
    from .main import MainScreen


class MapPane:
    """The map beside the main screen's list: made, shown, hidden and kept up to date."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def view(self) -> MapView | None:
        """The map widget, once it has been made (found by its id: the map's module is imported
        when the map is first shown, not at start-up, when `follow` first asks)."""
        found = self.screen.query("#map")
        return found.first() if found else None  # type: ignore[return-value]

    async def toggle(self) -> None:
        screen = self.screen
        view = self.view
        if view is None:
            from ..widgets.map import MapView

            view = MapView(id="map")
            await screen.query_one("#body").mount(view, before="#detail")  # mounted before the next key
        elif view.display:
            if view.has_focus:
                screen.set_focus(screen.event_list)
            view.display = False
            screen.remove_class("-map")
            return
        view.display = True
        screen.add_class("-map")
        screen.call_after_refresh(self.follow)

    def follow(self) -> None:
        """Show the current filters, search hits and cursor on the map, when it is on."""
        view = self.view
        session = self.screen.app.session
        if view is None or not view.display or session is None:
            return
        searching = bool(session.search_text and session.hits)
        shown = session.hits if searching else session.shown
        current = self.screen.event_list.current_event
        here = session.timeline.events[current].places if current >= 0 else ()
        view.show(session.timeline, session.index.by_place, shown, here, "hits" if searching else "events")
