"""The overview strip: events per year (or per month when zoomed), the year labels, and the eras."""

from __future__ import annotations

from rich.containers import Lines
from rich.text import Text
from textual.strip import Strip
from textual.message import Message
from textual.widget import Widget

from .. import symbols
from .strips import framed, repaint_changed, text_strip

BLOCKS = " ▁▂▃▄▅▆▇█"
MARGIN = 1  # blank columns either side of the overview strip


class OverviewStrip(Widget):
    """Events per bucket (year, or month when zoomed) as one row of block bars, the labels,
    and a strip naming the eras where they fit. The cursor's bucket is shown reversed; buckets
    the filters empty show a dot where events exist."""

    DEFAULT_CSS = "OverviewStrip { height: 3; }"

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
            lines = self._text(inner).split("\n", allow_blank=True) if inner else Lines()
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
