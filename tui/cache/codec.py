"""The cache payload: a Timeline as plain values for `marshal`, and back, derived from the model.

What is stored comes from the model's own dataclasses (`dataclasses.fields` and their type
hints), read when a payload is made or read: a field added to the model is stored and
rebuilt with no change here, and a field of a type this module cannot store (a dict inside
an event, say) raises TypeError at once instead of being dropped.

Layout. Part 0, the head: the timeline's other fields (registries, eras, title...), the table
of distinct dates, the HEAD_FIELDS of every event in columns, the positions of the events per
actor, tag and place (int32 arrays), and the size of each block. Then one block per CHUNK
events: every other field of its events, in columns; a tuple of records (sources, claims) as
a count per event and one column per field of the record; an optional record (casualties) as
the positions that have one and its columns. Shared strings and tuples are written once (per
part). Dates are indexes into the table (-1: none). Nothing in a payload can run code.
No Textual here.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import sys
import types
import typing
from array import array
from collections import deque
from contextlib import contextmanager
from functools import cache
from itertools import accumulate, repeat
from operator import attrgetter

from .. import model
from ..dates import PartialDate

CHUNK = 1024  # events per block of the payload; a block is rebuilt on the first use of one of its events
FREEZE_EVENTS = 20_000  # from this many events: what is rebuilt is moved out of the collector's way
HEAD_FIELDS = ("id", "date", "end", "actors", "tags", "places")  # in columns in the head, read at once
LISTS = ("actors", "tags", "places")  # fields whose positions (model.event_positions) are stored
NOT_STORED = {"Timeline": ("events", "path")}  # the events are stored apart; the path is the caller's


@contextmanager
def gc_paused():
    """Building or reading a big timeline makes millions of objects that live on: without
    this, the collector would walk them again and again while they are made (2x slower)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --------------------------------------------------------------------------- kinds of values
# A kind says how one value is stored: ("plain",) as it is; ("date",) as an index into the
# table; ("record", cls, ((name, kind), ...)); ("optional", kind); ("tuple", kind); ("dict", kind).

_PLAIN_TYPES = (str, int, float, bool, type(None))


def _kind(hint: object, where: str) -> tuple:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint in _PLAIN_TYPES:
        return ("plain",)
    if hint is PartialDate:
        return ("date",)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        kinds = [_kind(a, where) for a in inner]
        if all(k == ("plain",) for k in kinds):
            return ("plain",)
        if len(inner) == 1 and type(None) in args:
            return ("date",) if kinds[0] == ("date",) else ("optional", kinds[0])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            inner_kind = _kind(args[0], where)
            return ("plain",) if inner_kind == ("plain",) else ("tuple", inner_kind)
        if args and all(_kind(a, where) == ("plain",) for a in args):
            return ("plain",)
    if origin is dict and args and args[0] is str:
        return ("dict", _kind(args[1], where))
    raise TypeError(f"the parse cache cannot store {where} of type {hint!r}; teach tui/cache/codec.py its kind")


@cache
def _record(cls: type) -> tuple:
    hints = typing.get_type_hints(cls)
    skip = NOT_STORED.get(cls.__name__, ())
    return ("record", cls, tuple(
        (f.name, _kind(hints[f.name], f"{cls.__name__}.{f.name}")) for f in dataclasses.fields(cls) if f.name not in skip
    ))


def schema() -> str:
    """What the current model stores (a payload made for another model is a miss)."""
    return repr((_record(model.Timeline), _record(model.Event)))


class _Encoder:
    def __init__(self) -> None:
        self.dates: dict[tuple, int] = {}
        self.shared: dict = {}

    def date(self, d: PartialDate | None) -> int:
        if d is None:
            return -1
        key = (d.year, d.month, d.day, d.approx)
        return self.dates.setdefault(key, len(self.dates))

    def share(self, value):
        """One object for equal values (marshal writes an object it has seen as a reference):
        a tuple's strings are shared too."""
        found = self.shared.get(value)
        if found is None:
            if type(value) is tuple:
                value = tuple(self.share(x) if type(x) in (str, tuple) else x for x in value)
            found = self.shared[value] = value
        return found

    def plain_column(self, values, strings: int, tuples: int = sys.maxsize) -> list:
        """Plain values, a string shorter than `strings` and a tuple shorter than `tuples` shared."""
        setdefault, share = self.shared.setdefault, self.share
        out: list = []
        append = out.append
        for v in values:
            kind = type(v)
            if kind is str:
                append(setdefault(v, v) if len(v) < strings else v)
            elif kind is tuple:
                append(share(v) if len(v) < tuples else v)
            else:
                append(v)
        return out

    def value(self, kind: tuple, v: object) -> object:
        tag = kind[0]
        if tag == "plain":
            return self.share(v) if type(v) is tuple or (type(v) is str and len(v) < 100) else v
        if tag == "date":
            return self.date(v)  # type: ignore[arg-type]  # v's type follows `kind`, which mypy cannot see
        if tag == "record":
            return tuple(self.value(k, getattr(v, name)) for name, k in kind[2])
        if tag == "optional":
            return None if v is None else self.value(kind[1], v)
        if tag == "tuple":
            return tuple(self.value(kind[1], x) for x in v)  # type: ignore[attr-defined]  # v's type follows `kind`
        return [(key, self.value(kind[1], x)) for key, x in v.items()]  # type: ignore[attr-defined]  # v's type follows `kind`


@cache
def _all_plain(kind: tuple) -> bool:
    """Whether a record kind's fields are all stored as they are (and in the order __init__ takes them)."""
    names = [f.name for f in dataclasses.fields(kind[1])]
    return all(k == ("plain",) for _, k in kind[2]) and names == [name for name, _ in kind[2]]


class _Decoder:
    def __init__(self, dates: list) -> None:
        self.dates = dates  # ends with None: index -1

    def date(self, i: object) -> PartialDate | None:
        if type(i) is not int or not -1 <= i < len(self.dates) - 1:
            raise ValueError("damaged date index")
        return self.dates[i]

    def value(self, kind: tuple, v: object) -> object:
        tag = kind[0]
        if tag == "plain":
            return v
        if tag == "date":
            return self.date(v)
        if tag == "record":
            fields = kind[2]
            if type(v) is not tuple or len(v) != len(fields):
                raise ValueError(f"damaged {kind[1].__name__}")
            if _all_plain(kind):  # the usual registry entry (a place, an actor without earlier names)
                return kind[1](*v)
            return kind[1](**{name: x if k[0] == "plain" else self.value(k, x) for (name, k), x in zip(fields, v)})
        if tag == "optional":
            return None if v is None else self.value(kind[1], v)
        if tag == "tuple":
            return tuple(self.value(kind[1], x) for x in v)  # type: ignore[attr-defined]  # v's type follows `kind`
        return {key: self.value(kind[1], x) for key, x in v}  # type: ignore[attr-defined]  # v's type follows `kind`

    def column(self, kind: tuple, column: list) -> list:
        """A column of values of one kind, rebuilt."""
        if kind[0] == "plain":
            return column
        if kind[0] == "date":
            if column and (min(column) < -1 or max(column) >= len(self.dates) - 1):
                raise ValueError("damaged dates")
            return list(map(self.dates.__getitem__, column))
        return [self.value(kind, v) for v in column]


# --------------------------------------------------------------------------- building many records

_new = object.__new__


@cache
def _slotted(cls: type) -> bool:
    """Whether `cls` can be built by setting its slots directly (as the dataclass __init__ does,
    without its per-call cost): a plain slotted dataclass with no __post_init__."""
    names = [f.name for f in dataclasses.fields(cls)]
    return not hasattr(cls, "__post_init__") and all(
        type(cls.__dict__.get(name)).__name__ == "member_descriptor" for name in names
    )


def make(cls: type, n: int, columns: typing.Mapping[str, typing.Any]) -> list:
    """n instances of `cls` whose field `name` takes its values from columns[name]."""
    names = [f.name for f in dataclasses.fields(cls)]
    if _slotted(cls):
        objs: list = list(map(_new, repeat(cls, n)))
        for name in names:
            deque(map(cls.__dict__[name].__set__, objs, columns[name]), 0)
        return objs
    return [cls(**dict(zip(names, values))) for values in zip(*(columns[name] for name in names))]


def check(n: int, *columns: object) -> None:
    for column in columns:
        if type(column) is not list or len(column) != n:
            raise ValueError("damaged column")


def _event_fields() -> tuple[tuple[str, tuple], ...]:
    fields = _record(model.Event)[2]
    names = [name for name, _ in fields]
    missing = [name for name in HEAD_FIELDS if name not in names]
    if missing:
        raise TypeError(f"the parse cache's head fields {missing} are not fields of Event")
    return fields


def body_fields() -> tuple[tuple[str, tuple], ...]:
    """The event fields stored in the blocks, with their kinds."""
    return tuple((name, kind) for name, kind in _event_fields() if name not in HEAD_FIELDS)


def head_kinds() -> dict[str, tuple]:
    return {name: kind for name, kind in _event_fields() if name in HEAD_FIELDS}


# --------------------------------------------------------------------------- encoding


def encode(timeline: model.Timeline) -> bytes:
    """The payload (see encode_parts)."""
    return b"".join(encode_parts(timeline))


def encode_parts(timeline: model.Timeline) -> list[bytes]:
    """The payload's parts: an 8-byte length and the head, then one block per CHUNK events."""
    enc = _Encoder()
    events = timeline.events
    kinds = head_kinds()
    head: dict[str, list] = {}
    for name in HEAD_FIELDS:
        values = model.event_values(events, name)
        if kinds[name] == ("date",):
            head[name] = list(map(enc.date, values))
        elif name == "id":
            head[name] = list(values)  # unique: nothing to share
        elif kinds[name] == ("plain",):
            head[name] = enc.plain_column(values, 100)  # as value(("plain",), v) does
        else:
            head[name] = [enc.value(kinds[name], v) for v in values]
    body = body_fields()
    chunk = CHUNK
    blocks = [marshal.dumps(_encode_block(events[lo : lo + chunk], body, enc)) for lo in range(0, len(events), chunk)]
    record = _record(model.Timeline)
    first = marshal.dumps({
        "schema": schema(),
        "timeline": {name: enc.value(kind, getattr(timeline, name)) for name, kind in record[2]},
        "dates": list(enc.dates),
        "chunk": chunk,
        "head": head,
        "positions": {name: _pack_positions(model.event_positions(events, name)) for name in LISTS},
        "blocks": [len(block) for block in blocks],
    })
    return [len(first).to_bytes(8, "big") + first, *blocks]


def _encode_block(events, body: tuple, enc: _Encoder) -> dict:
    out: dict[str, object] = {}
    for name, kind in body:
        values = list(map(attrgetter(name), events))
        tag = kind[0]
        if tag == "plain":
            out[name] = enc.plain_column(values, 0)  # tuples shared; an event's strings are rarely repeated
        elif tag == "date":
            out[name] = list(map(enc.date, values))
        elif tag == "tuple" and kind[1][0] == "record":
            fields = kind[1][2]
            counts = list(map(len, values))
            items = [item for value in values for item in value]
            out[name] = (counts, _encode_columns(items, fields, enc))
        elif tag == "optional" and kind[1][0] == "record":
            fields = kind[1][2]
            at = [i for i, v in enumerate(values) if v is not None]
            out[name] = (at, _encode_columns([values[i] for i in at], fields, enc))
        else:
            out[name] = [enc.value(kind, v) for v in values]
    return out


def _encode_columns(items: list, fields: tuple, enc: _Encoder) -> dict[str, list]:
    columns: dict[str, list] = {}
    for name, kind in fields:
        values = list(map(attrgetter(name), items))
        if kind == ("plain",):
            columns[name] = enc.plain_column(values, 100, 100)
        elif kind == ("date",):
            columns[name] = list(map(enc.date, values))
        else:
            columns[name] = [enc.value(kind, v) for v in values]
    return columns


def _pack_positions(positions: dict[str, list[int]]) -> tuple:
    """(keys, counts, all positions as little-endian int32 bytes): read back 10x faster than lists of ints."""
    flat = array("i")
    for at in positions.values():
        flat.extend(at)
    if sys.byteorder == "big":
        flat.byteswap()
    return list(positions), [len(at) for at in positions.values()], flat.tobytes()


def _unpack_positions(packed: tuple, n: int) -> dict[str, list[int]]:
    keys, counts, data = packed
    flat = array("i")
    flat.frombytes(data)
    if sys.byteorder == "big":
        flat.byteswap()
    if type(keys) is not list or type(counts) is not list or len(keys) != len(counts) or sum(counts) != len(flat):
        raise ValueError("damaged positions")
    values = flat.tolist()
    ends = list(accumulate(counts))
    positions = dict(zip(keys, map(values.__getitem__, map(slice, map(int.__sub__, ends, counts), ends))))
    for at in positions.values():  # each ascending, as written
        if not at or at[0] < 0 or at[-1] >= n:
            raise ValueError("damaged positions")
    return positions


# --------------------------------------------------------------------------- decoding


class Head:
    """A decoded head: what the lazy events need, and the timeline's other fields."""

    __slots__ = ("n", "chunk", "columns", "dates", "positions", "block_sizes", "fields")

    def __init__(self, n: int, chunk: int, columns: dict[str, list], dates: list, positions: dict[str, dict[str, list[int]]],
                 block_sizes: list[int], fields: dict[str, object]) -> None:
        self.n = n
        self.chunk = chunk
        self.columns = columns  # HEAD_FIELDS, rebuilt
        self.dates = dates  # the date table, then None (index -1)
        self.positions = positions
        self.block_sizes = block_sizes
        self.fields = fields  # the Timeline's other fields, rebuilt


def decode_head(data: bytes | memoryview) -> Head:
    """Rebuild the head (raises ValueError on anything unexpected)."""
    head = marshal.loads(data)
    if type(head) is not dict or head.get("schema") != schema():
        raise ValueError("a payload for another model")
    dates: list = [PartialDate(*key) for key in head["dates"]]
    dates.append(None)  # index -1
    dec = _Decoder(dates)
    kinds = head_kinds()
    raw = head["head"]
    n = len(raw["id"])
    check(n, *(raw[name] for name in HEAD_FIELDS))
    columns = {name: dec.column(kinds[name], raw[name]) for name in HEAD_FIELDS}
    positions = {name: _unpack_positions(head["positions"][name], n) for name in LISTS}
    chunk, block_sizes = head["chunk"], head["blocks"]
    if type(chunk) is not int or chunk < 1 or type(block_sizes) is not list or len(block_sizes) != -(-n // chunk):
        raise ValueError("damaged blocks")
    record = _record(model.Timeline)
    stored = head["timeline"]
    fields = {name: dec.value(kind, stored[name]) for name, kind in record[2]}
    return Head(n, chunk, columns, dates, positions, block_sizes, fields)


def decode_block(raw: object, lo: int, hi: int, head: Head) -> list:
    """The events lo..hi rebuilt from their block (raises on anything unexpected)."""
    if type(raw) is not dict:
        raise ValueError("damaged block")
    k = hi - lo
    dec = _Decoder(head.dates)
    columns: dict[str, object] = {name: column[lo:hi] for name, column in head.columns.items()}
    for name, kind in body_fields():
        value = raw[name]
        tag = kind[0]
        if tag == "tuple" and kind[1][0] == "record":
            counts, nested = value
            check(k, counts)
            items = _decode_records(kind[1], nested, sum(counts), dec)
            ends = list(accumulate(counts))
            columns[name] = list(map(tuple, map(items.__getitem__, map(slice, map(int.__sub__, ends, counts), ends))))
        elif tag == "optional" and kind[1][0] == "record":
            at, nested = value
            items = _decode_records(kind[1], nested, len(at), dec)
            column: list = [None] * k
            for i, item in zip(at, items):
                if type(i) is not int or not 0 <= i < k:
                    raise ValueError(f"damaged {name}")
                column[i] = item
            columns[name] = column
        else:
            check(k, value)
            columns[name] = dec.column(kind, value)
    return make(model.Event, k, columns)


def _decode_records(kind: tuple, nested: dict, m: int, dec: _Decoder) -> list:
    cls, fields = kind[1], kind[2]
    if type(nested) is not dict:
        raise ValueError(f"damaged {cls.__name__}")
    columns = {}
    for name, field_kind in fields:
        check(m, nested[name])
        columns[name] = dec.column(field_kind, nested[name])
    return make(cls, m, columns)
