"""A grid of cells, each holding a few dots (braille 2x4, half blocks 1x2, ASCII 1x1), with
straight lines drawn between points given in fractional cells."""

from __future__ import annotations

import math


class Canvas:
    def __init__(self, cols: int, rows: int, dot_cols: int, dot_rows: int) -> None:
        self.cols, self.rows = cols, rows
        self.dx, self.dy = dot_cols, dot_rows
        self.bits = [bytearray(cols) for _ in range(rows)]

    def dot(self, x: int, y: int) -> None:
        """Set dot (x, y), counted in dots from the top left; dots off the grid are ignored."""
        col, sub_x = divmod(x, self.dx)
        row, sub_y = divmod(y, self.dy)
        if 0 <= col < self.cols and 0 <= row < self.rows:
            self.bits[row][col] |= 1 << (sub_y * self.dx + sub_x)

    def line(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        """A straight line between two points in fractional cells (Bresenham on the dot grid)."""
        x0, y0 = math.floor(a[0] * self.dx), math.floor(a[1] * self.dy)
        x1, y1 = math.floor(b[0] * self.dx), math.floor(b[1] * self.dy)
        limit_x, limit_y = self.cols * self.dx, self.rows * self.dy
        if (x0 < 0 and x1 < 0) or (y0 < 0 and y1 < 0) or (x0 >= limit_x and x1 >= limit_x) or (y0 >= limit_y and y1 >= limit_y):
            return  # wholly off one side
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        for _ in range(dx - dy + 1):
            self.dot(x0, y0)
            if x0 == x1 and y0 == y1:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def used(self, col: int, row: int) -> bool:
        return bool(self.bits[row][col])
