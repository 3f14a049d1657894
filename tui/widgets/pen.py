"""What an update writes to the terminal: the same screen as Textual's own output, in fewer bytes.

Textual renders every styled segment as a whole SGR sequence and a reset (`ESC[…m text ESC[0m`),
writes a partial update of a line from the left edge of the widget even when only a few cells
at its right changed, writes an empty chop (a cursor move and nothing) for a widget beside a
repainted region, and separates lines with a newline although each starts with a cursor move.
Over SSH every byte is latency, so the app hands each update to `tighten`, which renders it with:

- a pen that remembers the terminal's style across the whole update and writes only what
  changes (`ESC[38;5;246m` for a new foreground, nothing for a run in the same style), with one
  reset at the end;
- chops cut to the dirty span on both sides (never inside a wide character);
- no empty chops and no newlines.

The result on screen is the same cell for cell (tests/test_repaint.py renders both with pyte).
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator, Mapping
from itertools import repeat

from rich.cells import cell_len, get_character_cell_size
from rich.color import ColorSystem
from rich.control import Control
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.strip import SGR_STYLES, Strip

_PLAIN = (0, "", "")
# the SGR code that turns each of Rich's attribute bits off (SGR_STYLES turns them on)
_OFF = {0: "22", 1: "22", 2: "23", 3: "24", 4: "25", 5: "25", 6: "27", 7: "28", 8: "29", 9: "24", 10: "54", 11: "54", 12: "55"}


class Shadow:
    """What the terminal shows, cell by cell, as the pen left it: (character, style state), or
    None where unknown. A cell an update would write as it already is, is not written.
    Forgotten (`clear`) whenever something else may have drawn: a new size, a suspend."""

    def __init__(self) -> None:
        self.size = (0, 0)
        self.rows: list[list] = []
        self.state = _PLAIN  # the terminal's SGR state after the last update: no reset needed between updates

    def fit(self, width: int, height: int) -> None:
        if (width, height) != self.size:
            self.size = (width, height)
            self.clear()

    def clear(self) -> None:
        width, height = self.size
        self.rows = [[None] * width for _ in range(height)]


class Pen:
    """Writes text in styles, sending only the SGR parameters that change; with a shadow,
    only the cells that change (a short run of unchanged cells is rewritten when that is
    cheaper than a cursor move)."""

    def __init__(self, color_system: ColorSystem | None, shadow: Shadow | None = None) -> None:
        self.color_system = color_system or ColorSystem.TRUECOLOR
        self.state = shadow.state if shadow is not None else _PLAIN
        self.out: list[str] = []
        self._codes: dict[Style, tuple[int, str, str]] = {}
        self.shadow = shadow
        self.x = self.y = 0
        self._placed = False  # the terminal's cursor is at (x, y)
        self._skipped: list[tuple[str, tuple[int, str, str]]] = []  # unchanged cells since the cursor

    def _state_of(self, style: Style | None) -> tuple[int, str, str]:
        if style is None:
            return _PLAIN
        state = self._codes.get(style)
        if state is None:
            system = self.color_system
            fg = ";".join(style._color.downgrade(system).get_ansi_codes()) if style._color is not None else ""
            bg = ";".join(style._bgcolor.downgrade(system).get_ansi_codes(False)) if style._bgcolor is not None else ""
            state = self._codes[style] = (style._attributes & style._set_attributes, fg, bg)
        return state

    def _switch(self, new: tuple[int, str, str]) -> None:
        old = self.state
        if new == old:
            return
        attributes, fg, bg = new
        dropped = old[0] & ~attributes
        codes: list[str] = []
        cleared = 0  # attributes the off codes clear (22 clears bold and dim)
        if dropped:
            offs = sorted({_OFF[bit] for bit in range(dropped.bit_length()) if dropped & (1 << bit)})
            codes += offs
            cleared = sum(1 << bit for bit, off in _OFF.items() if off in offs)
        codes += _attribute_codes(attributes & (~old[0] | cleared))
        if fg != old[1]:
            codes.append(fg or "39")
        if bg != old[2]:
            codes.append(bg or "49")
        reset = ["0", *_attribute_codes(attributes), *(code for code in (fg, bg) if code)]
        if len(reset) == 1 or len(";".join(reset)) <= len(";".join(codes)):
            codes = reset  # from scratch is no longer: `ESC[0m`, or `ESC[0;…m`
        self.out.append(f"\x1b[{';'.join(codes)}m")
        self.state = new

    def _place(self) -> None:
        """Bring the terminal's cursor to (x, y): rewrite the skipped cells if that is shorter."""
        if self._placed:
            return
        move = Control.move_to(self.x, self.y).segment.text
        skipped = self._skipped
        if skipped and sum(len(char.encode()) for char, _state in skipped) <= len(move) and all(
            state == self.state for _char, state in skipped
        ):
            self.out.append("".join(char for char, _state in skipped))
        else:
            self.out.append(move)
        self._placed = True
        self._skipped = []

    def write(self, text: str, style: Style | None) -> None:
        if not text:
            return
        state = self._state_of(style)
        linked = style if style is not None and style._link else None
        shadow = self.shadow
        if shadow is None or linked is not None or not 0 <= self.y < len(shadow.rows):
            self._place()
            self._switch(state)
            if linked is not None:
                self.out.append(f"\x1b]8;id={linked._link_id};{linked._link}\x1b\\{text}\x1b]8;;\x1b\\")
            else:
                self.out.append(text)
            self._forget(text)
            return
        row = shadow.rows[self.y]
        width = len(row)
        run: list[str] = []
        for char, w in zip(text, _ONES) if text.isascii() else _clusters(text):
            x = self.x
            if not w:  # marks cut from their letter: the terminal adds them to the cell before
                if 0 < x <= width:
                    if not run:
                        self._place()
                    run.append(char)
                    row[x - 1] = None  # not what the shadow can tell: rewritten next time
                continue
            if x + w > width:
                break
            cell = (char, state)
            if row[x] == cell and (w == 1 or row[x + 1] == ("", state)):
                if run:
                    self._emit(run, state)
                    run = []
                if self._placed:  # the terminal's cursor stays here: these cells could be rewritten
                    self._skipped = [cell]
                    self._placed = False
                elif self._skipped:
                    self._skipped.append(cell)
                if w == 2 and self._skipped:
                    self._skipped.append(("", state))
                self.x += w
                continue
            if not run:
                self._place()
            run.append(char)
            row[x] = cell
            if w == 2:
                row[x + 1] = ("", state)
            self.x += w
        if run:
            self._emit(run, state)

    def _emit(self, run: list[str], state) -> None:
        self._switch(state)
        self.out.append("".join(run))
        self._placed = True

    def _forget(self, text: str) -> None:
        """Cells written without the shadow: unknown from now on (and the cursor after them)."""
        shadow = self.shadow
        width = cell_len(text)
        if shadow is not None and 0 <= self.y < len(shadow.rows):
            row = shadow.rows[self.y]
            for x in range(self.x, min(self.x + width, len(row))):
                row[x] = None
        self.x += width

    def erase_line(self, style: Style | None) -> None:
        """Blanks from the cursor to the end of the line (ESC[K), unless they are there already."""
        state = self._state_of(style)
        shadow = self.shadow
        row = shadow.rows[self.y] if shadow is not None and 0 <= self.y < len(shadow.rows) else None
        if row is not None and all(cell == (" ", state) for cell in row[self.x:]):
            return
        self._place()
        self._switch(state)
        self.out.append("\x1b[K")
        if row is not None:
            row[self.x:] = [(" ", state)] * (len(row) - self.x)

    def move_to(self, x: int, y: int) -> None:
        if self.shadow is None:
            self.out.append(Control.move_to(x, y).segment.text)
            self.x, self.y, self._placed = x, y, True
            return
        if (x, y) != (self.x, self.y):
            self.x, self.y, self._placed = x, y, False
            self._skipped = []

    def strip(self, strip: Strip) -> None:
        for text, style, _control in strip:
            self.write(text, style)

    def done(self) -> str:
        if self.shadow is not None:  # the style stays set until the next update (it draws nothing meanwhile)
            self.shadow.state = self.state
        elif self.state != _PLAIN:
            self.out.append("\x1b[0m")
            self.state = _PLAIN
        return "".join(self.out)


_ONES = repeat(1)  # ASCII text: a cell per character, no marks


def _clusters(text: str) -> Iterator[tuple[str, int]]:
    """`text` cell by cell: each character with the zero-width ones after it (combining marks,
    Arabic harakat, variation selectors), and the cells it takes (1 or 2). Zero-width characters
    at the start, with no letter before them in `text`, come alone with 0."""
    cluster = ""
    width = 0
    for char in text:
        size = get_character_cell_size(char)
        if size == 0 and cluster:
            cluster += char
            continue
        if cluster:
            yield cluster, width
        cluster, width = char, (2 if size == 2 else 1 if size else 0)
        if not size:  # nothing to join it to
            yield cluster, 0
            cluster = ""
    if cluster:
        yield cluster, width


def _attribute_codes(attributes: int) -> list[str]:
    return [SGR_STYLES[bit] for bit in range(attributes.bit_length()) if attributes & (1 << bit)]


def _cells(strip: Strip, start: int, end: int) -> tuple[int, list[tuple[str, Style | None]]]:
    """The segments of `strip` between cells `start` and `end`, widened to whole characters;
    returns where the first one starts."""
    out: list[tuple[str, Style | None]] = []
    x = 0
    first = None
    for text, style, _control in strip:
        width = cell_len(text)
        if x + width <= start:
            x += width
            continue
        if x >= end:
            break
        if x >= start and x + width <= end:
            if first is None:
                first = x
            out.append((text, style))
            x += width
            continue
        chars = []
        for char, w in _clusters(text):  # a segment across an edge: cell by cell
            if x + w > start and x < end:
                if first is None:
                    first = x
                chars.append(char)
            x += w
        if chars:
            out.append(("".join(chars), style))
    return (start if first is None else first), out


ERASE_MIN = 4  # blanks at the end of a line worth an erase (`ESC[K`: 3 bytes) instead of spaces


def _blank_style(style: Style | None) -> bool:
    """Whether an erased cell looks like a space in `style` (the background colours it; nothing else shows)."""
    return style is None or not (
        style.reverse or style.underline or style.underline2 or style.strike or style.overline or style._link
    )


def _write_line_end(pen: Pen, segments: list, erase: bool) -> None:
    """Segments that reach the right edge of the screen: trailing blanks become one erase."""
    if erase and segments and _blank_style(style := segments[-1][1]):
        head = list(segments)
        blanks = 0
        while head and head[-1][1] == style:
            text = head[-1][0]
            stripped = text.rstrip(" ")
            blanks += len(text) - len(stripped)
            if stripped:
                head[-1] = (stripped, style)
                break
            head.pop()
        if blanks >= ERASE_MIN:
            for text, seg_style in head:
                pen.write(text, seg_style)
            pen.erase_line(style)
            return
    for text, seg_style in segments:
        pen.write(text, seg_style)


class TightChops(ChopsUpdate):
    erase = False  # the terminal erases in the current background (terminfo `bce`)
    shadow: Shadow | None = None

    def render_segments(self, console) -> str:
        pen = Pen(console._color_system, self.shadow)
        if self.shadow is not None and self.shadow.rows:
            self._scroll(pen, self.shadow)
        for y, x1, x2 in self.spans:
            ends = self.chop_ends[y]
            right = ends[-1] if ends else 0
            for end, (x, strip) in zip(ends, self.chops[y].items()):
                if strip is None or x >= x2 or end <= x1:
                    continue
                start, segments = (0, [(t, s) for t, s, _c in strip]) if x >= x1 and end <= x2 else _cells(strip, max(x1, x) - x, min(end, x2) - x)
                if not segments:
                    continue
                pen.move_to(x + start, y)
                if end == right and x2 >= end:
                    _write_line_end(pen, segments, self.erase)
                else:
                    for text, style in segments:
                        pen.write(text, style)
        return pen.done()


    def _row(self, pen: Pen, y: int) -> list:
        """The cells line `y` will show, as the shadow keeps them."""
        cells: list = []
        for strip in self.chops[y].values():
            if strip is None:
                return []
            for text, style, _control in strip:
                state = None if style is not None and style._link else pen._state_of(style)
                for char, w in _clusters(text):
                    if not w:  # marks cut from their letter: that cell is not known
                        if cells:
                            cells[-1] = (cells[-1][0] + char, None)
                        continue
                    cells.append((char, state))
                    if w == 2:
                        cells.append(("", state))
        return cells

    def _scroll(self, pen: Pen, shadow: Shadow) -> None:
        """Where whole lines are repainted and most of them are the lines above or below as the
        terminal shows them (a list scrolled by a line or three), scroll them in the terminal
        (DECSTBM margins, then IND or RI) and let the shadow diff write the rest."""
        width = shadow.size[0]
        full = [y for y, x1, x2 in self.spans if x1 == 0 and x2 >= width and y < len(shadow.rows)]
        blocks: list[list[int]] = []
        for y in full:
            if blocks and y == blocks[-1][-1] + 1:
                blocks[-1].append(y)
            else:
                blocks.append([y])
        for block in blocks:
            if len(block) < 4:
                continue
            top, bottom = block[0], block[-1]
            if all(shadow.rows[y].count(None) == width for y in block):
                continue  # nothing known there yet (the first frame, after a resize): nothing to scroll
            new = {y: self._row(pen, y) for y in block}
            if any(len(row) != width for row in new.values()):
                continue

            def same(y: int, k: int) -> int:
                old = shadow.rows[y + k]
                return sum(1 for a, b in zip(new[y], old) if a == b and a[1] is not None)

            here = sum(same(y, 0) for y in block)
            best, gain = 0, 2 * len(block) + 24  # worth the sequences and the lost lines
            for k in (1, -1, 2, -2, 3, -3):
                if abs(k) >= len(block):
                    continue
                score = sum(same(y, k) for y in block if top <= y + k <= bottom) - here
                if score > gain:
                    best, gain = k, score
            if not best:
                continue
            blank = [[None] * width for _ in range(abs(best))]
            margins = f"\x1b[{top + 1};{bottom + 1}r"
            if best > 0:  # the lines move up
                pen.out.append(f"{margins}\x1b[{bottom + 1};1H" + "\x1bD" * best + "\x1b[r")
                shadow.rows[top:bottom + 1] = shadow.rows[top + best:bottom + 1] + blank
            else:
                pen.out.append(f"{margins}\x1b[{top + 1};1H" + "\x1bM" * -best + "\x1b[r")
                shadow.rows[top:bottom + 1] = blank + shadow.rows[top:bottom + 1 + best]
            pen.x = pen.y = -1  # the cursor is home: the next write moves it
            pen._placed = False
            pen._skipped = []


class TightLayout(LayoutUpdate):
    erase = False
    shadow: Shadow | None = None

    def render_segments(self, console) -> str:
        pen = Pen(console._color_system, self.shadow)
        x = self.region.x
        for y, line in enumerate(self.strips, self.region.y):
            pen.move_to(x, y)
            segments = [(text, style) for strip in line for text, style, _control in strip]
            _write_line_end(pen, segments, self.erase)
        return pen.done()


def tighten(update, erase: bool = False, shadow: Shadow | None = None):
    """The same update, rendered by the classes above (other renderables pass through); with
    `erase`, blanks at the end of a line go out as one erase (only for a terminal with `bce`);
    with a `shadow` of the terminal, only the cells that change."""
    if type(update) is ChopsUpdate:
        update.__class__ = TightChops
    elif type(update) is LayoutUpdate:
        update.__class__ = TightLayout
    else:
        return update
    update.erase = erase
    update.shadow = shadow
    return update


_SYSTEM_TERMINFO = ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo")
_BCE = 28  # `bce`'s place among terminfo's boolean capabilities (the order of ncurses' term.h)
_TERMINFO_LIMIT = 65536  # a compiled entry is at most 32 KB


def terminal_erases_in_colour(term: str | None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the terminal named by $TERM erases with the current background (terminfo `bce`).

    Read from the compiled terminfo entry where ncurses looks for it ($TERMINFO, ~/.terminfo,
    $TERMINFO_DIRS, the system folders), without loading curses: that took 3-4 ms of every
    start. An entry that is not a regular file of root's or the user's, or is not a terminfo
    entry, counts as no entry; no entry means no colour erases (spaces are written instead)."""
    if not term or "/" in term or term.startswith("."):
        return False
    environ = os.environ if environ is None else environ
    folders = [environ.get("TERMINFO", "")]
    if environ.get("HOME"):
        folders.append(os.path.join(environ["HOME"], ".terminfo"))
    for folder in environ.get("TERMINFO_DIRS", "").split(":") if environ.get("TERMINFO_DIRS") else ():
        folders.extend([folder] if folder else _SYSTEM_TERMINFO)  # an empty part: the system's
    folders.extend(_SYSTEM_TERMINFO)
    for folder in filter(None, folders):
        for sub in (term[0], f"{ord(term[0]):02x}"):  # x/xterm, or 78/xterm (macOS, case-blind disks)
            entry = _terminfo_entry(os.path.join(folder, sub, term))
            if entry is not None:
                return _has_bce(entry)
    return False


def _terminfo_entry(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _TERMINFO_LIMIT or info.st_uid not in (0, os.getuid()):
            return None
        return os.read(fd, _TERMINFO_LIMIT)
    except OSError:
        return None
    finally:
        os.close(fd)


def _has_bce(entry: bytes) -> bool:
    """The compiled format (term(5)): six little-endian shorts (magic 0o432, or 0o1036 for 32-bit
    numbers; the size of the names; the number of booleans; ...), the names, then a byte per boolean."""
    if len(entry) < 12:
        return False
    magic, names, booleans = struct.unpack_from("<3h", entry)
    if magic not in (0o432, 0o1036) or names < 0 or booleans <= _BCE:
        return False
    at = 12 + names + _BCE
    return at < len(entry) and entry[at] == 1
