"""The JSON adapter: a timeline in JSON (the JSON export, or a JSON file in the YAML file's
shape) as the plain document the rules read, so the same rules check it. No Textual here.

    read(text, path) -> Parsed(data, problems, locate, event_lines)
    document(text, path) -> Document

- `data` has the YAML file's shape: `actors` and `places` as mappings from id to entry (the
  export writes lists of entries with their `id`), events without the keys the export derives
  (`precision`, `approximate`, `first_day`, `last_day`), and no null where the YAML would have
  left the key out. Keys are cleaned like every string from a file.
- `problems`: JSON syntax errors (at their line and column), duplicate keys, a `format` that
  is not ours. Located, as `path:line:col`.
- `locate(path, at_key)` finds the line and column of a value (or of its key) in the JSON text,
  given its path in `data` (("events", 3, "date"), ("actors", "hts", "name")). It walks the
  text only when a problem is reported, skipping every value it does not need with the C
  decoder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable

from ..safetext import clean
from .document import Document
from .problems import Problem, TimelineError
from .reading import too_many_values

FORMAT = "syria-timeline"
DERIVED_EVENT_KEYS = ("precision", "approximate", "first_day", "last_day")
REGISTRIES = ("actors", "places")
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass
class Parsed:
    data: object
    problems: list[Problem] = field(default_factory=list)
    locate: Callable[[tuple, bool], tuple[int, int]] | None = None
    event_lines: list[int] = field(default_factory=list)  # 1-based line of each item of `events`


_YAML_START = re.compile(r"(#.*\n\s*)*[\w-]+:(\s|$)")  # a YAML mapping's first key (after comments)


class _Duplicate(Exception):
    pass


def read(text: str, path: str) -> Parsed:
    """Parse JSON timeline text; never raises for bad input (problems are returned, located)."""
    refused = too_many_values(text)  # the same cap as YAML's, before anything is built
    if refused:
        return Parsed(None, [Problem(path, 0, 0, refused.replace("YAML values", "values"))])
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for key, value in items:
            key = clean(key)
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        # a number with a fraction or an exponent is kept as written, as the YAML readers keep
        # it: a field that takes a whole number then says so (2.0, 1e999), one that takes
        # any number reads it, and one that takes text has it as written
        raw = json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constant, parse_float=str)
    except json.JSONDecodeError as exc:
        if not text.strip():
            return Parsed(None, [Problem(path, 1, 1, "not valid JSON: the file is empty; a JSON timeline is an object with 'version' and 'events'")])
        if exc.pos == len(text) - len(text.lstrip()) and _YAML_START.match(text.lstrip()):
            return Parsed(None, [Problem(path, exc.lineno, exc.colno, "not valid JSON: this is YAML (key: value lines); name the file .yaml")])
        if text[exc.pos : exc.pos + 1] in ("}", "]") and text[: exc.pos].rstrip().endswith(","):
            return Parsed(None, [Problem(path, exc.lineno, exc.colno, f"not valid JSON: a comma before this {text[exc.pos]}; remove it (JSON allows none there)")])
        return Parsed(None, [Problem(path, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")])
    except ValueError as exc:  # NaN / Infinity, or a number Python will not convert
        if "digits" in str(exc):  # Python's own limit on the digits of a whole number
            return Parsed(None, [Problem(path, 0, 0, "not valid JSON for a timeline: a whole number of more than 4,300 digits; no field takes one")])
        return Parsed(None, [Problem(path, 0, 0, f"not valid JSON: {exc}")])
    except RecursionError:
        return Parsed(None, [Problem(path, 0, 0, "the JSON is nested too deeply; a timeline needs a few levels")])
    walker = _Locator(text)
    problems: list[Problem] = []
    for key in dict.fromkeys(duplicates):
        line, col = walker.first_duplicate(key)
        problems.append(Problem(path, line, col, f"duplicate key {key[:60]!r}; each key may appear once"))
    if not isinstance(raw, dict):
        problems.append(Problem(path, 1, 1, "a timeline is a JSON object with 'version' and 'events'"))
        return Parsed(None, problems)
    if "format" in raw and raw["format"] != FORMAT:
        line, col = walker.at(("format",), False)
        problems.append(Problem(path, line, col, f"format {str(raw['format'])[:40]!r} is not {FORMAT!r}: not a syria-timeline file"))
    data, back = _reshape(raw)

    def locate(where: tuple, at_key: bool = False) -> tuple[int, int]:
        return walker.at(back(where), at_key)

    return Parsed(data, problems, locate, walker.item_lines(("events",)))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


# --------------------------------------------------------------------------- the YAML file's shape


def _reshape(raw: dict) -> tuple[dict, Callable[[tuple], tuple]]:
    """The export's shape → the YAML file's; and a function from a path in the result back to
    the path in the JSON text."""
    data: dict = {}
    registry_index: dict[tuple[str, str], int] = {}
    for key, value in raw.items():
        if key == "format":
            continue
        if key in REGISTRIES and isinstance(value, list):
            mapping: dict = {}
            for i, entry in enumerate(value):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in mapping:
                    mapping[entry["id"]] = _registry_entry(entry)
                    registry_index[(key, entry["id"])] = i
                else:  # the rules say what is wrong with it, at its place in the list
                    mapping[f"#{i}"] = entry
                    registry_index[(key, f"#{i}")] = i
            data[key] = mapping
        elif key == "events" and isinstance(value, list):
            data[key] = [_event(item) for item in value]
        elif key == "eras" and isinstance(value, list):
            data[key] = [_drop_nulls(era) if isinstance(era, dict) else era for era in value]
        elif key == "description" and value == "":
            continue
        else:
            data[key] = value

    def back(where: tuple) -> tuple:
        if len(where) >= 2 and where[0] in REGISTRIES and (where[0], where[1]) in registry_index:
            return (where[0], registry_index[(where[0], where[1])], *where[2:])
        return where

    return data, back


def _known(keys: tuple[str, ...], key: str) -> bool:
    """Keys the export writes that these rules may not read yet (format-spec's optional fields)
    are left out when empty, or when the rules do not know them (the export derived them)."""
    return key in keys


def _registry_entry(entry: dict) -> dict:
    from .rules import ACTOR_KEYS

    out = _drop_nulls({k: v for k, v in entry.items() if k != "id"})
    if "names" in out and (out["names"] == [] or not _known(ACTOR_KEYS, "names")):
        del out["names"]
    elif isinstance(out.get("names"), list):
        out["names"] = [_drop_nulls(name) if isinstance(name, dict) else name for name in out["names"]]
    return out


def _event(item: object) -> object:
    if not isinstance(item, dict):
        return item
    out = {k: v for k, v in item.items() if k not in DERIVED_EVENT_KEYS}
    from .rules import EVENT_KEYS

    out = _drop_nulls(out)
    for key in ("roles", "era"):  # the export always writes them: roles {} and the primary era
        if key in out and (out[key] in ({}, "") or not _known(EVENT_KEYS, key)):
            del out[key]
    for key in ("claims", "sources"):
        if isinstance(out.get(key), list):
            out[key] = [_drop_nulls(entry) if isinstance(entry, dict) else entry for entry in out[key]]
    if isinstance(out.get("casualties"), dict):
        out["casualties"] = _drop_nulls(out["casualties"])
    return out


def _drop_nulls(entry: dict) -> dict:
    """Keys the export writes as null (or an empty optional text) are left out, as in YAML."""
    return {k: v for k, v in entry.items() if v is not None}


# --------------------------------------------------------------------------- locations


class _Locator:
    """Line and column of a value in the JSON text, found by walking only the path to it."""

    def __init__(self, text: str):
        self.text = text

    def _position(self, index: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, index) + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def _skip_space(self, index: int) -> int:
        found = _SPACE.match(self.text, index)
        return found.end() if found else index

    def _skip_value(self, index: int) -> int:
        _, end = _DECODER.raw_decode(self.text, index)
        return end

    def at(self, where: tuple, at_key: bool = False) -> tuple[int, int]:
        """(line, col) of the value at `where` (of its key when `at_key`); as near as the text
        allows when the path is not there (the innermost value found)."""
        try:
            index = self._skip_space(0)
            found = index
            for step_number, step in enumerate(where):
                last = step_number == len(where) - 1
                index = self._skip_space(index)
                opener = self.text[index:index + 1]
                if opener == "{" and isinstance(step, str):
                    located = self._member(index, step)
                    if located is None:
                        return self._position(found)
                    key_index, index = located
                    if last and at_key:
                        return self._position(key_index)
                elif opener == "[" and isinstance(step, int):
                    located_item = self._item(index, step)
                    if located_item is None:
                        return self._position(found)
                    index = located_item
                else:
                    return self._position(found)
                found = index
            return self._position(self._skip_space(index))
        except (ValueError, IndexError):
            return (0, 0)

    def item_lines(self, where: tuple) -> list[int]:
        """The line of each item of the list at `where`, in one walk."""
        try:
            index = self._skip_space(0)
            for step in where:
                located = self._member(index, step) if isinstance(step, str) and self.text[index] == "{" else None
                if located is None:
                    return []
                index = self._skip_space(located[1])
            if self.text[index] != "[":
                return []
            lines, line, counted = [], 1, 0
            index = self._skip_space(index + 1)
            while self.text[index] != "]":
                line += self.text.count("\n", counted, index)
                counted = index
                lines.append(line)
                index = self._skip_space(self._skip_value(index))
                if self.text[index] == ",":
                    index = self._skip_space(index + 1)
            return lines
        except (ValueError, IndexError):
            return []

    def _member(self, index: int, wanted: str) -> tuple[int, int] | None:
        """(index of the key, index of the value) of member `wanted` of the object at `index`."""
        index = self._skip_space(index + 1)
        while self.text[index] != "}":
            key_index = index
            key, index = _DECODER.raw_decode(self.text, index)
            index = self._skip_space(index)
            index = self._skip_space(index + 1)  # the colon
            if clean(key) == wanted:
                return key_index, index
            index = self._skip_space(self._skip_value(index))
            if self.text[index] == ",":
                index = self._skip_space(index + 1)
        return None

    def _item(self, index: int, wanted: int) -> int | None:
        index = self._skip_space(index + 1)
        number = 0
        while self.text[index] != "]":
            if number == wanted:
                return index
            index = self._skip_space(self._skip_value(index))
            if self.text[index] == ",":
                index = self._skip_space(index + 1)
            number += 1
        return None

    def first_duplicate(self, wanted: str) -> tuple[int, int]:
        """Where key `wanted` appears a second time in one object (a slow full walk; rare)."""
        frames: list[list] = []  # [seen keys, expecting a key] for an object, [] for an array
        for match in _TOKEN.finditer(self.text):
            value = match.group()
            if value == "{":
                frames.append([set(), True])
            elif value == "[":
                frames.append([])
            elif value in "}]" and frames:
                frames.pop()
            elif frames and frames[-1]:
                frame = frames[-1]
                if value == ":":
                    frame[1] = False
                elif value == ",":
                    frame[1] = True
                elif value.startswith('"') and frame[1]:
                    key = clean(json.loads(value))
                    if key == wanted and key in frame[0]:
                        return self._position(match.start())
                    frame[0].add(key)
        return (0, 0)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def document(text: str, path: str) -> Document:
    """The plain document of JSON `text`, located. Raises TimelineError when it is not a JSON
    object; its other problems (duplicate keys, a foreign format) are reported with the rules'
    own by `rules.build`."""
    parsed = read(text, path)
    if parsed.data is None and parsed.problems:  # not JSON, or not an object: nothing for the rules
        raise TimelineError(parsed.problems)
    return Document(parsed.data, parsed.event_lines, parsed.locate or _nowhere, parsed.problems)


def _nowhere(where: tuple, at_key: bool = False) -> tuple[int, int]:
    """Where a problem is when the text could not be walked: line 0, column 0."""
    return (0, 0)
