"""The map composed: borders, labels, a symbol per place weighted by its count, the places of
the event under the cursor and the place picked on the map, and status lines under it. Rows
of (text, style name) runs: the widget turns each style name into a colour, the tests read
the text. No Textual here.

Style names: home (Syria's border), border (the neighbours'), river, sea (empty), label, w0 w1
w2 (places, by weight), here (the event under the cursor), picked (the place picked on the
map), status, dim.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Collection, Mapping, Sequence

from .canvas import Canvas
from .glyphs import Glyphs
from .outline import Outline
from .places import Group, Spot, layout, weight
from .projection import Box, Projection

Run = tuple[str, str]


def width(text: str) -> int:
    """Terminal cells `text` takes (East Asian wide characters count two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, cells: int, ellipsis: str = "…") -> str:
    """`text` cut to `cells` cells, with an ellipsis when cut."""
    if width(text) <= cells:
        return text
    out, used, room = [], 0, max(0, cells - width(ellipsis))
    for ch in text:
        w = width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + (ellipsis if cells >= width(ellipsis) else "")


@dataclass(frozen=True)
class Picture:
    lines: tuple[tuple[Run, ...], ...]
    groups: tuple[Group, ...]
    picked: int  # index into groups, -1 for none
    map_rows: int
    projection: Projection
    off: tuple[Spot, ...]  # places with events that are not on the picture (no coordinates, or outside it)
    cells: dict = field(default_factory=dict, compare=False)  # (col, row) -> group index, for clicks

    def text(self) -> str:
        """The picture as plain text, a line per row (for tests and the ASCII fallback's reader)."""
        return "\n".join("".join(t for t, _ in line) for line in self.lines)


_BASE: dict[tuple, list[list[Run]]] = {}


def base(outline: Outline, glyphs: Glyphs, projection: Projection) -> list[list[Run]]:
    """The borders and rivers alone, a (character, style) per cell; kept for the last few sizes
    and boxes. Where a border and a river share a cell, the border's style wins."""
    key = (id(outline), glyphs.mode, projection)
    grid = _BASE.get(key)
    if grid is not None:
        return grid
    cols, rows = projection.cols, projection.rows
    lines = {
        "home": [ring for c in outline.countries if c.iso == "SYR" for ring in c.rings],
        "border": [ring for c in outline.countries if c.iso != "SYR" for ring in c.rings],
        "river": list(outline.rivers),
    }
    bits = {}
    for name, polylines in lines.items():
        canvas = Canvas(cols, rows, glyphs.dot_cols, glyphs.dot_rows)
        for line in polylines:
            points = [projection.to_cell(lon, lat) for lon, lat in line]
            for a, b in zip(points, points[1:]):
                canvas.line(a, b)
        bits[name] = canvas.bits
    home, other, river = bits["home"], bits["border"], bits["river"]
    grid = []
    for r in range(rows):
        row = []
        for c in range(cols):
            h, o, w = home[r][c], other[r][c], river[r][c]
            style = "home" if h else "border" if o else "river" if w else "sea"
            if glyphs.mode == "ascii":
                row.append(({"home": glyphs.home_border, "border": glyphs.border, "river": glyphs.river, "sea": " "}[style], style))
            else:
                row.append((glyphs.dots(h | o | w), style))
        grid.append(row)
    if len(_BASE) > 8:
        _BASE.pop(next(iter(_BASE)))
    _BASE[key] = grid
    return grid


def draw(
    *,
    outline: Outline,
    glyphs: Glyphs,
    cols: int,
    rows: int,
    box: Box,
    found: Sequence[Spot],
    here: Collection[str] = (),
    picked: str | None = None,
    caption: str = "Syria",
    what: str = "events",
    focused: bool = False,
    labels: Sequence[tuple[str, float, float]] = (),
    names: Mapping[str, str] | None = None,
    total: int | None = None,
) -> Picture:
    """Compose the map for `cols` x `rows` cells showing `box`.

    found: the places with their counts (spots); here: ids of the places of the event under the
    cursor; picked: the id of a place picked on the map (its cell's group is picked);
    labels: extra (name, lon, lat) to label after the main cities, in order of preference;
    names: place names by id, for places of the event under the cursor that have no count;
    total: how many events (or hits) the places are counted from.
    """
    cols, rows = max(1, cols), max(1, rows)
    status_rows = 3 if rows >= 14 else 2 if rows >= 6 else 1 if rows >= 3 else 0
    map_rows = rows - status_rows
    projection = Projection(box, cols, max(1, map_rows))
    grid = [list(row) for row in base(outline, glyphs, projection)] if map_rows > 0 else []
    groups, off = layout(found, projection) if map_rows > 0 else ([], list(found))
    most = max((g.count for g in groups), default=0)
    taken: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], int] = {}
    picked_index = -1
    here = set(here)
    for i, g in enumerate(groups):
        cells[(g.col, g.row)] = i
        taken.add((g.col, g.row))
        if picked is not None and picked in g.ids:
            picked_index = i
        if here.intersection(g.ids):
            grid[g.row][g.col] = (glyphs.here, "here")
        else:
            w = weight(g.count, most, len(glyphs.weights))
            grid[g.row][g.col] = (glyphs.weights[w], f"w{w}")
    if picked_index >= 0:
        g = groups[picked_index]
        symbol = grid[g.row][g.col][0]
        grid[g.row][g.col] = (symbol, "picked")
        if g.col > 0:
            grid[g.row][g.col - 1] = (glyphs.picked, "picked")
            taken.add((g.col - 1, g.row))
    if map_rows > 0:
        _place_labels(grid, taken, projection, outline, box, labels)
    lines = [_runs(row) for row in grid]
    lines += _status(status_rows, cols, glyphs, groups, picked_index, off, here, found, caption, what, focused, names or {}, total)
    return Picture(tuple(lines), tuple(groups), picked_index, max(0, map_rows), projection, tuple(off), cells)


def _place_labels(grid, taken, projection: Projection, outline: Outline, box: Box, extra) -> None:
    """Label the main cities (all of them when zoomed in), then `extra` places, one name a cell,
    each where it fits: right of its point, left of it, or (beside a place's symbol) on the row
    above or below. A label never covers a place's symbol or another label, and keeps a blank
    cell from the next on its row."""
    cols, rows = projection.cols, projection.rows
    zoomed = (box.north - box.south) < 3
    wanted = [(c.name, c.lon, c.lat) for c in sorted(outline.cities, key=lambda c: c.rank) if zoomed or c.rank <= 2]
    wanted += list(extra)
    done: set[str] = set()
    named: set[tuple[int, int]] = set()  # cells that have their label: one name a cell
    blocked: set[tuple[int, int]] = set()  # labels, with a blank cell either side
    for name, lon, lat in wanted:
        if name in done:
            continue
        cell = projection.cell_of(lon, lat)
        if cell is None or cell in named:
            continue
        col, row = cell
        n = width(name)
        if cell in taken:  # a place's symbol: beside it, else above or below it
            places = [(row, col + 1), (row, col - n), (row - 1, col), (row + 1, col), (row - 1, col - n + 1), (row + 1, col - n + 1)]
        else:  # a city with no symbol: the name itself marks it, on its own row
            places = [(row, col), (row, col + 1), (row, col - n)]
        for r, start in places:
            if not 0 <= r < rows or start < 0 or start + n > cols:
                continue
            span = [(c, r) for c in range(start, start + n)]
            if any(cell in taken or cell in blocked for cell in span):
                continue
            _write(grid[r], start, name)
            done.add(name)
            named.add(cell)
            blocked.update((c, r) for c in range(start - 1, start + n + 1))
            break


def _write(row: list[Run], start: int, text: str) -> None:
    col = start
    for ch in text:
        w = width(ch)
        if w == 0:
            continue
        row[col] = (ch, "label")
        if w == 2 and col + 1 < len(row):
            row[col + 1] = ("", "label")
        col += w


def _runs(row: Sequence[Run]) -> tuple[Run, ...]:
    out: list[list[str]] = []
    for text, style in row:
        if out and out[-1][1] == style:
            out[-1][0] += text
        else:
            out.append([text, style])
    return tuple((t, s) for t, s in out)


def _status(status_rows, cols, glyphs: Glyphs, groups, picked, off, here, found, caption, what, focused, names, total) -> list[tuple[Run, ...]]:
    if status_rows <= 0:
        return []
    names = {**{s.id: s.name for s in found}, **names}
    ell = glyphs.ellipsis

    def line(*runs: Run) -> tuple[Run, ...]:
        out, used = [], 0
        for text, style in runs:
            text = fit(text, cols - used, ell)
            if text:
                out.append((text, style))
                used += width(text)
        if used < cols:
            out.append((" " * (cols - used), "status"))
        return tuple(out)

    if here:
        event_line = line((glyphs.here + " ", "here"), (", ".join(names.get(p, p) for p in _ordered(here, found)), "status"))
    else:
        event_line = line((glyphs.here + " ", "here"), ("this event names no place", "dim"))
    total_places = len(found)
    if picked >= 0:
        g = groups[picked]
        more = f" +{len(g.spots) - 1}" if len(g.spots) > 1 else ""
        picked_line = line(
            (glyphs.picked + " ", "picked"),
            (f"{g.lead.name}{more}: {g.count} {what if g.count != 1 else what.rstrip('s')}", "status"),
            (f"{glyphs.sep}{glyphs.enter} filters, z zooms", "dim"),
        )
    else:
        hint = f"{glyphs.sep}{glyphs.weights[0]} few {glyphs.weights[-1]} many" + (f"{glyphs.sep}Tab: pick a place" if not focused else "")
        of = f" of {total:,} {what if total != 1 else what.rstrip('s')}" if total is not None else ""
        picked_line = line((f"{caption}: {total_places} place{'s' if total_places != 1 else ''}{of}", "status"), (hint, "dim"))
    if off:
        shown = ", ".join(f"{s.name} {s.count}" for s in off)
        off_line = line(("off the map: ", "dim"), (shown, "status"))
    elif found:
        off_line = line(("every place is on the map", "dim"))
    else:
        off_line = line((f"these {what} name no place", "dim"))
    if status_rows == 1:
        return [picked_line if focused and picked >= 0 else event_line]
    if status_rows == 2:
        return [event_line, picked_line if (focused and picked >= 0) or not off else off_line]
    return [event_line, picked_line, off_line]


def _ordered(ids, found: Sequence[Spot]) -> list[str]:
    """`ids` busiest first (as `found` is), then any not in it."""
    ids = set(ids)
    out = [s.id for s in found if s.id in ids]
    return out + sorted(ids - set(out))
