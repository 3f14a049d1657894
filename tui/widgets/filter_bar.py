"""The filter bar: what is filtered, and how many events match, in words, fitted to every width."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from .. import bidi, symbols
from .strips import cut, uses_bidi


def _cut_search(extra: str, width: int) -> str:
    """The search status in `width` cells: the quoted search text is shortened first, so the
    "hit i of k" stays."""
    if cell_len(extra) <= width:
        return extra
    match = re.fullmatch(r"([“\"])(.*)([”\"])(.*)", extra)
    if match:
        room = width - cell_len(match.group(4)) - 2
        if room >= 2:
            return f"{match.group(1)}{cut(match.group(2), room)}{match.group(3)}{match.group(4)}"
    return cut(extra, width)


def bar_text(width: int, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False, shown_as=str) -> Text:
    """The filter bar's line in `width` cells. The count and the search status always show:
    the hint goes first, then the filter text is shortened (with …), then the words around it,
    then the search text."""
    S = symbols.S
    if S.name == "ascii":
        extra = extra.replace("“", '"').replace("”", '"')
    filters = " · ".join(parts).replace("·", S.dot)
    hint = "  ·  no filters (a actors, t tags, p places, d dates)" if not parts and not paused and not extra else ""
    layouts = (  # (paused prefix, label, count, separator before the search, hint, shortest filter text)
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", hint, None),
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", "", None),
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", "", 12),
        ("Filters OFF: ", "", "  —  {shown} of {total} events", "  ·  ", "", 8),
        ("OFF: ", "", " — {shown}/{total}", " · ", "", 4),
        ("OFF: ", "", " {shown}/{total}", " ", "", 1),
    )
    for prefix, label, count, separator, hint_text, shortest in layouts:
        count, separator, hint_text = (t.replace("—", S.dash).replace("·", S.dot) for t in (count, separator, hint_text))
        prefix = prefix if paused else ""
        if parts:
            head, tail = prefix + label, count.format(shown=f"{shown:,}", total=f"{total:,}")
        else:
            head, tail = prefix + f"All {total:,} events" if "events" in count else prefix + f"All {total:,}", ""
        rest = (separator + extra if extra else "") + hint_text
        room = width - cell_len(head) - cell_len(tail) - cell_len(rest)
        if parts:
            if shortest is None and room < cell_len(filters):
                continue
            if shortest is not None and room < min(shortest, cell_len(filters)):
                continue
            shown_filters = cut(filters, room)
        elif room < 0:
            continue
        else:
            shown_filters = ""
        break
    else:  # the narrowest layout, the search text shortened to what is left
        shown_filters = symbols.S.ellipsis if parts else ""
        budget = width - cell_len(head) - cell_len(shown_filters) - cell_len(tail) - cell_len(separator)
        rest = (separator + _cut_search(extra, max(0, budget))) if extra and budget > 0 else ""
    text = Text()
    if paused:
        text.append(prefix, style="bold")
    if parts:
        text.append(head[len(prefix):], style="bold")
        text.append(shown_as(shown_filters))
        text.append(tail, style="bold")
    else:
        text.append(head[len(prefix):], style="bold")
    if extra and rest.startswith(separator):
        text.append(separator)
        text.append(shown_as(rest[len(separator):]), style="bold")
    if hint_text and rest.endswith(hint_text):
        text.append(hint_text, style="dim")
    text.truncate(width, overflow="ellipsis")
    return text


class FilterBar(Static):
    """What is filtered and how many events match, in words (never colour alone); fitted to
    its width at every size (bar_text)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar: tuple[list[str], int, int, str, bool] = ([], 0, 0, "", False)

    def show(self, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False) -> None:
        bar = (list(parts), shown, total, extra, paused)
        if bar != self._bar:
            self._bar = bar
            self.refresh()

    def render(self) -> Text:
        shown_as = bidi.display if uses_bidi(self) else str  # an Arabic search or name, ordered for display
        width = self.content_region.width or self.size.width
        return bar_text(max(1, width), *self._bar, shown_as=shown_as)
