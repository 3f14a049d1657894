"""Partial dates: a year, a month or a day, possibly approximate.

A `PartialDate` keeps exactly the precision its source gave. It orders so that a
coarser date sorts before the finer dates it contains (2016 < 2016-01 < 2016-01-01),
prints as written ("2016", "Dec 2016", "~Aug 2013", "29 Nov 2024"), and parses
everyday forms with python-dateutil ("December 2016" and "2016-12" are the same).
No Textual here.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

YEAR, MONTH, DAY = 1, 2, 3
_ISO = re.compile(r"^\s*(~)?\s*(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DateError(ValueError):
    """A date that cannot be read; the message says what forms are accepted."""


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approx: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range (1-9999)")
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is out of range (1-12)")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    f"{self.year}-{self.month:02d} has no day {self.day} (it has {last} days)"
                )

    # -- precision and spans -------------------------------------------------
    @property
    def precision(self) -> int:
        return DAY if self.day is not None else MONTH if self.month is not None else YEAR

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort key: a coarser date sorts before the finer dates it contains."""
        return (self.year, self.month or 0, self.day or 0)

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        if self.day is not None:
            return _dt.date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _dt.date(self.year, 12, 31)

    def __lt__(self, other: PartialDate) -> bool:
        return self.key < other.key

    def __le__(self, other: PartialDate) -> bool:
        return self.key <= other.key

    def __gt__(self, other: PartialDate) -> bool:
        return self.key > other.key

    def __ge__(self, other: PartialDate) -> bool:
        return self.key >= other.key

    # -- text ------------------------------------------------------------------
    def iso(self) -> str:
        """The machine form, as written in the file: 2024, 2024-11, 2024-11-29, ~2013-08."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" if self.approx else "") + text

    def __str__(self) -> str:
        if self.day is not None:
            text = f"{self.day} {_MONTHS[self.month or 0]} {self.year}"
        elif self.month is not None:
            text = f"{_MONTHS[self.month]} {self.year}"
        else:
            text = str(self.year)
        return ("~" if self.approx else "") + text

    def short(self) -> str:
        """Fixed-width form for list columns: '29 Nov 2024', '   Dec 2016', '       2016'."""
        return str(self).rjust(12)


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> PartialDate:
    match = _ISO.match(text)
    if match:
        approx, year, month, day = match.groups()
        return PartialDate(
            int(year),
            int(month) if month else None,
            int(day) if day else None,
            bool(approx),
        )
    approx = False
    body = text.strip()
    if body.startswith("~"):
        approx, body = True, body[1:].strip()
    if not body:
        raise DateError("empty date")
    from dateutil import parser as _parser  # deferred: only everyday forms need it

    try:
        one = _parser.parse(body, default=_dt.datetime(2000, 1, 1))
        two = _parser.parse(body, default=_dt.datetime(2004, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise DateError(f"cannot read {text!r} as a date ({exc})") from None
    if one.year != two.year:
        raise DateError(f"{text!r} has no year")
    has_month = one.month == two.month
    has_day = one.day == two.day
    if has_day and not has_month:
        raise DateError(f"{text!r} has a day but no month")
    return PartialDate(one.year, one.month if has_month else None, one.day if has_day else None, approx)


def parse_date(value: object) -> PartialDate:
    """Read a date from YAML (int, date, str) or user input. Raises DateError."""
    if type(value) is str:  # the usual case, first
        if len(value) > 64:
            raise DateError("a date is at most 64 characters")
        return _parse_text(value)
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date")
    if isinstance(value, _dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        return PartialDate(value)
    if isinstance(value, str):
        if len(value) > 64:
            raise DateError("a date is at most 64 characters")
        return _parse_text(value)
    raise DateError(f"expected a date like 2016, 2016-12 or 2016-12-22, not {type(value).__name__}")


def parse_range(text: str) -> tuple[PartialDate | None, PartialDate | None]:
    """Read '2016', '2016-07..2016-12', '2019..', '..2012' into (from, to) bounds.

    A single date means the whole span it names ('2016' is all of 2016).
    """
    text = text.strip()
    if ".." in text:
        left, _, right = text.partition("..")
        lo = parse_date(left) if left.strip() else None
        hi = parse_date(right) if right.strip() else None
        if lo is None and hi is None:
            raise DateError("give at least one side of the range, e.g. 2019.. or ..2012")
        if lo is not None and hi is not None and hi.last_day() < lo.first_day():
            raise DateError(f"the range ends ({hi}) before it starts ({lo})")
        return lo, hi
    one = parse_date(text)
    return one, one
