"""The symbols the app draws with: one table, chosen once at start (no Textual here).

A UTF-8 locale gets the Unicode table; any other (LANG=C, LC_ALL=C, a Latin-1 locale) gets
plain ASCII, so nothing shows as `?` or mojibake. The command line chooses (tui/cli/app_command.py
from the locale), the app sets it before its first paint, and every widget reads `S`.
Text from the timeline is data and is never changed here.
"""

from __future__ import annotations

from typing import NamedTuple


class Symbols(NamedTuple):
    name: str
    cursor: str  # the event under the cursor, in the list
    bookmark: str  # a bookmarked event
    hit: str  # a search hit
    rule: str  # the line of a year header
    blocks: str  # nine levels, empty to full, for the overview strip
    here_empty: str  # the cursor's bucket when it has no events
    era_start: str
    era_end: str
    era_fill: str
    more_above: str  # the detail pane's scroll marks
    more_below: str
    bullet: str  # a claim
    arrow: str  # a related event
    dot: str  # between words in a line
    ellipsis: str
    enter: str  # the Enter key in the footer
    dash: str  # between the filters and the count
    remove: str  # after a filter in the bar: a click takes it off


UNICODE = Symbols("unicode", "▶", "★", "•", "─", " ▁▂▃▄▅▆▇█", "▔", "├", "┤", "─", "▲", "▼", "•", "→", "·", "…", "⏎", "—", "×")
ASCII = Symbols("ascii", ">", "*", "+", "-", " .:-=+*#@", "^", "[", "]", "-", "^", "v", "*", "->", "|", "...", "Enter", "-", "x")
TABLES = {s.name: s for s in (UNICODE, ASCII)}

S = UNICODE  # the table in use; `use` sets it once at start


def use(name: str) -> Symbols:
    """Choose the table (`unicode` or `ascii`) for this run."""
    global S
    S = TABLES[name]
    return S


# the app's own words (help, pickers, palette) use these; outside UTF-8 they are spelled in ASCII
CHROME = {"·": "dot", "—": "dash", "…": "ellipsis"}
ASCII_WORDS = {"–": "-", "↓": "Down", "↑": "Up", "←": "Left", "→": "Right"}


def chrome(text: str) -> str:
    """The app's own words (never timeline text) with the table in use: in ASCII, their dots,
    dashes, ellipses and arrows spelled with ASCII characters."""
    if S.name != "ascii":
        return text
    for symbol, field in CHROME.items():
        text = text.replace(symbol, getattr(S, field))
    for symbol, word in ASCII_WORDS.items():
        text = text.replace(symbol, word)
    return text


def for_locale(environ=None) -> str:
    """`ascii` when the terminal's locale is not UTF-8 (as the map reads it), else `unicode`."""
    from .safetext import is_utf8_locale

    return "unicode" if is_utf8_locale(environ) else "ascii"
