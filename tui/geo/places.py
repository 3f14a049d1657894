"""The places of the shown events: how many events each has, which cell each falls in, moving
from one to the nearest in a direction, and the boxes to zoom to.

A place with no coordinates, or outside the box on screen, is never dropped: `layout` returns it
in `off` with its count, and the map lists it under the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..model import Place
from .projection import CELL_ASPECT, Box, Projection

# Syria with a margin: the map's widest view
SYRIA = Box(35.45, 32.15, 42.55, 37.45)
CITY_SPAN = 0.22  # degrees of latitude a city view shows (Aleppo and its districts)
GOVERNORATE_MIN_SPAN = 0.7
ZOOMS = ("Syria", "governorate", "city")


@dataclass(frozen=True)
class Spot:
    """A place with the number of shown events there."""

    id: str
    name: str
    count: int
    lon: float | None = None
    lat: float | None = None

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None


@dataclass(frozen=True)
class Group:
    """The places that fall in one cell, the busiest first."""

    col: int
    row: int
    spots: tuple[Spot, ...]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.spots)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.spots)

    @property
    def lead(self) -> Spot:
        return self.spots[0]


def count_places(by_place: Mapping[str, Sequence[int]], shown: Sequence[int] | None) -> dict[str, int]:
    """Events per place among `shown` (every event when None). `by_place` maps a place to the
    events there (as query.Index.by_place does)."""
    if shown is None:
        return {p: len(events) for p, events in by_place.items() if events}
    wanted = set(shown)
    counts = {}
    for place, events in by_place.items():
        if len(events) <= len(wanted):
            n = sum(1 for e in events if e in wanted)
        else:
            n = len(wanted.intersection(events))
        if n:
            counts[place] = n
    return counts


def spots(places: Mapping[str, Place], counts: Mapping[str, int]) -> list[Spot]:
    """The places with events, busiest first (then by name). An id the registry does not know
    is kept, named by its id, without coordinates."""
    out = []
    for place_id, n in counts.items():
        place = places.get(place_id)
        if place is None:
            out.append(Spot(place_id, place_id, n))
        else:
            out.append(Spot(place_id, place.name, n, place.lon, place.lat))
    out.sort(key=lambda s: (-s.count, s.name.casefold(), s.id))
    return out


def layout(found: Sequence[Spot], projection: Projection) -> tuple[list[Group], list[Spot]]:
    """Group the located places by the cell they fall in (groups in reading order); the rest
    (no coordinates, or off the grid) come back in `off`, busiest first."""
    cells: dict[tuple[int, int], list[Spot]] = {}
    off: list[Spot] = []
    for spot in found:
        cell = projection.cell_of(spot.lon, spot.lat) if spot.lon is not None and spot.lat is not None else None
        if cell is None:
            off.append(spot)
        else:
            cells.setdefault(cell, []).append(spot)
    groups = [Group(col, row, tuple(members)) for (col, row), members in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    return groups, off


def weight(count: int, most: int, levels: int = 3) -> int:
    """0 (few) .. levels-1 (most): the symbol for a place's count, on a log scale up to the busiest."""
    if count <= 1 or most <= 1:
        return 0
    return min(levels - 1, max(0, math.ceil(math.log(count) / math.log(most) * levels) - 1))


DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


def step(groups: Sequence[Group], current: int, direction: str) -> int:
    """The group nearest to `groups[current]` in a direction (left, right, up, down), in screen
    distance; `current` when there is none that way. Places nearly in line are preferred over
    nearer ones far off to the side, and a place more than about 63° off the direction is not
    that way at all."""
    if not groups:
        return -1
    if not 0 <= current < len(groups):
        return 0
    ux, uy = DIRECTIONS[direction]
    here = groups[current]
    best, best_score = current, math.inf
    for i, g in enumerate(groups):
        dx = g.col - here.col
        dy = (g.row - here.row) * CELL_ASPECT
        along = dx * ux + dy * uy
        if along <= 0:
            continue
        across = abs(dx * uy - dy * ux)
        if across > 2 * along:
            continue  # more to the side than that way
        score = along + 2 * across
        if score < best_score:
            best, best_score = i, score
    return best


def nearest(groups: Sequence[Group], col: float, row: float) -> int:
    """The group closest to a cell (screen distance), -1 when there are none."""
    best, best_d = -1, math.inf
    for i, g in enumerate(groups):
        d = math.hypot(g.col - col, (g.row - row) * CELL_ASPECT)
        if d < best_d:
            best, best_d = i, d
    return best


def zoom_box(level: int, places: Mapping[str, Place], around: str | None) -> tuple[Box, str]:
    """The box for zoom `level` (0 Syria, 1 the governorate of `around`, 2 the city area of
    `around`) and its caption. Without a located `around` place, Syria."""
    place = places.get(around) if around else None
    if level <= 0 or place is None or place.lat is None or place.lon is None:
        return SYRIA, "Syria"
    lon, lat = place.lon, place.lat
    if level == 1:
        if place.governorate:
            members = [
                (p.lon, p.lat) for p in places.values()
                if p.governorate == place.governorate and p.lat is not None and p.lon is not None and SYRIA.contains(p.lon, p.lat)
            ]
            if members:
                lons, lats = [m[0] for m in members], [m[1] for m in members]
                box = Box(min(lons), min(lats), max(lons), max(lats))
                return box.padded(0.15, GOVERNORATE_MIN_SPAN), f"{place.governorate} governorate"
        return Box(lon, lat, lon, lat).padded(0, GOVERNORATE_MIN_SPAN * 1.5), f"around {place.name}"
    return Box(lon, lat, lon, lat).padded(0, CITY_SPAN), f"{place.name} area"
