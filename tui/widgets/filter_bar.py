"""The filter bar: what is filtered, and how many events match, in words, fitted to every width."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.message import Message
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


Run = tuple[str, "str | None"]  # some text, and the kind of filter a click on it takes off (or None)


def _filter_runs(parts: list[str], kinds: list[str | None], crosses: bool) -> list[Run]:
    """The filters as runs: each part (with its × when `crosses`), joined by dots."""
    S = symbols.S
    runs: list[Run] = []
    for n, (part, kind) in enumerate(zip(parts, kinds)):
        if n:
            runs.append((f" {S.dot} ", None))
        runs.append((symbols.chrome(part) if kind == "dates" else part, kind))  # the range's … and – are ours
        if crosses and kind:
            runs.append((f" {S.remove}", kind))
    return runs


def _share_runs(runs: list[Run], width: int) -> list[Run]:
    """The filters in `width` cells with each one still showing: when they do not all fit, the
    room is shared (the short ones whole, the long ones cut alike, each ending in …), so a long
    actor name cannot push the tags and dates out of the bar. Separators are kept; at widths too
    small to show a few letters of each, the text is cut at the end (`_cut_runs`)."""
    if sum(cell_len(text) for text, _ in runs) <= width:
        return runs
    parts = [i for i in range(0, len(runs), 2)]  # plain runs: a part, a separator, a part, ...
    if any(i + 1 < len(runs) and runs[i + 1][1] is not None for i in parts):  # crosses: not plain
        return _cut_runs(runs, width)
    avail = width - sum(cell_len(runs[i][0]) for i in range(1, len(runs), 2))
    lengths = [cell_len(runs[i][0]) for i in parts]
    if avail < 5 * len(parts):
        return _cut_runs(runs, width)
    cap = avail // len(parts)
    while True:  # the widest cap that fits: short parts give their unused room to the long ones
        used = sum(min(n, cap) for n in lengths)
        if used >= avail or cap >= max(lengths):
            break
        bigger = [n for n in lengths if n > cap]
        step = max(1, (avail - used) // len(bigger))
        if used + step * len(bigger) > avail:
            break
        cap += step
    out = list(runs)
    for i, n in zip(parts, lengths):
        if n > cap:
            out[i] = (cut(runs[i][0], cap), runs[i][1])
    return out


def _cut_runs(runs: list[Run], width: int) -> list[Run]:
    """`cut` for runs: at most `width` cells, ending in … when cut."""
    if sum(cell_len(text) for text, _ in runs) <= width:
        return runs
    ell = symbols.S.ellipsis
    budget = width - len(ell) if width > len(ell) else width
    out: list[Run] = []
    used = 0
    for text, kind in runs:
        if used + cell_len(text) <= budget:
            out.append((text, kind))
            used += cell_len(text)
            continue
        piece = set_cell_size(text, budget - used)
        if piece:
            out.append((piece, kind))
        break
    if width > len(ell):
        out.append((ell, None))
    return out


def bar_text(width: int, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False,
             kinds: list[str] | None = None, rtl: bool = False) -> Text:
    """The filter bar's line in `width` cells. The count and the search status always show:
    the hint goes first, then the ×s after the filters, then the filter text is shortened
    (with …), then the words around it, then the search text. With `kinds` (one per part),
    each part carries its kind as the meta `filter`: a click on it (or its ×) takes it off.
    `rtl`: right-to-left runs in display order (--bidi), each letter keeping its part."""
    S = symbols.S
    if S.name == "ascii":
        extra = extra.replace("“", '"').replace("”", '"')
    part_kinds: list[str | None] = list(kinds) if kinds and len(kinds) == len(parts) else [None] * len(parts)
    with_crosses = _filter_runs(parts, part_kinds, True)
    plain = _filter_runs(parts, part_kinds, False)
    hint = "  ·  no filters (a actors, t tags, p places, d dates)" if not parts and not paused and not extra else ""
    layouts = (  # (paused prefix, label, count, separator before the search, hint, shortest filter text, ×s)
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", hint, None, True),
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", "", None, True),
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", "", None, False),
        ("Filters OFF (ctrl+f restores): ", "Filtered by ", "  —  {shown} of {total} events", "  ·  ", "", 12, False),
        ("Filters OFF: ", "", "  —  {shown} of {total} events", "  ·  ", "", 8, False),
        ("OFF: ", "", " — {shown}/{total}", " · ", "", 4, False),
        ("OFF: ", "", " {shown}/{total}", " ", "", 1, False),
    )
    shown_filters: list[Run] = []
    for prefix, label, count, separator, hint_text, shortest, crosses in layouts:
        count, separator, hint_text = (t.replace("—", S.dash).replace("·", S.dot) for t in (count, separator, hint_text))
        prefix = prefix if paused else ""
        runs = with_crosses if crosses else plain
        length = sum(cell_len(text) for text, _ in runs)
        if parts:
            head, tail = prefix + label, count.format(shown=f"{shown:,}", total=f"{total:,}")
        else:
            head, tail = prefix + f"All {total:,} events" if "events" in count else prefix + f"All {total:,}", ""
        rest = (separator + extra if extra else "") + hint_text
        room = width - cell_len(head) - cell_len(tail) - cell_len(rest)
        if parts:
            if shortest is None and room < length:
                continue
            if shortest is not None and room < min(shortest, length):
                continue
            shown_filters = _share_runs(runs, room)
        elif room < 0:
            continue
        else:
            shown_filters = []
        break
    else:  # the narrowest layout, the search text shortened to what is left
        shown_filters = [(symbols.S.ellipsis, None)] if parts else []
        budget = width - cell_len(head) - cell_len(symbols.S.ellipsis if parts else "") - cell_len(tail) - cell_len(separator)
        rest = (separator + _cut_search(extra, max(0, budget))) if extra and budget > 0 else ""
    text = Text()
    if paused:
        text.append(prefix, style="bold")
    text.append(head[len(prefix):], style="bold")
    if parts:
        for run, kind in (bidi.display_runs(shown_filters) if rtl else shown_filters):
            text.append(run, style=Style.from_meta({"filter": kind}) if kind else None)
        text.append(tail, style="bold")
    if extra and rest.startswith(separator):
        text.append(separator)
        text.append(bidi.display(rest[len(separator):]) if rtl else rest[len(separator):], style="bold")
    if hint_text and rest.endswith(hint_text):
        text.append(hint_text, style="dim")
    text.truncate(width, overflow="ellipsis")
    return text


class FilterBar(Static):
    """What is filtered and how many events match, in words (never colour alone); fitted to
    its width at every size (bar_text). A click on a filter (or the × after it) posts
    `Remove` with its kind."""

    class Remove(Message):
        """The reader clicked a filter in the bar: take that kind of filter off."""

        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar: tuple[list[str], int, int, str, bool, list[str]] = ([], 0, 0, "", False, [])

    def show(self, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False, kinds: list[str] | None = None) -> None:
        bar = (list(parts), shown, total, extra, paused, list(kinds or []))
        if bar != self._bar:
            self._bar = bar
            self.refresh()

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        parts, shown, total, extra, paused, kinds = self._bar
        return bar_text(max(1, width), parts, shown, total, extra, paused, kinds=kinds, rtl=uses_bidi(self))

    def on_click(self, event) -> None:
        kind = event.style.meta.get("filter") if event.style else None
        if kind:
            event.stop()
            self.post_message(self.Remove(kind))
