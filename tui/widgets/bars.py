"""The filter bar and the overview strip (events per year, or per month when zoomed)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"


class FilterBar(Static):
    """What is filtered and how many events match, in words (never colour alone)."""

    def show(self, parts: list[str], shown: int, total: int, extra: str = "", paused: bool = False) -> None:
        text = Text()
        if paused:
            text.append("Filters OFF (ctrl+f restores): ", style="bold")
        if parts:
            text.append("Filtered by ", style="bold")
            text.append(" · ".join(parts))
            text.append(f"  —  {shown:,} of {total:,} events", style="bold")
        else:
            text.append(f"All {total:,} events", style="bold")
            if not paused:
                text.append("  ·  no filters (a actors, t tags, p places, d dates)", style="dim")
        if extra:
            text.append("  ·  ")
            text.append(extra, style="bold")
        self.update(text)


class Histogram(Widget):
    """Events per year as block bars, the cursor's year marked, filters reflected."""

    DEFAULT_CSS = "Histogram { height: 3; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buckets: list[tuple[str, int, int]] = []  # (label, shown, total)
        self.current = -1
        self.caption = ""

    def show(self, buckets: list[tuple[str, int, int]], current: int, caption: str = "") -> None:
        if buckets == self.buckets and current == self.current and caption == self.caption:
            return
        self.buckets, self.current, self.caption = buckets, current, caption
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        if not self.buckets or width < 4:
            return Text("")
        n = len(self.buckets)
        per = max(1, width // n)
        if per * n > width:
            per = 1
        peak = max((total for _, _, total in self.buckets), default=1) or 1
        top, bottom, labels = Text(), Text(), Text()
        for i, (label, shown, total) in enumerate(self.buckets[: width // per]):
            level = round(16 * shown / peak)
            ghost = round(16 * total / peak)
            style = "bold reverse" if i == self.current else ""
            bar_style = "$accent" if False else ""
            for row, text in ((1, top), (0, bottom)):
                lvl = max(0, min(8, level - row * 8))
                glvl = max(0, min(8, ghost - row * 8))
                if lvl:
                    ch = BLOCKS[lvl]
                    text.append(ch * max(1, per - 1), style=("bold" if i == self.current else bar_style))
                elif glvl:
                    text.append("·" * max(1, per - 1), style="dim")
                else:
                    text.append(" " * max(1, per - 1))
                if per > 1:
                    text.append(" ")
            if per >= 5:
                cell = label
            elif per >= 3:
                cell = label[-2:]
            else:
                cell = label[-1:] if i % 2 == 0 else " "
            cell = cell[: max(1, per - 1)].ljust(max(1, per - 1))
            labels.append(cell, style=style or "dim")
            if per > 1:
                labels.append(" ")
        if self.caption:
            room = width - labels.cell_len
            if room > len(self.caption) + 2:
                labels.append("  " + self.caption, style="italic")
        return Text("\n").join([top, bottom, labels])
