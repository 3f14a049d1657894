"""The timeline file: reading it, the rules of the format (written once), and one thin adapter
per YAML parser. No Textual here.

    read_text(path)          the file's text, with the caps that come before parsing
    loads(text, path)        PyYAML (the reference): a Timeline, or TimelineError with every problem
                             at file:line:col; a path ending in .json is read by the JSON adapter
    loads_fast(text, path)   yaml-rs (optional): the same Timeline, or None when PyYAML must read it
    loads_fast_bytes(data, path)   the same from the file's bytes, the events parsed a piece at a time
    load(path)               read_text + loads

Both adapters turn their parser's output into the same plain document (document.py); the
rules (rules.py) check it and build the model. A problem's line and column are looked up in
PyYAML's nodes only when it is reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..model import Timeline
from .problems import MAX_PROBLEMS, Problem, TimelineError
from .reading import MAX_FILE_BYTES, read_bytes, read_text

Progress = Callable[[str], None]

__all__ = [
    "MAX_FILE_BYTES", "MAX_PROBLEMS", "Problem", "TimelineError", "builtin_path", "fast_available",
    "load", "loads", "loads_fast", "loads_fast_bytes", "read_bytes", "read_text",
]


def is_json(path: str) -> bool:
    """A `.json` file is read as JSON (the JSON export, or the YAML file's shape in JSON)."""
    return str(path).lower().endswith(".json")


def loads(text: str, path: str = "<string>", progress: Progress | None = None) -> Timeline:
    """Build a Timeline from YAML text with PyYAML, or from JSON text when `path` ends in .json
    (raises TimelineError, located)."""
    from . import rules  # not at start-up: a start from the parse cache never parses

    if is_json(path):
        from . import json_reader

        return rules.build(json_reader.document(text, path), path, progress)
    from . import pyyaml_reader

    document = pyyaml_reader.document(text, path)
    return rules.build(document, path, progress)


def loads_fast(text: str, path: str, progress: Progress | None = None) -> Timeline | None:
    """The timeline in `text` read with yaml-rs, or None when PyYAML must read it (not
    installed, a text the two parsers could read differently, or any problem at all)."""
    from . import rules, yamlrs_reader

    if is_json(path):
        return None  # JSON has its own adapter, and the C decoder is fast already
    document = yamlrs_reader.document(text)
    if document is None:
        return None
    try:
        timeline, _ = rules.check(document, progress, path)
    except rules.Undecided:
        return None
    return timeline


def loads_fast_bytes(data: bytes, path: str, progress: Progress | None = None, messages=None) -> Timeline | None:
    """The timeline in a file's UTF-8 `data` (after its BOM, if any) read with yaml-rs, or None
    when PyYAML must read it (see loads_fast). The events' block is parsed a piece at a time (yamlrs_reader.pieces), by
    `messages` when given (the same messages, from another process), so that only one piece's
    plain values are held at once; when the file cannot be cut with certainty it is read whole."""
    from . import rules, yamlrs_reader
    from .reading import decode

    if is_json(path) or not yamlrs_reader.available() or data.startswith(b"\xef\xbb\xbf"):
        return None  # a BOM: the caller gives the bytes after it
    try:
        try:
            document = yamlrs_reader.document_in_pieces(messages if messages is not None else yamlrs_reader.pieces(data))
            timeline, _ = rules.check(document, progress, path)
            return timeline
        except yamlrs_reader.SplitDeclined:
            pass
        if progress:
            progress("parsing it whole")
        try:
            text = decode(data, path)
        except TimelineError:
            return None
        whole = yamlrs_reader.document(text)
        if whole is None:
            return None
        del text
        timeline, _ = rules.check(whole, progress, path)
        return timeline
    except rules.Undecided:
        return None


def fast_available() -> bool:
    from . import yamlrs_reader

    return yamlrs_reader.available()


def load(path: str | os.PathLike[str], progress: Progress | None = None) -> Timeline:
    """Load a timeline file with PyYAML. Raises TimelineError (never anything else for bad input)."""
    display = os.fspath(path)
    text = read_text(display)
    if progress:
        progress("parsing")
    return loads(text, display, progress)


def builtin_path() -> str:
    """The timeline shipped with the package (inside the wheel), or the repository's copy."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(here, "data", "timeline.yaml")
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "timeline.yaml")
