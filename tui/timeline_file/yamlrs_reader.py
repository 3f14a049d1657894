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
from typing import Any

from ..safetext import clean
from .document import Document
from .reading import too_many_values

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
# a tag (!foo, !!binary, !), an anchor (&a) or an alias (*a); "R&D" and " & " are no such thing
_TAG = re.compile(rb"!(?<=[ \n\[\]{},]!)|[&*](?<=[ \n\[\]{},][&*])(?=[^ \r\n,\[\]{}])")
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
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _ALLOWED_BYTES):
        return "a tab or a control character"
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return "a carriage return that is not part of CRLF"
    if not text.isascii() and any(p.search(data) for p in _ODD_UNICODE):
        return "NEL, LS, PS, a BOM or a C1 control character"
    if data[:1] in (b"!", b"&", b"*", b"%") or _TAG.search(data) or _DIRECTIVE.search(data):
        return "a tag, an anchor, an alias or a directive"
    if _FLOW_COLON.search(data):
        return "a colon before a flow indicator"
    if data[:1] in (b"0", b"-", b"+") or any(p.search(data) for p in _ODD_INT):
        return "a number written in an unusual form"
    if too_many_values(text):  # PyYAML's adapter refuses it before parsing
        return "too many values"
    return ""


# --------------------------------------------------------------------------- event lines


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
    found = _EVENTS_KEY.search(text)
    if found is None or _EVENTS_KEY.search(text, found.end()) is not None:
        return None
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
