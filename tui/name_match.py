"""How well a typed query matches a name, and where (pickers, the palette). No Textual here.

Tiers, best first: the whole name; a whole word of it; the name's start; a word's start; inside
a word; and last the query's letters in order within a short stretch ("hzb" in Hezbollah),
for Latin letters only (scattered Arabic letters match too much: هيئة is not in Jordan's name).
The positions are in the name as written, so a picker can underline what matched.
"""

from __future__ import annotations

from typing import NamedTuple

from .search_fold import fold

EXACT, WORD, START, WORD_START, INSIDE, SCATTERED = 100, 90, 80, 70, 40, 10


class Match(NamedTuple):
    score: int  # 0: no match
    which: int = -1  # the candidate that matched best
    spans: tuple[tuple[int, int], ...] = ()  # (start, end) in that candidate as written


NONE = Match(0)


def folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` one letter at a time, and for each folded letter the position of the letter
    it came from (runs of spaces are not collapsed: positions stay exact)."""
    out: list[str] = []
    offsets: list[int] = []
    for at, ch in enumerate(text):
        piece = fold(ch) if ch != " " else " "
        out.append(piece)
        offsets.extend([at] * len(piece))
    return "".join(out), offsets


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def match_one(query: str, name: str) -> Match:
    """The match of a folded, stripped query in one name."""
    if not name:
        return NONE
    hay, offsets = folded_with_offsets(name)

    def span(lo: int, hi: int) -> tuple[int, int]:
        return offsets[lo], offsets[hi - 1] + 1

    if hay.strip() == query:
        return Match(EXACT, 0, (span(0, len(hay)),))
    best, where = 0, -1
    at = hay.find(query)
    while at != -1:
        before = at == 0 or not _is_word(hay[at - 1])
        after = at + len(query) >= len(hay) or not _is_word(hay[at + len(query)])
        score = WORD if before and after else START if at == 0 else WORD_START if before else INSIDE
        if score > best:
            best, where = score, at
        at = hay.find(query, at + 1)
    if best:
        return Match(best, 0, (span(where, where + len(query)),))
    letters = query.replace(" ", "")
    if letters.isascii():
        found = _in_order(letters, hay)
        if found:
            return Match(SCATTERED, 0, tuple(span(i, i + 1) for i in found))
    return NONE


def best(query: str, names) -> Match:
    """The best match of `query` among `names` (first wins a tie); score 1 for an empty query."""
    want = " ".join(fold(query).split())
    if not want:
        return Match(1)
    top = NONE
    for n, name in enumerate(names):
        found = match_one(want, name or "")
        if found.score > top.score:
            top = Match(found.score, n, found.spans)
            if found.score == EXACT:
                break
    return top


def _in_order(needle: str, hay: str) -> list[int]:
    """Positions of the needle's letters in order within a short stretch of hay (2 * len + 2),
    the tightest from the first place it starts; [] if there is none."""
    limit = 2 * len(needle) + 2
    start = hay.find(needle[0])
    while start != -1:
        found = [start]
        for ch in needle[1:]:
            at = hay.find(ch, found[-1] + 1)
            if at == -1 or at - start >= limit:
                break
            found.append(at)
        else:
            return found
        start = hay.find(needle[0], start + 1)
    return []
