"""Right-to-left text for display: Arabic (and Hebrew) runs shaped and put in visual order.

Most terminals, and the browser terminal of `syria-timeline serve`, draw characters in the
order they are stored: an Arabic name inside an English line reads reversed and unjoined
(`دمشق` shows as `ق ش م د`). With bidi on (`--bidi on`, the default) the app lays out each line
it draws the way the Unicode bidirectional algorithm would, left to right with its
right-to-left runs reversed, and shapes Arabic letters into their joined forms. It is for
display only: what is stored, searched, copied (`y`) and exported stays in logical order.

How, and why not a library for all of it:
- Shaping uses `arabic-reshaper` (MIT, pure Python, no dependencies): the joining forms are
  tables best kept by others. Without it, runs are still ordered, letters stay unjoined.
- Ordering is a subset of UAX #9 written here (rules W1-W7, N0-N2, I1, L1-L2, L4),
  because (1) the widgets need the *permutation*, to keep each character's style (bold
  labels, the cursor row, search hits), while python-bidi only returns a string; (2) text
  from a timeline never holds explicit embeddings, overrides or isolates (`safetext.clean`
  removes them at load), so the rules that need them (X1-X10) have nothing to do. The tests
  hold this module to python-bidi's results on mixed text (tests/test_bidi.py).
Lines are laid out in a left-to-right paragraph (the app's own text is English). No Textual here.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Mapping, Sequence, TypeVar
from unicodedata import bidirectional

_reshaper: list = []  # arabic_reshaper's reshape, imported when first needed (not at start-up), or None


def _reshape_of():
    if not _reshaper:
        try:  # a dependency; guarded so that a stripped-down install still orders text
            from arabic_reshaper import reshape
        except ImportError:  # pragma: no cover - exercised only without the dependency
            reshape = None
        _reshaper.append(reshape)
    return _reshaper[0]

MODES = ("auto", "on", "off")
# Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic
# supplements and presentation forms, and the right-to-left blocks of the higher planes.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_MIRROR_PAIRS = "()<>[]{}«»‹›⁅⁆⁽⁾₍₎〈〉《》「」『』【】〔〕〖〗〘〙〚〛"
MIRRORED = {a: b for a, b in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2])}
MIRRORED.update({b: a for a, b in MIRRORED.items()})
_BRACKETS = "()[]{}⁅⁆⁽⁾₍₎〈〉《》「」『』【】〔〕〖〗〘〙〚〛"  # paired brackets (N0); « » and < > are not
_OPENING = frozenset(_BRACKETS[0::2])
_CLOSING = frozenset(_BRACKETS[1::2])

S = TypeVar("S")


def terminal_does_bidi(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the terminal is known to order right-to-left text itself (then `auto` leaves it
    alone): mlterm, Konsole, and VTE 0.58+ (GNOME Terminal, Tilix, ...) in their default modes."""
    env = os.environ if environ is None else environ
    if env.get("MLTERM") or env.get("TERM", "").startswith("mlterm") or env.get("KONSOLE_VERSION"):
        return True
    vte = env.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= 5800


def resolve(mode: str, environ: Mapping[str, str] | None = None) -> bool:
    """`--bidi auto|on|off` to on (True) or off."""
    if mode == "auto":
        return not terminal_does_bidi(environ)
    return mode == "on"


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def shape(text: str) -> str:
    """Arabic letters in their joined (presentation) forms; other text as it is."""
    if not _ARABIC.search(text):
        return text
    reshape = _reshape_of()
    return text if reshape is None else reshape(text)


# --------------------------------------------------------------------------- UAX #9, one line


def levels(text: str) -> list[int]:
    """The resolved embedding level of each character of one line of a left-to-right paragraph
    (0: left to right, 1: right to left, 2: a number inside right-to-left text). No explicit codes."""
    n = len(text)
    types = [bidirectional(ch) or "L" for ch in text]
    base, base_dir = 0, "L"
    # Boundary neutrals (BN) and explicit codes take no part (X9); they get a neighbour's level.
    keep = [i for i, t in enumerate(types) if t not in _REMOVED]
    t = [types[i] for i in keep]
    m = len(t)
    # W1: a non-spacing mark takes the type of the character before it
    for k in range(m):
        if t[k] == "NSM":
            t[k] = t[k - 1] if k else base_dir
    # W2, W3: European digits after Arabic letters are Arabic digits; AL is R
    strong = base_dir
    for k in range(m):
        if t[k] in ("L", "R", "AL"):
            strong = t[k]
        elif t[k] == "EN" and strong == "AL":
            t[k] = "AN"
    t = ["R" if x == "AL" else x for x in t]
    # W4: one separator between two numbers of the same kind joins them
    for k in range(1, m - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5: terminators next to European numbers are part of them
    k = 0
    while k < m:
        if t[k] == "ET":
            end = k
            while end < m and t[end] == "ET":
                end += 1
            if (k > 0 and t[k - 1] == "EN") or (end < m and t[end] == "EN"):
                t[k:end] = ["EN"] * (end - k)
            k = end
        else:
            k += 1
    # W6: the remaining separators and terminators are neutral
    t = ["ON" if x in ("ES", "ET", "CS") else x for x in t]
    # W7: European numbers after left-to-right text are left-to-right
    strong = base_dir
    for k in range(m):
        if t[k] in ("L", "R"):
            strong = t[k]
        elif t[k] == "EN" and strong == "L":
            t[k] = "L"
    _brackets(text, keep, t, base_dir)
    # N1, N2: neutrals between two runs of one direction take it; others the paragraph's
    k = 0
    while k < m:
        if t[k] in _NEUTRAL:
            end = k
            while end < m and t[end] in _NEUTRAL:
                end += 1
            before = _strong_dir(t[k - 1]) if k > 0 else base_dir
            after = _strong_dir(t[end]) if end < m else base_dir
            t[k:end] = [before if before == after else base_dir] * (end - k)
            k = end
        else:
            k += 1
    # I1: implicit levels (I2, for odd levels, has nothing to do in a left-to-right paragraph)
    out = [base] * n
    for k, i in enumerate(keep):
        out[i] = 1 if t[k] == "R" else 2 if t[k] in ("AN", "EN") else 0
    # X9: a removed character sits at the level of the one before it
    for i in range(1, n):
        if types[i] in _REMOVED:
            out[i] = base if types[i - 1] in ("S", "B") else out[i - 1]
    # L1: separators and trailing whitespace go back to the paragraph level
    trailing = True
    for i in range(n - 1, -1, -1):
        orig = types[i]
        if orig in ("S", "B"):
            out[i] = base
            trailing = True
        elif trailing and (orig == "WS" or orig in _REMOVED):
            out[i] = base
        else:
            trailing = False
    return out


_REMOVED = frozenset(("BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON"))


def _brackets(text: str, keep: list[int], t: list[str], e: str) -> None:
    """N0: a pair of brackets takes the direction of the text inside it (the paragraph's, when
    both directions are inside; the one before it, when only the other direction is inside)."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, i in enumerate(keep):
        ch = text[i]
        if t[k] != "ON":
            continue
        if ch in _OPENING:
            if len(stack) == 63:
                break
            stack.append((MIRRORED[ch], k))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {_strong_dir(x) for x in t[start + 1:end] if x in ("L", "R", "EN", "AN")}
        if not inside:
            continue
        if e in inside:
            direction = e
        else:
            before = next((_strong_dir(x) for x in reversed(t[:start]) if x in ("L", "R", "EN", "AN")), e)
            direction = before if before != e else e
        for k in (start, end):  # with the marks that follow the bracket
            t[k] = direction
            k += 1
            while k < len(t) and bidirectional(text[keep[k]]) == "NSM":
                t[k] = direction
                k += 1


def _strong_dir(x: str) -> str:
    return "L" if x == "L" else "R"  # R, AN and EN count as R for the neutral rules


def visual_order(text: str, lv: list[int] | None = None) -> list[int]:
    """Logical indices of `text` in the order they are drawn, left to right (rule L2);
    `lv` is `levels(text)` when the caller has it already."""
    lv = levels(text) if lv is None else lv
    order = list(range(len(text)))
    if not lv:
        return order
    highest = max(lv)
    lowest_odd = min((x for x in lv if x % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        while k < len(order):
            if lv[order[k]] >= level:
                end = k
                while end < len(order) and lv[order[end]] >= level:
                    end += 1
                order[k:end] = order[k:end][::-1]
                k = end
            else:
                k += 1
    return order


# --------------------------------------------------------------------------- for the widgets


def display(text: str) -> str:
    """One line of plain text as it should be drawn: shaped, in visual order (L4 mirrored)."""
    if not has_rtl(text):
        return text
    return _display(text)


@lru_cache(maxsize=4096)
def _display(text: str) -> str:  # about 1 ms a line (shaping is half of it): names recur, so keep them
    return "".join(text for text, _ in display_runs([(text, None)]))


def display_runs(runs: Sequence[tuple[str, S]]) -> list[tuple[str, S]]:
    """One line given as styled runs `(text, style)`, shaped and in visual order, each
    character keeping its run's style; runs of one style that end up side by side are merged.
    The style is opaque here (a Rich Style, a name, anything). This is how a search match (or
    any mark) follows its letters when a line is reordered: style the logical runs, then lay
    them out here."""
    if not any(has_rtl(text) for text, _ in runs):
        return list(runs)
    logical = "".join(text for text, _ in runs)
    plain = shape(logical)
    owner: list[int] = []
    if len(plain) == len(logical):
        # letter for letter (no lam-alef ligature): shaped as one line, so a style change inside
        # a word (a search match) keeps the letters joined, drawn exactly as the unstyled line
        shaped = list(runs)
    else:
        shaped = [(shape(text), style) for text, style in runs]  # joins stay within a run
        plain = "".join(text for text, _ in shaped)
    for n, (text, _) in enumerate(shaped):
        owner.extend([n] * len(text))
    lv = levels(plain)
    out: list[tuple[str, S]] = []
    for i in visual_order(plain, lv=lv):
        ch = plain[i]
        if lv[i] % 2:
            ch = MIRRORED.get(ch, ch)
        style = shaped[owner[i]][1]
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + ch, style)
        else:
            out.append((ch, style))
    return out
