"""How keys flow into the app when they arrive faster than the screen changes (no Textual here).

Over SSH keys arrive in bunches: `/quneitra` can come in one read, and the `q` must reach the
search prompt that `/` opens, not the main screen that is still focused while the prompt mounts.
The app therefore lets one key at a time travel when a key may change where the next one goes
(it opens a prompt, a picker or a screen, or closes one), and holds the keys behind it until that
change has settled. Keys that only move within the same place (cursor keys on the list, letters
typed into a prompt) flow on without waiting, so a held ↓ costs no more than before.

Two things here are plain logic, kept apart from Textual so they can be tested alone:

- `ReplyFilter`: the terminal answers the app's start-up queries (`ESC [ ? 2026 ; 2 $ y`). When
  the link splits such a reply after its ESC for longer than the escape delay, the parser has
  already read a lone Esc, and the rest would arrive as keys (`?` opened Help). The filter holds
  characters that can only be the rest of such a reply and drops them once the reply is whole;
  anything else is released in order.
- `escape_delay_ms`: how long a lone ESC waits for the rest of a sequence. Over SSH an arrow key's
  bytes can be split by the network, so the default there is longer.
- `EscapeSplitter`: Esc typed and then another key, read together (typed ahead, or delivered at
  once after a lag over SSH), is two keys. Textual's key parser reads `ESC x` as one: alt+x for
  a letter, `¡` for `ESC 1`, ctrl+w for `ESC backspace`, plain Enter for `ESC Enter`, and after
  `ESC /` or `ESC :` it swallows the Esc, or turns it into `^` when another Esc follows. Only
  `ESC [` and `ESC O` begin the sequences a terminal sends for keys, mouse, paste and replies;
  the splitter marks every other ESC as a key of its own (tui/terminal_input.py tells the parser).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Generic, TypeVar

T = TypeVar("T")

LOCAL_ESCAPE_DELAY_MS = 100  # Textual's own default: a lone Esc answers at once on a local terminal
SSH_ESCAPE_DELAY_MS = 300  # over SSH: arrow keys split by up to ~250 ms are still one key

# What terminals answer to queries: mode reports (DECRPM, `[?2026;2$y`), device attributes
# (`[?64;1;2c`), keyboard flags (`[?1u`) and cursor position reports (`[12;40R`).
# A key split by the link after its ESC (`[B`, `[5~`) has no `?` and no `;`, so it is let through.
_REPLY = re.compile(r"\[(?:\?[\d;]*\$?[A-Za-z]|\d+;[\d;]*[A-Za-z~])")
_REPLY_START = re.compile(r"\[(?:\?[\d;]*\$?|\d+(?:;[\d;]*)?)?")

REPLY_WINDOW = 1.0  # a reply's rest follows its ESC within this many seconds
REPLY_HOLD = 0.35  # a held character that goes no further is released after this long


def escape_delay_ms(environ: Mapping[str, str]) -> int:
    """The escape delay to use: ESCDELAY if the user set it, longer over SSH, else the default."""
    value = environ.get("ESCDELAY", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY") or environ.get("SSH_CLIENT"):
        return SSH_ESCAPE_DELAY_MS
    return LOCAL_ESCAPE_DELAY_MS


class ReplyFilter(Generic[T]):
    """Feed it each key as (item, character, is_escape, now); it returns the items to deliver now.

    Items are opaque (the app's key events). Characters that could be the rest of a terminal
    reply, arriving soon after an Esc, are held; a whole reply is dropped; anything that cannot be
    a reply releases what was held, in order. `flush(now)` releases characters held too long.
    """

    def __init__(self, window: float = REPLY_WINDOW, hold: float = REPLY_HOLD) -> None:
        self.window = window
        self.hold = hold
        self._escape_at: float | None = None
        self._held: list[tuple[T, str]] = []
        self._held_at = 0.0
        self.dropped: list[str] = []  # replies taken out (for tests and the debug log)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def feed(self, item: T, character: str | None, is_escape: bool, now: float) -> list[T]:
        if is_escape:
            out = self._release()
            self._escape_at = now
            return out + [item]
        recent = self._escape_at is not None and now - self._escape_at <= self.window
        if character and recent:
            candidate = "".join(c for _, c in self._held) + character
            if _REPLY.fullmatch(candidate):
                self._held.clear()
                self._escape_at = None
                self.dropped.append(candidate)
                return []
            if _REPLY_START.fullmatch(candidate):
                self._held.append((item, character))
                self._held_at = now
                return []
        out = self._release()
        self._escape_at = None
        return out + [item]

    def flush(self, now: float) -> list[T]:
        """Release held characters that no reply followed in time."""
        if self._held and now - self._held_at >= self.hold:
            self._escape_at = None
            return self._release()
        return []

    def _release(self) -> list[T]:
        out = [item for item, _ in self._held]
        self._held.clear()
        return out


ESCAPE = "\x1b"
SEQUENCE_STARTS = "[O" + ESCAPE  # what may follow an ESC that begins a sequence (ESC ESC: Textual's own Esc key)
PASTE_START = "\x1b[200~"  # bracketed paste: what comes between these is text, Esc and all
PASTE_END = "\x1b[201~"


class EscapeSplitter:
    """Feed it the text of each read from the terminal, in order; `split` cuts it where an ESC
    stands alone: every piece but the last ends with such an ESC (or is empty, when the ESC
    ended the read before), and the parser must take that ESC as the Esc key before it reads
    the next piece. An ESC at the very end of a read is left to the parser's escape delay (the
    rest of a key may be on its way); an ESC inside a bracketed paste is pasted text."""

    def __init__(self) -> None:
        self._after_escape = False  # the last character read was an ESC outside a paste
        self._marker = ""  # the start of PASTE_START (outside a paste) or PASTE_END (inside) read so far
        self.pasting = False

    def split(self, data: str) -> list[str]:
        if not (self._after_escape or self._marker) and ESCAPE not in data:
            return [data]
        pieces: list[str] = []
        start = 0
        for at, char in enumerate(data):
            if self._after_escape and char not in SEQUENCE_STARTS:
                pieces.append(data[start:at])
                start = at
            self._after_escape = char == ESCAPE and not self.pasting
            self._follow_paste(char)
        pieces.append(data[start:])
        return pieces

    def _follow_paste(self, char: str) -> None:
        marker = PASTE_END if self.pasting else PASTE_START
        seen = self._marker + char
        if marker.startswith(seen):
            self._marker = seen
        else:
            self._marker = char if char == ESCAPE else ""
        if self._marker == marker:
            self.pasting = not self.pasting
            self._marker = ""
