"""The keymap: every action named once, with its keys, its words and its group.

Screens build their BINDINGS from here and the help screen lists it, so a key is
defined in exactly one place. No Textual here.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Key(NamedTuple):
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    group: str
    show: bool = False  # shown in the footer
    label: str = ""  # how the key is written for people, when the key name is not obvious


LIST_KEYS = (
    Key("down,j", "cursor_down", "Next event", "Move"),
    Key("up,k", "cursor_up", "Previous event", "Move"),
    Key("pagedown,space", "page_down", "Page down", "Move", label="PgDn Space"),
    Key("pageup,b", "page_up", "Page up", "Move", label="PgUp b"),
    Key("ctrl+d", "half_page_down", "Half a page down", "Move", label="ctrl+d"),
    Key("ctrl+u", "half_page_up", "Half a page up", "Move", label="ctrl+u"),
    Key("home,g", "first", "First event", "Move", label="Home g"),
    Key("end,G", "last", "Last event", "Move", label="End G"),
    Key("right_square_bracket", "next_year", "Next year", "Move", label="]"),
    Key("left_square_bracket", "prev_year", "Previous year", "Move", label="["),
)

MAIN_KEYS = (
    Key("right_curly_bracket", "next_era", "Next era", "Move", label="}"),
    Key("left_curly_bracket", "prev_era", "Previous era", "Move", label="{"),
    Key("enter", "open_event", "Open event", "Read", show=True),
    Key("a", "pick_actors", "Actors", "Filter", show=True),
    Key("t", "pick_tags", "Tags", "Filter"),
    Key("p", "pick_places", "Places", "Filter"),
    Key("d", "date_range", "Dates", "Filter"),
    Key("c", "clear_filters", "Clear", "Filter", show=True),
    Key("x", "remove_filter", "Remove one filter (a click on it in the bar too)", "Filter"),
    Key("ctrl+f", "toggle_filters", "Filters on/off", "Filter", label="ctrl+f"),
    Key("backspace", "undo_filters", "Undo the last filter change", "Filter", label="backspace"),
    Key("slash", "search", "Search", "Find", show=True, label="/"),
    Key("ampersand", "keep_hits", "Keep only the hits (again: all)", "Find", label="&"),
    Key("n", "next_hit", "Next hit", "Find"),
    Key("N", "prev_hit", "Previous hit", "Find"),
    Key("colon", "goto_date", "Go to date", "Find", label=":"),
    Key("z", "zoom_in", "Zoom strip to months", "Find"),
    Key("Z", "zoom_out", "Zoom strip to years", "Find"),
    Key("m", "bookmark", "Bookmark", "Bookmarks"),
    Key("apostrophe", "list_bookmarks", "List bookmarks", "Bookmarks", label="'"),
    Key("u", "next_bookmark", "Next bookmark", "Bookmarks"),
    Key("U", "prev_bookmark", "Previous bookmark", "Bookmarks"),
    Key("y", "copy_citation", "Copy citation", "Read"),
    Key("question_mark", "help", "Help", "App", show=True, label="?"),
    Key("q", "quit", "Quit", "App", show=True),
    Key("ctrl+z", "app.suspend_process", "Suspend (fg resumes)", "App", label="ctrl+z"),
    Key("v", "toggle_map", "Map on/off (Tab moves into it)", "Map"),
    Key("i", "toggle_detail", "Detail pane on/off (the list alone: fewer bytes a key)", "Read"),
)

EVENT_KEYS = (
    Key("escape,q", "back", "Back", "Event screen", show=True, label="Esc q"),
    Key("tab", "related", "Related events", "Event screen", show=True, label="Tab"),
    Key("j", "scroll_body(1)", "Scroll down", "Event screen", label="j ↓ PgDn Space"),
    Key("k", "scroll_body(-1)", "Scroll up", "Event screen", label="k ↑ PgUp b"),
    Key("y", "copy_citation", "Copy citation", "Event screen", show=True),
    Key("Y", "copy_source", "Copy a source's URL", "Event screen"),
)

# the event screen's text, when it has the focus (the help lists them under EVENT_KEYS' labels)
BODY_KEYS = (
    Key("down", "scroll_lines(1)", "Scroll down", "Event screen"),
    Key("up", "scroll_lines(-1)", "Scroll up", "Event screen"),
    Key("pagedown,space", "scroll_page(1)", "Page down", "Event screen"),
    Key("pageup,b", "scroll_page(-1)", "Page up", "Event screen"),
    Key("home", "scroll_home", "Top", "Event screen"),
    Key("end", "scroll_end", "Bottom", "Event screen"),
)

# the map pane, when it has the focus (Tab or a click gives it); the four arrows share their
# label and words, so the help shows them as one row
MAP_ARROWS = ("left", "right", "up", "down")
MAP_KEYS = (
    *(Key(way, f"step('{way}')", "Nearest place that way", "Map", label="← → ↑ ↓") for way in MAP_ARROWS),
    Key("enter", "choose", "Filter by the place", "Map", label="Enter"),
    Key("z,plus,equals_sign", "zoom(1)", "Zoom in: governorate, city", "Map", label="z +"),
    Key("Z,minus", "zoom(-1)", "Zoom out", "Map", label="Z -"),
    Key("escape", "leave", "Back to the list", "Map", label="Esc"),
)

PICKER_KEYS = (
    Key("tab", "toggle_pick", "Pick/unpick", "Pickers", show=True),
    Key("enter", "apply", "Apply", "Pickers", show=True),
    Key("ctrl+t", "toggle_mode", "Any/All", "Pickers", show=True, label="ctrl+t"),
    Key("ctrl+o", "toggle_quoted", "Actors: parties only / also where quoted", "Pickers", label="ctrl+o"),
    Key("ctrl+r", "clear_picks", "Clear picks", "Pickers", label="ctrl+r"),
    Key("escape", "cancel", "Cancel", "Pickers", show=True, label="Esc"),
)

# Actions that move within the main list and never open or close anything: their keys flow on
# without waiting for the screen to settle (tui/keyflow.py), so a held ↓ stays cheap.
INLINE_ACTIONS = frozenset({
    "cursor_down", "cursor_up", "page_down", "page_up", "half_page_down", "half_page_up", "first", "last", "next_year", "prev_year",
    "next_era", "prev_era", "next_hit", "prev_hit", "zoom_in", "zoom_out",
    "bookmark", "next_bookmark", "prev_bookmark", "copy_citation", "clear_filters", "toggle_filters", "undo_filters",
    "keep_hits",
})

ALL_GROUPS = (LIST_KEYS, MAIN_KEYS, MAP_KEYS, EVENT_KEYS, PICKER_KEYS)


def bindings(keys: tuple[Key, ...]) -> list[Any]:
    """Textual BINDINGS tuples (key, action, description, show) for a key group."""
    from textual.binding import Binding

    return [
        Binding(k.keys, k.action, k.description, show=k.show, key_display=k.label.split()[0] if k.label else None)
        for k in keys
    ]


def label(key: Key) -> str:
    if key.label:
        return key.label
    names = {"down": "↓", "up": "↑", "enter": "Enter", "escape": "Esc", "tab": "Tab"}
    return " ".join(names.get(k, k) for k in key.keys.split(","))
