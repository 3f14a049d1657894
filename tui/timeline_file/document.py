"""The plain document the rules read, whichever parser made it. No Textual here.

A document is what a parser's adapter hands to `rules.build`: plain values only.

- a mapping is a `dict` with `str` keys (cleaned with `safetext.clean`, no duplicates);
- a list is a `list`;
- a scalar is its text as written (`str`), or None for YAML's null (`~`, `null`, nothing);
  an adapter may also give an `int` where the text was written exactly as `str(value)`, and a
  `float` for a number whose text it does not know (only the number rules accept one: used as
  text it raises `Undecided`);
- `REFUSED` stands where the adapter refused a value (a tag, an alias, nesting too deep) and
  has already reported it: the rules skip it without another message.

Tags, anchors, aliases, merge keys and duplicate keys never reach the rules: each adapter
refuses them (PyYAML's with a located problem; yaml-rs's by declining the file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .problems import Problem


class _Refused:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = _Refused()


class Undecided(Exception):
    """The document cannot say (a number used as text by a reader that does not know its text):
    read the file with the reference adapter (PyYAML)."""


@dataclass
class Document:
    data: object  # the root value (None for an empty file)
    event_lines: Sequence[int]  # 1-based line of each item of the top-level `events` list
    # where a value or key is: (path, at_key) -> (line, col); None when the adapter cannot say
    locate: Callable[[tuple, bool], tuple[int, int]] | None = None
    problems: list[Problem] = field(default_factory=list)  # found by the adapter itself, located
    # a big file's events in pieces, each (items, their 1-based lines), read once as the rules go
    # (yamlrs_reader.pieces); `data`'s `events` is then an empty list, and `count` says how many
    pieces: Iterator[tuple[list, Sequence[int]]] | None = None
    count: int = 0
