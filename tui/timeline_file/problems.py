"""Problems with a timeline file: what the rules find (`Issue`, at a path in the document) and
what is reported (`Problem`, at file:line:col). No Textual here."""

from __future__ import annotations

from typing import NamedTuple

from ..safetext import clean

MAX_PROBLEMS = 50  # a report lists at most this many problems (the earliest in the file)

Path = tuple  # keys (str) and list positions (int) from the document's root to a value


class Problem(NamedTuple):
    path: str
    line: int  # 1-based; 0 when the problem is with the file as a whole
    col: int  # 1-based; 0 when only the line is known
    message: str

    def __str__(self) -> str:
        return f"{location(self.path, self.line, self.col)}: {self.message}"


def location(path: str, line: int = 0, col: int = 0) -> str:
    """Where a problem is, as editors and compilers write it: `path:line:col`, `path:line` when
    the column is not known, `path` alone for the file as a whole (line 0). The one place that
    formats a location."""
    if line <= 0:
        return str(path)
    if col <= 0:
        return f"{path}:{line}"
    return f"{path}:{line}:{col}"


class TimelineError(Exception):
    """A timeline that cannot be used; `problems` lists every problem found (capped), in file order."""

    def __init__(self, problems: list[Problem]):
        # messages may quote the file (a bad date, an unknown key): never let them carry control codes
        problems = [Problem(clean(str(p.path)), p.line, p.col, short(clean(p.message), 400)) for p in problems]
        self.problems = sorted(problems, key=lambda p: (p.line, p.col))[:MAX_PROBLEMS]
        super().__init__(str(self.problems[0]) if problems else "invalid timeline")


class Issue(NamedTuple):
    """A rule broken at `where` (a Path into the document): located only when reported.
    `key`: at the key of the last step, not its value. `first`: the Path of an earlier value
    this one repeats; the report then says "(first on line N)" between `message` and `after`."""

    where: tuple
    message: str
    key: bool = False
    first: tuple | None = None
    after: str = ""


class TooMany(Exception):
    """MAX_PROBLEMS found: stop looking."""


def short(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters (with … when cut), for quoting file content in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def whole_file(path: str, message: str) -> TimelineError:
    """An error about the file as a whole (line 0)."""
    return TimelineError([Problem(path, 0, 0, message)])
