"""The reference adapter: PyYAML's safe composer -> a plain document that can locate its values.

Only safe loaders are used: the text is *composed* into nodes with `CSafeLoader` (or
`SafeLoader` without libyaml), never constructed; the nodes become plain values here
(document.py), refusing, each at its line and column, tags other than YAML's plain ones,
anchors and aliases, merge keys and other non-plain keys, duplicate keys and deep nesting.
Each node's mark is kept, so that a problem the rules find is located when it is reported.
PyYAML is imported on first use (a start from the parse cache never parses). No Textual here.
"""

from __future__ import annotations

from typing import Any

from ..safetext import clean
from .document import REFUSED, Document
from .problems import MAX_PROBLEMS, Problem, TimelineError, TooMany, short
from .reading import located, too_many_values
from .rules import describe

MAX_DEPTH = 100  # YAML nesting; a timeline needs 5 levels (libyaml itself stops at 1000)

_STR, _INT, _FLOAT, _BOOL, _NULL, _TIME = (
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _TIME, _SEQ, _MAP))
_KEY_TAGS = frozenset((_STR, _INT, _BOOL, _NULL, _FLOAT, _TIME))

yaml: Any = None
_Loader: Any = None
_PureLoader: Any = None


def load_yaml() -> None:
    """Import PyYAML and set `yaml`, `_PureLoader` and `_Loader` (once)."""
    global yaml, _PureLoader, _Loader
    if _Loader is not None:
        return
    import yaml as _yaml

    class PureLoader(_yaml.SafeLoader):
        """PyYAML's pure-Python safe loader, refusing deep nesting before Python's recursion limit."""

        _depth = 0

        def compose_node(self, parent, index):
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    event = self.peek_event()
                    raise _yaml.composer.ComposerError(None, None, f"more than {MAX_DEPTH} levels", event.start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    yaml, _PureLoader = _yaml, PureLoader
    try:  # libyaml is much faster; PyYAML's pure-Python loader gives the same nodes
        _Loader = _yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on the PyYAML build
        _Loader = PureLoader


def compose(text: str, path: str) -> Any:
    """Parse YAML text into a node tree (safe loader only), or raise TimelineError."""
    refused = too_many_values(text)
    if refused:
        raise TimelineError([Problem(path, 0, 0, refused)])
    load_yaml()
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what or (what.startswith("more than ") and what.endswith(" levels")):
            raise TimelineError([Problem(path, line, col, f"YAML nested too deeply ({what}); a timeline needs only a few levels")]) from None
        from .yaml_syntax import syntax_problem

        raise TimelineError([Problem(path, *syntax_problem(exc, text))]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (raw control codes)
        index = exc.position
        if exc.encoding != "unicode":  # libyaml counts bytes of the UTF-8 text; turn that into characters
            index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
        line, col = located(text, index)
        code = exc.character if isinstance(exc.character, int) else -1
        if 0xD800 <= code <= 0xDFFF:
            what = "text is not valid Unicode (a lone surrogate); save the file as UTF-8"
        else:
            kind = "a raw control code" if code < 0x20 or 0x7F <= code < 0xA0 else "a character YAML does not allow"
            what = f"character U+{max(code, 0):04X} is {kind}; remove it, or write it as an escape (\\u{max(code, 0):04x}) in a double-quoted string"
        raise TimelineError([Problem(path, line, col, what)]) from None
    except yaml.YAMLError as exc:
        raise TimelineError([Problem(path, 0, 0, f"YAML error: {str(exc).splitlines()[0]}")]) from None
    except UnicodeEncodeError as exc:  # lone surrogates in text given to loads()
        line, col = located(text, exc.start)
        raise TimelineError([Problem(path, line, col, "text is not valid Unicode (a lone surrogate); save the file as UTF-8")]) from None
    except RecursionError:
        raise TimelineError([Problem(path, 0, 0, "YAML nested too deeply; a timeline needs only a few levels")]) from None


class _Plain:
    """Nodes -> plain values, refusing what a timeline never holds (each refusal located)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.seen: set[int] = set()  # nodes already read: meeting one again means an alias
        self.aliased: set[int] = set()

    def add(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooMany()

    def value(self, node: Any, where: tuple) -> object:
        if node.tag not in _PLAIN_TAGS:
            self.add(node, f"tag {short(node.tag)!r} is not allowed; timelines hold plain text, numbers and dates")
            return REFUSED
        if id(node) in self.seen:
            if id(node) not in self.aliased:  # once per anchor, however often it is used
                self.aliased.add(id(node))
                self.add(node, "anchors and aliases (&name / *name) are not supported; write the value out")
            return REFUSED
        self.seen.add(id(node))
        kind = type(node)
        if kind is yaml.ScalarNode:
            return None if node.tag == _NULL else str(node.value)
        if len(where) >= MAX_DEPTH:
            self.add(node, f"YAML nested too deeply (more than {MAX_DEPTH} levels); a timeline needs only a few levels")
            return REFUSED
        if kind is yaml.SequenceNode:
            return [self.value(item, (*where, n)) for n, item in enumerate(node.value)]
        out: dict[str, object] = {}
        firsts: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag not in _KEY_TAGS:
                self.add(key_node, f"keys in {describe(where)} must be plain words")
                continue
            key = clean(str(key_node.value))
            if key in firsts:
                first = firsts[key].start_mark.line + 1
                self.add(key_node, f"duplicate key {short(key)!r} in {describe(where)} (first on line {first}); keep one")
                continue
            firsts[key] = key_node
            out[key] = self.value(value_node, (*where, key))
        return out


def _locator(root: Any):
    def locate(where: tuple, at_key: bool = False) -> tuple[int, int]:
        node = root
        if node is None:
            return 1, 1
        for n, step in enumerate(where):
            if type(node) is yaml.MappingNode:
                for key_node, value_node in node.value:
                    if type(key_node) is yaml.ScalarNode and clean(str(key_node.value)) == step:
                        if at_key and n == len(where) - 1:
                            node = key_node
                        else:
                            node = value_node
                        break
                else:
                    break
            elif type(node) is yaml.SequenceNode and type(step) is int and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.start_mark.line + 1, node.start_mark.column + 1

    return locate


def document(text: str, path: str) -> Document:
    """The plain document of `text`, located (raises TimelineError when it cannot be parsed)."""
    root = compose(text, path)
    plain = _Plain(path)
    data: object = None
    lines: list[int] = []
    if root is not None:
        try:
            data = plain.value(root, ())
        except TooMany:
            raise TimelineError(plain.problems) from None
        if type(root) is yaml.MappingNode:
            for key_node, value_node in root.value:
                if type(key_node) is yaml.ScalarNode and key_node.value == "events" and type(value_node) is yaml.SequenceNode:
                    lines = [item.start_mark.line + 1 for item in value_node.value]
                    break
    return Document(data, lines, _locator(root), plain.problems)
