"""Longitude and latitude onto terminal cells.

An equirectangular projection around the box's middle latitude (longitude shrunk by its
cosine, so Syria is not stretched sideways), scaled so the whole box fits the cells given and
centred in them. A terminal cell is about twice as tall as it is wide; `CELL_ASPECT` says so.
Positions come out in fractional cells: column 3.5 is the middle of the fourth column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

CELL_ASPECT = 2.0  # a cell's height over its width


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.west + self.east) / 2, (self.south + self.north) / 2)

    def padded(self, fraction: float = 0.1, minimum: float = 0.0) -> Box:
        """Wider by `fraction` of its size on each side, and at least `minimum` degrees of latitude
        tall and as wide (in ground distance) about its centre."""
        lon, lat = self.centre
        half_h = max((self.north - self.south) * (0.5 + fraction), minimum / 2)
        half_w = max((self.east - self.west) * (0.5 + fraction), minimum / 2 / max(0.2, math.cos(math.radians(lat))))
        return Box(lon - half_w, lat - half_h, lon + half_w, lat + half_h)


@dataclass(frozen=True)
class Projection:
    box: Box
    cols: int
    rows: int
    # worked out from the three above
    _kx: float = field(init=False, repr=False, compare=False)
    _scale: float = field(init=False, repr=False, compare=False)
    _x0: float = field(init=False, repr=False, compare=False)
    _y0: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lat0 = math.radians((self.box.south + self.box.north) / 2)
        kx = math.cos(lat0)
        width = max(1e-9, (self.box.east - self.box.west) * kx)
        height = max(1e-9, self.box.north - self.box.south)
        # ground units per column: the larger of what the width and the height need
        scale = max(width / max(1, self.cols), height / max(1, self.rows) / CELL_ASPECT)
        object.__setattr__(self, "_kx", kx)
        object.__setattr__(self, "_scale", scale)
        # centre the box in the cells
        object.__setattr__(self, "_x0", self.box.west * kx - (self.cols * scale - width) / 2)
        object.__setattr__(self, "_y0", self.box.north + (self.rows * scale * CELL_ASPECT - height) / 2)

    def to_cell(self, lon: float, lat: float) -> tuple[float, float]:
        """(column, row) in fractional cells; whole parts outside 0..cols-1 / 0..rows-1 are off the grid."""
        col = (lon * self._kx - self._x0) / self._scale
        row = (self._y0 - lat) / (self._scale * CELL_ASPECT)
        return col, row

    def cell_of(self, lon: float, lat: float) -> tuple[int, int] | None:
        """The cell a point falls in, or None when it is off the grid."""
        col, row = self.to_cell(lon, lat)
        c, r = math.floor(col), math.floor(row)
        if 0 <= c < self.cols and 0 <= r < self.rows:
            return c, r
        return None

    def to_lonlat(self, col: float, row: float) -> tuple[float, float]:
        """The inverse of `to_cell`."""
        return (col * self._scale + self._x0) / self._kx, self._y0 - row * self._scale * CELL_ASPECT

    @property
    def visible(self) -> Box:
        """The box the whole grid shows (at least `box`: the unused sides are filled)."""
        west, north = self.to_lonlat(0, 0)
        east, south = self.to_lonlat(self.cols, self.rows)
        return Box(west, south, east, north)
