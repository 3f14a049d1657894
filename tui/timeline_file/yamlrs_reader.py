"""The fast adapter: the Rust parser `yaml-rs` (optional) -> the same plain document, or nothing.

PyYAML (pyyaml_reader.py) is the reference. yaml-rs reads YAML 1.2 and gives plain values
without line numbers, twice as fast in half the memory. This adapter gives the plain document
PyYAML's would give, or declines (None) whenever the two could differ: a YAML feature the
parsers read differently (caught by guards on the raw text), a value whose text it cannot know
(a boolean), anything a timeline never holds (tags, anchors, aliases, directives). It cannot
locate a value, so the rules' first problem also makes it decline: the caller then reads the
file with PyYAML, which reports every problem at its line and column.
tests/test_fastload.py holds the two to each other. No Textual here.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any, NamedTuple

from ..safetext import clean
from .document import Document, Undecided
from .reading import too_many_values, too_many_values_in

try:
    import yaml_rs
except ImportError:  # the optional extra: pip install 'syria-timeline[fast]'
    yaml_rs = None  # type: ignore[assignment]  # the module, or None

MAX_DEPTH = 100

# --------------------------------------------------------------------------- guards on the raw text
# Checked on the UTF-8 bytes, with searches that start from a rare literal (fast in C).
_ALLOWED_BYTES = bytes([0x0A, 0x0D]) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_ODD_UNICODE = (
    re.compile(rb"\xc2[\x80-\x9f]"),  # C1 controls and NEL (PyYAML reads NEL as a line break)
    re.compile(rb"\xe2\x80[\xa8\xa9]"),  # LS, PS: line breaks to PyYAML, not to YAML 1.2
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # BOM inside the text, U+FFFE, U+FFFF
)
# a tag (!foo, !!binary, !), an anchor (&a) or an alias (*a); "R&D" and " & " are no such thing.
# One pattern per character, each starting with its literal: a character class first is 15x slower.
_TAG = (
    re.compile(rb"!(?<=[ \n\[\]{},]!)"),
    re.compile(rb"&(?<=[ \n\[\]{},]&)(?=[^ \r\n,\[\]{}])"),
    re.compile(rb"\*(?<=[ \n\[\]{},]\*)(?=[^ \r\n,\[\]{}])"),
)
_DIRECTIVE = re.compile(rb"%(?<=\n%)")
_FLOW_COLON = re.compile(rb":[,\[\]{}]")  # {a:} or [a:, b]: PyYAML refuses, yaml-rs reads a null
# plain scalars yaml-rs reads as an integer whose text is not the integer's usual form
# (007, 0x1f, 0o17, 0b101, -0, +5, 1_000): the document gives an int only when str(int) is the text
_INT_END = rb"[0-9a-zA-Z_]*(?=[ ]*(?:$|[,\]}#\r]|:(?:[ ]|$)))"
_ODD_INT = (
    re.compile(rb"0(?<=[ \n\[{,]0)[0-9a-zA-Z_]" + _INT_END, re.MULTILINE),
    re.compile(rb"-0(?<=[ \n\[{,]-0)" + _INT_END, re.MULTILINE),
    re.compile(rb"\+(?<=[ \n\[{,]\+)[0-9]" + _INT_END, re.MULTILINE),
    re.compile(rb"_(?<=[0-9]_)" + _INT_END, re.MULTILINE),
)
# In flow collections yaml-rs reads some plain items PyYAML refuses or reads otherwise ([:a],
# [?a], [|], [@a]...): a value that starts with one of these goes to PyYAML. (A value that
# starts with a quote or a bracket was quoted in the file: both parsers read those alike.)
_ODD_START = frozenset(":?|>@`%!&*")


def available() -> bool:
    return yaml_rs is not None


def odd_text(text: str) -> str:
    """Why this adapter will not read this text ("" when it will).

    YAML 1.2 (yaml-rs) and YAML 1.1 (PyYAML) read a few things differently; rather than
    reproduce PyYAML's reading of them, a text that has one goes to the reference adapter.
    (Flow items that start with an indicator character are caught on the values: _ODD_START.)
    """
    return odd_bytes(text.encode("utf-8", "surrogatepass"), text)


def odd_bytes(data: bytes, text: str | None = None, *, values: bool = True) -> str:
    """`odd_text` of the text these UTF-8 bytes hold (`text`, if given, is that text); without
    the cap on the number of values if not `values` (the bytes are a part of the file)."""
    if data.translate(None, _ALLOWED_BYTES):
        return "a tab or a control character"
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return "a carriage return that is not part of CRLF"
    if not data.isascii() and any(p.search(data) for p in _ODD_UNICODE):
        return "NEL, LS, PS, a BOM or a C1 control character"
    if data[:1] in (b"!", b"&", b"*", b"%") or any(p.search(data) for p in _TAG) or _DIRECTIVE.search(data):
        return "a tag, an anchor, an alias or a directive"
    if _FLOW_COLON.search(data):
        return "a colon before a flow indicator"
    if data[:1] in (b"0", b"-", b"+") or any(p.search(data) for p in _ODD_INT):
        return "a number written in an unusual form"
    if values and (too_many_values(text) if text is not None else too_many_values_in(data)):  # PyYAML's adapter refuses it before parsing
        return "too many values"
    return ""


# --------------------------------------------------------------------------- event lines


def _starts_of(data, word):
    """Where the lines of `data` (str or bytes) that start with `word` (of the same type) start."""
    found = [0] if data.startswith(word) else []
    line = word[:0] + ("\n" if isinstance(word, str) else b"\n") + word
    at = data.find(line)
    while at >= 0:
        found.append(at + 1)
        at = data.find(line, at + 1)
    return found


_EVENTS_KEY = re.compile(r"^events[ \t]*:[ \t]*(?:#.*)?\r?$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^(?:[ \t]*(?:#.*)?\r?\n)*( *)-[ \r\n]", re.MULTILINE)
_ITEM_ID = re.compile(r"-[ ]+(?:\{[ ]*)?id[ ]*:[ ]*(?:'([^'\n]*)'|\"([^\"\\\n]*)\"|([^\s,}#'\"]+))")


def event_lines(text: str, ids: list[str]) -> list[int] | None:
    """The 1-based line on which each event (in file order) starts, or None if not certain.

    Certain means: a single top-level `events:` key; every line of its block sequence that
    starts an item (`- ` at the sequence's indentation, up to the next line indented less)
    starts with the id of the event expected there (`- id: X` or `- {id: X, ...}`); as many
    such lines as events. Any other layout returns None (and PyYAML does the work).
    """
    keys = [m for m in map(_EVENTS_KEY.match, repeat(text), _starts_of(text, "events")) if m]  # `^events` is slow
    if len(keys) != 1:
        return None
    found = keys[0]
    start = found.end() + 1  # the line after `events:`
    first = _FIRST_ITEM.match(text, start)
    if first is None:
        return None
    indent = first.group(1)
    k = len(indent)
    # the section ends at the first line indented less than its items (k == 0: a line at the
    # margin that is not an item or a comment), or at an item-looking line like "-foo" or "---"
    if k == 0:
        end_re = re.compile(r"\n(?:[^\s#\-]|-[^ \r\n])")
    else:
        end_re = re.compile(r"\n(?: {0,%d}[^ \r\n#]| {%d}-[^ \r\n])" % (k - 1, k))
    end_match = end_re.search(text, first.start(1) - 1)
    end = end_match.start() + 1 if end_match else len(text)
    item_re = re.compile(re.escape("\n" + indent + "-") + r"[ \r\n]")
    lines: list[int] = []
    line = text.count("\n", 0, first.start(1)) + 1
    at = first.start(1)
    n = 0
    for match in item_re.finditer(text, first.start(1) - 1, end):
        if n >= len(ids):
            return None
        pos = match.start() + 1
        line += text.count("\n", at, pos)
        at = pos
        got = _ITEM_ID.match(text, pos + k)
        if got is None or (got.group(1) or got.group(2) or got.group(3)) != ids[n]:
            return None
        lines.append(line)
        n += 1
    return lines if len(lines) == len(ids) else None


# --------------------------------------------------------------------------- values


class _Decline(Exception):
    """Not certain: let PyYAML read the file."""


def _plain(value: Any, depth: int = 0) -> Any:
    """`value` as the plain document holds it (changed in place), or _Decline."""
    kind = type(value)
    if kind is str:
        if value[:1] in _ODD_START:
            raise _Decline
        return value
    if kind is dict:
        if depth > MAX_DEPTH:
            raise _Decline
        odd_keys = False
        for key, item in value.items():
            if type(key) is not str or key[:1] in _ODD_START:
                raise _Decline
            if not key.isprintable():
                odd_keys = True
            kind = type(item)
            if kind is str:
                if item[:1] in _ODD_START:
                    raise _Decline
            elif kind is list:
                for x in item:  # a list of text (actors, tags, places) without another call
                    if type(x) is not str or x[:1] in _ODD_START:
                        _plain(item, depth + 1)  # in place: the same object
                        break
            elif kind is dict:
                _plain(item, depth + 1)
            elif not (item is None or kind is int or kind is float):
                raise _Decline  # a boolean: its text (true, True, TRUE) is not known
        if odd_keys:
            cleaned = {clean(key): item for key, item in value.items()}
            if len(cleaned) != len(value):
                raise _Decline
            value.clear()
            value.update(cleaned)
        return value
    if kind is list:
        if depth > MAX_DEPTH:
            raise _Decline
        for item in value:
            kind = type(item)
            if kind is str:
                if item[:1] in _ODD_START:
                    raise _Decline
            elif kind is list or kind is dict:
                _plain(item, depth + 1)
            elif not (item is None or kind is int or kind is float):
                raise _Decline
        return value
    if value is None or kind is int or kind is float:
        return value
    raise _Decline


def parse(text: str) -> object:
    """yaml-rs's reading of `text` (plain values); raises on anything it refuses, aliases included."""
    assert yaml_rs is not None
    return yaml_rs.loads(
        text,
        parse_datetime=False,
        alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0),  # aliases: PyYAML reports them
        duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
    )


def document(text: str) -> Document | None:
    """The plain document of `text`, or None when PyYAML must read it. It cannot locate values."""
    if yaml_rs is None or odd_text(text):
        return None
    try:
        data = _plain(parse(text))
    except Exception:  # noqa: BLE001 - any refusal or doubt: PyYAML reads it and reports with locations
        return None
    items = data.get("events") if type(data) is dict else None
    if type(items) is not list:
        return None
    ids = [item["id"] for item in items if type(item) is dict and type(item.get("id")) is str]
    if len(ids) != len(items):  # an item without a string id: PyYAML reads it and says where
        return None
    lines = event_lines(text, ids)
    if lines is None:
        return None
    return Document(data, lines)


# --------------------------------------------------------------------------- a big file in pieces
# A big file is parsed a piece at a time: its top-level `events:` block is cut at item lines
# into pieces of about PIECE_BYTES, each parsed alone as `events:` + its items, after the rest of
# the file (every other key, before and after the block). The rules still run once, over every
# item in order (rules.check reads the pieces as they come), but only one piece's plain values
# are held at a time, and the pieces can be parsed in another process while the rules run here.
# The cut is made only where it is certain (see `plan`); any doubt declines to reading the file
# whole (`SplitDeclined`), and any problem to PyYAML, as for a whole file.

PIECE_BYTES = 4 << 20

_EVENTS_KEY_B = re.compile(rb"^events[ \t]*:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_FIRST_ITEM_B = re.compile(rb"^(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-[ \r\n]", re.MULTILINE)
_TOP_KEY_B = re.compile(rb"[A-Za-z_][A-Za-z0-9_-]*[ \t]*:[ \t\r\n]")  # a plain top-level key at the margin
_CONTENT_B = re.compile(rb"^[ \t]*[^ \t\r\n#]", re.MULTILINE)


class SplitDeclined(Exception):
    """The file cannot be cut into pieces with certainty: read it whole."""


class Plan(NamedTuple):
    key: int  # where the `events:` line starts
    tail: int  # where the text after the events' block starts (len(data): none)
    cuts: list  # where each piece starts, then where the last one ends
    lines: list  # the 1-based line on which each piece starts
    items: int  # the items of the block
    indent: bytes  # the items' indentation


def plan(data: bytes, piece_bytes: int = PIECE_BYTES) -> Plan | None:
    """Where to cut `data` (UTF-8, no BOM) into pieces, or None when not certain: a single
    top-level `events:` line (at the margin, nothing but a comment after the colon) followed by
    a block sequence; the block ends (as `event_lines` finds it) at the end of the file or at a
    plain key at the margin. Every cut is at the start of an item line of the block (`-` at the
    items' indentation): no value of the whole file crosses it, or the piece before it would
    not parse (an unclosed quote or bracket), and the caller then declines."""
    keys = [m for m in map(_EVENTS_KEY_B.match, repeat(data), _starts_of(data, b"events")) if m]  # `^events` is slow
    if len(keys) != 1:
        return None
    found = keys[0]
    first = _FIRST_ITEM_B.match(data, found.end() + 1)
    if first is None:
        return None
    indent = first.group(1)
    k = len(indent)
    begin = first.start(1)
    if k == 0:
        end_re = re.compile(rb"\n(?:[^\s#\-]|-[^ \r\n])")
    else:
        end_re = re.compile(rb"\n(?: {0,%d}[^ \r\n#]| {%d}-[^ \r\n])" % (k - 1, k))
    end_match = end_re.search(data, begin - 1)
    end = end_match.start() + 1 if end_match else len(data)
    if end < len(data) and not _TOP_KEY_B.match(data, end):
        return None
    item = re.compile(re.escape(b"\n" + indent + b"-") + rb"[ \r\n]")
    cuts = [begin]
    while cuts[-1] + piece_bytes < end:
        got = item.search(data, cuts[-1] + piece_bytes - 1, end)
        if got is None:
            break
        cuts.append(got.start() + 1)
    cuts.append(end)
    lines = [data.count(b"\n", 0, begin) + 1]
    for lo, hi in zip(cuts, cuts[1:-1]):
        lines.append(lines[-1] + data.count(b"\n", lo, hi))
    # every "\n<indent>-" of the block starts an item: "-" followed by anything else ended it
    count = data.count(b"\n" + indent + b"-", begin - 1, end)
    return Plan(found.start(), end, cuts, lines, count, indent)




_ITEM_ID_B = re.compile(rb"-[ ]+(?:\{[ ]*)?id[ ]*:[ ]*(?:'([^'\n]*)'|\"([^\"\\\n]*)\"|([^\s,}#'\"]+))")


def _piece_lines(piece: bytes, item_re: re.Pattern, k: int, ids: list[str], line: int) -> list[int] | None:
    """`event_lines` of a piece (which starts with an item line, on line `line` of the file),
    on its bytes: the line of each item, if every item line starts with the id expected there."""
    starts = [0, *(m.start() + 1 for m in item_re.finditer(piece))]
    if len(starts) != len(ids):
        return None
    lines = []
    at = 0
    for pos, want in zip(starts, ids):
        line += piece.count(b"\n", at, pos)
        at = pos
        got = _ITEM_ID_B.match(piece, pos + k)
        if got is None or (got.group(1) or got.group(2) or got.group(3)) != want.encode("utf-8", "surrogatepass"):
            return None
        lines.append(line)
    return lines


def _yaml_of(data: bytes | str) -> object:
    """yaml-rs's reading of UTF-8 bytes or text: SplitDeclined when it refuses them (maybe a cut
    made them invalid), Undecided for bytes that are not UTF-8 (PyYAML's path says where)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise Undecided("not UTF-8") from None
    try:
        return parse(text)
    except Exception:  # noqa: BLE001 - a refusal, maybe only of the piece: read the file whole
        raise SplitDeclined from None


def pieces(data: bytes, piece_bytes: int = PIECE_BYTES, taken=None):
    """The file's document in pieces, as messages: ("head", the top mapping without `events`,
    the number of events, the Plan as plain values), then ("piece", items, their 1-based lines,
    the piece's number) for each piece, then ("end",); or ("decline", "split") when it cannot be
    read in pieces (read it whole), or ("decline", "content") when PyYAML must read it. Plain
    values only (they cross a pipe). `taken(i)`, if given, says another process parses piece i
    (it is skipped here). `odd_bytes` is checked a part at a time (only "end" says the pieces
    stand); the caller has refused a file with too many values before (reading.too_many_values_in)."""
    try:
        cut = plan(data, piece_bytes)
        if cut is None:
            raise SplitDeclined
        rest = data[: cut.key] + data[cut.tail :]
        top = _yaml_of(rest)
        if top is None and not _CONTENT_B.search(rest):
            top = {}
        if type(top) is not dict or "events" in top:
            raise SplitDeclined
        yield ("head", _plain(top), cut.items, tuple(cut))
        del rest, top
        # the guards on the raw text, a part at a time (each part starts a line: "\n" before it
        # gives the lookbehinds what the whole text gives them), as the pieces go
        if odd_bytes(data[: cut.key], values=False) or odd_bytes(b"\n" + data[cut.key : cut.cuts[0]], values=False):
            raise Undecided("odd text")
        if cut.tail < len(data) and odd_bytes(b"\n" + data[cut.tail :], values=False):
            raise Undecided("odd text")
        for i in range(len(cut.cuts) - 1):
            if taken is None or not taken(i):
                yield ("piece", *piece(data, cut, i), i)
        yield ("end",)
    except SplitDeclined:
        yield ("decline", "split")
    except DECLINES:
        yield ("decline", "content")


DECLINES = (Undecided, _Decline, RecursionError)  # what `piece` raises, besides SplitDeclined


def piece(data: bytes, cut: Plan, i: int) -> tuple[list, list[int]]:
    """The items of piece `i` and their lines (raises SplitDeclined, or one of DECLINES)."""
    lo, hi = cut.cuts[i], cut.cuts[i + 1]
    part = data[lo:hi]
    if odd_bytes(b"\n" + part, values=False):
        raise Undecided("odd text")
    try:
        text = "events:\n" + part.decode("utf-8")
    except UnicodeDecodeError:
        raise Undecided("not UTF-8") from None
    got = _yaml_of(text)
    del text
    if type(got) is not dict or list(got) != ["events"] or type(got["events"]) is not list:
        raise SplitDeclined
    items = _plain(got)["events"]
    ids = [item.get("id") if type(item) is dict else None for item in items]
    if not all(type(i) is str for i in ids):
        raise Undecided("an event without a text id")
    item_re = re.compile(re.escape(b"\n" + cut.indent + b"-") + rb"[ \r\n]")
    found = _piece_lines(part, item_re, len(cut.indent), ids, cut.lines[i])  # type: ignore[arg-type]
    if found is None:
        raise SplitDeclined
    return items, found


def document_in_pieces(messages) -> Document:
    """The Document of `pieces`' messages (read as the rules go: raises SplitDeclined or
    Undecided from there when a later piece declines)."""
    first = next(messages)
    if first[0] != "head":
        raise SplitDeclined if first[1] == "split" else Undecided("declined")
    top, count = first[1], first[2]
    top["events"] = []  # the rules read them from the pieces

    def each():
        for message in messages:
            kind = message[0]
            if kind == "piece":
                yield message[1], message[2]
            elif kind == "end":
                return
            else:
                raise SplitDeclined if message[1] == "split" else Undecided("declined")
        raise SplitDeclined  # the producer stopped short

    return Document(top, (), pieces=each(), count=count)
