"""The filter bar and the overview strip (events per year, or per month when zoomed)."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.strip import Strip
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from .. import bidi, symbols
from .strips import framed, repaint_changed, text_strip, uses_bidi

BLOCKS = " ▁▂▃▄▅▆▇█"
MARGIN = 1  # blank columns either side of the overview strip


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in … when cut."""
    if cell_len(text) <= width:
        return text
    ell = symbols.S.ellipsis
    return set_cell_size(text, max(0, width - len(ell))) + ell if width > len(ell) else set_cell_size(text, max(0, width))


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
    its width at every size (tui/widgets/bars.bar_text)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bar: tuple = ([], 0, 0, "", False)

    def show(self, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False) -> None:
        bar = (list(parts), shown, total, extra, paused)
        if bar != self._bar:
            self._bar = bar
            self.refresh()

    def render(self) -> Text:
        shown_as = bidi.display if uses_bidi(self) else str  # an Arabic search or name, ordered for display
        width = self.content_region.width or self.size.width
        return bar_text(max(1, width), *self._bar, shown_as=shown_as)


class Histogram(Widget):
    """Events per bucket (year, or month when zoomed) as one row of block bars, the labels,
    and a strip naming the eras where they fit. The cursor's bucket is shown reversed; buckets
    the filters empty show a dot where events exist."""

    DEFAULT_CSS = "Histogram { height: 3; }"

    class Clicked(Message):
        """The reader clicked a bucket (a year, or a month when zoomed) or an era's name."""

        def __init__(self, bucket: int | None, era: int | None) -> None:
            super().__init__()
            self.bucket = bucket
            self.era = era

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buckets: list[tuple[str, int, int]] = []  # (label, shown, total)
        self.current = -1
        self.caption = ""
        self.spans: list[tuple[float, float, str]] = []  # (first bucket, end bucket, name), in buckets
        self._strips: list[Strip] | None = None
        self._per = 1  # columns a bucket takes, as last drawn
        self._era_owner: list[int] = []  # the era (index into spans) each column of the era strip names

    def on_click(self, event) -> None:
        """A click on a year (or month) goes there; on an era's name, to the era."""
        column = event.x - MARGIN
        if column < 0 or not self.buckets:
            return
        if event.y == 2 and self.spans:
            era = self._era_owner[column] if column < len(self._era_owner) else -1
            if era >= 0:
                self.post_message(self.Clicked(None, era))
            return
        bucket = column // max(1, self._per)
        if bucket < len(self.buckets):
            self.post_message(self.Clicked(bucket, None))

    def show(self, buckets: list[tuple[str, int, int]], current: int, caption: str = "", spans: list[tuple[float, float, str]] | None = None) -> None:
        spans = spans or []
        if (buckets, current, caption, spans) == (self.buckets, self.current, self.caption, self.spans):
            return
        before = self._strips
        self.buckets, self.current, self.caption, self.spans = buckets, current, caption, spans
        self._strips = None
        if before is None:
            self.refresh()
            return
        # bytes over SSH: when only the cursor's year changes, the era strip stays as it is
        repaint_changed(self, before, self._lines())

    def on_resize(self) -> None:
        self._strips = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None

    def _lines(self) -> list[Strip]:
        """The three rows as strips, rendered once per change."""
        if self._strips is None or len(self._strips) != self.size.height:
            width = self.size.width
            console = self.app.console
            inner = max(0, width - 2 * MARGIN)
            lines = self._text(inner).split("\n", allow_blank=True) if inner else []
            base = self.rich_style
            strips = [framed(text_strip(line, console), inner, MARGIN, base) for line in lines]
            strips = (strips + [Strip.blank(width, base)] * self.size.height)[: self.size.height]
            self._strips = strips
        return self._strips

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        return lines[y] if 0 <= y < len(lines) else Strip.blank(self.size.width, self.rich_style)

    def _text(self, width: int) -> Text:
        if not self.buckets or width < 4:
            return Text("")
        n = len(self.buckets)
        per = max(1, width // n)
        self._per = per
        shown_n = min(n, width // per)
        peak = max((total for _, _, total in self.buckets), default=1) or 1
        bars, labels = Text(), Text()
        S = symbols.S
        cell = max(1, per - 1)
        for i, (label, shown, total) in enumerate(self.buckets[:shown_n]):
            here = i == self.current
            level = -(-8 * shown // peak)  # ceiling: any event shows at least ▁
            if level:
                bars.append(S.blocks[level] * cell, style="bold reverse" if here else "")
            elif total:
                bars.append(S.dot[0] * cell if S.dot != "|" else "." * cell, style="reverse" if here else "dim")
            else:
                bars.append((S.here_empty if here else " ") * cell)
            if per >= 5:
                text = label
            elif per >= 3:
                text = label[-2:]
            else:
                text = label[-1:] if i % 2 == 0 else " "
            labels.append(text[:cell].ljust(cell), style="bold reverse" if here else "dim")
            if per > 1:
                bars.append(" ")
                labels.append(" ", style="dim")  # a dim space joins the labels' run: one style change, not two, a year
        return Text("\n").join([bars, labels, self._era_strip(width, per, shown_n)])

    def _era_strip(self, width: int, per: int, shown_n: int) -> Text:
        """Each era named across the columns it covers; a later era takes over where they overlap."""
        if not self.spans:
            return Text(self.caption[:width], style="italic")
        cells = [" "] * min(width, shown_n * per)
        owner = [-1] * len(cells)
        for k, (first, end, name) in enumerate(self.spans):
            a = max(0, int(first * per))
            b = min(len(cells), max(a + 1, int(end * per)))
            if b - a < 3:
                continue
            S = symbols.S
            body = f"{S.era_start}{name}"
            body = body[: b - a - 1] + S.era_end if len(body) >= b - a else body + S.era_fill * (b - a - 1 - len(body)) + S.era_end
            for j, ch in enumerate(body):
                cells[a + j] = ch
                owner[a + j] = k
        self._era_owner = owner
        strip = Text()
        start = 0
        for j in range(1, len(cells) + 1):  # one append per run of one style, not per character
            if j == len(cells) or owner[j] % 2 != owner[start] % 2:
                strip.append("".join(cells[start:j]), style="italic" if owner[start] % 2 == 0 else "italic dim")
                start = j
        return strip

